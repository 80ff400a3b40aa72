/**
 * The rules of Chapter 2 a supervision's steps check (pure, tested without a server). Each returns the first problem
 * as a Chinese refusal, or undefined.
 */
import type { TargetUnit } from '../domain';
import type { StepInput } from '../engine/contract';
import { crossGroupProblem, groupProblem } from '../common-steps/inspection';
import type { InspectionGroup } from '../engine/schemas';
import { article, required } from '../engine/texts';
import type { supervisionSteps } from './contract';

type Input<K extends keyof typeof supervisionSteps> = StepInput<(typeof supervisionSteps)[K]>;

/** Art. 6: a rejection states its reason. */
export const approvalProblem = (d: Input<'decideApproval'>) =>
  d.decision === 'reject' && !d.reason?.trim() ? '不批准督查事项时须说明理由' : undefined;

/**
 * Art. 7, in every supervision: a department-rank leader, every member drawn from a member unit of the leading
 * group, nobody from the target unit. Under cross inspection (Art. 5) the leader comes from the inspecting city.
 */
export function supervisionGroupProblem(
  group: InspectionGroup,
  target: TargetUnit,
  memberUnits: readonly string[],
  inspectingCity?: { code: string; name: string },
  recusal?: readonly string[],
): string | undefined {
  const problem = groupProblem(group, target, 7, recusal);
  if (problem) return problem;
  // Art. 5: under cross inspection, members also from the inspecting city (its check); else from member units only.
  if (inspectingCity) return crossGroupProblem(group, inspectingCity, '交叉督查', memberUnits);
  const outsider = group.members.find((m) => !memberUnits.includes(m.unit));
  return outsider
    ? `督查组成员须从省脱贫攻坚领导小组成员单位抽调（${article(7)}）：${outsider.name}所在的“${outsider.unit}”不是成员单位`
    : undefined;
}

export const workPlanProblem = (d: Input<'submitWorkPlan'>) => required(d.summary, '实施方案');

/** Art. 10 (3): situation, problems, opinions and suggestions. */
export const reportProblem = (d: Input<'submitReport'>) =>
  required(d.situation, '督查情况') ??
  required(d.problems, '发现的问题') ??
  required(d.opinions, '意见') ??
  required(d.suggestions, '建议');

export const commendationProblem = (d: Input<'commendUnit'>) => required(d.citation, '表扬事由');

/** Art. 11 (2): the results, and requirements that are not empty. */
export const resultsProblem = (d: Input<'notifyResults'>) =>
  required(d.summary, '督查结果') ??
  d.rectificationRequirements.map((x, i) => required(x, `整改要求${i + 1}`)).find(Boolean);
