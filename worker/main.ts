// Entry point of a stand-alone worker process (docker-compose `worker`, `npm run worker`).
import { NativeConnection } from '@temporalio/worker';
import { createLogger } from '../lib/logger';
import { temporalSettings } from '../lib/temporal-config';
import { loadActivityDeps } from '../activities';
import { createCaseWorker } from './index';
import { installPinoRuntime } from './logging';
import { ensureSearchAttributes } from './search-attributes';

export async function runWorker(): Promise<void> {
  const logger = createLogger('worker');
  installPinoRuntime(logger);
  const settings = temporalSettings();
  await ensureSearchAttributes(settings, logger);
  const connection = await NativeConnection.connect(settings.connection);
  try {
    const worker = await createCaseWorker({
      connection,
      namespace: settings.namespace,
      taskQueue: settings.taskQueue,
      deps: loadActivityDeps(logger),
    });
    logger.info(
      { address: settings.connection.address, namespace: settings.namespace, taskQueue: settings.taskQueue },
      'worker started',
    );
    // Worker.run() handles SIGINT/SIGTERM: it finishes in-flight tasks, then resolves.
    await worker.run();
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  runWorker().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
