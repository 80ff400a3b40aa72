/**
 * The one step every kind of case with deadlines has: the leading group or the office moves a deadline later,
 * with a reason; the timers follow the new date. A term the measures fix (the policy's `fixedByMeasures`) is the
 * leading group's to extend, on the unit's request (extension-requests.ts); the office extends its own working
 * deadlines only.
 */
import { Type } from '@sinclair/typebox';
import { patched } from '@temporalio/workflow';
import type { StepSpec } from '../engine/contract';
import type { DeadlineBoard } from '../engine/deadlines';
import { LocalDate, Text, isOpenTrack } from '../engine/schemas';
import type { DeadlineTrack } from '../engine/schemas';
import type { StepHandler } from '../engine/steps';
import type { CaseLimits, SubmissionKind } from '../domain';
import { isCourtesy } from '../domain';
import { chineseDate, limitProblem, required } from '../engine/texts';

export const extendDeadlineInput = Type.Object({
  key: Type.String({
    pattern: '^[a-z0-9-]{1,40}$',
    description: 'The deadline, as the record names it (`rectification`)',
  }),
  dueDate: LocalDate,
  reason: Text('延期理由', 200),
});

/** The extension step, open in the stages where a kind can have deadlines. */
export function extendDeadlineStep<S extends string>(stages: readonly S[]) {
  return {
    path: 'deadlines/:key/extension',
    input: extendDeadlineInput,
    roles: ['leading-group', 'office'],
    stages,
    summary: 'Extend a deadline with a reason (延期); the timers follow the new date',
    description:
      "Art. 11, 16 (2): a term the measures fix (`fixedByMeasures` in the deadline policy) only the leading group extends, normally on the unit's request (`extension-request`); the office extends its own working deadlines only.",
  } as const satisfies StepSpec<S>;
}

/**
 * Kinds the measures fix, for a case whose policy was read before the policy said so (`fixedByMeasures` absent): the
 * compiled-in defaults of lib/calendar/deadline-policy.ts.
 */
const fixedBeforeThePolicySaidSo: readonly SubmissionKind[] = [
  'patrol-rectification',
  'supervision-rectification',
  'rectification-resubmission',
];

/** Whether the measures fix this deadline's term (Art. 11, 16 (2)): the case's policy says so. */
export function fixedByMeasures(deadlines: DeadlineBoard, key: string): boolean {
  const track = deadlines.get(key);
  if (!track) return false;
  const said = deadlines.currentPolicy?.[track.kind]?.fixedByMeasures;
  return said ?? fixedBeforeThePolicySaidSo.includes(track.kind);
}

/** A deadline extended as often as the case's limits allow is extended no more (by the office or on request). */
export const atExtensionLimit = (track: DeadlineTrack, limits: CaseLimits): string | undefined =>
  limitProblem(track.extensions.length, limits.extensionsPerDeadline, `${track.label}的延期`);

/** A new date must come after the current one. */
export const notLater = (track: DeadlineTrack, date: string): string | undefined =>
  date <= track.deadline.dueDate ? `新的期限须晚于原期限（${chineseDate(track.deadline.dueDate)}）` : undefined;

export function extendDeadlineHandler(
  deadlines: DeadlineBoard,
  limits: () => CaseLimits,
): StepHandler<typeof extendDeadlineInput.static> {
  // Issue 34 item 3: cases that began before this rule replay as they ran (the office extended any deadline).
  const officeOwnOnly = patched('extension-requests');
  return {
    allow: (by, d) =>
      officeOwnOnly && by.role === 'office' && fixedByMeasures(deadlines, d.key)
        ? `${deadlines.get(d.key)!.label}的期限由《办法》规定，延期须由整改单位申请、领导小组决定；领导小组办公室只能延长本办公室确定的工作期限`
        : undefined,
    conflict: (d) => {
      const t = deadlines.get(d.key);
      if (!t) return '没有这项期限';
      if (t.status === 'closed') return `${t.label}已不再要求提交，无需延期`;
      return !isOpenTrack(t) ? `${t.label}已提交，无需延期` : undefined;
    },
    check: (d) => {
      const track = deadlines.get(d.key)!;
      return atExtensionLimit(track, limits()) ?? required(d.reason, '延期理由') ?? notLater(track, d.dueDate);
    },
    apply: async (d, by) => {
      const deadline = await deadlines.dateDeadline(d.dueDate);
      deadlines.extend(d.key, deadline, d.reason, by);
    },
  };
}

export const followUpInput = Type.Object({
  key: extendDeadlineInput.properties.key,
  note: Text('跟进情况', 500),
});

/**
 * The office records how it followed up an acknowledgement a body outside the leading group's line has not given
 * (DOMAIN.md, Art. 16: asked, reminded, followed up; never escalated).
 */
export function followUpStep<S extends string>(stages: readonly S[]) {
  return {
    path: 'deadlines/:key/follow-up',
    input: followUpInput,
    roles: ['office'],
    stages,
    summary: 'Art. 16 (ours): the office records its follow-up of an acknowledgement not yet given (跟进)',
    description:
      'For the acknowledgements of the discipline commission and the procuratorate, which are not subordinate to the leading group: past the date, the office has a follow-up task; this records what it did and ends the task.',
  } as const satisfies StepSpec<S>;
}

export function followUpHandler(deadlines: DeadlineBoard): StepHandler<typeof followUpInput.static> {
  return {
    conflict: (d) => {
      const t = deadlines.get(d.key);
      if (!t || !isCourtesy(t.kind)) return '没有需要跟进的签收事项';
      return !isOpenTrack(t) ? `${t.label}已办理，无需跟进` : undefined;
    },
    check: (d) => required(d.note, '跟进情况'),
    apply: (d, by) => deadlines.followUp(d.key, d.note, by),
  };
}
