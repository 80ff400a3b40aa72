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
import { createAwardActivities } from './awards';
import { numberFormats } from '../lib/documents/case-documents';
import type { Config } from '../lib/config';
import type { CaseStore } from '../lib/store/case-store';
import { loadUnitRegistry } from '../lib/registry/units';
import type { StoreDeps } from './store';
import { createStoreActivities } from './store';
import type { SupervisionDeps } from './supervision';
import { createSupervisionActivities } from './supervision';

export type ActivityDeps = NotificationDeps & DeadlineDeps & StoreDeps & SupervisionDeps & AwardDeps;

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
  const mailer = channels.SMTP_URL
    ? { transport: nodemailer.createTransport(channels.SMTP_URL), from: channels.MAIL_FROM }
    : undefined;
  const years = calendar.coveredYears();
  logger.info(
    {
      holidayYears: `${years[0]}–${years.at(-1)}`,
      email: mailer ? 'on' : 'off (SMTP_URL not set)',
      webhooks: [...routes.webhooks.keys()],
    },
    'activities configured',
  );
  return {
    logger,
    calendar,
    policy,
    routes,
    store,
    units: loadUnitRegistry(worker.UNITS_FILE),
    documentNumbers: numberFormats(worker.DOCUMENT_NUMBERS_FILE),
    ...(temporal ? { temporal } : {}),
    ...(mailer ? { mailer } : {}),
    ...(worker.PUBLIC_URL ? { publicUrl: worker.PUBLIC_URL } : {}),
  };
}

export type { Notification, Delivery, DeliveryAttempts, DeliveryPlan } from './notifications';
