// What the cluster reads from docker-compose.yml (a service's image version and environment, so the two cannot drift),
// and where scripts/bootstrap.js built the Temporal server and Temporal UI of those versions.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { projectRoot } from '../../lib/infra/tools';
import type { Env } from './types';

/** The image tag and the environment of a compose service, with `${VAR:-default}` / `${VAR:?msg}` filled. */
export function composeService(
  name: string,
  env: Env,
  /** Only the settings it takes (the others' required variables are not asked for). */
  only: (key: string) => boolean = () => true,
): { version: string; environment: Env } {
  const compose = parse(readFileSync(path.join(projectRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, { image?: string; environment: Record<string, string> }>;
  };
  const service = compose.services[name]!;
  const fill = (value: string) =>
    value.replace(/\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g, (_m, name: string, op?: string, arg?: string) => {
      const v = env[name];
      if (v) return v;
      if (op === '-') return arg ?? '';
      if (op === '?') throw new Error(`${name}: ${arg}`);
      return '';
    });
  const environment = Object.fromEntries(
    Object.entries(service.environment)
      .filter(([k]) => only(k))
      .map(([k, v]) => [k, fill(String(v))]),
  );
  return { version: fill(service.image ?? '').split(':')[1] ?? '', environment };
}

/** Compose's certificate paths (`/certs/…`, its `certs` volume) in the cluster's certificates folder. */
export function localCertPaths(environment: Env, certsDir: string): Env {
  return Object.fromEntries(
    Object.entries(environment).map(([k, v]) => [k, v.startsWith('/certs/') ? path.join(certsDir, v.slice(7)) : v]),
  );
}

/** A compose service's TEMPORAL_TLS_* settings, with the cluster's paths. */
export function composeTls(name: string, env: Env, certsDir: string): Env {
  const { environment } = composeService(name, env, (key) => key.startsWith('TEMPORAL_TLS_'));
  return localCertPaths(environment, certsDir);
}

/** The built Temporal UI of `scripts/bootstrap.js` (ensureTemporalUi): the binary and the image's config template. */
export function temporalUiDir(version: string): string {
  const dir = path.join(projectRoot, '.tools', 'temporal-ui', `v${version}`);
  if (!existsSync(path.join(dir, 'temporal-ui'))) {
    throw new Error(`Temporal UI ${version} is not built: run "npm run cluster" once (it builds it)`);
  }
  return dir;
}

/** The built server of `scripts/bootstrap.js` (ensureTemporalServer). */
export function temporalServerDir(version: string): string {
  const dir = path.join(projectRoot, '.tools', 'temporal-server', `v${version}`);
  if (!existsSync(path.join(dir, 'temporal-server'))) {
    throw new Error(`the Temporal server ${version} is not built: run "npm run cluster" once (it builds it)`);
  }
  return dir;
}
