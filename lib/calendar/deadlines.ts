import { DateTime } from 'luxon';
import type { ChineseCalendar } from './calendar';
import { caseTimeZone, datePattern } from './calendar';

/**
 * How a deadline is counted (docs/measures.md, "Deadlines"):
 * - `calendar-months`: the same day N months later; a day the month lacks is the month's last day
 *   (2026-12-31 + 2 months = 2027-02-28).
 * - `calendar-days`: N days later.
 * - `working-days`: the N-th Chinese working day after the start day (statutory holidays off, 调休 weekends on).
 * - `minutes`: N minutes after the exact start instant; for demos and trial runs with a compressed policy.
 * The start day is the local date (Asia/Shanghai) on which the item was issued and is not counted.
 */
export type DeadlineRule =
  | { unit: 'calendar-months'; amount: number }
  | { unit: 'calendar-days'; amount: number }
  | { unit: 'working-days'; amount: number }
  | { unit: 'minutes'; amount: number };

export { ruleUnits } from '../../workflows/domain';

/** A computed deadline, kept in the workflow's history so later changes of holiday data cannot move it. */
export interface Deadline {
  /** The issue instant the deadline counts from (ISO). */
  from: string;
  /** The rule it was computed from; absent for a date set by hand (an extension). */
  rule?: DeadlineRule;
  /** Local due date in Asia/Shanghai, `YYYY-MM-DD`. */
  dueDate: string;
  /** The instant the deadline ends (ISO, UTC): 23:59:59 Beijing time on the due date, or the exact minute. */
  dueAt: string;
  /** For people: `2027年1月27日前` (a deadline within a day: `2027年1月27日10时05分前（北京时间）`). */
  label: string;
  /** A term the measures fix that ended on a day off: the date it would have ended (it ends the next working day). */
  movedFrom?: string;
  /** The day off it would have ended on: `国庆节`, `星期日`. */
  movedFor?: string;
}

/** How a deadline is computed beyond its rule. */
export interface DeadlineOptions {
  /**
   * A term the measures fix (Art. 16 (2): 2 months) that ends on a day off (a statutory holiday, or a weekend not worked)
   * ends on the next working day, as a term of Chinese law does (民法典第二百零三条).
   */
  toWorkingDay?: boolean;
}

function endOfLocalDay(date: string): DateTime {
  return DateTime.fromISO(date, { zone: caseTimeZone }).set({ hour: 23, minute: 59, second: 59, millisecond: 0 });
}

function deadline(from: string, rule: DeadlineRule | undefined, due: DateTime): Deadline {
  const local = due.setZone(caseTimeZone);
  return {
    from,
    ...(rule ? { rule } : {}),
    dueDate: local.toISODate()!,
    dueAt: due.toUTC().toISO()!,
    // As officials write a due date: `2027年1月27日前`; a deadline within the day (a compressed demo policy) with its time.
    label:
      local.hour === 23 && local.minute === 59
        ? `${local.toFormat('yyyy年M月d日')}前`
        : `${local.toFormat('yyyy年M月d日H时mm分')}前（北京时间）`,
  };
}

/**
 * Compute a deadline. Throws `CalendarYearNotCoveredError` when a working-day rule reaches a year whose
 * holiday schedule is not loaded. With `toWorkingDay`, a term ending on a day off ends on the next working day.
 *
 * @example
 * computeDeadline('2026-11-27T02:00:00Z', { unit: 'calendar-months', amount: 2 }, calendar).dueDate // '2027-01-27'
 */
export function computeDeadline(
  from: string,
  rule: DeadlineRule,
  calendar: ChineseCalendar,
  options: DeadlineOptions = {},
): Deadline {
  const computed = byRule(from, rule, calendar);
  if (!options.toWorkingDay || rule.unit === 'minutes') return computed;
  const movedFor = calendar.dayOff(computed.dueDate);
  if (movedFor === undefined) return computed;
  return {
    ...deadline(from, rule, endOfLocalDay(calendar.workingDayFrom(computed.dueDate))),
    movedFrom: computed.dueDate,
    movedFor,
  };
}

function byRule(from: string, rule: DeadlineRule, calendar: ChineseCalendar): Deadline {
  const start = DateTime.fromISO(from, { zone: caseTimeZone });
  if (!start.isValid) throw new RangeError(`not an instant: ${from}`);
  if (!Number.isInteger(rule.amount) || rule.amount < 1)
    throw new RangeError(`a deadline needs a whole positive amount, got ${rule.amount}`);
  const startDate = start.toISODate();
  switch (rule.unit) {
    case 'minutes':
      return deadline(from, rule, start.plus({ minutes: rule.amount }).set({ millisecond: 0 }));
    case 'calendar-months':
      // Luxon clamps to the month's last day when the day does not exist.
      return deadline(
        from,
        rule,
        endOfLocalDay(DateTime.fromISO(startDate, { zone: caseTimeZone }).plus({ months: rule.amount }).toISODate()!),
      );
    case 'calendar-days':
      return deadline(
        from,
        rule,
        endOfLocalDay(DateTime.fromISO(startDate, { zone: caseTimeZone }).plus({ days: rule.amount }).toISODate()!),
      );
    case 'working-days':
      return deadline(from, rule, endOfLocalDay(calendar.addWorkingDays(startDate, rule.amount)));
  }
}

/** A deadline set to a given local date (an extension): it ends at 23:59:59 Beijing time that day. */
export function deadlineOnDate(from: string, dueDate: string): Deadline {
  const due = endOfLocalDay(dueDate);
  if (!datePattern.test(dueDate) || !due.isValid) throw new RangeError(`not a date: ${dueDate}`);
  return deadline(from, undefined, due);
}
