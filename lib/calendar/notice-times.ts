import { DateTime } from 'luxon';
import type { ChineseCalendar } from './calendar';
import { caseTimeZone } from './calendar';
import type { Deadline } from './deadlines';

/** When an office's working day starts (Beijing time), unless the deadline policy's `workdayStart` says otherwise. */
export const defaultWorkdayStart = '09:00';

/** `HH:MM`, 24-hour. */
export const workdayStartPattern = /^([01]\d|2[0-3]):[0-5]\d$/;

/** When each notice about one deadline goes (epoch milliseconds). */
export interface NoticeTimes {
  /** One per `remindersBeforeMs`, in the same order. */
  reminders: number[];
  /** The red light: the item is overdue and the office and the party are told. */
  redAt: number;
  /** One per `escalationsAfterMs`, in the same order. */
  escalations: number[];
}

/** A deadline that ends with a day (23:59:59 Beijing time), not at a minute of a compressed demo policy. */
function endsWithDay(deadline: Pick<Deadline, 'dueAt' | 'rule'>): boolean {
  if (deadline.rule?.unit === 'minutes') return false;
  const local = DateTime.fromISO(deadline.dueAt, { zone: caseTimeZone });
  return local.hour === 23 && local.minute === 59;
}

function atStart(date: string, workdayStart: string): number {
  const [hour, minute] = workdayStart.split(':').map(Number);
  return DateTime.fromISO(date, { zone: caseTimeZone }).set({ hour, minute }).toMillis();
}

const localDate = (ms: number) => DateTime.fromMillis(ms, { zone: caseTimeZone }).toISODate()!;

/**
 * When the reminders, the red light and the escalations of a deadline go: at the start of a working day (09:00 Beijing
 * time by default), never at midnight or on a day off. A reminder "7 days before" goes at the start of the 7th day before
 * the due date, or of the working day before that day when it is a day off; the red light at the start of the first
 * working day after the due date; an escalation "7 days overdue" at the start of the 7th day after it, or of the next
 * working day. A deadline of a compressed demo policy (minutes) keeps exact times.
 *
 * @example
 * // Due 2026-10-08, reminded 3 days before: 10月5日 is 国庆节, so 9月30日 09:00; red: 10月9日 09:00.
 * noticeTimes(deadline, { remindersBeforeMs: [3 * 86_400_000], escalationsAfterMs: [] }, calendar)
 */
export function noticeTimes(
  deadline: Pick<Deadline, 'dueAt' | 'dueDate' | 'rule'>,
  plan: { remindersBeforeMs: number[]; escalationsAfterMs: number[] },
  calendar: ChineseCalendar,
  workdayStart: string = defaultWorkdayStart,
): NoticeTimes {
  const due = Date.parse(deadline.dueAt);
  if (!endsWithDay(deadline)) {
    return {
      reminders: plan.remindersBeforeMs.map((b) => due - b),
      redAt: due,
      escalations: plan.escalationsAfterMs.map((a) => due + a),
    };
  }
  const dayAfter = DateTime.fromISO(deadline.dueDate, { zone: caseTimeZone }).plus({ days: 1 }).toISODate()!;
  return {
    reminders: plan.remindersBeforeMs.map((b) =>
      atStart(calendar.workingDayFrom(localDate(due - b), -1), workdayStart),
    ),
    redAt: atStart(calendar.workingDayFrom(dayAfter), workdayStart),
    escalations: plan.escalationsAfterMs.map((a) => {
      // Never before the day after the due date, however short the grace period.
      const day = localDate(due + a) < dayAfter ? dayAfter : localDate(due + a);
      return atStart(calendar.workingDayFrom(day), workdayStart);
    }),
  };
}
