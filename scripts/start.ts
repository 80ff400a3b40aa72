// `npm start`: the embedded default. Temporal dev server (SQLite in .data/, UI on 8233) unless TEMPORAL_ADDRESS
// or a profile points elsewhere; then the worker and the API in this process. Ctrl-C stops all of it.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { buildApp } from '../api/app';
import { dataDir, localJwtSecret } from '../lib/local-secret';
import { createLogger } from '../lib/logger';
import { temporalSettings, wantsEmbeddedTemporal } from '../lib/temporal-config';
import { temporalCliPath } from '../lib/tools';
import { loadActivityDeps } from '../activities';
import { createCaseWorker } from '../worker';
import { installPinoRuntime } from '../worker/logging';
import { ensureSearchAttributes } from '../worker/search-attributes';
import { searchAttributeCliFlags } from '../workflows/search-attributes';

const log = createLogger('start');

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

async function startDevServer(): Promise<{ child: ChildProcess; address: string; uiUrl: string }> {
  const port = Number(process.env.TEMPORAL_PORT ?? 7233);
  const uiPort = Number(process.env.TEMPORAL_UI_PORT ?? 8233);
  const dir = dataDir();
  mkdirSync(dir, { recursive: true });
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
    '--log-level',
    'warn',
    ...searchAttributeCliFlags(),
  ];
  // Own process group: Ctrl-C reaches us, and we stop the server last, after the worker has drained.
  const child = spawn(temporalCliPath(), args, { stdio: ['ignore', 'inherit', 'inherit'], detached: true });
  process.on('exit', () => child.exitCode === null && child.kill('SIGTERM'));
  const address = `127.0.0.1:${port}`;
  log.info({ address, db: path.join(dir, 'temporal.sqlite') }, 'starting the Temporal dev server');
  await waitForTemporal(address, child);
  return { child, address, uiUrl: `http://localhost:${uiPort}` };
}

async function main(): Promise<void> {
  let devServer: Awaited<ReturnType<typeof startDevServer>> | undefined;
  if (wantsEmbeddedTemporal()) {
    devServer = await startDevServer();
    process.env.TEMPORAL_ADDRESS = devServer.address;
    process.env.TEMPORAL_UI_URL ??= devServer.uiUrl;
  }
  if (!process.env.AUTH_JWKS_URL) process.env.AUTH_JWT_SECRET = localJwtSecret();

  const settings = temporalSettings();
  await ensureSearchAttributes(settings, log);

  const workerLog = createLogger('worker');
  // This process stops the worker itself, in order: API, worker, then the dev server.
  installPinoRuntime(workerLog, { shutdownSignals: [] });
  const connection = await NativeConnection.connect(settings.connection);
  const worker = await createCaseWorker({
    connection,
    namespace: settings.namespace,
    taskQueue: settings.taskQueue,
    deps: loadActivityDeps(workerLog),
  });
  const workerDone = worker.run();

  const app = await buildApp({ logger: createLogger('api') });
  await app.listen({ host: app.config.HOST, port: app.config.PORT });
  const api = `http://localhost:${app.config.PORT}`;
  const ui = app.config.TEMPORAL_UI_URL;
  process.stderr.write(
    [
      '',
      '  山西省脱贫攻坚督查巡查 案件系统 is running',
      `  API          ${api}`,
      `  API docs     ${api}/docs`,
      `  Temporal UI  ${ui}/namespaces/${settings.namespace}/workflows`,
      `  Temporal     ${settings.connection.address} (namespace ${settings.namespace}, task queue ${settings.taskQueue})`,
      '  A token:     npm run -s token -- --role office',
      '  Stop:        Ctrl-C',
      '',
    ].join('\n') + '\n',
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: API, then worker, then Temporal');
    await app.close();
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await workerDone;
    await connection.close();
    if (devServer && devServer.child.exitCode === null) {
      const exited = new Promise((resolve) => devServer.child.once('exit', resolve));
      devServer.child.kill('SIGTERM');
      await exited;
    }
    log.info('stopped');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, (s) => void stop(s));
  workerDone.catch((err: unknown) => {
    log.error({ err }, 'worker failed');
    void stop('worker-failed');
  });
}

main().catch((err: unknown) => {
  log.error({ err }, 'start failed');
  process.exit(1);
});
