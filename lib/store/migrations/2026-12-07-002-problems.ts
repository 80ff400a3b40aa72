/**
 * Issue 35: the rectification ledger's index (问题整改台账; docs/ledger.md). One row a problem, written with its record
 * (lib/store/problems.ts): what the ledger lists, filters, exports and counts, in SQL. The record itself is in `cases`.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('problems')
    .addColumn('problem_id', 'text', (c) => c.primaryKey())
    .addColumn('source_kind', 'text', (c) => c.notNull())
    // Bytewise order (the ledger's order and cursor), the same on every server whatever its locale.
    .addColumn('source_case', sql`text collate "C"`, (c) => c.notNull())
    .addColumn('requirement_no', 'integer', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('article', 'text', (c) => c.notNull())
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('unit_name', 'text', (c) => c.notNull())
    .addColumn('unit_kind', 'text', (c) => c.notNull())
    // The county's city, the city itself; null for a provincial department.
    .addColumn('city_code', 'text')
    .addColumn('term_kind', 'text', (c) => c.notNull())
    // 限期整改: the date the requirement set (YYYY-MM-DD); 长期坚持: a progress report every so many months.
    .addColumn('term_due_date', 'text')
    .addColumn('term_every_months', 'integer')
    // The end of the open term; null while none runs (awaiting review, struck off).
    .addColumn('due_at', 'timestamptz')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('closed', 'boolean', (c) => c.notNull())
    .addColumn('struck_off_at', 'timestamptz')
    .addColumn('reopened', 'integer', (c) => c.notNull())
    .addColumn('recovered_yuan', sql`numeric(18, 2)`, (c) => c.notNull())
    .addColumn('held_accountable', 'integer', (c) => c.notNull())
    .addColumn('rules_made', 'integer', (c) => c.notNull())
    .addColumn('other_figures', 'jsonb', (c) => c.notNull())
    .addColumn('requirement', 'text', (c) => c.notNull())
    .addColumn('responsible_person', 'text')
    .addColumn('responsible_post', 'text')
    .addColumn('last_progress', 'text')
    .addColumn('last_progress_at', 'timestamptz')
    .addColumn('transferred_to', sql`text[]`, (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  // The ledger's order and cursor: a year's problems, newest year first, by source case and requirement.
  await db.schema
    .createIndex('problems_order')
    .on('problems')
    .columns(['year desc', 'source_case', 'requirement_no'])
    .execute();
  await db.schema.createIndex('problems_unit').on('problems').columns(['unit_code', 'state']).execute();
  await db.schema.createIndex('problems_city').on('problems').columns(['city_code', 'state']).execute();
  await db.schema.createIndex('problems_state_due').on('problems').columns(['state', 'due_at']).execute();
  await db.schema.createIndex('problems_source').on('problems').column('source_case').execute();
  await db.schema.createIndex('problems_struck_off').on('problems').column('struck_off_at').execute();
  await db.schema.createIndex('problems_transferred').on('problems').using('gin').column('transferred_to').execute();
}
