/**
 * The public report (受理群众举报, Art. 3, 5, 12, 15 (2)): anyone files one without an account and follows it with a
 * receipt code; the office registers it within a deadline and decides what becomes of it. Its record, its steps and
 * who sees what, read by the workflow (public-report/workflow.ts) and by the API.
 *
 * The reporter's account and files are in the case store (claim check: the record keeps their ids and SHA-256); the
 * reporter's name and contact are sealed in the store and never enter Temporal at all. The target unit is never a
 * party of a report, so it cannot learn that one exists.
 */
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { transferRecipients } from '../domain';
import type { TargetUnit } from '../domain';
import { caseIdPattern, publicReportIdPattern, unitCodePattern, unitCodeDoc } from '../ids';
import { caseContract, defineSteps } from '../engine/contract';
import { extendDeadlineStep, followUpStep } from '../common-steps/extension';
import type { CaseState } from '../engine/case';
import type { CaseRecord } from '../engine/record';
import { Done, DocumentRefSchema, Instant, Text, caseRecordFields, literals } from '../engine/schemas';
import type { DocumentRef } from '../engine/schemas';
import { handleUndeliveredStep } from '../common-steps/undelivered';
import type { ViewSpec } from '../engine/view';

export const reportStages = ['received', 'registered', 'forwarded', 'referred', 'closed'] as const;
export type ReportStage = (typeof reportStages)[number];
export const reportStageLabels: Record<ReportStage, string> = {
  received: '待登记',
  registered: '待决定处理方式',
  forwarded: '已转交省纪委监委',
  /** Issue 36: handed down to the unit concerned to verify (交办核查, workflows/referral/). */
  referred: '已交办核查',
  closed: '已办结',
};

/** What the office may decide on a registered report with its decision step. */
export const decisionActions = ['link', 'propose-patrol', 'propose-supervision', 'forward', 'close'] as const;
/** What a report's decision records: those, or `refer` (交办核查, issue 36), which a referral's start records. */
export const reportActions = [...decisionActions, 'refer'] as const;
export type ReportAction = (typeof reportActions)[number];
/** What the reporter's receipt says, in neutral words: never the case it fed, never anything of the unit's. */
export const publicStatuses = {
  received: '已收到，正在登记',
  registered: '已登记，正在办理',
  /** The office proposed a patrol or supervision on it, or linked it to one not yet approved (issue 34). */
  proposed: '已受理，正在研究处理',
  /** Only once a patrol or supervision resting on it is approved (the API reads that: lib/public-reports/receipts). */
  accepted: '已受理，作为督查巡查工作的依据',
  forwarded: '已按规定转有关机关办理',
  /** Issue 36: referred to the unit concerned to verify; then verified, with the reply the office approved. */
  referred: '已交有关地方或部门核查',
  verified: '已核查办结',
  closed: '已办结',
} as const;
export type PublicStatus = keyof typeof publicStatuses;

export const PublicReportFields = Type.Object({
  year: Type.Integer(),
  received: Type.Object({
    at: Instant,
    /** The day it came in (Asia/Shanghai), as the receipt and citations say it. */
    on: Type.String(),
    /** The reporter's account (what, when, where; JSON) in the case store. */
    account: DocumentRefSchema,
    attachments: Type.Array(DocumentRefSchema),
    /** Whether the reporter gave a name or a contact (sealed in the store; only the office opens it). */
    identified: Type.Boolean(),
    /** Whether the reporter named a unit of the registry (otherwise the office names it at registration). */
    unitNamed: Type.Boolean(),
    /** Reports on the same unit with a similar account in the window before: suggested for linking, never merged. */
    possibleDuplicates: Type.Array(Type.String()),
  }),
  registration: Type.Optional(Type.Object({ summary: Type.String(), ...Done, late: Type.Boolean() })),
  decision: Type.Optional(
    Type.Object({
      action: literals(reportActions),
      caseId: Type.Optional(Type.String()),
      reason: Type.String(),
      ...Done,
    }),
  ),
  forwarding: Type.Optional(
    Type.Object({
      recipientName: Type.String(),
      ...Done,
      acknowledged: Type.Optional(Type.Object({ ...Done, note: Type.Optional(Type.String()) })),
    }),
  ),
  /** What the receipt shows the reporter. */
  reply: Type.Object({
    status: literals(Object.keys(publicStatuses) as PublicStatus[]),
    text: Type.Optional(Type.String()),
    at: Instant,
  }),
});
export type PublicReportFields = Static<typeof PublicReportFields>;
export type PublicReportRecord = CaseRecord<ReportStage> & PublicReportFields;

const stage = literals(reportStages);
export const PublicReportViewSchema = Type.Object(
  { ...caseRecordFields('public-report', stage), ...Type.Partial(PublicReportFields).properties },
  {
    $id: 'PublicReportView',
    description:
      "A public report as the caller may see it (the office, the leading group and the committee; the discipline commission once it is forwarded). The account and files come from the case store; the reporter's identity only for the office.",
  },
);

export interface PublicReportInput {
  year: number;
  receivedAt: string;
  receivedOn: string;
  /** The unit the reporter named from the registry, or `unnamedUnit`. */
  targetUnit: TargetUnit;
  account: DocumentRef;
  attachments: DocumentRef[];
  identified: boolean;
  possibleDuplicates: string[];
  resume?: CaseState<ReportStage, PublicReportFields>;
}

// ---- the steps ----

export const publicReportSteps = defineSteps<ReportStage>()({
  registerReport: {
    path: 'registration',
    input: Type.Object({
      summary: Text('登记摘要（不写举报人信息；督查、巡查引用此摘要）', 1000),
      targetUnit: Type.Optional(
        Type.String({
          pattern: unitCodePattern,
          description: unitCodeDoc('Unit code, required when the reporter named no unit of the registry'),
        }),
      ),
    }),
    roles: ['office'],
    stages: ['received'],
    summary: 'Art. 5: the office registers a public report (登记群众举报)',
    description: 'Due within 5 working days of receipt (policy `public-report-registration`).',
  },
  decideReport: {
    path: 'decision',
    input: Type.Object({
      action: literals(decisionActions),
      caseId: Type.Optional(
        Type.String({ pattern: caseIdPattern, description: 'For `link`: the patrol or supervision it supports' }),
      ),
      reason: Text('理由', 1000),
      reply: Type.Optional(Text('给举报人的答复（举报人凭受理编号可见，勿写被举报单位以外的内容）', 500)),
    }),
    roles: ['office'],
    stages: ['registered'],
    summary:
      'Art. 5, 12: link the report to a case, propose a patrol or a special supervision, forward it, or close it',
    description:
      '`link` cites the report in the grounds of an open patrol or supervision (without the reporter); `propose-patrol` and `propose-supervision` put it to the leading group, whose proposal cites it (`grounds.reportIds`); `forward` sends it to the discipline commission, whose acknowledgement is chased, never escalated; `close` ends it. Every choice records who and why.',
  },
  acknowledgeForwardedReport: {
    path: 'forwarding/acknowledgement',
    input: Type.Object({ note: Type.Optional(Text('备注', 500)) }),
    roles: ['discipline'],
    stages: ['forwarded'],
    summary: 'The discipline commission acknowledges a forwarded report (签收)',
  },
  extendDeadline: extendDeadlineStep(['received', 'forwarded'] as const),
  followUpDeadline: followUpStep(['forwarded'] as const),
  handleUndelivered: handleUndeliveredStep(reportStages),
});

// ---- need to know (docs/need-to-know.md) ----

export type ReportSection = keyof PublicReportFields | 'closing';

export const publicReportView: ViewSpec<PublicReportRecord, ReportSection> = {
  fields: Object.keys(PublicReportFields.properties) as Array<keyof PublicReportFields>,
  sections: {
    office: 'all',
    'leading-group': 'all',
    committee: 'all',
    'group-leader': [],
    unit: [],
    // Once forwarded: what was reported and what the office forwarded; never the reporter.
    discipline: ['year', 'received', 'registration', 'forwarding', 'closing'],
    public: [],
    auditor: [],
  },
  externalStage: (s) => s,
  stageLabels: reportStageLabels,
};

export const publicReportContract = caseContract({
  kind: 'public-report',
  workflowType: 'publicReport',
  resource: 'public-reports',
  steps: publicReportSteps,
  view: publicReportView,
  viewSchema: PublicReportViewSchema,
  id: {
    param: 'reportId',
    schema: Type.String({ pattern: publicReportIdPattern, description: 'e.g. public-report-3f9a0c1d2e4b5a697887' }),
  },
  notFound: '没有找到这件群众举报',
});

/** The one body a report is forwarded to. */
export const forwardRecipient = transferRecipients['discipline-inspection'];
