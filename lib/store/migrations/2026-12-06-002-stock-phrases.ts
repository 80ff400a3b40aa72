/** Issue 32 item 8: each person's stock phrases (常用语) for opinion fields, in their order. */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('stock_phrases')
    .addColumn('person', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('stock_phrases_pk', ['person', 'position'])
    .addUniqueConstraint('stock_phrases_text', ['person', 'text'])
    // The store's own bounds (lib/store/phrases.ts checks them first): one line of at most 200 characters, 50 a person.
    .addCheckConstraint('stock_phrases_text_length', sql`char_length(text) between 1 and 200`)
    .addCheckConstraint('stock_phrases_position', sql`position >= 0 and position < 50`)
    .execute();
}
