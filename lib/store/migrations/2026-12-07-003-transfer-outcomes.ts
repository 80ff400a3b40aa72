/**
 * Issue 36 item 3: what the discipline bodies and the procuratorate report back on a transfer (docs/transfer-outcomes.md).
 * One row a report: each report of a transfer's outcome is a new version, the latest is current. Written by the API,
 * not by a case: an outcome may come long after the case closed, and it orchestrates nothing.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('transfer_outcomes')
    // The patrol, or the public report forwarded (its one forwarding is transfer 1).
    .addColumn('case_id', sql`text collate "C"`, (c) => c.notNull())
    .addColumn('transfer_id', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('case_kind', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    // The case's unit, and the receiving body (its key in transferRecipients and its unit code).
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('unit_name', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('recipient_unit', 'text', (c) => c.notNull())
    // `preliminary-check` 初核, `case-filed` 立案, `concluded` 了结.
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('disciplined', 'integer', (c) => c.notNull())
    .addColumn('held_accountable', 'integer', (c) => c.notNull())
    // 移送司法机关 (null: not reported).
    .addColumn('prosecuted', 'integer')
    .addColumn('note', 'text')
    .addColumn('reported_at', 'timestamptz', (c) => c.notNull())
    .addColumn('reported_by', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('transfer_outcomes_pk', ['case_id', 'transfer_id', 'version'])
    .execute();
  await db.schema
    .createIndex('transfer_outcomes_year')
    .on('transfer_outcomes')
    .columns(['year', 'recipient_unit'])
    .execute();
}
