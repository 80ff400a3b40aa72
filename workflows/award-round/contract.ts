/**
 * The province's recommendations for the national poverty-alleviation awards (Part 1; DOMAIN.md): the year's
 * recommendation round (推荐工作) and one nomination (推荐对象) per nominee, a child of the round. Their records, their
 * steps and who sees what, read by the workflows (award/round.ts, award/nomination.ts) and by the API.
 *
 * Long texts and files are in the case store (claim check): each condition's statement and its attachments, an
 * objection's account. The nominee's contacts are sealed in the store and never enter Temporal; the record says only
 * whether there are any. The published list (公示) carries name, unit, award and a short summary of deeds, no contacts.
 */
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { defineSignal } from '@temporalio/workflow';
import type { TargetUnit } from '../domain';
import { unitKinds } from '../domain';
import { unitCodePattern, unitCodeDoc } from '../ids';
import type { CaseState } from '../engine/case';
import { caseContract, defineSteps } from '../engine/contract';
import type { CaseRecord } from '../engine/record';
import { ActorSchema, Done, DocumentRefSchema, Instant, Text, caseRecordFields, literals } from '../engine/schemas';
import { handleUndeliveredStep } from '../common-steps/undelivered';
import type { ViewSpec } from '../engine/view';
import { awardKinds, conditionVerdicts } from '../nomination/conditions';
import type { AwardKind } from '../nomination/conditions';

/** `award-round-2026`: the year's round. */
export const awardRoundIdPattern = '^award-round-[0-9]{4}$';
/** `nomination-2026-taiyuan-3f9a0c1d`: a nomination, by its nominating unit. */
export const nominationIdPattern = '^nomination-[0-9]{4}-[a-z][a-z0-9-]*-[0-9a-f]{8}$';
/** `award-objection-3f9a0c1d2e4b5a697887`: an objection, from the SHA-256 of its receipt code. */
export const objectionIdPattern = '^award-objection-[0-9a-f]{20}$';

export const awardIds = {
  round: (year: number) => `award-round-${year}`,
  nomination: (year: number, unit: string, suffix: string) => `nomination-${year}-${unit}-${suffix}`,
  objection: (receiptHash: string) => `award-objection-${receiptHash.slice(0, 20)}`,
  yearOf: (id: string) => Number(id.split('-')[id.startsWith('award-round-') ? 2 : 1]),
};

/** The province as the round's "unit" (the round concerns no one unit). */
export const provinceUnit: TargetUnit = { code: 'shanxi', name: '山西省', kind: 'department' };

const UnitCode = Type.String({ pattern: unitCodePattern, description: unitCodeDoc() });
const Award = literals(
  awardKinds,
  '`striving` 奋进奖, `contribution` 贡献奖, `dedication` 奉献奖, `innovation` 创新奖',
);
const ConditionId = Type.String({
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
  submitted: '已报国家评选办公室',
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

const EvidenceInput = Type.Object({
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

/** What a nomination tells its round (the round keeps a summary of each). */
export const NominationProgressSchema = Type.Object({
  nominationId: Type.String(),
  seq: Type.Integer(),
  stage: literals(nominationStages),
  passed: Type.Optional(Type.Boolean()),
});
export type NominationProgress = Static<typeof NominationProgressSchema>;
export const nominationProgressSignal = defineSignal<[NominationProgress]>('nominationProgress');

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

// ---- the round ----

export const roundStages = [
  'nominating',
  'reviewing',
  'deciding',
  'publicizing',
  'signing',
  'sending',
  'submitted',
] as const;
export type AwardRoundStage = (typeof roundStages)[number];
export const roundStageLabels: Record<AwardRoundStage, string> = {
  nominating: '征集推荐',
  reviewing: '审核推荐材料',
  deciding: '待领导小组确定推荐名单',
  publicizing: '推荐名单公示中',
  signing: '推荐材料待领导小组审签',
  sending: '推荐材料已审签，正在报送',
  submitted: '已报国家评选办公室',
};

const Quota = Type.Object(
  Object.fromEntries(awardKinds.map((a) => [a, Type.Integer({ minimum: 0, maximum: 50 })])) as Record<
    AwardKind,
    ReturnType<typeof Type.Integer>
  >,
  { description: 'The national quota per award for the province (0: the award is not open this year)' },
);

export const NominationSummarySchema = Type.Object({
  nominationId: Type.String(),
  unit: Type.Object({ code: Type.String(), name: Type.String() }),
  award: Award,
  nominee: Type.Object({ kind: Type.String(), name: Type.String(), workUnit: Type.String() }),
  deedsSummary: Type.String(),
  late: Type.Boolean(),
  at: Instant,
  stage: literals(nominationStages),
  passed: Type.Optional(Type.Boolean()),
});
export type NominationSummary = Static<typeof NominationSummarySchema>;

export const ObjectionSchema = Type.Object({
  objectionId: Type.String(),
  nominationId: Type.String(),
  receivedAt: Instant,
  receivedOn: Type.String(),
  /** The account (what the objector says), in the case store. */
  account: DocumentRefSchema,
  /** Whether the objector gave a name or contact (sealed in the store; only the office opens it). */
  identified: Type.Boolean(),
  investigation: Type.Optional(Type.Object({ findings: Type.String(), ...Done })),
  decision: Type.Optional(Type.Object({ upheld: Type.Boolean(), reason: Type.String(), ...Done })),
});
export type Objection = Static<typeof ObjectionSchema>;

export const MaterialSchema = Type.Object({
  id: Type.String({ description: 'GET /award-rounds/{roundId}/documents/{id}' }),
  title: Type.String(),
  sha256: Type.String(),
  nominationId: Type.Optional(Type.String()),
});
export type Material = Static<typeof MaterialSchema>;

export const AwardRoundFields = Type.Object({
  year: Type.Integer(),
  quota: Quota,
  nominationDue: Type.String({ description: 'The nomination deadline (a date; the end of that day, Asia/Shanghai)' }),
  units: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), kind: literals(unitKinds) })),
  nominations: Type.Array(NominationSummarySchema),
  /** Units that said they have nobody to nominate (零报告). */
  declined: Type.Array(Type.Object({ unit: Type.String(), note: Type.Optional(Type.String()), ...Done })),
  reviewClosed: Type.Optional(Type.Object({ note: Type.Optional(Type.String()), ...Done })),
  list: Type.Optional(
    Type.Object({
      selected: Type.Array(Type.String()),
      rejected: Type.Array(Type.Object({ nominationId: Type.String(), reason: Type.String() })),
      ...Done,
    }),
  ),
  publicity: Type.Optional(
    Type.Object({
      from: Instant,
      dueDate: Type.String(),
      dueAt: Instant,
      rule: Type.String(),
      ended: Type.Optional(Instant),
    }),
  ),
  objections: Type.Array(ObjectionSchema),
  materials: Type.Optional(
    Type.Object({
      documents: Type.Array(MaterialSchema),
      drafted: Instant,
      signed: Type.Optional(Type.Object({ note: Type.Optional(Type.String()), ...Done })),
      sent: Type.Optional(
        Type.Object({ at: Instant, to: Type.Array(Type.String()), channel: literals(['email', 'office'] as const) }),
      ),
    }),
  ),
});
export type AwardRoundFields = Static<typeof AwardRoundFields>;
export type AwardRoundRecord = CaseRecord<AwardRoundStage> & AwardRoundFields;

export const AwardRoundViewSchema = Type.Object(
  { ...caseRecordFields('award-round', literals(roundStages)), ...Type.Partial(AwardRoundFields).properties },
  {
    $id: 'AwardRoundView',
    description:
      'The year’s recommendation round as the caller may see it: the overseers whole; a nominating unit the quota, the deadline, its own nominations and the published list.',
  },
);

export interface AwardRoundInput {
  year: number;
  quota: Record<AwardKind, number>;
  /** The national office's date; without it, the policy's `award-nomination` from the opening. */
  nominationDue?: string;
  /** Codes of the nominating units (resolved from the registry by the round). */
  units: string[];
  openedBy: Static<typeof ActorSchema>;
  resume?: CaseState<AwardRoundStage, AwardRoundFields>;
}

export const awardRoundSteps = defineSteps<AwardRoundStage>()({
  nominate: {
    path: 'nominations',
    input: Type.Object({
      nominationId: Type.String({ pattern: nominationIdPattern }),
      award: Award,
      nominee: NomineeSchema,
      deedsSummary: Text('主要事迹简介（公示时公开，不写联系方式）', 300),
      contactsOnFile: Type.Boolean(),
      evidence: Type.Array(EvidenceInput, { maxItems: 20 }),
    }),
    roles: ['unit'],
    stages: ['nominating', 'reviewing'],
    internal: true,
    summary: 'Part 1 (ours): a nominating unit submits a nomination',
  },
  declineNomination: {
    path: 'nominations/none',
    input: Type.Object({ note: Type.Optional(Text('说明', 500)) }),
    roles: ['unit'],
    stages: ['nominating'],
    summary: 'Part 1 (ours): a nominating unit reports that it has nobody to nominate (零报告)',
  },
  closeReview: {
    path: 'review-closed',
    input: Type.Object({ note: Type.Optional(Text('审核情况说明', 2000)) }),
    roles: ['office'],
    stages: ['reviewing'],
    summary: 'Part 1 (ours): the office puts the reviewed nominations to the leading group (提请研究确定推荐名单)',
    description:
      'Only after the nomination deadline, and once every nomination has been reviewed (a late one accepted or declined). A late nomination that comes after this is recorded and declined.',
  },
  decideList: {
    path: 'list',
    input: Type.Object({
      selected: Type.Array(Type.String({ pattern: nominationIdPattern }), { maxItems: 200 }),
      rejected: Type.Array(
        Type.Object({
          nominationId: Type.String({ pattern: nominationIdPattern }),
          reason: Text('不予推荐的理由', 1000),
        }),
        { maxItems: 200 },
      ),
    }),
    roles: ['leading-group'],
    stages: ['deciding'],
    summary: 'Part 1 (ours): the leading group decides the list within the quota per award; the list goes to 公示',
    description:
      'Every reviewed nomination is either selected or rejected with a reason; only a nomination that passed review may be selected; per award at most the quota. The list (name, unit, award, summary of deeds; no contacts) is then published for the publicity period (policy `award-publicity`, default 5 working days): GET /award-rounds/{roundId}/publicity.',
  },
  lodgeObjection: {
    path: 'objections',
    input: Type.Object({
      objectionId: Type.String({ pattern: objectionIdPattern }),
      nominationId: Type.String({ pattern: nominationIdPattern }),
      receivedOn: Type.String(),
      account: DocumentRefSchema,
      identified: Type.Boolean(),
    }),
    roles: ['public'],
    stages: ['publicizing'],
    internal: true,
    summary: 'Part 1 (ours): anyone lodges an objection during the publicity period',
  },
  investigateObjection: {
    path: 'objections/:objectionId/investigation',
    input: Type.Object({
      objectionId: Type.String({ pattern: objectionIdPattern }),
      findings: Text('核查情况', 4000),
    }),
    roles: ['office'],
    stages: ['publicizing'],
    summary: 'Part 1 (ours): the office investigates an objection (核查)',
  },
  decideObjection: {
    path: 'objections/:objectionId/decision',
    input: Type.Object({
      objectionId: Type.String({ pattern: objectionIdPattern }),
      upheld: Type.Boolean({ description: '`true`: the objection stands and the nominee is withdrawn' }),
      reason: Text('理由', 1000),
    }),
    roles: ['leading-group'],
    stages: ['publicizing'],
    summary: 'Part 1 (ours): the leading group decides an investigated objection; upheld, the nominee is withdrawn',
  },
  signMaterials: {
    path: 'materials/signature',
    input: Type.Object({ note: Type.Optional(Text('审签意见', 1000)) }),
    roles: ['leading-group'],
    stages: ['signing'],
    summary: 'Part 1 (ours): the leading group signs the recommendation materials; they go to the national office',
    description:
      'The materials (推荐表 per nominee and the covering report) are generated when the publicity period has ended and every objection is decided: GET /award-rounds/{roundId}/documents. Signed, they are sent to the national office’s channel (`nationalOffice` in the notification routes file; e-mail with the documents attached), or, where none is configured, to the office to file; the round records what went where and when.',
  },
  handleUndelivered: handleUndeliveredStep(roundStages),
});

export type RoundSection = keyof AwardRoundFields | 'closing';

export const awardRoundView: ViewSpec<AwardRoundRecord, RoundSection> = {
  fields: Object.keys(AwardRoundFields.properties) as Array<keyof AwardRoundFields>,
  sections: {
    office: 'all',
    'leading-group': 'all',
    committee: 'all',
    'group-leader': [],
    unit: ['year', 'quota', 'nominationDue', 'nominations', 'declined', 'publicity'],
    discipline: [],
    public: [],
  },
  // A nominating unit sees its own nominations and declaration only.
  items: {
    nominations: (n: NominationSummary, viewer) => n.unit.code === viewer.unit,
    declined: (d: { unit: string }, viewer) => d.unit === viewer.unit,
  },
  externalStage: (s) => (s === 'deciding' ? 'reviewing' : s === 'signing' ? 'publicizing' : s),
  stageLabels: roundStageLabels,
};

export const awardRoundContract = caseContract({
  kind: 'award-round',
  workflowType: 'awardRound',
  resource: 'award-rounds',
  steps: awardRoundSteps,
  view: awardRoundView,
  viewSchema: AwardRoundViewSchema,
  id: {
    param: 'roundId',
    schema: Type.String({ pattern: awardRoundIdPattern, description: 'e.g. award-round-2026' }),
  },
  notFound: '该年度全国脱贫攻坚奖推荐工作不存在',
});

export { UnitCode };
