import { createHmac } from 'node:crypto';
import { ApplicationFailure, Context, log } from '@temporalio/activity';
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { NotificationRoutes } from '../lib/channels/notification-routes';
import { routesFor } from '../lib/channels/notification-routes';
import { channelFetch, redirectOutcome } from '../lib/channels/channel-http';
import type { ChannelOutcome } from '../lib/channels/robots';
import { robotBody, robotOutcome, robotUrl } from '../lib/channels/robots';
import { casePagePath, shortCasePrefix } from '../lib/channels/links';
import { smsParam } from '../lib/channels/sms';
import type { RegistryUnit } from '../lib/registry/units';
import type { Channel, Role } from '../workflows/domain';
import { permanentFailureTypes } from '../workflows/engine/failures';

/** One message to one audience. The id is stable across retries so receivers can de-duplicate on it. */
export interface Notification {
  notificationId: string;
  caseId: string;
  to: { role: Role; unit?: string; group?: string };
  /**
   * `every-unit`: the notice goes to every city, county and provincial department of the registry (通报全省, Art. 11
   * (1)), each on its own route or the units' default; one plan, each address once.
   */
  audience?: 'every-unit';
  /** Chinese subject line. */
  subject: string;
  /** Chinese body text: case id, unit, stage, what is due and the due date. */
  body: string;
}

/** One channel and recipient a notification goes to. */
export type Delivery = { channel: Channel; target: string };

/** Where a notification goes, and how long each channel is tried before it counts as failed (the routes file). */
export interface DeliveryPlan {
  deliveries: Delivery[];
  giveUpAfterMs: number;
}

/** What a delivery answers, and what its failures carry in their details: how many times it was tried. */
export interface DeliveryAttempts {
  attempts: number;
}

export interface Mailer {
  transport: Transporter;
  from: string;
}

export interface NotificationDeps {
  /** For start-up messages; activities log through the SDK's `log` (same pino stream, with activity context). */
  logger: Logger;
  routes: NotificationRoutes;
  /** Absent when no SMTP server is configured: e-mail is then not a channel. */
  mailer?: Mailer;
  /** Where people reach the API (`PUBLIC_URL`): a mail links to its case there; absent, it names no link. */
  publicUrl?: string;
  /** The units registry: a notice to every unit (`audience`) goes to each unit's route. */
  units?: Map<string, RegistryUnit>;
}

/**
 * A notice names the API's pages by path (`/reports/…`, `/bulletin/…`): in a mail they become links people can open
 * (`PUBLIC_URL` + path).
 */
export function linked(body: string, publicUrl: string): string {
  const base = publicUrl.replace(/\/$/, '');
  return body.replace(
    /(?<![\w/.])\/(?:reports|cases|bulletin|patrol-rectification-reports)\/\S*/g,
    (p) => `${base}${p}`,
  );
}

/**
 * A webhook request's signature headers, Stripe's scheme: `X-Signature-Timestamp` is the time of signing in Unix
 * seconds, and `X-Signature` is `sha256=` + hex HMAC-SHA256, under the webhook's secret, of the timestamp, a `.`, and
 * the exact request body. The receiver (docs/deadlines.md, "Webhook signature") recomputes it, takes a timestamp
 * within 5 minutes of its clock either way, and refuses a pair it has taken before: a copied request cannot be
 * replayed. Each attempt is signed anew, so a retry is fresh.
 */
export function signWebhook(
  secret: string,
  body: string,
  now: number = Date.now(),
): { 'x-signature-timestamp': string; 'x-signature': string } {
  const timestamp = String(Math.floor(now / 1000));
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return { 'x-signature-timestamp': timestamp, 'x-signature': `sha256=${mac}` };
}

function permanent(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: permanentFailureTypes.invalidRecipient, message, nonRetryable: true });
}

/**
 * Run one delivery and say how many times it has been tried: its answer on success, its failure's details otherwise
 * (a failure for good keeps its type; any other is tried again later). The attempt count goes on the case's delivery
 * record.
 */
async function counted(work: () => Promise<void>): Promise<DeliveryAttempts> {
  const attempts = Context.current().info.attempt;
  try {
    await work();
    return { attempts };
  } catch (err) {
    const forGood = err instanceof ApplicationFailure && err.nonRetryable === true;
    throw ApplicationFailure.create({
      type: (forGood && err.type) || 'ChannelUnavailable',
      message: (err as Error).message,
      nonRetryable: forGood,
      details: [{ attempts } satisfies DeliveryAttempts],
    });
  }
}

/**
 * Notification activities. Delivery is at-least-once per channel and recipient: each delivery is its own
 * activity, retried with backoff while a channel is down; a recipient the channel rejects for good fails
 * with `InvalidRecipient` and is not retried.
 */
export function createNotificationActivities({ routes, mailer, publicUrl, units }: NotificationDeps) {
  const base = publicUrl?.replace(/\/$/, '');
  /** The case's page in the workbench, where what waits for the reader is at the top as forms. */
  const caseLink = (caseId: string) => (base ? `${base}${casePagePath(caseId)}` : undefined);
  /** The same, short, for an SMS (the API redirects it). */
  const shortLink = (caseId: string) => (base ? `${base}${shortCasePrefix}/${caseId}` : undefined);
  /** A channel's answer: delivered, or a failure to try again later, or one retrying cannot mend. */
  const settle = (outcome: ChannelOutcome, channel: string) => {
    if (outcome.ok) return;
    if (!outcome.retry) throw permanent(`${channel}: ${outcome.reason}`);
    throw new Error(`${channel}: ${outcome.reason}`);
  };
  return {
    /** Write the notification as a structured log line (the channel that is always on) and say where it goes. */
    // eslint-disable-next-line @typescript-eslint/require-await -- activities are async by contract
    async planNotification(n: Notification): Promise<DeliveryPlan> {
      const matched = routesOf(n);
      const deliveries: Delivery[] = [
        ...(mailer
          ? [...new Set(matched.flatMap((r) => r.email))].map((target) => ({ channel: 'email' as const, target }))
          : []),
        ...[...new Set(matched.flatMap((r) => r.webhooks))].map((target) => ({ channel: 'webhook' as const, target })),
        ...[...new Set(matched.flatMap((r) => r.robots))].flatMap((target) => {
          const robot = routes.robots.get(target);
          return robot ? [{ channel: robot.kind, target }] : [];
        }),
        ...(routes.sms && matched.some((r) => r.sms) ? [{ channel: 'sms' as const, target: routes.sms.name }] : []),
      ];
      log.info(
        `通知 ${n.to.role}${n.to.unit ? `:${n.to.unit}` : ''}${n.to.group ? `:${n.to.group}` : ''}：${n.subject}`,
        {
          notification: n,
          channel: 'log',
          deliveries,
        },
      );
      return { deliveries, giveUpAfterMs: routes.giveUpAfterMs };
    },

    deliverEmail: (n: Notification, to: string) => counted(() => email(n, to)),
    deliverRobot: (n: Notification, name: string) => counted(() => toRobot(n, name)),
    deliverSms: (n: Notification) => counted(() => sms(n)),
    deliverWebhook: (n: Notification, name: string) => counted(() => webhook(n, name)),
  };

  async function email(n: Notification, to: string): Promise<void> {
    if (!mailer) throw permanent('e-mail is not configured (SMTP_URL)');
    try {
      await mailer.transport.sendMail({
        from: mailer.from,
        to,
        subject: n.subject,
        // The case is named in the text (never by its id); the link carries the id, for the reader to open it: the
        // case's page in the workbench, where what waits for the reader is at the top as forms.
        text: publicUrl ? `${linked(n.body, publicUrl)}\n\n在系统中查看：${caseLink(n.caseId)}` : n.body,
        // A stable Message-ID: a retried delivery is the same message to the receiving side.
        messageId: `<${encodeURIComponent(n.notificationId)}@supervision-patrol>`,
        headers: { 'X-Notification-Id': n.notificationId, 'X-Case-Id': n.caseId },
      });
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      if (code !== undefined && code >= 500) throw permanent(`邮件服务器拒收 ${to}：${(err as Error).message}`);
      throw err;
    }
  }

  /**
   * One notice to one group robot (DingTalk or WeCom, lib/channels/robots.ts). Runs on the robot's own task queue, which the
   * server rate-limits to the robot's messages a minute (worker/index.ts): a burst waits in the queue, never dropped.
   * The robot's credential is in the URL only, never in a message or a log line.
   */
  async function toRobot(n: Notification, name: string): Promise<void> {
    const robot = routes.robots.get(name);
    if (!robot) throw permanent(`robot "${name}" is no longer configured`);
    const link = caseLink(n.caseId);
    const mobiles = [
      ...new Set(
        routesFor(routes, n.to)
          .filter((r) => r.robots.includes(name))
          .flatMap((r) => r.mobiles),
      ),
    ];
    const body = robotBody(robot, {
      subject: n.subject,
      body: publicUrl ? linked(n.body, publicUrl) : n.body,
      ...(link ? { link } : {}),
      mobiles,
    });
    const url = robotUrl(robot);
    let res: Response;
    try {
      // A redirect is not followed (it would carry the credential elsewhere) and fails for good: lib/channels/channel-http.ts.
      res = await channelFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(body),
      });
    } catch (err) {
      // Unreachable for now (network, timeout): tried again later. The address holds the credential: not named.
      throw new Error(`robot ${name}: no answer (${(err as Error).name})`);
    }
    const redirected = await redirectOutcome(res, url);
    if (redirected) return settle(redirected, `robot ${name}`);
    const answer: unknown = await res.json().catch(() => undefined);
    settle(robotOutcome(robot.kind, res.status, answer), `robot ${name}`);
  }

  /**
   * One notice by SMS to the mobiles of its audience's routes that ask for SMS, in one request: the gateway's approved
   * template with two short parameters, the subject (cut) and the link to the case's page.
   */
  /** The routes a notice goes to: its audience's, or for every unit, each registry unit's own or the default. */
  function routesOf(n: Notification) {
    if (n.audience !== 'every-unit') return routesFor(routes, n.to);
    return [...new Set([...(units?.values() ?? [])].flatMap((u) => routesFor(routes, { role: 'unit', unit: u.code })))];
  }

  async function sms(n: Notification): Promise<void> {
    if (!routes.sms) throw permanent('SMS is no longer configured');
    const mobiles = [...new Set(routesOf(n).flatMap((r) => (r.sms ? r.mobiles : [])))];
    if (!mobiles.length) throw permanent('no mobile number asks for SMS any more');
    const outcome = await routes.sms.send({
      mobiles,
      params: { subject: smsParam(n.subject, 30), link: shortLink(n.caseId) ?? n.caseId },
    });
    settle(outcome, `SMS ${routes.sms.name}`);
  }

  async function webhook(n: Notification, name: string): Promise<void> {
    const hook = routes.webhooks.get(name);
    if (!hook) throw permanent(`webhook "${name}" is no longer configured`);
    const body = JSON.stringify({
      notificationId: n.notificationId,
      caseId: n.caseId,
      to: n.to,
      subject: n.subject,
      text: n.body,
    });
    // Signed at each attempt, so a retry carries a fresh timestamp. Not followed if redirected; bounded in time.
    const res = await channelFetch(hook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'x-notification-id': n.notificationId,
        ...signWebhook(hook.secret, body),
      },
      body,
    });
    const redirected = await redirectOutcome(res, hook.url);
    if (redirected) return settle(redirected, `webhook ${name}`);
    await res.body?.cancel();
    if (res.ok) return;
    const detail = `webhook ${name} answered ${res.status}`;
    // 4xx means the receiver will never take it (bad address, bad signature set-up); 408/429 and 5xx may pass later.
    if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) throw permanent(detail);
    throw new Error(detail);
  }
}
