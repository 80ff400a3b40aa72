// startCluster: PostgreSQL, the Temporal server (temporal.ts), Temporal UI, then the case workers and the APIs, each
// as compose's service of that name runs it. A part that fails to start stops the parts already started.
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startPostgres } from '../../lib/infra/postgres-server';
import type { PostgresServer } from '../../lib/infra/postgres-server';
import { projectRoot } from '../../lib/infra/tools';
import { ensureCertificates } from '../certs';
import { composeService, composeTls, localCertPaths, temporalUiDir } from './compose';
import { managed, stopLeftovers, until } from './processes';
import { secrets } from './secrets';
import { letPostgresThrough } from './traversal';
import type { Setup, TemporalServer } from './temporal';
import { startTemporal } from './temporal';
import type { Cluster, ClusterOptions, ClusterProcess, Env } from './types';

type Started = Array<{ stop(): Promise<void> }>;

/** The data folder, the secrets, leftovers of an earlier cluster stopped, the certificates. */
async function prepare(options: ClusterOptions): Promise<Setup> {
  const say = options.say ?? ((line: string) => process.stderr.write(`[cluster] ${line}\n`));
  const dataDir = path.resolve(projectRoot, options.dataDir ?? '.data/cluster');
  const logDir = path.join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true, mode: 0o700 });
  // PostgreSQL runs as its own user when we are root: it may pass through (not list) the cluster's folder and every
  // folder above it (`.data/` is 0700); a folder outside the checkout it cannot pass refuses the start.
  if (process.getuid?.() === 0) {
    const opened = letPostgresThrough(dataDir, projectRoot);
    if (opened.length)
      say(`PostgreSQL may pass through ${opened.map((d) => path.relative(projectRoot, d) || '.').join(', ')}`);
  }
  const setupLog = createWriteStream(path.join(logDir, 'setup.log'), { flags: 'a' });
  const base = options.basePort ?? 7400;
  const secret = secrets(dataDir);
  await stopLeftovers(dataDir, logDir, say);
  // The certificates, as compose's `certs` job makes them: at the first start, and again when one nears its end.
  const certsDir = path.join(dataDir, 'certs');
  const certs = await ensureCertificates({ dir: certsDir, caDir: path.join(dataDir, 'certs-ca') });
  const issued = certs.leaves.filter((l) => l.action !== 'kept').map((l) => `${l.name} ${l.action}`);
  say(`certificates in ${certsDir}${issued.length > 0 ? ` (${issued.join(', ')})` : ''}`);
  for (const warning of certs.warnings) say(`warning: ${warning}`);
  // What the compose files read, as they read it: the secrets and a stand-in for the API's address.
  const composeEnv: Env = { ...(process.env as Env), ...secret, PUBLIC_URL: 'http://127.0.0.1' };
  return { say, dataDir, logDir, setupLog, base, secret, certsDir, composeEnv };
}

/**
 * Temporal UI, as compose's `temporal-ui` service runs its image: its config template, this environment. Payloads are
 * sealed: it shows them through the first API's codec server.
 */
async function startUi(setup: Setup, temporalAddress: string, apiUrls: string[], started: Started) {
  const { say, base, certsDir, composeEnv, logDir } = setup;
  const uiUrl = `http://127.0.0.1:${base + 25}`;
  const uiSettings = composeService('temporal-ui', { ...composeEnv, PUBLIC_URL: apiUrls[0]! });
  const uiDir = temporalUiDir(uiSettings.version);
  const ui = managed(
    'temporal-ui',
    path.join(uiDir, 'temporal-ui'),
    ['--root', uiDir, '--env', 'docker', 'start'],
    {
      ...(process.env as Env),
      ...localCertPaths(uiSettings.environment, certsDir),
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_UI_PORT: String(base + 25),
      TEMPORAL_CORS_ORIGINS: apiUrls[0]!,
    },
    logDir,
    () => until('Temporal UI', async () => (await fetch(uiUrl)).ok),
  );
  await ui.start();
  started.push({ stop: () => ui.kill() });
  say(`Temporal UI ${uiSettings.version} on ${uiUrl}`);
  return { ui, uiUrl };
}

/** The settings of the workers and the APIs. */
function appEnvOf(
  { secret, dataDir }: Setup,
  options: ClusterOptions,
  server: TemporalServer,
  postgres: PostgresServer,
  urls: { apiUrls: string[]; uiUrl: string },
): Env {
  return {
    TEMPORAL_ADDRESS: server.temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: 'supervision-patrol',
    TEMPORAL_TLS_SERVER_NAME: server.frontendName,
    CODEC_KEYS: secret.CODEC_KEYS!,
    STORE_SEALING_KEYS: secret.STORE_SEALING_KEYS!,
    DATABASE_URL: `postgres://cases:${secret.CASES_DB_PASSWORD}@127.0.0.1:${postgres.port}/cases`,
    AUTH_JWT_SECRET: secret.AUTH_JWT_SECRET!,
    // The APIs' workbench sessions, the same for both (as compose's SESSION_SECRET).
    SESSION_SECRET: secret.SESSION_SECRET!,
    METRICS_TOKEN: secret.METRICS_TOKEN!,
    DATA_DIR: dataDir,
    TEMPORAL_UI_URL: urls.uiUrl,
    // The workers' links in notices (each API is told its own address below).
    PUBLIC_URL: urls.apiUrls[0]!,
    LOG_LEVEL: 'info',
    LOG_PRETTY: 'false',
    ...options.appEnv,
  };
}

/** The case worker and the API, as compose's `worker` and `api` services (not started yet). */
function appProcesses(setup: Setup, options: ClusterOptions, appEnv: Env, apiUrls: string[]) {
  const { base, certsDir, composeEnv, logDir } = setup;
  const node = process.execPath;
  const workers = Array.from({ length: options.workers ?? 2 }, (_, i) =>
    managed(
      `worker-${i + 1}`,
      node,
      [path.join(projectRoot, 'dist/worker/main.js')],
      // At least `info`: the worker is up when its log says so (it has no port).
      {
        ...(process.env as Env),
        ...appEnv,
        ...composeTls('worker', composeEnv, certsDir),
        LOG_LEVEL: appEnv.LOG_LEVEL === 'debug' ? 'debug' : 'info',
        METRICS_BIND_ADDRESS: `127.0.0.1:${base + 26 + i}`,
      },
      logDir,
      (since) =>
        until(`worker-${i + 1}`, () => {
          const log = path.join(logDir, `worker-${i + 1}.log`);
          return Promise.resolve(existsSync(log) && readFileSync(log).subarray(since).includes('worker started'));
        }),
    ),
  );
  const apis = apiUrls.map((url, i) =>
    managed(
      `api-${i + 1}`,
      node,
      [path.join(projectRoot, 'dist/api/server.js')],
      {
        ...(process.env as Env),
        ...appEnv,
        ...composeTls('api', composeEnv, certsDir),
        HOST: '127.0.0.1',
        PORT: new URL(url).port,
        PUBLIC_URL: url,
      },
      logDir,
      () => until(`api-${i + 1}`, async () => (await fetch(`${url}/health`)).ok),
    ),
  );
  return { workers, apis };
}

/** Start each in turn; `started` gets each one's stop. */
async function startEach(parts: ClusterProcess[], started: Started): Promise<void> {
  for (const part of parts) {
    await part.start();
    started.push({ stop: () => part.kill() });
  }
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const setup = await prepare(options);
  const { say, dataDir, logDir, base, secret, certsDir } = setup;
  const started: Started = [];
  const stopAll = async () => {
    for (const part of started.reverse()) await part.stop().catch(() => undefined);
  };
  try {
    // PostgreSQL: the databases of Temporal and the case store, as compose's `postgresql` service.
    const postgres = await startPostgres({
      folder: path.join(dataDir, 'postgres'),
      superuser: 'temporal',
      password: secret.POSTGRES_PASSWORD!,
      port: base + 30,
    });
    started.push(postgres);
    say(`PostgreSQL on 127.0.0.1:${postgres.port}`);
    const server = await startTemporal(setup, postgres, started);
    const { temporal, temporalAddress, adminEnv } = server;

    const apiUrls = Array.from({ length: options.apis ?? 2 }, (_, i) => `http://127.0.0.1:${base + 21 + i}`);
    const { ui, uiUrl } = await startUi(setup, temporalAddress, apiUrls, started);

    // The case worker and the API, twice each.
    const appEnv = appEnvOf(setup, options, server, postgres, { apiUrls, uiUrl });
    const { workers, apis } = appProcesses(setup, options, appEnv, apiUrls);
    await startEach(workers, started);
    await startEach(apis, started);
    say(`${workers.length} workers and ${apis.length} API processes: ${apiUrls.join(', ')} (logs in ${logDir})`);
    return {
      temporalAddress,
      namespace: 'default',
      apiUrls,
      uiUrl,
      workerMetricsUrls: workers.map((_, i) => `http://127.0.0.1:${base + 26 + i}/metrics`),
      metricsUrl: `http://127.0.0.1:${base + 20}/metrics`,
      appEnv,
      adminEnv,
      certsDir,
      postgres,
      temporal,
      ui,
      workers,
      apis,
      async stop() {
        for (const a of apis) await a.kill();
        for (const w of workers) await w.kill();
        await ui.kill();
        await temporal.kill();
        await postgres.stop();
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
