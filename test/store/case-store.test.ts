import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CaseStore, StoreMigrationError } from '../../lib/store/case-store';
import type { PostgresServer } from '../helpers/postgres';
import { startPostgres } from '../helpers/postgres';

/**
 * lib/store/case-store.ts, the facade: it opens the store (connection.test.ts), brings its schema up to date
 * (migrations.test.ts) and passes each method to its area, which has its own test (cases, case-lists, statistics …).
 */
describe('The case store (lib/store/case-store.ts)', () => {
  test('a start stopped by a failed migration closes the store and frees its PGlite folder', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'store-'));
    const folder = `pglite:${path.join(dir, 'db')}`;
    try {
      const first = await CaseStore.open(folder);
      await first.db.deleteFrom('kysely_migration').execute();
      await first.close();
      const failed = new StoreMigrationError(
        `the case store's migration 2026-11-27-001-cases failed: relation "cases" already exists`,
      );
      await expect(CaseStore.open(folder)).rejects.toThrow(failed);
      // Not "open in another process": the failed start let the folder go.
      await expect(CaseStore.open(folder)).rejects.toThrow(failed);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  test("GET /health/ready: the store's ping answers true while PostgreSQL answers, false while it is down", async () => {
    let pg: PostgresServer | undefined;
    let store: CaseStore | undefined;
    try {
      pg = await startPostgres();
      store = await CaseStore.open(await pg.createDatabase());
      expect(await store.ping()).toBe(true);
      await pg.kill();
      expect(await store.ping()).toBe(false);
      await pg.start();
      expect(await store.ping()).toBe(true);
    } finally {
      await store?.close();
      await pg?.stop();
    }
  }, 60_000);

  test('issue 31 item 4: the facade keeps every method callers use, each passed to its area', async () => {
    const methods = Object.getOwnPropertyNames(CaseStore.prototype).filter((m) => m !== 'constructor');
    expect(methods.sort()).toEqual(
      [
        ...['ping', 'close'],
        ...[
          'saveCase',
          'readCase',
          'listCases',
          'followUps',
          'nextSerial',
          'openCasesAwaiting',
          'eventsBy',
          'caseEvents',
        ],
        ...['statistics', 'unitRecord', 'gauges'],
        ...['saveDocument', 'deleteDocuments', 'documents', 'document', 'reportAccounts'],
        ...['documentNumber', 'givenNumber', 'numberedKeys'],
        ...['saveReporter', 'deleteReporter', 'reporter', 'sealedRows', 'resealRow'],
        ...['saveAssessment', 'assessments', 'assessment', 'assessmentCount'],
        ...['publish', 'bulletinEntry', 'bulletin'],
        ...['saveReport', 'report', 'saveRound', 'saveTopic', 'roundState', 'roundIds', 'round'],
        ...['saveYearlyReport', 'yearlyReport', 'savePlan', 'plan'],
        ...['saveSession', 'touchSession', 'sessionLive', 'endSessions', 'sessionsOf', 'purgeSessions'],
        // Issue 32: the people who signed in, their 常用语, what they have read (待阅).
        ...['rememberPerson', 'peopleOf', 'phrases', 'savePhrases', 'unreadNotices', 'markRead'],
        // Issue 33: the audit trail, and the identities past their retention.
        ...['appendAudit', 'auditEntries', 'auditChains', 'chainEntries', 'readsSince', 'pruneAudit', 'auditPrunes'],
        ...['expiredIdentities', 'removeIdentities'],
        // Issue 35: the rectification ledger.
        ...['listProblems', 'exportProblems', 'problemStatistics', 'problemSummary'],
        // Issue 36: uses of results, and what the discipline bodies report back on a transfer.
        ...['listResultUses', 'nextResultUseSerial', 'resultUseStatistics'],
        ...['reportTransferOutcome', 'currentTransferOutcomes', 'transferOutcomeSummary', 'transferOutcomeVersions'],
      ].sort(),
    );
    expect(CaseStore.kindOf('supervision-2026-taiyuan-0001')).toBe('supervision');
    // A method passed on reaches its area's table, and counts its queries.
    const store = await CaseStore.open('pglite:memory');
    try {
      const before = store.queries;
      await store.publish({ caseId: 'patrol-2026-taiyuan-0001', unitName: '太原市', title: '整改', text: '' });
      expect(store.queries - before).toBe(2);
      expect(await store.db.selectFrom('bulletin').select('case_id').execute()).toEqual([
        { case_id: 'patrol-2026-taiyuan-0001' },
      ]);
    } finally {
      await store.close();
    }
  });
});
