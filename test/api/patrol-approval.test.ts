import { recordHistory } from '../helpers/histories';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { CaseKind, CaseStage, TargetUnit } from '../../workflows/search-attributes';
import type { PatrolCaseRecord } from '../../workflows/patrol/contract';
import type { CaseClaims } from '../../lib/infra/tokens';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';

const grounds = {
  sources: ['public-report', 'third-party-assessment'],
  summary: '群众举报某县扶贫资金被挪用，第三方评估发现识别不准',
};

function propose(sys: TestSystem, body: Record<string, unknown>, who: CaseClaims = people.leadingGroup) {
  return sys.call(who, { method: 'POST', url: '/patrols', payload: { year: 2026, grounds, ...body } });
}

async function record(sys: TestSystem, caseId: string): Promise<PatrolCaseRecord> {
  const res = await sys.call(people.office, { method: 'GET', url: `/cases/${caseId}` });
  expect(res.statusCode).toBe(200);
  return res.json<PatrolCaseRecord>();
}

describe('Art. 12: a patrol is proposed by the leading group and approved by the committee (through HTTP, real Temporal)', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem();
  });
  afterAll(async () => sys?.close());

  test('Art. 12: the leading group proposes a patrol; the case is a workflow with its business id, waiting for the committee', async () => {
    const res = await propose(sys, { serial: 1, targetUnit: 'taiyuan' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ caseId: 'patrol-2026-taiyuan-0001', stage: 'awaiting-approval' });
    expect(res.headers.location).toBe('/cases/patrol-2026-taiyuan-0001');

    const r = await record(sys, 'patrol-2026-taiyuan-0001');
    expect(r).toMatchObject({
      kind: 'patrol',
      targetUnit: { code: 'taiyuan', name: '太原市', kind: 'city' },
      stage: 'awaiting-approval',
      closed: false,
      grounds,
      awaiting: [{ role: 'committee', step: 'decideApproval' }],
    });
    expect(r.events[0]).toMatchObject({
      action: 'proposed',
      by: { id: 'lg-1', role: 'leading-group', name: '领导小组 赵强' },
    });

    const desc = await sys.env.client.workflow.getHandle('patrol-2026-taiyuan-0001').describe();
    expect(desc.type).toBe('patrolCase');
    expect(desc.typedSearchAttributes.get(CaseKind)).toBe('patrol');
    expect(desc.typedSearchAttributes.get(TargetUnit)).toBe('taiyuan');
    expect(desc.typedSearchAttributes.get(CaseStage)).toBe('awaiting-approval');
    expect(await desc.staticSummary()).toContain('太原市');
  });

  test('Art. 12: what the office starts is a draft; it reaches the committee only when the leading group submits it', async () => {
    const res = await propose(sys, { serial: 7, targetUnit: 'datong' }, people.office);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ caseId: 'patrol-2026-datong-0007', stage: 'drafted' });
    let r = await record(sys, 'patrol-2026-datong-0007');
    expect(r).toMatchObject({ stage: 'drafted', awaiting: [{ role: 'leading-group', step: 'submitProposal' }] });
    expect(r.events[0]).toMatchObject({ action: 'drafted', by: { role: 'office' } });
    expect(r.notifications.map((n) => n.to.role)).toEqual(['leading-group']);
    // The committee cannot decide a draft, and the office cannot submit it in the leading group's name.
    const early = await sys.call(people.committee, {
      method: 'POST',
      url: '/patrols/patrol-2026-datong-0007/approval',
      payload: { decision: 'approve' },
    });
    expect(early.statusCode).toBe(409);
    const byOffice = await sys.call(people.office, {
      method: 'POST',
      url: '/patrols/patrol-2026-datong-0007/proposal',
      payload: {},
    });
    expect(byOffice.statusCode).toBe(403);
    const submitted = await sys.call(people.leadingGroup, {
      method: 'POST',
      url: '/patrols/patrol-2026-datong-0007/proposal',
      payload: { note: '同意，报省委、省政府' },
    });
    expect(submitted.statusCode).toBe(200);
    r = submitted.json<PatrolCaseRecord>();
    expect(r).toMatchObject({ stage: 'awaiting-approval', awaiting: [{ role: 'committee', step: 'decideApproval' }] });
    expect(r.events.at(-1)).toMatchObject({ action: 'proposed', by: { role: 'leading-group' } });
    expect(r.notifications.some((n) => n.to.role === 'committee')).toBe(true);
    if (process.env.RECORD_HISTORIES) {
      recordHistory(
        'patrol-drafted-then-proposed.json',
        historyToJSON(await sys.env.client.workflow.getHandle('patrol-2026-datong-0007').fetchHistory()),
      );
    }
  });

  test('Starting the same case twice answers 409 with the existing case and starts no second workflow', async () => {
    const res = await propose(sys, {
      serial: 1,
      targetUnit: 'taiyuan',
      grounds: { sources: ['other'], summary: '重复' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'CaseAlreadyExists' });
    expect(res.headers.location).toBe('/cases/patrol-2026-taiyuan-0001');
    const runs = [];
    for await (const wf of sys.env.client.workflow.list({ query: `WorkflowId = 'patrol-2026-taiyuan-0001'` }))
      runs.push(wf);
    expect(runs).toHaveLength(1);
    expect((await record(sys, 'patrol-2026-taiyuan-0001')).grounds).toEqual(grounds);
  });

  test('Bad input gets a clear error and starts nothing', async () => {
    const unknown = await propose(sys, { serial: 2, targetUnit: 'atlantis' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json<{ message: string }>().message).toContain('atlantis');
    await expect(sys.env.client.workflow.getHandle('patrol-2026-atlantis-0002').describe()).rejects.toThrow();

    const noSources = await propose(sys, { serial: 3, targetUnit: 'datong', grounds: { sources: [], summary: 'x' } });
    expect(noSources.statusCode).toBe(400);
    await expect(sys.env.client.workflow.getHandle('patrol-2026-datong-0003').describe()).rejects.toThrow();

    const byUnit = await propose(sys, { serial: 4, targetUnit: 'datong' }, people.taiyuan);
    expect(byUnit.statusCode).toBe(403);
    await expect(sys.env.client.workflow.getHandle('patrol-2026-datong-0004').describe()).rejects.toThrow();
  });

  test('Art. 12: only the committee decides; a refused decision changes nothing', async () => {
    const url = '/patrols/patrol-2026-taiyuan-0001/approval';
    const byOffice = await sys.call(people.office, { method: 'POST', url, payload: { decision: 'approve' } });
    expect(byOffice.statusCode).toBe(403);
    const noReason = await sys.call(people.committee, { method: 'POST', url, payload: { decision: 'reject' } });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json()).toMatchObject({ code: 'InvalidStepInput' });
    expect(noReason.json<{ message: string }>().message).toContain('理由');
    const r = await record(sys, 'patrol-2026-taiyuan-0001');
    expect(r.stage).toBe('awaiting-approval');
    expect(r.events).toHaveLength(1);
  });

  test('Art. 12: the committee approves; the case moves to forming the group and keeps who decided', async () => {
    const url = '/patrols/patrol-2026-taiyuan-0001/approval';
    const headers = { 'idempotency-key': 'approve-taiyuan-0001' };
    const res = await sys.call(people.committee, {
      method: 'POST',
      url,
      headers,
      payload: { decision: 'approve', reason: '情况属实，同意巡查' },
    });
    expect(res.statusCode).toBe(200);
    const after = res.json<PatrolCaseRecord>();
    expect(after.stage).toBe('forming-group');
    expect(after.approval).toMatchObject({
      decision: 'approve',
      by: { id: 'committee-1', role: 'committee', name: '省委 王丽' },
    });
    expect(after.events.map((e) => e.action)).toEqual(['proposed', 'committee-approved']);
    expect(after.awaiting).toEqual([expect.objectContaining({ role: 'office', step: 'formGroup' })]);
    // Where the step's time went (W3C Server-Timing, for an operator's browser tools and the bench): the Update and the
    // record's read, durations only.
    const timing = String(res.headers['server-timing']);
    expect(timing).toMatch(
      /^update;dur=\d+\.\d;desc="Temporal Update", record;dur=\d+\.\d;desc="the record after the step"$/,
    );
    expect(Number(/update;dur=([\d.]+)/.exec(timing)![1])).toBeGreaterThan(0);

    // A retried request with the same request id has its effect once.
    const retry = await sys.call(people.committee, {
      method: 'POST',
      url,
      headers,
      payload: { decision: 'approve', reason: '情况属实，同意巡查' },
    });
    expect(retry.statusCode).toBe(200);
    expect((await record(sys, 'patrol-2026-taiyuan-0001')).events).toHaveLength(2);

    // A second decision is out of order.
    const again = await sys.call(people.committee, {
      method: 'POST',
      url,
      payload: { decision: 'reject', reason: '改变主意' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'StepOutOfOrder' });
    expect(again.headers['server-timing']).toBeUndefined();
    expect((await record(sys, 'patrol-2026-taiyuan-0001')).stage).toBe('forming-group');

    const desc = await sys.env.client.workflow.getHandle('patrol-2026-taiyuan-0001').describe();
    expect(desc.typedSearchAttributes.get(CaseStage)).toBe('forming-group');
  });

  test('Art. 12: a rejected patrol closes with the reason kept; further steps answer 409', async () => {
    expect((await propose(sys, { serial: 5, targetUnit: 'datong' })).statusCode).toBe(201);
    const url = '/patrols/patrol-2026-datong-0005/approval';
    const rejection = {
      method: 'POST' as const,
      url,
      headers: { 'idempotency-key': 'reject-datong-0005' },
      payload: { decision: 'reject', reason: '依据不足，先开展专项督查' },
    };
    const res = await sys.call(people.committee, rejection);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      stage: 'rejected',
      closed: true,
      approval: { decision: 'reject', reason: '依据不足，先开展专项督查' },
    });

    const handle = sys.env.client.workflow.getHandle('patrol-2026-datong-0005');
    await expect(handle.result()).resolves.toEqual({ caseId: 'patrol-2026-datong-0005', stage: 'rejected' });
    const closed = await record(sys, 'patrol-2026-datong-0005');
    expect(closed.events.at(-1)).toMatchObject({ action: 'committee-rejected', note: '依据不足，先开展专项督查' });

    const late = await sys.call(people.committee, { method: 'POST', url, payload: { decision: 'approve' } });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'CaseClosed' });
    // The decision's own retry, after the workflow has ended, still gets the answer of the step it repeats.
    const retried = await sys.call(people.committee, rejection);
    expect([retried.statusCode, retried.json()]).toEqual([200, res.json()]);

    if (process.env.RECORD_HISTORIES) {
      const save = async (id: string, file: string) =>
        recordHistory(file, historyToJSON(await sys.env.client.workflow.getHandle(id).fetchHistory()));
      await save('patrol-2026-datong-0005', 'patrol-rejected.json');
      await save('patrol-2026-taiyuan-0001', 'patrol-approved-open.json');
    }
  });

  test('Need to know: a case the caller may not see answers exactly like one that does not exist, for reading and for steps', async () => {
    const missing = await sys.call(people.office, { method: 'GET', url: '/cases/patrol-2026-lvliang-0009' });
    expect(missing.statusCode).toBe(404);
    // The patrol of Taiyuan is approved but nobody has been stationed: Taiyuan itself is not told yet.
    for (const who of [people.taiyuan, people.datong, people.groupLeader, people.discipline, people.public]) {
      const res = await sys.call(who, { method: 'GET', url: '/cases/patrol-2026-taiyuan-0001' });
      expect([who.role, res.statusCode, res.body]).toEqual([who.role, 404, missing.body]);
    }
    // A step the role may take, on a case it may not see: the same 404 as for a case that does not exist.
    const answer = (id: string) =>
      sys.call(people.taiyuan, {
        method: 'POST',
        url: `/patrols/${id}/handling-suggestions/1/answer`,
        payload: { answer: '答复' },
      });
    const foreign = await answer('patrol-2026-taiyuan-0001');
    const none = await answer('patrol-2026-lvliang-0009');
    expect([foreign.statusCode, foreign.body]).toEqual([404, none.body]);
  });

  test('Lists show only what the caller may see: every case for the overseers, none of a patrol its unit is not told of', async () => {
    const listed = await eventually(async () => {
      const res = await sys.call(people.office, { method: 'GET', url: '/cases?kind=patrol&stage=forming-group' });
      const cases = res.json<{ cases: Array<{ caseId: string }> }>().cases;
      return cases.length ? cases : undefined;
    });
    expect(listed).toEqual([
      expect.objectContaining({
        caseId: 'patrol-2026-taiyuan-0001',
        targetUnit: 'taiyuan',
        stage: 'forming-group',
        awaiting: ['office'],
        overdue: false,
        status: 'RUNNING',
      }),
    ]);
    for (const who of [people.taiyuan, people.datong, people.groupLeader, people.discipline]) {
      const res = await sys.call(who, { method: 'GET', url: '/cases?unit=taiyuan' });
      expect([who.role, res.statusCode, res.json<{ cases: unknown[] }>().cases]).toEqual([who.role, 200, []]);
    }
    const overdue = await sys.call(people.taiyuan, { method: 'GET', url: '/cases?overdue=true' });
    expect(overdue.statusCode).toBe(422);
    expect((await sys.call(people.public, { method: 'GET', url: '/cases' })).statusCode).toBe(403);
  });

  test('Idempotency-Key: a retry has its effect once; the key is bound to its caller, its step and its body', async () => {
    for (const serial of [2, 3]) expect((await propose(sys, { serial, targetUnit: 'yangquan' })).statusCode).toBe(201);
    const url = (serial: number, path = 'approval') => `/patrols/patrol-2026-yangquan-000${serial}/${path}`;
    const headers = { 'idempotency-key': 'approve-0001' };
    const decide = (who: CaseClaims, serial: number, payload: object, path?: string) =>
      sys.call(who, { method: 'POST', url: url(serial, path), headers, payload });

    const first = await decide(people.committee, 2, { decision: 'approve' });
    expect(first.statusCode).toBe(200);
    const retry = await decide(people.committee, 2, { decision: 'approve' });
    expect([retry.statusCode, retry.json()]).toEqual([200, first.json()]);
    const after = await record(sys, 'patrol-2026-yangquan-0002');
    expect(after.events.map((e) => e.action)).toEqual(['proposed', 'committee-approved']);

    // The same key with another body, or on another step: refused, nothing changes.
    const otherBody = await decide(people.committee, 2, { decision: 'reject', reason: '改变主意' });
    expect([otherBody.statusCode, otherBody.json<{ code: string }>().code]).toEqual([422, 'IdempotencyKeyReused']);
    const otherStep = await decide(people.committee, 2, { decision: 'approve' }, 'instructions');
    expect([otherStep.statusCode, otherStep.json<{ code: string }>().code]).toEqual([422, 'IdempotencyKeyReused']);
    expect(await record(sys, 'patrol-2026-yangquan-0002')).toEqual(after);

    // Another person replaying the key makes a request of their own: here, a second decision, refused as such.
    const colleague = { ...people.committee, sub: 'committee-2', name: '省委 李华' };
    const replayed = await decide(colleague, 2, { decision: 'approve' });
    expect([replayed.statusCode, replayed.json<{ code: string }>().code]).toEqual([409, 'StepOutOfOrder']);
    // The same key on another case is another request too, and takes effect there.
    const elsewhere = await decide(people.committee, 3, { decision: 'approve' });
    expect([elsewhere.statusCode, elsewhere.json<PatrolCaseRecord>().stage]).toEqual([200, 'forming-group']);
    expect(await record(sys, 'patrol-2026-yangquan-0002')).toEqual(after);
  });
});
