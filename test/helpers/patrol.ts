import type { CaseClaims } from '../../lib/infra/tokens';
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

/** Art. 15 (2): how a suggestion's problem is 群众反映强烈、明显违反规定且应当及时解决 (all three are required). */
export const suggestionGrounds = {
  publicConcern: '群众多次来信来访反映',
  violation: '违反财政专项扶贫资金管理办法',
  urgency: '资金仍在拨付，须立即停止',
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
  const id = await proposePatrol(sys, unit, serial);
  const leader = { ...people.groupLeader };
  const steps: Array<[string, CaseClaims, string, object]> = [
    ['approved', people.committee, 'approval', { decision: 'approve' }],
    ['group', people.office, 'group', { group }],
    ['field-work', leader, 'work-plan', { summary: '巡查方案', stationedOn: '2026-12-01' }],
    // Art. 14, 15 (3): the report rests on at least one finding.
    ['reported', leader, 'findings', { keyProblem: 1, methods: ['interview'], summary: '问题' }],
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

/** Art. 12: the office proposes a patrol of `unit` (2026, `serial`); `body` adds to or replaces the defaults. */
export async function proposePatrol(sys: TestSystem, unit: string, serial: number, body: object = {}): Promise<string> {
  const res = await sys.call(people.leadingGroup, {
    method: 'POST',
    url: '/patrols',
    payload: {
      year: 2026,
      serial,
      targetUnit: unit,
      grounds: { sources: ['public-report'], summary: '群众举报' },
      ...body,
    },
  });
  if (res.statusCode !== 201) throw new Error(`propose: ${res.statusCode} ${res.body}`);
  return res.json<{ caseId: string }>().caseId;
}

/** A `multipart/form-data` body as a browser form sends it: text fields, and files under `fileField`. */
export function multipart(
  fields: Record<string, string>,
  files: Array<{ name: string; type?: string; bytes: Buffer }>,
  fileField = 'attachments',
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----form${Date.now()}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${fileField}"; filename="${f.name}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      f.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The smallest PDF a type check recognises. */
export const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
