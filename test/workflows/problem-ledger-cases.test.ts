import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { CaseClaims } from '../../lib/infra/tokens';
import type { PatrolCaseRecord } from '../../workflows/patrol/contract';
import type { ProblemRecord } from '../../workflows/problem/contract';
import { problemId } from '../../workflows/problem/contract';
import type { SupervisionCaseRecord } from '../../workflows/supervision/contract';
import { localToday } from '../../workflows/engine/texts';
import { ledgerTexts } from '../../workflows/common-steps/problem-ledger';
import { fullPatrol } from '../helpers/records';
import { walkPatrol } from '../helpers/patrol';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';

const day = 86_400_000;
/** `YYYY-MM-DD` plus days or calendar months (Beijing dates). */
const plusDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * day).toISOString().slice(0, 10);
function plusMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/**
 * Issue 35 item 1 (docs/ledger.md): the cases feed the rectification ledger. A patrol's feedback (Art. 16 (2)) and a
 * supervision's results (Art. 11 (2)) start one problem per requirement, each a child workflow with its term; a
 * follow-up visit (回头看) that finds a requirement 未整改 reopens its struck-off problem; the office projects the
 * problems of cases whose requirements went out before the ledger. On a dev server, through HTTP.
 */
describe('Issue 35: the cases feed the ledger, follow-up visits check it', () => {
  let sys: TestSystem;
  const today = localToday();
  const wuzhai: CaseClaims = { sub: 'unit-wz', role: 'unit', unit: 'xinzhou-wuzhai', name: '五寨县 高远' };
  const taiyuan = people.taiyuan;
  // A problem as the store has it once its first term is armed (its first write comes a moment before).
  const problem = (id: string) =>
    eventually(async () => {
      const r = (await sys.store.readCase(id))?.record as ProblemRecord | undefined;
      return r?.deadlines.length ? r : undefined;
    }, 60_000);
  const notStarted = async (id: string) =>
    expect(sys.env.client.workflow.getHandle(id).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);

  async function post<T>(who: CaseClaims, url: string, payload: object, expected = 200): Promise<T> {
    const res = await sys.call(who, { method: 'POST', url, payload });
    expect([url, res.statusCode, res.statusCode === expected ? '' : res.body]).toEqual([url, expected, '']);
    return res.json<T>();
  }

  beforeAll(async () => {
    // A follow-up visit comes a minute after it is scheduled (the policy's follow-up-visit; 6 months by default).
    const policy = path.join(mkdtempSync(path.join(tmpdir(), 'policy-')), 'policy.json');
    writeFileSync(policy, JSON.stringify({ 'follow-up-visit': { rule: { unit: 'minutes', amount: 1 } } }));
    sys = await startSystem({ workerEnv: { DEADLINE_POLICY_FILE: policy } });
  });
  afterAll(async () => sys?.close());

  let patrolId: string;

  test('Issue 35 item 1, Art. 16 (2): terms that do not fit the opinions get a Chinese 422 and start nothing', async () => {
    patrolId = await walkPatrol(sys, 'xinzhou-wuzhai', 1, 'instructed');
    await post(people.leadingGroup, `/patrols/${patrolId}/transfers`, {
      to: 'discipline-inspection',
      summary: '挪用资金',
    });
    const feedback = {
      situation: '反馈巡查情况',
      rectificationOpinions: ['清退挪用资金', '完善项目公示', '健全监管机制'],
    };
    const refusals: Array<[object[], string]> = [
      [[{ requirement: 2, kind: 'dated' }], '第2项为限期整改，须写明整改完成日期'],
      [[{ requirement: 2, kind: 'dated', dueDate: plusDays(today, -1) }], '早于今天'],
      [[{ requirement: 2, kind: 'dated', dueDate: plusDays(today, 4 * 366) }], '更长期的整改请定为长期坚持'],
      [[{ requirement: 4, kind: 'immediate' }], '没有第4项整改要求（共3项）'],
      [
        [
          { requirement: 1, kind: 'immediate' },
          { requirement: 1, kind: 'long-term' },
        ],
        '第1项整改要求的期限重复设定',
      ],
      [[{ requirement: 1, kind: 'immediate', dueDate: plusDays(today, 5) }], '第1项为立行立改，不另设整改完成日期'],
    ];
    for (const [terms, message] of refusals) {
      const res = await sys.call(people.leadingGroup, {
        method: 'POST',
        url: `/patrols/${patrolId}/feedback`,
        payload: { ...feedback, terms },
      });
      expect([res.statusCode, res.body]).toEqual([422, expect.stringContaining(message)]);
    }
    const r = (await sys.call(people.office, { method: 'GET', url: `/cases/${patrolId}` })).json<PatrolCaseRecord>();
    expect([r.stage, r.feedback]).toEqual(['issuing-feedback', undefined]);
    await notStarted(problemId(patrolId, 1));
  }, 300_000);

  test('Issue 35 item 1, Art. 16 (2): the feedback with 3 opinions of 3 term kinds starts 3 problems, each its own workflow', async () => {
    const dated = plusDays(today, 40);
    const r = await post<PatrolCaseRecord>(people.leadingGroup, `/patrols/${patrolId}/feedback`, {
      situation: '反馈巡查情况',
      rectificationOpinions: ['清退挪用资金', '完善项目公示', '健全监管机制'],
      terms: [
        { requirement: 1, kind: 'immediate' },
        { requirement: 2, kind: 'dated', dueDate: dated },
        { requirement: 3, kind: 'long-term', everyMonths: 2 },
      ],
    });
    const ids = [1, 2, 3].map((n) => problemId(patrolId, n));
    expect(r.feedback?.problems).toEqual(ids);
    expect(r.events.map((e) => e.summary)).toContain(ledgerTexts.listed(3, '整改意见'));
    // The unit sees its problems where it sees the opinions.
    const seen = (await sys.call(wuzhai, { method: 'GET', url: `/cases/${patrolId}` })).json<PatrolCaseRecord>();
    expect(seen.feedback?.problems).toEqual(ids);

    const [immediate, byDate, longTerm] = await Promise.all(ids.map(problem));
    const common = {
      kind: 'problem',
      targetUnit: { code: 'xinzhou-wuzhai' },
      city: 'xinzhou',
      transferredTo: ['discipline-commission'],
    };
    const source = (n: number) => ({
      kind: 'patrol',
      caseId: patrolId,
      requirement: n,
      article: '第十六条第（二）项',
      year: 2026,
    });
    expect(immediate).toMatchObject({
      ...common,
      source: source(1),
      requirement: '清退挪用资金',
      term: { kind: 'immediate' },
    });
    expect(byDate).toMatchObject({ ...common, source: source(2), term: { kind: 'dated', dueDate: dated } });
    expect(longTerm).toMatchObject({ ...common, source: source(3), term: { kind: 'long-term', everyMonths: 2 } });
    // 立行立改 within 15 days (policy problem-immediate), 限期 by its date, 长期坚持 reports every 2 months.
    const dues = (p: ProblemRecord) => p.deadlines.map((d) => d.deadline.dueDate);
    expect(dues(immediate!)).toContain(plusDays(today, 15));
    expect(dues(byDate!)).toContain(dated);
    expect(dues(longTerm!)).toContain(plusMonths(today, 2));
    // Operators find each problem in Temporal UI by its summary (unit, source, number, term), started by the patrol's
    // activity (not as a child: it outlives the patrol); the patrol's history shows that activity.
    const described = await sys.env.client.workflow.getHandle(ids[0]!).describe();
    expect(described.raw.workflowExecutionInfo?.parentExecution).toBeFalsy();
    expect(await described.staticSummary()).toBe('整改问题：五寨县（巡查第1项整改要求，立行立改）');
    const patrolHistory = await sys.env.client.workflow.getHandle(patrolId).fetchHistory();
    const scheduled = patrolHistory.events!.filter(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'startProblems',
    );
    expect(scheduled).toHaveLength(1);
    // Issue 37: the feedback answered first; the problems were started after (the officer does not wait for them).
    const feedbackId = patrolHistory.events!.find(
      (e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'issueFeedback',
    )?.workflowExecutionUpdateAcceptedEventAttributes?.protocolInstanceId;
    const answered = patrolHistory.events!.find(
      (e) => e.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId === feedbackId,
    );
    expect(Number(answered?.eventId)).toBeGreaterThan(0);
    expect(Number(answered!.eventId)).toBeLessThan(Number(scheduled[0]!.eventId));
  }, 300_000);

  const supervisionId = 'supervision-2026-taiyuan-0002';
  let supervision: SupervisionCaseRecord;

  test('Issue 35 item 1, Art. 11 (2): the results start a problem per requirement, 限期 by the rectification deadline by default', async () => {
    const act = <T = SupervisionCaseRecord>(who: CaseClaims, step: string, body: object, expected = 200) =>
      post<T>(who, `/supervisions/${supervisionId}/${step}`, body, expected);
    await post(
      people.office,
      '/supervisions',
      { year: 2026, serial: 2, targetUnit: 'taiyuan', topic: '扶贫资金管理' },
      201,
    );
    await act(people.leadingGroup, 'approval', { decision: 'approve' });
    await act(people.office, 'group', {
      group: {
        id: 'sg-2026-05',
        leader: { name: '刘强', rank: 'department', unit: 'dept-poverty-alleviation' },
        members: [{ name: '赵敏', unit: 'dept-finance' }],
      },
    });
    const leader: CaseClaims = { sub: 'gl-s5', role: 'group-leader', group: 'sg-2026-05', name: '组长 刘强' };
    await act(leader, 'work-plan', { summary: '实施方案' });
    await act(leader, 'findings', { keyContent: 5, methods: ['document-review'], summary: '资金拨付滞后' });
    await act(leader, 'report', { situation: '情况', problems: '问题', opinions: '意见', suggestions: '建议' });
    const results = { summary: '通报督查结果', rectificationRequirements: ['加快资金拨付', '建立资金台账'] };
    const refused = await act<object>(
      people.leadingGroup,
      'results',
      { ...results, terms: [{ requirement: 3, kind: 'immediate' }] },
      422,
    );
    expect(JSON.stringify(refused)).toContain('没有第3项整改要求（共2项）');
    await notStarted(problemId(supervisionId, 1));

    supervision = await act(people.leadingGroup, 'results', results);
    const ids = [problemId(supervisionId, 1), problemId(supervisionId, 2)];
    expect(supervision.results?.problems).toEqual(ids);
    const due = supervision.deadlines.find((d) => d.key === 'rectification')!.deadline.dueDate;
    for (const [i, p] of (await Promise.all(ids.map(problem))).entries()) {
      expect(p).toMatchObject({
        source: {
          kind: 'supervision',
          caseId: supervisionId,
          requirement: i + 1,
          article: '第十一条第（二）项',
          year: 2026,
        },
        requirement: results.rectificationRequirements[i],
        city: 'taiyuan',
        term: { kind: 'dated', dueDate: due },
      });
      expect(p.transferredTo).toBeUndefined();
    }
  }, 300_000);

  /** A closed patrol whose feedback went out before the ledger, as the case store keeps it (no problems). */
  const earlier = 'patrol-2025-jinzhong-0009';
  async function saveEarlierPatrol(): Promise<void> {
    const template = fullPatrol();
    const record: PatrolCaseRecord = {
      ...template,
      caseId: earlier,
      targetUnit: { code: 'jinzhong', name: '晋中市', kind: 'city' },
      stage: 'closed',
      closed: true,
      feedback: { ...template.feedback!, rectificationOpinions: ['退回违规资金', '问责相关责任人'] },
    };
    await sys.store.saveCase({ record, viewers: [] });
  }

  test('Issue 35 item 3, 回头看: a follow-up visit that finds a requirement 未整改 reopens its struck-off problem (反弹)', async () => {
    const first = problemId(supervisionId, 1);
    // The unit works problem 1 to 销号.
    await post(taiyuan, `/problems/${first}/progress`, { what: '已拨付资金', figures: { recoveredYuan: 12000 } });
    await post(taiyuan, `/problems/${first}/strike-off-request`, { summary: '资金已全部拨付' });
    await post(people.leadingGroup, `/problems/${first}/strike-off-review`, {
      decision: 'strike-off',
      reason: '核实到位',
    });
    expect((await problem(first)).stage).toBe('struck-off');

    // The supervision closes: both requirements reported and accepted, its report signed.
    const act = (who: CaseClaims, step: string, body: object) =>
      post<SupervisionCaseRecord>(who, `/supervisions/${supervisionId}/${step}`, body);
    await act(taiyuan, 'rectification-report', {
      summary: '已整改',
      items: [
        { requirement: 1, measures: '资金已拨付' },
        { requirement: 2, measures: '台账已建立' },
      ],
    });
    await act(people.leadingGroup, 'rectification-review', {
      decisions: [
        { requirement: 1, decision: 'accept' },
        { requirement: 2, decision: 'accept' },
      ],
    });
    expect((await act(people.leadingGroup, 'reports/special-report/signature', {})).closed).toBe(true);

    const visit = await post<{ caseId: string }>(
      people.leadingGroup,
      `/cases/${supervisionId}/follow-up`,
      { reason: '看资金拨付是否到位' },
      201,
    );
    const visitId = visit.caseId;
    // And a visit of a patrol from before the ledger: its requirements have no problems yet.
    await saveEarlierPatrol();
    const oldVisit = await post<{ caseId: string }>(
      people.leadingGroup,
      `/cases/${earlier}/follow-up`,
      { reason: '看整改是否到位' },
      201,
    );
    const read = async () =>
      (await sys.call(people.office, { method: 'GET', url: `/cases/${visitId}` })).json<SupervisionCaseRecord>();
    await eventually(async () => ((await read()).stage === 'forming-group' ? true : undefined), 180_000);
    const v = (step: string, body: object) =>
      post<SupervisionCaseRecord>(leaderOf, `/supervisions/${visitId}/${step}`, body);
    const leaderOf: CaseClaims = { sub: 'gl-v9', role: 'group-leader', group: 'sg-2026-09', name: '组长 孙强' };
    await post(people.office, `/supervisions/${visitId}/group`, {
      group: {
        id: 'sg-2026-09',
        leader: { name: '孙强', rank: 'department', unit: 'dept-audit' },
        members: [{ name: '钱进', unit: 'dept-finance' }],
      },
    });
    await v('work-plan', { summary: '回头看方案' });
    const methods = ['field-survey'];
    await v('requirement-checks', { requirement: 1, verdict: 'not-rectified', summary: '资金又被截留', methods });
    const checked = await v('requirement-checks', {
      requirement: 2,
      verdict: 'rectified',
      summary: '台账完整',
      methods,
    });

    const reopened = await eventually(async () => {
      const p = await problem(first);
      return p.reopenings.length ? p : undefined;
    }, 60_000);
    expect(reopened.stage).toBe('rectifying');
    expect(reopened.reopenings).toEqual([
      expect.objectContaining({ reason: '资金又被截留', followUp: visitId, verdict: 'not-rectified' }),
    ]);
    // The visit's timeline says so; the requirement found rectified tells its problem nothing.
    expect(checked.events.map((e) => e.summary)).toContain(ledgerTexts.rebound(1, '未整改'));
    expect((await problem(problemId(supervisionId, 2))).reopenings).toEqual([]);

    // The visit of the patrol from before the ledger: its check is recorded, and the timeline says no problem heard it.
    const oldRead = () => sys.call(people.office, { method: 'GET', url: `/cases/${oldVisit.caseId}` });
    await eventually(
      async () => (await oldRead()).json<SupervisionCaseRecord>().stage === 'forming-group' || undefined,
      120_000,
    );
    const oldLeader: CaseClaims = { sub: 'gl-v10', role: 'group-leader', group: 'sg-2026-10', name: '组长 周平' };
    await post(people.office, `/supervisions/${oldVisit.caseId}/group`, {
      group: {
        id: 'sg-2026-10',
        leader: { name: '周平', rank: 'department', unit: 'dept-audit' },
        members: [{ name: '吴华', unit: 'dept-finance' }],
      },
    });
    await post(oldLeader, `/supervisions/${oldVisit.caseId}/work-plan`, { summary: '回头看方案' });
    const old = await post<SupervisionCaseRecord>(oldLeader, `/supervisions/${oldVisit.caseId}/requirement-checks`, {
      requirement: 1,
      verdict: 'partly',
      summary: '资金退回一半',
      methods,
    });
    expect(old.requirementChecks).toEqual([expect.objectContaining({ requirement: 1, verdict: 'partly' })]);
    expect(old.events.map((e) => e.summary)).toContain(ledgerTexts.noProblem(1));
  }, 600_000);

  test('Issue 35 item 1: the office projects the problems of a case whose requirements went out before the ledger, once', async () => {
    // The patrol saved above (its follow-up visit has no results, so nothing of its own to project).
    const projection = '/problems/projection';
    expect((await sys.call(taiyuan, { method: 'POST', url: projection })).statusCode).toBe(403);
    expect((await sys.call(people.leadingGroup, { method: 'POST', url: projection })).statusCode).toBe(403);
    // Only this patrol issued requirements without problems: the live cases above started theirs.
    expect(await post(people.office, projection, {})).toEqual({ cases: 1, started: 2, existed: 0 });
    expect(await post(people.office, projection, {})).toEqual({ cases: 1, started: 0, existed: 2 });
    const caseId = earlier;
    const projected = await problem(problemId(caseId, 2));
    expect(projected).toMatchObject({
      source: { kind: 'patrol', caseId, requirement: 2, article: '第十六条第（二）项', year: 2025 },
      requirement: '问责相关责任人',
      city: 'jinzhong',
      term: { kind: 'dated', dueDate: '2026-12-08' },
      transferredTo: ['discipline-commission', 'procuratorate'],
    });
  }, 300_000);
});
