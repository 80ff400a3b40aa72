/**
 * The year's rectification across all patrols (Art. 16 (3)): the leading group aggregates rectification and reports
 * to the committee, and what can be made public is published. The system drafts the report from the case store, the
 * leading group signs it (as drafted or edited) and decides whether the aggregate of what it marked public goes on the
 * bulletin; then the report goes to the committee. Read by its workflow, the drafting activity and the API.
 */
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../domain';
import { defineSteps } from '../engine/contract';
import { ActorSchema, Done, Instant, NotificationRecordSchema, literals } from '../engine/schemas';

export interface YearlyReportInput {
  year: number;
  draftedBy: Actor;
  /**
   * `national`: the year's report to the national leading group (开展督查工作情况, issue 34), over every round and
   * special supervision of the year; the same steps (drafted, redrafted until signed, signed), filed by the office.
   * Absent: the patrol rectification report.
   */
  subject?: 'national';
}

/** Where the report stands: its stages, as its step checks them. */
export const yearlyReportStatuses = ['awaiting-signature', 'sent'] as const;
export type YearlyReportStatus = (typeof yearlyReportStatuses)[number];
export const yearlyReportStatusLabels: Record<YearlyReportStatus, string> = {
  'awaiting-signature': '待领导小组审签',
  sent: '已报送',
};

export const YearlyReportSchema = Type.Object(
  {
    reportId: Type.String({ description: '`patrol-rectification-report-2026`, `national-report-2026`' }),
    subject: Type.Optional(literals(['national'] as const, "The year's report to the national leading group")),
    covers: Type.Optional(
      Type.Object(
        { rounds: Type.Array(Type.String()), specialSupervisions: Type.Integer() },
        { description: 'The national report: the rounds and the number of special supervisions it covers' },
      ),
    ),
    year: Type.Integer(),
    status: literals(
      yearlyReportStatuses,
      'Drafted and waiting for the leading group, or signed and sent to the committee',
    ),
    title: Type.String(),
    url: Type.String({ description: 'The text (Chinese Markdown); the committee reads it once signed' }),
    draftedBy: ActorSchema,
    at: Instant,
    draftSha256: Type.String(),
    /** How many times it was drafted again before signing (absent: drafted once). */
    redrafts: Type.Optional(Type.Integer()),
    patrols: Type.Integer({
      description: 'Patrols of the year whose feedback was issued (the report covers them; 0 in the national report)',
    }),
    publishable: Type.Integer({ description: 'Of them, patrols whose rectification the leading group made public' }),
    signed: Type.Optional(
      Type.Object({
        ...Done,
        edited: Type.Boolean({ description: 'The leading group changed the draft before signing' }),
        sha256: Type.String(),
        version: Type.String({ description: 'The stored text that was signed (the draft, or the edited text)' }),
        note: Type.Optional(Type.String()),
        publish: Type.Boolean({ description: 'Publish the aggregate of what was made public on the bulletin' }),
      }),
    ),
    publication: Type.Optional(Type.Object({ at: Instant, url: Type.String() })),
    notifications: Type.Array(NotificationRecordSchema),
  },
  { $id: 'YearlyRectificationReport' },
);
export type YearlyReport = Static<typeof YearlyReportSchema>;

/** What the leading group signs: the text the API stored (claim check), and whether the aggregate is published. */
export const SignYearlyReportInput = Type.Object({
  version: Type.String({ maxLength: 64 }),
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  note: Type.Optional(Type.String({ maxLength: 500 })),
  publish: Type.Boolean(),
});

export const SignYearlyReportSchema = Type.Object({
  by: ActorSchema,
  version: Type.String({ maxLength: 64 }),
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  note: Type.Optional(Type.String({ maxLength: 500 })),
  publish: Type.Boolean(),
});
export type SignYearlyReport = Static<typeof SignYearlyReportSchema>;

/**
 * The same Update (`signReport`) in the shape it had before it joined the report's step table: who and the input in
 * one object, answered with the report. Running reports have it in their history; the workflow still takes it (see
 * `yearlyReportSteps`), so the API may send it until it sends the step call.
 */
export const signYearlyReportUpdate = defineUpdate<YearlyReport, [SignYearlyReport]>('signReport');
export const yearlyReportQuery = defineQuery<YearlyReport>('yearlyReport');

/**
 * Issue 34: until the leading group has signed it, the office or the leading group has the report drafted again from
 * the case store as it stands (patrols that came in since, rectification reviewed since); once signed it stays.
 */
export const redraftYearlyReportUpdate = defineUpdate<YearlyReport, [{ by: Actor }]>('redraft');

/**
 * Art. 16 (3): the report's one human step. The API stores the text signed first (the draft, or the edited text), so
 * the step is internal (no route of its own: POST /patrol-rectification-reports/{year}/signature stores, then takes it).
 */
export const yearlyReportSteps = defineSteps<YearlyReportStatus>()({
  signReport: {
    path: 'signature',
    input: SignYearlyReportInput,
    roles: ['leading-group'],
    stages: ['awaiting-signature'],
    internal: true,
    summary: 'Art. 16 (3) (ours): the leading group signs the report and decides on publishing the aggregate (审签)',
  },
});
