import type { CaseClaims } from '../../lib/infra/tokens';
import { recordHistory } from '../helpers/histories';
import { defaultPayloadConverter } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { CaseOverdue, CaseStage } from '../../workflows/search-attributes';
import type { PatrolCaseRecord } from '../../workflows/patrol/contract';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem, testCodecKeys } from '../helpers/system';
import type { YearlyReport } from '../../workflows/patrol-rectification-report/contract';
import { SealingCodec } from '../../lib/infra/codec';
import { group, record, step, suggestionGrounds } from '../helpers/patrol';
import { expectedTimes, remindersBy, testCalendar } from '../helpers/notice-times';

const day = 86_400_000;
const hour = 3_600_000;

/**
 * One patrol from proposal to closing, on the time-skipping test server, through HTTP: Chapter 3, Art. 12–16,
 * with the 2-month rectification deadline driven through its reminders, overdue, an escalation and a late report.
 */
describe('Chapter 3: a patrol case from proposal to closing (time-skipping server, through HTTP)', () => {
  let env: TestWorkflowEnvironment;
  let sys: TestSystem;
  const id = 'patrol-2026-xinzhou-jingle-0001';
  const leader = people.groupLeader;
  const unit = { sub: 'unit-jl', role: 'unit' as const, unit: 'xinzhou-jingle', name: '静乐县 马丽' };
  const discipline = people.discipline;
  let r: PatrolCaseRecord;

  beforeAll(async () => {
    sys = await startSystem({ timeSkipping: true });
    env = sys.env;
  });
  afterAll(async () => sys?.close());

  /** The case's timers as Temporal UI shows them: each one's name and how long it was set for (ms). */
  async function timers(): Promise<Array<{ summary: string; ms: number }>> {
    const history = await env.client.workflow.getHandle(id).fetchHistory();
    // Timer names are sealed like every payload; the codec (as the codec server does for Temporal UI) opens them.
    const codec = new SealingCodec(testCodecKeys);
    const started = (history.events ?? []).filter((e) => e.timerStartedEventAttributes && e.userMetadata?.summary);
    const names = await codec.decode(started.map((e) => e.userMetadata!.summary!));
    return started.map((e, i) => {
      const timeout = e.timerStartedEventAttributes!.startToFireTimeout!;
      return {
        summary: defaultPayloadConverter.fromPayload<string>(names[i]!),
        ms: Number(timeout.seconds ?? 0) * 1000 + Math.round((timeout.nanos ?? 0) / 1e6),
      };
    });
  }

  test('Art. 12: proposed on public reports and a supervision finding; the committee approves', async () => {
    const res = await sys.call(people.leadingGroup, {
      method: 'POST',
      url: '/patrols',
      payload: {
        year: 2026,
        serial: 1,
        targetUnit: 'xinzhou-jingle',
        grounds: { sources: ['public-report', 'supervision-finding'], summary: '群众反映危房改造资金被截留' },
      },
    });
    expect(res.statusCode).toBe(201);
    r = await step(sys, people.committee, id, 'approval', { decision: 'approve', reason: '同意' });
    expect(r.stage).toBe('forming-group');
  });

  test('Art. 13: the group has a department-rank leader and nobody from the patrolled unit', async () => {
    const badLeader = await sys.call(people.office, {
      method: 'POST',
      url: `/patrols/${id}/group`,
      payload: { group: { ...group, leader: { ...group.leader, rank: 'division' } } },
    });
    expect(badLeader.statusCode).toBe(422);
    expect(badLeader.json<{ message: string }>().message).toContain('厅级');
    const ownUnit = await sys.call(people.office, {
      method: 'POST',
      url: `/patrols/${id}/group`,
      payload: { group: { ...group, members: [...group.members, { name: '李静', unit: 'xinzhou-jingle' }] } },
    });
    expect(ownUnit.statusCode).toBe(422);
    expect(ownUnit.json<{ message: string }>().message).toContain('回避');
    expect((await record(sys, id)).stage).toBe('forming-group');

    r = await step(sys, people.office, id, 'group', { group });
    expect(r.stage).toBe('planning');
    expect(r.group).toMatchObject({ id: 'g-2026-01', leader: { rank: 'department' } });
    expect(r.awaiting).toEqual([
      expect.objectContaining({ role: 'group-leader', group: 'g-2026-01', step: 'submitWorkPlan' }),
    ]);
  });

  test("Art. 15 (1)(2): only this group's leader submits the work plan; the group is stationed at the unit", async () => {
    const otherLeader = { ...leader, sub: 'gl-2', group: 'g-2026-99' };
    const res = await sys.call(otherLeader, {
      method: 'POST',
      url: `/patrols/${id}/work-plan`,
      payload: { summary: '方案', stationedOn: '2026-12-01' },
    });
    expect(res.statusCode).toBe(404); // not their group's patrol: they cannot reach it
    // Until the group is stationed, the unit is not told of the patrol.
    expect((await sys.call(unit, { method: 'GET', url: `/cases/${id}` })).statusCode).toBe(404);
    r = await step(sys, leader, id, 'work-plan', { summary: '巡查工作方案：走访12个村', stationedOn: '2026-12-01' });
    expect(r.stage).toBe('field-work');
    // The leader's answer shows the leader's own notices; the office sees the stationing notice sent to the unit.
    expect(r.notifications.every((n) => n.to.role === 'group-leader')).toBe(true);
    expect((await record(sys, id)).notifications.some((n) => n.to.role === 'unit' && n.subject.includes('进驻'))).toBe(
      true,
    );
    const seen = (await sys.call(unit, { method: 'GET', url: `/cases/${id}` })).json<PatrolCaseRecord>();
    expect(seen).toMatchObject({ stage: 'field-work', stationing: { stationedOn: '2026-12-01', groupLeader: '陈刚' } });
    expect(seen.workPlan).toBeUndefined();
  });

  test('Art. 14, 5: findings under the five key problems, with the methods used', async () => {
    const bad = await sys.call(leader, {
      method: 'POST',
      url: `/patrols/${id}/findings`,
      payload: { keyProblem: 7, methods: ['interview'], summary: 'x' },
    });
    expect(bad.statusCode).toBe(400);
    r = await step(sys, leader, id, 'findings', {
      keyProblem: 3,
      methods: ['document-review', 'field-survey'],
      summary: '危房改造资金120万元被挪用于道路建设',
    });
    r = await step(sys, leader, id, 'findings', {
      keyProblem: 4,
      methods: ['unannounced-visit', 'interview'],
      summary: '3户已脱贫户收入数据不实',
    });
    expect(r.findings.map((f) => [f.id, f.keyItem])).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(r.findings[0]?.keyItemLabel).toContain('贪占挪用扶贫资金');
  });

  test('Art. 15 (2): an on-site handling suggestion goes to the unit at once and its answer is chased', async () => {
    r = await step(sys, leader, id, 'handling-suggestions', {
      summary: '立即追回被挪用资金',
      findingIds: [1],
      ...suggestionGrounds,
    });
    const track = r.deadlines.find((t) => t.key === 'suggestion-1');
    expect(track).toMatchObject({
      kind: 'handling-suggestion-answer',
      status: 'waiting',
      party: { role: 'unit', unit: 'xinzhou-jingle' },
    });
    expect(
      (await record(sys, id)).notifications.some(
        (n) => n.notificationId === `${id}:suggestion-1:issued` && n.to.unit === 'xinzhou-jingle',
      ),
    ).toBe(true);
    // Another unit may not answer it; the unit answers once.
    const other = await sys.call(people.taiyuan, {
      method: 'POST',
      url: `/patrols/${id}/handling-suggestions/1/answer`,
      payload: { answer: 'x' },
    });
    expect(other.statusCode).toBe(404);
    r = await step(sys, unit, id, 'handling-suggestions/1/answer', { answer: '已追回资金并启动问责' });
    expect(r.suggestions[0]?.answer?.text).toBe('已追回资金并启动问责');
    expect(r.deadlines.find((t) => t.key === 'suggestion-1')).toMatchObject({ status: 'submitted', late: false });
    const twice = await sys.call(unit, {
      method: 'POST',
      url: `/patrols/${id}/handling-suggestions/1/answer`,
      payload: { answer: 'again' },
    });
    expect(twice.statusCode).toBe(409);
  });

  test('Art. 15 (3): the written report needs handling opinions based on facts and rules', async () => {
    const noBasis = await sys.call(leader, {
      method: 'POST',
      url: `/patrols/${id}/report`,
      payload: { situation: '情况', problems: '问题', opinions: [{ text: '给予处分', basis: ' ' }] },
    });
    expect(noBasis.statusCode).toBe(422);
    r = await step(sys, leader, id, 'report', {
      situation: '巡查组进驻静乐县15天',
      problems: '资金挪用、数据不实',
      opinions: [{ text: '对相关责任人给予党纪处分', basis: '问题1；《中国共产党纪律处分条例》' }],
    });
    expect(r.stage).toBe('under-study');
  });

  test('Art. 16 (1): request for instructions; the committee sends it back with remarks, then approves the revision', async () => {
    r = await step(sys, people.leadingGroup, id, 'request-for-instructions', { summary: '建议移交纪检监察机关' });
    expect(r.stage).toBe('awaiting-instructions');
    const noRemarks = await sys.call(people.committee, {
      method: 'POST',
      url: `/patrols/${id}/instructions`,
      payload: { decision: 'send-back' },
    });
    expect(noRemarks.statusCode).toBe(422);
    r = await step(sys, people.committee, id, 'instructions', {
      decision: 'send-back',
      remarks: '补充数据不实问题的处理意见',
    });
    expect(r.stage).toBe('under-study');
    r = await step(sys, people.leadingGroup, id, 'request-for-instructions', { summary: '已补充：建议移交并责令整改' });
    r = await step(sys, people.committee, id, 'instructions', { decision: 'approve' });
    expect(r.stage).toBe('issuing-feedback');
    expect(r.requests.map((q) => q.decision)).toEqual(['send-back', 'approve']);
  });

  test('Art. 16 (1): a violation is transferred to discipline inspection, which acknowledges it', async () => {
    r = await step(sys, people.leadingGroup, id, 'transfers', {
      to: 'discipline-inspection',
      summary: '挪用危房改造资金问题线索',
    });
    expect(r.deadlines.find((t) => t.key === 'transfer-1')).toMatchObject({
      party: { role: 'discipline', unit: 'discipline-commission' },
    });
    const wrongBody = { sub: 'proc-1', role: 'discipline' as const, unit: 'procuratorate' };
    expect(
      (await sys.call(wrongBody, { method: 'POST', url: `/patrols/${id}/transfers/1/acknowledgement`, payload: {} }))
        .statusCode,
    ).toBe(404); // nothing was transferred to the procuratorate: it cannot reach this patrol
    r = await step(sys, discipline, id, 'transfers/1/acknowledgement', { note: '已登记' });
    expect(r.transfers[0]?.acknowledged?.by.id).toBe(discipline.sub);
  });

  let due = 0;
  let times: ReturnType<typeof expectedTimes>;
  test('Art. 16 (2): feedback and rectification opinions; rectification is due within 2 calendar months, on a named timer', async () => {
    r = await step(sys, people.leadingGroup, id, 'feedback', {
      situation: '反馈巡查情况',
      rectificationOpinions: ['追回资金', '核实数据'],
    });
    expect(r.stage).toBe('rectification');
    const track = r.deadlines.find((t) => t.key === 'rectification')!;
    expect(track.kind).toBe('patrol-rectification');
    expect(track.deadline.rule).toEqual({ unit: 'calendar-months', amount: 2 });
    // Two calendar months from the day of feedback (Beijing date), ending 23:59:59 Beijing time.
    const issued = new Date(Date.parse(track.issuedAt) + 8 * hour);
    const expected = new Date(Date.UTC(issued.getUTCFullYear(), issued.getUTCMonth() + 2, 1));
    const lastDay = new Date(Date.UTC(expected.getUTCFullYear(), expected.getUTCMonth() + 1, 0)).getUTCDate();
    expected.setUTCDate(Math.min(issued.getUTCDate(), lastDay));
    // Ending on a day off, the term ends on the next working day (issue 34 item 6).
    expect(track.deadline.dueDate).toBe(testCalendar.workingDayFrom(expected.toISOString().slice(0, 10)));
    due = Date.parse(track.deadline.dueAt);
    times = expectedTimes(track.deadline);
    expect(new Date(due + 8 * hour).toISOString().slice(11, 19)).toBe('23:59:59');
    expect(r.awaiting[0]).toMatchObject({
      role: 'unit',
      unit: 'xinzhou-jingle',
      step: 'submitRectificationReport',
      dueAt: track.deadline.dueAt,
    });

    expect((await timers()).map((t) => t.summary)).toContain(`提醒：整改情况反馈截止前7天`);
  });

  test('DOMAIN.md deadlines: reminders 7, 3 and 1 days before (the 3-day one the yellow notice, as the workbench’s light turns yellow), then overdue (red), then the leading group (督办); the ladder stops there by default', async () => {
    // Each at 09:00 Beijing time on a working day; two that fall on the same morning are one (issue 34 item 6).
    await sys.advanceTo(times.reminders[0]! + hour);
    r = await record(sys, id);
    let track = r.deadlines.find((t) => t.key === 'rectification')!;
    expect(track.reminders.map((x) => x.beforeMs)).toEqual(remindersBy(times, times.reminders[0]! + hour));
    // The reminder's timer stopped a minute short and was counted again then, in a task of its own (patch
    // deadline-timer-recounted): the task that armed it weeks before no longer makes it late by its own length.
    const recounted = (await timers()).filter(
      (t) => t.summary === '提醒：整改情况反馈截止前7天（到点前1分钟重新计时）',
    );
    expect(recounted).toHaveLength(1);
    expect(recounted[0]!.ms).toBeGreaterThan(0);
    expect(recounted[0]!.ms).toBeLessThanOrEqual(60_000);

    await sys.advanceTo(due - day + hour);
    r = await record(sys, id);
    track = r.deadlines.find((t) => t.key === 'rectification')!;
    const sent = remindersBy(times, due);
    expect(track.reminders.map((x) => x.beforeMs)).toEqual(sent);
    expect(track.status).toBe('waiting');
    // Issue 19: each light its own template; the reminder when the item turns yellow is the yellow notice, not a second one.
    expect(
      r.notifications.filter((n) => n.subject.includes('整改情况反馈须于')).map((n) => n.subject.split('】')[0]),
    ).toEqual(sent.map((b) => (b === 3 * day ? '【黄灯提醒' : '【提醒')));
    expect(r.notifications.find((n) => n.subject.startsWith('【黄灯提醒】'))?.to).toEqual({
      role: 'unit',
      unit: 'xinzhou-jingle',
    });

    await sys.advanceTo(times.redAt + hour);
    r = await record(sys, id);
    track = r.deadlines.find((t) => t.key === 'rectification')!;
    expect(track.status).toBe('overdue');
    expect(r.awaiting.find((a) => a.deadlineKey === 'rectification')?.overdue).toBe(true);
    expect(r.notifications.filter((n) => n.subject.startsWith('【红灯】整改情况反馈')).map((n) => n.to.role)).toEqual([
      'office',
      'unit',
    ]);
    const desc = await env.client.workflow.getHandle(id).describe();
    expect(desc.typedSearchAttributes.get(CaseOverdue)).toBe(true);
    expect(track.escalations).toEqual([]);

    await sys.advanceTo(times.escalations[0]! + hour);
    r = await record(sys, id);
    track = r.deadlines.find((t) => t.key === 'rectification')!;
    expect(track.escalations.map((e) => e.to)).toEqual(['leading-group']);
    expect(
      r.notifications.filter((n) => n.subject.startsWith('【督办】整改情况反馈逾期7天')).map((n) => n.to.role),
    ).toEqual(['leading-group']);

    // A routine item never goes up to the committee unless the policy file says so for its kind (DOMAIN.md).
    await sys.advanceTo(due + 30 * day + hour);
    r = await record(sys, id);
    track = r.deadlines.find((t) => t.key === 'rectification')!;
    expect(track.escalations.map((e) => e.to)).toEqual(['leading-group']);
    expect(r.notifications.some((n) => n.to.role === 'committee' && n.subject.startsWith('【督办】'))).toBe(false);
    expect(
      r.events.filter((e) => ['reminder-sent', 'overdue', 'escalated'].includes(e.action)).map((e) => e.action),
    ).toEqual([...remindersBy(times, due).map(() => 'reminder-sent'), 'overdue', 'escalated']);
  });

  test('A late rectification report is accepted and recorded as late, never lost', async () => {
    r = await step(sys, unit, id, 'rectification-report', {
      summary: '已追回全部资金，核实并更正数据',
      items: [
        { requirement: 1, measures: '追回资金120万元' },
        { requirement: 2, measures: '更正3户数据' },
      ],
      publicSummary: '静乐县已追回被挪用的危房改造资金120万元，并更正了3户脱贫数据。',
    });
    expect(r.rectification).toMatchObject({ late: true });
    expect(r.deadlines.find((t) => t.key === 'rectification')).toMatchObject({ status: 'submitted', late: true });
    expect(r.events.some((e) => e.action === 'submitted-late')).toBe(true);
    expect(r.rectificationReview?.submissions).toEqual([expect.objectContaining({ requirements: [1, 2], late: true })]);
    const desc = await env.client.workflow.getHandle(id).describe();
    expect(desc.typedSearchAttributes.get(CaseOverdue)).toBe(false);
  });

  test('Art. 16 (2): rectification is checked per opinion: one sent back, then the leading group ends it with a reason; only then the summary', async () => {
    // Not reported to the committee before it is reviewed.
    const refused = async (who: CaseClaims, path: string, body: object) =>
      (await sys.call(who, { method: 'POST', url: `/patrols/${id}/${path}`, payload: body })).statusCode;
    expect(await refused(people.leadingGroup, 'rectification-summary', { summary: '整改完成', publish: false })).toBe(
      409,
    );
    r = await step(sys, people.leadingGroup, id, 'rectification-review', {
      decisions: [
        { requirement: 1, decision: 'accept' },
        { requirement: 2, decision: 'send-back', reason: '3户数据更正未附佐证材料' },
      ],
    });
    expect(r.rectificationReview?.items.map((i) => i.status)).toEqual(['accepted', 'sent-back']);
    expect(r.deadlines.find((t) => t.key === 'rectification-2')).toMatchObject({
      kind: 'rectification-resubmission',
      status: 'waiting',
    });
    // Nothing left to review until the unit answers: 409, and nothing changes.
    expect(
      await refused(people.leadingGroup, 'rectification-review', {
        decisions: [{ requirement: 2, decision: 'accept' }],
      }),
    ).toBe(409);
    // The leading group ends the rectification with a reason: the item sent back is no longer asked for, its
    // deadline stops, and the summary can go up.
    r = await step(sys, people.leadingGroup, id, 'rectification-review', {
      decisions: [],
      closeReason: '佐证材料已由县纪委另行核实',
    });
    expect(r.rectificationReview).toMatchObject({
      complete: true,
      sentBack: 1,
      closed: { reason: '佐证材料已由县纪委另行核实' },
    });
    expect(r.rectificationReview?.items.map((i) => i.status)).toEqual(['accepted', 'closed']);
    expect(r.deadlines.find((t) => t.key === 'rectification-2')?.status).toBe('closed');
    expect(r.awaiting).toEqual([
      expect.objectContaining({ role: 'leading-group', step: 'reportRectificationSummary' }),
    ]);
    expect(
      await refused(unit, 'rectification-report', { summary: '补报', items: [{ requirement: 2, measures: 'x' }] }),
    ).toBe(409);
  });

  test('Art. 16 (3): the leading group reports rectification to the committee and publishes it; the final report goes up once signed, and the case closes', async () => {
    r = await step(sys, people.leadingGroup, id, 'rectification-summary', { summary: '静乐县整改完成', publish: true });
    // The final report is drafted by the system and waits for the leading group's signature: nothing went up yet.
    expect(r).toMatchObject({ stage: 'rectification', closed: false });
    expect(r.reportsUp).toEqual([
      expect.objectContaining({ key: 'final-report', status: 'awaiting-signature', to: 'committee' }),
    ]);
    expect(r.awaiting).toEqual([
      expect.objectContaining({ role: 'leading-group', step: 'signReport', params: { key: 'final-report' } }),
    ]);
    expect(r.notifications.some((n) => n.notificationId === `${id}:final-report`)).toBe(false);
    const draft = r.reportsUp![0]!.draft;
    const sign = (who: CaseClaims, body: object) =>
      sys.call(who, { method: 'POST', url: `/patrols/${id}/reports/final-report/signature`, payload: body });
    expect((await sign(people.office, {})).statusCode).toBe(403);
    expect((await sign(people.committee, {})).statusCode).toBe(403);
    expect((await sign(people.leadingGroup, { body: ' ' })).statusCode).toBe(422);
    // Signed with an edit: the edited text is sent, the draft kept; the step that closes the patrol answers it closed.
    const signed = await sign(people.leadingGroup, { body: `${draft.body}\n请省委、省政府审阅。`, note: '同意报送' });
    expect(signed.statusCode).toBe(200);
    r = signed.json<PatrolCaseRecord>();
    expect(r.reportsUp?.[0]).toMatchObject({
      status: 'signed',
      draft,
      signed: { edited: true, note: '同意报送', text: { body: `${draft.body}\n请省委、省政府审阅。` } },
    });
    expect(r).toMatchObject({ stage: 'closed', closed: true, awaiting: [] });
    expect((await sign(people.leadingGroup, {})).statusCode).toBe(409); // closed: nothing is open
    expect(r.publication?.url).toBe(`/bulletin/${id}`);
    const bulletin = await sys.app.inject({ method: 'GET', url: `/bulletin/${id}` });
    expect(bulletin.statusCode).toBe(200);
    expect(bulletin.json<{ unitName: string; text: string }>().unitName).toBe('静乐县');
    expect(bulletin.json<{ text: string }>().text).toContain('120万元');

    const handle = env.client.workflow.getHandle(id);
    await expect(handle.result()).resolves.toEqual({ caseId: id, stage: 'closed' });
    r = await record(sys, id);
    expect(r).toMatchObject({ stage: 'closed', closed: true, awaiting: [] });
    const final = r.notifications.find((n) => n.notificationId === `${id}:final-report`);
    expect(final?.to.role).toBe('committee');
    expect((await handle.describe()).typedSearchAttributes.get(CaseStage)).toBe('closed');

    const late = await sys.call(people.leadingGroup, {
      method: 'POST',
      url: `/patrols/${id}/transfers`,
      payload: { to: 'procuratorate', summary: 'x' },
    });
    expect(late.statusCode).toBe(409);

    if (process.env.RECORD_HISTORIES) {
      recordHistory('patrol-lifecycle.json', historyToJSON(await handle.fetchHistory()));
    }
  });

  test('Need to know: after the whole patrol, each party reads only what concerns it', async () => {
    const full = await record(sys, id);
    const grounds = full.grounds.summary;
    const remarks = full.requests.map((q) => q.remarks).find(Boolean)!;
    const request = full.requests[0]!.summary;
    const transfer = full.transfers[0]!.summary;
    const finding = full.findings[0]!.summary;
    const asUnit = (await sys.call(unit, { method: 'GET', url: `/cases/${id}` })).body;
    for (const text of [grounds, remarks, request, transfer, finding, full.report!.problems]) {
      expect([text, asUnit.includes(text)]).toEqual([text, false]);
    }
    expect(asUnit).toContain('追回资金'); // its rectification opinions and its own report
    const asBody = (await sys.call(discipline, { method: 'GET', url: `/cases/${id}` })).json<PatrolCaseRecord>();
    expect(asBody.transfers?.map((t) => t.summary)).toEqual([transfer]);
    expect(JSON.stringify(asBody).includes(grounds)).toBe(false);
    const asLeader = (await sys.call(leader, { method: 'GET', url: `/cases/${id}` })).body;
    expect(asLeader).toContain(grounds);
    for (const text of [remarks, request, transfer]) expect([text, asLeader.includes(text)]).toEqual([text, false]);
    // The report up to the committee, and its signature, are the overseers' (neither the unit nor the group sees it).
    for (const seen of [asUnit, asLeader]) {
      expect(seen.includes('请省委、省政府审阅')).toBe(false);
      expect(seen.includes('审签')).toBe(false);
    }
  });

  test("Art. 16 (3): the year's rectification across all patrols is drafted from the store, signed by the leading group, sent to the committee, and what was made public published in aggregate", async () => {
    const start = (who: CaseClaims, year = 2026) =>
      sys.call(who, { method: 'POST', url: '/patrol-rectification-reports', payload: { year } });
    for (const who of [people.committee, unit, leader, discipline]) expect((await start(who)).statusCode).toBe(403);
    const res = await start(people.office);
    expect([res.statusCode, res.statusCode === 201 ? '' : res.body]).toEqual([201, '']);
    const drafted = res.json<YearlyReport>();
    expect(drafted).toMatchObject({
      reportId: 'patrol-rectification-report-2026',
      status: 'awaiting-signature',
      title: '关于2026年度全省脱贫攻坚巡查整改情况的报告',
      patrols: 1,
      publishable: 1,
    });
    const stateOf = (who: CaseClaims) => sys.call(who, { method: 'GET', url: '/patrol-rectification-reports/2026' });
    const drafted2 = async () =>
      (await stateOf(people.office)).json<YearlyReport>().status === 'awaiting-signature' ? true : undefined;
    await eventually(drafted2);
    // Until it is signed, the draft may be made again from the store (issue 34): 200, not 409.
    const again = await start(people.leadingGroup);
    expect([again.statusCode, again.headers.location]).toEqual([200, '/patrol-rectification-reports/2026']);
    await eventually(drafted2);
    // The committee sees nothing before the leading group has signed: not the state, not the text, not the draft.
    expect((await stateOf(people.committee)).statusCode).toBe(404);
    const text = (who: CaseClaims, q = '') =>
      sys.call(who, { method: 'GET', url: `/patrol-rectification-reports/2026/text${q}` });
    expect((await text(people.committee)).statusCode).toBe(404);
    expect((await text(people.committee, '?version=draft')).statusCode).toBe(404);
    const draft = await text(people.leadingGroup, '?version=draft');
    expect(draft.statusCode).toBe(200);
    expect(draft.headers['x-report-status']).toBe('awaiting-signature');
    // Every patrol of the year with its opinions and how their review ended (one accepted, one ended by the leading group).
    expect(draft.body).toContain('# 关于2026年度全省脱贫攻坚巡查整改情况的报告');
    expect(draft.body).toContain('| 静乐县 | 已办结 | 2 | 1 | 1 | 1 | 逾期 | 是 |');
    expect(draft.body).toContain('领导小组结束整改');
    // Issue 14: also an official document; a draft says so.
    const draftDoc = await sys.call(people.office, {
      method: 'GET',
      url: '/patrol-rectification-reports/2026/text?version=draft&format=html',
    });
    expect(draftDoc.body).toContain('征求意见稿（未签发）');
    expect(draftDoc.body).toContain('<h1>关于2026年度全省脱贫攻坚巡查整改情况的报告</h1>');
    const sign = (who: CaseClaims, body: object) =>
      sys.call(who, { method: 'POST', url: '/patrol-rectification-reports/2026/signature', payload: body });
    expect((await sign(people.office, { publish: true })).statusCode).toBe(403);
    expect((await sign(people.committee, { publish: true })).statusCode).toBe(403);
    expect((await sign(people.leadingGroup, {})).statusCode).toBe(400); // publish or not is the leading group's call
    const signed = await sign(people.leadingGroup, { publish: true, text: `${draft.body}\n请审阅。`, note: '同意' });
    expect([signed.statusCode, signed.statusCode === 200 ? '' : signed.body]).toEqual([200, '']);
    expect(signed.json<YearlyReport>().signed).toMatchObject({ edited: true, publish: true, note: '同意' });
    expect((await sign(people.leadingGroup, { publish: false })).statusCode).toBe(409);
    expect((await start(people.office)).statusCode).toBe(409); // signed: stays as signed
    const sent = await eventually(async () => {
      const s = (await stateOf(people.committee)).json<YearlyReport>();
      return s.status === 'sent' ? s : undefined;
    });
    expect(sent.notifications.find((n) => n.to.role === 'committee')?.subject).toBe(
      '【报告】关于2026年度全省脱贫攻坚巡查整改情况的报告',
    );
    // The committee reads the text as signed (the edit), the draft stays as it was.
    expect((await text(people.committee)).body).toContain('请审阅。');
    expect((await text(people.office, '?version=draft')).body).not.toContain('请审阅。');
    const signedDoc = await text(people.committee, '?format=html');
    // Numbered in the year it was signed (workflow time on this server runs years ahead).
    expect(signedDoc.body).toMatch(/晋脱贫报〔\d{4}〕1号/);
    expect(signedDoc.body).not.toContain('征求意见稿');
    // Art. 16 (3): the aggregate the public reads holds only what was made public, patrol by patrol.
    expect(sent.publication?.url).toBe('/bulletin/patrol-rectification-report-2026');
    const pub = await sys.app.inject({ method: 'GET', url: '/bulletin/patrol-rectification-report-2026' });
    expect(pub.statusCode).toBe(200);
    const entry = pub.json<{ title: string; text: string }>();
    expect(entry.title).toBe('2026年度全省脱贫攻坚巡查整改情况公开');
    expect(entry.text).toContain('静乐县：');
    expect(entry.text).toContain('120万元');
    expect(entry.text).not.toContain((await record(sys, id)).grounds.summary);
    if (process.env.RECORD_HISTORIES) {
      const handle = env.client.workflow.getHandle('patrol-rectification-report-2026');
      await handle.result();
      recordHistory('patrol-rectification-report.json', historyToJSON(await handle.fetchHistory()));
    }
  });
});
