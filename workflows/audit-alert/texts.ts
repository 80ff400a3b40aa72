/**
 * What an audit alert says (issue 33 item 4): who, how many of what in which hour, over which threshold, and where the
 * office looks. Pure. It names the person by id and role only, never a reporter or anything that was read.
 */
import { roleLabels } from '../domain';
import type { TargetUnit } from '../domain';
import type { Alert } from './contract';
import { roleSlug } from './contract';

/** `2026年12月7日9时05分`: an instant in Beijing time (UTC+8, no daylight saving). */
export function beijingTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600 * 1000);
  const minutes = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日${d.getUTCHours()}时${minutes}分`;
}

/** `领导小组办公室人员（office-1）`, `审计员（auditor-1）`. */
export function personLabel(role: string, person: string): string {
  const label = (roleLabels as Record<string, string>)[role] ?? role;
  return `${label}${/[员长]$/.test(label) ? '' : '人员'}（${person}）`;
}

/** The person as the record's subject: the title reads `对领导小组办公室人员（office-1）的审计预警`. */
export const subjectOf = (a: Alert): TargetUnit => ({
  code: roleSlug(a.role),
  name: personLabel(a.role, a.person),
  kind: 'department',
});

export const alertTexts = {
  checkLabel: '审计预警核查情况',
  /** The event that raises it, and the heart of the notice. */
  raised: (a: Alert) =>
    `${personLabel(a.role, a.person)}在${beijingTime(a.since)}至${beijingTime(a.until)}（北京时间）` +
    `${a.reads
      .filter((r) => r.count > 0)
      .map((r) => `${r.label}${r.count}次`)
      .join('、')}，共${a.total}次，超过每小时${a.threshold}次的预警阈值`,
  /** What the office is asked (the deadline's notice adds the date). */
  detail: (a: Alert) => `请在审计日志中核查其访问记录（${a.auditLink}），并在系统中填写核查情况。`,
  checked: '办公室已核查审计预警',
  noDeadline: (problem: string) => `核查期限无法计算（${problem}），请办公室尽快核查`,
};
