import type { ActivityOptions } from '@temporalio/workflow';
import {
  ActivityFailure,
  ApplicationFailure,
  proxyActivities,
  proxyLocalActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities, Notification } from '../../activities';
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
const { deliverEmail, deliverSms, deliverWebhook } =
  proxyActivities<ReturnType<typeof createActivities>>(DELIVERY_OPTIONS);

/** A robot's deliveries, on the robot's own rate-limited task queue (robot-queue.ts). */
const deliverRobotVia = (robot: string) =>
  proxyActivities<ReturnType<typeof createActivities>>({
    ...DELIVERY_OPTIONS,
    taskQueue: robotTaskQueue(workflowInfo().taskQueue, robot),
  }).deliverRobot;

/**
 * Sends notifications without holding up the case: each runs in the background, its outcome lands on the
 * case record, and `drain()` waits for all before the workflow ends. A recipient that can never be reached
 * is recorded as failed; it does not fail the case. Notices still on their way when a case continues as a new run
 * are carried over (`inFlight()`, `resume()`) and delivered there under the same ids.
 */
export class Notifier {
  private readonly pending = new Set<Promise<void>>();
  /** The notices not delivered yet, whole (the record keeps only their subject). */
  private readonly unsent = new Map<string, Notification>();

  constructor(
    private readonly records: NotificationRecord[],
    private readonly onChange: () => void,
    /** A closing line every notice carries (the case and its current stage), so a notice stands on its own. */
    private readonly footer: () => string = () => '',
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

  /** The notices still on their way, to carry into the next run. */
  inFlight(): Notification[] {
    return [...this.unsent.values()];
  }

  /** Go on delivering what a previous run had not delivered yet (same ids: receivers de-duplicate). */
  resume(notices: Notification[]): void {
    for (const n of notices) {
      const record = this.records.find((r) => r.notificationId === n.notificationId);
      if (record) this.start(n, record, record.deliveries.length > 0);
    }
  }

  async drain(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  private start(n: Notification, record: NotificationRecord, planned: boolean): void {
    this.unsent.set(n.notificationId, n);
    const job = this.deliver(n, record, planned).finally(() => {
      this.pending.delete(job);
      this.unsent.delete(n.notificationId);
    });
    this.pending.add(job);
  }

  private async deliver(n: Notification, record: NotificationRecord, planned: boolean): Promise<void> {
    if (!planned) {
      const deliveries = await planNotification.executeWithOptions({ summary: `通知 ${n.subject}` }, [n]);
      if (!deliveries.length) return; // only the log line: nothing on the record changes
      record.deliveries = deliveries.map((d) => ({ ...d, status: 'sending' as const }));
      this.onChange();
    }
    await Promise.all(
      record.deliveries.map(async (entry) => {
        if (entry.status !== 'sending') return;
        try {
          if (entry.channel === 'email')
            await deliverEmail.executeWithOptions({ summary: `邮件 ${entry.target}：${n.subject}` }, [n, entry.target]);
          else if (entry.channel === 'sms')
            await deliverSms.executeWithOptions({ summary: `短信 ${entry.target}：${n.subject}` }, [n]);
          else if (entry.channel === 'dingtalk' || entry.channel === 'wecom')
            await deliverRobotVia(entry.target).executeWithOptions(
              { summary: `${entry.channel === 'dingtalk' ? '钉钉' : '企业微信'} ${entry.target}：${n.subject}` },
              [n, entry.target],
            );
          else
            await deliverWebhook.executeWithOptions({ summary: `Webhook ${entry.target}：${n.subject}` }, [
              n,
              entry.target,
            ]);
          entry.status = 'delivered';
        } catch (err) {
          const cause = err instanceof ActivityFailure ? err.cause : err;
          entry.status = 'failed';
          entry.error = cause instanceof ApplicationFailure || cause instanceof Error ? cause.message : String(cause);
        }
        this.onChange();
      }),
    );
  }
}
