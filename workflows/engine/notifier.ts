import type { ActivityOptions } from '@temporalio/workflow';
import { RetryState } from '@temporalio/common';
import {
  ActivityFailure,
  ApplicationFailure,
  patched,
  proxyActivities,
  proxyLocalActivities,
  TimeoutFailure,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities, Delivery, DeliveryAttempts, DeliveryPlan, Notification } from '../../activities';
import { channelLabels } from '../domain';
import { permanentFailureTypes } from './failures';
import { robotTaskQueue } from './robot-queue';
import type { NotificationRecord } from './schemas';

// Planning (the routes, the log line) is the worker's own bookkeeping: a local activity, one marker in history. A
// delivery is a real activity of its own, retried with backoff for as long as its channel is down.
const { planNotification } = proxyLocalActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const DELIVERY_RETRY = { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' } as const;
const DELIVERY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { ...DELIVERY_RETRY, nonRetryableErrorTypes: [permanentFailureTypes.invalidRecipient] },
};

/**
 * The delivery activities, each channel tried for at most `giveUpAfterMs` (the routes file's `giveUpAfter`; absent
 * for notices planned before it existed, which are tried until they pass). A robot's deliveries run on the robot's own
 * rate-limited task queue (robot-queue.ts).
 */
const deliveries = (giveUpAfterMs: number | undefined, robot?: string) =>
  proxyActivities<ReturnType<typeof createActivities>>({
    ...DELIVERY_OPTIONS,
    ...(giveUpAfterMs ? { scheduleToCloseTimeout: giveUpAfterMs } : {}),
    ...(robot ? { taskQueue: robotTaskQueue(workflowInfo().taskQueue, robot) } : {}),
  });

/** What a notice carries once planned: how long each channel is tried. */
type Planned = Notification & { giveUpAfterMs?: number };

/** The attempts a delivery's failure reports (its details, or its last attempt's when it was given up). */
function attemptsOf(err: unknown): number | undefined {
  for (let f: unknown = err; f instanceof Error; f = f.cause) {
    const d = f instanceof ApplicationFailure ? (f.details?.[0] as Partial<DeliveryAttempts> | undefined) : undefined;
    if (typeof d?.attempts === 'number') return d.attempts;
  }
  return undefined;
}

/** Why a delivery failed: the channel's last answer, and whether it was given up after trying for the set time. */
function reasonOf(err: unknown): string {
  let reason = '';
  let gaveUp = false;
  for (let f: unknown = err; f instanceof Error; f = f.cause) {
    if (f instanceof TimeoutFailure || (f instanceof ActivityFailure && f.retryState === RetryState.TIMEOUT))
      gaveUp = true;
    if (f instanceof ApplicationFailure) reason = f.message;
  }
  reason ||= err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
  return gaveUp ? `gave up after retrying: ${reason}` : reason;
}

/** Old histories planned a notice as a bare list of deliveries. */
const planOf = (plan: DeliveryPlan | Delivery[]): Partial<DeliveryPlan> & { deliveries: Delivery[] } =>
  Array.isArray(plan) ? { deliveries: plan } : plan;

/**
 * Sends notifications without holding up the case: each runs in the background, its outcome lands on the
 * case record, and `drain()` waits for all before the workflow ends. A recipient that can never be reached
 * is recorded as failed; it does not fail the case. A notice that failed on every channel (催办未送达) is marked on its
 * record and kept whole until the office handles it (`handle()`): sent again, or the addressee reached another way.
 * Notices still on their way or waiting for the office when a case continues as a new run are carried over
 * (`inFlight()`, `resume()`) under the same ids.
 */
export class Notifier {
  private readonly pending = new Set<Promise<void>>();
  /** The notices not delivered yet, whole (the record keeps only their subject). */
  private readonly unsent = new Map<string, Planned>();
  /** The notices that failed on every channel, whole, until the office handles them. */
  private readonly stranded = new Map<string, Planned>();

  constructor(
    private readonly records: NotificationRecord[],
    private readonly onChange: () => void,
    /** A closing line every notice carries (the case and its current stage), so a notice stands on its own. */
    private readonly footer: () => string = () => '',
    /** A notice failed on every channel (after `onChange`): the case gives the office its task. */
    private readonly onUndelivered: (record: NotificationRecord) => void = () => undefined,
  ) {}

  /** `key` names the notification within the case (stable across replays); the id is `caseId:key`. */
  send(key: string, n: Omit<Notification, 'caseId' | 'notificationId'>): string {
    const caseId = workflowInfo().workflowId;
    const notificationId = `${caseId}:${key}`;
    const record: NotificationRecord = {
      notificationId,
      at: new Date().toISOString(),
      to: n.to,
      subject: n.subject,
      deliveries: [],
    };
    this.records.push(record);
    const footer = this.footer();
    const body = footer ? `${n.body}\n${footer}` : n.body;
    this.start({ ...n, body, caseId, notificationId }, record, false);
    return notificationId;
  }

  /** The notices still on their way or waiting for the office, to carry into the next run. */
  inFlight(): Notification[] {
    return [...this.unsent.values(), ...this.stranded.values()];
  }

  /** Go on delivering what a previous run had not delivered yet (same ids: receivers de-duplicate). */
  resume(notices: Notification[]): void {
    for (const n of notices) {
      const record = this.records.find((r) => r.notificationId === n.notificationId);
      if (!record) continue;
      if (record.undelivered && !record.undelivered.handled) this.stranded.set(n.notificationId, n);
      else this.start(n, record, record.deliveries.length > 0);
    }
  }

  /** Whether a notice that failed on every channel waits for the office (催办未送达). */
  get waitingForOffice(): boolean {
    return this.stranded.size > 0;
  }

  /** A notice that failed on every channel and waits for the office (by its number on the record, from 1). */
  undelivered(no: number): NotificationRecord | undefined {
    const record = this.records[no - 1];
    return record && this.stranded.has(record.notificationId) ? record : undefined;
  }

  /**
   * The office handles a notice that failed on every channel: `resend` tries its failed channels again (a new task if
   * they fail again); `reached`, the addressee was told another way.
   */
  handle(no: number, handled: NonNullable<NotificationRecord['undelivered']>['handled'] & object): void {
    const record = this.undelivered(no);
    if (!record) throw new Error(`notice ${no} does not wait for the office`);
    record.undelivered!.handled = handled;
    const n = this.stranded.get(record.notificationId)!;
    this.stranded.delete(record.notificationId);
    if (handled.how === 'resend') {
      for (const entry of record.deliveries) {
        if (entry.status !== 'failed') continue;
        entry.status = 'sending';
        delete entry.error;
        delete entry.settledAt;
        delete entry.attempts;
      }
      this.start(n, record, true);
    }
    this.onChange();
  }

  async drain(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  private start(n: Planned, record: NotificationRecord, planned: boolean): void {
    this.unsent.set(n.notificationId, n);
    const job = this.deliver(n, record, planned).finally(() => {
      this.pending.delete(job);
      this.unsent.delete(n.notificationId);
    });
    this.pending.add(job);
  }

  private async deliver(notice: Planned, record: NotificationRecord, planned: boolean): Promise<void> {
    let n = notice;
    if (!planned) {
      const plan = planOf(await planNotification.executeWithOptions({ summary: `通知 ${n.subject}` }, [n]));
      if (!plan.deliveries.length) return; // only the log line: nothing on the record changes
      if (plan.giveUpAfterMs) n = { ...n, giveUpAfterMs: plan.giveUpAfterMs };
      this.unsent.set(n.notificationId, n);
      record.deliveries = plan.deliveries.map((d) => ({ ...d, status: 'sending' as const }));
      this.onChange();
    }
    const { giveUpAfterMs, ...message } = n;
    const channels = deliveries(giveUpAfterMs);
    await Promise.all(
      record.deliveries.map(async (entry) => {
        if (entry.status !== 'sending') return;
        try {
          // Older histories' deliveries answered nothing.
          let done: DeliveryAttempts | void;
          const named = { summary: `${channelLabels[entry.channel]} ${entry.target}：${n.subject}` };
          if (entry.channel === 'email')
            done = await channels.deliverEmail.executeWithOptions(named, [message, entry.target]);
          else if (entry.channel === 'sms') done = await channels.deliverSms.executeWithOptions(named, [message]);
          else if (entry.channel === 'dingtalk' || entry.channel === 'wecom')
            done = await deliveries(giveUpAfterMs, entry.target).deliverRobot.executeWithOptions(named, [
              message,
              entry.target,
            ]);
          else done = await channels.deliverWebhook.executeWithOptions(named, [message, entry.target]);
          entry.status = 'delivered';
          if (done?.attempts) entry.attempts = done.attempts;
        } catch (err) {
          entry.status = 'failed';
          entry.error = reasonOf(err);
          const attempts = attemptsOf(err);
          if (attempts) entry.attempts = attempts;
        }
        entry.settledAt = new Date().toISOString();
        this.onChange();
      }),
    );
    // Cases whose notices failed everywhere before the office had this task keep their history (replay).
    const failedEverywhere = record.deliveries.length && record.deliveries.every((d) => d.status === 'failed');
    if (failedEverywhere && patched('undelivered-notices')) {
      record.undelivered = { at: new Date().toISOString() };
      this.stranded.set(n.notificationId, n);
      this.onChange();
      this.onUndelivered(record);
    }
  }
}
