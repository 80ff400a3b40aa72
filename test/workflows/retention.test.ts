/**
 * Issue 33 item 5: retention by a Temporal Schedule, with a compressed policy (identities removed 2 seconds after
 * their case closes; audit entries written in the past with the writer's clock). One system: a Temporal dev server,
 * the worker, the API, the case store.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ScheduleHandle } from '@temporalio/client';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import pino from 'pino';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { recordHistory } from '../helpers/histories';
import { loadActivityDeps } from '../../activities';
import { AuditWriter } from '../../lib/audit/writer';
import { verifyTrail } from '../../lib/audit/verify';
import { loadRetentionPolicy } from '../../lib/calendar/retention-policy';
import { loadConfig } from '../../lib/config';
import { reporterRow, sealRow } from '../../lib/store/sealing';
import { ensureRetentionSchedule, retentionScheduleId } from '../../worker/retention-schedule';
import type { RetentionResult } from '../../workflows/retention/workflow';
import type { PublicReportRecord } from '../../workflows/public-report/contract';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem, testStoreKeys } from '../helpers/system';

const day = 86_400_000;
const folder = mkdtempSync(path.join(tmpdir(), 'retention-'));
const policyFile = (policy: object) => {
  const file = path.join(folder, `policy-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(policy));
  return file;
};

const entry = (resource: string) => ({
  person: 'office-1',
  role: 'office',
  unit: null,
  group: null,
  access: 'identity',
  resource,
  section: '/public-reports/:ref',
  outcome: 'allowed',
  status: 200,
  clientAddress: '10.0.0.1',
  requestId: `req-${resource}`,
});

// A round of the awards that closed years ago, as the store keeps it, with one identified objection.
const objectionId = 'award-objection-0123456789abcdef0123';
const oldRound = {
  caseId: 'award-round-2020',
  kind: 'award-round',
  year: 2020,
  targetUnit: { code: 'shanxi', name: '山西省', kind: 'department' as const },
  stage: 'submitted',
  stageLabel: '已报国家评选办公室',
  closed: true,
  revision: 40,
  awaiting: [],
  events: [
    {
      at: '2020-11-20T02:00:00.000Z',
      stage: 'submitted',
      action: 'materials-sent',
      summary: '推荐材料已报国家评选办公室',
      section: 'materials',
    },
  ],
  deadlines: [],
  notifications: [],
  objections: [
    {
      objectionId,
      nominationId: 'nomination-2020-taiyuan-a1',
      receivedAt: '2020-10-12T03:00:00.000Z',
      receivedOn: '2020-10-12',
      account: {
        id: '00000000-0000-4000-8000-000000000001',
        name: 'account.json',
        contentType: 'application/json',
        size: 2,
        sha256: '0'.repeat(64),
      },
      identified: true,
    },
  ],
};

describe('Issue 33 item 5: retention by a Temporal Schedule (real Temporal dev server, HTTP, compressed policy)', () => {
  let sys: TestSystem;
  const policy = { identityAfterClosing: 'PT2S' };

  beforeAll(async () => {
    sys = await startSystem({ workerEnv: { RETENTION_POLICY_FILE: policyFile(policy) } });
  });
  afterAll(async () => {
    await sys?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  test('a worker does not start with AUDIT_RETENTION_DAYS below 180 or a bad retention policy file, naming it', () => {
    expect(() => loadConfig({ AUDIT_RETENTION_DAYS: '90' }, ['worker'])).toThrow(
      /env\/AUDIT_RETENTION_DAYS must be >= 180/,
    );
    expect(loadConfig({}, ['worker']).worker.AUDIT_RETENTION_DAYS).toBe(180);
    const logger = pino({ level: 'silent' });
    const start = (file: string) => () =>
      loadActivityDeps(logger, sys.store, loadConfig({ RETENTION_POLICY_FILE: file }, ['worker', 'channels']));
    const bad = policyFile({ identityAfterClosing: 'three years', keepFor: 'P1Y' });
    expect(start(bad)).toThrow(new RegExp(`${bad}: identityAfterClosing "three years" is not a positive ISO-8601`));
    expect(start(bad)).toThrow(/unknown item "keepFor"/);
    expect(start(path.join(folder, 'missing.json'))).toThrow(/cannot read retention policy .*missing\.json/);
    // The default is the office's: 3 years after closing; days with fractions compress it for a test.
    expect(loadRetentionPolicy({}).identityAfterClosing).toMatchObject({ written: 'P3Y', label: '3年' });
    expect(loadRetentionPolicy({ RETENTION_POLICY_FILE: policyFile({ identityAfterClosing: 0.5 }) })).toMatchObject({
      auditDays: 180,
      identityAfterClosing: { label: '0.5天' },
    });
  });

  test('the daily schedule prunes audit days past the retention and records them, and removes the identities of closed cases only', async () => {
    // Audit entries of 200 and of 100 days ago.
    const old = new AuditWriter(sys.store, () => new Date(Date.now() - 200 * day));
    const young = new AuditWriter(sys.store, () => new Date(Date.now() - 100 * day));
    for (const n of [1, 2, 3]) await old.write(entry(`retention-old-${n}`));
    for (const n of [1, 2]) await young.write(entry(`retention-young-${n}`));

    // Two named reporters: one report the office closes, one it leaves open.
    const file = async (what: string, name: string) => {
      const res = await sys.call(undefined, {
        method: 'POST',
        url: '/public-reports',
        payload: { targetUnit: 'taiyuan', what, name, contact: '13900001111' },
      });
      expect(res.statusCode).toBe(201);
      return eventually(async () => {
        const list = (await sys.call(people.office, { method: 'GET', url: '/public-reports?unit=taiyuan' })).json<
          Array<{ reportId: string }>
        >();
        for (const { reportId } of list) {
          const view = await sys.call(people.office, { method: 'GET', url: `/public-reports/${reportId}` });
          if (view.json<{ reporter?: { name: string } }>().reporter?.name === name) return reportId;
        }
        return undefined;
      });
    };
    const closedId = await file('某村扶贫资金去向不明，要求查清', '举报人甲');
    const openId = await file('某乡危房改造验收走过场', '举报人乙');
    const step = async (p: string, payload: object) => {
      const res = await sys.call(people.office, { method: 'POST', url: `/public-reports/${closedId}/${p}`, payload });
      expect([p, res.statusCode]).toEqual([p, 200]);
    };
    await step('registration', { summary: '反映扶贫资金去向不明' });
    await step('decision', { action: 'close', reason: '经核实已另案处理' });
    const closed = await eventually(async () => {
      const stored = await sys.store.readCase(closedId);
      return stored?.record.closed ? stored.record : undefined;
    });
    // An award round closed years ago, as the store keeps it, with an objector's sealed identity.
    await sys.store.saveCase({ record: oldRound, viewers: [] });
    await sys.store.saveReporter(
      objectionId,
      sealRow(testStoreKeys, reporterRow(objectionId), { name: '异议人丙', contact: '13800002222' }),
    );
    // The policy's 2 seconds after the report's closing (its last event), and a margin.
    const closedAt = Date.parse(closed.events.at(-1)!.at);
    await sleep(Math.max(0, closedAt + 3_000 - Date.now()));

    // Put in place as a worker's start does; a second start changes nothing and leaves a paused schedule paused.
    const retention = loadRetentionPolicy({ RETENTION_POLICY_FILE: policyFile(policy) });
    const handle = await ensureRetentionSchedule(sys.env.client, sys.taskQueue, retention);
    await handle.pause('法定保全期间暂停');
    await ensureRetentionSchedule(sys.env.client, sys.taskQueue, retention);
    const described = await handle.describe();
    expect(described.state).toMatchObject({ paused: true, note: '法定保全期间暂停' });
    await handle.unpause('恢复');
    expect(described.scheduleId).toBe(retentionScheduleId);
    expect(described.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
    expect(described.spec.timezone).toBe('Asia/Shanghai');
    expect(described.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'retention',
      staticSummary: '保存期限：审计日志180天；举报人、异议人身份信息办结后2秒删除',
    });

    const result = await runNow(handle);

    // The audit trail: the days older than 180 went, and audit.prunes says which chains; younger ones stay; unbroken.
    expect(result.audit).toMatchObject({ entries: 3, chains: [expect.objectContaining({ seq: 3 })] });
    const [prune] = await sys.store.auditPrunes();
    expect(prune).toMatchObject({ entries: 3, by: 'audit-retention', chains: result.audit.chains });
    const kept = (await sys.store.auditEntries({ limit: 1000 })).map((e) => e.resource);
    expect(kept.filter((r) => r?.startsWith('retention-')).sort()).toEqual(['retention-young-1', 'retention-young-2']);
    expect(await sys.store.auditEntries({ to: new Date(Date.now() - 180 * day).toISOString(), limit: 10 })).toEqual([]);
    expect(await verifyTrail(sys.store)).toMatchObject({ broken: [], pruned: 1 });

    // The identities: the closed report's and the old round's objector's went; the open report's stayed.
    expect(result.identities).toMatchObject({ cases: 2, identities: 2, period: '2秒' });
    expect(result.identities.caseIds.sort()).toEqual([closedId, 'award-round-2020'].sort());
    expect(await sys.store.reporter(closedId)).toBeUndefined();
    expect(await sys.store.reporter(objectionId)).toBeUndefined();
    expect(await sys.store.reporter(openId)).toBeDefined();

    // The office reads that it was removed, and when, instead of who or "anonymous"; the record has the event.
    const office = (await sys.call(people.office, { method: 'GET', url: `/public-reports/${closedId}` })).json<
      PublicReportRecord & { identityRemoved?: { at: string; text: string }; reporter?: object; anonymous?: boolean }
    >();
    expect(office.reporter).toBeUndefined();
    expect(office.anonymous).toBeUndefined();
    expect(office.identityRemoved?.text).toMatch(
      /^举报人身份信息（姓名、联系方式）已于\d{4}年\d{1,2}月\d{1,2}日按保存期限（办结后2秒）删除$/,
    );
    expect(office.events.at(-1)).toMatchObject({
      action: 'identity-removed',
      section: 'identity',
      at: office.identityRemoved!.at,
    });
    expect((await sys.store.caseEvents(closedId)).at(-1)).toMatchObject({
      seq: office.events.length - 1,
      action: 'identity-removed',
    });
    const open = await sys.call(people.office, { method: 'GET', url: `/public-reports/${openId}` });
    expect(open.json()).toMatchObject({ reporter: { name: '举报人乙' } });
    const objection = await sys.call(people.office, {
      method: 'GET',
      url: `/award-rounds/award-round-2020/objections/${objectionId}`,
    });
    expect(objection.statusCode).toBe(200);
    const objector = objection.json<{ identityRemoved?: { text: string }; objector?: object; anonymous?: boolean }>();
    expect(objector.identityRemoved?.text).toMatch(
      /^1件异议的异议人身份信息（姓名、联系方式）已于\d{4}年\d{1,2}月\d{1,2}日按保存期限（推荐工作办结后2秒）删除$/,
    );
    expect([objector.objector, objector.anonymous]).toEqual([undefined, undefined]);

    // The next day's run finds nothing more to do, and says so.
    const again = await runNow(handle);
    expect(again.audit).toMatchObject({ entries: 0, chains: [] });
    expect(again.identities).toMatchObject({ cases: 0, identities: 0 });
    const record = (await sys.store.readCase(closedId))!.record;
    expect(record.events.filter((e) => e.action === 'identity-removed')).toHaveLength(1);
  }, 120_000);

  /** Trigger the schedule and wait for its run's result. */
  async function runNow(handle: ScheduleHandle): Promise<RetentionResult> {
    const before = (await handle.describe()).info.numActionsTaken;
    await handle.trigger();
    const action = await eventually(async () => {
      const { info } = await handle.describe();
      return info.numActionsTaken > before ? info.recentActions.at(-1)?.action : undefined;
    });
    const run = sys.env.client.workflow.getHandle(action.workflow.workflowId, action.workflow.firstExecutionRunId);
    const result = (await run.result()) as RetentionResult;
    if (process.env.RECORD_HISTORIES) recordHistory('retention-run.json', historyToJSON(await run.fetchHistory()));
    return result;
  }
});
