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
 * const activities = createActivities(loadActivityDeps(logger, await CaseStore.open()));
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
 * Load and check everything the activities need, once at worker start-up: a bad holiday file, policy or
 * routes file stops the start with a message naming it.
 */
export function loadActivityDeps(
  logger: Logger,
  store: CaseStore,
  env: NodeJS.ProcessEnv = process.env,
  temporal?: SupervisionDeps['temporal'],
): ActivityDeps {
  const calendar = ChineseCalendar.load(env.HOLIDAYS_DIR);
  const policy = loadDeadlinePolicy(env.DEADLINE_POLICY_FILE);
  const routes = loadRoutes(env.NOTIFICATION_ROUTES_FILE, env);
  const mailer = env.SMTP_URL
    ? {
        transport: nodemailer.createTransport(env.SMTP_URL),
        from: env.MAIL_FROM ?? '山西省脱贫攻坚领导小组办公室 <noreply@fpb.example.gov.cn>',
      }
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
    units: loadUnitRegistry(env.UNITS_FILE),
    documentNumbers: numberFormats(env.DOCUMENT_NUMBERS_FILE),
    ...(temporal ? { temporal } : {}),
    ...(mailer ? { mailer } : {}),
    ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}),
  };
}

export type { Notification, Delivery, DeliveryAttempts, DeliveryPlan } from './notifications';
