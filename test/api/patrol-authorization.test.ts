import type { PatrolCaseRecord } from '../../workflows/patrol/contract';
import type { TestSystem } from '../helpers/system';
import type { StepCase } from '../helpers/system';
import { eventually, everyone, expectOnlyAllowedRoles, people, startSystem } from '../helpers/system';
import { group, record, step, suggestionGrounds, walkPatrol } from '../helpers/patrol';

/** Every human step of Chapter 3, who may take it, and a body that would be valid. */
const steps: StepCase[] = [
  { path: 'approval', allowed: ['committee'], body: { decision: 'approve' } },
  { path: 'group', allowed: ['office', 'leading-group'], body: { group } },
  { path: 'work-plan', allowed: ['group-leader'], body: { summary: '方案', stationedOn: '2026-12-01' } },
  { path: 'findings', allowed: ['group-leader'], body: { keyProblem: 1, methods: ['interview'], summary: '问题' } },
  { path: 'handling-suggestions', allowed: ['group-leader'], body: { summary: '建议', ...suggestionGrounds } },
  { path: 'handling-suggestions/1/answer', allowed: ['unit'], body: { answer: '答复' } },
  {
    path: 'report',
    allowed: ['group-leader'],
    body: { situation: '情况', problems: '问题', opinions: [{ text: '意见', basis: '依据' }] },
  },
  { path: 'request-for-instructions', allowed: ['leading-group'], body: { summary: '请示' } },
  { path: 'instructions', allowed: ['committee'], body: { decision: 'approve' } },
  { path: 'transfers', allowed: ['leading-group'], body: { to: 'procuratorate', summary: '移交' } },
  { path: 'transfers/1/acknowledgement', allowed: ['discipline'], body: {} },
  { path: 'feedback', allowed: ['leading-group'], body: { situation: '反馈', rectificationOpinions: ['整改'] } },
  {
    path: 'rectification-report',
    allowed: ['unit'],
    body: { summary: '整改', items: [{ requirement: 1, measures: '措施' }] },
  },
  { path: 'rectification-review', allowed: ['leading-group', 'office'], body: { decisions: [] } },
  { path: 'rectification-summary', allowed: ['leading-group'], body: { summary: '报告', publish: false } },
];

describe('Chapter 3 API: every step only for the role DOMAIN.md gives it; refusals change nothing', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem();
  });
  afterAll(async () => sys?.close());

  test('every step refuses every other role with 403, and a missing token with 401', async () => {
    const id = await walkPatrol(sys, 'taiyuan', 1, 'approved');
    const before = await record(sys, id);
    await expectOnlyAllowedRoles(sys, `/patrols/${id}`, steps);
    expect(await record(sys, id)).toEqual(before);
  });

  test('steps out of order are refused with 409 and change nothing', async () => {
    const id = await walkPatrol(sys, 'yangquan', 2, 'approved');
    const before = await record(sys, id);
    const overseerSteps = steps.filter((x) =>
      x.allowed.some((r) => ['office', 'leading-group', 'committee'].includes(r)),
    );
    for (const s of overseerSteps.filter((x) => !['approval', 'group'].includes(x.path))) {
      const who = everyone.find((p) => p.role === s.allowed[0])!;
      const res = await sys.call(who, { method: 'POST', url: `/patrols/${id}/${s.path}`, payload: s.body });
      expect([s.path, res.statusCode, res.json<{ code: string }>().code]).toEqual([s.path, 409, 'StepOutOfOrder']);
    }
    // The unit, a group leader and a receiving body cannot yet reach the patrol: 404, as if it did not exist.
    for (const s of steps.filter((x) => !overseerSteps.includes(x))) {
      const who = everyone.find((p) => p.role === s.allowed[0])!;
      const res = await sys.call(who, { method: 'POST', url: `/patrols/${id}/${s.path}`, payload: s.body });
      expect([s.path, res.statusCode]).toEqual([s.path, 404]);
    }
    expect(await record(sys, id)).toEqual(before);
  });

  test('a unit only answers and sees its own cases; a group leader only acts for their own group (others: 404)', async () => {
    const id = await walkPatrol(sys, 'changzhi', 3, 'field-work');
    await step(sys, people.groupLeader, id, 'handling-suggestions', { summary: '建议', ...suggestionGrounds });
    const missing = await sys.call(people.taiyuan, {
      method: 'POST',
      url: '/patrols/patrol-2026-lvliang-0099/handling-suggestions/1/answer',
      payload: { answer: 'x' },
    });
    const taiyuanAnswers = await sys.call(people.taiyuan, {
      method: 'POST',
      url: `/patrols/${id}/handling-suggestions/1/answer`,
      payload: { answer: 'x' },
    });
    expect([taiyuanAnswers.statusCode, taiyuanAnswers.body]).toEqual([404, missing.body]);
    expect((await sys.call(people.taiyuan, { method: 'GET', url: `/cases/${id}` })).statusCode).toBe(404);
    const changzhi = { sub: 'unit-cz', role: 'unit' as const, unit: 'changzhi' };
    expect((await sys.call(changzhi, { method: 'GET', url: `/cases/${id}` })).statusCode).toBe(200);
    const otherLeader = { sub: 'gl-9', role: 'group-leader' as const, group: 'g-2026-09' };
    expect(
      (await sys.call(otherLeader, { method: 'POST', url: `/patrols/${id}/findings`, payload: steps[3]!.body }))
        .statusCode,
    ).toBe(404);
    expect((await sys.call(otherLeader, { method: 'GET', url: `/cases/${id}` })).statusCode).toBe(404);
    expect((await sys.call(people.groupLeader, { method: 'GET', url: `/cases/${id}` })).statusCode).toBe(200);
    // Both see the patrol in their lists, with its stage; the other unit and the other leader see nothing.
    for (const who of [changzhi, people.groupLeader]) {
      const listed = await eventually(async () => {
        const cases = (await sys.call(who, { method: 'GET', url: '/cases' })).json<{
          cases: Array<{ caseId: string }>;
        }>().cases;
        return cases.length ? cases : undefined;
      });
      expect(listed.map((c) => c.caseId)).toContain(id);
    }
    for (const who of [people.taiyuan, otherLeader]) {
      const cases = (await sys.call(who, { method: 'GET', url: '/cases' })).json<{ cases: unknown[] }>().cases;
      expect(cases).toEqual([]);
    }
  });

  test('what is waiting for me: each caller gets their own open steps, most urgent first', async () => {
    // One case waits for the office (the group), one for the committee (approval), one for a unit (rectification).
    await walkPatrol(sys, 'shuozhou', 4, 'approved');
    const waiting = await sys.call(people.leadingGroup, {
      method: 'POST',
      url: '/patrols',
      payload: { year: 2026, serial: 5, targetUnit: 'shuozhou', grounds: { sources: ['other'], summary: '待批' } },
    });
    expect(waiting.statusCode).toBe(201);
    const rectifying = await walkPatrol(sys, 'jinzhong', 6, 'feedback');

    type Tasks = { tasks: Array<{ caseId: string; step: string; dueDate?: string; overdue: boolean; url: string }> };
    const committee = await eventually(async () => {
      const t = (await sys.call(people.committee, { method: 'GET', url: '/my/tasks' })).json<Tasks>().tasks;
      return t.some((x) => x.caseId === 'patrol-2026-shuozhou-0005') ? t : undefined;
    });
    expect(committee.find((x) => x.caseId === 'patrol-2026-shuozhou-0005')).toMatchObject({
      step: 'decideApproval',
      url: '/patrols/patrol-2026-shuozhou-0005/approval',
    });
    expect(committee.every((x) => ['decideApproval', 'decideInstructions'].includes(x.step))).toBe(true);

    const jinzhong = { sub: 'unit-jz', role: 'unit' as const, unit: 'jinzhong' };
    const unitTasks = await eventually(async () => {
      const t = (await sys.call(jinzhong, { method: 'GET', url: '/my/tasks' })).json<Tasks>().tasks;
      return t.length ? t : undefined;
    });
    const r: PatrolCaseRecord = await record(sys, rectifying);
    // The patrol's own step, and (issue 35) the problems of its ledger, each the unit's to 申请销号, as they start.
    expect(unitTasks).toContainEqual(
      expect.objectContaining({
        caseId: rectifying,
        step: 'submitRectificationReport',
        url: `/patrols/${rectifying}/rectification-report`,
        dueDate: r.deadlines.find((t) => t.key === 'rectification')?.deadline.dueDate,
        overdue: false,
      }),
    );
    for (const t of unitTasks.filter((x) => x.caseId !== rectifying))
      expect([t.caseId, t.step]).toEqual([expect.stringMatching(`^problem-${rectifying}-[0-9]+$`), 'requestStrikeOff']);
    // Most urgent first.
    const dates = unitTasks.map((t) => t.dueDate ?? '9999');
    expect(dates).toEqual([...dates].sort());
    const office = (await sys.call(people.office, { method: 'GET', url: '/my/tasks' })).json<Tasks>().tasks;
    expect(office.every((x) => x.step === 'formGroup')).toBe(true);
    expect((await sys.call(people.public, { method: 'GET', url: '/my/tasks' })).statusCode).toBe(403);
  });

  test('cases are filtered by unit, stage and overdue through Temporal visibility', async () => {
    const list = await eventually(async () => {
      const res = await sys.call(people.office, {
        method: 'GET',
        url: '/cases?kind=patrol&stage=rectification&overdue=false',
      });
      const cases = res.json<{ cases: Array<{ caseId: string; dueAt?: string }> }>().cases;
      return cases.length ? cases : undefined;
    });
    expect(list.map((c) => c.caseId)).toEqual(['patrol-2026-jinzhong-0006']);
    expect(list[0]?.dueAt).toBeDefined();
    const none = await sys.call(people.office, { method: 'GET', url: '/cases?overdue=true' });
    expect(none.json<{ cases: unknown[] }>().cases).toEqual([]);
    expect((await sys.call(people.office, { method: 'GET', url: "/cases?stage=x' OR 1=1" })).statusCode).toBe(400);
  });
});
