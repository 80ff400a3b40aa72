/**
 * What a patrol or a supervision cites besides its own findings (Art. 5, 12): public reports the office links as
 * grounds, never with the reporter or their words; third-party assessments a finding rests on.
 */
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { defineSignal } from '@temporalio/workflow';
import { Done, assessmentIdPattern } from '../engine/schemas';

/** A public report as a case's grounds cite it. */
export const ReportCitationSchema = Type.Object({
  reportId: Type.String(),
  /** The day the report came in (Asia/Shanghai). */
  receivedOn: Type.String(),
  /** The office's summary at registration. */
  summary: Type.String(),
  ...Done,
});
export type ReportCitation = Static<typeof ReportCitationSchema>;

/** A report cites itself in an open patrol or supervision (the office's `link`); the case adds it to its grounds. */
export const reportCitedSignal = defineSignal<[ReportCitation]>('reportCited');

/** Art. 5 (明察暗访): a case, marked when its group is formed. */
export const Unannounced = Type.Boolean({
  description: 'Art. 5: unannounced (暗访): nothing goes to the unit, which cannot see the case until feedback',
});

/** Art. 5: the assessment of the register a finding rests on (GET /assessments). */
export const AssessmentId = Type.String({
  pattern: assessmentIdPattern,
  description: 'Art. 5: a third-party assessment of the register (GET /assessments) the finding rests on',
});
