/**
 * The comprehensive supervision round of a year (Art. 5, 6, 8, 11): what starts it, what its cases tell it, and
 * the progress it shows. Read by the round workflow, its cases, the report activity and the API.
 */
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { DeadlineRule } from '../../lib/calendar/deadlines';
import type { Actor } from '../domain';
import { supervisionStages } from '../supervision/stages';
import { defineSteps } from '../engine/contract';
import { ActorSchema, Done, NotificationRecordSchema, TargetUnitSchema, literals } from '../engine/schemas';

export interface RoundInput {
  year: number;
  /** Unit codes of the plan (Art. 8: every city, county and department the plan names). */
  units: string[];
  crossInspection: boolean;
  /** The cross-inspection pairs the leading group approved with the plan (Art. 5); absent: the formula's, at start. */
  assignments?: Array<{ target: string; inspector: string }>;
  /**
   * A further comprehensive round of the year (2, 3 …), decided by the leading group with its reason (Art. 8: normally
   * once a year); absent: the year's scheduled round.
   */
  n?: number;
  reason?: string;
  /** The approved annual plan's id and who approved it (a further round: who decided it). */
  plan: string;
  approvedBy: Actor;
  approvedAt: string;
  /**
   * Art. 11 (3) 及时汇总: when the rectification report goes up, counted from the round's feedback (the consolidated
   * report signed); units still rectifying then are listed as 尚未整改到位 and a supplement follows when they finish.
   * Absent: the deadline policy's `supervision-rectification` term (the units' own term).
   */
  rectificationReport?: DeadlineRule;
}

/**
 * `supplement`: the follow-up (补充报告) to a rectification report that went up at its date with units still
 * rectifying (Art. 11 (3)). `national`: a round's own report to the national leading group, drafted by rounds that
 * started before the year's one national report (issue 34).
 */
export const roundReportKinds = ['consolidated', 'rectification', 'national', 'supplement'] as const;
export type RoundReportKind = (typeof roundReportKinds)[number];

export const CaseProgressSchema = Type.Object({
  seq: Type.Integer({ description: 'Grows with every report a case sends (signals may arrive out of order)' }),
  caseId: Type.String(),
  unit: TargetUnitSchema,
  stage: literals(supervisionStages),
  overdue: Type.Boolean(),
  findingsByContent: Type.Record(Type.String(), Type.Integer(), {
    description: 'Findings per Art. 9 key content (1–5)',
  }),
  /** Findings outside the five key contents ("other"; absent when none). */
  findingsOther: Type.Optional(Type.Integer()),
  /** Art. 5: findings that rest on a third-party assessment (absent when none). */
  findingsWithAssessment: Type.Optional(Type.Integer()),
  commended: Type.Boolean(),
  rectificationRequirements: Type.Array(Type.String()),
  rectificationLate: Type.Optional(Type.Boolean()),
  /** Art. 11 (2): requirements the leading group sent back after review, each time counted (absent when none). */
  rectificationSentBack: Type.Optional(Type.Integer()),
  inspectingCity: Type.Optional(Type.String()),
});
/** What a case of the round tells the round whenever it changes. */
export type CaseProgress = Static<typeof CaseProgressSchema>;

/** Art. 11: a report of the round, drafted by the system, signed by the leading group, then sent. */
export const RoundReportSchema = Type.Object({
  kind: literals(roundReportKinds),
  title: Type.String(),
  url: Type.String(),
  at: Type.String({ description: 'When the system drafted it' }),
  /** Absent: a report of a round from before sign-off was introduced (sent as drafted). */
  status: Type.Optional(
    literals(
      ['awaiting-signature', 'signed'] as const,
      'Drafted and waiting for the leading group, or signed and sent',
    ),
  ),
  to: Type.Optional(
    literals(['committee', 'office'] as const, 'Who receives it once signed (the office files the national report)'),
  ),
  draftSha256: Type.Optional(Type.String({ description: 'SHA-256 of the text the system drafted' })),
  signed: Type.Optional(
    Type.Object({
      ...Done,
      edited: Type.Boolean({ description: 'The leading group changed the draft before signing' }),
      sha256: Type.String({ description: 'SHA-256 of the text signed and sent' }),
      version: Type.String({ description: 'The stored text that was signed (the draft, or the edited text)' }),
      note: Type.Optional(Type.String()),
    }),
  ),
});
export type RoundReport = Static<typeof RoundReportSchema>;

/** What the leading group signs: a drafted report of the round, as the text the API stored (claim check). */
export const SignRoundReportInput = Type.Object({
  kind: literals(roundReportKinds),
  /** The text signed: the draft's version and hash, or the edited text the API stored. */
  version: Type.String({ maxLength: 64 }),
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});

export const SignRoundReportSchema = Type.Object({
  kind: literals(roundReportKinds),
  by: ActorSchema,
  /** The text signed: the draft's version and hash, or the edited text the API stored (claim check). */
  version: Type.String({ maxLength: 64 }),
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});
export type SignRoundReport = Static<typeof SignRoundReportSchema>;
/**
 * The same Update (`signReport`) in the shape it had before it joined the round's step table: who and the input in one
 * object, answered with the report as signed. Running rounds have it in their history; the round still takes it (see
 * `roundSteps`), so the API may send it until it sends the step call.
 */
export const signRoundReportUpdate = defineUpdate<RoundReport, [SignRoundReport]>('signReport');

/** Where a round stands: its stages, as its steps check them. */
export const roundStatuses = ['starting', 'field-work', 'rectification', 'closed', 'duplicate'] as const;
export type RoundStatus = (typeof roundStatuses)[number];
export const roundStatusLabels: Record<RoundStatus, string> = {
  starting: '启动中',
  'field-work': '督查中',
  rectification: '整改中',
  closed: '已办结',
  duplicate: '重复启动，未办理',
};

export const RoundProgressSchema = Type.Object(
  {
    roundId: Type.String(),
    workflowId: Type.String({ description: 'The round workflow (the schedule appends a timestamp)' }),
    year: Type.Integer(),
    n: Type.Optional(Type.Integer({ description: 'A further round of the year (2, 3 …); absent: the first' })),
    reason: Type.Optional(Type.String({ description: 'Why the leading group decided a further round' })),
    decidedBy: Type.Optional(ActorSchema),
    status: literals(roundStatuses),
    crossInspection: Type.Boolean(),
    assignments: Type.Array(Type.Object({ target: Type.String(), inspector: Type.String() }), {
      description: 'Art. 5: who inspects whom',
    }),
    cases: Type.Array(CaseProgressSchema),
    byStage: Type.Record(Type.String(), Type.Integer(), { description: 'How many cases are in each stage' }),
    overdue: Type.Array(Type.String(), { description: 'Units whose rectification is overdue' }),
    reports: Type.Array(RoundReportSchema),
    rectificationReportDue: Type.Optional(
      Type.Object(
        { dueAt: Type.String(), label: Type.String() },
        { description: 'Art. 11 (3): when the rectification report goes up, whether or not every unit has finished' },
      ),
    ),
    notifications: Type.Array(NotificationRecordSchema),
    note: Type.Optional(Type.String()),
  },
  { $id: 'RoundProgress' },
);
export type RoundProgress = Static<typeof RoundProgressSchema>;

export const caseProgressSignal = defineSignal<[CaseProgress]>('caseProgress');
export const roundProgressQuery = defineQuery<RoundProgress>('roundProgress');

/**
 * Art. 11 (ours, DOMAIN.md): the round's one human step. A report goes up only once the leading group has signed it;
 * the API stores the text signed first (the draft, or the edited text), so the step is internal (no route of its own:
 * POST /supervision-rounds/{round}/reports/{kind}/signature stores, then takes it).
 */
export const roundSteps = defineSteps<RoundStatus>()({
  signReport: {
    path: 'reports/:kind/signature',
    input: SignRoundReportInput,
    roles: ['leading-group'],
    stages: ['field-work', 'rectification'],
    internal: true,
    summary: 'Art. 11 (ours): the leading group signs a report the round drafted; then it goes up (审签)',
  },
});
