/**
 * What a problem of the rectification ledger writes for people (issue 35; pure, tested without a server): its title,
 * its events, and the sentences its deadlines' notices carry (the deadline engine sends them: a new term tells the
 * unit what is asked and by when, in one notice).
 */
import type { FollowUpVerdict, ProblemTermKind, TargetUnit } from '../domain';
import { followUpVerdicts, problemSources, problemTermKinds } from '../domain';
import type { ProblemFigures, ProblemSourceRef } from './contract';
import { chineseDate, chineseNumber } from '../engine/texts';

/** `2026年巡查`: where the problem was found, as texts name it (never by an id). */
export const sourceName = (s: ProblemSourceRef) => `${s.year}年${problemSources[s.kind]}`;

/** The figures of one report, as an event says them: `追回资金12000元，问责3人，建章立制2项`. */
export function figuresText(f: ProblemFigures | undefined): string {
  if (!f) return '';
  const parts = [
    f.recoveredYuan !== undefined ? `追回资金${f.recoveredYuan}元` : '',
    f.heldAccountable !== undefined ? `问责${f.heldAccountable}人` : '',
    f.rulesMade !== undefined ? `建章立制${f.rulesMade}项` : '',
    ...(f.other ?? []).map((o) => `${o.label}${o.value}${o.unit ?? ''}`),
  ].filter(Boolean);
  return parts.join('，');
}

export const problemTexts = {
  /** `太原市整改问题（2026年巡查第三项整改要求）`: how notices name the problem. */
  title: (unit: TargetUnit, s: ProblemSourceRef) =>
    `${unit.name}整改问题（${sourceName(s)}第${chineseNumber(s.requirement)}项整改要求）`,

  // ---- events ----
  started: (s: ProblemSourceRef, term: ProblemTermKind) =>
    `${sourceName(s)}提出的整改要求列入整改台账（${problemTermKinds[term]}）`,
  dueOn: (dueDate: string) => `整改期限：${chineseDate(dueDate)}前`,
  everyMonths: (months: number) => `长期坚持：每${months}个月报送一次整改进展`,
  responsibleNamed: (person: string, post?: string) => `确定责任人：${person}${post ? `（${post}）` : ''}`,
  progress: (figures: string) => `报送整改进展${figures ? `：${figures}` : ''}`,
  evidence: (count: number) => `报送佐证材料${count}份`,
  strikeOffRequested: '申请销号',
  struckOff: '审核通过，予以销号',
  sentBack: '审核未通过，退回继续整改',
  reopened: '问题反弹，重新打开',
  reboundFound: (verdict: FollowUpVerdict) => `回头看发现该问题${followUpVerdicts[verdict]}，问题反弹，重新打开`,
  reboundChecked: (verdict: FollowUpVerdict, stage: string) =>
    `回头看检查该问题：${followUpVerdicts[verdict]}${stage === 'struck-off' ? '' : '（问题尚未销号，继续整改）'}`,
  progressFirst: '申请销号前须至少报送一次整改进展',
  endedAlready: '该整改问题已办结，不能重新打开',
  reopeningAlready: '该整改问题正在重新打开',
  ended: (months: number) => `销号后${months}个月内未发现反弹，整改问题办结`,

  // ---- the labels of its deadlines (what the unit is asked to submit) ----
  termLabel: (term: ProblemTermKind) => `整改完成情况（${problemTermKinds[term]}）`,
  resubmissionLabel: '退回后的整改完成情况',
  reopenedLabel: '反弹问题的整改完成情况',
  periodLabel: (n: number) => `长期坚持问题第${chineseNumber(Math.min(n, 99))}期整改进展`,
  datedRule: '整改要求确定的期限',
  monthsRule: (months: number) => `每${months}个月`,

  // ---- what the notices of its deadlines add (the deadline engine writes the rest) ----
  requirementDetail: (s: ProblemSourceRef, requirement: string, term: ProblemTermKind) =>
    `${sourceName(s)}提出整改要求（${s.article}）：“${requirement}”。整改方式：${problemTermKinds[term]}。` +
    (term === 'long-term'
      ? '请按期报送整改进展和佐证材料，整改完成后申请销号。'
      : '请抓紧整改，报送整改进展和佐证材料后申请销号。'),
  sentBackDetail: (reason: string) => `销号申请未获通过，退回继续整改。审核意见：${reason}。`,
  reopenedDetail: (reason: string) => `该问题已销号，现因问题反弹重新打开。情况：${reason}。`,

  // ---- notices ----
  struckOffNotice: (title: string, reason: string) => ({
    subject: `【已销号】${title}`,
    body: `${title}：经审核，整改到位，予以销号。审核意见：${reason}。`,
  }),
  awaiting: { review: '审核销号申请' },
};
