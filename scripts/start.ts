// The whole system in one process, as `npm start` and `npm run demo` run it: the Temporal dev server (SQLite in
// DATA_DIR, UI on 8233) unless TEMPORAL_ADDRESS or a profile points elsewhere; then the worker and the API.
import { startTracing } from '../lib/infra/tracing';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { commandLine, freePort, isAlive, stopLeftover } from '../lib/infra/processes';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { buildApp } from '../api/app';
import type { Config, Environment } from '../lib/config';
import { loadConfig } from '../lib/config';
import { resealStore } from '../lib/store/reseal';
import { loadStoreKeys } from '../lib/store/sealing';
import { UnsafeConfigurationError, unsafeConfiguration } from '../api/safe-start';
import { dataDir, localJwtSecret, securePrivateDir } from '../lib/infra/local-secret';
import type { Duration } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import { loadCodecKeys, openOldStoreRow } from '../lib/infra/codec';
import { connectClient } from '../lib/infra/temporal-client';
import { CaseStore, storeLocation } from '../lib/store/case-store';
import type { RebuildResult } from '../lib/store/rebuild';
import { rebuildStore } from '../lib/store/rebuild';
import { createLogger } from '../lib/infra/logger';
import { onePartitionPerQueue, temporalSettings, wantsEmbeddedTemporal } from '../lib/infra/temporal-config';
import { temporalCliPath } from '../lib/infra/tools';
import { loadActivityDeps } from '../activities';
import { createCaseWorker, createRobotWorkers, ensureStandingWork, runAlongside, workerTuning } from '../worker';
import { installPinoRuntime } from '../worker/logging';
import { ensureSearchAttributes } from '../worker/search-attributes';
import { searchAttributeCliFlags } from '../workflows/search-attributes';

const log = createLogger('start', loadConfig(process.env, ['common']).common);

async function waitForTemporal(address: string, devServer: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (devServer.exitCode !== null) throw new Error(`Temporal dev server exited with code ${devServer.exitCode}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return;
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(`Temporal dev server did not answer on ${address}: ${(err as Error).message}`);
      await sleep(300);
    }
  }
}

/**
 * A dev server left running by an `npm start` that was killed (kill -9, a crash: its server runs in its own process
 * group, so it outlives it) still holds this data folder's database. It is ours: the next start stops it on purpose
 * (SIGTERM, then SIGKILL after 10 s) and says so, then starts its own. Known by the pid file next to the database, and
 * only if that process is still a `temporal server start-dev` on this database.
 */
async function stopLeftoverServer(pidFile: string, db: string): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (isAlive(pid) && commandLine(pid).includes('start-dev') && commandLine(pid).includes(db)) {
    log.warn(
      { pid, db },
      'a Temporal dev server left by an earlier npm start that did not stop cleanly still runs on this data folder: stopping it, then starting a new one',
    );
    await stopLeftover(pid, ['start-dev', db]);
  }
  rmSync(pidFile, { force: true });
}

async function startDevServer(config: Config): Promise<{ child: ChildProcess; address: string; uiUrl: string }> {
  const { TEMPORAL_PORT: port, TEMPORAL_UI_PORT: uiPort, TEMPORAL_CLI_PATH } = config.embedded;
  const dir = dataDir(config.common);
  // The data folder holds the database and the local keys: the owner's alone (0700, files 0600), checked each start.
  for (const loosened of securePrivateDir(dir))
    log.warn({ path: loosened }, 'tightened the permissions of the data folder');
  // Temporal UI opens sealed payloads through the API's codec server (an office session, see docs/security.md).
  const codecEndpoint = `${config.api.PUBLIC_URL ?? `http://localhost:${config.api.PORT}`}/codec`;
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    path.join(dir, 'temporal.sqlite'),
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--ui-port',
    String(uiPort),
    // Its HTTP API (unused here) on a port free now, not the CLI's default of `--port` + 1000, which nothing checks.
    '--http-port',
    String(await freePort()),
    '--log-level',
    'warn',
    '--ui-codec-endpoint',
    codecEndpoint,
    ...searchAttributeCliFlags(),
    ...onePartitionPerQueue,
  ];
  const pidFile = path.join(dir, 'temporal.pid');
  await stopLeftoverServer(pidFile, path.join(dir, 'temporal.sqlite'));
  // Own process group: Ctrl-C reaches us, and we stop the server last, after the worker has drained.
  // Files the server creates (the database, its journal) are the owner's alone.
  const umask = process.umask(0o077);
  const child = spawn(temporalCliPath({ TEMPORAL_CLI_PATH }), args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  process.umask(umask);
  writeFileSync(pidFile, String(child.pid), { mode: 0o600 });
  child.once('exit', () => rmSync(pidFile, { force: true }));
  process.on('exit', () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    rmSync(pidFile, { force: true });
  });
  const address = `127.0.0.1:${port}`;
  log.info({ address, db: path.join(dir, 'temporal.sqlite') }, 'starting the Temporal dev server');
  await waitForTemporal(address, child);
  return { child, address, uiUrl: `http://localhost:${uiPort}` };
}

/**
 * The embedded namespace keeps a closed case for `TEMPORAL_RETENTION` (default 30d), set on purpose: the case
 * store has every case's final record before it closes, so what Temporal forgets after that is archived, not lost.
 */
async function setRetention(address: string, setting: string): Promise<void> {
  let retention: ReturnType<typeof msToTs>;
  try {
    retention = msToTs(setting as Duration);
  } catch {
    throw new Error(`TEMPORAL_RETENTION=${setting} is not a duration such as 30d or 720h`);
  }
  const connection = await Connection.connect({ address });
  try {
    await connection.workflowService.updateNamespace({
      namespace: 'default',
      config: { workflowExecutionRetentionTtl: retention },
    });
  } finally {
    await connection.close();
  }
}

export interface RunningSystem {
  apiUrl: string;
  uiUrl: string;
  namespace: string;
  /** Where Temporal's frontend is (the benchmark's bare worker connects there too). */
  temporalAddress: string;
  /** A client of the same Temporal (benchmarks read histories with it). */
  client: Client;
  /** Stop in order: API, worker, dev server. */
  stop(reason: string): Promise<void>;
  /** Resolves (or rejects) when the worker stops. */
  workerDone: Promise<void>;
  /** Bring the case store up to date from what Temporal still has (lib/store/rebuild.ts). */
  rebuildStore(): Promise<RebuildResult>;
  /** The case store this process's worker and API share (the benchmark counts its queries). */
  store: CaseStore;
  /** The settings it runs with (lib/config), `npm start`'s own defaults filled in. */
  config: Config;
}

/**
 * The settings of `npm start`: the environment's, checked as given, then with what keeps the first hour easy where
 * the environment says nothing: the API's own token secret (generated into the data folder) and local sign-in to the
 * workbench, unless an identity provider is named; no 503-under-pressure, since the worker shares the API's process
 * (loading and replaying workflows lags its event loop for seconds); and the embedded Temporal dev server, unless
 * TEMPORAL_ADDRESS or a profile points elsewhere.
 */
export function startSettings(env: Environment): { config: Config; embedded: boolean } {
  const given = loadConfig(env);
  const defaults: Record<string, string> = {};
  if (!given.api.AUTH_JWKS_URL) {
    defaults.AUTH_JWT_SECRET = localJwtSecret(given.api);
    // On one machine (the API on loopback, which the API checks at its start), people sign in to the workbench by
    // picking a role. Set WORKBENCH_LOCAL_SIGNIN=false to turn it off here too.
    if (env.WORKBENCH_LOCAL_SIGNIN === undefined) defaults.WORKBENCH_LOCAL_SIGNIN = 'true';
  }
  if (env.MAX_EVENT_LOOP_DELAY_MS === undefined) defaults.MAX_EVENT_LOOP_DELAY_MS = '0';
  const embedded = wantsEmbeddedTemporal({ ...given.temporal, ...given.embedded });
  if (embedded) {
    defaults.TEMPORAL_ADDRESS = `127.0.0.1:${given.embedded.TEMPORAL_PORT}`;
    if (env.TEMPORAL_UI_URL === undefined)
      defaults.TEMPORAL_UI_URL = `http://localhost:${given.embedded.TEMPORAL_UI_PORT}`;
  }
  return { config: loadConfig({ ...env, ...defaults }), embedded };
}

export async function startEverything(): Promise<RunningSystem> {
  const { config, embedded } = startSettings(process.env);
  // Refused before anything starts (the API checks it again): local sign-in is for this machine only.
  const unsafe = unsafeConfiguration(config.api);
  if (unsafe) throw new UnsafeConfigurationError(unsafe);
  let devServer: Awaited<ReturnType<typeof startDevServer>> | undefined;
  if (embedded) {
    devServer = await startDevServer(config);
    await setRetention(devServer.address, config.embedded.TEMPORAL_RETENTION);
  }

  const settings = temporalSettings(config.temporal);
  await ensureSearchAttributes(settings, log);

  const workerLog = createLogger('worker', config.common);
  startTracing('supervision-patrol', config.common);
  // This process stops the worker itself, in order: API, worker, then the dev server.
  installPinoRuntime(workerLog, config.worker, { shutdownSignals: [] });
  const connection = await NativeConnection.connect(settings.connection);
  const codecKeys = loadCodecKeys(config.temporal);
  // One case store for the worker and the API of this process (PGlite is one process's, on disk in the data folder).
  const store = await CaseStore.open(storeLocation(config.store));
  const client = await connectClient(settings, codecKeys);
  const workerOptions = {
    connection,
    namespace: settings.namespace,
    taskQueue: settings.taskQueue,
    codecKeys,
    ...workerTuning(config.worker),
    deps: loadActivityDeps(workerLog, store, config, { client, taskQueue: settings.taskQueue }),
  };
  await ensureStandingWork(client, settings.taskQueue, workerOptions.deps.retention, workerLog);
  const worker = await createCaseWorker(workerOptions);
  const workerDone = runAlongside(worker.run(), await createRobotWorkers(workerOptions));

  // The store's own key (issue 30): rows sealed before it (with the payload keys, which this process holds) or with a
  // retired store key are moved to the current one, as `npm run store:reseal` does; idempotent, so a start after a
  // crash finishes the job.
  const storeKeys = loadStoreKeys(config.store, store.location);
  const resealed = await resealStore(store, storeKeys, { openOld: (blob) => openOldStoreRow(codecKeys, blob) });
  if (resealed.resealed) log.info({ resealed: resealed.resealed }, 'sealed rows moved to the current store key');
  if (resealed.failed.length) {
    log.warn(
      { failed: resealed.failed.map((f) => f.id) },
      'some sealed rows open with no key this process has: set the missing key in STORE_SEALING_KEYS and restart',
    );
  }
  const app = await buildApp({ config, logger: createLogger('api', config.common), store, codecKeys, storeKeys });
  await app.listen({ host: app.config.HOST, port: app.config.PORT });

  let stopping: Promise<void> | undefined;
  const stop = (reason: string) =>
    (stopping ??= (async () => {
      log.info({ reason }, 'stopping: API, then worker, then Temporal');
      await app.close();
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerDone.catch(() => undefined);
      await connection.close();
      await client.connection.close();
      await store.close();
      if (devServer && devServer.child.exitCode === null) {
        const exited = new Promise((resolve) => devServer.child.once('exit', resolve));
        devServer.child.kill('SIGTERM');
        await exited;
      }
      log.info('stopped');
    })());
  return {
    apiUrl: `http://localhost:${app.config.PORT}`,
    uiUrl: app.config.TEMPORAL_UI_URL,
    namespace: settings.namespace,
    temporalAddress: settings.connection.address ?? 'localhost:7233',
    client,
    stop,
    workerDone,
    rebuildStore: () => rebuildStore(client, store, log, config.worker),
    store,
    config,
  };
}

/** Stop cleanly on Ctrl-C / SIGTERM, or when the worker fails. */
export function stopOnSignals(system: RunningSystem): void {
  const stop = (reason: string) => void system.stop(reason).then(() => process.exit(0));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, stop);
  system.workerDone.catch((err: unknown) => {
    log.error({ err }, 'worker failed');
    stop('worker-failed');
  });
}

async function main(): Promise<void> {
  const system = await startEverything();
  stopOnSignals(system);
  if (process.argv.includes('--rebuild-store')) {
    // This process holds the embedded store: it brings it up to date itself (its worker answers the queries).
    const result = await system.rebuildStore();
    if (result.failed.length)
      log.warn({ failed: result.failed }, 'some executions could not be brought into the store');
  }
  const settings = temporalSettings(system.config.temporal);
  process.stderr.write(
    [
      '',
      '  山西省脱贫攻坚督查巡查 案件系统 is running',
      `  API          ${system.apiUrl}`,
      `  API docs     ${system.apiUrl}/docs`,
      `  Temporal UI  ${system.uiUrl}/namespaces/${system.namespace}/workflows`,
      `  Temporal     ${settings.connection.address} (namespace ${settings.namespace}, task queue ${settings.taskQueue})`,
      '  A token:     npm run -s token -- --role office',
      '  Stop:        Ctrl-C',
      '',
    ].join('\n') + '\n',
  );
}

if (require.main === module) {
  main().catch((err: unknown) => {
    log.error({ err }, 'start failed');
    process.exit(1);
  });
}
