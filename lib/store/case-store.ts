/**
 * The case store: the archive of every case, plan and round, in PostgreSQL (`DATABASE_URL=postgres://…`) or in PGlite,
 * Postgres compiled to WASM, in the data folder (the embedded default). Temporal runs the cases and forgets them after
 * its retention; the store keeps them for years, and answers lists, tasks and statistics in one SQL query each.
 *
 * The workflows write (an activity, idempotent on case and revision: an older revision never overwrites a newer one,
 * events are only appended); the API reads, with the same need-to-know views as everywhere else.
 *
 * This file is the store's one entry point, and only opens it (connection.ts: a PGlite folder is locked for this
 * process), brings its schema up to date (migrations/) and passes each method in one line to its area: cases.ts,
 * case-lists.ts, statistics.ts, documents.ts, numbers.ts, reporters.ts, assessments.ts, bulletin.ts, rounds.ts,
 * sessions.ts, readings.ts, audit.ts, problems.ts, problem-statistics.ts and transfer-outcomes.ts.
 */
import path from 'node:path';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { dataDir } from '../infra/local-secret';
import type { CaseKind, RecordKind } from '../../workflows/domain';
import { ids } from '../../workflows/ids';
import type { CaseRecord } from '../../workflows/engine/record';
import type { StoreAccess } from './access';
import { storeAccess } from './access';
import type { AuditEntry } from '../audit/chain';
import * as assessments from './assessments';
import * as audit from './audit';
import type { AuditFilter, AuditPrune, PruneResult } from './audit';
import type { Assessment } from './assessments';
import * as bulletin from './bulletin';
import type { BulletinEntry } from './bulletin';
import * as caseLists from './case-lists';
import type { CaseListFilter, CaseRow, PersonEvent } from './case-lists';
import * as cases from './cases';
import type { CaseSnapshot, StoredCase } from './cases';
import { connect } from './connection';
import * as documents from './documents';
import type { StoredDocument } from './documents';
import { migrateToLatest } from './migrations';
import * as numbers from './numbers';
import * as phrases from './phrases';
import type { StoredPhrase } from './phrases';
import * as readings from './readings';
import type { UnreadNotice, UnreadQuery } from './readings';
import * as reporters from './reporters';
import * as identityExpiry from './identity-expiry';
import type { ExpiredIdentities } from './identity-expiry';
import * as rounds from './rounds';
import type { StoreDatabase } from './schema';
import * as sessions from './sessions';
import type { StoredSession } from './sessions';
import * as people from './people';
import type { Person } from './people';
import * as problems from './problems';
import type { ProblemCursor, ProblemFilter, ProblemRow, ProblemViewer } from './problems';
import * as problemStatistics from './problem-statistics';
import * as resultUses from './result-uses';
import type { ResultUseFilter, ResultUseRow, ResultUseStatistics } from './result-uses';
import type { ProblemStatistics, ProblemSummary } from './problem-statistics';
import * as statistics from './statistics';
import * as transferOutcomes from './transfer-outcomes';
import type { OutcomeReport, OutcomeSummary, OutcomeTransfer, TransferOutcome } from './transfer-outcomes';
import type { Gauges, StatisticsQuery, StatisticsRows } from './statistics';

export type { Assessment } from './assessments';
export type { AuditFilter, AuditPrune, PruneResult } from './audit';
export type { BulletinEntry } from './bulletin';
export type { CaseListFilter, CaseRow, PersonEvent } from './case-lists';
export type { CaseSnapshot, StoredCase } from './cases';
export type { StoredDocument } from './documents';
export type { StoredPhrase } from './phrases';
export type { StoredSession } from './sessions';
export type { UnreadNotice, UnreadQuery } from './readings';
export type { Person } from './people';
export type { ProblemCursor, ProblemFilter, ProblemRow, ProblemViewer } from './problems';
export type { ProblemCounts, ProblemStatistics, ProblemSummary } from './problem-statistics';
export type { Gauges, StatisticsQuery, StatisticsRows } from './statistics';
export type { OutcomeReport, OutcomeSummary, OutcomeTransfer, TransferOutcome } from './transfer-outcomes';
export type { ExpiredIdentities } from './identity-expiry';
export { StoreLockedError, StoreMigrationError, StoreUnavailableError } from './errors';

/**
 * Where the store is: `DATABASE_URL` (`postgres://…`, `pglite:<folder>`, `pglite:memory`), else PGlite in the data
 * folder (the store's section of lib/config).
 */
export function storeLocation(settings: { DATABASE_URL?: string; DATA_DIR?: string }): string {
  return settings.DATABASE_URL ?? `pglite:${path.join(dataDir(settings), 'cases-db')}`;
}

export class CaseStore {
  /** Queries run so far (tests count them: a list is one query), the audit trail's appends apart. */
  queries = 0;
  /** The audit trail's appends so far (lib/audit/writer.ts: one per batch of entries). */
  auditWrites = 0;

  /** The database and `run`, for the parts of the store (cases.ts, documents.ts …). */
  private readonly access: StoreAccess;

  private constructor(
    readonly db: Kysely<StoreDatabase>,
    readonly location: string,
    private readonly release: () => void,
  ) {
    this.access = storeAccess(db);
  }

  /**
   * Open the store and bring its schema up to date (a failed migration stops the start, naming it).
   *
   * @example
   * const store = await CaseStore.open('pglite:.data/cases-db');
   */
  static async open(location: string): Promise<CaseStore> {
    // Every query is counted on the store, which exists once connected.
    const counted: { store?: CaseStore } = {};
    const { db, release } = await connect(location, (event) => {
      if (event.level !== 'query' || !counted.store) return;
      if (event.query.sql.startsWith('insert into "audit"."entries"')) counted.store.auditWrites++;
      else counted.store.queries++;
    });
    const store = (counted.store = new CaseStore(db, location, release));
    try {
      await migrateToLatest(db);
    } catch (err) {
      await store.close();
      throw err;
    }
    return store;
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

  /** A case id's kind, for a stored row whose workflow Temporal has forgotten. */
  static kindOf(caseId: string): CaseKind | undefined {
    return ids.kindOf(caseId);
  }

  // ---- cases (cases.ts, case-lists.ts) ----

  saveCase(snapshot: CaseSnapshot): Promise<'saved' | 'stale'> {
    return cases.saveCase(this.access, snapshot);
  }
  readCase(caseId: string): Promise<StoredCase | undefined> {
    return cases.readCase(this.access, caseId);
  }
  listCases(filter: CaseListFilter): Promise<CaseRow[]> {
    return caseLists.listCases(this.access, filter);
  }
  followUps(filter: { of: string } | { year: number }): Promise<CaseRecord[]> {
    return caseLists.followUps(this.access, filter);
  }
  nextSerial(kind: RecordKind, year: number, unit: string, from?: number): Promise<number> {
    return cases.nextSerial(this.access, kind, year, unit, from);
  }
  openCasesAwaiting(tag: string, mustView: boolean, limit?: number): Promise<CaseRecord[]> {
    return caseLists.openCasesAwaiting(this.access, tag, mustView, limit);
  }
  eventsBy(personId: string, limit?: number): Promise<PersonEvent[]> {
    return caseLists.eventsBy(this.access, personId, limit);
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

  /** The domain gauges of `GET /metrics`: open cases by kind and stage, deadlines of open cases by kind. */
  gauges(): Promise<Gauges> {
    return statistics.gauges(this.access);
  }

  // ---- the rectification ledger, 问题整改台账 (issue 35; problems.ts, problem-statistics.ts) ----

  listProblems(
    filter: ProblemFilter,
    viewer: ProblemViewer,
    cursor: ProblemCursor | undefined,
    limit: number,
    now?: Date,
  ): Promise<{ rows: ProblemRow[]; nextCursor?: ProblemCursor }> {
    return problems.listProblems(this.access, filter, viewer, cursor, limit, now);
  }
  exportProblems(filter: ProblemFilter, viewer: ProblemViewer, now?: Date): Promise<ProblemRow[]> {
    return problems.exportRows(this.access, filter, viewer, now);
  }
  problemStatistics(
    filter: ProblemFilter,
    viewer: ProblemViewer,
    period: { from: string; to: string },
    now?: Date,
  ): Promise<ProblemStatistics> {
    return problemStatistics.problemStatistics(this.access, filter, viewer, period, now);
  }
  /** The rectification figures of the round and yearly reports. */
  problemSummary(filter: { year?: number; sourceCases?: string[] }, now?: Date): Promise<ProblemSummary> {
    return problemStatistics.problemSummary(this.access, filter, now);
  }

  // ---- uses of results, 通报批评、约谈、挂牌督办 (issue 36 item 2; result-uses.ts) ----

  listResultUses(filter: ResultUseFilter, limit?: number): Promise<ResultUseRow[]> {
    return resultUses.listResultUses(this.access, filter, limit);
  }
  resultUseStatistics(year: number): Promise<ResultUseStatistics> {
    return resultUses.resultUseStatistics(this.access, year);
  }
  nextResultUseSerial(year: number): Promise<number> {
    return resultUses.nextResultUseSerial(this.access, year);
  }

  // ---- what the discipline bodies report back on transfers (issue 36 item 3; transfer-outcomes.ts) ----

  reportTransferOutcome(t: OutcomeTransfer, report: OutcomeReport, by: TransferOutcome['reportedBy'], at = new Date()) {
    return transferOutcomes.reportOutcome(this.access, t, report, by, at);
  }
  transferOutcomeVersions(caseId: string, transferId: number): Promise<TransferOutcome[]> {
    return transferOutcomes.outcomeVersions(this.access, caseId, transferId);
  }
  currentTransferOutcomes(filter: { year?: number; recipientUnit?: string; caseIds?: string[] }) {
    return transferOutcomes.currentOutcomes(this.access, filter);
  }
  transferOutcomeSummary(caseIds: string[]): Promise<OutcomeSummary> {
    return transferOutcomes.outcomeSummary(this.access, caseIds);
  }

  // ---- documents (documents.ts) and their numbers (numbers.ts) ----

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
    return numbers.documentNumber(this.access, o, format);
  }
  givenNumber(owner: string, key: string): Promise<{ number: string; sha256?: string } | undefined> {
    return numbers.givenNumber(this.access, owner, key);
  }
  numberedKeys(owner: string): Promise<Set<string>> {
    return numbers.numberedKeys(this.access, owner);
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
  saveTopic(topic: { topicId: string; year: number; stage: string }): Promise<void> {
    return rounds.saveTopic(this.access, topic);
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

  // ---- the people who have signed in (people.ts) ----

  rememberPerson(p: Omit<Person, 'lastSignedInAt'>, at: Date): Promise<void> {
    return people.rememberPerson(this.access, p, at);
  }
  peopleOf(unit: string): Promise<Person[]> {
    return people.peopleOf(this.access, unit);
  }

  // ---- each person's stock phrases, 常用语 (issue 32 item 8; phrases.ts) ----

  phrases(person: string): Promise<StoredPhrase[]> {
    return phrases.phrasesOf(this.access, person);
  }
  savePhrases(person: string, texts: readonly string[], now = new Date()): Promise<void> {
    return phrases.savePhrases(this.access, person, texts, now);
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

  // ---- 待阅: the notices a person has not read yet (issue 32 item 8; readings.ts) ----

  unreadNotices(q: UnreadQuery): Promise<UnreadNotice[]> {
    return readings.unread(this.access, q);
  }
  markRead(r: { person: string; notificationId: string; caseId: string; at: Date }): Promise<string> {
    return readings.markRead(this.access, r);
  }

  // ---- the audit trail (issue 33; audit.ts) ----

  appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    return audit.appendAudit(this.access, entries);
  }
  auditEntries(filter: AuditFilter): Promise<AuditEntry[]> {
    return audit.auditEntries(this.access, filter);
  }
  auditChains(): Promise<string[]> {
    return audit.auditChains(this.access);
  }
  chainEntries(chain: string, afterSeq: number, limit: number): Promise<AuditEntry[]> {
    return audit.chainEntries(this.access, chain, afterSeq, limit);
  }
  readsSince(since: string, accesses: readonly string[], over: number) {
    return audit.readsSince(this.access, since, accesses, over);
  }
  pruneAudit(before: string, by: string): Promise<PruneResult> {
    return audit.pruneAudit(this.access, before, by);
  }
  auditPrunes(): Promise<AuditPrune[]> {
    return audit.auditPrunes(this.access);
  }

  // ---- identities past their retention after the case closed (issue 33 item 5; identity-expiry.ts) ----

  expiredIdentities(kinds: readonly string[], closedBefore: string, limit: number): Promise<ExpiredIdentities[]> {
    return identityExpiry.expiredIdentities(this.access, kinds, closedBefore, limit);
  }
  removeIdentities(r: Parameters<typeof identityExpiry.removeIdentities>[1]): Promise<number> {
    return identityExpiry.removeIdentities(this.access, r);
  }
}
