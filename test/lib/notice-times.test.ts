import { ChineseCalendar } from '../../lib/calendar/calendar';
import type { Deadline } from '../../lib/calendar/deadlines';
import { computeDeadline, deadlineOnDate } from '../../lib/calendar/deadlines';
import { DeadlinePolicyError, resolvePolicy } from '../../lib/calendar/deadline-policy';
import { noticeTimes } from '../../lib/calendar/notice-times';

const calendar = ChineseCalendar.load();
const months2 = { unit: 'calendar-months', amount: 2 } as const;
const day = 86_400_000;
/** 09:00 Beijing time on a local date, as an ISO instant. */
const nineAm = (date: string) => new Date(`${date}T09:00:00+08:00`).toISOString();
const iso = (ms: number) => new Date(ms).toISOString();

describe('Terms the measures fix end on a working day (docs/deadlines.md, 民法典第二百零三条)', () => {
  test('Art. 16 (2): a 2-month term ending on 国庆节 ends on the next working day', () => {
    // Feedback on 2026-08-01: two months end on 2026-10-01, 国庆节 (10月1日至7日放假).
    const d = computeDeadline('2026-08-01T02:00:00Z', months2, calendar, { toWorkingDay: true });
    expect(d).toMatchObject({
      dueDate: '2026-10-08',
      dueAt: '2026-10-08T15:59:59.000Z',
      label: '2026年10月8日前',
      movedFrom: '2026-10-01',
      movedFor: '国庆节',
    });
  });

  test('Art. 16 (2): a 2-month term ending in 春节 ends after the whole holiday', () => {
    // 2026-02-16 is in 春节 (2月15日至23日); 2月24日 is the first working day after it.
    const d = computeDeadline('2025-12-16T02:00:00Z', months2, calendar, { toWorkingDay: true });
    expect([d.dueDate, d.movedFrom, d.movedFor]).toEqual(['2026-02-24', '2026-02-16', '春节']);
  });

  test('Art. 16 (2): a term ending on a Sunday ends on Monday; one ending on a worked Saturday (调休) stays', () => {
    const sunday = computeDeadline('2026-05-05T02:00:00Z', months2, calendar, { toWorkingDay: true });
    expect([sunday.dueDate, sunday.movedFrom, sunday.movedFor]).toEqual(['2026-07-06', '2026-07-05', '星期日']);
    // 2026-10-10 is a Saturday worked for 国庆节.
    const worked = computeDeadline('2026-08-10T02:00:00Z', months2, calendar, { toWorkingDay: true });
    expect(worked.dueDate).toBe('2026-10-10');
    expect(worked.movedFrom).toBeUndefined();
  });

  test('Art. 16 (2): the office’s own deadlines are counted as set; only the terms the measures fix move', () => {
    expect(computeDeadline('2026-08-01T02:00:00Z', months2, calendar).dueDate).toBe('2026-10-01');
    expect(
      computeDeadline('2026-08-01T02:00:00Z', { unit: 'minutes', amount: 5 }, calendar, { toWorkingDay: true }),
    ).not.toHaveProperty('movedFrom');
  });

  test('Art. 16 (2): in a year whose holiday schedule is not loaded a term moves past the weekend only, never refused', () => {
    expect(calendar.coveredYears()).not.toContain(2027);
    // 2027-02-07 is a Sunday.
    const d = computeDeadline('2026-12-07T02:00:00Z', months2, calendar, { toWorkingDay: true });
    expect([d.dueDate, d.movedFor]).toEqual(['2027-02-08', '星期日']);
  });

  test('the default policy marks Art. 16 (2)’s rectification term as fixed by the measures', () => {
    expect(resolvePolicy()['patrol-rectification'].fixedByMeasures).toBe(true);
  });
});

describe('Reminders and lights go at the start of a working day (issue 34 item 6)', () => {
  const dueOn = (date: string): Deadline => deadlineOnDate('2026-08-01T02:00:00Z', date);
  const plan = { remindersBeforeMs: [7 * day, 3 * day, day], escalationsAfterMs: [7 * day] };

  test('Art. 16 (2): reminders go at 09:00 Beijing time of their day, or of the working day before a day off', () => {
    // Due Thursday 2026-10-08, just after 国庆节: 7, 3 and 1 days before are all in the holiday, so all go on 9月30日.
    const t = noticeTimes(dueOn('2026-10-08'), plan, calendar);
    expect(t.reminders.map(iso)).toEqual([nineAm('2026-09-30'), nineAm('2026-09-30'), nineAm('2026-09-30')]);
    // Due Friday 2026-10-16: 7 days before is 10月9日 (Friday), 3 days before 10月13日, 1 day before 10月15日.
    expect(noticeTimes(dueOn('2026-10-16'), plan, calendar).reminders.map(iso)).toEqual([
      nineAm('2026-10-09'),
      nineAm('2026-10-13'),
      nineAm('2026-10-15'),
    ]);
    // Due Monday 2026-10-12: 1 day before is a Sunday; the Saturday before it is worked (调休), so the reminder goes then.
    expect(iso(noticeTimes(dueOn('2026-10-12'), plan, calendar).reminders[2]!)).toBe(nineAm('2026-10-10'));
  });

  test('Art. 16 (2): the red light goes the first working morning after the due date; an escalation on a working morning', () => {
    // Due Friday 2026-10-16: red on Monday 10月19日; 7 days overdue is Friday 10月23日.
    const t = noticeTimes(dueOn('2026-10-16'), plan, calendar);
    expect(iso(t.redAt)).toBe(nineAm('2026-10-19'));
    expect(t.escalations.map(iso)).toEqual([nineAm('2026-10-23')]);
    // Due 2026-09-30: red after 国庆节, on 10月8日; 7 days overdue is 10月7日 (国庆节), so 10月8日 too.
    const holiday = noticeTimes(dueOn('2026-09-30'), plan, calendar);
    expect([iso(holiday.redAt), ...holiday.escalations.map(iso)]).toEqual([nineAm('2026-10-08'), nineAm('2026-10-08')]);
    // A grace period shorter than a day never escalates before the red light.
    const short = noticeTimes(
      dueOn('2026-10-16'),
      { remindersBeforeMs: [], escalationsAfterMs: [3_600_000] },
      calendar,
    );
    expect(short.escalations).toEqual([short.redAt]);
  });

  test('the start of the working day is the policy’s workdayStart (default 09:00); a bad one is refused naming it', () => {
    expect(resolvePolicy().workdayStart).toBe('09:00');
    const policy = resolvePolicy({ workdayStart: '08:30' });
    const t = noticeTimes(dueOn('2026-10-16'), plan, calendar, policy.workdayStart);
    expect(iso(t.redAt)).toBe(new Date('2026-10-19T08:30:00+08:00').toISOString());
    expect(() => resolvePolicy({ workdayStart: '8:30' })).toThrow(DeadlinePolicyError);
    expect(() => resolvePolicy({ workdayStart: '25:00' }, 'policy.json')).toThrow(/policy.json: workdayStart/);
  });

  test('a deadline of a compressed demo policy (minutes) keeps exact times', () => {
    const d = computeDeadline('2026-10-01T02:00:00Z', { unit: 'minutes', amount: 10 }, calendar);
    const t = noticeTimes(d, { remindersBeforeMs: [30_000], escalationsAfterMs: [60_000] }, calendar);
    const due = Date.parse(d.dueAt);
    expect(t).toEqual({ reminders: [due - 30_000], redAt: due, escalations: [due + 60_000] });
  });
});
