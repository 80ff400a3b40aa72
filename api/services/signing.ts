/**
 * What the leading group signs (Art. 11, 16 (3)), shared by the round's reports and the year's patrol rectification
 * report: the draft as it is, or the text it edited, stored first under its own name so that the draft stays as it was
 * and the edit is on record; then the signing Update, whose refusal (signed already, not drafted) answers 409.
 */
import type { Client } from '@temporalio/client';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { applicationFailureOf } from '../../workflows/engine/failures';
import { HttpRefusal } from '../refusal';

/** The version signed: `kind` and the draft's hash, or the edited text stored as `kind@hash16` with its hash. */
export { signedVersion } from '../../lib/documents/reports';

/** A signing Update, within the step wait; the workflow's refusal answers 409. */
export async function signing<T>(client: Client, waitMs: number, update: () => Promise<T>): Promise<T> {
  try {
    return await client.withDeadline(Date.now() + waitMs, update);
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError)
      throw new HttpRefusal(
        409,
        applicationFailureOf(err)?.message || err.cause?.message || '该报告不能签发',
        'ReportNotAwaitingSignature',
      );
    throw err;
  }
}
