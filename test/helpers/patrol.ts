import type { CaseClaims } from '../../lib/tokens';
import type { PatrolCaseRecord } from '../../workflows/patrol/contract';
import type { TestSystem } from './system';
import { people } from './system';

/** The group of the test patrols: a department-rank leader, members from other units and localities. */
export const group = {
  id: 'g-2026-01',
  leader: { name: '陈刚', rank: 'department', unit: 'dept-finance' },
  members: [
    { name: '周敏', unit: 'dept-agriculture' },
    { name: '吴磊', unit: 'datong', locality: '大同市' },
  ],
};

/** A step through HTTP that must be accepted; returns the new record. */
export async function step(
  sys: TestSystem,
  who: CaseClaims,
  caseId: string,
  path: string,
  body: object,
  key?: string,
): Promise<PatrolCaseRecord> {
  const res = await sys.call(who, {
    method: 'POST',
    url: `/patrols/${caseId}/${path}`,
    payload: body,
    ...(key ? { headers: { 'idempotency-key': key } } : {}),
  });
  if (res.statusCode !== 200) throw new Error(`${path} by ${who.role}: ${res.statusCode} ${res.body}`);
  return res.json<PatrolCaseRecord>();
}

export async function record(sys: TestSystem, caseId: string): Promise<PatrolCaseRecord> {
  const res = await sys.call(people.office, { method: 'GET', url: `/cases/${caseId}` });
  if (res.statusCode !== 200) throw new Error(`GET ${caseId}: ${res.statusCode} ${res.body}`);
  return res.json<PatrolCaseRecord>();
}

/** Propose and walk a patrol of `unit` up to `until` (inclusive), the way the measures order it. */
export async function walkPatrol(
  sys: TestSystem,
  unit: string,
  serial: number,
  until: 'approved' | 'group' | 'field-work' | 'reported' | 'instructed' | 'feedback',
): Promise<string> {
  const res = await sys.call(people.office, {
    method: 'POST',
    url: '/patrols',
    payload: { year: 2026, serial, targetUnit: unit, grounds: { sources: ['public-report'], summary: '群众举报' } },
  });
  if (res.statusCode !== 201) throw new Error(`propose: ${res.statusCode} ${res.body}`);
  const id = res.json<{ caseId: string }>().caseId;
  const leader = { ...people.groupLeader };
  const steps: Array<[string, CaseClaims, string, object]> = [
    ['approved', people.committee, 'approval', { decision: 'approve' }],
    ['group', people.office, 'group', { group }],
    ['field-work', leader, 'work-plan', { summary: '巡查方案', stationedOn: '2026-12-01' }],
    [
      'reported',
      leader,
      'report',
      { situation: '情况', problems: '问题', opinions: [{ text: '意见', basis: '依据' }] },
    ],
    ['instructed', people.leadingGroup, 'request-for-instructions', { summary: '请示' }],
    ['instructed', people.committee, 'instructions', { decision: 'approve' }],
    ['feedback', people.leadingGroup, 'feedback', { situation: '反馈', rectificationOpinions: ['整改'] }],
  ];
  const order = ['approved', 'group', 'field-work', 'reported', 'instructed', 'feedback'];
  for (const [stage, who, path, body] of steps) {
    if (order.indexOf(stage) > order.indexOf(until)) break;
    await step(sys, who, id, path, body);
  }
  return id;
}
