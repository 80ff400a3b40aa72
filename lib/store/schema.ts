/**
 * The case store's tables, as Kysely sees them (the queries are checked against them). The migrations that create them
 * are in migrations/, one file each: a table changed here needs a migration there.
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface CasesTable {
  case_id: string;
  kind: string;
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

/** Issue 32 item 8: a notice (待阅) a person has marked read (已阅), once. */
export interface ReadingsTable {
  /** The token's `sub`. */
  person: string;
  notification_id: string;
  case_id: string;
  read_at: Timestamp;
}

/** The people who have signed in (people.ts). */
export interface PeopleTable {
  person: string;
  name: string;
  role: string;
  unit: string | null;
  grp: string | null;
  last_signed_in_at: Timestamp;
}

/** Issue 32 item 8: a person's stock phrases (常用语) for opinion fields, in their order (lib/store/phrases.ts). */
export interface StockPhrasesTable {
  /** Whose they are: the token's `sub`. */
  person: string;
  /** The phrase's place in the person's list, from 0. */
  position: number;
  /** One line, at most 200 characters. */
  text: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Issue 33: one entry of the audit trail (lib/store/audit.ts, lib/audit/chain.ts); never changed once written. */
export interface AuditEntriesTable {
  /** `<day>/<writer>`: one writer's entries of one day (UTC). */
  chain: string;
  seq: number;
  at: Timestamp;
  person: string;
  role: string;
  unit: string | null;
  grp: string | null;
  access: string;
  resource: string | null;
  section: string | null;
  outcome: string;
  status: number | null;
  client_address: string;
  request_id: string;
  prev_hash: string;
  hash: string;
}

/** Issue 33: what a prune of the audit trail removed (the chains and the last hash of each). */
export interface AuditPrunesTable {
  id: Generated<number>;
  at: ColumnType<Date, string | undefined, never>;
  before: Timestamp;
  chains: Json<Array<{ chain: string; seq: number; hash: string }>>;
  entries: number;
  by: string;
}

/**
 * Issue 35: one problem of the rectification ledger (问题整改台账), written with its record (problems.ts); the ledger's
 * lists, exports and statistics are SQL over it.
 */
export interface ProblemsTable {
  problem_id: string;
  /** `patrol`, `supervision`, `follow-up`, `public-report`. */
  source_kind: string;
  source_case: string;
  requirement_no: number;
  year: number;
  /** As officials cite it (`第十六条第（二）项`). */
  article: string;
  unit_code: string;
  unit_name: string;
  unit_kind: string;
  /** The county's city, the city itself; null for a provincial department. */
  city_code: string | null;
  /** `immediate`, `dated`, `long-term`. */
  term_kind: string;
  term_due_date: string | null;
  term_every_months: number | null;
  /** The end of the open term (null while none runs). */
  due_at: Timestamp | null;
  /** The stage: `rectifying`, `awaiting-review`, `struck-off`. */
  state: string;
  closed: boolean;
  struck_off_at: Timestamp | null;
  /** How often it was reopened (反弹). */
  reopened: number;
  /** numeric(18, 2): PostgreSQL answers it as text. */
  recovered_yuan: ColumnType<string, number | string, number | string>;
  held_accountable: number;
  rules_made: number;
  other_figures: Json<Array<{ label: string; value: number; unit?: string }>>;
  requirement: string;
  responsible_person: string | null;
  responsible_post: string | null;
  last_progress: string | null;
  last_progress_at: Timestamp | null;
  /** Discipline bodies (unit codes) the source case transferred a violation to. */
  transferred_to: string[];
  revision: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/**
 * Issue 36 item 3: one report of what a discipline body or the procuratorate did with a transfer (transfer-outcomes.ts);
 * each report is a new version, the latest is current.
 */
export interface TransferOutcomesTable {
  case_id: string;
  /** The patrol's transfer; 1 for a public report's forwarding. */
  transfer_id: number;
  version: number;
  /** `patrol` or `public-report`. */
  case_kind: string;
  year: number;
  unit_code: string;
  unit_name: string;
  /** `discipline-inspection` or `procuratorate`. */
  recipient: string;
  recipient_unit: string;
  /** `preliminary-check`, `case-filed`, `concluded`. */
  stage: string;
  disciplined: number;
  held_accountable: number;
  prosecuted: number | null;
  note: string | null;
  reported_at: Timestamp;
  reported_by: Json<{ id: string; role: string; unit?: string; name?: string }>;
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
  problems: ProblemsTable;
  transfer_outcomes: TransferOutcomesTable;
  bulletin: BulletinTable;
  reports: ReportsTable;
  rounds: RoundsTable;
  plans: PlansTable;
  yearly_reports: YearlyReportsTable;
  document_numbers: DocumentNumbersTable;
  workbench_sessions: WorkbenchSessionsTable;
  stock_phrases: StockPhrasesTable;
  people: PeopleTable;
  readings: ReadingsTable;
  'audit.entries': AuditEntriesTable;
  'audit.prunes': AuditPrunesTable;
  // Kysely's own bookkeeping, not ours.
  kysely_migration: { name: string; timestamp: Generated<string> };
}
