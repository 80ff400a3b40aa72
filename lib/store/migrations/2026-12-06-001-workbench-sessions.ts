/** Issue 30: the workbench's sessions, kept server side (one row per sign-in). */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('workbench_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('ref', 'text', (c) => c.notNull().unique())
    .addColumn('person', 'text', (c) => c.notNull())
    .addColumn('sealed', 'bytea')
    .addColumn('client_address', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ended_at', 'timestamptz')
    .addColumn('ended_why', 'text')
    .execute();
  await db.schema.createIndex('workbench_sessions_person').on('workbench_sessions').column('person').execute();
  await db.schema.createIndex('workbench_sessions_expires').on('workbench_sessions').column('expires_at').execute();
}
