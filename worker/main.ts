// Entry point of a stand-alone worker process (docker-compose `worker`, `npm run worker`).
import { startTracing } from '../lib/infra/tracing';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../lib/config';
import { loadCodecKeys } from '../lib/infra/codec';
import { createLogger } from '../lib/infra/logger';
import { CaseStore, storeLocation } from '../lib/store/case-store';
import { connectClient } from '../lib/infra/temporal-client';
import { temporalSettings } from '../lib/infra/temporal-config';
import { loadActivityDeps } from '../activities';
import { createCaseWorker, createRobotWorkers, ensureStandingWork, runAlongside, workerTuning } from './index';
import { installPinoRuntime } from './logging';
import { ensureSearchAttributes } from './search-attributes';

/** The sections of the configuration the worker reads (lib/config). */
export const workerSections = ['common', 'worker', 'temporal', 'store', 'channels'] as const;

export async function runWorker(): Promise<void> {
  // Every setting of the worker, checked once (a bad value stops the start naming it); secrets may come from files
  // (NAME_FILE): SMTP_URL, DATABASE_URL, the channels' credentials.
  const config = loadConfig(process.env, workerSections);
  const logger = createLogger('worker', config.common);
  installPinoRuntime(logger, config.worker);
  startTracing('supervision-patrol-worker', config.common);
  const settings = temporalSettings(config.temporal);
  await ensureSearchAttributes(settings, logger);
  const connection = await NativeConnection.connect(settings.connection);
  const codecKeys = loadCodecKeys(config.temporal);
  const store = await CaseStore.open(storeLocation(config.store));
  // The schedule activity (annual plan → comprehensive round) and the retention schedule use a client.
  const client = await connectClient(settings, codecKeys);
  try {
    const options = {
      connection,
      namespace: settings.namespace,
      taskQueue: settings.taskQueue,
      codecKeys,
      ...workerTuning(config.worker),
      deps: loadActivityDeps(logger, store, config, { client, taskQueue: settings.taskQueue }),
    };
    await ensureStandingWork(client, settings.taskQueue, options.deps.retention, logger);
    const worker = await createCaseWorker(options);
    const robots = await createRobotWorkers(options);
    logger.info(
      { address: settings.connection.address, namespace: settings.namespace, taskQueue: settings.taskQueue },
      'worker started',
    );
    // Worker.run() handles SIGINT/SIGTERM: it finishes in-flight tasks, then resolves.
    await runAlongside(worker.run(), robots);
  } finally {
    await connection.close();
    await client.connection.close();
    await store.close();
  }
}

if (require.main === module) {
  runWorker().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
