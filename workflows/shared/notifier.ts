import {
  ActivityFailure,
  ApplicationFailure,
  proxyActivities,
  proxyLocalActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities, Notification } from '../../activities';
import { permanentFailureTypes } from './failures';
import type { NotificationRecord } from './schemas';

// Planning (the routes, the log line) is the worker's own bookkeeping: a local activity, one marker in history. A
// delivery is a real activity of its own, retried with backoff for as long as its channel is down.
const { planNotification } = proxyLocalActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const DELIVERY_RETRY = { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' } as const;
const { deliverEmail, deliverWebhook } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { ...DELIVERY_RETRY, nonRetryableErrorTypes: [permanentFailureTypes.invalidRecipient] },
});

/**
 * Sends notifications without holding up the case: each runs in the background, its outcome lands on the
 * case record, and `drain()` waits for all before the workflow ends. A recipient that can never be reached
 * is recorded as failed; it does not fail the case.
 */
export class Notifier {
  private readonly pending = new Set<Promise<void>>();

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
    const job = this.deliver({ ...n, body, caseId, notificationId }, record).finally(() => this.pending.delete(job));
    this.pending.add(job);
    return notificationId;
  }

  async drain(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  private async deliver(n: Notification, record: NotificationRecord): Promise<void> {
    const deliveries = await planNotification.executeWithOptions({ summary: `通知 ${n.subject}` }, [n]);
    if (!deliveries.length) return; // only the log line: nothing on the record changes
    record.deliveries = deliveries.map((d) => ({ ...d, status: 'sending' as const }));
    this.onChange();
    await Promise.all(
      deliveries.map(async (d, i) => {
        const entry = record.deliveries[i]!;
        try {
          if (d.channel === 'email')
            await deliverEmail.executeWithOptions({ summary: `邮件 ${d.target}：${n.subject}` }, [n, d.target]);
          else await deliverWebhook.executeWithOptions({ summary: `Webhook ${d.target}：${n.subject}` }, [n, d.target]);
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
