/**
 * The province's recommendations for the national poverty-alleviation awards (Part 1; DOMAIN.md): the year's
 * recommendation round (推荐工作), whose children are the nominations (nomination/contract.ts). Its record, its steps
 * and who sees what, read by its workflow (award-round/workflow.ts) and by the API.
 *
 * An objection's account is in the case store (claim check), its objector's name or contact sealed there. The published
 * list (公示) carries name, unit, award and a short summary of deeds, no contacts.
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
import type { ActorSchema } from '../engine/schemas';
import { Done, DocumentRefSchema, Instant, Text, caseRecordFields, literals } from '../engine/schemas';
import { handleUndeliveredStep } from '../common-steps/undelivered';
import type { ViewSpec } from '../engine/view';
import { awardKinds } from '../nomination/conditions';
import type { AwardKind } from '../nomination/conditions';
import { Award, EvidenceInput, NomineeSchema, nominationIdPattern, nominationStages } from '../nomination/contract';

/** `award-round-2026`: the year's round. */
export const awardRoundIdPattern = '^award-round-[0-9]{4}$';
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

/** What a nomination tells its round (the round keeps a summary of each). */
export const NominationProgressSchema = Type.Object({
  nominationId: Type.String(),
  seq: Type.Integer(),
  stage: literals(nominationStages),
  passed: Type.Optional(Type.Boolean()),
});
export type NominationProgress = Static<typeof NominationProgressSchema>;
export const nominationProgressSignal = defineSignal<[NominationProgress]>('nominationProgress');

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
  submitted: '已报全国脱贫攻坚奖评选委员会办公室',
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
    auditor: [],
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
