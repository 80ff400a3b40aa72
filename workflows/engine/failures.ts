import { ApplicationFailure } from '@temporalio/workflow';

/**
 * Failure types a validator or workflow raises for a refused human step. The API maps each type to an
 * HTTP status (api/plugins/app/errors.ts), so the message reaches the caller unchanged.
 */
export const refusalTypes = {
  /** The step is not possible in the case's current stage, or was done already → 409. */
  outOfOrder: 'StepOutOfOrder',
  /** The input breaks a rule of the measures (e.g. a rejection without a reason) → 422. */
  invalid: 'InvalidStepInput',
  /** The caller's role or unit may not take this step → 403. */
  notAllowed: 'StepNotAllowed',
  /** An `Idempotency-Key` already used for another step or another body → 422. */
  keyReused: 'IdempotencyKeyReused',
  /**
   * The step reached the case after the time its caller was told to wait (no worker was there to take it): it is not
   * applied behind the caller's back, who heard 503 and may send it again → 503.
   */
  expired: 'StepExpired',
  /**
   * The caller may not see the case (it does not name their party, docs/need-to-know.md): answered exactly as a case
   * that does not exist → 404, with the API's own message for the kind, never this one.
   */
  unseen: 'CaseUnseen',
} as const;

export type RefusalType = (typeof refusalTypes)[keyof typeof refusalTypes];

export function refuse(type: RefusalType, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

/** Permanent activity failures (never retried); everything else an activity throws is retried with backoff. */
export const permanentFailureTypes = {
  /** A recipient the channel will never accept (SMTP 5xx, webhook 4xx). Recorded on the case; the case goes on. */
  invalidRecipient: 'InvalidRecipient',
  /** A working-day rule reached a year without a loaded holiday schedule. */
  calendarYearNotCovered: 'CalendarYearNotCovered',
  /** A deadline input that cannot be computed (bad date, bad rule). */
  invalidDeadline: 'InvalidDeadline',
} as const;

/**
 * A workflow's input must be an object: a forged start whose input was not sealed reaches the workflow as a marker
 * (lib/infra/codec.ts), and the workflow fails at once instead of acting on it.
 */
export function assertInput(input: unknown): void {
  if (typeof input !== 'object' || input === null) {
    throw ApplicationFailure.create({ type: 'InputRefused', message: 'workflow input refused', nonRetryable: true });
  }
}

/**
 * The application failure behind an activity's failure (`UnknownUnit`, `AssessmentNotFound`), read from
 * the failure chain rather than by class, which the failure converter may rebuild.
 */
export function applicationFailureOf(err: unknown): { type: string; message: string } | undefined {
  for (let e = err as { type?: unknown; message?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.type === 'string') return { type: e.type, message: typeof e.message === 'string' ? e.message : '' };
  }
  return undefined;
}

export const failureType = (err: unknown): string | undefined => applicationFailureOf(err)?.type;
