import { ledgerColumns } from '../../api/ledger-files';
import { walkPeople } from '../../scripts/patrol-walk';
import type { CaseClaims } from '../../lib/infra/tokens';
import type { ProblemRecord } from '../../workflows/problem/contract';
import { problemView } from '../../workflows/problem/contract';
import { problemTexts as t } from '../../workflows/problem/texts';
import { multipart, pdf } from '../helpers/patrol';
import {
  attempt,
  closePatrol,
  compressedLedgerPolicy,
  daysAhead,
  followUpChecks,
  ledgerPage,
  patrolToFeedback,
  post,
  problemTable,
  problemWhen,
  readProblem,
  xlsxRows,
} from '../helpers/problems';
import type { Counts } from '../helpers/problems';
import { lintTexts, textsOfRecord } from '../helpers/text-lint';
import type { TestSystem } from '../helpers/system';
import { people, startSystem } from '../helpers/system';

/**
 * Issue 35, "Done when" (docs/ledger.md): a patrol whose three requirements become three problems with different
 * terms; the unit reports progress with figures and evidence and asks for 销号; the leading group strikes one off,
 * sends one back, strikes the third off, and a follow-up visit (回头看) finds it back (反弹); the ledger, its filters,
 * its CSV and .xlsx and its statistics show each state; need to know per role, field by field. A dev server, every
 * step through HTTP; a compressed policy brings the visit's date (6 months) and the send-back's term within a minute.
 */
describe('Issue 35: the rectification ledger, from a patrol’s feedback to 销号 and 反弹 (dev server, through HTTP)', () => {
  let sys: TestSystem;
  const caseId = 'patrol-2026-xinzhou-jingle-0035';
  const who = walkPeople('xinzhou-jingle', 'g-2026-35');
  const unit = who.unit;
  const city: CaseClaims = { sub: 'unit-xz', role: 'unit', unit: 'xinzhou', name: '忻州市 联络员' };
  const other: CaseClaims = people.datong;
  const p = (n: number) => `problem-${caseId}-${n}`;
  const opinions = ['立即停止挪用并追回危房改造资金', '核实并更正3户脱贫数据', '健全扶贫资金监管长效机制'];
  const dueDate = daysAhead(200);
  let visitId = '';
  const fromVisit = () => `problem-${visitId}-1`;
  const auditor: CaseClaims = { sub: 'auditor-1', role: 'auditor', name: '审计员 周敏' };
  const page = (by: CaseClaims, query = '') => ledgerPage(sys, by, query);
  const ledger = async (by: CaseClaims, query = '') => (await page(by, `limit=100&${query}`)).items;

  beforeAll(async () => {
    sys = await startSystem({ workerEnv: { DEADLINE_POLICY_FILE: compressedLedgerPolicy() } });
  });
  afterAll(async () => sys?.close());

  test('Issue 35 item 1, Art. 16 (2): the feedback’s three opinions become three problems, each with its own term (立行立改, 限期整改 by a date, 长期坚持 every 3 months)', async () => {
    const res = await sys.call(who.leadingGroup, {
      method: 'POST',
      url: '/patrols',
      payload: {
        year: 2026,
        serial: 35,
        targetUnit: 'xinzhou-jingle',
        grounds: { sources: ['public-report'], summary: '群众反映危房改造资金被截留' },
      },
    });
    expect(res.statusCode).toBe(201);
    await patrolToFeedback(sys, who, caseId);
    const feedback = (terms: object[]) =>
      sys.call(who.leadingGroup, {
        method: 'POST',
        url: `/patrols/${caseId}/feedback`,
        payload: { situation: '反馈巡查情况', rectificationOpinions: opinions, terms },
      });
    // A term for a requirement that does not exist, or a 限期整改 without its date: refused in Chinese, nothing issued.
    const noSuch = await feedback([{ requirement: 4, kind: 'immediate' }]);
    expect([noSuch.statusCode, noSuch.json<{ message: string }>().message]).toEqual([
      422,
      expect.stringContaining('没有第4项整改要求'),
    ]);
    const noDate = await feedback([{ requirement: 2, kind: 'dated' }]);
    expect([noDate.statusCode, noDate.json<{ message: string }>().message]).toEqual([
      422,
      expect.stringContaining('须写明整改完成日期'),
    ]);
    expect((await readProblem(sys, people.office, p(1))).statusCode).toBe(404);
    const issued = await feedback([
      { requirement: 1, kind: 'immediate' },
      { requirement: 2, kind: 'dated', dueDate },
      { requirement: 3, kind: 'long-term', everyMonths: 3 },
    ]);
    expect([issued.statusCode, issued.statusCode === 200 ? '' : issued.body]).toEqual([200, '']);
    const [first, second, third] = await Promise.all([1, 2, 3].map((n) => problemWhen(sys, people.office, p(n))));
    for (const [n, problem] of [first!, second!, third!].entries()) {
      expect(problem).toMatchObject({
        caseId: p(n + 1),
        kind: 'problem',
        stage: 'rectifying',
        targetUnit: { code: 'xinzhou-jingle', name: '静乐县' },
        source: { kind: 'patrol', caseId, requirement: n + 1, year: 2026 },
        requirement: opinions[n],
        city: 'xinzhou',
        transferredTo: ['discipline-commission'],
        progress: [],
        evidence: [],
      });
    }
    expect(first!.source.article).toContain('第十六条');
    // Each term on the deadline engine: 15 days, the date given, a progress report every 3 months.
    expect(first!.term).toEqual({ kind: 'immediate' });
    expect(first!.deadlines.map((d) => d.kind)).toContain('problem-immediate');
    expect(second!.term).toEqual({ kind: 'dated', dueDate });
    expect(second!.deadlines.find((d) => d.kind === 'problem-dated')?.deadline.dueDate).toBe(dueDate);
    expect(third!.term).toEqual({ kind: 'long-term', everyMonths: 3 });
    // Every 3 months from today (the same day, or the month's last).
    const progressDue = third!.deadlines.find((d) => d.kind === 'problem-progress')!.deadline.dueDate;
    expect(Math.round((Date.parse(progressDue) - Date.parse(daysAhead(0))) / (30.44 * 86_400_000))).toBe(3);
    // The unit is asked for each, with its term.
    expect(first!.awaiting).toEqual(
      expect.arrayContaining([expect.objectContaining({ role: 'unit', unit: 'xinzhou-jingle' })]),
    );
  });

  test('Issue 35 item 2: the unit reports progress with its figures (追回资金, 问责人数, 建章立制, free figures) and 佐证材料, and asks for 销号 on each', async () => {
    // 申请销号 only after a progress report: refused in Chinese, nothing changes.
    const progressUrl = (n: number) => `/problems/${p(n)}/progress`;
    const ask = { summary: '已整改' };
    expect(await attempt(sys, unit, `/problems/${p(1)}/strike-off-request`, ask)).toEqual([422, t.progressFirst]);
    // Another unit cannot reach it; bad figures are refused before anything is recorded.
    expect((await attempt(sys, other, progressUrl(1), { what: 'x' }))[0]).toBe(404);
    expect((await attempt(sys, unit, progressUrl(1), { what: 'x', figures: { recoveredYuan: -1 } }))[0]).toBe(400);
    await post(sys, unit, progressUrl(1), {
      what: '已停止挪用，追回资金120万元',
      measures: '责令乡镇退回挪用资金',
      figures: { recoveredYuan: 1_200_000, heldAccountable: 2 },
      responsiblePerson: '马丽',
      responsiblePost: '县长',
    });
    const first = await post(sys, unit, progressUrl(1), {
      what: '追回剩余资金30万元，问责1人，出台资金管理办法',
      figures: {
        recoveredYuan: 300_000,
        heldAccountable: 1,
        rulesMade: 1,
        other: [{ label: '整改项目数', value: 4, unit: '个' }],
      },
    });
    // The figures add up on the problem; the responsible person is the unit's.
    expect(first.figures).toEqual({
      recoveredYuan: 1_500_000,
      heldAccountable: 3,
      rulesMade: 1,
      other: [{ label: '整改项目数', value: 4, unit: '个' }],
    });
    expect(first.responsible).toEqual({ person: '马丽', post: '县长' });
    expect(first.progress.map((r) => r.late)).toEqual([false, false]);
    await post(sys, unit, progressUrl(2), { what: '已入户核实3户数据', figures: { rulesMade: 1 } });
    await post(sys, unit, progressUrl(3), { what: '建立资金监管台账，每季度公示', figures: { rulesMade: 2 } });

    // 佐证材料: a real upload, the type read from the bytes; a program is refused and nothing is kept.
    const upload = (n: number, files: Array<{ name: string; type?: string; bytes: Buffer }>, by = unit) => {
      const form = multipart({}, files, 'files');
      return sys.call(by, { method: 'POST', url: `/problems/${p(n)}/files`, ...form });
    };
    expect((await upload(1, [{ name: 'a.exe', bytes: Buffer.from('MZ\x90\x00\x03') }])).statusCode).toBe(415);
    expect((await upload(1, [{ name: '退款凭证.pdf', type: 'application/pdf', bytes: pdf }], other)).statusCode).toBe(
      404,
    );
    const uploaded = await upload(1, [{ name: '退款凭证.pdf', type: 'application/pdf', bytes: pdf }]);
    expect([uploaded.statusCode, uploaded.statusCode === 200 ? '' : uploaded.body]).toEqual([200, '']);
    const withEvidence = await problemWhen(sys, unit, p(1), (x) => x.evidence.length === 1);
    expect(withEvidence.evidence[0]).toMatchObject({ name: '退款凭证.pdf', contentType: 'application/pdf' });
    const doc = await sys.call(unit, { method: 'GET', url: `/documents/${withEvidence.evidence[0]!.id}` });
    expect([doc.statusCode, doc.rawPayload.equals(pdf)]).toEqual([200, true]);
    expect(
      (await sys.call(other, { method: 'GET', url: `/documents/${withEvidence.evidence[0]!.id}` })).statusCode,
    ).toBe(404);

    for (const n of [1, 2, 3]) {
      const asked = await post(sys, unit, `/problems/${p(n)}/strike-off-request`, {
        summary: `第${n}项已整改完成，申请销号`,
      });
      expect(asked.stage).toBe('awaiting-review');
    }
  });

  test('Issue 35 item 3: the leading group strikes the first off (销号), sends the second back with its reason (a new term), and the office for it strikes the third off', async () => {
    const review = (n: number) => `/problems/${p(n)}/strike-off-review`;
    for (const by of [unit, people.committee, who.leader, people.discipline]) {
      const [status] = await attempt(sys, by, review(1), { decision: 'strike-off', reason: '同意' });
      expect([by.role, status]).toEqual([by.role, 403]);
    }
    expect((await attempt(sys, who.leadingGroup, review(1), { decision: 'send-back', reason: ' ' }))[0]).toBe(422);
    const first = await post(sys, who.leadingGroup, review(1), {
      decision: 'strike-off',
      reason: '资金已全部追回，同意销号',
    });
    expect(first).toMatchObject({
      stage: 'struck-off',
      reviews: [{ decision: 'strike-off', reason: '资金已全部追回，同意销号' }],
    });
    expect(first.struckOffAt).toEqual(expect.any(String));
    const second = await post(sys, who.leadingGroup, review(2), {
      decision: 'send-back',
      reason: '3户数据更正未附佐证材料',
    });
    expect(second).toMatchObject({ stage: 'rectifying', reviews: [{ decision: 'send-back' }] });
    expect(second.deadlines.find((d) => d.status === 'waiting')?.kind).toBe('rectification-resubmission');
    const third = await post(sys, people.office, review(3), { decision: 'strike-off', reason: '长效机制已建立' });
    expect(third.stage).toBe('struck-off');
    // Struck off, a problem takes no more 销号 decisions.
    expect((await attempt(sys, who.leadingGroup, review(1), { decision: 'strike-off', reason: '再次' }))[0]).toBe(409);
  });

  test('Issue 35 item 3 (回头看, Art. 16 (2)): the patrol closes; its follow-up visit finds the third requirement 部分整改 and the problem struck off is reopened (反弹), the first stays struck off', async () => {
    await closePatrol(sys, who, caseId, 3);
    let leader: CaseClaims;
    ({ visitId, leader } = await followUpChecks(sys, who.leadingGroup, caseId, [
      [1, 'rectified', '资金已追回'],
      [2, 'not-rectified', '数据仍未更正'],
      [3, 'partly', '监管台账未按季度公示'],
    ]));
    const reopened = await problemWhen(sys, people.office, p(3), (x) => x.stage === 'rectifying');
    expect(reopened.reopenings).toEqual([expect.objectContaining({ followUp: visitId, verdict: 'partly' })]);
    expect(reopened.events.map((e) => e.action)).toContain('problem-reopened');
    // 已整改到位: the first stays struck off; the second was never struck off, so nothing reopens.
    expect((await problemWhen(sys, people.office, p(1))).stage).toBe('struck-off');
    expect((await problemWhen(sys, people.office, p(2))).reopenings).toEqual([]);
    // The leading group alone reopens by hand, and only a problem struck off.
    expect((await attempt(sys, unit, `/problems/${p(1)}/reopening`, { reason: '反弹' }))[0]).toBe(403);
    expect((await attempt(sys, who.leadingGroup, `/problems/${p(2)}/reopening`, { reason: '反弹' }))[0]).toBe(409);
    // The visit's results set a new requirement: a problem of source 回头看, not transferred to anyone.
    await post(sys, leader, `/supervisions/${visitId}/report`, {
      situation: '回头看情况',
      problems: '监管台账未公示',
      opinions: '继续整改',
      suggestions: '加强监管',
    });
    await post(sys, who.leadingGroup, `/supervisions/${visitId}/results`, {
      summary: '第3项部分整改，须继续落实',
      rectificationRequirements: ['按季度公示资金监管台账'],
      terms: [{ requirement: 1, kind: 'dated', dueDate }],
    });
    const fresh = await problemWhen(sys, people.office, fromVisit());
    expect(fresh).toMatchObject({
      source: { kind: 'follow-up', caseId: visitId, requirement: 1 },
      stage: 'rectifying',
    });
    expect(fresh.transferredTo ?? []).toEqual([]);
    // It waits for 销号: progress and a request.
    await post(sys, unit, `/problems/${fromVisit()}/progress`, { what: '已在村务公开栏公示' });
    await post(sys, unit, `/problems/${fromVisit()}/strike-off-request`, { summary: '已公示，申请销号' });
    // The second, sent back with a term of a minute, is now overdue.
    await problemWhen(sys, people.office, p(2), (x) => x.deadlines.some((d) => d.status === 'overdue'), 120_000);
  }, 240_000);

  test('Issue 35 item 4: the ledger lists each state, filtered by unit, city (with its counties), source, term, state and overdue, and pages with a cursor', async () => {
    const all = await ledger(people.office);
    expect(all.map((r) => [r.problemId, r.state, r.overdue])).toEqual(
      expect.arrayContaining([
        [p(1), 'struck-off', false],
        [p(2), 'rectifying', true],
        [p(3), 'rectifying', false],
        [fromVisit(), 'awaiting-review', false],
      ]),
    );
    expect(all).toHaveLength(4);
    const ids = async (query: string) => (await ledger(people.office, query)).map((r) => r.problemId).sort();
    expect(await ids('unit=xinzhou-jingle')).toHaveLength(4);
    expect(await ids('unit=datong')).toEqual([]);
    expect(await ids('city=xinzhou')).toHaveLength(4); // the city with its counties
    expect(await ids('city=taiyuan')).toEqual([]);
    expect(await ids('source=patrol')).toEqual([p(1), p(2), p(3)]);
    expect(await ids('source=follow-up')).toEqual([fromVisit()]);
    expect(await ids('term=immediate')).toEqual([p(1)]);
    expect(await ids('term=dated')).toEqual([p(2), fromVisit()].sort());
    expect(await ids('term=long-term')).toEqual([p(3)]);
    expect(await ids('state=struck-off')).toEqual([p(1)]);
    expect(await ids('state=awaiting-review')).toEqual([fromVisit()]);
    expect(await ids('state=rectifying')).toEqual([p(2), p(3)]);
    expect(await ids('overdue=true')).toEqual([p(2)]);
    expect(await ids('state=rectifying&overdue=false')).toEqual([p(3)]);
    expect(await ids('year=2026&source=patrol&term=dated')).toEqual([p(2)]);
    // A filter the ledger does not know: refused, in Chinese where it says what.
    expect((await sys.call(people.office, { method: 'GET', url: '/problems?state=closed' })).statusCode).toBe(400);
    // Paging: three pages of at most 2 hold every problem once.
    const first = await page(people.office, 'limit=2');
    expect(first.items).toHaveLength(2);
    const second = await page(people.office, `limit=2&cursor=${first.nextCursor}`);
    expect(second.nextCursor).toBeUndefined();
    expect([...first.items, ...second.items].map((r) => r.problemId).sort()).toEqual(
      all.map((r) => r.problemId).sort(),
    );
  });

  test('Issue 35 item 4: the CSV and the .xlsx (read back with exceljs) hold each problem in the office’s columns, with its state, term and figures', async () => {
    const csv = await sys.call(people.office, { method: 'GET', url: '/problems/export?format=csv' });
    expect([csv.statusCode, csv.headers['content-type']]).toEqual([200, expect.stringContaining('text/csv')]);
    expect(csv.body.startsWith('\uFEFF')).toBe(true); // Excel and WPS open the Chinese
    const lines = csv.body
      .slice(1)
      .trim()
      .split(/\r?\n/)
      .map((l) => l.split(','));
    expect(lines[0]).toEqual([...ledgerColumns]);
    expect(lines.map((l) => l.length)).toEqual(lines.map(() => ledgerColumns.length)); // no cell was quoted apart
    const cells = (rows: string[][], requirement: string) => {
      const row = rows.find((r) => r[ledgerColumns.indexOf('问题描述（整改要求）')] === requirement)!;
      return Object.fromEntries(ledgerColumns.map((c, i) => [c, row[i]]));
    };
    const check = (rows: string[][]) => {
      expect(rows).toHaveLength(5);
      expect(cells(rows, opinions[0]!)).toMatchObject({
        问题来源: '巡查',
        依据条款: '第十六条第（二）项',
        责任单位: '静乐县',
        所属市: '忻州市',
        责任人: '马丽（县长）',
        整改时限类型: '立行立改',
        '追回资金（元）': '1500000',
        问责人数: '3',
        '建章立制（项）': '1',
        状态: '已销号',
        反弹次数: '0',
      });
      expect(cells(rows, opinions[0]!).销号时间).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日$/);
      expect(cells(rows, opinions[1]!)).toMatchObject({ 整改时限类型: '限期整改', 状态: '整改中（逾期）' });
      expect(cells(rows, opinions[2]!)).toMatchObject({ 整改时限类型: '长期坚持', 状态: '整改中', 反弹次数: '1' });
      expect(cells(rows, opinions[2]!).整改时限).toMatch(/^每3个月/);
      expect(cells(rows, '按季度公示资金监管台账')).toMatchObject({ 问题来源: '回头看', 状态: '待审核销号' });
    };
    check(lines);
    const xlsx = await sys.call(people.office, { method: 'GET', url: '/problems/export?format=xlsx' });
    expect([xlsx.statusCode, xlsx.headers['content-type']]).toEqual([200, expect.stringContaining('spreadsheetml')]);
    const rows = await xlsxRows(xlsx.rawPayload);
    check(rows);
    expect(rows).toEqual(lines); // the same header and rows as the CSV, in the same order
    // The unit exports its own problems; another unit an empty ledger (the header only).
    const own = await sys.call(unit, { method: 'GET', url: '/problems/export?format=csv' });
    expect(own.body.trim().split(/\r?\n/)).toHaveLength(5);
    const none = await sys.call(other, { method: 'GET', url: '/problems/export?format=csv' });
    expect(none.body.trim().split(/\r?\n/)).toHaveLength(1);
  });

  test('Issue 35 item 4, Art. 11 (1): the statistics per unit and per city count open, overdue, struck off and reopened problems, and sum the figures', async () => {
    const res = await sys.call(people.office, { method: 'GET', url: '/problems/statistics' });
    expect([res.statusCode, res.statusCode === 200 ? '' : res.body]).toEqual([200, '']);
    const stats = res.json<{
      total: Counts;
      byUnit: Array<Counts & { unit: string }>;
      byCity: Array<Counts & { city: string }>;
    }>();
    const expected = {
      total: 4,
      open: 3,
      overdue: 1,
      struckOffInPeriod: 1,
      reopened: 1,
      recoveredYuan: 1_500_000,
      heldAccountable: 3,
      rulesMade: 4,
    };
    expect(stats.byUnit.find((u) => u.unit === 'xinzhou-jingle')).toMatchObject(expected);
    expect(stats.byCity.find((c) => c.city === 'xinzhou')).toMatchObject(expected);
    expect(stats.total).toMatchObject(expected);
    // Another unit counts nothing of it; the group leader, the public and the auditor get no figures.
    const theirs = (await sys.call(other, { method: 'GET', url: '/problems/statistics' })).json<{ total: Counts }>();
    expect(theirs.total.total).toBe(0);
    for (const by of [who.leader, people.public, auditor]) {
      expect([by.role, (await sys.call(by, { method: 'GET', url: '/problems/statistics' })).statusCode]).toEqual([
        by.role,
        403,
      ]);
    }
  });

  test('Issue 35 item 4, need to know (docs/need-to-know.md, "Problem"): each role field by field on GET /problems/{problemId} and in the list', async () => {
    const table = problemTable();
    const whole = (await problemWhen(sys, people.office, p(1))) as unknown as Record<string, unknown>;
    const notFound = (await readProblem(sys, people.office, 'problem-patrol-2026-datong-0099-1')).body;
    /** What `who` reads of the first problem, section by section, against the table's column for `role`. */
    const bySections = async (by: CaseClaims, role: string, problemId = p(1)) => {
      const res = await readProblem(sys, by, problemId);
      expect([by.sub, res.statusCode]).toEqual([by.sub, 200]);
      const seen = res.json<Record<string, unknown>>();
      for (const [section, grants] of table) {
        const expected = grants[role] === '✓' ? whole[section] : undefined;
        expect([by.sub, section, seen[section]]).toEqual([by.sub, section, expected]);
      }
      return seen;
    };
    // The table names every field of the record.
    expect([...table.keys()].sort()).toEqual([...problemView.fields].sort());
    // The overseers read it whole.
    for (const by of [people.leadingGroup, people.committee])
      expect((await readProblem(sys, by, p(1))).json()).toEqual(whole);
    // The unit: its own problems, never `transferredTo`; only its own notices and tasks.
    const asUnit = await bySections(unit, 'unit');
    expect(
      (asUnit.notifications as Array<{ to: { unit?: string } }>).every((n) => n.to.unit === 'xinzhou-jingle'),
    ).toBe(true);
    const unitRows = await ledger(unit);
    expect(unitRows.map((r) => r.problemId).sort()).toEqual([p(1), p(2), p(3), fromVisit()].sort());
    expect(unitRows.filter((r) => 'transferredTo' in r || !r.lastProgress)).toEqual([]);
    // The city of the county reads what the county reads, and acts on none of it.
    await bySections(city, 'unit');
    expect(await ledger(city)).toHaveLength(4);
    const cityActs = await sys.call(city, {
      method: 'POST',
      url: `/problems/${p(2)}/progress`,
      payload: { what: '代报' },
    });
    expect([cityActs.statusCode, cityActs.json<{ message: string }>().message]).toEqual([
      403,
      expect.stringContaining('静乐县'),
    ]);
    // Another unit: exactly as a problem that does not exist, and an empty ledger.
    const asOther = await readProblem(sys, other, p(1));
    expect([asOther.statusCode, asOther.body]).toEqual([404, notFound]);
    expect(await ledger(other)).toEqual([]);
    // The discipline commission reads the problems of the patrol that transferred to it (no progress, evidence or
    // requests), not the follow-up visit's; the procuratorate none.
    await bySections(people.discipline, 'discipline');
    expect((await readProblem(sys, people.discipline, fromVisit())).statusCode).toBe(404);
    const bodyRows = await ledger(people.discipline);
    expect(bodyRows.map((r) => r.problemId).sort()).toEqual([p(1), p(2), p(3)]);
    expect(bodyRows.filter((r) => r.lastProgress)).toEqual([]); // not the unit's progress
    const procuratorate: CaseClaims = { sub: 'proc-1', role: 'discipline', unit: 'procuratorate' };
    expect((await readProblem(sys, procuratorate, p(1))).statusCode).toBe(404);
    expect(await ledger(procuratorate)).toEqual([]);
    // The group leader and the public: no problem exists for them; the auditor reads the audit trail only.
    for (const by of [who.leader, people.public]) {
      const res = await readProblem(sys, by, p(1));
      expect([by.role, res.statusCode, res.body]).toEqual([by.role, 404, notFound]);
    }
    expect((await readProblem(sys, auditor, p(1))).statusCode).toBe(403);
    // Nor a ledger: its list, exports and figures are refused them.
    for (const by of [who.leader, people.public, auditor]) {
      for (const url of ['/problems', '/problems/export?format=csv']) {
        expect([by.role, url, (await sys.call(by, { method: 'GET', url })).statusCode]).toEqual([by.role, url, 403]);
      }
    }
  });

  test('Issues 14, 34 (house rules) on issue 35: every text of the four problems, the 反弹 a follow-up visit found and the red light of the one sent back among them, reads as officials write', async () => {
    const texts: Array<[string, string]> = [];
    for (const problemId of [p(1), p(2), p(3), fromVisit()]) {
      const record = (await readProblem(sys, people.office, problemId)).json<ProblemRecord>();
      for (const [where, text] of textsOfRecord(record)) if (text) texts.push([`${problemId} ${where}`, text]);
    }
    const where = texts.map(([w]) => w).join('\n');
    for (const seen of ['event problem-reopened', 'event overdue', 'event struck-off', 'event strike-off-sent-back']) {
      expect([seen, where.includes(seen)]).toEqual([seen, true]);
    }
    expect(lintTexts(texts)).toEqual([]);
  });
});
