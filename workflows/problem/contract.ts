/**
 * A problem of the rectification ledger (问题整改台账, issue 35; docs/ledger.md): one requirement of a patrol, a
 * supervision, a follow-up visit or a verified public report, the unit that answers for it, its term (立行立改 / 限期整改 /
 * 长期坚持), the unit's progress with figures and evidence, and the supervising body's 销号 or send-back, until a follow-up
 * visit or the leading group reopens it (反弹). Each problem is its own workflow; the case store is the ledger's index.
 */
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { defineSignal } from '@temporalio/workflow';
import type { Actor, ProblemSource, ProblemTermKind, TargetUnit } from '../domain';
import { followUpVerdicts, problemSources, problemTermKinds } from '../domain';
import type { CaseState } from '../engine/case';
import type { CaseRecord } from '../engine/record';
import type { ViewSpec } from '../engine/view';
import { caseContract, defineSteps } from '../engine/contract';
import { DocumentRefSchema, Done, Instant, Text, caseRecordFields, literals } from '../engine/schemas';

/** `problem-patrol-2026-taiyuan-0001-3`: the third requirement of that patrol; the source's id, then the number. */
export const problemIdPattern = '^problem-[a-z][a-z0-9-]*-[1-9][0-9]?$';
export const problemId = (sourceId: string, requirement: number) => `problem-${sourceId}-${requirement}`;

export const problemStages = ['rectifying', 'awaiting-review', 'struck-off'] as const;
export type ProblemStage = (typeof problemStages)[number];
export const problemStageLabels: Record<ProblemStage, string> = {
  rectifying: '整改中',
  'awaiting-review': '待审核销号',
  'struck-off': '已销号',
};

const termKindList = Object.keys(problemTermKinds) as ProblemTermKind[];
const sourceList = Object.keys(problemSources) as ProblemSource[];

export const ProblemSourceSchema = Type.Object({
  kind: literals(sourceList),
  /** The case (or public report) the problem was found in. */
  caseId: Type.String(),
  /** Its number among that case's requirements (from 1). */
  requirement: Type.Integer({ minimum: 1 }),
  /** The article and item the requirement rests on, as officials cite it (`第十六条第（二）项`). */
  article: Type.String(),
  year: Type.Integer(),
});
export type ProblemSourceRef = Static<typeof ProblemSourceSchema>;

export const ProblemTermSchema = Type.Object({
  kind: literals(termKindList, 'immediate 立行立改, dated 限期整改, long-term 长期坚持'),
  /** 限期整改: the date it must be fixed by (YYYY-MM-DD, Beijing). */
  dueDate: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: '限期整改的完成日期' })),
  /** 长期坚持: a progress report every so many months (default: the policy's `problem-progress`). */
  everyMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
});
export type ProblemTerm = Static<typeof ProblemTermSchema>;

/** The results a progress report counts (summed over the problem's reports). */
export const ProblemFiguresSchema = Type.Object({
  recoveredYuan: Type.Optional(Type.Number({ minimum: 0, maximum: 1e13, description: '追回资金（元）' })),
  heldAccountable: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, description: '问责人数' })),
  rulesMade: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000, description: '建章立制（项）' })),
  other: Type.Optional(
    Type.Array(
      Type.Object({
        label: Text('指标名称（如整改项目数）', 50),
        value: Type.Number({ minimum: 0, maximum: 1e13 }),
        unit: Type.Optional(Text('计量单位（如个、户、万元）', 20)),
      }),
      { maxItems: 20 },
    ),
  ),
});
export type ProblemFigures = Static<typeof ProblemFiguresSchema>;

export const ProgressReportSchema = Type.Object({
  what: Type.String({ description: '整改进展' }),
  measures: Type.Optional(Type.String({ description: '整改措施' })),
  figures: Type.Optional(ProblemFiguresSchema),
  late: Type.Boolean(),
  ...Done,
});

export const ProblemFields = Type.Object({
  source: ProblemSourceSchema,
  /** The requirement (整改要求) as the source issued it. */
  requirement: Type.String(),
  term: ProblemTermSchema,
  /** The person who answers for it (责任人), named by the unit. */
  responsible: Type.Optional(Type.Object({ person: Type.String(), post: Type.Optional(Type.String()) })),
  /** The city of a county (or the city itself): a city's office sees its counties' problems. */
  city: Type.Optional(Type.String()),
  progress: Type.Array(ProgressReportSchema),
  /** 佐证材料: references and hashes (claim check); the files are in the case store. */
  evidence: Type.Array(Type.Intersect([DocumentRefSchema, Type.Object({ ...Done })])),
  /** The sums of the progress reports' figures. */
  figures: ProblemFiguresSchema,
  strikeOffRequests: Type.Array(Type.Object({ summary: Type.String(), ...Done })),
  reviews: Type.Array(
    Type.Object({ decision: literals(['strike-off', 'send-back'] as const), reason: Type.String(), ...Done }),
  ),
  struckOffAt: Type.Optional(Instant),
  /** 反弹: reopened after 销号 by a follow-up visit or the leading group. */
  reopenings: Type.Array(
    Type.Object({
      reason: Type.String(),
      followUp: Type.Optional(Type.String({ description: 'The follow-up visit that found it back' })),
      verdict: Type.Optional(literals(Object.keys(followUpVerdicts) as Array<keyof typeof followUpVerdicts>)),
      ...Done,
    }),
  ),
  /** Discipline bodies (unit codes) the source case transferred a violation to: they see this problem. */
  transferredTo: Type.Optional(Type.Array(Type.String())),
});
export type ProblemFieldValues = Static<typeof ProblemFields>;
export type ProblemRecord = CaseRecord<ProblemStage> & ProblemFieldValues;

export const ProblemViewSchema = Type.Object(
  { ...caseRecordFields('problem', literals(problemStages)), ...Type.Partial(ProblemFields).properties },
  { $id: 'ProblemView' },
);

/** What a problem starts with (a case's issued requirement, the office's entry of a verified public report, a projection). */
export interface ProblemInput {
  source: ProblemSourceRef;
  requirement: string;
  unit: TargetUnit;
  city?: string;
  term: ProblemTerm;
  transferredTo?: string[];
  /** Who issued the requirement. */
  by: Actor;
  /** A struck-off problem can be reopened for this many months, then its workflow ends (default 12). */
  reopenMonths?: number;
  /** The state of the previous run, when the problem continues as a new run. */
  resume?: CaseState<ProblemStage, ProblemFieldValues>;
}

/** A follow-up visit (回头看) that found a struck-off problem back sends this to its workflow. */
export const problemReboundSignal =
  defineSignal<[{ reason: string; followUp: string; verdict: keyof typeof followUpVerdicts; by: Actor }]>(
    'problemRebound',
  );

const Figures = ProblemFiguresSchema;

export const problemSteps = defineSteps<ProblemStage>()({
  reportProblemProgress: {
    path: 'progress',
    input: Type.Object({
      what: Text('整改进展（做了什么）', 2000),
      measures: Type.Optional(Text('整改措施', 2000)),
      figures: Type.Optional(Figures),
      responsiblePerson: Type.Optional(Text('责任人', 50)),
      responsiblePost: Type.Optional(Text('责任人职务', 50)),
    }),
    roles: ['unit'],
    scope: 'own-unit',
    stages: ['rectifying'],
    summary: 'Issue 35: the unit reports progress on one problem, with its figures (追回资金、问责人数、建章立制)',
    description:
      'A 长期坚持 problem reports every `everyMonths` months (each report opens the next period); any problem may report as often as it likes. Figures add up on the problem.',
  },
  attachProblemEvidence: {
    path: 'evidence',
    input: Type.Object({ files: Type.Array(DocumentRefSchema, { minItems: 1, maxItems: 20 }) }),
    roles: ['unit'],
    scope: 'own-unit',
    stages: ['rectifying'],
    internal: true,
    summary: 'Issue 35: 佐证材料 of one problem (the API stores the files; POST /problems/{problemId}/files)',
  },
  requestStrikeOff: {
    path: 'strike-off-request',
    input: Type.Object({ summary: Text('整改完成情况（申请销号）', 2000) }),
    roles: ['unit'],
    scope: 'own-unit',
    stages: ['rectifying'],
    summary: 'Issue 35: the unit asks for the problem to be struck off (申请销号)',
    description: 'Only after at least one progress report. The term is met when the request is made.',
  },
  reviewStrikeOff: {
    path: 'strike-off-review',
    input: Type.Object({
      decision: literals(['strike-off', 'send-back'] as const, 'strike-off 销号, send-back 退回继续整改'),
      reason: Text('审核意见（销号或退回的理由）', 1000),
    }),
    roles: ['leading-group', 'office'],
    stages: ['awaiting-review'],
    summary: 'Issue 35: the supervising body strikes the problem off (销号) or sends it back, with its reason',
    description:
      'A send-back gives the unit a new term (policy `rectification-resubmission`). A problem struck off can be reopened (反弹) by the leading group or a follow-up visit.',
  },
  reopenProblem: {
    path: 'reopening',
    input: Type.Object({ reason: Text('反弹情况（重新打开的理由）', 1000) }),
    roles: ['leading-group'],
    stages: ['struck-off'],
    summary: 'Issue 35: the leading group reopens a problem struck off (反弹), with its reason',
  },
});

/** Need to know (docs/ledger.md): the unit its own, a city its counties' too; a discipline body those transferred. */
const problemFields = [
  'source',
  'requirement',
  'term',
  'responsible',
  'city',
  'progress',
  'evidence',
  'figures',
  'strikeOffRequests',
  'reviews',
  'struckOffAt',
  'reopenings',
  'transferredTo',
] as const satisfies ReadonlyArray<keyof ProblemFieldValues>;

export const problemView: ViewSpec<ProblemRecord, keyof ProblemFieldValues> = {
  fields: problemFields,
  sections: {
    office: 'all',
    'leading-group': 'all',
    committee: 'all',
    // Everything of its own problems but where its case's violations were transferred.
    unit: problemFields.filter((f) => f !== 'transferredTo'),
    discipline: ['source', 'requirement', 'term', 'responsible', 'figures', 'reviews', 'struckOffAt', 'reopenings'],
    'group-leader': [],
    public: [],
    auditor: [],
  },
  externalStage: (stage) => stage,
  stageLabels: problemStageLabels,
};

export const problemContract = caseContract({
  kind: 'problem',
  workflowType: 'rectificationProblem',
  resource: 'problems',
  steps: problemSteps,
  view: problemView,
  viewSchema: ProblemViewSchema,
  id: {
    param: 'problemId',
    schema: Type.String({ pattern: problemIdPattern, description: 'e.g. problem-patrol-2026-taiyuan-0001-3' }),
  },
  notFound: '该整改问题不存在',
});
