/**
 * What supervision and patrol share: the group (Art. 7, 13), findings (Art. 5, 9, 14), and their checks.
 * One piece of code serves both kinds of case.
 */
import type { Actor, InspectionMethod, LeaderRank, TargetUnit } from './domain';
import { inspectionMethods, leaderRanks } from './domain';

export interface GroupMember {
  name: string;
  /** Code (or name) of the unit the member is drawn from. */
  unit: string;
  /** Locality the member is drawn from (patrols draw from localities too, Art. 13). */
  locality?: string;
}

export interface InspectionGroup {
  /** Group id, carried in the group leader's token (`group` claim), e.g. `g-2026-01`. */
  id: string;
  leader: { name: string; rank: LeaderRank; unit: string };
  members: GroupMember[];
}

export interface Finding {
  id: number;
  /** Number of the key problem (Art. 14) or key content (Art. 9). */
  keyItem: number;
  keyItemLabel: string;
  methods: InspectionMethod[];
  summary: string;
  at: string;
  by: Actor;
}

export const groupIdPattern = /^[a-z0-9][a-z0-9-]{1,62}$/;

/**
 * Art. 7 / 13: a leader of department rank; nobody inspects their own unit. Returns the first problem in Chinese,
 * or undefined.
 */
export function groupProblem(group: InspectionGroup, target: TargetUnit, article: string): string | undefined {
  if (!groupIdPattern.test(group.id ?? '')) return '组编号只能用小写字母、数字和连字符，例如 g-2026-01';
  if (!group.leader?.name?.trim()) return '须写明组长姓名';
  if (group.leader.rank !== 'department') {
    return `组长须由厅级领导干部担任（${article}）；${group.leader.name}为${leaderRanks[group.leader.rank] ?? group.leader.rank}`;
  }
  if (!group.members?.length) return '组内须有成员';
  for (const person of [{ ...group.leader }, ...group.members]) {
    if (!person.name?.trim() || !person.unit?.trim()) return '每位组员须写明姓名和所在单位';
    if (person.unit === target.code || person.unit === target.name) {
      return `${person.name}来自被检查单位${target.name}，不能参加对本单位的检查（回避）`;
    }
  }
  return undefined;
}

/** A finding must name one key item of the article and the methods of Art. 5 used. */
export function findingProblem(
  input: { keyItem: number; methods: string[]; summary: string },
  keyItems: Record<number, string>,
  article: string,
): string | undefined {
  if (!(input.keyItem in keyItems)) return `问题须归入${article}所列五类之一（1–5）`;
  if (!input.methods?.length) return '须写明采用的工作方式（Art. 5）';
  const unknown = input.methods.find((m) => !(m in inspectionMethods));
  if (unknown) return `未知的工作方式：${unknown}`;
  if (!input.summary?.trim()) return '问题描述不能为空';
  return undefined;
}
