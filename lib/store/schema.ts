/**
 * The case store's tables, as Kysely sees them, and the versioned migrations that create them (run at every start;
 * each runs once, in order, recorded in `kysely_migration`). Add a migration; never edit one that has shipped.
 */
import type { ColumnType, Generated, Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { RecordKind } from '../../workflows/domain';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface CasesTable {
  case_id: string;
  kind: RecordKind;
  year: number;
  unit_code: string;
  unit_name: string;
  round_id: string | null;
  stage: string;
  closed: boolean;
  /** The record's revision: a write of an older one changes nothing (retries, replays). */
  revision: number;
  /** `CaseViewers` and `CaseAwaiting`, the party tags (docs/need-to-know.md). */
  viewers: string[];
  awaiting: string[];
  overdue: boolean;
  due_at: Timestamp | null;
  /** Art. 11 (1): the unit was publicly commended (通报表扬). */
  commended: boolean;
  /** The whole record; the API projects it for each reader. */
  record: Json;
  started_at: Timestamp;
  updated_at: Timestamp;
}

export interface CaseEventsTable {
  case_id: string;
  /** The event's place in the case's record: events are only ever appended. */
  seq: number;
  at: Timestamp;
  action: string;
  section: string;
  event: Json;
}

export interface CaseFindingsTable {
  case_id: string;
  id: number;
  kind: string;
  year: number;
  unit_code: string;
  key_item: number;
  third_party: boolean;
  at: Timestamp;
}

export interface CaseDeadlinesTable {
  case_id: string;
  key: string;
  kind: string;
  party: string;
  status: string;
  due_at: Timestamp;
  submitted_at: Timestamp | null;
  late: boolean | null;
  escalations: number;
  extensions: number;
}

/** Art. 16 (2): violations transferred to discipline inspection or the procuratorate. */
export interface CaseTransfersTable {
  case_id: string;
  id: number;
  year: number;
  unit_code: string;
  /** `discipline-inspection` or `procuratorate`. */
  recipient: string;
  /** The receiving body's party tag (`unit:discipline-commission`), for its own statistics. */
  party: string;
  at: Timestamp;
  acknowledged_at: Timestamp | null;
}

export interface BulletinTable {
  case_id: string;
  unit_name: string;
  title: string;
  text: string;
  published_at: Timestamp;
}

export interface ReportsTable {
  round_id: string;
  kind: string;
  title: string;
  text: string;
  at: Timestamp;
}

export interface RoundsTable {
  workflow_id: string;
  round_id: string;
  year: number;
  status: string;
  progress: Json;
  updated_at: Timestamp;
}

export interface PlansTable {
  plan_id: string;
  year: number;
  stage: string;
  revision: number;
  record: Json;
  updated_at: Timestamp;
}

/**
 * A yearly report up the chain outside the rounds (the patrols' rectification of a year, Art. 16 (3)): its workflow's
 * own state (drafted, signed, sent, published), as it last saved itself; the texts are in `reports`.
 */
export interface YearlyReportsTable {
  report_id: string;
  year: number;
  status: string;
  state: Json;
  updated_at: Timestamp;
}

/** Document numbers (发文字号) given: one sequence per series and year; a document keeps the number it was given. */
export interface DocumentNumbersTable {
  owner: string;
  key: string;
  series: string;
  year: number;
  seq: number;
  number: string;
  at: Timestamp;
  /** SHA-256 of the document's content when it was numbered (issued): what was issued, on record. */
  sha256: string | null;
}

/**
 * Files and long texts (claim check): a public report's account, attachments of reports, assessments and cases. A
 * workflow keeps only the id and the SHA-256; who may read a document follows from its owner and section.
 */
export interface DocumentsTable {
  id: string;
  /** The report, assessment or case it belongs to. */
  owner: string;
  /** The section of the owner's record it belongs to (need to know). */
  section: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  bytes: Buffer;
  created_at: Timestamp;
  /** The party tag of who stored it (`public` for a public report). */
  created_by: string;
}

/** A reporter's or objector's name and contact, sealed with the store's key (lib/store/sealing.ts). */
export interface ReportersTable {
  report_id: string;
  sealed: Buffer;
  created_at: Timestamp;
}

/** Art. 5: third-party assessments (第三方评估), which findings may cite. */
export interface AssessmentsTable {
  id: string;
  year: number;
  assessor: string;
  unit_codes: string[];
  summary: string;
  created_by: Json;
  created_at: Timestamp;
}

/**
 * A signed-in person's session of the workbench (api/workbench/session/sessions.ts). The browser's cookie holds a random id;
 * this row holds only its SHA-256, and the person's token sealed (erased when the session ends).
 */
export interface WorkbenchSessionsTable {
  id_hash: string;
  /** The session's handle in its person's list (to end it from there); never the id. */
  ref: string;
  /** Whose it is: the token's `sub`, the id the API records as who acted. */
  person: string;
  /** The token and the CSRF secret, sealed with a key from `SESSION_SECRET`; null once the session has ended. */
  sealed: Buffer | null;
  client_address: string;
  user_agent: string;
  started_at: Timestamp;
  last_seen_at: Timestamp;
  /** The absolute end: `SESSION_MAX_HOURS` after sign-in, or the token's `exp` if that comes first. */
  expires_at: Timestamp;
  ended_at: Timestamp | null;
  /** `signed-out`, `signed-out-everywhere`, `ended-by-person`, `timed-out`, `token-refused`. */
  ended_why: string | null;
}

export interface StoreDatabase {
  documents: DocumentsTable;
  reporters: ReportersTable;
  assessments: AssessmentsTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  case_findings: CaseFindingsTable;
  case_deadlines: CaseDeadlinesTable;
  case_transfers: CaseTransfersTable;
  bulletin: BulletinTable;
  reports: ReportsTable;
  rounds: RoundsTable;
  plans: PlansTable;
  yearly_reports: YearlyReportsTable;
  document_numbers: DocumentNumbersTable;
  workbench_sessions: WorkbenchSessionsTable;
  // Kysely's own bookkeeping, not ours.
  kysely_migration: { name: string; timestamp: Generated<string> };
}

/** The migrations, in order. */
export const migrations: Record<string, Migration> = {
  '2026-11-27-001-cases': {
    async up(db: Kysely<unknown>) {
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
    },
  },
  '2026-11-27-002-documents': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('documents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('section', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('bytes', 'bytea', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('documents_owner').on('documents').columns(['owner', 'section']).execute();
      await db.schema
        .createTable('reporters')
        .addColumn('report_id', 'text', (c) => c.primaryKey())
        .addColumn('sealed', 'bytea', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('assessments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('assessor', 'text', (c) => c.notNull())
        .addColumn('unit_codes', sql`text[]`, (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('created_by', 'jsonb', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('assessments_year').on('assessments').column('year').execute();
    },
  },
  '2026-11-27-003-yearly-reports': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('yearly_reports')
        .addColumn('report_id', 'text', (c) => c.primaryKey())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('state', 'jsonb', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .execute();
    },
  },
  '2026-11-27-004-document-numbers': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('document_numbers')
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('series', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('number', 'text', (c) => c.notNull())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('document_numbers_pk', ['owner', 'key'])
        .addUniqueConstraint('document_numbers_seq', ['series', 'year', 'seq'])
        .execute();
    },
  },
  '2026-11-27-005-document-hashes': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('document_numbers').addColumn('sha256', 'text').execute();
    },
  },
  // The workbench's 已办: what one person did, newest first (`CaseStore.eventsBy`).
  '2026-11-28-001-events-by-person': {
    async up(db: Kysely<unknown>) {
      await sql`create index case_events_by_person on case_events ((event->'by'->>'id'), at desc)`.execute(db);
    },
  },
  // Issue 30: the workbench's sessions, kept server side (one row per sign-in).
  '2026-12-06-001-workbench-sessions': {
    async up(db: Kysely<unknown>) {
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
    },
  },
};
