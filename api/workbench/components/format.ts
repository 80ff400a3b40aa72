/**
 * How the workbench writes times and due dates for officials: `2026年11月27日`, `2026年11月27日 14:05` (Asia/Shanghai),
 * and the traffic light of an item with a due date (红黄绿灯), as Chinese supervision offices use it: green, yellow
 * from `yellowDays` days before the due date, red when overdue.
 */
import { DateTime } from 'luxon';
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
 * The traffic light of an item due on `dueDate` (a local date): red when the case says it is overdue or the date has
 * passed, yellow from `yellowDays` days before it, green before that.
 */
export function dueStatus(dueDate: string, today: string, yellowDays: number, overdue = false): DueStatus {
  const daysLeft = Math.round(DateTime.fromISO(dueDate, { zone }).diff(DateTime.fromISO(today, { zone }), 'days').days);
  const light: Light = overdue || daysLeft < 0 ? 'red' : daysLeft <= yellowDays ? 'yellow' : 'green';
  const text =
    daysLeft < 0 ? `已逾期${-daysLeft}天` : daysLeft === 0 ? (overdue ? '已逾期' : '今天到期') : `剩余${daysLeft}天`;
  return { light, daysLeft, text };
}
