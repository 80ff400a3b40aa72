/**
 * A child that tells its parent where it stands (a supervision its round, a nomination its award round): by a signal,
 * only when what it reports has changed, numbered so the parent drops reports that arrive out of order. A parent that
 * has ended no longer listens, and the child goes on. The sequence is carried from run to run.
 */
import { getExternalWorkflowHandle } from '@temporalio/workflow';
import type { SignalDefinition } from '@temporalio/workflow';

export interface ProgressState {
  seq: number;
  lastProgress: string;
}

export class ProgressReporter<T extends object> {
  private readonly signals = new Set<Promise<void>>();
  private seq: number;
  private lastProgress: string;

  constructor(
    private readonly signal: SignalDefinition<[T & { seq: number }]>,
    carried?: ProgressState,
  ) {
    this.seq = carried?.seq ?? 0;
    this.lastProgress = carried?.lastProgress ?? '';
  }

  /** Whether a report is still on its way. */
  get signalling(): boolean {
    return this.signals.size > 0;
  }

  report(parentWorkflowId: string, progress: T): void {
    const fingerprint = JSON.stringify(progress);
    if (fingerprint === this.lastProgress) return;
    this.lastProgress = fingerprint;
    const sent = getExternalWorkflowHandle(parentWorkflowId)
      .signal(this.signal, { ...progress, seq: ++this.seq })
      .catch(() => undefined) // a parent that has ended no longer listens; the child goes on
      .finally(() => this.signals.delete(sent));
    this.signals.add(sent);
  }

  /** Wait until every report has been sent (before the workflow ends). */
  async drain(): Promise<void> {
    while (this.signals.size) await Promise.all([...this.signals]);
  }

  state(): ProgressState {
    return { seq: this.seq, lastProgress: this.lastProgress };
  }
}
