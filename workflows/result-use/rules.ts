/**
 * The checks of a use of results (issue 36 item 2), pure: the API refuses a start that breaks one (422, in Chinese,
 * and nothing starts); the workflow checks the record of a talk with them against workflow time.
 */
import type { ResultUseType } from '../domain';
import { resultUseTypes } from '../domain';
import { chineseDate, localToday, realDate } from '../engine/texts';
import { latestDueDate } from '../common-steps/problem-terms';
import type { Person } from './contract';
import { resultUseTexts as t } from './texts';

/** A Beijing time `2027-01-27T09:30` as an instant (ms), or undefined when it is no real time. */
export function beijingMs(local: string): number | undefined {
  const [date, time] = local.split(/[T ]/) as [string, string];
  const [h, m] = time.split(':').map(Number) as [number, number];
  if (!realDate(date) || h > 23 || m > 59) return undefined;
  return Date.parse(`${date}T${time}:00+08:00`);
}

const blank = (s: string | undefined) => !s?.trim();
const personProblem = (list: Person[], what: string) =>
  list.some((p) => blank(p.name) || blank(p.post)) ? `${what}须写明姓名和职务` : undefined;

/** What a start carries of its type (the API's body). */
export interface ResultUseStart {
  type: ResultUseType;
  reason: string;
  circular?: { text: string; circulateTo: 'all' | string[] } | undefined;
  interview?: { leaders: Person[]; scheduledAt: string; place: string } | undefined;
  listing?: { requirement: string; dueDate?: string | undefined; responsibleLeader: Person } | undefined;
}

/**
 * The first problem of a start, as a Chinese refusal: the reason missing; the part of another type given, or this
 * type's missing; a talk not in the future, without a place or without the names and posts of those summoned; a
 * listing without its matter or leader, or dated before tomorrow or beyond three years.
 */
export function startProblem(s: ResultUseStart, now = Date.now()): string | undefined {
  if (blank(s.reason)) return '事由不能为空';
  const label = resultUseTypes[s.type];
  const given = (['circular', 'interview', 'listing'] as const).filter((k) => s[k] !== undefined);
  const own = ({ criticism: 'circular', interview: 'interview', listing: 'listing' } as const)[s.type];
  if (!given.includes(own))
    return `${label}须填写${{ circular: '通报内容', interview: '约谈事项', listing: '督办事项' }[own]}`;
  if (given.length > 1) return `${label}只填写本类事项`;
  if (s.circular) {
    if (blank(s.circular.text)) return '通报内容不能为空';
    if (Array.isArray(s.circular.circulateTo) && !s.circular.circulateTo.length) return '请选择通报范围';
  }
  if (s.interview) {
    const at = beijingMs(s.interview.scheduledAt);
    if (at === undefined) return t.notADate('约谈时间');
    if (at <= now) return '约谈时间须晚于现在';
    if (blank(s.interview.place)) return '约谈地点不能为空';
    return personProblem(s.interview.leaders, '被约谈人');
  }
  if (s.listing) {
    if (blank(s.listing.requirement)) return '督办事项不能为空';
    const leader = personProblem([s.listing.responsibleLeader], '责任领导');
    if (leader) return leader;
    const due = s.listing.dueDate;
    const today = localToday(now);
    if (due !== undefined) {
      if (!realDate(due)) return '办结时限不是有效日期';
      if (due <= today) return `办结时限${chineseDate(due)}须晚于今天（${chineseDate(today)}）`;
      if (due > latestDueDate(today)) return `办结时限不得晚于${chineseDate(latestDueDate(today))}`;
    }
  }
  return undefined;
}

/** The record of a talk: attendees named, not after now, not before the day of the decision (workflow time). */
export function recordProblem(
  d: { heldAt: string; attendees: Person[]; text: string; commitments: string[] },
  decidedAt: string,
  now = Date.now(),
): string | undefined {
  const at = beijingMs(d.heldAt);
  if (at === undefined) return t.notADate('约谈时间');
  if (at > now) return t.heldInFuture;
  const decidedOn = localToday(Date.parse(decidedAt));
  if (d.heldAt.slice(0, 10) < decidedOn) return t.heldBeforeDecision(decidedOn);
  if (blank(d.text)) return '约谈记录不能为空';
  if (d.commitments.some(blank)) return '承诺事项不能为空';
  return personProblem(d.attendees, '参加约谈人员');
}
