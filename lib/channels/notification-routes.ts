import type { Environment } from '../config';
import { secretValue } from '../infra/secret-files';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Role } from '../../workflows/domain';
import { roles } from '../../workflows/domain';
import { durationMs } from '../calendar/deadline-policy';
import { projectRoot } from '../infra/tools';
import { channelUrlProblem } from './channel-http';
import type { Robot, RobotKind } from './robots';
import { robotDefaultUrls, robotKinds, robotMessagesPerMinute } from './robots';
import type { SmsProvider } from './sms';
import { aliyunSms, aliyunSmsUrl } from './sms';

/**
 * A signed webhook of our own (a JSON body; `X-Signature` is HMAC-SHA256 of `X-Signature-Timestamp` + "." + the body,
 * activities/notifications.ts), for a receiver the office runs. It is not the DingTalk or WeCom robot protocol: those
 * are `robots` (lib/channels/robots.ts).
 */
export interface WebhookTarget {
  name: string;
  url: string;
  /** HMAC-SHA256 key; read from the environment variable the routes file names, never from the file. */
  secret: string;
}

export interface Route {
  role: Role;
  /** Only for this unit (role `unit` or `discipline`) or group (role `group-leader`); absent: the role's default. */
  unit?: string;
  group?: string;
  email: string[];
  webhooks: string[];
  /** Group robots (names under `robots`) the audience reads. */
  robots: string[];
  /** Mobile numbers the robots @ (and SMS reaches). */
  mobiles: string[];
  /** Also by SMS, to `mobiles`. */
  sms: boolean;
}

export interface NotificationRoutes {
  routes: Route[];
  webhooks: Map<string, WebhookTarget>;
  /** Group robots by name, with their credentials read from the environment. */
  robots: Map<string, Robot>;
  /** The SMS gateway (`"sms"`), when one is configured. */
  sms?: SmsProvider;
  /**
   * Where the award recommendation materials go (Part 1): the national office's addresses (`"nationalOffice": { "email":
   * [...] }`); empty: the materials go to the leading-group office, which files them.
   */
  nationalOffice: string[];
  /**
   * How long each channel of a notice is tried (`"giveUpAfter": "24 hours"`, the default) before it counts as failed; a
   * notice failed on every channel is an office task (催办未送达).
   */
  giveUpAfterMs: number;
}

export class NotificationRoutesError extends Error {
  override name = 'NotificationRoutesError';
}

const emailPattern = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
/** A mainland mobile number (11 digits, 1[3-9]…), as robots @ them and SMS gateways take them. */
const mobilePattern = /^1[3-9][0-9]{9}$/;

/**
 * A channel's address (`where` names the robot, webhook or gateway): https, or plain http to loopback only
 * (lib/channels/channel-http.ts); otherwise a problem, and undefined.
 */
function channelUrl(raw: unknown, where: string, problems: string[]): URL | undefined {
  let url: URL | undefined;
  try {
    url = new URL(String(raw));
  } catch {
    problems.push(`${where}: "url" must be an https address`);
    return undefined;
  }
  const problem = channelUrlProblem(url);
  if (!problem) return url;
  problems.push(`${where}: "url" ${problem}`);
  return undefined;
}

/**
 * A credential the routes file names by its environment variable: the variable, or the file its `NAME_FILE` names
 * (lib/infra/secret-files.ts); a file that cannot be read is one more problem of the list.
 */
function credential(env: Environment, name: string, where: string, problems: string[]): string | undefined {
  try {
    return secretValue(env, name);
  } catch (err) {
    problems.push(`${where}: ${(err as Error).message}`);
    return undefined;
  }
}

/** The SMS gateway of a routes file (`"sms": { "provider": "aliyun", … }`), credentials from the environment. */
function parseSms(raw: unknown, env: Environment, source: string, problems: string[]): SmsProvider | undefined {
  if (raw === undefined) return undefined;
  const o = raw as Record<string, unknown> | null;
  const where = `${source}: sms`;
  if (o?.provider !== 'aliyun') {
    problems.push(`${where}: "provider" must be "aliyun" (Alibaba Cloud SMS)`);
    return undefined;
  }
  const fromEnv = (key: string, what: string): string | undefined => {
    const name = typeof o[key] === 'string' ? o[key] : '';
    if (!name) problems.push(`${where}: needs "${key}", the environment variable holding the ${what}`);
    const value = name ? credential(env, name, where, problems) : undefined;
    if (name && !value) problems.push(`${where}: environment variable ${name} is not set`);
    return value;
  };
  const accessKeyId = fromEnv('accessKeyIdEnv', 'AccessKey ID');
  const accessKeySecret = fromEnv('accessKeySecretEnv', 'AccessKey secret');
  const text = (key: string, what: string): string | undefined => {
    const v = o[key];
    if (typeof v !== 'string' || !v.trim()) problems.push(`${where}: needs "${key}", ${what}`);
    return typeof v === 'string' ? v.trim() : undefined;
  };
  const signName = text('signName', 'the approved signature (短信签名)');
  const templateCode = text('templateCode', 'the approved template of a notice (with parameters subject and link)');
  const url = channelUrl(o.url ?? aliyunSmsUrl, where, problems);
  return url && accessKeyId && accessKeySecret && signName && templateCode
    ? aliyunSms({ url: url.toString(), accessKeyId, accessKeySecret, signName, templateCode })
    : undefined;
}

/** The default time a channel is tried: a day of outage, then the office hears of the notice (催办未送达). */
export const defaultGiveUpAfterMs = 24 * 3_600_000;

/** `giveUpAfter`: a duration in words (`24 hours`, `30 minutes`), from 10 seconds to 30 days. */
function parseGiveUp(raw: unknown, source: string, problems: string[]): number {
  if (raw === undefined) return defaultGiveUpAfterMs;
  const ms = durationMs(raw);
  if (ms === undefined || ms < 10_000 || ms > 30 * 86_400_000) {
    problems.push(`${source}: "giveUpAfter" must be a duration from 10 seconds to 30 days, such as "24 hours"`);
    return defaultGiveUpAfterMs;
  }
  return ms;
}

/** The robots of a routes file: kind, address, credentials from the environment, rate. Every problem is listed. */
function parseRobots(raw: unknown, env: Environment, source: string, problems: string[]): Map<string, Robot> {
  const robots = new Map<string, Robot>();
  if (raw === undefined) return robots;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push(`${source}: "robots" must be an object keyed by name`);
    return robots;
  }
  for (const [name, r] of Object.entries(raw as Record<string, Record<string, unknown> | null>)) {
    const where = `${source}: robot "${name}"`;
    const kind = r?.kind as RobotKind;
    if (!robotKinds.includes(kind)) {
      problems.push(`${where}: "kind" must be one of ${robotKinds.join(', ')}`);
      continue;
    }
    const url = channelUrl(r?.url ?? robotDefaultUrls[kind], where, problems);
    const tokenKey = kind === 'dingtalk' ? 'accessTokenEnv' : 'keyEnv';
    const tokenEnv = typeof r?.[tokenKey] === 'string' ? r[tokenKey] : '';
    const token = tokenEnv ? credential(env, tokenEnv, where, problems) : undefined;
    if (!tokenEnv)
      problems.push(
        `${where}: needs "${tokenKey}", the environment variable holding its ${kind === 'dingtalk' ? 'access_token' : 'key'}`,
      );
    else if (!token) problems.push(`${where}: environment variable ${tokenEnv} is not set`);
    let secret: string | undefined;
    if (kind === 'dingtalk' && r?.secretEnv !== undefined) {
      const secretEnv = typeof r.secretEnv === 'string' ? r.secretEnv : '';
      secret = secretEnv ? credential(env, secretEnv, where, problems) : undefined;
      if (!secretEnv) problems.push(`${where}: "secretEnv" must name an environment variable`);
      else if (!secret) problems.push(`${where}: environment variable ${secretEnv} is not set`);
      else if (!secret.startsWith('SEC'))
        problems.push(`${where}: the signing secret in ${secretEnv} must start with "SEC" (DingTalk's 加签 secret)`);
    }
    if (kind === 'wecom' && r?.secretEnv !== undefined)
      problems.push(`${where}: a WeCom robot has no signing secret (its key is the credential)`);
    const perMinute = r?.perMinute ?? robotMessagesPerMinute;
    if (
      typeof perMinute !== 'number' ||
      !Number.isInteger(perMinute) ||
      perMinute < 2 ||
      perMinute > robotMessagesPerMinute
    )
      problems.push(`${where}: "perMinute" must be a whole number from 2 to ${robotMessagesPerMinute}`);
    const keyword = r?.keyword;
    if (keyword !== undefined && (typeof keyword !== 'string' || !keyword.trim() || keyword.length > 20))
      problems.push(`${where}: "keyword" must be a word of at most 20 characters`);
    if (url && token && (kind === 'wecom' || r?.secretEnv === undefined || secret?.startsWith('SEC')))
      robots.set(name, {
        name,
        kind,
        url: url.toString(),
        token,
        ...(secret ? { secret } : {}),
        perMinute: typeof perMinute === 'number' ? perMinute : robotMessagesPerMinute,
        ...(typeof keyword === 'string' && keyword.trim() ? { keyword: keyword.trim() } : {}),
      });
  }
  return robots;
}

/**
 * Check a routes file: roles exist, e-mail addresses are well-formed, every webhook named is defined with an https
 * URL (plain http to loopback only, as for robots and the SMS gateway) and its secret variable is set. One error lists
 * every problem.
 */
export function parseRoutes(raw: unknown, env: Environment, source = 'notification routes'): NotificationRoutes {
  const problems: string[] = [];
  const o = raw as {
    routes?: unknown;
    webhooks?: unknown;
    robots?: unknown;
    sms?: unknown;
    nationalOffice?: { email?: unknown };
    giveUpAfter?: unknown;
  } | null;
  const giveUpAfterMs = parseGiveUp(o?.giveUpAfter, source, problems);
  const sms = parseSms(o?.sms, env, source, problems);
  const robots = parseRobots(o?.robots, env, source, problems);
  const robotsNamed = new Set(Object.keys((o?.robots as object | undefined) ?? {}));
  const national = o?.nationalOffice?.email ?? [];
  if (!Array.isArray(national)) problems.push(`${source}: nationalOffice.email must be a list`);
  else
    for (const a of national)
      if (typeof a !== 'string' || !emailPattern.test(a))
        problems.push(`${source}: nationalOffice: "${String(a)}" is not an e-mail address`);
  const webhooks = new Map<string, WebhookTarget>();
  const hooks = (o?.webhooks ?? {}) as Record<string, { url?: unknown; secretEnv?: unknown }>;
  if (typeof hooks !== 'object' || Array.isArray(hooks))
    problems.push(`${source}: "webhooks" must be an object keyed by name`);
  else {
    for (const [name, w] of Object.entries(hooks)) {
      const url = channelUrl(w?.url, `${source}: webhook "${name}"`, problems);
      const secretEnv = typeof w?.secretEnv === 'string' ? w.secretEnv : '';
      const secret = secretEnv ? credential(env, secretEnv, `${source}: webhook "${name}"`, problems) : undefined;
      if (!secretEnv)
        problems.push(
          `${source}: webhook "${name}" needs "secretEnv", the environment variable holding its signing key`,
        );
      else if (!secret) problems.push(`${source}: webhook "${name}": environment variable ${secretEnv} is not set`);
      if (url && secret) webhooks.set(name, { name, url: url.toString(), secret });
    }
  }
  const list = o?.routes;
  if (!Array.isArray(list)) problems.push(`${source}: "routes" must be a list`);
  const routes: Route[] = [];
  (Array.isArray(list) ? list : []).forEach((r: Partial<Route>, i) => {
    const where = `${source}: routes[${i}]`;
    if (!roles.includes(r?.role as Role)) problems.push(`${where}: role must be one of ${roles.join(', ')}`);
    const email = r?.email ?? [];
    const hooksNamed = r?.webhooks ?? [];
    const robotNames = r?.robots ?? [];
    const mobiles = r?.mobiles ?? [];
    if (!Array.isArray(robotNames)) problems.push(`${where}: robots must be a list of names`);
    else
      for (const name of robotNames)
        if (!robotsNamed.has(name)) problems.push(`${where}: robot "${name}" is not defined under "robots"`);
    if (!Array.isArray(mobiles)) problems.push(`${where}: mobiles must be a list`);
    else
      for (const m of mobiles)
        if (typeof m !== 'string' || !mobilePattern.test(m))
          problems.push(`${where}: "${String(m)}" is not a mobile number (11 digits)`);
    const bySms = (r as { sms?: unknown } | undefined)?.sms ?? false;
    if (typeof bySms !== 'boolean') problems.push(`${where}: sms must be true or false`);
    else if (bySms && (!Array.isArray(mobiles) || !mobiles.length))
      problems.push(`${where}: sms needs the audience's "mobiles"`);
    else if (bySms && o?.sms === undefined)
      problems.push(`${where}: sms is asked for, but no "sms" gateway is configured`);
    if (!Array.isArray(email)) problems.push(`${where}: email must be a list`);
    else
      for (const a of email)
        if (typeof a !== 'string' || !emailPattern.test(a))
          problems.push(`${where}: "${String(a)}" is not an e-mail address`);
    if (!Array.isArray(hooksNamed)) problems.push(`${where}: webhooks must be a list of names`);
    else
      for (const h of hooksNamed)
        if (!(h in hooks)) problems.push(`${where}: webhook "${h}" is not defined under "webhooks"`);
    routes.push({
      role: r?.role as Role,
      ...(r?.unit ? { unit: r.unit } : {}),
      ...(r?.group ? { group: r.group } : {}),
      email: Array.isArray(email) ? email : [],
      webhooks: Array.isArray(hooksNamed) ? hooksNamed : [],
      robots: Array.isArray(robotNames) ? robotNames : [],
      mobiles: Array.isArray(mobiles) ? mobiles : [],
      sms: bySms === true,
    });
  });
  if (problems.length) throw new NotificationRoutesError(problems.join('\n'));
  return {
    routes,
    webhooks,
    robots,
    ...(sms ? { sms } : {}),
    nationalOffice: Array.isArray(national) ? (national as string[]) : [],
    giveUpAfterMs,
  };
}

export const defaultRoutesFile = path.join(projectRoot, 'data', 'notification-routes.json');

/**
 * Load `file` (`NOTIFICATION_ROUTES_FILE` of the channels' section; default data/notification-routes.json), reading the
 * credentials it names from `env` (the channels' section's `credentials`).
 */
export function loadRoutes(file: string = defaultRoutesFile, env: Environment): NotificationRoutes {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new NotificationRoutesError(`cannot read notification routes ${file}: ${(err as Error).message}`);
  }
  return parseRoutes(raw, env, file);
}

/** The routes for one audience: the unit's or group's own, else the role's default. */
export function routesFor(routes: NotificationRoutes, to: { role: Role; unit?: string; group?: string }): Route[] {
  const forRole = routes.routes.filter((r) => r.role === to.role);
  const specific = forRole.filter((r) => (to.unit && r.unit === to.unit) || (to.group && r.group === to.group));
  return specific.length ? specific : forRole.filter((r) => !r.unit && !r.group);
}
