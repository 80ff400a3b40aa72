import { existsSync } from 'node:fs';
import path from 'node:path';
import type { NativeConnection } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import type { Context } from '@temporalio/activity';
import { OpenTelemetryActivityInboundInterceptor, makeWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import { tracing } from '../lib/tracing';
import type { ActivityDeps } from '../activities';
import { createActivities } from '../activities';
import type { CodecKeys } from '../lib/codec';
import { sealedDataConverter } from '../lib/codec';

export interface CaseWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** The payload keys (lib/codec.ts): everything the worker sends is sealed, and what is not sealed is refused. */
  codecKeys: CodecKeys;
  /** Which workflow code to run (tests of upgrades run two builds); default the built bundle, else workflows/. */
  workflows?: { workflowsPath: string } | { workflowBundle: { code: string } };
}

/**
 * How many workflows the worker keeps in memory between their tasks (its sticky cache), from `WORKER_CACHED_WORKFLOWS`
 * (default 250). A case outside it is replayed from its history when its next task comes, which a human step hours
 * apart can afford; the cache is what a worker's memory grows with (`npm run bench` prints RSS at 1,000 and 10,000
 * open cases). The SDK's own default grows with the heap (about 900 on a 4 GiB heap).
 */
export function cachedWorkflows(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.WORKER_CACHED_WORKFLOWS;
  if (raw === undefined || raw === '') return 250;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 2) {
    throw new Error(`WORKER_CACHED_WORKFLOWS must be a whole number of at least 2, not "${raw}"`);
  }
  return n;
}

/** The bundle `npm run build` writes next to the compiled worker (absent when running from source, as in tests). */
const builtBundle = path.resolve(__dirname, '..', 'workflow-bundle.js');

/**
 * The worker that hosts every case workflow and its activities.
 *
 * @example
 * const connection = await NativeConnection.connect({ address: 'localhost:7233' });
 * const deps = loadActivityDeps(logger, process.env, { client, taskQueue: 'supervision-patrol' });
 * const worker = await createCaseWorker({
 *   connection, namespace: 'default', taskQueue: 'supervision-patrol', deps, codecKeys: loadCodecKeys(),
 * });
 * await worker.run();
 */
export async function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  const traced = tracing();
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    // `npm run build`'s bundle when running built code; from source (tests) the worker bundles workflows/ itself. With
    // tracing on, the worker bundles at start with the tracing interceptors (a built bundle has none).
    ...(options.workflows ??
      (existsSync(builtBundle) && !traced
        ? { workflowBundle: { codePath: builtBundle } }
        : { workflowsPath: require.resolve('../workflows') })),
    ...(traced
      ? {
          interceptors: {
            workflowModules: [require.resolve('./tracing-interceptors')],
            activity: [(ctx: Context) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx) })],
          },
          sinks: { exporter: makeWorkflowExporter(traced.processor, traced.resource) },
        }
      : {}),
    maxCachedWorkflows: cachedWorkflows(),
    activities: createActivities(options.deps),
    dataConverter: sealedDataConverter(options.codecKeys, 'mark'),
  });
}
