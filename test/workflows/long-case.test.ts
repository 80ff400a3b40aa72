import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CaseClaims } from '../../lib/infra/tokens';
import type { PatrolCaseRecord } from '../../workflows/patrol/contract';
import { group, suggestionGrounds } from '../helpers/patrol';
import type { TestSystem } from '../helpers/system';
import { people, startSystem } from '../helpers/system';

/** A text of exactly `n` characters: the longest the step's schema takes. */
const text = (what: string, n: number) => `${what}：${'经核查，情况属实。'.repeat(Math.ceil(n / 9))}`.slice(0, n);

/**
 * Bounded history: a patrol driven through more than 500 accepted steps, every text at its maximum size, still answers
 * correctly. Its record is bounded by the case's limits (each refused beyond, in Chinese, saying the limit); its history
 * is not: the case continues as a new run of the same id, with its whole record, whenever the history reaches its
 * limit (here 400 events, so the walk crosses several runs).
 */
describe('Bounded history: 500 steps with the longest texts, across several runs of one patrol', () => {
  let sys: TestSystem;
  const id = 'patrol-2026-yuncheng-0001';
  const unit: CaseClaims = { sub: 'unit-yc', role: 'unit', unit: 'yuncheng' };
  let steps = 0;

  beforeAll(async () => {
    const policy = path.join(mkdtempSync(path.join(tmpdir(), 'policy-')), 'policy.json');
    writeFileSync(policy, JSON.stringify({ limits: { historyEvents: 400, extensionsPerDeadline: 6 } }));
    sys = await startSystem({ workerEnv: { DEADLINE_POLICY_FILE: policy } });
  });
  afterAll(async () => sys?.close());

  async function act(who: CaseClaims, url: string, body: object, expected = 200) {
    const res = await sys.call(who, { method: 'POST', url: `/patrols/${id}/${url}`, payload: body });
    expect([url, res.statusCode, res.statusCode === expected ? '' : res.body]).toEqual([url, expected, '']);
    if (expected === 200) steps++;
    return res;
  }
  let day = 0;
  const extend = async (key: string, times: number) => {
    for (let i = 0; i < times; i++) {
      day++;
      const dueDate = new Date(Date.UTC(2027, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
      // Issue 34 item 3: the two months of rectification (Art. 16 (2)) are the leading group's to extend.
      const who = key === 'rectification' ? people.leadingGroup : people.office;
      await act(who, `deadlines/${key}/extension`, { dueDate, reason: text('延期理由', 200) });
    }
  };

  test('more than 500 accepted steps; each limit refuses the next item, saying the limit', async () => {
    const proposed = await sys.call(people.leadingGroup, {
      method: 'POST',
      url: '/patrols',
      payload: {
        year: 2026,
        serial: 1,
        targetUnit: 'yuncheng',
        grounds: { sources: ['other'], summary: text('依据', 4000) },
      },
    });
    expect(proposed.statusCode).toBe(201);
    await act(people.committee, 'approval', { decision: 'approve', reason: text('同意', 1000) });
    await act(people.office, 'group', { group });
    await act(people.groupLeader, 'work-plan', { summary: text('方案', 4000), stationedOn: '2026-12-01' });
    const finding = { keyProblem: 3, methods: ['document-review', 'field-survey'], summary: text('问题', 1000) };
    for (let i = 0; i < 100; i++) await act(people.groupLeader, 'findings', finding);
    const refused = await act(people.groupLeader, 'findings', finding, 422);
    expect(refused.json<{ message: string }>().message).toBe('本次巡查记录的问题已达上限（100个），不能再增加');

    for (let n = 1; n <= 30; n++) {
      await act(people.groupLeader, 'handling-suggestions', {
        summary: text('处理建议', 1000),
        findingIds: [n],
        ...suggestionGrounds,
      });
      await extend(`suggestion-${n}`, 6);
      await act(unit, `handling-suggestions/${n}/answer`, { answer: text('答复', 1000) });
    }
    const sixth = await act(
      people.office,
      'deadlines/suggestion-1/extension',
      { dueDate: '2027-12-31', reason: '再延' },
      409,
    );
    expect(sixth.json<{ message: string }>().message).toContain('已提交');
    await act(people.groupLeader, 'handling-suggestions', { summary: '第31条', ...suggestionGrounds }, 422);

    const opinion = { text: text('处理意见', 1000), basis: text('依据', 1000) };
    await act(people.groupLeader, 'report', {
      situation: text('情况', 8000),
      problems: text('问题', 8000),
      opinions: Array.from({ length: 20 }, () => opinion),
    });
    for (let n = 1; n <= 10; n++) {
      await act(people.leadingGroup, 'request-for-instructions', { summary: text('请示', 2000) });
      await act(
        people.committee,
        'instructions',
        n < 10 ? { decision: 'send-back', remarks: text('批示', 1000) } : { decision: 'approve' },
      );
    }
    for (let n = 1; n <= 20; n++) {
      await act(people.leadingGroup, 'transfers', { to: 'discipline-inspection', summary: text('移交事项', 1000) });
      await extend(`transfer-${n}`, 6);
      await act(people.discipline, `transfers/${n}/acknowledgement`, { note: text('备注', 500) });
    }
    const opinions = Array.from({ length: 30 }, () => text('整改意见', 500));
    await act(people.leadingGroup, 'feedback', { situation: text('反馈', 4000), rectificationOpinions: opinions });
    await extend('rectification', 6);
    const overLimit = await act(
      people.leadingGroup,
      'deadlines/rectification/extension',
      { dueDate: '2028-06-30', reason: '再延' },
      422,
    );
    expect(overLimit.json<{ message: string }>().message).toBe('整改情况反馈的延期已达上限（6个），不能再增加');
    await act(unit, 'rectification-report', {
      summary: text('整改', 4000),
      items: opinions.map((o, i) => ({ requirement: i + 1, measures: text('措施', 1000) })),
      publicSummary: text('公开', 2000),
    });
    await act(people.leadingGroup, 'rectification-review', {
      decisions: opinions.map((_, i) => ({ requirement: i + 1, decision: 'accept' })),
    });
    await act(people.leadingGroup, 'rectification-summary', {
      summary: text('报告', 4000),
      publish: true,
    });
    const last = await act(people.leadingGroup, 'reports/final-report/signature', { note: '同意' });
    expect(last.json<PatrolCaseRecord>()).toMatchObject({ stage: 'closed', closed: true });
    expect(steps).toBeGreaterThanOrEqual(500);
  }, 600_000);

  test('the patrol went on across several runs of one id, and its record is whole', async () => {
    const runs = [];
    for await (const wf of sys.env.client.workflow.list({ query: `WorkflowId = '${id}'` })) runs.push(wf.status.name);
    expect(runs.filter((s) => s === 'CONTINUED_AS_NEW').length).toBeGreaterThanOrEqual(3);
    expect(runs.filter((s) => s === 'COMPLETED')).toHaveLength(1);

    const r = (await sys.call(people.office, { method: 'GET', url: `/cases/${id}` })).json<PatrolCaseRecord>();
    expect(r.findings).toHaveLength(100);
    expect(r.findings.every((f) => f.summary === text('问题', 1000))).toBe(true);
    expect(r.suggestions.every((s) => s.answer?.text === text('答复', 1000))).toBe(true);
    expect(r.requests.map((q) => q.decision)).toEqual([...Array<string>(9).fill('send-back'), 'approve']);
    expect(r.transfers.every((t) => t.acknowledged)).toBe(true);
    expect(r.deadlines.every((t) => t.status === 'submitted')).toBe(true);
    expect(r.deadlines.filter((t) => t.extensions.length === 6)).toHaveLength(51);
    expect(r.publication?.text).toBe(text('公开', 2000));
    // Events are unique and in order across the runs: nothing lost, nothing doubled.
    const stamps = r.events.map((e) => `${e.at}|${e.action}|${e.summary}`);
    expect(new Set(stamps).size).toBe(stamps.length);
    expect(r.revision).toBeGreaterThan(500);
    // The record a run carries into the next (every text at its longest) stays within Temporal's 2 MiB payload limit.
    expect(Buffer.byteLength(JSON.stringify(r))).toBeLessThan(1.8 * 2 ** 20);
    // Need to know holds after all that: the unit sees its own part only.
    const seen = (await sys.call(unit, { method: 'GET', url: `/cases/${id}` })).json<PatrolCaseRecord>();
    expect([seen.findings, seen.requests, seen.transfers, seen.report]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
