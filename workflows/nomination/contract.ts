/**
 * One nomination (推荐对象) for the national poverty-alleviation awards (Part 1; DOMAIN.md), a child of the year's
 * recommendation round (award-round/contract.ts): its record, its steps and who sees what, read by its workflow
 * (nomination/workflow.ts), by the round and by the API.
 *
 * Long texts and files are in the case store (claim check): each condition's statement and its attachments. The
 * nominee's contacts are sealed in the store and never enter Temporal; the record says only whether there are any.
 */
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { defineSignal } from '@temporalio/workflow';
import type { TargetUnit } from '../domain';
import { unitCodePattern, unitCodeDoc } from '../ids';
import type { CaseState } from '../engine/case';
import { caseContract, defineSteps } from '../engine/contract';
import type { CaseRecord } from '../engine/record';
import { ActorSchema, Done, DocumentRefSchema, Instant, Text, caseRecordFields, literals } from '../engine/schemas';
import { handleUndeliveredStep } from '../common-steps/undelivered';
import type { ViewSpec } from '../engine/view';
import { awardKinds, conditionVerdicts } from './conditions';
import type { AwardKind } from './conditions';

/** `nomination-2026-taiyuan-3f9a0c1d`: a nomination, by its nominating unit. */
export const nominationIdPattern = '^nomination-[0-9]{4}-[a-z][a-z0-9-]*-[0-9a-f]{8}$';

export const Award = literals(
  awardKinds,
  '`striving` 奋进奖, `contribution` 贡献奖, `dedication` 奉献奖, `innovation` 创新奖',
);
export const ConditionId = Type.String({
  pattern: '^(basic|striving|contribution|dedication|innovation)-[0-9]$',
  description: 'A condition of GET /award-conditions: `basic-1` … `basic-6`, or the award’s (`striving-1` …)',
});

// ---- the nominee and the evidence ----

export const NomineeSchema = Type.Object({
  kind: literals(['person', 'organisation'] as const, '`person` (个人) or `organisation` (组织)'),
  name: Text('姓名或组织名称', 100),
  workUnit: Text('工作单位（组织：所在地区或主管单位）', 200),
  position: Type.Optional(Text('职务（个人）', 100)),
  unitCode: Type.String({
    pattern: unitCodePattern,
    description: unitCodeDoc(
      'The unit of the registry the nominee works in or belongs to (the system checks its own records of it)',
    ),
  }),
});
export type Nominee = Static<typeof NomineeSchema>;

/** One condition's evidence as the record keeps it: the statement and the attachments, in the case store. */
export const EvidenceSchema = Type.Object({
  condition: Type.String(),
  statement: DocumentRefSchema,
  attachments: Type.Array(DocumentRefSchema),
  ...Done,
});
export type Evidence = Static<typeof EvidenceSchema>;

/** A fact from the system's own records about the nominee's unit, shown to reviewers (never a verdict). */
export const CrossCheckFactSchema = Type.Object({
  id: Type.String(),
  kind: literals(['open-rectification', 'overdue-rectification', 'transfer', 'commendation', 'findings'] as const),
  text: Type.String(),
  caseId: Type.Optional(Type.String()),
});
export type CrossCheckFact = Static<typeof CrossCheckFactSchema>;

// ---- the nomination ----

export const nominationStages = [
  'late-pending',
  'reviewing',
  'more-requested',
  'reviewed',
  'selected',
  'not-selected',
  'withdrawn',
  'refused',
  'submitted',
] as const;
export type NominationStage = (typeof nominationStages)[number];
export const nominationStageLabels: Record<NominationStage, string> = {
  'late-pending': '逾期报送，待办公室决定是否接收',
  reviewing: '待领导小组办公室审核',
  'more-requested': '待推荐单位补充材料',
  reviewed: '审核完毕，待领导小组研究',
  selected: '拟推荐，公示中',
  'not-selected': '未列入推荐名单',
  withdrawn: '经公示核查撤销推荐',
  refused: '逾期报送，未予接收',
  submitted: '已报全国脱贫攻坚奖评选委员会办公室',
};
export const closedNominationStages: readonly NominationStage[] = ['not-selected', 'withdrawn', 'refused', 'submitted'];

const ConditionReviewSchema = Type.Object({
  condition: Type.String(),
  verdict: literals(Object.keys(conditionVerdicts) as Array<keyof typeof conditionVerdicts>),
  reason: Type.Optional(Type.String()),
});

export const NominationFields = Type.Object({
  year: Type.Integer(),
  roundId: Type.String(),
  award: Award,
  nominee: NomineeSchema,
  /** 主要事迹简介: published with the list. */
  deedsSummary: Type.String(),
  /** Whether contacts are on file (sealed in the case store: the office and the nominating unit read them). */
  contactsOnFile: Type.Boolean(),
  submitted: Type.Object({ ...Done, late: Type.Boolean() }),
  lateDecision: Type.Optional(Type.Object({ accept: Type.Boolean(), reason: Type.String(), ...Done })),
  /** Every statement given, oldest first; the latest per condition counts. */
  evidence: Type.Array(EvidenceSchema),
  /** Facts from the system's records about the nominee's unit, as read when the nomination came in. */
  crossChecks: Type.Object({
    at: Instant,
    unit: Type.Object({ code: Type.String(), name: Type.String() }),
    facts: Type.Array(CrossCheckFactSchema),
  }),
  /** The office's reviews, condition by condition (the latest counts). */
  reviews: Type.Array(
    Type.Object({
      conditions: Type.Array(ConditionReviewSchema),
      passed: Type.Boolean(),
      note: Type.Optional(Type.String()),
      ...Done,
    }),
  ),
  /** How the reviewers weighed each fact of the cross-checks (the office's and the leading group's only). */
  weighing: Type.Array(Type.Object({ fact: Type.String(), note: Type.String(), ...Done })),
  moreRequested: Type.Optional(
    Type.Object({ conditions: Type.Array(Type.String()), note: Type.String(), dueDate: Type.String(), ...Done }),
  ),
  /** The leading group's decision on the list, an objection's outcome, the submission. */
  outcome: Type.Optional(
    Type.Object({
      status: literals(['selected', 'not-selected', 'withdrawn', 'submitted'] as const),
      reason: Type.Optional(Type.String()),
      at: Instant,
      by: Type.Optional(ActorSchema),
    }),
  ),
});
export type NominationFields = Static<typeof NominationFields>;
export type NominationRecord = CaseRecord<NominationStage> & NominationFields;

export const NominationViewSchema = Type.Object(
  {
    ...caseRecordFields('nomination', literals(nominationStages)),
    ...Type.Partial(NominationFields).properties,
  },
  {
    $id: 'NominationView',
    description:
      "A nomination as the caller may see it: the overseers whole; the nominating unit without the cross-checks and the reviewers' weighing of them.",
  },
);

export interface NominationInput {
  year: number;
  roundWorkflowId: string;
  unit: TargetUnit;
  award: AwardKind;
  nominee: Nominee;
  deedsSummary: string;
  contactsOnFile: boolean;
  evidence: Evidence[];
  submitted: { at: string; by: Static<typeof ActorSchema>; late: boolean };
  resume?: CaseState<NominationStage, NominationFields>;
}

/** One condition's evidence as a nominating unit gives it (a step's input: the nomination, more evidence). */
export const EvidenceInput = Type.Object({
  condition: ConditionId,
  statement: DocumentRefSchema,
  attachments: Type.Array(DocumentRefSchema, { maxItems: 20 }),
});

export const nominationSteps = defineSteps<NominationStage>()({
  decideLateNomination: {
    path: 'late-decision',
    input: Type.Object({
      accept: Type.Boolean({ description: '`true`: accepted for review; `false`: not accepted (the nomination ends)' }),
      reason: Text('理由', 1000),
    }),
    roles: ['office'],
    stages: ['late-pending'],
    summary: 'Part 1 (ours): the office accepts a late nomination with a reason, or declines it',
  },
  reviewNomination: {
    path: 'review',
    input: Type.Object({
      conditions: Type.Array(
        Type.Object({
          condition: ConditionId,
          verdict: literals(Object.keys(conditionVerdicts) as Array<keyof typeof conditionVerdicts>),
          reason: Type.Optional(Text('理由（不符合、需补充材料时必填）', 1000)),
        }),
        { minItems: 1, maxItems: 20 },
      ),
      weighing: Type.Array(
        Type.Object({ fact: Type.String({ maxLength: 40 }), note: Text('如何考虑这一情况', 1000) }),
        {
          maxItems: 100,
          default: [],
        },
      ),
      note: Type.Optional(Text('审核意见', 2000)),
    }),
    roles: ['office'],
    stages: ['reviewing'],
    summary: 'Part 1 (ours): the office reviews a nomination condition by condition (met / not met / needs more)',
    description:
      'Every basic condition and every condition of the award gets a verdict; `not-met` and `needs-more` need a reason, and `met` needs the nominating unit’s evidence for that condition. Every fact of the cross-checks (`crossChecks.facts`) gets a note on how it was weighed (`weighing`): the facts inform the reviewer, they never decide. With any `needs-more`, the nominating unit is asked for more evidence by a deadline (policy `award-evidence`); otherwise the review is done: passed when every basic condition is met and the award’s conditions are (奋进奖: one of its two).',
  },
  attachEvidenceFiles: {
    path: 'files',
    input: Type.Object({
      condition: ConditionId,
      attachments: Type.Array(DocumentRefSchema, { minItems: 1, maxItems: 20 }),
    }),
    roles: ['unit'],
    scope: 'own-unit',
    stages: ['late-pending', 'reviewing', 'more-requested'],
    internal: true,
    summary: 'Part 1 (ours): the nominating unit attaches supporting files to a condition’s statement',
  },
  supplyEvidence: {
    path: 'evidence',
    input: Type.Object({ evidence: Type.Array(EvidenceInput, { minItems: 1, maxItems: 20 }) }),
    roles: ['unit'],
    scope: 'own-unit',
    stages: ['more-requested'],
    internal: true,
    summary: 'Part 1 (ours): the nominating unit supplies the evidence asked for',
  },
  handleUndelivered: handleUndeliveredStep(nominationStages),
});

export type NominationSection = keyof NominationFields | 'closing';

export const nominationView: ViewSpec<NominationRecord, NominationSection> = {
  fields: Object.keys(NominationFields.properties) as Array<keyof NominationFields>,
  sections: {
    office: 'all',
    'leading-group': 'all',
    committee: 'all',
    'group-leader': [],
    // The nominating unit: what it submitted and how the office found each condition; never the system's facts about
    // units (transfers are need-to-know) nor how they were weighed.
    unit: [
      'year',
      'roundId',
      'award',
      'nominee',
      'deedsSummary',
      'contactsOnFile',
      'submitted',
      'lateDecision',
      'evidence',
      'reviews',
      'moreRequested',
      'outcome',
      'closing',
    ],
    discipline: [],
    public: [],
    auditor: [],
  },
  externalStage: (s) => s,
  stageLabels: nominationStageLabels,
};

export const nominationContract = caseContract({
  kind: 'nomination',
  workflowType: 'awardNomination',
  resource: 'nominations',
  steps: nominationSteps,
  view: nominationView,
  viewSchema: NominationViewSchema,
  id: {
    param: 'nominationId',
    schema: Type.String({ pattern: nominationIdPattern, description: 'e.g. nomination-2026-taiyuan-3f9a0c1d' }),
  },
  notFound: '没有找到这个推荐对象',
});

/** What the round tells a nomination: the list, an objection upheld, the submission. */
export const NominationOutcomeSchema = Type.Object({
  status: literals(['selected', 'not-selected', 'withdrawn', 'submitted'] as const),
  reason: Type.Optional(Type.String()),
  // Checked in the workflow, where only `local-date` is a registered format.
  at: Type.String(),
  by: Type.Optional(ActorSchema),
});
export type NominationOutcome = Static<typeof NominationOutcomeSchema>;
export const nominationOutcomeSignal = defineSignal<[NominationOutcome]>('nominationOutcome');
