/**
 * A case writes itself to the case store (lib/store) at every change a reader can see: one write at a time, always the
 * latest revision, and never in the middle of a step (a step that waits for a deadline's computation has changed
 * only half of what it will change; the write comes when it has finished, so one step costs one write). The write is
 * a local activity: the record travels as its input, which history does not keep, so a write costs one small marker.
 * A store that does not answer makes the write fail at once (or after 5 s); the case goes on and tries again later on a
 * durable timer, waiting longer each time (10 s, then up to a minute), and the next write brings the store up to date.
 */
import { allHandlersFinished, condition, proxyLocalActivities, sleep } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import type { CaseSnapshot } from '../../lib/store/case-store';

// One attempt per write: a local activity's retries run inside the workflow task, which would hold every step's answer
// while the store is down. A failed write waits on a durable timer instead (below), which holds nothing.
const { saveCase } = proxyLocalActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '5 seconds',
  retry: { maximumAttempts: 1 },
});

const FIRST_PAUSE_MS = 10_000;
const LONGEST_PAUSE_MS = 60_000;

export class StoreWriter {
  private written = -1;
  private writing = false;
  private started = false;

  constructor(
    private readonly snapshot: () => CaseSnapshot,
    /** The record's current revision (cheap: conditions ask it often). */
    private readonly revision: () => number,
  ) {}

  /** Something a reader can see changed: it is written once no step is half-way. */
  changed(): void {
    if (this.started) return;
    this.started = true;
    void this.run();
  }

  /** Wait until the store holds the latest revision (before the case completes or continues as a new run). */
  async flush(): Promise<void> {
    this.changed();
    await condition(() => !this.writing && this.written >= this.revision());
  }

  private async run(): Promise<void> {
    let pause = FIRST_PAUSE_MS;
    for (;;) {
      await condition(() => this.revision() > this.written && allHandlersFinished());
      this.writing = true;
      const latest = this.snapshot();
      try {
        await saveCase(latest);
        this.written = latest.record.revision;
        pause = FIRST_PAUSE_MS;
      } catch {
        await sleep(pause);
        pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
      } finally {
        this.writing = false;
      }
    }
  }
}
