/**
 * The rules of Chapter 3 a patrol's steps check (pure, tested without a server). Each returns the first problem as a
 * Chinese refusal, or undefined.
 */
import type { StepInput } from '../engine/contract';
import { article, chineseDate, required } from '../engine/texts';
import type { PatrolFields, patrolSteps } from './contract';

type Input<K extends keyof typeof patrolSteps> = StepInput<(typeof patrolSteps)[K]>;

/** Art. 12: a rejection states its reason. */
export const approvalProblem = (d: Input<'decideApproval'>) =>
  d.decision === 'reject' && !d.reason?.trim() ? `不批准巡查时须说明理由（${article(12)}）` : undefined;

/** Art. 15 (1)(2): the work plan has content. */
export const workPlanProblem = (d: Input<'submitWorkPlan'>) => required(d.summary, '工作方案');

/** Art. 15 (2): a suggestion says what to do and cites only findings that exist. */
export function suggestionProblem(d: Input<'sendHandlingSuggestion'>, findings: PatrolFields['findings']) {
  const missing = (d.findingIds ?? []).find((f) => !findings.some((x) => x.id === f));
  return required(d.summary, '处理建议') ?? (missing ? `没有编号为${missing}的问题` : undefined);
}

/** Art. 15 (3): the report states the situation and the problems, with handling opinions based on facts and rules. */
export function reportProblem(d: Input<'submitReport'>) {
  return (
    required(d.situation, '巡查情况') ??
    required(d.problems, '发现的问题') ??
    d.opinions
      .map((o, i) => required(o.text, `处理意见${i + 1}`) ?? required(o.basis, `处理意见${i + 1}所依据的事实和规定`))
      .find(Boolean)
  );
}

/**
 * Art. 14, 15 (3): the written report ends the field work, so it comes after the stationing date and after at least one
 * finding was recorded (what the report's problems rest on). `today` is the local date in Asia/Shanghai.
 */
export function reportReadyProblem(findings: number, stationedOn: string | undefined, today: string) {
  if (stationedOn && today < stationedOn) {
    return `巡查组${chineseDate(stationedOn)}进驻，进驻之前不能提交书面报告`;
  }
  return findings === 0
    ? `尚未记录发现的问题：请先逐条记录发现的问题（${article(14)}），再提交书面报告（${article(15)}）`
    : undefined;
}

/** Art. 16 (1): sending a request back needs the committee's remarks. */
export const instructionsProblem = (d: Input<'decideInstructions'>) =>
  d.decision === 'send-back' && !d.remarks?.trim() ? '退回请示时须写明批示意见' : undefined;

/** Art. 16 (2): feedback states the situation and at least one rectification opinion, none empty. */
export const feedbackProblem = (d: Input<'issueFeedback'>) =>
  required(d.situation, '反馈的巡查情况') ??
  d.rectificationOpinions.map((o, i) => required(o, `整改意见${i + 1}`)).find(Boolean);

/**
 * Art. 16 (3), as cases before the leading group wrote the public text ran: only what the unit marked as public could be
 * published (publicationProblem is the rule now).
 */
export function summaryProblem(d: Input<'reportRectificationSummary'>, rectification: PatrolFields['rectification']) {
  return (
    required(d.summary, '整改情况报告') ??
    (d.publish && !rectification?.publicSummary ? '被巡查单位未提供可以公开的整改情况，不能公开' : undefined)
  );
}

/**
 * Art. 16 (3), as the leading group decides it: publishing needs a text (its own, or the unit's proposal it adopts);
 * not publishing needs a reason (a text sent with it, as the workbench's form starts with the proposal, is not used).
 */
export function publicationProblem(d: Input<'reportRectificationSummary'>, proposal: string | undefined) {
  const text = d.publicText?.trim() || proposal?.trim();
  if (d.publish) return text ? undefined : '被巡查单位未提出建议公开的稿，请填写公开的整改情况';
  return d.notPublishedReason?.trim() ? undefined : `决定不予公开的，须说明理由（${article(16, 3)}）`;
}
