/** What was issued, on record: the SHA-256 of a document's content when it was numbered. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('document_numbers').addColumn('sha256', 'text').execute();
}
