/**
 * Rules supervision and patrol share (pure, tested without a server): the group (Art. 7, 13) and findings (Art. 5,
 * 9, 14). Each returns the first problem as a Chinese refusal, or undefined.
 */
import type { TargetUnit } from '../domain';
import { inspectionMethods, leaderRanks, otherKeyItem } from '../domain';
import type { InspectionGroup } from '../engine/schemas';
import { groupIdPattern } from '../engine/schemas';
import { article, required } from '../engine/texts';

const unitCode = /^[a-z][a-z0-9-]*$/;

/**
 * Art. 7 / 13: a leader of department rank (厅级); every person named with their unit; nobody inspects their own
 * unit (回避). `articleNo` is the article the refusal cites.
 */
export function groupProblem(
  group: InspectionGroup,
  target: TargetUnit,
  articleNo: 7 | 13,
  /**
   * The codes the group may not come from (the target, the units above and under it), from the registry when the case
   * started; with them, every unit is a code of the registry. Cases started before carry none: names and codes are
   * compared as they were.
   */
  recusal?: readonly string[],
): string | undefined {
  if (!new RegExp(groupIdPattern).test(group.id)) return '组编号只能用小写字母、数字和连字符，例如 g-2026-01';
  if (!group.leader.name.trim()) return '须写明组长姓名';
  if (group.leader.rank !== 'department') {
    return `组长须由厅级领导干部担任（${article(articleNo)}）；${group.leader.name}为${leaderRanks[group.leader.rank]}`;
  }
  if (!group.members.length) return '组内须有成员';
  for (const person of [group.leader, ...group.members]) {
    if (!person.name.trim() || !person.unit.trim()) return '每位组员须写明姓名和所在单位';
    if (person.unit === target.code || person.unit === target.name) {
      return `${person.name}来自被检查单位${target.name}，不能参加对本单位的检查（回避）`;
    }
    if (recusal && !unitCode.test(person.unit)) return `请从单位名录中选择${person.name}的所在单位`;
    if (recusal?.includes(person.unit)) {
      return `${person.name}所在单位与被检查单位${target.name}有上下级隶属关系，须回避（${article(articleNo)}）`;
    }
  }
  return undefined;
}

/** A finding names one key item of the article (`articleNo`: 9 or 14), the methods of Art. 5 used, and what was found. */
export function findingProblem(
  input: { keyItem: number; methods: string[]; summary: string; otherDescription?: string | undefined },
  keyItems: Record<number, string>,
  articleNo: 9 | 14,
): string | undefined {
  if (input.keyItem === otherKeyItem) {
    if (!input.otherDescription?.trim())
      return `归入“其他”（${article(articleNo)}所列以外）的问题，须简要说明属于哪类问题`;
  } else if (input.otherDescription !== undefined) {
    return '只有归入“其他”（第6项）的问题才写其他问题的类别';
  } else if (!(input.keyItem in keyItems)) return `问题须归入${article(articleNo)}所列五类之一，或归入“其他”（第6项）`;
  if (!input.methods.length) return `须写明采用的工作方式（${article(5)}）`;
  const unknown = input.methods.find((m) => !(m in inspectionMethods));
  if (unknown) return `未知的工作方式：${unknown}`;
  return required(input.summary, '问题描述');
}

/**
 * Art. 5, under cross inspection or a cross patrol: the group's leader comes from the inspecting city. Given the
 * leading group's member units (a supervision, Art. 7), each member comes from one of them or from the inspecting city:
 * the inspecting city's own officials serve in its group. (Nobody comes from the inspected unit: `groupProblem`.)
 */
export function crossGroupProblem(
  group: InspectionGroup,
  inspectingCity: { code: string; name: string } | undefined,
  word: '交叉督查' | '交叉巡查',
  memberUnits?: readonly string[],
): string | undefined {
  if (!inspectingCity) return undefined;
  if (group.leader.unit !== inspectingCity.code) {
    return `${word}（${article(5)}）：组长须来自负责检查本单位的${inspectingCity.name}`;
  }
  const outsider =
    memberUnits && group.members.find((m) => m.unit !== inspectingCity.code && !memberUnits.includes(m.unit));
  return outsider
    ? `${word}（${article(5)}、${article(7)}）：成员须从省脱贫攻坚领导小组成员单位或${inspectingCity.name}抽调；${outsider.name}所在的“${outsider.unit}”都不是`
    : undefined;
}
