import type { Logger } from 'pino';
import type { Role } from '../workflows/domain';

/** One message to one audience. The id is stable across retries so receivers can de-duplicate. */
export interface Notification {
  notificationId: string;
  caseId: string;
  to: { role: Role; unit?: string; group?: string };
  /** Chinese subject line. */
  subject: string;
  /** Chinese body text. */
  body: string;
}

export interface NotificationReceipt {
  notificationId: string;
  /** Channels that accepted the message. */
  delivered: string[];
}

export interface NotificationDeps {
  logger: Logger;
}

/**
 * Delivers notifications. Every notification is always written as a structured log line
 * (the channel that cannot be down); e-mail and webhook channels join here.
 */
export function createNotificationActivities({ logger }: NotificationDeps) {
  return {
    // eslint-disable-next-line @typescript-eslint/require-await -- activities are async by contract
    async notify(n: Notification): Promise<NotificationReceipt> {
      logger.info(
        { notification: n, channel: 'log' },
        `通知 ${n.to.role}${n.to.unit ? `:${n.to.unit}` : ''}：${n.subject}`,
      );
      return { notificationId: n.notificationId, delivered: ['log'] };
    },
  };
}
