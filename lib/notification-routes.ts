import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Role } from '../workflows/domain';
import { roles } from '../workflows/domain';
import { projectRoot } from './tools';

/** A signed webhook (the shape used to bridge to WeCom/DingTalk robots). */
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
}

export interface NotificationRoutes {
  routes: Route[];
  webhooks: Map<string, WebhookTarget>;
  /**
   * Where the award recommendation materials go (Part 1): the national office's addresses (`"nationalOffice": { "email":
   * [...] }`); empty: the materials go to the leading-group office, which files them.
   */
  nationalOffice: string[];
}

export class NotificationRoutesError extends Error {
  override name = 'NotificationRoutesError';
}

const emailPattern = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/**
 * Check a routes file: roles exist, e-mail addresses are well-formed, every webhook named is defined with an
 * http(s) URL and its secret variable is set. One error lists every problem.
 */
export function parseRoutes(raw: unknown, env: NodeJS.ProcessEnv, source = 'notification routes'): NotificationRoutes {
  const problems: string[] = [];
  const o = raw as { routes?: unknown; webhooks?: unknown; nationalOffice?: { email?: unknown } } | null;
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
      let url: URL | undefined;
      try {
        url = new URL(String(w?.url));
      } catch {
        // reported below
      }
      if (!url || !['http:', 'https:'].includes(url.protocol))
        problems.push(`${source}: webhook "${name}" needs an http(s) "url"`);
      const secretEnv = typeof w?.secretEnv === 'string' ? w.secretEnv : '';
      const secret = secretEnv ? env[secretEnv] : undefined;
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
    });
  });
  if (problems.length) throw new NotificationRoutesError(problems.join('\n'));
  return { routes, webhooks, nationalOffice: Array.isArray(national) ? (national as string[]) : [] };
}

export const defaultRoutesFile = path.join(projectRoot, 'data', 'notification-routes.json');

/** Load `NOTIFICATION_ROUTES_FILE` (default data/notification-routes.json). */
export function loadRoutes(
  file: string = process.env.NOTIFICATION_ROUTES_FILE ?? defaultRoutesFile,
  env: NodeJS.ProcessEnv = process.env,
): NotificationRoutes {
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
