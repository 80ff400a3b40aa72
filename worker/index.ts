import type { NativeConnection } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import type { ActivityDeps } from '../activities';
import { createActivities } from '../activities';

export interface CaseWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** A pre-built workflow bundle (tests share one); by default the worker bundles workflows/ itself. */
  workflowBundle?: { code: string };
}

/**
 * The worker that hosts every case workflow and its activities.
 *
 * @example
 * const worker = await createCaseWorker({ connection, namespace: 'default', taskQueue, deps: { logger } });
 * await worker.run();
 */
export async function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: require.resolve('../workflows') }),
    activities: createActivities(options.deps),
  });
}
