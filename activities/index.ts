import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import { ChineseCalendar } from '../lib/calendar/calendar';
import { loadDeadlinePolicy } from '../lib/calendar/deadline-policy';
import { loadRoutes } from '../lib/channels/notification-routes';
import type { DeadlineDeps } from './deadlines';
import { createDeadlineActivities } from './deadlines';
import type { NotificationDeps } from './notifications';
import { createNotificationActivities } from './notifications';
import { createPublicationActivities } from './publication';
import type { AwardDeps } from './awards';
import type { AuditWatchDeps } from './audit-watch';
import { createAuditWatchActivities } from './audit-watch';
import { createAwardActivities } from './awards';
import { numberFormats } from '../lib/documents/case-documents';
import type { Config } from '../lib/config';
import type { CaseStore } from '../lib/store/case-store';
import { loadUnitRegistry } from '../lib/registry/units';
import type { StoreDeps } from './store';
import { createStoreActivities } from './store';
import type { SupervisionDeps } from './supervision';
import { createSupervisionActivities } from './supervision';
import { loadRetentionPolicy } from '../lib/calendar/retention-policy';
import type { RetentionDeps } from './retention';
import { createRetentionActivities } from './retention';
import { createProblemLedgerActivities } from './problem-ledger';
import { createResultUseActivities } from './result-uses';

export type ActivityDeps = NotificationDeps &
  DeadlineDeps &
  StoreDeps &
  SupervisionDeps &
  AwardDeps &
  RetentionDeps &
  AuditWatchDeps;

/**
 * All activities, built from their dependencies (logger, channels, calendar, policy) so tests can hand in
 * real local servers. The workflows proxy `ReturnType<typeof createActivities>`.
 *
 * @example
 * const activities = createActivities(loadActivityDeps(logger, store, loadConfig(process.env, ['worker', 'channels'])));
 * await Worker.create({ connection, taskQueue, workflowsPath, activities });
 */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createNotificationActivities(deps),
    ...createDeadlineActivities(deps),
    ...createPublicationActivities(deps),
    ...createStoreActivities(deps),
    ...createSupervisionActivities(deps),
    ...createAwardActivities(deps),
    ...createAuditWatchActivities(deps),
    ...createRetentionActivities(deps),
    ...createProblemLedgerActivities(deps),
    ...createResultUseActivities(deps),
  };
}

/**
 * Load and check everything the activities need, once at worker start-up, from the worker's and the channels'
 * sections of the configuration (lib/config): a bad holiday file, policy or routes file stops the start with a message
 * naming it.
 */
export function loadActivityDeps(
  logger: Logger,
  store: CaseStore,
  { worker, channels }: Pick<Config, 'worker' | 'channels'>,
  temporal?: SupervisionDeps['temporal'],
): ActivityDeps {
  const calendar = ChineseCalendar.load(worker.HOLIDAYS_DIR);
  const policy = loadDeadlinePolicy(worker.DEADLINE_POLICY_FILE, worker);
  const routes = loadRoutes(channels.NOTIFICATION_ROUTES_FILE, channels.credentials);
  const retention = loadRetentionPolicy(worker);
  const mailer = channels.SMTP_URL
    ? { transport: nodemailer.createTransport(channels.SMTP_URL), from: channels.MAIL_FROM }
    : undefined;
  const years = calendar.coveredYears();
  logger.info(
    {
      holidayYears: `${years[0]}–${years.at(-1)}`,
      email: mailer ? 'on' : 'off (SMTP_URL not set)',
      webhooks: [...routes.webhooks.keys()],
      retention: { auditDays: retention.auditDays, identityAfterClosing: retention.identityAfterClosing.written },
    },
    'activities configured',
  );
  return {
    logger,
    calendar,
    policy,
    routes,
    store,
    retention,
    units: loadUnitRegistry(worker.UNITS_FILE),
    documentNumbers: numberFormats(worker.DOCUMENT_NUMBERS_FILE),
    auditAlerts: { readsPerHour: worker.AUDIT_ALERT_READS_PER_HOUR, everyMs: worker.AUDIT_ALERT_CHECK_SECONDS * 1000 },
    ...(temporal ? { temporal } : {}),
    ...(mailer ? { mailer } : {}),
    ...(worker.PUBLIC_URL ? { publicUrl: worker.PUBLIC_URL } : {}),
  };
}

export type { Notification, Delivery, DeliveryAttempts, DeliveryPlan } from './notifications';
