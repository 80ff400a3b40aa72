/**
 * The first tables: the cases with their events, findings (Art. 9, 14), deadlines and transfers (Art. 16 (2)); the
 * bulletin (Art. 16 (3)), the rounds' reports, the rounds and the plans.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cases')
    .addColumn('case_id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('unit_name', 'text', (c) => c.notNull())
    .addColumn('round_id', 'text')
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('closed', 'boolean', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('viewers', sql`text[]`, (c) => c.notNull())
    .addColumn('awaiting', sql`text[]`, (c) => c.notNull())
    .addColumn('overdue', 'boolean', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz')
    .addColumn('commended', 'boolean', (c) => c.notNull())
    .addColumn('record', 'jsonb', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cases_kind_stage').on('cases').columns(['kind', 'stage']).execute();
  await db.schema.createIndex('cases_unit').on('cases').column('unit_code').execute();
  await db.schema.createIndex('cases_year').on('cases').column('year').execute();
  await db.schema.createIndex('cases_started').on('cases').columns(['started_at desc', 'case_id']).execute();
  await db.schema.createIndex('cases_round').on('cases').column('round_id').execute();
  await db.schema.createIndex('cases_viewers').on('cases').using('gin').column('viewers').execute();
  await db.schema.createIndex('cases_awaiting').on('cases').using('gin').column('awaiting').execute();

  await db.schema
    .createTable('case_events')
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('section', 'text', (c) => c.notNull())
    .addColumn('event', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_events_pk', ['case_id', 'seq'])
    .execute();

  await db.schema
    .createTable('case_findings')
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('id', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('key_item', 'integer', (c) => c.notNull())
    .addColumn('third_party', 'boolean', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_findings_pk', ['case_id', 'id'])
    .execute();
  await db.schema.createIndex('case_findings_year').on('case_findings').columns(['year', 'kind']).execute();

  await db.schema
    .createTable('case_deadlines')
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('party', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('late', 'boolean')
    .addColumn('escalations', 'integer', (c) => c.notNull())
    .addColumn('extensions', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_deadlines_pk', ['case_id', 'key'])
    .execute();
  await db.schema.createIndex('case_deadlines_kind').on('case_deadlines').columns(['kind', 'status']).execute();
  await db.schema.createIndex('case_deadlines_party').on('case_deadlines').column('party').execute();

  await db.schema
    .createTable('case_transfers')
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('id', 'integer', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('party', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('acknowledged_at', 'timestamptz')
    .addPrimaryKeyConstraint('case_transfers_pk', ['case_id', 'id'])
    .execute();
  await db.schema.createIndex('case_transfers_year').on('case_transfers').columns(['year', 'party']).execute();

  await db.schema
    .createTable('bulletin')
    .addColumn('case_id', 'text', (c) => c.primaryKey())
    .addColumn('unit_name', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('reports')
    .addColumn('round_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('reports_pk', ['round_id', 'kind'])
    .execute();

  await db.schema
    .createTable('rounds')
    .addColumn('workflow_id', 'text', (c) => c.primaryKey())
    .addColumn('round_id', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rounds_year').on('rounds').column('year').execute();

  await db.schema
    .createTable('plans')
    .addColumn('plan_id', 'text', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('record', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
}
