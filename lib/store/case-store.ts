/**
 * The case store: the archive of every case, plan and round, in PostgreSQL (`DATABASE_URL=postgres://…`) or in PGlite,
 * Postgres compiled to WASM, in the data folder (the embedded default). Temporal runs the cases and forgets them after
 * its retention; the store keeps them for years, and answers lists, tasks and statistics in one SQL query each.
 *
 * The workflows write (an activity, idempotent on case and revision: an older revision never overwrites a newer one,
 * events are only appended); the API reads, with the same need-to-know views as everywhere else.
 *
 * This file opens and closes the store and is its one entry point; the parts live beside it: cases.ts, statistics.ts,
 * documents.ts, reporters.ts, assessments.ts, bulletin.ts, rounds.ts, sessions.ts.
 */
import { isAlive } from '../infra/processes';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Kysely as KyselyType, LogEvent } from 'kysely';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
import { dataDir } from '../infra/local-secret';
import type { CaseKind, RecordKind } from '../../workflows/domain';
import { ids } from '../../workflows/ids';
import type { CaseRecord } from '../../workflows/engine/record';
import type { StoreAccess } from './access';
import * as assessments from './assessments';
import type { Assessment } from './assessments';
import * as bulletin from './bulletin';
import type { BulletinEntry } from './bulletin';
import * as cases from './cases';
import type { CaseListFilter, CaseRow, CaseSnapshot, PersonEvent, StoredCase } from './cases';
import * as documents from './documents';
import type { StoredDocument } from './documents';
import { PGliteDialect } from './pglite-dialect';
import * as reporters from './reporters';
import * as rounds from './rounds';
import type { StoreDatabase } from './schema';
import { migrations } from './schema';
import * as sessions from './sessions';
import type { StoredSession } from './sessions';
import * as statistics from './statistics';
import type { StatisticsQuery, StatisticsRows } from './statistics';

export type { Assessment } from './assessments';
export type { BulletinEntry } from './bulletin';
export type { CaseListFilter, CaseRow, CaseSnapshot, PersonEvent, StoredCase } from './cases';
export type { StoredDocument } from './documents';
export type { StoredSession } from './sessions';
export type { StatisticsQuery, StatisticsRows } from './statistics';

/** The store does not answer (down, unreachable): the caller may try again later. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/** A migration that failed: the start stops, naming it. */
export class StoreMigrationError extends Error {
  override name = 'StoreMigrationError';
}

/** A PGlite folder another live process has open (PGlite is one process's database). */
export class StoreLockedError extends Error {
  override name = 'StoreLockedError';
}

/**
 * Take `<folder>.lock` for this process, or say who has the folder open. A lock left by a process that is gone is
 * taken over. Returns the release.
 */
function lockFolder(folder: string): () => void {
  const file = `${folder}.lock`;
  mkdirSync(path.dirname(folder), { recursive: true, mode: 0o700 });
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      const pid = Number(readFileSync(file, 'utf8'));
      if (isAlive(pid)) {
        throw new StoreLockedError(
          `the case store in ${folder} is open in another process (pid ${pid}): PGlite serves one process. Stop that ` +
            'process (npm start runs the worker and the API together), or give every process the same PostgreSQL ' +
            'server in DATABASE_URL',
        );
      }
      rmSync(file, { force: true });
    }
  }
}

/** Errors of the SQL itself (a bug, a constraint) are not outages; anything else is. */
function unavailable(err: unknown): unknown {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && /^(?:2|4)[0-9A-Z]{4}$/.test(code) && !code.startsWith('08')) return err;
  return new StoreUnavailableError(`the case store does not answer: ${(err as Error).message}`);
}

/** Where the store is: `DATABASE_URL` (`postgres://…`, `pglite:<folder>`, `pglite:memory`), else PGlite in the data folder. */
export function storeLocation(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL ?? `pglite:${path.join(dataDir(env), 'cases-db')}`;
}

export class CaseStore {
  /** Queries run so far (tests count them: a list is one query). */
  queries = 0;

  private release = () => undefined as void;

  /** The database and `run`, for the parts of the store (cases.ts, documents.ts …). */
  private readonly access: StoreAccess;

  private constructor(
    readonly db: KyselyType<StoreDatabase>,
    readonly location: string,
  ) {
    this.access = { db, run: <T>(work: () => Promise<T>) => this.run(work) };
  }

  /**
   * Open the store and bring its schema up to date (a failed migration stops the start, naming it).
   *
   * @example
   * const store = await CaseStore.open('pglite:.data/cases-db');
   */
  static async open(location: string = storeLocation()): Promise<CaseStore> {
    let store: CaseStore;
    const log = (event: LogEvent) => {
      if (event.level === 'query') store.queries++;
    };
    if (/^postgres(ql)?:\/\//.test(location)) {
      const pool = new Pool({ connectionString: location, max: 10, connectionTimeoutMillis: 5_000 });
      // A connection the server drops (a restart) is replaced on the next query; it must not crash the process.
      pool.on('error', () => undefined);
      store = new CaseStore(new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool }), log }), location);
    } else if (location.startsWith('pglite:')) {
      const where = location.slice('pglite:'.length);
      const release = where === 'memory' ? () => undefined : lockFolder(path.resolve(where));
      try {
        const pglite = where === 'memory' ? new PGlite() : new PGlite(where);
        store = new CaseStore(new Kysely<StoreDatabase>({ dialect: new PGliteDialect(pglite), log }), location);
        await pglite.waitReady;
      } catch (err) {
        release();
        throw err;
      }
      store.release = release;
    } else {
      throw new StoreMigrationError(
        `DATABASE_URL must be postgres://…, pglite:<folder> or pglite:memory, not "${location}"`,
      );
    }
    try {
      await store.migrate();
    } catch (err) {
      await store.close();
      throw err;
    }
    return store;
  }

  private async migrate(): Promise<void> {
    const migrator = new Migrator({
      db: this.db,
      // eslint-disable-next-line @typescript-eslint/require-await
      provider: { getMigrations: async () => migrations },
    });
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName;
      throw new StoreMigrationError(
        `the case store's migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
      );
    }
  }

  /**
   * The domain gauges of `GET /metrics` (counts only, no unit and no text): open cases by kind and stage, and the
   * deadlines of open cases by kind of submission: waiting, overdue, and escalations so far. Two queries.
   */
  async gauges(): Promise<{
    open: Array<{ kind: string; stage: string; count: number }>;
    deadlines: Array<{ kind: string; waiting: number; overdue: number; escalations: number }>;
  }> {
    return this.run(async () => {
      const [open, deadlines] = await Promise.all([
        this.db
          .selectFrom('cases')
          .select(['kind', 'stage', sql<number>`count(*)::int`.as('count')])
          .where('closed', '=', false)
          .groupBy(['kind', 'stage'])
          .execute(),
        this.db
          .selectFrom('case_deadlines as d')
          .innerJoin('cases as c', 'c.case_id', 'd.case_id')
          .select([
            'd.kind',
            sql<number>`count(*) filter (where d.status = 'waiting')::int`.as('waiting'),
            sql<number>`count(*) filter (where d.status = 'overdue')::int`.as('overdue'),
            sql<number>`coalesce(sum(d.escalations), 0)::int`.as('escalations'),
          ])
          .where('c.closed', '=', false)
          .groupBy('d.kind')
          .execute(),
      ]);
      return { open, deadlines };
    });
  }

  /** Whether the store answers (`select 1`), for the API's readiness. */
  async ping(): Promise<boolean> {
    return sql`select 1`
      .execute(this.db)
      .then(() => true)
      .catch(() => false);
  }

  async close(): Promise<void> {
    try {
      await this.db.destroy();
    } finally {
      this.release();
    }
  }

  private async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw unavailable(err);
    }
  }

  /** A case id's kind, for a stored row whose workflow Temporal has forgotten. */
  static kindOf(caseId: string): CaseKind | undefined {
    return ids.kindOf(caseId);
  }

  // ---- cases (cases.ts) ----

  saveCase(snapshot: CaseSnapshot): Promise<'saved' | 'stale'> {
    return cases.saveCase(this.access, snapshot);
  }

  readCase(caseId: string): Promise<StoredCase | undefined> {
    return cases.readCase(this.access, caseId);
  }

  listCases(filter: CaseListFilter): Promise<CaseRow[]> {
    return cases.listCases(this.access, filter);
  }

  followUps(filter: { of: string } | { year: number }): Promise<CaseRecord[]> {
    return cases.followUps(this.access, filter);
  }

  nextSerial(kind: RecordKind, year: number, unit: string, from?: number): Promise<number> {
    return cases.nextSerial(this.access, kind, year, unit, from);
  }

  openCasesAwaiting(tag: string, mustView: boolean, limit?: number): Promise<CaseRecord[]> {
    return cases.openCasesAwaiting(this.access, tag, mustView, limit);
  }

  eventsBy(personId: string, limit?: number): Promise<PersonEvent[]> {
    return cases.eventsBy(this.access, personId, limit);
  }

  caseEvents(caseId: string): Promise<Array<{ seq: number; action: string }>> {
    return cases.caseEvents(this.access, caseId);
  }

  // ---- statistics (Art. 11 (1)(3), 16 (3); statistics.ts) ----

  statistics(q: StatisticsQuery): Promise<Partial<StatisticsRows>> {
    return statistics.statistics(this.access, q);
  }

  unitRecord(unit: string, sinceYear: number) {
    return statistics.unitRecord(this.access, unit, sinceYear);
  }

  // ---- documents and their numbers (documents.ts) ----

  saveDocument(doc: StoredDocument & { bytes: Buffer }): Promise<boolean> {
    return documents.saveDocument(this.access, doc);
  }

  deleteDocuments(ids: string[]): Promise<void> {
    return documents.deleteDocuments(this.access, ids);
  }

  documents(owner: string): Promise<StoredDocument[]> {
    return documents.documents(this.access, owner);
  }

  document(id: string): Promise<(StoredDocument & { bytes: Buffer }) | undefined> {
    return documents.document(this.access, id);
  }

  reportAccounts(unitCode: string, since: string, limit?: number): Promise<Array<{ reportId: string; text: string }>> {
    return documents.reportAccounts(this.access, unitCode, since, limit);
  }

  documentNumber(
    o: { owner: string; key: string; series: string; year: number; sha256: string },
    format: (seq: number) => string,
  ): Promise<{ number: string; sha256: string }> {
    return documents.documentNumber(this.access, o, format);
  }

  givenNumber(owner: string, key: string): Promise<{ number: string; sha256?: string } | undefined> {
    return documents.givenNumber(this.access, owner, key);
  }

  numberedKeys(owner: string): Promise<Set<string>> {
    return documents.numberedKeys(this.access, owner);
  }

  // ---- sealed reporters and their re-sealing (reporters.ts) ----

  saveReporter(reportId: string, sealed: Buffer): Promise<void> {
    return reporters.saveReporter(this.access, reportId, sealed);
  }

  deleteReporter(reportId: string): Promise<void> {
    return reporters.deleteReporter(this.access, reportId);
  }

  reporter(reportId: string): Promise<Buffer | undefined> {
    return reporters.reporter(this.access, reportId);
  }

  sealedRows(after: string, limit: number): Promise<Array<{ id: string; sealed: Buffer }>> {
    return reporters.sealedRows(this.access, after, limit);
  }

  resealRow(id: string, was: Buffer, sealed: Buffer): Promise<boolean> {
    return reporters.resealRow(this.access, id, was, sealed);
  }

  // ---- assessments (Art. 5; assessments.ts) ----

  saveAssessment(a: Assessment): Promise<void> {
    return assessments.saveAssessment(this.access, a);
  }

  assessments(filter: { year?: number; unit?: string; limit: number; offset?: number }): Promise<Assessment[]> {
    return assessments.assessments(this.access, filter);
  }

  assessment(id: string): Promise<Assessment | undefined> {
    return assessments.assessment(this.access, id);
  }

  assessmentCount(year: number): Promise<number> {
    return assessments.assessmentCount(this.access, year);
  }

  // ---- the public bulletin (Art. 16 (3); bulletin.ts) ----

  publish(entry: { caseId: string; unitName: string; title: string; text: string }): Promise<BulletinEntry> {
    return bulletin.publish(this.access, entry);
  }

  bulletinEntry(caseId: string): Promise<BulletinEntry | undefined> {
    return bulletin.bulletinEntry(this.access, caseId);
  }

  bulletin(limit?: number): Promise<BulletinEntry[]> {
    return bulletin.bulletin(this.access, limit);
  }

  // ---- rounds, their reports, plans, yearly reports (rounds.ts) ----

  saveReport(report: { roundId: string; kind: string; title: string; text: string; at: string }): Promise<void> {
    return rounds.saveReport(this.access, report);
  }

  report(roundId: string, kind: string): Promise<string | undefined> {
    return rounds.report(this.access, roundId, kind);
  }

  saveRound(progress: { workflowId: string; roundId: string; year: number; status: string }): Promise<void> {
    return rounds.saveRound(this.access, progress);
  }

  roundState(roundId: string): Promise<unknown> {
    return rounds.roundState(this.access, roundId);
  }

  roundIds(year: number): Promise<string[]> {
    return rounds.roundIds(this.access, year);
  }

  round(roundId: string): Promise<{ progress: unknown; cases: CaseRecord[] } | undefined> {
    return rounds.round(this.access, roundId);
  }

  saveYearlyReport(state: { reportId: string; year: number; status: string }): Promise<void> {
    return rounds.saveYearlyReport(this.access, state);
  }

  yearlyReport(reportId: string): Promise<unknown> {
    return rounds.yearlyReport(this.access, reportId);
  }

  savePlan(plan: { planId: string; year: number; stage: string; revision: number }): Promise<void> {
    return rounds.savePlan(this.access, plan);
  }

  plan(planId: string): Promise<unknown> {
    return rounds.plan(this.access, planId);
  }

  // ---- the workbench's sessions (sessions.ts) ----

  saveSession(s: Omit<StoredSession, 'lastSeenAt'> & { idHash: string; sealed: Buffer }): Promise<void> {
    return sessions.saveSession(this.access, s);
  }

  touchSession(idHash: string, now: Date, idleSince: Date): Promise<StoredSession | undefined> {
    return sessions.touchSession(this.access, idHash, now, idleSince);
  }

  sessionLive(idHash: string, now: Date, idleSince: Date): Promise<boolean> {
    return sessions.sessionLive(this.access, idHash, now, idleSince);
  }

  endSessions(which: { idHash: string } | { person: string; ref?: string }, why: string, now: Date) {
    return sessions.endSessions(this.access, which, why, now);
  }

  sessionsOf(person: string, now: Date, idleSince: Date): Promise<StoredSession[]> {
    return sessions.sessionsOf(this.access, person, now, idleSince);
  }

  purgeSessions(now: Date): Promise<void> {
    return sessions.purgeSessions(this.access, now);
  }
}
