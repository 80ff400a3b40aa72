import { ChineseCalendar } from '../../lib/calendar/calendar';
import type { Deadline } from '../../lib/calendar/deadlines';
import type { NoticeTimes } from '../../lib/calendar/notice-times';
import { noticeTimes } from '../../lib/calendar/notice-times';

const day = 86_400_000;

/** The worker's calendar in the tests (the data package and data/holidays/). */
export const testCalendar = ChineseCalendar.load();

/**
 * When the notices of a deadline go under a policy (reminders `befores`, latest first; escalations `afters`), by the
 * tests' calendar at 09:00: issue 34 item 6. Default: the rectification's 7, 3 and 1 days, 督办 after 7 days.
 */
export function expectedTimes(
  deadline: Pick<Deadline, 'dueAt' | 'dueDate' | 'rule'>,
  befores = [7 * day, 3 * day, day],
  afters = [7 * day],
): NoticeTimes & { befores: number[] } {
  return {
    ...noticeTimes(deadline, { remindersBeforeMs: befores, escalationsAfterMs: afters }, testCalendar),
    befores,
  };
}

/**
 * The reminders (their `beforeMs`) sent by `at`: reminders moved to the same working morning are one notice, the
 * yellow one (`yellow`, default 3 days) if either is.
 */
export function remindersBy(times: NoticeTimes & { befores: number[] }, at: number, yellow = 3 * day): number[] {
  const sent = new Map<number, number>();
  times.befores.forEach((b, i) => {
    const t = times.reminders[i]!;
    if (!sent.has(t) || b === yellow) sent.set(t, b);
  });
  return [...sent].filter(([t]) => t <= at).map(([, b]) => b);
}
