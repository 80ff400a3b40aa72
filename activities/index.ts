import type { NotificationDeps } from './notifications';
import { createNotificationActivities } from './notifications';

export type ActivityDeps = NotificationDeps;

/**
 * All activities, built from their dependencies (loggers, channels, registries) so tests can hand in
 * real local servers. The workflows proxy `ReturnType<typeof createActivities>`.
 *
 * @example
 * const activities = createActivities({ logger: pino() });
 * await Worker.create({ connection, taskQueue, workflowsPath, activities });
 */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createNotificationActivities(deps),
  };
}

export type { Notification, NotificationReceipt } from './notifications';
