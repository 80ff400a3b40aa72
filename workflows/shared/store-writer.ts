/**
 * A case writes itself to the case store (lib/store) at every change a reader can see: one write at a time, always the
 * latest revision, and never in the middle of a step (a step that waits for a deadline's computation has changed
 * only half of what it will change; the write comes when it has finished, so one step costs one write). The write is
 * a local activity: the record travels as its input, which history does not keep, so a write costs one small marker.
 * A store that does not answer makes the write fail after half a minute; the case goes on and tries again later,
 * waiting longer each time (up to a minute), and the next write brings the store up to date.
 */
import { allHandlersFinished, condition, proxyLocalActivities, sleep } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import type { CaseSnapshot } from '../../lib/store/case-store';

const { saveCase } = proxyLocalActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '10 seconds',
  scheduleToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '5 seconds' },
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
