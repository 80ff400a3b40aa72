import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { ChineseCalendar } from '../../lib/calendar/calendar';
import { noticeTimes } from '../../lib/calendar/notice-times';
import type { DeadlineTrack } from '../../workflows/engine/schemas';
import { recordHistory } from '../helpers/histories';
import type { PatrolCaseRecord } from '../../workflows/patrol/contract';
import type { TestSystem } from '../helpers/system';
import { people, startSystem } from '../helpers/system';
import { record, step, suggestionGrounds, walkPatrol } from '../helpers/patrol';

const day = 86_400_000;
const hour = 3_600_000;
/** The worker's calendar and the default policy of a handling suggestion: reminders 3 and 1 days before, 3 days' grace. */
const calendar = ChineseCalendar.load();
const suggestionTimes = (deadline: DeadlineTrack['deadline']) =>
  noticeTimes(deadline, { remindersBeforeMs: [3 * day, day], escalationsAfterMs: [3 * day] }, calendar);

/** The deadline engine on other items than rectification: extensions, and chasing a transfer nobody acknowledges. */
describe('Deadline engine: extensions and unacknowledged transfers (time-skipping server)', () => {
  let sys: TestSystem;

  const track = (r: PatrolCaseRecord, key: string): DeadlineTrack => r.deadlines.find((t) => t.key === key)!;

  beforeAll(async () => {
    sys = await startSystem({ timeSkipping: true });
  });
  afterAll(async () => sys?.close());

  test('Art. 15 (ours): an overdue handling suggestion is extended with a reason; the timers follow the new date', async () => {
    const id = await walkPatrol(sys, 'jincheng', 1, 'field-work');
    let r = await step(sys, people.groupLeader, id, 'handling-suggestions', {
      summary: '停止违规拨付',
      ...suggestionGrounds,
    });
    const first = track(r, 'suggestion-1');
    expect(first.deadline.rule).toEqual({ unit: 'calendar-days', amount: 15 });
    const due = Date.parse(first.deadline.dueAt);

    // Red on the first working morning after the due date (issue 34 item 6).
    await sys.advanceTo(suggestionTimes(first.deadline).redAt + hour);
    r = await record(sys, id);
    expect(track(r, 'suggestion-1').status).toBe('overdue');

    // Only the leading group or office extends; the new date must be later; a reason is required.
    const url = `/patrols/${id}/deadlines/suggestion-1/extension`;
    const newDate = new Date(due + 10 * day + 8 * hour).toISOString().slice(0, 10);
    expect(
      (await sys.call(people.datong, { method: 'POST', url, payload: { dueDate: newDate, reason: '需要时间' } }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await sys.call(people.leadingGroup, {
          method: 'POST',
          url,
          payload: { dueDate: first.deadline.dueDate, reason: '延' },
        })
      ).statusCode,
    ).toBe(422);
    expect(
      (await sys.call(people.leadingGroup, { method: 'POST', url, payload: { dueDate: newDate, reason: ' ' } }))
        .statusCode,
    ).toBe(422);
    const res = await sys.call(people.leadingGroup, {
      method: 'POST',
      url,
      payload: { dueDate: newDate, reason: '涉及省级资金核查，延期10天' },
    });
    expect(res.statusCode).toBe(200);
    r = res.json<PatrolCaseRecord>();
    const extended = track(r, 'suggestion-1');
    expect(extended).toMatchObject({ status: 'waiting', deadline: { dueDate: newDate } });
    expect(extended.extensions).toHaveLength(1);
    expect(extended.extensions[0]).toMatchObject({
      fromDueDate: first.deadline.dueDate,
      toDueDate: newDate,
      reason: '涉及省级资金核查，延期10天',
      by: { role: 'leading-group' },
    });
    const newDue = Date.parse(extended.deadline.dueAt);
    expect(newDue - due).toBe(10 * day);

    // Reminders re-arm for the new date (3 days and 1 day before, on working mornings: one notice when both fall on the
    // same one), then it is overdue again the working morning after the new date.
    const times = suggestionTimes(extended.deadline);
    await sys.advanceTo(times.redAt - hour);
    r = await record(sys, id);
    expect(
      track(r, 'suggestion-1')
        .reminders.filter((x) => x.dueDate === newDate)
        .map((x) => x.beforeMs),
    ).toEqual(times.reminders[0] === times.reminders[1] ? [3 * day] : [3 * day, day]);
    expect(track(r, 'suggestion-1').status).toBe('waiting');
    await sys.advanceTo(times.redAt + hour);
    r = await record(sys, id);
    expect(track(r, 'suggestion-1').status).toBe('overdue');
    expect(r.events.filter((e) => e.action === 'overdue')).toHaveLength(2);
  });

  test('Art. 16, DOMAIN.md: a transfer nobody acknowledges gets courtesy reminders and an office follow-up, never an escalation, a date set on the body or 逾期提交 in what it sees', async () => {
    const id = await walkPatrol(sys, 'lvliang-linxian', 2, 'instructed');
    let r = await step(sys, people.leadingGroup, id, 'transfers', { to: 'procuratorate', summary: '涉嫌贪污的线索' });
    const t = track(r, 'transfer-1');
    expect(t).toMatchObject({ kind: 'transfer-acknowledgement', party: { role: 'discipline', unit: 'procuratorate' } });
    // The body is asked, not given a date.
    const asked = r.notifications.find((n) => n.to.role === 'discipline')!;
    expect(asked.subject).not.toMatch(/前/);
    const procuratorate = { sub: 'proc-1', role: 'discipline' as const, unit: 'procuratorate', name: '检察院 周' };
    const theirs = (await sys.call(procuratorate, { method: 'GET', url: `/cases/${id}` })).json<PatrolCaseRecord>();
    expect(theirs.deadlines).toEqual([]);
    expect(theirs.awaiting).toEqual([expect.objectContaining({ step: 'acknowledgeTransfer' })]);
    expect(theirs.awaiting[0]!.dueAt).toBeUndefined();

    const due = Date.parse(t.deadline.dueAt);
    await sys.advanceTo(due + 10 * day + hour);
    r = await record(sys, id);
    const late = track(r, 'transfer-1');
    expect(late.escalations).toEqual([]);
    expect(r.notifications.some((n) => n.to.role === 'committee' && n.subject.includes('逾期'))).toBe(false);
    expect(r.notifications.some((n) => n.to.role === 'discipline' && n.subject.includes('逾期'))).toBe(false);
    expect(r.notifications.some((n) => n.to.role === 'office' && n.subject.startsWith('【待跟进】'))).toBe(true);
    // The office has a follow-up task, and records what it did.
    const { tasks } = (await sys.call(people.office, { method: 'GET', url: '/my/tasks' })).json<{
      tasks: Array<{ step: string; url: string }>;
    }>();
    const task = tasks.find((x) => x.step === 'followUpDeadline' && x.url.includes(id));
    expect(task?.url).toBe(`/patrols/${id}/deadlines/transfer-1/follow-up`);
    const refused = await sys.call(people.leadingGroup, {
      method: 'POST',
      url: `/patrols/${id}/deadlines/transfer-1/follow-up`,
      payload: { note: '已电话联系' },
    });
    expect(refused.statusCode).toBe(403);
    r = await step(sys, people.office, id, 'deadlines/transfer-1/follow-up', {
      note: '已电话联系，对方称正在办理签收',
    });
    expect(track(r, 'transfer-1').followUps).toHaveLength(1);
    expect(r.awaiting.some((a) => a.step === 'followUpDeadline')).toBe(false);
    await step(sys, procuratorate, id, 'transfers/1/acknowledgement', { note: '已收到' });
    r = await record(sys, id);
    expect(track(r, 'transfer-1')).toMatchObject({ status: 'submitted', late: true });
    // Issue 34: the office reads the lateness (its track and notice); the body's own view never calls it late.
    expect(r.notifications.some((n) => n.to.role === 'office' && n.subject.startsWith('【已提交·逾期】'))).toBe(true);
    const after = (await sys.call(procuratorate, { method: 'GET', url: `/cases/${id}` })).json<PatrolCaseRecord>();
    expect(after.events.some((e) => e.summary.includes('已提交'))).toBe(true);
    expect(after.events.filter((e) => /逾期/.test(e.summary) || e.action === 'submitted-late')).toEqual([]);
    if (process.env.RECORD_HISTORIES) {
      recordHistory(
        'patrol-transfer-follow-up.json',
        historyToJSON(await sys.env.client.workflow.getHandle(id).fetchHistory()),
      );
    }
  });
});
