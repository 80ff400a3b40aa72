// Entry point of a stand-alone worker process (docker-compose `worker`, `npm run worker`).
import { startTracing, tracedClientOptions } from '../lib/infra/tracing';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadCodecKeys, sealedDataConverter } from '../lib/infra/codec';
import { loadSecretFiles } from '../lib/infra/secret-files';
import { createLogger } from '../lib/infra/logger';
import { CaseStore, storeLocation } from '../lib/store/case-store';
import { temporalSettings } from '../lib/infra/temporal-config';
import { loadActivityDeps } from '../activities';
import { createCaseWorker, createRobotWorkers, runAlongside } from './index';
import { installPinoRuntime } from './logging';
import { ensureSearchAttributes } from './search-attributes';

export async function runWorker(): Promise<void> {
  // Every setting may come from a file (NAME_FILE): SMTP_URL, DATABASE_URL, the channels' credentials.
  loadSecretFiles();
  const logger = createLogger('worker');
  installPinoRuntime(logger);
  startTracing('supervision-patrol-worker');
  const settings = temporalSettings();
  await ensureSearchAttributes(settings, logger);
  const connection = await NativeConnection.connect(settings.connection);
  // The schedule activity (annual plan → comprehensive round) uses a client.
  const clientConnection = await Connection.connect(settings.connection);
  const codecKeys = loadCodecKeys();
  const store = await CaseStore.open(storeLocation());
  const client = new Client({
    connection: clientConnection,
    namespace: settings.namespace,
    dataConverter: sealedDataConverter(codecKeys),
    ...tracedClientOptions(),
  });
  try {
    const options = {
      connection,
      namespace: settings.namespace,
      taskQueue: settings.taskQueue,
      codecKeys,
      deps: loadActivityDeps(logger, store, process.env, { client, taskQueue: settings.taskQueue }),
    };
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
    await clientConnection.close();
    await store.close();
  }
}

if (require.main === module) {
  runWorker().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
