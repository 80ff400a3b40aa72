/** Issue 32: the people who have signed in, by unit and group (a unit's 承办人 are picked from them). */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('people')
    .addColumn('person', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('unit', 'text')
    .addColumn('grp', 'text')
    .addColumn('last_signed_in_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('people_unit').on('people').columns(['role', 'unit']).execute();
}
