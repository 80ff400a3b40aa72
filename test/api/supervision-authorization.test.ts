import type { SupervisionCaseRecord } from '../../workflows/supervision/contract';
import type { TestSystem } from '../helpers/system';
import type { StepCase } from '../helpers/system';
import { expectOnlyAllowedRoles, people, startSystem } from '../helpers/system';

/** Every human step of Chapter 2, who may take it, and a body that would be valid. */
const steps: StepCase[] = [
  { path: 'approval', allowed: ['leading-group'], body: { decision: 'approve' } },
  {
    path: 'group',
    allowed: ['office', 'leading-group'],
    body: {
      group: {
        id: 'sg-x',
        leader: { name: '组长', rank: 'department', unit: 'dept-finance' },
        members: [{ name: '成员', unit: 'dept-audit' }],
      },
    },
  },
  { path: 'work-plan', allowed: ['group-leader'], body: { summary: '方案' } },
  { path: 'findings', allowed: ['group-leader'], body: { keyContent: 1, methods: ['briefing'], summary: '发现' } },
  {
    path: 'report',
    allowed: ['group-leader'],
    body: { situation: '情况', problems: '问题', opinions: '意见', suggestions: '建议' },
  },
  { path: 'commendation', allowed: ['leading-group'], body: { citation: '表扬' } },
  { path: 'results', allowed: ['leading-group'], body: { summary: '结果', rectificationRequirements: ['整改'] } },
  {
    path: 'rectification-report',
    allowed: ['unit'],
    body: { summary: '整改', items: [{ requirement: 1, measures: '措施' }] },
  },
  { path: 'rectification-review', allowed: ['leading-group', 'office'], body: { decisions: [] } },
];

describe('Chapter 2 API: every step only for the role DOMAIN.md gives it; refusals change nothing', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem();
  });
  afterAll(async () => sys?.close());

  test('every supervision step refuses every other role with 403 and a missing token with 401; steps out of order get 409', async () => {
    const res = await sys.call(people.office, {
      method: 'POST',
      url: '/supervisions',
      payload: { year: 2026, serial: 2, targetUnit: 'taiyuan', topic: '产业扶贫' },
    });
    expect(res.statusCode).toBe(201);
    const id = 'supervision-2026-taiyuan-0002';
    const before = (
      await sys.call(people.office, { method: 'GET', url: `/cases/${id}` })
    ).json<SupervisionCaseRecord>();
    await expectOnlyAllowedRoles(sys, `/supervisions/${id}`, steps);
    // Before the leading group approves the item (Art. 6), nothing else can happen.
    const early = await sys.call(people.office, {
      method: 'POST',
      url: `/supervisions/${id}/group`,
      payload: steps[1]!.body,
    });
    expect(early.statusCode).toBe(409);
    const results = await sys.call(people.leadingGroup, {
      method: 'POST',
      url: `/supervisions/${id}/results`,
      payload: steps[6]!.body,
    });
    expect(results.statusCode).toBe(409);
    expect(
      (await sys.call(people.office, { method: 'GET', url: `/cases/${id}` })).json<SupervisionCaseRecord>(),
    ).toEqual(before);
  });

  test.each([
    ['an unknown unit', people.office, { serial: 3, targetUnit: 'atlantis', topic: 'x' }, 422],
    ['an empty topic', people.office, { serial: 3, targetUnit: 'datong', topic: ' ' }, 422],
    ["serial 0001 (the comprehensive round's)", people.office, { serial: 1, targetUnit: 'datong', topic: 'x' }, 400],
    ['the committee', people.committee, { serial: 3, targetUnit: 'datong', topic: 'x' }, 403],
  ])('a special supervision is refused for %s', async (_what, who, body, status) => {
    const res = await sys.call(who, { method: 'POST', url: '/supervisions', payload: { year: 2026, ...body } });
    expect(res.statusCode).toBe(status);
    await expect(
      sys.env.client.workflow.getHandle(`supervision-2026-${body.targetUnit}-000${body.serial}`).describe(),
    ).rejects.toThrow();
  });

  test('the plan and the round: only the office drafts, only the leading group approves, the public and units see neither', async () => {
    const plan = { year: 2027, month: 3, crossInspection: false, specialTopics: [] };
    expect(
      (await sys.call(people.leadingGroup, { method: 'POST', url: '/supervision-plans', payload: plan })).statusCode,
    ).toBe(403);
    expect(
      (
        await sys.call(people.office, {
          method: 'POST',
          url: '/supervision-plans',
          payload: { ...plan, units: ['atlantis'] },
        })
      ).statusCode,
    ).toBe(422);
    expect(
      (
        await sys.call(people.office, {
          method: 'POST',
          url: '/supervision-plans',
          payload: { ...plan, units: ['taiyuan'], crossInspection: true },
        })
      ).statusCode,
    ).toBe(422);
    expect(
      (await sys.call(people.office, { method: 'POST', url: '/supervision-plans', payload: plan })).statusCode,
    ).toBe(201);
    expect(
      (
        await sys.call(people.leadingGroup, {
          method: 'POST',
          url: '/supervision-plans/2027/approval',
          payload: { decision: 'reject' },
        })
      ).statusCode,
    ).toBe(422);
    for (const who of [people.taiyuan, people.public, people.groupLeader]) {
      expect((await sys.call(who, { method: 'GET', url: '/supervision-plans/2027' })).statusCode).toBe(403);
      expect((await sys.call(who, { method: 'GET', url: '/supervision-rounds/2027' })).statusCode).toBe(403);
    }
    expect((await sys.call(people.leadingGroup, { method: 'GET', url: '/supervision-rounds/2027' })).statusCode).toBe(
      404,
    );
  });
});
