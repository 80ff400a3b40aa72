/**
 * How the workbench writes times and due dates for officials: `2026年11月27日`, `2026年11月27日 14:05` (Asia/Shanghai),
 * and the traffic light of an item with a due date (红黄绿灯), as Chinese supervision offices use it: green, yellow
 * from `yellowDays` days before the due date, red when overdue; they change at the start of the working day.
 */
import { DateTime } from 'luxon';
import { defaultWorkdayStart } from '../../../lib/calendar/notice-times';
import { chineseDate } from '../../../workflows/engine/texts';

const zone = 'Asia/Shanghai';

export { chineseDate };

/** An instant as `2026年11月27日 14:05` in Asia/Shanghai. */
export function chineseDateTime(iso: string): string {
  const t = DateTime.fromISO(iso, { zone });
  return t.isValid ? `${t.year}年${t.month}月${t.day}日 ${t.toFormat('HH:mm')}` : iso;
}

/** The day of an instant as `2026年11月27日` in Asia/Shanghai. */
export function chineseDay(iso: string): string {
  const t = DateTime.fromISO(iso, { zone });
  return t.isValid ? `${t.year}年${t.month}月${t.day}日` : iso;
}

/** Today's date in Asia/Shanghai (`2026-11-27`). */
export function todayIn(now: number): string {
  return DateTime.fromMillis(now, { zone }).toISODate()!;
}

/**
 * The day whose working morning has begun (issue 34): the lights change with the notices, at the start of the working
 * day (09:00 Beijing), not at midnight; before 09:00 it is still the day before.
 */
export function lightDay(now: number, workdayStart = defaultWorkdayStart): string {
  const [hour, minute] = workdayStart.split(':').map(Number) as [number, number];
  return DateTime.fromMillis(now, { zone }).minus({ hours: hour, minutes: minute }).toISODate()!;
}

export type Light = 'green' | 'yellow' | 'red';

export const lightLabels: Record<Light, string> = { green: '绿灯', yellow: '黄灯', red: '红灯' };

export interface DueStatus {
  light: Light;
  /** Calendar days from today to the due date (negative when past it). */
  daysLeft: number;
  /** `剩余3天`, `今天到期`, `已逾期2天`. */
  text: string;
}

/**
 * The traffic light of an item due on `dueDate` (a local date), on `today` (`lightDay`): yellow from `yellowDays` days
 * before it, green before that; red when the case says it is overdue. The case turns an item red with its notices, at
 * the start of the first working day after the due date (issue 34), so a date just past on a weekend is not red yet.
 */
export function dueStatus(dueDate: string, today: string, yellowDays: number, overdue = false): DueStatus {
  const daysLeft = Math.round(DateTime.fromISO(dueDate, { zone }).diff(DateTime.fromISO(today, { zone }), 'days').days);
  const light: Light = overdue ? 'red' : daysLeft <= yellowDays ? 'yellow' : 'green';
  const text = overdue
    ? daysLeft < 0
      ? `已逾期${-daysLeft}天`
      : '已逾期'
    : daysLeft < 0
      ? '已过截止日期'
      : daysLeft === 0
        ? '今天到期'
        : `剩余${daysLeft}天`;
  return { light, daysLeft, text };
}
