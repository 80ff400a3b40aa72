/**
 * The annual supervision plan (Art. 6, 8): what the office drafts, the record, and the leading group's decision.
 * Read by the plan workflow (plan/workflow.ts) and by the API.
 */
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { defineQuery } from '@temporalio/workflow';
import type { Actor } from '../domain';
import { unitKinds } from '../domain';
import { ids, unitCodePattern, unitCodeDoc } from '../ids';
import type { KindContract } from '../engine/contract';
import { defineSteps } from '../engine/contract';
import { isOverseer } from '../engine/party';
import {
  ActorSchema,
  ApprovalInputSchema,
  ApprovalRecordSchema,
  Instant,
  NotificationRecordSchema,
  Text,
  literals,
} from '../engine/schemas';

const UnitCode = Type.String({ pattern: unitCodePattern, description: unitCodeDoc() });
export const YearSchema = Type.Integer({ minimum: 2015, maximum: 2100 });

/** What the office drafts (Art. 6, 8). */
export const PlanDraftSchema = Type.Object({
  year: YearSchema,
  month: Type.Integer({ minimum: 1, maximum: 12, description: 'Month of the comprehensive round' }),
  units: Type.Optional(
    Type.Array(UnitCode, {
      minItems: 1,
      maxItems: 300,
      uniqueItems: true,
      description: 'Units of the comprehensive round, by code; with `scope`, added to those. Default: every city',
    }),
  ),
  scope: Type.Optional(
    Type.Array(literals(unitKinds), {
      minItems: 1,
      uniqueItems: true,
      description:
        'Art. 2, 8: every unit of these kinds in the registry (GET /units): `city` (市), `county` (县), `department` (省直部门)',
    }),
  ),
  crossInspection: Type.Boolean({ description: 'Art. 5: cities inspect each other' }),
  specialTopics: Type.Array(
    Type.Object({
      topic: Text('专项督查重点工作', 500),
      units: Type.Array(UnitCode, { minItems: 1, maxItems: 300 }),
      month: Type.Integer({ minimum: 1, maximum: 12 }),
    }),
    { maxItems: 50, default: [] },
  ),
});

export type PlanStage = 'awaiting-approval' | 'scheduled' | 'rejected';
export const planStageLabels: Record<PlanStage, string> = {
  'awaiting-approval': '待领导小组批准',
  scheduled: '已批准并排期',
  rejected: '未获批准',
};

export const PlanRecordSchema = Type.Object(
  {
    planId: Type.String(),
    year: Type.Integer(),
    month: Type.Integer(),
    units: Type.Array(Type.String()),
    crossInspection: Type.Boolean(),
    specialTopics: Type.Array(
      Type.Object({ topic: Type.String(), units: Type.Array(Type.String()), month: Type.Integer() }),
    ),
    stage: literals(['awaiting-approval', 'scheduled', 'rejected'] as const),
    revision: Type.Integer(),
    draftedBy: ActorSchema,
    draftedAt: Instant,
    approval: Type.Optional(ApprovalRecordSchema),
    schedule: Type.Optional(Type.Object({ scheduleId: Type.String(), firesAt: Type.String(), roundId: Type.String() })),
    /**
     * Art. 5: the cross-inspection pairs, proposed by the formula when the office drafts the plan and changed by the
     * leading group, each change with its reason, when it approves (the round uses them).
     */
    crossPairs: Type.Optional(
      Type.Array(
        Type.Object({ target: Type.String(), inspector: Type.String(), reason: Type.Optional(Type.String()) }),
      ),
    ),
    /**
     * The follow-up visits (回头看) of the year before and this year when the office drafted the plan, with what each
     * found of the earlier requirements: where rectification fell short, a unit to look at again.
     */
    followUps: Type.Optional(
      Type.Array(
        Type.Object({
          caseId: Type.String(),
          unit: Type.Object({ code: Type.String(), name: Type.String() }),
          of: Type.String({ description: 'The case looked at again (`2026年巡查`)' }),
          stage: Type.String(),
          closed: Type.Boolean(),
          requirements: Type.Integer(),
          rectified: Type.Integer(),
          partly: Type.Integer(),
          notRectified: Type.Integer(),
        }),
      ),
    ),
    notifications: Type.Array(NotificationRecordSchema),
  },
  { $id: 'AnnualPlan' },
);
export type AnnualPlanRecord = Static<typeof PlanRecordSchema>;

export interface AnnualPlanInput {
  year: number;
  month: number;
  units: string[];
  crossInspection: boolean;
  specialTopics: AnnualPlanRecord['specialTopics'];
  draftedBy: Actor;
  /** The formula's pairs among the plan's cities (the API computes them from the registry when the office drafts). */
  crossPairs?: AnnualPlanRecord['crossPairs'];
  /** The follow-up visits of the year before and this year (the API reads them from the store when the office drafts). */
  followUps?: AnnualPlanRecord['followUps'];
}

export const planSteps = defineSteps<PlanStage>()({
  decidePlan: {
    path: 'approval',
    input: Type.Object({
      ...ApprovalInputSchema.properties,
      crossAdjustments: Type.Optional(
        Type.Array(
          Type.Object({
            target: UnitCode,
            inspector: UnitCode,
            reason: Text('调整理由', 500),
          }),
          { minItems: 1, maxItems: 50, description: 'Art. 5: change cross-inspection pairs, each with its reason' },
        ),
      ),
    }),
    description:
      'With `crossAdjustments` the leading group changes cross-inspection pairs of the plan (`crossPairs`) before the round starts, each with a reason; the rules are checked again (nobody inspects itself, each city inspects one).',
    roles: ['leading-group'],
    stages: ['awaiting-approval'],
    summary: 'Art. 6: the leading group approves the plan; the comprehensive round goes on a Temporal Schedule',
  },
});

export const planContract = {
  workflowType: 'supervisionPlan',
  resource: 'supervision-plans',
  id: { param: 'year', schema: YearSchema, workflowId: (year) => ids.plan(Number(year)) },
  access: 'overseers',
  notFound: '该年度督查计划不存在',
  steps: planSteps,
  recordQuery: defineQuery<AnnualPlanRecord>('planRecord'),
  // The plan is the provincial chain's own work: the overseers see it whole, nobody else sees it.
  view: (record, viewer) => (isOverseer(viewer.role) ? record : undefined),
  viewSchema: PlanRecordSchema,
} satisfies KindContract<AnnualPlanRecord, AnnualPlanRecord | undefined>;
