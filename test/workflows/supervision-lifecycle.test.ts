import { recordHistory } from '../helpers/histories';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { SupervisionCaseRecord } from '../../workflows/supervision/contract';
import type { CaseClaims } from '../../lib/tokens';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';
import type { Statistics } from '../../api/routes/statistics';

const day = 86_400_000;
const hour = 3_600_000;

/** A special supervision from proposal to closing, on the time-skipping server, through HTTP: Chapter 2, Art. 6–11. */
describe('Chapter 2: a special supervision case from proposal to closing (time-skipping server, through HTTP)', () => {
  let sys: TestSystem;
  const id = 'supervision-2026-linfen-daning-0002';
  const unit = { sub: 'unit-dn', role: 'unit' as const, unit: 'linfen-daning', name: '大宁县 王芳' };
  const leader = { sub: 'gl-s1', role: 'group-leader' as const, group: 'sg-2026-01', name: '组长 刘强' };
  let r: SupervisionCaseRecord;

  async function act(who: CaseClaims, path: string, body: object, expected = 200): Promise<SupervisionCaseRecord> {
    const res = await sys.call(who, { method: 'POST', url: `/supervisions/${id}/${path}`, payload: body });
    expect([path, res.statusCode, res.statusCode === expected ? '' : res.body]).toEqual([path, expected, '']);
    return res.json<SupervisionCaseRecord>();
  }

  beforeAll(async () => {
    sys = await startSystem({ timeSkipping: true });
  });
  afterAll(async () => sys?.close());

  test('Art. 8, 6: a special supervision of one topic is proposed any time and approved by the leading group', async () => {
    const res = await sys.call(people.office, {
      method: 'POST',
      url: '/supervisions',
      payload: { year: 2026, serial: 2, targetUnit: 'linfen-daning', topic: '易地扶贫搬迁后续扶持' },
    });
    expect(res.statusCode).toBe(201);
    expect(
      (
        await sys.call(people.committee, {
          method: 'POST',
          url: `/supervisions/${id}/approval`,
          payload: { decision: 'approve' },
        })
      ).statusCode,
    ).toBe(403);
    r = await act(people.leadingGroup, 'approval', { decision: 'approve' });
    expect(r).toMatchObject({ type: 'special', topic: '易地扶贫搬迁后续扶持', stage: 'forming-group' });
  });

  test("Art. 7: a department-rank leader, members drawn from the leading group's member units, nobody from the target", async () => {
    const group = {
      id: 'sg-2026-01',
      leader: { name: '刘强', rank: 'department', unit: 'dept-poverty-alleviation' },
      members: [
        { name: '赵敏', unit: 'dept-finance' },
        { name: '孙亮', unit: 'dept-audit' },
      ],
    };
    const notMember = await act(
      people.office,
      'group',
      { group: { ...group, members: [{ name: '钱多', unit: 'taiyuan' }] } },
      422,
    );
    expect(JSON.stringify(notMember)).toContain('成员单位');
    await act(people.office, 'group', { group: { ...group, leader: { ...group.leader, rank: 'section' } } }, 422);
    await act(people.office, 'group', { group: { ...group, members: [{ name: '李', unit: 'linfen-daning' }] } }, 422);
    r = await act(people.office, 'group', { group });
    expect(r.stage).toBe('planning');
  });

  test('Art. 10: work plan, field supervision with findings under the five key contents of Art. 9, then the written report', async () => {
    r = await act(leader, 'work-plan', { summary: '实施方案：抽查5个安置点' });
    expect(r.stage).toBe('field-work');
    r = await act(leader, 'findings', {
      keyContent: 3,
      methods: ['field-survey', 'questionnaire', 'third-party-assessment'],
      summary: '2个安置点后续产业未落实',
      thirdPartyAssessment: '第三方评估：群众满意度82%',
    });
    r = await act(leader, 'findings', { keyContent: 5, methods: ['document-review'], summary: '整合资金拨付滞后' });
    expect(r.findings.map((f) => f.keyItem)).toEqual([3, 5]);
    expect(r.findings[0]?.thirdPartyAssessment).toContain('第三方评估');
    await act(leader, 'report', { situation: '情况', problems: '问题', opinions: '意见', suggestions: ' ' }, 422);
    r = await act(leader, 'report', {
      situation: '督查了5个安置点',
      problems: '产业未落实',
      opinions: '加快落实',
      suggestions: '建立台账',
    });
    expect(r.stage).toBe('results');
  });

  test('Art. 11: commendation for what went well, results and rectification requirements; the unit reports "in time" (30 days), per requirement, and the leading group accepts or sends back each', async () => {
    r = await act(people.leadingGroup, 'commendation', {
      citation: '搬迁群众就业率高，经验值得推广',
      circulate: true,
      publish: true,
    });
    expect(r.commendation?.citation).toContain('就业率');
    // Art. 11 (1): circulated to every unit of the province, and published for the public.
    expect(r.commendation).toMatchObject({ circulated: true, publication: { url: `/bulletin/${id}` } });
    const circular = r.notifications.find((n) => n.subject.startsWith('【通报】'));
    expect(circular?.to).toEqual({ role: 'unit' });
    expect(circular?.subject).toContain('予以通报表扬的通报');
    const bulletin = await sys.app.inject({ method: 'GET', url: `/bulletin/${id}` });
    expect(bulletin.statusCode).toBe(200);
    expect(bulletin.json<{ title: string; text: string }>()).toMatchObject({
      title: expect.stringContaining('通报表扬') as string,
      text: '搬迁群众就业率高，经验值得推广',
    });
    await act(people.leadingGroup, 'commendation', { citation: 'again' }, 409);
    r = await act(people.leadingGroup, 'results', {
      summary: '总体较好',
      rectificationRequirements: ['落实后续产业', '加快资金拨付'],
    });
    expect(r.stage).toBe('rectification');
    const track = r.deadlines.find((t) => t.key === 'rectification')!;
    expect(track).toMatchObject({
      kind: 'supervision-rectification',
      deadline: { rule: { unit: 'calendar-days', amount: 30 } },
    });
    const due = Date.parse(track.deadline.dueAt);
    expect(due - Date.parse(track.issuedAt)).toBeGreaterThan(29 * day);
    expect(due - Date.parse(track.issuedAt)).toBeLessThan(31 * day);

    await sys.advanceTo(due + 7 * day + hour);
    r = (await sys.call(people.office, { method: 'GET', url: `/cases/${id}` })).json<SupervisionCaseRecord>();
    const t = r.deadlines.find((x) => x.key === 'rectification')!;
    expect(t.reminders).toHaveLength(3);
    expect(t.status).toBe('overdue');
    expect(t.escalations.map((e) => e.to)).toEqual(['leading-group']);

    // The office extends the overdue deadline: the answer is this supervision, as it stands after the extension.
    const newDate = new Date(due + 20 * day + 8 * hour).toISOString().slice(0, 10);
    r = await act(people.office, 'deadlines/rectification/extension', { dueDate: newDate, reason: '企业落地需要时间' });
    expect(r).toMatchObject({ kind: 'supervision', type: 'special', stage: 'rectification' });
    expect(r.deadlines.find((x) => x.key === 'rectification')).toMatchObject({
      status: 'waiting',
      deadline: { dueDate: newDate },
    });

    // The unit reads what concerns it: the results and requirements, its commendation, its deadline; not the findings.
    const seen = (await sys.call(unit, { method: 'GET', url: `/cases/${id}` })).json<SupervisionCaseRecord>();
    expect(seen.results?.rectificationRequirements).toEqual(['落实后续产业', '加快资金拨付']);
    expect(seen.commendation).toBeDefined();
    expect([seen.findings, seen.report, seen.workPlan, seen.approval]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);

    // Art. 11 (2): the unit answers each requirement; a report that leaves one out changes nothing.
    const partial = await act(
      unit,
      'rectification-report',
      { summary: '已落实', items: [{ requirement: 1, measures: '引进2家企业' }] },
      422,
    );
    expect(JSON.stringify(partial)).toContain('第二项整改要求尚未反馈');
    await act(unit, 'rectification-report', { summary: '已落实', measures: ['引进2家企业'] }, 422);
    r = await act(unit, 'rectification-report', {
      summary: '已落实',
      items: [
        { requirement: 1, measures: '引进2家企业，带动就业120人' },
        { requirement: 2, measures: '已拨付资金的60%' },
      ],
    });
    expect(r.rectification).toMatchObject({ late: false });
    // Received is not accepted: the leading group reviews it, requirement by requirement (督促纠正).
    expect(r).toMatchObject({ stage: 'rectification', closed: false });
    const office = (
      await sys.call(people.office, { method: 'GET', url: `/cases/${id}` })
    ).json<SupervisionCaseRecord>();
    expect(office.awaiting).toEqual([expect.objectContaining({ role: 'leading-group', step: 'reviewRectification' })]);
    await act(unit, 'rectification-report', { summary: '再报', items: [{ requirement: 1, measures: 'x' }] }, 409);
    await act(unit, 'rectification-review', { decisions: [{ requirement: 1, decision: 'accept' }] }, 403);
    const unreviewed = await act(
      people.leadingGroup,
      'rectification-review',
      { decisions: [{ requirement: 1, decision: 'accept' }] },
      422,
    );
    expect(JSON.stringify(unreviewed)).toContain('第二项整改要求尚未审核');
    await act(
      people.leadingGroup,
      'rectification-review',
      {
        decisions: [
          { requirement: 1, decision: 'accept' },
          { requirement: 2, decision: 'send-back' },
        ],
      },
      422,
    ); // a send-back states its reason
    // The office may review for the leading group, but ending the rectification is the leading group's decision.
    await act(people.office, 'rectification-review', { decisions: [], closeReason: '不再要求' }, 403);
    r = await act(people.office, 'rectification-review', {
      decisions: [
        { requirement: 1, decision: 'accept' },
        { requirement: 2, decision: 'send-back', reason: '资金拨付仅完成60%，须全部拨付' },
      ],
    });
    expect(r.rectificationReview?.items.map((i) => i.status)).toEqual(['accepted', 'sent-back']);
    expect(r.rectificationReview?.sentBack).toBe(1);
    // A send-back opens a new deadline on the engine, for the requirement sent back only.
    const again = r.deadlines.find((x) => x.key === 'rectification-2')!;
    expect(again).toMatchObject({
      kind: 'rectification-resubmission',
      status: 'waiting',
      party: { role: 'unit', unit: 'linfen-daning' },
      deadline: { rule: { unit: 'calendar-days', amount: 30 } },
    });
    expect(r.awaiting).toEqual([expect.objectContaining({ role: 'unit', deadlineKey: 'rectification-2' })]);
    const sentBackNotice = r.notifications.find((n) => n.notificationId === `${id}:rectification-2:issued`);
    expect(sentBackNotice).toMatchObject({ to: { role: 'unit', unit: 'linfen-daning' } });
    expect(sentBackNotice?.subject).toContain('【退回事项的整改情况】');
    // The unit sees the review and its reasons.
    const unitSees = (await sys.call(unit, { method: 'GET', url: `/cases/${id}` })).json<SupervisionCaseRecord>();
    expect(unitSees.rectificationReview?.items[1]?.reviews[0]?.reason).toBe('资金拨付仅完成60%，须全部拨付');
    await act(unit, 'rectification-report', { summary: '补报', items: [{ requirement: 1, measures: 'x' }] }, 422);
    r = await act(unit, 'rectification-report', {
      summary: '资金已全部拨付',
      items: [{ requirement: 2, measures: '剩余40%已于本月拨付到位' }],
    });
    expect(r.deadlines.find((x) => x.key === 'rectification-2')?.status).toBe('submitted');
    expect(r.stage).toBe('rectification');
    // Every requirement accepted: the supervision closes, and answers with it closed.
    r = await act(people.leadingGroup, 'rectification-review', {
      decisions: [{ requirement: 2, decision: 'accept' }],
    });
    expect(r.rectificationReview).toMatchObject({ complete: true, sentBack: 1 });
    expect(r.rectificationReview?.submissions.map((x) => x.requirements)).toEqual([[1, 2], [2]]);
    // A special supervision's report to the committee is drafted, then signed by the leading group; then it closes.
    expect(r).toMatchObject({ stage: 'rectification', closed: false });
    expect(r.reportsUp?.map((x) => [x.key, x.status])).toEqual([['special-report', 'awaiting-signature']]);
    r = await act(people.leadingGroup, 'reports/special-report/signature', {});
    expect(r.reportsUp?.[0]?.signed).toMatchObject({ edited: false });
    expect(r).toMatchObject({ stage: 'closed', closed: true });
    // The statistics count the send-back: one more report the unit owed, and how it came (on time here).
    const resubmissions = await eventually(async () => {
      const stats = (await sys.call(people.office, { method: 'GET', url: '/statistics?year=2026' })).json<Statistics>();
      const row = stats.submissions?.find((x) => x.kind === 'rectification-resubmission');
      return row?.submitted ? row : undefined;
    });
    expect(resubmissions).toMatchObject({ total: 1, submitted: 1, onTime: 1, late: 0 });
    const csv = (await sys.call(people.office, { method: 'GET', url: '/statistics/units.csv?year=2026' })).body;
    const [header, ...lines] = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const daning = lines.find((l) => l[0] === 'linfen-daning')!;
    expect(daning[header!.indexOf('退回重新整改（次）')]).toBe('1');
    await expect(sys.env.client.workflow.getHandle(id).result()).resolves.toEqual({ caseId: id, stage: 'closed' });
    // Art. 11 (1): a special supervision reports to the committee when it closes (a round reports as a whole).
    const closed = (
      await sys.call(people.office, { method: 'GET', url: `/cases/${id}` })
    ).json<SupervisionCaseRecord>();
    const report = closed.notifications.find((n) => n.to.role === 'committee' && n.subject.startsWith('【报告】'));
    expect(report?.subject).toBe('【报告】关于对大宁县开展专项督查（易地扶贫搬迁后续扶持）情况的报告');
    if (process.env.RECORD_HISTORIES) {
      const history = await sys.env.client.workflow.getHandle(id).fetchHistory();
      recordHistory('supervision-special.json', historyToJSON(history));
    }
  });
});
