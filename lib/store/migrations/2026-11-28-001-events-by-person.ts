/** The workbench's 已办: what one person did, newest first (`CaseStore.eventsBy`). */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index case_events_by_person on case_events ((event->'by'->>'id'), at desc)`.execute(db);
}
