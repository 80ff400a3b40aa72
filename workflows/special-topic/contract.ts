/**
 * A special supervision of a topic of the approved annual plan (专项督查, Art. 6, 8): the units the plan named, split
 * into one group or several, approved once by the leading group, one supervision case per unit as its children, and
 * one topic report (专项督查报告) drawn from them when they finish. Read by the topic workflow and by the API.
 */
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { defineQuery } from '@temporalio/workflow';
import type { Actor, TargetUnit } from '../domain';
import { unitCodePattern, unitCodeDoc } from '../ids';
import type { KindContract } from '../engine/contract';
import { defineSteps } from '../engine/contract';
import { isOverseer } from '../engine/party';
import {
  ActorSchema,
  ApprovalInputSchema,
  ApprovalRecordSchema,
  Done,
  Instant,
  NotificationRecordSchema,
  TargetUnitSchema,
  Text,
  literals,
} from '../engine/schemas';
import { CaseProgressSchema } from '../supervision-round/contract';

/** `special-topic-2026-1`: the plan's first topic of 2026. */
export const topicIdPattern = '^special-topic-[0-9]{4}-[1-9][0-9]?$';
export const topicId = (year: number, n: number) => `special-topic-${year}-${n}`;
/**
 * The serial of a topic's cases (`supervision-2026-taiyuan-8001` for topic 1): 8001–8050, apart from the special
 * supervisions proposed one by one (0002–7999) and the further rounds (9002 up).
 */
export const topicSerial = (n: number) => 8000 + n;

const UnitCode = Type.String({ pattern: unitCodePattern, description: unitCodeDoc() });

/** One supervision group and the units it supervises (Art. 7: its leader and members are named on each case). */
export const TopicGroupInput = Type.Object({
  name: Text('督查组名称（如第一督查组）', 50),
  units: Type.Array(UnitCode, { minItems: 1, maxItems: 300, uniqueItems: true }),
});
export const TopicGroupsInput = Type.Array(TopicGroupInput, {
  minItems: 1,
  maxItems: 50,
  description: "The groups, each with its units; together exactly the topic's units (default: one group for all)",
});

export const topicStages = ['awaiting-approval', 'under-way', 'reporting', 'closed', 'rejected'] as const;
export type TopicStage = (typeof topicStages)[number];
export const topicStageLabels: Record<TopicStage, string> = {
  'awaiting-approval': '待领导小组批准',
  'under-way': '督查中',
  reporting: '专项督查报告待审签',
  closed: '已办结',
  rejected: '未获批准',
};

export const TopicRecordSchema = Type.Object(
  {
    topicId: Type.String(),
    year: Type.Integer(),
    n: Type.Integer({ description: 'The topic’s place in the plan (1, 2 …)' }),
    topic: Type.String(),
    month: Type.Integer(),
    plan: Type.String({ description: 'The approved annual plan the topic is in' }),
    units: Type.Array(TargetUnitSchema),
    groups: Type.Array(Type.Object({ name: Type.String(), units: Type.Array(Type.String()) })),
    stage: literals(topicStages),
    revision: Type.Integer(),
    proposedBy: ActorSchema,
    proposedAt: Instant,
    approval: Type.Optional(ApprovalRecordSchema),
    /** The per-unit supervision cases, started as children once approved. */
    cases: Type.Array(Type.Object({ caseId: Type.String(), unit: Type.String(), group: Type.String() })),
    /** Where each case stands, as it last told the topic. */
    progress: Type.Array(CaseProgressSchema),
    /** Art. 11 (1): the topic report, drafted from the cases when they finish, signed by the leading group. */
    report: Type.Optional(
      Type.Object({
        title: Type.String(),
        text: Type.String(),
        at: Instant,
        signed: Type.Optional(Type.Object({ ...Done, note: Type.Optional(Type.String()) })),
      }),
    ),
    notifications: Type.Array(NotificationRecordSchema),
  },
  { $id: 'SpecialTopic' },
);
export type SpecialTopicRecord = Static<typeof TopicRecordSchema>;

export interface SpecialTopicInput {
  year: number;
  n: number;
  topic: string;
  month: number;
  plan: string;
  /** The units the plan named, from the registry when the topic was proposed. */
  units: TargetUnit[];
  groups: Array<{ name: string; units: string[] }>;
  /** Codes of the leading group's member units (Art. 7), for the cases. */
  memberUnits: string[];
  proposedBy: Actor;
}

export const topicSteps = defineSteps<TopicStage>()({
  decideTopic: {
    path: 'approval',
    input: Type.Object({ ...ApprovalInputSchema.properties, groups: Type.Optional(TopicGroupsInput) }),
    roles: ['leading-group'],
    stages: ['awaiting-approval'],
    summary: 'Art. 6, 8: the leading group approves the special supervision of a topic once, for all its units',
    description:
      "One approval for every unit the plan named: each unit's supervision starts at once, approved with it, waiting for its group (Art. 7). With `groups` the leading group changes how the units are split into groups.",
  },
  signTopicReport: {
    path: 'report/signature',
    input: Type.Object({ note: Type.Optional(Text('审签意见', 500)) }),
    roles: ['leading-group'],
    stages: ['reporting'],
    summary: 'Art. 11 (1): the leading group signs the topic report (专项督查报告); then it goes to 省委、省政府',
  },
});

export const topicContract = {
  workflowType: 'specialTopic',
  resource: 'special-topics',
  id: {
    param: 'topicId',
    schema: Type.String({ pattern: topicIdPattern, description: 'e.g. special-topic-2026-1' }),
    workflowId: (id) => String(id),
  },
  access: 'overseers',
  notFound: '该专项督查不存在',
  steps: topicSteps,
  recordQuery: defineQuery<SpecialTopicRecord>('topicRecord'),
  // The provincial chain's own work, as the plan: the overseers see it whole; each unit sees its own case.
  view: (record, viewer) => (isOverseer(viewer.role) ? record : undefined),
  viewSchema: TopicRecordSchema,
} satisfies KindContract<SpecialTopicRecord, SpecialTopicRecord | undefined>;

/** What is wrong with a split into groups, in Chinese (undefined: every unit in exactly one group). */
export function groupsProblem(
  units: string[],
  groups: Array<{ name: string; units: string[] }>,
  nameOf: (code: string) => string = (code) => code,
): string | undefined {
  const named = groups.flatMap((g) => g.units);
  const twice = named.filter((u, i) => named.indexOf(u) !== i);
  if (twice.length) return `同一单位只能由一个督查组督查：${[...new Set(twice)].map(nameOf).join('、')}`;
  const outside = named.filter((u) => !units.includes(u));
  if (outside.length) return `督查计划的该专项未列入：${outside.map(nameOf).join('、')}`;
  const left = units.filter((u) => !named.includes(u));
  if (left.length) return `以下单位未分配督查组：${left.map(nameOf).join('、')}`;
  if (groups.some((g) => !g.name.trim())) return '须写明督查组名称';
  if (new Set(groups.map((g) => g.name)).size !== groups.length) return '督查组名称不能重复';
  return undefined;
}
