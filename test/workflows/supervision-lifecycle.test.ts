import { recordHistory } from '../helpers/histories';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { SupervisionCaseRecord } from '../../workflows/supervision/contract';
import type { CaseClaims } from '../../lib/infra/tokens';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';
import type { Statistics } from '../../api/schemas';
import type { AnnualPlanRecord } from '../../workflows/supervision-plan/contract';
import { expectedTimes, remindersBy } from '../helpers/notice-times';

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
    // A term of the measures ending on a day off ends on the next working day; notices go on working mornings (issue 34).
    const unmoved = track.deadline.movedFrom ? Date.parse(`${track.deadline.movedFrom}T23:59:59+08:00`) : due;
    expect(unmoved - Date.parse(track.issuedAt)).toBeGreaterThan(29 * day);
    expect(unmoved - Date.parse(track.issuedAt)).toBeLessThan(31 * day);
    const times = expectedTimes(track.deadline);

    await sys.advanceTo(times.escalations[0]! + hour);
    r = (await sys.call(people.office, { method: 'GET', url: `/cases/${id}` })).json<SupervisionCaseRecord>();
    const t = r.deadlines.find((x) => x.key === 'rectification')!;
    expect(t.reminders).toHaveLength(remindersBy(times, due).length);
    expect(t.status).toBe('overdue');
    expect(t.escalations.map((e) => e.to)).toEqual(['leading-group']);

    // Art. 11 (issue 34 item 3): the term is the measures', so the office may not extend it; the leading group extends
    // the overdue deadline: the answer is this supervision, as it stands after the extension.
    const newDate = new Date(due + 20 * day + 8 * hour).toISOString().slice(0, 10);
    await act(
      people.office,
      'deadlines/rectification/extension',
      { dueDate: newDate, reason: '企业落地需要时间' },
      403,
    );
    r = await act(people.leadingGroup, 'deadlines/rectification/extension', {
      dueDate: newDate,
      reason: '企业落地需要时间',
    });
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

  // ---- the follow-up visit (回头看; ours, issue 13, on Art. 11 (2) and 16 (2)) ----

  let visitId: string;
  let visit: SupervisionCaseRecord;
  const followUpUrl = `/cases/${id}/follow-up`;

  test('Art. 11 (2) (ours): from the closed supervision, only the leading group schedules a follow-up visit; it waits 6 months on a durable timer', async () => {
    for (const who of [people.office, people.committee, unit, leader]) {
      expect(
        (await sys.call(who, { method: 'POST', url: followUpUrl, payload: { reason: '看整改' } })).statusCode,
      ).toBe(403);
    }
    const unknown = await sys.call(people.leadingGroup, {
      method: 'POST',
      url: '/cases/supervision-2026-linfen-daning-0077/follow-up',
      payload: { reason: '看整改' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(
      (await sys.call(people.leadingGroup, { method: 'POST', url: followUpUrl, payload: { reason: '  ' } })).statusCode,
    ).toBe(422);
    const res = await sys.call(people.leadingGroup, {
      method: 'POST',
      url: followUpUrl,
      payload: { reason: '资金拨付曾被退回重新整改，须看是否到位' },
    });
    expect([res.statusCode, res.statusCode === 201 ? '' : res.body]).toEqual([201, '']);
    visitId = res.json<{ caseId: string }>().caseId;
    expect(visitId).toMatch(/^supervision-2026-linfen-daning-000[3-9]$/);
    expect(res.headers.location).toContain(`/cases/${visitId}`);
    // One open visit per case: a replayed request starts nothing new.
    const again = await sys.call(people.leadingGroup, {
      method: 'POST',
      url: followUpUrl,
      payload: { reason: '资金拨付曾被退回重新整改，须看是否到位' },
    });
    expect([again.statusCode, again.headers.location]).toEqual([409, res.headers.location]);

    visit = await eventually(async () => {
      const got = await sys.call(people.office, { method: 'GET', url: `/cases/${visitId}` });
      const v = got.statusCode === 200 ? got.json<SupervisionCaseRecord>() : undefined;
      return v?.followUp?.visitOn ? v : undefined;
    });
    expect(visit).toMatchObject({
      type: 'follow-up',
      stage: 'scheduled',
      stageLabel: '回头看待开展',
      closed: false,
      approval: { decision: 'approve', by: { role: 'leading-group' } },
      followUp: {
        of: id,
        ofKind: 'supervision',
        requirements: [
          { id: 1, ended: 'accepted' },
          { id: 2, ended: 'accepted' },
        ],
      },
    });
    // Default 6 calendar months (the policy's follow-up-visit), counted from the day it was scheduled.
    const months = (Date.parse(visit.followUp!.visitAt!) - Date.parse(visit.followUp!.scheduledAt)) / (30.44 * day);
    expect(months).toBeGreaterThan(5.8);
    expect(months).toBeLessThan(6.2);
    expect(visit.events.map((e) => e.summary)).toContain(
      '领导小组决定对大宁县2026年督查整改情况开展回头看（原整改要求2条）',
    );
    // Nobody is asked anything yet; the unit does not know of it.
    expect(visit.awaiting).toEqual([]);
    expect((await sys.call(unit, { method: 'GET', url: `/cases/${visitId}` })).statusCode).toBe(404);
    const listed = await sys.call(people.committee, { method: 'GET', url: `/cases/${id}/follow-ups` });
    expect(listed.json()).toEqual([
      expect.objectContaining({ caseId: visitId, stage: 'scheduled', visitOn: visit.followUp!.visitOn, checks: {} }),
    ]);
    expect((await sys.call(unit, { method: 'GET', url: `/cases/${id}/follow-ups` })).statusCode).toBe(403);
    // Nothing can be done before the date: the group is formed when the visit is due.
    const early = await sys.call(people.office, {
      method: 'POST',
      url: `/supervisions/${visitId}/group`,
      payload: {
        group: {
          id: 'sg-2026-09',
          leader: { name: '刘强', rank: 'department', unit: 'dept-audit' },
          members: [{ name: '赵敏', unit: 'dept-finance' }],
        },
      },
    });
    expect(early.statusCode).toBe(409);
  });

  test('Art. 7, 10 (ours: 回头看): when the date comes the office forms the group; the group checks every earlier requirement before it reports', async () => {
    await sys.advanceTo(Date.parse(visit.followUp!.visitAt!) + hour);
    visit = await eventually(async () => {
      const v = (
        await sys.call(people.office, { method: 'GET', url: `/cases/${visitId}` })
      ).json<SupervisionCaseRecord>();
      return v.stage === 'forming-group' ? v : undefined;
    });
    expect(visit.awaiting).toEqual([expect.objectContaining({ role: 'office', step: 'formGroup' })]);
    expect(visit.notifications.find((n) => n.notificationId === `${visitId}:follow-up-due`)).toMatchObject({
      to: { role: 'office' },
      subject: '【回头看】大宁县2026年督查整改情况回头看',
    });
    const vleader = { sub: 'gl-v1', role: 'group-leader' as const, group: 'sg-2026-09', name: '组长 刘强' };
    const step = async (who: CaseClaims, path: string, body: object, expected = 200) => {
      const res = await sys.call(who, { method: 'POST', url: `/supervisions/${visitId}/${path}`, payload: body });
      expect([path, res.statusCode, res.statusCode === expected ? '' : res.body]).toEqual([path, expected, '']);
      return res.json<SupervisionCaseRecord>();
    };
    // Art. 7 holds for a follow-up visit too: a department-rank leader, members from member units.
    await step(
      people.office,
      'group',
      {
        group: {
          id: 'sg-2026-09',
          leader: { name: '刘强', rank: 'division', unit: 'dept-audit' },
          members: [{ name: '赵敏', unit: 'dept-finance' }],
        },
      },
      422,
    );
    await step(people.office, 'group', {
      group: {
        id: 'sg-2026-09',
        leader: { name: '刘强', rank: 'department', unit: 'dept-audit' },
        members: [{ name: '赵敏', unit: 'dept-finance' }],
      },
    });
    visit = await step(vleader, 'work-plan', { summary: '回头看方案：逐项核查原整改要求' });
    expect(visit.awaiting).toEqual([expect.objectContaining({ role: 'group-leader', step: 'checkRequirement' })]);
    const told = (
      await sys.call(people.office, { method: 'GET', url: `/cases/${visitId}` })
    ).json<SupervisionCaseRecord>();
    const notice = told.notifications.find((n) => n.to.role === 'unit');
    expect(notice?.subject).toBe('【督查通知】省脱贫攻坚督查组将对大宁县开展回头看（督查整改情况）');
    const report = {
      situation: '回头看情况',
      problems: '资金拨付仍有滞后',
      opinions: '继续整改',
      suggestions: '加强监管',
    };
    const unchecked = await step(vleader, 'report', report, 422);
    expect(JSON.stringify(unchecked)).toContain('第1、2项尚未检查');
    const methods = ['document-review', 'field-survey'];
    await step(vleader, 'requirement-checks', { requirement: 3, verdict: 'rectified', summary: '无', methods }, 422);
    await step(vleader, 'requirement-checks', { requirement: 1, verdict: 'done', summary: '无', methods }, 400);
    await step(vleader, 'requirement-checks', { requirement: 1, verdict: 'rectified', summary: '企业已投产', methods });
    await step(vleader, 'requirement-checks', { requirement: 1, verdict: 'partly', summary: '再报', methods }, 409);
    visit = await step(vleader, 'requirement-checks', {
      requirement: 2,
      verdict: 'partly',
      summary: '资金拨付到村，到户仍有滞后',
      methods,
    });
    expect(visit.requirementChecks?.map((c) => [c.requirement, c.verdict])).toEqual([
      [1, 'rectified'],
      [2, 'partly'],
    ]);
    expect(visit.awaiting).toEqual([expect.objectContaining({ role: 'group-leader', step: 'submitReport' })]);
    // The unit sees the notice, never the group's checks before the results.
    const unitSees = (await sys.call(unit, { method: 'GET', url: `/cases/${visitId}` })).json<SupervisionCaseRecord>();
    expect(unitSees.requirementChecks).toBeUndefined();
    expect(unitSees.followUp).toBeUndefined();
    visit = await step(vleader, 'report', report);
    visit = await step(people.leadingGroup, 'results', {
      summary: '第2项部分整改，须继续落实',
      rectificationRequirements: ['资金到户须于年底前完成'],
    });
    expect(visit.stage).toBe('rectification');
    // The earlier case lists the visit with what it found.
    const listed = await sys.call(people.office, { method: 'GET', url: `/cases/${id}/follow-ups` });
    expect(listed.json()).toEqual([
      expect.objectContaining({ caseId: visitId, stage: 'rectification', checks: { rectified: 1, partly: 1 } }),
    ]);
    if (process.env.RECORD_HISTORIES) {
      const history = await sys.env.client.workflow.getHandle(visitId).fetchHistory();
      recordHistory('supervision-follow-up.json', historyToJSON(history));
    }
  });

  test('Art. 6 (ours: 回头看 feeds the next plan): the office drafts the next annual plan with what the follow-up visits found', async () => {
    const res = await sys.call(people.office, {
      method: 'POST',
      url: '/supervision-plans',
      payload: { year: 2027, month: 9, crossInspection: false, specialTopics: [], scope: ['department'] },
    });
    expect([res.statusCode, res.statusCode === 201 ? '' : res.body]).toEqual([201, '']);
    const plan = res.json<AnnualPlanRecord>();
    expect(plan.followUps).toEqual([
      expect.objectContaining({
        caseId: visitId,
        unit: { code: 'linfen-daning', name: '大宁县' },
        of: '2026年督查',
        requirements: 2,
        rectified: 1,
        partly: 1,
        notRectified: 0,
      }),
    ]);
    // Art. 2, 8: the scope is chosen from the registry: here every provincial department.
    expect(plan.units.length).toBe(11);
    expect(plan.units.every((u) => u.startsWith('dept-'))).toBe(true);
  });
});
