/**
 * Issue 35 (docs/ledger.md): a problem of the rectification ledger is its own workflow, on the real system (a Temporal
 * dev server, the worker, the API and its case store, a real SMTP receiver). The office enters the problems of a
 * verified public report, one of each term kind; the unit reports progress with figures and evidence and asks for
 * 销号; the supervising body sends back and strikes off; the leading group and a follow-up visit reopen (反弹); and each
 * role sees only what docs/ledger.md's table gives it.
 */
import type { CaseClaims } from '../../lib/infra/tokens';
import type { ProblemRecord } from '../../workflows/problem/contract';
import { problemReboundSignal } from '../../workflows/problem/contract';
import { addMonths } from '../../workflows/problem/rules';
import { localToday } from '../../workflows/engine/texts';
import { startProblem } from '../../api/services/problems';
import { routesFile, startSmtpServer } from '../helpers/channels';
import { multipart, pdf } from '../helpers/patrol';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';
import { recordHistory } from '../helpers/histories';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

const loufan = { sub: 'unit-lf', role: 'unit', unit: 'taiyuan-loufan', name: '娄烦县 王芳' } satisfies CaseClaims;
const auditor = { sub: 'aud-1', role: 'auditor', name: '审计 周洁' } satisfies CaseClaims;
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

describe('Issue 35: a problem of the rectification ledger, from entry to 销号 and 反弹 (real Temporal, HTTP, SMTP)', () => {
  let sys: TestSystem;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let reportId = '';
  let year = 0;
  const id = (n: number) => `problem-${reportId}-${n}`;
  const dueDate = addMonths(localToday(), 2);

  const call = (who: CaseClaims, method: 'GET' | 'POST', url: string, payload?: object) =>
    sys.call(who, { method, url, ...(payload ? { payload } : {}) });
  const step = async (who: CaseClaims, n: number | string, path: string, payload: object) => {
    const res = await call(who, 'POST', `/problems/${typeof n === 'number' ? id(n) : n}/${path}`, payload);
    if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body}`);
    return res.json<ProblemRecord>();
  };
  const read = async (who: CaseClaims, n: number | string) =>
    (await call(who, 'GET', `/problems/${typeof n === 'number' ? id(n) : n}`)).json<ProblemRecord>();
  /** A problem once its first term is set (it computes its deadline in its first moments). */
  const armed = (n: number | string) =>
    eventually(async () => {
      const r = await call(people.office, 'GET', `/problems/${typeof n === 'number' ? id(n) : n}`);
      const v = r.statusCode === 200 ? r.json<ProblemRecord>() : undefined;
      return v?.deadlines.length ? v : undefined;
    }, 30_000);

  beforeAll(async () => {
    smtp = await startSmtpServer();
    const routes = routesFile([
      { role: 'office', email: ['duchaban@fpb.test'] },
      { role: 'leading-group', email: ['lingdaoxiaozu@fpb.test'] },
      { role: 'unit', email: ['units@fpb.test'] },
    ]);
    sys = await startSystem({
      workerEnv: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, NOTIFICATION_ROUTES_FILE: routes },
    });
    const filed = await sys.call(undefined, {
      method: 'POST',
      url: '/public-reports',
      payload: { targetUnit: 'taiyuan-loufan', what: '某乡镇危房改造补助资金迟迟未发放到户' },
    });
    expect(filed.statusCode).toBe(201);
    const rows = await eventually(async () => {
      const list = (await call(people.office, 'GET', '/public-reports')).json<Array<{ reportId: string }>>();
      return list.length ? list : undefined;
    });
    reportId = rows[0]!.reportId;
  }, 120_000);
  afterAll(async () => {
    await sys?.close();
    await smtp?.close();
  });

  test('Issue 35 item 1: the office enters a verified public report as one problem per requirement, each with its own term', async () => {
    const body = {
      publicReportId: reportId,
      requirements: [
        { requirement: '立即将危房改造补助资金足额发放到户', unit: 'taiyuan-loufan', term: { kind: 'immediate' } },
        { requirement: '建立补助资金发放台账并公示', unit: 'taiyuan', term: { kind: 'dated', dueDate } },
        { requirement: '健全农村危房动态监测机制', unit: 'datong', term: { kind: 'long-term', everyMonths: 2 } },
      ],
    };
    // Not verified yet (registered): nothing starts.
    const early = await call(people.office, 'POST', '/problems', body);
    expect(early.statusCode).toBe(409);
    expect(early.json<{ message: string }>().message).toContain('尚未登记核实');
    const registered = await call(people.office, 'POST', `/public-reports/${reportId}/registration`, {
      summary: '反映危房改造补助资金未发放到户',
    });
    expect(registered.statusCode).toBe(200);
    year = registered.json<{ year: number }>().year;

    // Bad input changes nothing: a date on a term that has none, an unknown unit, the unit may not enter problems.
    const dated = { ...body, requirements: [{ ...body.requirements[0]!, term: { kind: 'immediate', dueDate } }] };
    expect((await call(people.office, 'POST', '/problems', dated)).statusCode).toBe(422);
    const unknown = { ...body, requirements: [{ ...body.requirements[0]!, unit: 'nowhere' }] };
    expect((await call(people.office, 'POST', '/problems', unknown)).statusCode).toBe(422);
    expect((await call(people.taiyuan, 'POST', '/problems', body)).statusCode).toBe(403);

    const res = await call(people.office, 'POST', '/problems', body);
    expect(res.statusCode).toBe(201);
    expect(res.json<{ problems: Array<{ problemId: string }> }>().problems.map((p) => p.problemId)).toEqual([
      id(1),
      id(2),
      id(3),
    ]);
    expect(res.headers.location).toMatch(new RegExp(`/problems/${id(1)}$`));
    // Entered again: nothing new, 409 with the first problem.
    const again = await call(people.office, 'POST', '/problems', body);
    expect(again.statusCode).toBe(409);
    expect(again.headers.location).toMatch(new RegExp(`/problems/${id(1)}$`));

    const [one, two, three] = [await armed(1), await armed(2), await armed(3)];
    expect(one).toMatchObject({
      kind: 'problem',
      stage: 'rectifying',
      city: 'taiyuan',
      source: { kind: 'public-report', caseId: reportId, requirement: 1, article: '第五条', year },
      term: { kind: 'immediate' },
    });
    expect(one.deadlines[0]).toMatchObject({
      key: 'term-1',
      kind: 'problem-immediate',
      party: { role: 'unit', unit: 'taiyuan-loufan' },
      section: 'progress',
      step: 'requestStrikeOff',
    });
    expect(two.deadlines[0]).toMatchObject({ kind: 'problem-dated', deadline: { dueDate } });
    expect(three.deadlines[0]).toMatchObject({
      key: 'progress-1',
      kind: 'problem-progress',
      step: 'reportProblemProgress',
    });
    // The unit is told of the requirement, its term and its date, in one notice.
    const mail = await eventually(() =>
      Promise.resolve(
        smtp.mails.find((m) => m.subject.includes('娄烦县整改问题（') && m.text.includes('立即将危房改造补助资金')),
      ),
    );
    expect(mail.subject).toContain(`${year}年群众举报第一项整改要求`);
    expect(mail.text).toContain('立行立改');
    expect(mail.text).toMatch(/请于[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日前提交/);
  });

  test('Issue 35 item 2: progress with figures adds up, evidence is uploaded, and 销号 is refused before any progress', async () => {
    const early = await call(loufan, 'POST', `/problems/${id(1)}/strike-off-request`, { summary: '已整改完毕' });
    expect(early.statusCode).toBe(422);
    expect(early.json<{ message: string }>().message).toBe('申请销号前须至少报送一次整改进展');

    await step(loufan, 1, 'progress', {
      what: '已向农户发放补助资金',
      measures: '逐户核对发放名册',
      figures: { recoveredYuan: 12000.5, heldAccountable: 2, other: [{ label: '整改项目数', value: 3, unit: '个' }] },
      responsiblePerson: '李华',
      responsiblePost: '副县长',
    });
    const after = await step(loufan, 1, 'progress', {
      what: '追回被挪用资金并出台管理办法',
      figures: { recoveredYuan: 8000.25, rulesMade: 1, other: [{ label: '整改项目数', value: 2, unit: '个' }] },
    });
    expect(after.progress).toHaveLength(2);
    expect(after.figures).toEqual({
      recoveredYuan: 20000.75,
      heldAccountable: 2,
      rulesMade: 1,
      other: [{ label: '整改项目数', value: 5, unit: '个' }],
    });
    expect(after.responsible).toEqual({ person: '李华', post: '副县长' });
    expect(after.events.map((e) => e.summary)).toContain('报送整改进展：追回资金12000.5元，问责2人，整改项目数3个');

    const form = multipart({}, [
      { name: '发放名册.pdf', type: 'application/pdf', bytes: pdf },
      { name: '现场照片.png', type: 'image/png', bytes: png },
    ]);
    const up = await sys.call(loufan, { method: 'POST', url: `/problems/${id(1)}/files`, ...form });
    expect(up.statusCode).toBe(200);
    const evidence = up.json<ProblemRecord>().evidence;
    expect(evidence.map((e) => e.contentType)).toEqual(['application/pdf', 'image/png']);
    expect(evidence[0]).toMatchObject({ by: { id: loufan.sub } });
    // Whoever sees the evidence downloads it: the unit and its city; another unit hears "not found".
    const url = `/documents/${evidence[0]!.id}`;
    const own = await call(loufan, 'GET', url);
    expect(own.statusCode).toBe(200);
    expect(own.rawPayload.equals(pdf)).toBe(true);
    expect((await call(people.taiyuan, 'GET', url)).statusCode).toBe(200);
    expect((await call(people.datong, 'GET', url)).statusCode).toBe(404);

    // A refused upload keeps nothing: a type not allowed (415), and the city, which may not act on it (403).
    const exe = multipart({}, [{ name: '说明.pdf', bytes: Buffer.from('4d5a900003000000', 'hex') }]);
    expect((await sys.call(loufan, { method: 'POST', url: `/problems/${id(1)}/files`, ...exe })).statusCode).toBe(415);
    const byCity = multipart({}, [{ name: '市级核查.pdf', type: 'application/pdf', bytes: Buffer.concat([pdf, pdf]) }]);
    expect(
      (await sys.call(people.taiyuan, { method: 'POST', url: `/problems/${id(1)}/files`, ...byCity })).statusCode,
    ).toBe(403);
    expect((await sys.store.documents(id(1))).map((d) => d.id).sort()).toEqual(evidence.map((e) => e.id).sort());
    expect((await read(people.office, 1)).evidence).toHaveLength(2);
  });

  test('Issue 35 item 3: 申请销号, sent back with a reason and a new term, asked again, struck off, reopened by the leading group', async () => {
    const asked = await step(loufan, 1, 'strike-off-request', { summary: '补助资金已全部发放到户' });
    expect(asked.stage).toBe('awaiting-review');
    expect(asked.deadlines.find((d) => d.key === 'term-1')?.status).toBe('submitted');
    // The leading group and the office each have the review to do.
    for (const who of [people.leadingGroup, people.office]) {
      const { tasks } = (await call(who, 'GET', '/my/tasks')).json<{
        tasks: Array<{ caseId: string; step: string }>;
      }>();
      expect(tasks).toContainEqual(expect.objectContaining({ caseId: id(1), step: 'reviewStrikeOff' }));
    }
    expect(
      (await call(loufan, 'POST', `/problems/${id(1)}/strike-off-review`, { decision: 'strike-off', reason: '好' }))
        .statusCode,
    ).toBe(403);
    const empty = await call(people.leadingGroup, 'POST', `/problems/${id(1)}/strike-off-review`, {
      decision: 'send-back',
      reason: ' ',
    });
    expect(empty.statusCode).toBe(422);

    const back = await step(people.leadingGroup, 1, 'strike-off-review', {
      decision: 'send-back',
      reason: '尚有3户未领到补助资金',
    });
    expect(back.stage).toBe('rectifying');
    expect(back.reviews).toEqual([expect.objectContaining({ decision: 'send-back', reason: '尚有3户未领到补助资金' })]);
    expect(back.deadlines.find((d) => d.key === 'term-2')).toMatchObject({
      kind: 'rectification-resubmission',
      status: 'waiting',
      step: 'requestStrikeOff',
    });
    await eventually(() => Promise.resolve(smtp.mails.find((m) => m.text.includes('审核意见：尚有3户未领到补助资金'))));

    await step(loufan, 1, 'strike-off-request', { summary: '剩余3户已领到补助资金' });
    expect((await read(loufan, 1)).deadlines.find((d) => d.key === 'term-2')?.status).toBe('submitted');
    const off = await step(people.office, 1, 'strike-off-review', { decision: 'strike-off', reason: '经核查整改到位' });
    expect(off.stage).toBe('struck-off');
    expect(off.struckOffAt).toBeDefined();
    await eventually(() => Promise.resolve(smtp.mails.find((m) => m.subject.startsWith('【已销号】娄烦县整改问题'))));

    // 反弹: the leading group only, with a reason.
    const reason = { reason: '回访发现又有农户补助资金被截留' };
    expect((await call(loufan, 'POST', `/problems/${id(1)}/reopening`, reason)).statusCode).toBe(403);
    expect((await call(people.office, 'POST', `/problems/${id(1)}/reopening`, reason)).statusCode).toBe(403);
    const reopened = await step(people.leadingGroup, 1, 'reopening', reason);
    expect(reopened.stage).toBe('rectifying');
    expect(reopened.struckOffAt).toBeUndefined();
    expect(reopened.reopenings).toEqual([expect.objectContaining(reason)]);
    expect(reopened.deadlines.find((d) => d.key === 'term-3')).toMatchObject({
      kind: 'rectification-resubmission',
      status: 'waiting',
    });
    // The replay set (docs/upgrades.md): a problem sent back, struck off and reopened.
    if (process.env.RECORD_HISTORIES) {
      recordHistory('problem.json', historyToJSON(await sys.env.client.workflow.getHandle(id(1)).fetchHistory()));
    }
  });

  test('Issue 35 item 3: a follow-up visit (回头看) reopens a problem struck off; while it is open the check is only recorded', async () => {
    await armed(2);
    const handle = sys.env.client.workflow.getHandle(id(2));
    const visit = { followUp: 'supervision-2027-taiyuan-0002', by: { id: 'lg-1', role: 'leading-group' as const } };
    await handle.signal(problemReboundSignal, { ...visit, reason: '台账尚未公示', verdict: 'partly' });
    const checked = await eventually(async () => {
      const r = await read(people.office, 2);
      return r.events.some((e) => e.action === 'rebound-checked') ? r : undefined;
    });
    expect(checked.stage).toBe('rectifying');
    expect(checked.reopenings).toEqual([]);

    await step(people.taiyuan, 2, 'progress', { what: '台账已建立并在村务公开栏公示' });
    await step(people.taiyuan, 2, 'strike-off-request', { summary: '台账已公示' });
    await step(people.leadingGroup, 2, 'strike-off-review', { decision: 'strike-off', reason: '整改到位' });
    await handle.signal(problemReboundSignal, {
      ...visit,
      reason: '公示栏已撤下，台账未更新',
      verdict: 'not-rectified',
    });
    const back = await eventually(async () => {
      const r = await read(people.office, 2);
      return r.stage === 'rectifying' ? r : undefined;
    });
    expect(back.reopenings).toEqual([
      expect.objectContaining({
        reason: '公示栏已撤下，台账未更新',
        followUp: visit.followUp,
        verdict: 'not-rectified',
      }),
    ]);
    expect(back.events.map((e) => e.summary)).toContain('回头看发现该问题未整改，问题反弹，重新打开');
    expect(back.deadlines.find((d) => d.key === 'term-2')).toMatchObject({ kind: 'rectification-resubmission' });
  });

  test('Issue 35 item 2: a 长期坚持 problem reports every N months: each report submits its period and opens the next', async () => {
    const first = await step(people.datong, 3, 'progress', { what: '制定危房动态监测办法', figures: { rulesMade: 1 } });
    expect(first.deadlines.find((d) => d.key === 'progress-1')?.status).toBe('submitted');
    expect(first.deadlines.find((d) => d.key === 'progress-2')).toMatchObject({
      kind: 'problem-progress',
      status: 'waiting',
      deadline: { dueDate: addMonths(localToday(), 2) },
    });
    const asked = await step(people.datong, 3, 'strike-off-request', { summary: '监测机制已运行' });
    expect(asked.deadlines.find((d) => d.key === 'progress-2')?.status).toBe('closed');
    const back = await step(people.office, 3, 'strike-off-review', {
      decision: 'send-back',
      reason: '须持续运行满一年',
    });
    // Sent back, a long-term problem goes on reporting: the next period, not a 30-day term.
    expect(back.deadlines.find((d) => d.key === 'progress-3')).toMatchObject({
      kind: 'problem-progress',
      status: 'waiting',
    });
    expect(back.deadlines.some((d) => d.kind === 'rectification-resubmission')).toBe(false);
  });

  test('Need to know (docs/ledger.md): another unit, a group leader and the public hear "not found", an auditor is refused; a city sees but does not act', async () => {
    for (const who of [people.datong, people.groupLeader, people.public, people.discipline]) {
      expect([who.role, (await call(who, 'GET', `/problems/${id(1)}`)).statusCode]).toEqual([who.role, 404]);
    }
    // The auditor reads the audit trail and nothing else, of any case: refused before anything is read.
    expect((await call(auditor, 'GET', `/problems/${id(1)}`)).statusCode).toBe(403);
    expect((await call(people.datong, 'POST', `/problems/${id(1)}/progress`, { what: '代报' })).statusCode).toBe(404);
    // The city of a county sees its problem whole (as a unit sees one) and acts on none of it.
    const city = await read(people.taiyuan, 1);
    expect(city).toMatchObject({ caseId: id(1), requirement: '立即将危房改造补助资金足额发放到户' });
    expect(city.evidence).toHaveLength(2);
    expect(city.progress).toHaveLength(2);
    const acted = await call(people.taiyuan, 'POST', `/problems/${id(1)}/progress`, { what: '代县里报送' });
    expect(acted.statusCode).toBe(403);
    // The unit sees everything of its own but the discipline bodies it was transferred to.
    const unit = await read(loufan, 1);
    expect(unit.progress).toHaveLength(2);
    expect('transferredTo' in unit).toBe(false);
  });

  test('Need to know: a discipline body sees a problem only when its case transferred a violation to it, without progress, evidence or requests', async () => {
    const by = { id: 'lg-1', role: 'leading-group' as const };
    const base = {
      requirement: '严肃追究挪用扶贫资金人员责任',
      unit: { code: 'taiyuan-loufan', name: '娄烦县', kind: 'county' as const },
      city: 'taiyuan',
      term: { kind: 'immediate' as const },
      by,
    };
    const source = (n: number) => ({
      kind: 'patrol' as const,
      caseId: 'patrol-2026-taiyuan-loufan-0001',
      requirement: n,
      article: '第十六条第（二）项',
      year: 2026,
    });
    const transferred = await startProblem(sys.app.cases, {
      ...base,
      source: source(1),
      transferredTo: ['discipline-commission'],
    });
    const other = await startProblem(sys.app.cases, { ...base, source: source(2) });
    await armed(transferred.problemId);
    await armed(other.problemId);
    await step(loufan, transferred.problemId, 'progress', { what: '已立案调查', figures: { heldAccountable: 4 } });

    expect((await call(people.discipline, 'GET', `/problems/${other.problemId}`)).statusCode).toBe(404);
    const seen = await read(people.discipline, transferred.problemId);
    const allowed = ['source', 'requirement', 'term', 'responsible', 'figures', 'reviews', 'struckOffAt', 'reopenings'];
    const own = Object.keys(seen).filter(
      (k) =>
        ![
          'caseId',
          'kind',
          'targetUnit',
          'stage',
          'stageLabel',
          'closed',
          'revision',
          'awaiting',
          'events',
          'deadlines',
          'notifications',
        ].includes(k),
    );
    expect(own.every((k) => allowed.includes(k))).toBe(true);
    expect(seen).toMatchObject({ figures: { heldAccountable: 4 }, requirement: base.requirement });
    for (const hidden of ['progress', 'evidence', 'strikeOffRequests', 'city', 'transferredTo'])
      expect(seen).not.toHaveProperty(hidden);
    // Nor the unit's deadlines or the progress events.
    expect(seen.deadlines).toEqual([]);
    expect(seen.events.some((e) => e.section === 'progress')).toBe(false);
  });

  test('Issue 35: after 销号 a problem waits `reopenMonths` for a reopening, then ends struck off and can no longer be reopened', async () => {
    const started = await startProblem(sys.app.cases, {
      source: {
        kind: 'supervision',
        caseId: 'supervision-2026-datong-0002',
        requirement: 1,
        article: '第十一条第（二）项',
        year: 2026,
      },
      requirement: '规范扶贫项目资金拨付',
      unit: { code: 'datong', name: '大同市', kind: 'city' },
      city: 'datong',
      term: { kind: 'immediate' },
      by: { id: 'office-1', role: 'office' },
      reopenMonths: 0,
    });
    await armed(started.problemId);
    await step(people.datong, started.problemId, 'progress', { what: '已规范拨付流程' });
    await step(people.datong, started.problemId, 'strike-off-request', { summary: '已整改' });
    await step(people.office, started.problemId, 'strike-off-review', { decision: 'strike-off', reason: '整改到位' });
    const ended = await eventually(async () => {
      const r = await read(people.office, started.problemId);
      return r.closed ? r : undefined;
    }, 30_000);
    expect(ended).toMatchObject({ stage: 'struck-off', closed: true });
    expect(ended.events.at(-1)?.summary).toBe('销号后0个月内未发现反弹，整改问题办结');
    const late = await call(people.leadingGroup, 'POST', `/problems/${started.problemId}/reopening`, {
      reason: '反弹',
    });
    expect(late.statusCode).toBe(409);
  });
});
