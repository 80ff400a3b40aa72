/**
 * The patrol (巡查, Chapter 3, Art. 12–16): its record, its steps and who sees what. Read by the workflow
 * (patrol/workflow.ts) and by the API, which builds one endpoint per step from this table.
 */
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import type { Actor, TransferRecipient } from '../domain';
import type { PatrolStage } from './stages';
import { groundsSources, transferRecipients } from '../domain';
import { patrolStageLabels, patrolStages } from './stages';
import { caseContract, defineSteps } from '../engine/contract';
import type { CaseFile } from '../common-steps/files';
import { CaseFileSchema, attachFilesStep } from '../common-steps/files';
import type { CaseComment } from '../common-steps/comments';
import { CommentSchema, commentStep, hears } from '../common-steps/comments';
import { handleUndeliveredStep } from '../common-steps/undelivered';
import { sees } from '../engine/view';
import { assignStep } from '../common-steps/assignment';
import { extendDeadlineStep, followUpStep } from '../common-steps/extension';
import { decideExtensionStep, requestExtensionStep } from '../common-steps/extension-requests';
import { PublicationDeclinedSchema, PublicationSchema, rectificationSummaryInput } from './publication';
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
  LocalDate,
  MethodsSchema,
  Text,
  caseRecordFields,
  literals,
} from '../engine/schemas';
import type { CaseView, ViewSpec } from '../engine/view';
import type { ReportCitation } from '../common-steps/citations';
import { AssessmentId, ReportCitationSchema, Unannounced } from '../common-steps/citations';

// ---- the record ----

/** Art. 12: the information a proposal rests on. */
export const GroundsSchema = Type.Object({
  sources: Type.Array(literals(groundsSources, 'Art. 12: information held'), {
    minItems: 1,
    maxItems: groundsSources.length,
    uniqueItems: true,
  }),
  summary: Text('依据摘要', 4000),
});

export const OpinionSchema = Type.Object({
  text: Text('处理意见', 1000),
  basis: Text('所依据的事实和有关规定', 1000),
});

const RecipientSchema = literals(Object.keys(transferRecipients) as TransferRecipient[]);

/** The patrol's own part of the record; each field is also a section of the need-to-know table below. */
export const PatrolFields = Type.Object({
  grounds: GroundsSchema,
  /** Art. 5, 12: public reports cited as grounds (the office's summary; never the reporter). */
  citedReports: Type.Optional(Type.Array(ReportCitationSchema)),
  /** Art. 15: files of the work plan and the written report (references and hashes; the files are in the store). */
  files: Type.Optional(Type.Array(CaseFileSchema)),
  /** Internal comments, each seen by its audience only (references and hashes; the texts are in the store). */
  comments: Type.Optional(Type.Array(CommentSchema)),
  /** Art. 5: a cross patrol (交叉巡查): the set it belongs to and the city whose group patrols the unit. */
  crossPatrol: Type.Optional(
    Type.Object({
      setId: Type.String(),
      inspectingCity: Type.Object({ code: Type.String(), name: Type.String() }),
      adjustmentReason: Type.Optional(Type.String()),
    }),
  ),
  /** Art. 5 (明察暗访): an unannounced patrol; the unit is told nothing and sees nothing until feedback. */
  unannounced: Type.Optional(Type.Boolean()),
  approval: Type.Optional(ApprovalRecordSchema),
  group: Type.Optional(GroupRecordSchema),
  workPlan: Type.Optional(Type.Object({ summary: Type.String(), stationedOn: Type.String(), ...Done })),
  /** Art. 15 (2): what the unit is told when the group is stationed with it (进驻). */
  stationing: Type.Optional(
    Type.Object({
      stationedOn: Type.String(),
      groupLeader: Type.String(),
      inspectingCity: Type.Optional(Type.String()),
      at: Instant,
    }),
  ),
  /** Art. 12: the leading group returned the office's draft (退回修改), and the office's revision of it. */
  draftReturns: Type.Optional(
    Type.Array(
      Type.Object({
        reason: Type.String(),
        ...Done,
        revised: Type.Optional(Type.Object({ summary: Type.String(), ...Done })),
      }),
    ),
  ),
  /** Submissions taken back (撤回) before the next person acted on them: the proposal, the group's report. */
  withdrawals: Type.Optional(
    Type.Array(Type.Object({ what: literals(['proposal', 'report'] as const), reason: Type.String(), ...Done })),
  ),
  findings: Type.Array(FindingSchema),
  suggestions: Type.Array(
    Type.Object({
      id: Type.Integer(),
      summary: Type.String(),
      findingIds: Type.Array(Type.Integer()),
      /** Art. 15 (2): whom it went to, and how the problem meets the three conditions (absent before the rule). */
      addressee: Type.Optional(Type.String()),
      grounds: Type.Optional(
        Type.Object({ publicConcern: Type.String(), violation: Type.String(), urgency: Type.String() }),
      ),
      ...Done,
      answer: Type.Optional(Type.Object({ text: Type.String(), ...Done })),
    }),
  ),
  report: Type.Optional(
    Type.Object({ situation: Type.String(), problems: Type.String(), opinions: Type.Array(OpinionSchema), ...Done }),
  ),
  requests: Type.Array(
    Type.Object({
      summary: Type.String(),
      ...Done,
      decision: Type.Optional(literals(['approve', 'send-back'] as const)),
      remarks: Type.Optional(Type.String()),
      decidedAt: Type.Optional(Instant),
      decidedBy: Type.Optional(ActorSchema),
    }),
  ),
  transfers: Type.Array(
    Type.Object({
      id: Type.Integer(),
      to: RecipientSchema,
      recipientName: Type.String(),
      summary: Type.String(),
      ...Done,
      acknowledged: Type.Optional(Type.Object({ ...Done, note: Type.Optional(Type.String()) })),
    }),
  ),
  feedback: Type.Optional(issuedRecord({ situation: Type.String(), rectificationOpinions: Type.Array(Type.String()) })),
  rectification: Type.Optional(
    Type.Object({
      summary: Type.String(),
      /** Cases without a review: the measures as one list (under review, they are per requirement). */
      measures: Type.Optional(Type.Array(Type.String())),
      publicSummary: Type.Optional(Type.String()),
      ...Done,
      late: Type.Boolean(),
    }),
  ),
  rectificationReview: Type.Optional(RectificationReviewSchema),
  summaryToCommittee: Type.Optional(Type.Object({ summary: Type.String(), ...Done })),
  /** Art. 16 (3): what the leading group published, or its decision not to (patrol/publication.ts). */
  publication: Type.Optional(PublicationSchema),
  publicationDeclined: Type.Optional(PublicationDeclinedSchema),
  reportsUp: Type.Optional(ReportsUpSchema),
});
export type PatrolFields = Static<typeof PatrolFields>;
export type PatrolCaseRecord = CaseRecord<PatrolStage> & PatrolFields;
export type PatrolCaseView = CaseView<PatrolCaseRecord>;

const stage = literals(patrolStages);
export const PatrolRecordSchema = Type.Object({ ...caseRecordFields('patrol', stage), ...PatrolFields.properties });
export const PatrolViewSchema = Type.Object(
  { ...caseRecordFields('patrol', stage), ...Type.Partial(PatrolFields).properties },
  {
    $id: 'PatrolCaseView',
    description: 'A patrol as the caller may see it: the whole record for the overseers, less for anyone else',
  },
);

export interface PatrolCaseInput {
  targetUnit: CaseRecord['targetUnit'];
  grounds: Static<typeof GroundsSchema>;
  proposedBy: Actor;
  /** Public reports the proposal rests on (`grounds.reportIds`). */
  citedReports?: ReportCitation[];
  /** Art. 5: one patrol of a set of cross patrols (POST /cross-patrols). */
  crossPatrol?: PatrolFields['crossPatrol'];
  /** Art. 13: the units the group may not come from (the registry's 回避 when the case started; absent before). */
  recusal?: string[];
  /** Set by the case itself when it continues as a new run. */
  resume?: CaseState<PatrolStage, PatrolFields>;
}

export interface PatrolOutcome {
  caseId: string;
  stage: PatrolStage;
}

// ---- the steps ----

/** Stages in which a deadline can be open (suggestions, transfers, rectification). */
export const stagesWithDeadlines = [
  'field-work',
  'under-study',
  'awaiting-instructions',
  'issuing-feedback',
  'rectification',
] as const satisfies readonly PatrolStage[];

const List = (description: string) => Type.Array(Text(description, 500), { minItems: 1, maxItems: 30 });

export const patrolSteps = defineSteps<PatrolStage>()({
  submitProposal: {
    path: 'proposal',
    input: Type.Object({ note: Type.Optional(Text('审定意见', 500)) }),
    roles: ['leading-group'],
    stages: ['drafted'],
    summary: 'Art. 12: the leading group submits the patrol proposal the office drafted to the committee (提请)',
    description: 'Art. 12 gives the proposal to the leading group: a proposal the office starts is a draft until then.',
  },
  returnProposal: {
    path: 'proposal/return',
    input: Type.Object({ reason: Text('退回修改的理由', 1000) }),
    roles: ['leading-group'],
    stages: ['drafted'],
    summary: "Art. 12: the leading group returns the office's draft for revision, with a reason (退回修改)",
    description:
      'The office revises the grounds and sends the draft back; the leading group then submits it or returns it again.',
  },
  reviseProposal: {
    path: 'proposal/revision',
    input: Type.Object({ summary: Text('修改后的提请依据', 4000) }),
    roles: ['office'],
    stages: ['drafted'],
    summary: 'Art. 12: the office revises its returned draft and sends it to the leading group again (修改后重新报送)',
    description: "Only after the leading group returned the draft; the grounds' summary is replaced by the revision.",
  },
  withdrawProposal: {
    path: 'proposal/withdrawal',
    input: Type.Object({ reason: Text('撤回的理由', 1000) }),
    roles: ['leading-group'],
    stages: ['awaiting-approval'],
    summary: 'Art. 12: the leading group withdraws its proposal before the committee has decided (撤回提请)',
    description: 'The patrol is a draft again, to be submitted again (or returned to the office).',
  },
  decideApproval: {
    path: 'approval',
    input: ApprovalInputSchema,
    roles: ['committee'],
    stages: ['awaiting-approval'],
    summary: 'Art. 12: the committee approves or rejects the patrol (批准/不批准巡查)',
    description: 'A rejection needs a reason and closes the patrol.',
  },
  formGroup: {
    path: 'group',
    input: Type.Object({ group: GroupSchema, unannounced: Type.Optional(Unannounced) }),
    roles: ['office', 'leading-group'],
    stages: ['forming-group'],
    summary: 'Art. 13: form the patrol group (组建巡查组)',
    description:
      'The leader must be of department rank (厅级); nobody from the target unit may be in the group. `unannounced`: an unannounced patrol (暗访): no stationing notice, no notice of any kind to the unit, which sees nothing of the patrol until feedback.',
  },
  submitWorkPlan: {
    path: 'work-plan',
    input: Type.Object({ summary: Text('工作方案', 4000), stationedOn: LocalDate }),
    roles: ['group-leader'],
    scope: 'own-group',
    stages: ['planning'],
    summary: "Art. 15 (1)(2): the group's work plan; the group is stationed at the unit (制定方案、进驻)",
    description: 'The unit is told the date of stationing and from then on sees the patrol (what concerns it).',
  },
  recordFinding: {
    path: 'findings',
    input: Type.Object({
      keyProblem: Type.Integer({
        minimum: 1,
        maximum: 6,
        description: 'Art. 14 item (1–5), or 6: another problem ("等问题"), with `otherDescription`',
      }),
      otherDescription: Type.Optional(Text('其他问题的类别（第6项时必填）', 200)),
      methods: MethodsSchema,
      summary: Text('问题描述', 1000),
      assessmentId: Type.Optional(AssessmentId),
    }),
    roles: ['group-leader'],
    scope: 'own-group',
    stages: ['field-work'],
    summary: 'Art. 14, 5: record a finding under one of the five key problems, with the methods used',
  },
  sendHandlingSuggestion: {
    path: 'handling-suggestions',
    input: Type.Object({
      summary: Text('处理建议', 1000),
      findingIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 100, uniqueItems: true })),
      // Art. 15 (2): all three are required when sent (optional here: suggestions sent before the rule replay).
      publicConcern: Type.Optional(Text('群众反映强烈的情况', 1000)),
      violation: Type.Optional(Text('明显违反的规定', 1000)),
      urgency: Type.Optional(Text('应当及时解决的理由', 1000)),
    }),
    roles: ['group-leader'],
    scope: 'own-group',
    stages: ['field-work'],
    summary: 'Art. 15 (2): send an on-site handling suggestion to the unit (处理建议)',
    description: 'Only for a problem meeting all three conditions (else 422); answer due on the deadline engine.',
  },
  answerHandlingSuggestion: {
    path: 'handling-suggestions/:suggestionId/answer',
    input: Type.Object({ suggestionId: Type.Integer({ minimum: 1 }), answer: Text('答复', 1000) }),
    roles: ['unit'],
    scope: 'own-unit',
    stages: stagesWithDeadlines,
    summary: 'Art. 15 (2): the unit answers a handling suggestion (答复处理建议)',
  },
  submitReport: {
    path: 'report',
    input: Type.Object({
      situation: Text('巡查情况'),
      problems: Text('发现的问题'),
      opinions: Type.Array(OpinionSchema, { minItems: 1, maxItems: 20 }),
    }),
    roles: ['group-leader'],
    scope: 'own-group',
    stages: ['field-work'],
    summary: 'Art. 15 (3): the written report with handling opinions based on facts and rules (书面报告、处理意见)',
  },
  sendRequestForInstructions: {
    path: 'request-for-instructions',
    input: Type.Object({ summary: Text('请示内容', 2000) }),
    roles: ['leading-group'],
    stages: ['under-study'],
    summary: 'Art. 16 (1): after study, the leading group asks the committee for instructions (请示)',
  },
  withdrawReport: {
    path: 'report/withdrawal',
    input: Type.Object({ reason: Text('撤回的理由', 1000) }),
    roles: ['group-leader'],
    scope: 'own-group',
    stages: ['under-study'],
    summary:
      'Art. 15 (3): the group withdraws its written report before the leading group has acted on it (撤回书面报告)',
    description:
      'Until the leading group sends its request for instructions or a transfer; the field work continues and the group submits the report again.',
  },
  decideInstructions: {
    path: 'instructions',
    input: Type.Object({
      decision: literals(['approve', 'send-back'] as const),
      remarks: Type.Optional(Text('批示意见（退回时必填）', 1000)),
    }),
    roles: ['committee'],
    stages: ['awaiting-instructions'],
    summary: 'Art. 16 (1): the committee decides: approve, or send back with remarks (批示)',
  },
  transferViolation: {
    path: 'transfers',
    input: Type.Object({ to: RecipientSchema, summary: Text('移交事项', 1000) }),
    roles: ['leading-group'],
    stages: ['issuing-feedback', 'rectification'],
    summary: 'Art. 16 (1): transfer violations of discipline or law (移交纪检监察机关或检察机关)',
    description: 'The receiving body sees this transfer (and nothing else of the patrol) and acknowledges it.',
  },
  acknowledgeTransfer: {
    path: 'transfers/:transferId/acknowledgement',
    input: Type.Object({ transferId: Type.Integer({ minimum: 1 }), note: Type.Optional(Text('备注', 500)) }),
    roles: ['discipline'],
    stages: ['issuing-feedback', 'rectification'],
    summary: 'Art. 16 (1): the receiving body acknowledges a transfer (确认接收)',
  },
  issueFeedback: {
    path: 'feedback',
    input: issuingInput({ situation: Text('反馈的巡查情况', 4000), rectificationOpinions: List('整改意见') }),
    roles: ['leading-group'],
    stages: ['issuing-feedback'],
    summary: 'Art. 16 (2): feedback and rectification opinions to the unit; rectification is due within 2 months',
    description: 'Each opinion becomes a problem of the ledger (问题整改台账, issue 35) with its term (`terms`).',
  },
  submitRectificationReport: {
    path: 'rectification-report',
    input: Type.Object({
      summary: Text('整改情况', 4000),
      items: Type.Optional(RectificationItemsInput),
      measures: Type.Optional(List('整改措施（未逐项审核的巡查）')),
      publicSummary: Type.Optional(Text('建议公开的整改情况（第十六条第（三）项，由领导小组审定）', 2000)),
    }),
    roles: ['unit'],
    scope: 'own-unit',
    stages: ['rectification'],
    summary: 'Art. 16 (2): the unit reports its rectification per opinion (整改情况反馈)',
    description:
      'One answer per rectification opinion (`items`); after a send-back, the unit answers the opinions sent back. Accepted after the deadline too, and then recorded as late.',
  },
  reviewRectification: reviewRectificationStep(['rectification'], 16),
  reportRectificationSummary: {
    path: 'rectification-summary',
    input: rectificationSummaryInput,
    roles: ['leading-group'],
    stages: ['rectification'],
    summary: 'Art. 16 (3): report the rectification to the committee and publish what can be public (报告、公开)',
    description:
      "The leading group decides what is published: `publicText`, its own text or its edit of the unit's proposal (`publicSummary`, adopted as it is when `publicText` is absent); or `publish: false` with `notPublishedReason`. The patrol closes when this is done and every suggestion is answered and every transfer acknowledged.",
  },
  signReport: signReportStep(['rectification']),
  extendDeadline: extendDeadlineStep(stagesWithDeadlines),
  requestExtension: requestExtensionStep(['rectification']),
  decideExtension: decideExtensionStep(['rectification']),
  assignItem: assignStep(stagesWithDeadlines),
  followUpDeadline: followUpStep(stagesWithDeadlines),
  attachFiles: attachFilesStep(['planning', 'field-work'] as const),
  addComment: commentStep(patrolStages.filter((s) => s !== 'closed' && s !== 'rejected')),
  handleUndelivered: handleUndeliveredStep(patrolStages),
});

// ---- need to know (docs/need-to-know.md) ----

/** Sections of the record: its fields, and `closing` (the final report). */
export type PatrolSection = keyof PatrolFields | 'closing';

export const patrolView: ViewSpec<PatrolCaseRecord, PatrolSection> = {
  fields: Object.keys(PatrolFields.properties) as Array<keyof PatrolFields>,
  sections: {
    office: 'all',
    'leading-group': 'all',
    committee: 'all',
    // Their group's patrol, without the committee's deliberations (approval, requests), the transfers and the
    // report up to the committee.
    'group-leader': [
      'grounds',
      'crossPatrol',
      'files',
      'comments',
      'citedReports',
      'unannounced',
      'group',
      'workPlan',
      'stationing',
      'findings',
      'suggestions',
      'report',
      'feedback',
      'rectification',
      'rectificationReview',
      'publication',
      'publicationDeclined',
      'closing',
    ],
    // What concerns the unit: the stationing notice, suggestions addressed to it, the feedback, its rectification and
    // the review of it.
    unit: [
      'stationing',
      'suggestions',
      'feedback',
      'rectification',
      'rectificationReview',
      'publication',
      'publicationDeclined',
      'comments',
      'closing',
    ],
    // Its own transfers.
    discipline: ['transfers'],
    public: [],
    auditor: [],
  },
  items: {
    transfers: (t: PatrolFields['transfers'][number], viewer: Actor) =>
      viewer.role !== 'discipline' || transferRecipients[t.to].unit === viewer.unit,
    // A file is seen by whoever sees the section it belongs to.
    files: (f: CaseFile, viewer: Actor) => sees(patrolView.sections[viewer.role], f.section),
    // A comment is seen by its audience.
    comments: (c: CaseComment, viewer: Actor) => hears(c.audience, viewer.role),
  },
  // The unit and the receiving bodies see the leading group's study, the request and the feedback as one stage.
  externalStage: (s) => (s === 'awaiting-instructions' || s === 'issuing-feedback' ? 'under-study' : s),
  stageLabels: patrolStageLabels,
};

export const patrolContract = caseContract({
  kind: 'patrol',
  workflowType: 'patrolCase',
  resource: 'patrols',
  steps: patrolSteps,
  view: patrolView,
  viewSchema: PatrolViewSchema,
});

// Compile-time guard: the record schema and the record type describe the same thing (the schema narrows `kind`).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const patrolRecordMatchesSchema: Same<
  Omit<Static<typeof PatrolRecordSchema>, 'kind'>,
  Omit<PatrolCaseRecord, 'kind'>
> = true;
