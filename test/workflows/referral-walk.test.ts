/**
 * Issue 36 item 1 (docs/referrals.md): referrals for verification (交办核查) on the real system (a Temporal dev server,
 * the worker, the API and its case store, over HTTP). A registered public report is referred to a county, which signs,
 * replies after its date, is sent back once, replies 部分属实 and is accepted: the true part enters the rectification
 * ledger and the reporter's receipt shows the reply the office approved, never the county's words. A finding of a
 * patrol is referred by the office with a date of its own. Each role sees what docs/referrals.md gives it, and bad input
 * changes nothing.
 */
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { recordHistory } from '../helpers/histories';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CaseClaims } from '../../lib/infra/tokens';
import { proposal } from '../../scripts/patrol-walk';
import type { PublicReportRecord } from '../../workflows/public-report/contract';
import type { ReferralRecord } from '../../workflows/referral/contract';
import { multipart, pdf } from '../helpers/patrol';
import { daysAhead, ledgerPage, problemWhen } from '../helpers/problems';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';

const loufan = { sub: 'unit-lf', role: 'unit', unit: 'taiyuan-loufan', name: '娄烦县 王芳' } satisfies CaseClaims;
const auditor = { sub: 'aud-1', role: 'auditor', name: '审计 周洁' } satisfies CaseClaims;

/** The reply is due a minute after the referral starts, so the walk's first reply comes late. */
function compressedPolicy(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'referral-policy-')), 'policy.json');
  const rule = { rule: { unit: 'minutes', amount: 1 }, remindersBefore: [], escalations: [] };
  writeFileSync(file, JSON.stringify({ 'referral-reply': rule }));
  return file;
}

describe('Issue 36 item 1: referrals for verification (交办核查), end to end (real Temporal, HTTP)', () => {
  let sys: TestSystem;
  let reportId = '';
  let receipt = '';
  let referralId = '';

  const call = (who: CaseClaims | undefined, method: 'GET' | 'POST', url: string, payload?: object) =>
    sys.call(who, { method, url, ...(payload ? { payload } : {}) });
  const step = async (who: CaseClaims, id: string, p: string, body: object, expected = 200) => {
    const res = await call(who, 'POST', `/referrals/${id}/${p}`, body);
    expect([p, res.statusCode, res.statusCode === expected ? '' : res.body]).toEqual([p, expected, '']);
    return res.json<ReferralRecord & { message?: string }>();
  };
  const read = async (who: CaseClaims, id: string) =>
    (await call(who, 'GET', `/referrals/${id}`)).json<ReferralRecord>();
  const when = (id: string, until: (r: ReferralRecord) => boolean, timeoutMs = 30_000) =>
    eventually(async () => {
      const res = await call(people.office, 'GET', `/referrals/${id}`);
      const r = res.statusCode === 200 ? res.json<ReferralRecord>() : undefined;
      return r && until(r) ? r : undefined;
    }, timeoutMs);
  const report = async () =>
    (await call(people.office, 'GET', `/public-reports/${reportId}`)).json<PublicReportRecord>();
  const referralsStored = async () => (await sys.store.listCases({ kind: 'referral', limit: 50 })).length;

  beforeAll(async () => {
    sys = await startSystem({ workerEnv: { DEADLINE_POLICY_FILE: compressedPolicy() } });
    const filed = await call(undefined, 'POST', '/public-reports', {
      targetUnit: 'taiyuan-loufan',
      what: '某乡镇危房改造补助资金迟迟未发放到户，村干部优亲厚友',
    });
    expect(filed.statusCode).toBe(201);
    receipt = filed.json<{ receipt: string }>().receipt;
    const rows = await eventually(async () => {
      const list = (await call(people.office, 'GET', '/public-reports')).json<Array<{ reportId: string }>>();
      return list.length ? list : undefined;
    });
    reportId = rows[0]!.reportId;
  }, 120_000);
  afterAll(async () => {
    await sys?.close();
  });

  const start = (payload: object, key?: string) =>
    sys.call(people.office, {
      method: 'POST',
      url: '/referrals',
      payload,
      ...(key ? { headers: { 'idempotency-key': key } } : {}),
    });
  const fromReport = () => ({
    source: { kind: 'public-report', publicReportId: reportId },
    unit: 'taiyuan-loufan',
    matter: '核查某乡镇危房改造补助资金是否足额及时发放到户，有无优亲厚友问题',
  });

  const countyFindings = '经入户逐户核对，补助资金已发放到户，但有三户发放迟延';
  const publicReply = '经核查，您反映的问题部分属实，有关县已督促整改。感谢您对脱贫攻坚工作的监督。';

  test('Issue 36 item 1: a public report referred to a county, replied late, sent back once, accepted as 部分属实; its true part in the ledger, the receipt showing the approved reply', async () => {
    // Not registered yet: nothing starts.
    expect((await start(fromReport())).statusCode).toBe(409);
    const registered = await call(people.office, 'POST', `/public-reports/${reportId}/registration`, {
      summary: '反映危房改造补助资金未发放到户',
    });
    expect(registered.statusCode).toBe(200);
    // Bad input changes nothing: an empty matter, an unknown unit, a finding of no case, a report without its id, a
    // date in the past.
    const bad: object[] = [
      { ...fromReport(), matter: '  ' },
      { ...fromReport(), unit: 'nowhere' },
      { ...fromReport(), source: { kind: 'finding', caseId: 'patrol-2026-taiyuan-0999' } },
      { ...fromReport(), source: { kind: 'public-report' } },
      { ...fromReport(), dueDate: '2020-01-01' },
    ];
    for (const body of bad) {
      const res = await start(body);
      expect([res.statusCode, res.json<{ message: string }>().message]).toEqual([
        422,
        expect.stringMatching(/[一-龥]/),
      ]);
    }
    expect(await referralsStored()).toBe(0);
    expect((await report()).stage).toBe('registered');

    const first = await start(fromReport(), 'referral-walk-1');
    expect(first.statusCode).toBe(201);
    referralId = first.json<{ referralId: string }>().referralId;
    expect(referralId).toMatch(/^referral-[0-9]{4}-0001$/);
    expect(first.headers.location).toMatch(new RegExp(`/referrals/${referralId}$`));
    // A retry with its key is the same referral; the key with another body is refused.
    const retry = await start(fromReport(), 'referral-walk-1');
    expect([retry.statusCode, retry.json<{ referralId: string }>().referralId]).toEqual([201, referralId]);
    expect((await start({ ...fromReport(), matter: '另一事项' }, 'referral-walk-1')).statusCode).toBe(422);

    // The report is referred: its reporter reads so, and it cannot be referred twice.
    await eventually(async () => ((await report()).stage === 'referred' ? true : undefined), 30_000);
    expect((await report()).decision).toMatchObject({ action: 'refer', caseId: referralId });
    const referred = (await call(undefined, 'GET', `/public-reports/${receipt}`)).json<Record<string, string>>();
    expect(referred).toMatchObject({ status: 'referred', statusLabel: '已交有关地方或部门核查' });
    expect(referred.reply).toBeUndefined();
    expect((await start(fromReport())).statusCode).toBe(409);
    // Once the report reads 已交办核查, the key still decides: a retry is the same referral, another body 422.
    const retried = await start(fromReport(), 'referral-walk-1');
    expect([retried.statusCode, retried.json<{ referralId: string }>().referralId]).toEqual([201, referralId]);
    expect((await start({ ...fromReport(), matter: '另一事项' }, 'referral-walk-1')).statusCode).toBe(422);
    expect(await referralsStored()).toBe(1);

    // The county: the 交办函's notice with the matter and its date; never the source.
    await when(referralId, (r) => r.deadlines.length > 0);
    const seen = await read(loufan, referralId);
    expect(seen).toMatchObject({ matter: fromReport().matter, stage: 'verifying' });
    expect(seen.source).toBeUndefined();
    expect(JSON.stringify(seen)).not.toContain(reportId);
    expect(JSON.stringify(seen)).not.toMatch(/群众举报|举报人/);
    expect(seen.deadlines.map((d) => d.kind)).toEqual(['referral-reply']);
    expect(seen.notifications.map((n) => n.subject)).toContainEqual(expect.stringContaining('交办事项核查情况报告'));

    // 签收 first; then a reply after its date is received and recorded as late.
    const reply1 = { verdict: 'untrue', findings: countyFindings, actions: '已责成乡镇补发' };
    expect((await step(loufan, referralId, 'reply', reply1, 409)).message).toContain('签收');
    await step(loufan, referralId, 'sign', { handler: '李强' });
    expect((await step(loufan, referralId, 'sign', {}, 409)).message).toContain('已签收');
    await when(referralId, (r) => r.deadlines[0]?.status === 'overdue', 150_000);
    const late = await step(loufan, referralId, 'reply', reply1);
    expect(late).toMatchObject({ stage: 'awaiting-review', replies: [{ verdict: 'untrue', late: true }] });

    // The office: no problems on 不属实, no acceptance of a report's referral without the words for the reporter.
    const problems = [{ requirement: '将迟延发放的危房改造补助资金足额发放到户', term: { kind: 'immediate' } }];
    const untrue = await step(
      people.office,
      referralId,
      'review',
      { decision: 'accept', reason: '同意', publicReply, problems },
      422,
    );
    expect(untrue.message).toContain('不属实');
    const mute = await step(people.office, referralId, 'review', { decision: 'accept', reason: '同意' }, 422);
    expect(mute.message).toContain('答复');
    expect(await read(people.office, referralId)).toMatchObject({ stage: 'awaiting-review', reviews: [] });
    const back = await step(people.office, referralId, 'review', {
      decision: 'send-back',
      reason: '核查不深入，请逐户核对',
    });
    expect(back.stage).toBe('verifying');
    expect(back.deadlines.map((d) => d.kind)).toEqual(['referral-reply', 'rectification-resubmission']);

    // Evidence, then 部分属实, on time; the office accepts with the reply to the reporter and one problem.
    const form = multipart({}, [{ name: '发放清单.pdf', type: 'application/pdf', bytes: pdf }], 'files');
    const up = await sys.call(loufan, { method: 'POST', url: `/referrals/${referralId}/files`, ...form });
    expect([up.statusCode, up.json<ReferralRecord>().evidence?.length]).toEqual([200, 1]);
    const again = await step(loufan, referralId, 'reply', { ...reply1, verdict: 'partly-true' });
    expect(again.replies?.[1]).toMatchObject({ verdict: 'partly-true', late: false });
    const done = await step(people.office, referralId, 'review', {
      decision: 'accept',
      reason: '核查属实部分已整改',
      publicReply,
      problems,
    });
    expect(done).toMatchObject({ stage: 'concluded', closed: true });
    expect(done.conclusion).toMatchObject({
      verdict: 'partly-true',
      publicReply,
      problems: [`problem-${referralId}-1`],
    });

    // The true part is a problem of the ledger, with source referral.
    const problem = await problemWhen(sys, people.office, `problem-${referralId}-1`);
    expect(problem).toMatchObject({
      source: { kind: 'referral', caseId: referralId },
      requirement: problems[0]!.requirement,
    });
    const rows = await eventually(async () => {
      const page = await ledgerPage(sys, people.office, 'source=referral');
      return page.items.length ? page.items : undefined;
    }, 20_000);
    expect(rows.map((r) => [r.problemId, r.source.kind])).toEqual([[`problem-${referralId}-1`, 'referral']]);
    // Issue 37: the problem is started after the conclusion's step (in the background of the case), and the referral,
    // closed by that step, ends only once the start has been made.
    const handle = sys.env.client.workflow.getHandle(referralId);
    await handle.result();
    const events = (await handle.fetchHistory()).events!;
    const at = (test: (e: (typeof events)[number]) => unknown) => events.findIndex((e) => test(e));
    const started = at((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'startProblems');
    const startedDone = at(
      (e) => Number(e.activityTaskCompletedEventAttributes?.scheduledEventId) === Number(events[started]!.eventId),
    );
    const ended = at((e) => e.workflowExecutionCompletedEventAttributes);
    expect([started > 0, started < startedDone, startedDone < ended]).toEqual([true, true, true]);

    // The receipt: verified, in the office's words, never the county's.
    const verified = await eventually(async () => {
      const res = await call(undefined, 'GET', `/public-reports/${receipt}`);
      return res.json<{ status: string }>().status === 'verified' ? res : undefined;
    }, 30_000);
    expect(verified.json()).toMatchObject({ status: 'verified', statusLabel: '已核查办结', reply: publicReply });
    expect(verified.body).not.toContain(countyFindings);
    expect(verified.body).not.toContain('已责成乡镇补发');
    expect((await report()).stage).toBe('closed');
    // The replay set (docs/upgrades.md): a referral sent back once and accepted; the report it rested on, verified.
    if (process.env.RECORD_HISTORIES) {
      const history = async (id: string) => historyToJSON(await sys.env.client.workflow.getHandle(id).fetchHistory());
      recordHistory('referral.json', await history(referralId));
      recordHistory('public-report-referred.json', await history(reportId));
    }
  }, 300_000);

  test('Issue 36 item 1, need to know: the county reads its referral and documents without the source; another unit, a group leader, the discipline commission and the public hear "not found", an auditor is refused', async () => {
    const own = await read(loufan, referralId);
    expect(own.reviews?.map((r) => r.decision)).toEqual(['send-back', 'accept']);
    expect(own.replies).toHaveLength(2);
    expect(own.source).toBeUndefined();
    expect(own.conclusion).toBeUndefined();
    expect(JSON.stringify(own)).not.toContain(publicReply);
    const docs = (await call(loufan, 'GET', `/referrals/${referralId}/documents`)).json<
      Array<{ id: string; kind: string; html: string; number?: string }>
    >();
    expect(docs.map((d) => [d.id, d.kind])).toEqual([
      ['referral-letter', '函'],
      ['reply-1', '报告'],
      ['reply-2', '报告'],
    ]);
    expect(docs[0]!.number).toBeDefined();
    const letter = (await call(loufan, 'GET', docs[0]!.html)).body;
    expect(letter).toContain(fromReport().matter);
    expect(letter).toContain('中共娄烦县委、娄烦县人民政府');
    expect(letter).not.toMatch(/群众举报|举报人/);
    for (const who of [people.datong, people.taiyuan, people.groupLeader, people.discipline, people.public]) {
      expect([who.sub, (await call(who, 'GET', `/referrals/${referralId}`)).statusCode]).toEqual([who.sub, 404]);
      const docsRes = await call(who, 'GET', `/referrals/${referralId}/documents`);
      expect([who.sub, docsRes.statusCode]).toEqual([who.sub, 404]);
    }
    expect((await call(auditor, 'GET', `/referrals/${referralId}`)).statusCode).toBe(403);
    // Nor may they act: another unit's step is answered as for a referral that does not exist.
    expect((await call(people.datong, 'POST', `/referrals/${referralId}/sign`, {})).statusCode).toBe(404);
    expect((await call(loufan, 'POST', '/referrals', fromReport())).statusCode).toBe(403);
  });

  test('Issue 36 item 1: a finding of a patrol referred by the office, by a date it sets; accepted without a reply to any reporter and proposed to the leading group as grounds of a patrol', async () => {
    const patrol = await call(people.leadingGroup, 'POST', '/patrols', proposal(2026, 36, 'taiyuan'));
    expect(patrol.statusCode).toBe(201);
    const caseId = patrol.json<{ caseId: string }>().caseId;
    const dueDate = daysAhead(20);
    const res = await start({
      source: { kind: 'finding', caseId },
      unit: 'taiyuan',
      matter: '核查太原市易地扶贫搬迁安置点配套设施建设滞后问题',
      dueDate,
    });
    expect(res.statusCode).toBe(201);
    const id = res.json<{ referralId: string }>().referralId;
    expect(id).not.toBe(referralId);
    const armed = await when(id, (r) => r.deadlines.length > 0);
    expect(armed.source).toEqual({ kind: 'finding', caseId });
    expect(armed.deadlines[0]!.deadline.dueDate).toBe(dueDate);
    const seen = await read(people.taiyuan, id);
    expect(seen.source).toBeUndefined();
    expect(JSON.stringify(seen)).not.toContain(caseId);
    expect((await call(people.datong, 'GET', `/referrals/${id}`)).statusCode).toBe(404);

    await step(people.taiyuan, id, 'sign', {});
    await step(people.taiyuan, id, 'reply', {
      verdict: 'true',
      findings: '安置点道路硬化未完成',
      actions: '已列入年度计划',
    });
    const noReporter = await step(
      people.office,
      id,
      'review',
      { decision: 'accept', reason: '同意', publicReply: '答复' },
      422,
    );
    expect(noReporter.message).toContain('不是群众举报');
    const done = await step(people.office, id, 'review', {
      decision: 'accept',
      reason: '同意办结',
      proposePatrol: true,
    });
    expect(done).toMatchObject({ stage: 'concluded', conclusion: { verdict: 'true', proposePatrol: true } });
    expect(done.notifications.map((n) => [n.to.role, n.subject])).toContainEqual([
      'leading-group',
      expect.stringContaining('建议作为巡查依据'),
    ]);
    expect(done.signatures?.[0]?.handler).toBe('张伟');
  });
});
