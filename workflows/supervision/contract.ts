/**
 * The supervision (督查, Chapter 2, Art. 6–11): its record, its steps and who sees what. Read by the workflow
 * (supervision/workflow.ts) and by the API, which builds one endpoint per step from this table.
 */
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import type { Actor, CaseKind, SupervisionType, TargetUnit } from '../domain';
import type { SupervisionStage } from './stages';
import { followUpVerdicts, supervisionTypes } from '../domain';
import { supervisionStageLabels, supervisionStages } from './stages';
import { caseContract, defineSteps } from '../engine/contract';
import type { CaseFile } from '../common-steps/files';
import { CaseFileSchema, attachFilesStep } from '../common-steps/files';
import type { CaseComment } from '../common-steps/comments';
import { CommentSchema, commentStep, hears } from '../common-steps/comments';
import { handleUndeliveredStep } from '../common-steps/undelivered';
import { sees } from '../engine/view';
import { assignStep } from '../common-steps/assignment';
import { extendDeadlineStep } from '../common-steps/extension';
import { decideExtensionStep, requestExtensionStep } from '../common-steps/extension-requests';
import {
  RectificationItemsInput,
  RectificationReviewSchema,
  reviewRectificationStep,
} from '../common-steps/rectification';
import { ReportsUpSchema, signReportStep } from '../common-steps/signoff';
import { issuedRecord, issuingInput } from '../common-steps/problem-terms';
import type { CaseState } from '../engine/case';
import type { CaseRecord } from '../engine/record';
import {
  ActorSchema,
  ApprovalInputSchema,
  ApprovalRecordSchema,
  Done,
  FindingSchema,
  GroupRecordSchema,
  GroupSchema,
  Instant,
  MethodsSchema,
  Text,
  caseRecordFields,
  literals,
} from '../engine/schemas';
import type { ReportCitation } from '../common-steps/citations';
import { AssessmentId, ReportCitationSchema, Unannounced } from '../common-steps/citations';
import type { CaseView, ViewSpec } from '../engine/view';

// ---- the record ----

const CityRef = Type.Object({ code: Type.String(), name: Type.String() });

/**
 * A follow-up visit (回头看; ours, Art. 11 (2), 16 (2)): the closed case it looks again at, the requirements of that
 * case as they ended there, why the leading group scheduled it, and when the visit begins.
 */
export const FollowUpSchema = Type.Object({
  of: Type.String({ description: 'The closed case looked at again' }),
  ofKind: literals(['patrol', 'supervision'] as const),
  requirements: Type.Array(
    Type.Object({
      id: Type.Integer({ description: 'Its number in the earlier case (1, 2 …)' }),
      text: Type.String(),
      /** How the earlier case's review ended it (accepted, or closed by the leading group unaccepted). */
      ended: Type.Optional(literals(['accepted', 'closed'] as const)),
    }),
  ),
  reason: Type.String(),
  scheduledBy: ActorSchema,
  scheduledAt: Instant,
  /** The visit begins at the end of this day (Asia/Shanghai): 6 calendar months later by default (policy). */
  visitOn: Type.Optional(Type.String({ description: 'YYYY-MM-DD' })),
  visitAt: Type.Optional(Instant),
});
export type FollowUp = Static<typeof FollowUpSchema>;

/** What a follow-up visit found of one earlier requirement. */
export const RequirementCheckSchema = Type.Object({
  requirement: Type.Integer(),
  verdict: literals(Object.keys(followUpVerdicts) as Array<keyof typeof followUpVerdicts>),
  summary: Type.String(),
  methods: MethodsSchema,
  ...Done,
});

/** The supervision's own part of the record; each field is also a section of the need-to-know table below. */
export const SupervisionFields = Type.Object({
  /** Art. 5, 8: public reports cited as grounds (the office's summary; never the reporter). */
  citedReports: Type.Optional(Type.Array(ReportCitationSchema)),
  /** Art. 10: files of the work plan and the written report (references and hashes; the files are in the store). */
  files: Type.Optional(Type.Array(CaseFileSchema)),
  /** Internal comments, each seen by its audience only (references and hashes; the texts are in the store). */
  comments: Type.Optional(Type.Array(CommentSchema)),
  /** Art. 5 (明察暗访): an unannounced supervision; the unit is told nothing and sees nothing until the results. */
  unannounced: Type.Optional(Type.Boolean()),
  type: literals(Object.keys(supervisionTypes) as SupervisionType[]),
  topic: Type.Optional(Type.String()),
  year: Type.Integer(),
  /** The comprehensive round the case belongs to, and the city that inspects it under cross inspection (Art. 5). */
  round: Type.Optional(
    Type.Object({
      workflowId: Type.String(),
      /** A further round of the year (`supervision-round-2026-2`); absent: the year's round. */
      roundId: Type.Optional(Type.String()),
      inspectingCity: Type.Optional(CityRef),
    }),
  ),
  approval: Type.Optional(
    Type.Intersect([ApprovalRecordSchema, Type.Object({ withPlan: Type.Optional(Type.String()) })]),
  ),
  group: Type.Optional(GroupRecordSchema),
  workPlan: Type.Optional(Type.Object({ summary: Type.String(), ...Done })),
  /** Art. 10 (2): what the unit is told when field work begins (督查通知). */
  notice: Type.Optional(
    Type.Object({ groupLeader: Type.String(), inspectingCity: Type.Optional(Type.String()), at: Instant }),
  ),
  findings: Type.Array(
    Type.Intersect([FindingSchema, Type.Object({ thirdPartyAssessment: Type.Optional(Type.String()) })]),
  ),
  report: Type.Optional(
    Type.Object({
      situation: Type.String(),
      problems: Type.String(),
      opinions: Type.String(),
      suggestions: Type.String(),
      ...Done,
    }),
  ),
  commendation: Type.Optional(
    Type.Object({
      citation: Type.String(),
      circulated: Type.Optional(Type.Boolean()),
      publication: Type.Optional(Type.Object({ at: Instant, url: Type.String() })),
      ...Done,
    }),
  ),
  results: Type.Optional(
    issuedRecord({ summary: Type.String(), rectificationRequirements: Type.Array(Type.String()) }),
  ),
  rectification: Type.Optional(
    Type.Object({
      summary: Type.String(),
      /** Cases without a review: the measures as one list (under review, they are per requirement). */
      measures: Type.Optional(Type.Array(Type.String())),
      ...Done,
      late: Type.Boolean(),
    }),
  ),
  rectificationReview: Type.Optional(RectificationReviewSchema),
  reportsUp: Type.Optional(ReportsUpSchema),
  /** A follow-up visit (回头看): the case it looks at again, and what it found of each earlier requirement. */
  followUp: Type.Optional(FollowUpSchema),
  requirementChecks: Type.Optional(Type.Array(RequirementCheckSchema)),
});
export type SupervisionFields = Static<typeof SupervisionFields>;
export type SupervisionCaseRecord = CaseRecord<SupervisionStage> & SupervisionFields;
export type SupervisionCaseView = CaseView<SupervisionCaseRecord>;

const stage = literals(supervisionStages);
export const SupervisionRecordSchema = Type.Object({
  ...caseRecordFields('supervision', stage),
  ...SupervisionFields.properties,
});
export const SupervisionViewSchema = Type.Object(
  { ...caseRecordFields('supervision', stage), ...Type.Partial(SupervisionFields).properties },
  {
    $id: 'SupervisionCaseView',
    description: 'A supervision as the caller may see it: the whole record for the overseers, less for anyone else',
  },
);

export interface SupervisionCaseInput {
  targetUnit: TargetUnit;
  type: SupervisionType;
  /** Special supervision: the key work it checks (Art. 8). */
  topic?: string;
  year: number;
  /** Codes of the leading group's member units (Art. 7), from the registry when the case starts. */
  memberUnits: string[];
  proposedBy: Actor;
  /** Public reports the proposal rests on (`reportIds`). */
  citedReports?: ReportCitation[];
  /** Items of an approved annual plan are approved with it (Art. 6). */
  approvedWithPlan?: { plan: string; by: Actor; at: string };
  /** The comprehensive round this case belongs to, and the city that inspects it under cross inspection (Art. 5). */
  round?: { workflowId: string; roundId?: string; inspectingCity?: { code: string; name: string } };
  /** A follow-up visit (回头看): scheduled by the leading group from a closed case (`type: 'follow-up'`). */
  followUp?: Omit<FollowUp, 'visitOn' | 'visitAt' | 'ofKind' | 'scheduledAt'> & { ofKind: CaseKind };
  /** Set by the case itself when it continues as a new run. */
  /** Art. 7: the units the group may not come from (the registry's 回避 when the case started; absent before). */
  recusal?: string[];
  resume?: CaseState<SupervisionStage, SupervisionFields>;
}

// ---- the steps ----

const List = (description: string, minItems = 1) => Type.Array(Text(description, 500), { minItems, maxItems: 30 });

export const supervisionSteps = defineSteps<SupervisionStage>()({
  decideApproval: {
    path: 'approval',
    input: ApprovalInputSchema,
    roles: ['leading-group'],
    stages: ['awaiting-approval'],
    summary: 'Art. 6: the leading group approves the supervision item (批准督查事项)',
  },
  formGroup: {
    path: 'group',
    input: Type.Object({ group: GroupSchema, unannounced: Type.Optional(Unannounced) }),
    roles: ['office', 'leading-group'],
    stages: ['forming-group'],
    summary: 'Art. 7: form the supervision group (组建督查组)',
    description:
      'A department-rank (厅级) leader; every member drawn from a member unit of the leading group; under cross inspection the leader comes from the inspecting city; nobody from the target unit.',
  },
  submitWorkPlan: {
    path: 'work-plan',
    input: Type.Object({ summary: Text('实施方案', 4000) }),
    roles: ['group-leader'],
    scope: 'own-group',
    stages: ['planning'],
    summary: 'Art. 10 (1): the work plan (制定实施方案); field work begins and the unit is notified',
  },
  recordFinding: {
    path: 'findings',
    input: Type.Object({
      keyContent: Type.Integer({
        minimum: 1,
        maximum: 6,
        description: 'Art. 9 item (1–5), or 6: another content, with `otherDescription`',
      }),
      otherDescription: Type.Optional(Text('其他问题的类别（第6项时必填）', 200)),
      methods: MethodsSchema,
      summary: Text('督查发现', 1000),
      thirdPartyAssessment: Type.Optional(
        Text('运用的第三方评估成果（第五条），自由文字；登记在册的评估用 assessmentId', 1000),
      ),
      assessmentId: Type.Optional(AssessmentId),
    }),
    roles: ['group-leader'],
    scope: 'own-group',
    stages: ['field-work'],
    summary: 'Art. 9, 5: record a finding under one of the five key contents, with the methods used',
  },
  checkRequirement: {
    path: 'requirement-checks',
    input: Type.Object({
      requirement: Type.Integer({ minimum: 1, maximum: 30, description: 'The number of the earlier requirement' }),
      verdict: literals(
        Object.keys(followUpVerdicts) as Array<keyof typeof followUpVerdicts>,
        'rectified 已整改到位, partly 部分整改, not-rectified 未整改',
      ),
      summary: Text('回头看情况', 1000),
      methods: MethodsSchema,
    }),
    roles: ['group-leader'],
    scope: 'own-group',
    stages: ['field-work'],
    summary: 'Follow-up visit (回头看): what the group found of one earlier rectification requirement',
    description:
      'Only in a follow-up visit. One check per requirement of the earlier case (`followUp.requirements`); the written report waits until every requirement is checked. Findings of new problems go to `findings` as in any supervision.',
  },
  submitReport: {
    path: 'report',
    input: Type.Object({
      situation: Text('督查情况', 4000),
      problems: Text('问题', 4000),
      opinions: Text('意见', 4000),
      suggestions: Text('建议', 4000),
    }),
    roles: ['group-leader'],
    scope: 'own-group',
    stages: ['field-work'],
    summary: 'Art. 10 (3): the written report: situation, problems, opinions, suggestions (书面报告)',
  },
  commendUnit: {
    path: 'commendation',
    input: Type.Object({
      citation: Text('表扬事由', 1000),
      circulate: Type.Optional(
        Type.Boolean({
          description: 'Art. 11 (1): circulate the commendation to every unit of the province (通报全省)',
        }),
      ),
      publish: Type.Optional(
        Type.Boolean({
          description: 'Art. 11 (1): publish it on the public bulletin (宣传推广), when the leading group decides',
        }),
      ),
    }),
    roles: ['leading-group'],
    // Art. 11 (1): before the results or after them, while the unit rectifies.
    stages: ['results', 'rectification'],
    summary: 'Art. 11 (1): public commendation of a unit that did well (通报表扬)',
    description:
      'The unit is told. `circulate`: a circular (通报) goes to every city, county and department of the registry; `publish`: the commendation is published on the bulletin (GET /bulletin).',
  },
  notifyResults: {
    path: 'results',
    input: issuingInput({ summary: Text('督查结果', 4000), rectificationRequirements: List('整改要求', 0) }),
    roles: ['leading-group'],
    stages: ['results'],
    summary: 'Art. 11 (2): notify the unit of the results and rectification requirements (通报督查结果、提出整改要求)',
    description:
      'With requirements, the unit must report its rectification in time (default 30 days, deadline engine), and each requirement becomes a problem of the ledger (问题整改台账, issue 35) with its term (`terms`). Without, the supervision closes.',
  },
  submitRectificationReport: {
    path: 'rectification-report',
    input: Type.Object({
      summary: Text('整改情况', 4000),
      items: Type.Optional(RectificationItemsInput),
      measures: Type.Optional(List('整改措施（未逐项审核的督查）')),
    }),
    roles: ['unit'],
    scope: 'own-unit',
    stages: ['rectification'],
    summary: 'Art. 11 (2): the unit reports its rectification per requirement (整改情况反馈)',
    description:
      'One answer per requirement (`items`); after a send-back, the unit answers the requirements sent back. Accepted after the deadline too, and then recorded as late. The supervision closes when the leading group has accepted every requirement.',
  },
  reviewRectification: reviewRectificationStep(['rectification'], 11),
  signReport: signReportStep(['results', 'rectification']),
  extendDeadline: extendDeadlineStep(['rectification']),
  requestExtension: requestExtensionStep(['rectification']),
  decideExtension: decideExtensionStep(['rectification']),
  assignItem: assignStep(['rectification']),
  attachFiles: attachFilesStep(['planning', 'field-work'] as const),
  addComment: commentStep(supervisionStages.filter((s) => s !== 'closed' && s !== 'rejected')),
  handleUndelivered: handleUndeliveredStep(supervisionStages),
});

// ---- need to know (docs/need-to-know.md) ----

/** Sections of the record: its fields, and `closing`. */
export type SupervisionSection = keyof SupervisionFields | 'closing';

const item = ['type', 'topic', 'year'] as const;

export const supervisionView: ViewSpec<SupervisionCaseRecord, SupervisionSection> = {
  fields: Object.keys(SupervisionFields.properties) as Array<keyof SupervisionFields>,
  sections: {
    office: 'all',
    'leading-group': 'all',
    committee: 'all',
    // Their group's supervision, without the leading group's approval of the item.
    'group-leader': [
      'files',
      'comments',
      'citedReports',
      'unannounced',
      ...item,
      'round',
      'group',
      'workPlan',
      'notice',
      'findings',
      'report',
      'commendation',
      'results',
      'rectification',
      'rectificationReview',
      'followUp',
      'requirementChecks',
      'closing',
    ],
    // What concerns the unit: the notice, its commendation, the results and requirements, its rectification and the
    // review of it.
    unit: [...item, 'notice', 'commendation', 'results', 'rectification', 'rectificationReview', 'comments', 'closing'],
    discipline: [],
    public: [],
    auditor: [],
  },
  // A file is seen by whoever sees the section it belongs to.
  items: {
    files: (f: CaseFile, viewer: Actor) => sees(supervisionView.sections[viewer.role], f.section),
    // A comment is seen by its audience.
    comments: (c: CaseComment, viewer: Actor) => hears(c.audience, viewer.role),
  },
  externalStage: (s) => s,
  stageLabels: supervisionStageLabels,
};

export const supervisionContract = caseContract({
  kind: 'supervision',
  workflowType: 'supervisionCase',
  resource: 'supervisions',
  steps: supervisionSteps,
  view: supervisionView,
  viewSchema: SupervisionViewSchema,
});

// Compile-time guard: the record schema and the record type describe the same thing (the schema narrows `kind`).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const supervisionRecordMatchesSchema: Same<
  Omit<Static<typeof SupervisionRecordSchema>, 'kind'>,
  Omit<SupervisionCaseRecord, 'kind'>
> = true;
