import { existsSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import path from 'node:path';
import type { NativeConnection } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import type { WorkerOptions } from '@temporalio/worker';
import { sharedWorkflowModules } from './shared-modules';
import type { Context } from '@temporalio/activity';
import { OpenTelemetryActivityInboundInterceptor, makeWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import { tracing } from '../lib/infra/tracing';
import type { ActivityDeps } from '../activities';
import { createActivities } from '../activities';
import type { CodecKeys } from '../lib/infra/codec';
import { sealedDataConverter } from '../lib/infra/codec';
import { robotTaskQueue } from '../workflows/engine/robot-queue';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { RetentionPolicy } from '../lib/calendar/retention-policy';
import { startAuditWatch } from './audit-watch';
import { ensureRetentionSchedule } from './retention-schedule';

export interface CaseWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** The payload keys (lib/infra/codec.ts): everything the worker sends is sealed, and what is not sealed is refused. */
  codecKeys: CodecKeys;
  /** Which workflow code to run (tests of upgrades run two builds); default the built bundle, else workflows/. */
  workflows?: { workflowsPath: string } | { workflowBundle: { code: string } | { codePath: string } };
  /** `WORKER_CACHED_WORKFLOWS` of the worker section (lib/config); default the SDK's (`cachedWorkflows`). */
  cachedWorkflows?: number;
  /** Slots and pollers (`workerTuning` of the worker section), as the SDK's options; each unset is the SDK's default. */
  tuning?: WorkerTuning;
}

/** How many tasks of each kind a worker runs at once, and how many long polls it keeps open (docs/performance.md). */
export type WorkerTuning = Pick<
  WorkerOptions,
  | 'maxConcurrentWorkflowTaskExecutions'
  | 'maxConcurrentActivityTaskExecutions'
  | 'maxConcurrentLocalActivityExecutions'
  | 'workflowTaskPollerBehavior'
  | 'activityTaskPollerBehavior'
>;

/** The worker section's settings of its cache, slots and pollers (lib/config/sections.ts). */
type WorkerSettings = Partial<
  Record<
    | 'WORKER_CACHED_WORKFLOWS'
    | 'WORKER_WORKFLOW_TASK_SLOTS'
    | 'WORKER_ACTIVITY_TASK_SLOTS'
    | 'WORKER_LOCAL_ACTIVITY_SLOTS'
    | 'WORKER_WORKFLOW_POLLERS'
    | 'WORKER_ACTIVITY_POLLERS',
    number
  >
>;

/** The worker section's settings as the options `createCaseWorker` takes: only those that are set. */
export function workerTuning(w: WorkerSettings): Pick<CaseWorkerOptions, 'cachedWorkflows' | 'tuning'> {
  const poller = (maximum?: number) => (maximum ? { type: 'simple-maximum' as const, maximum } : undefined);
  const tuning: WorkerTuning = {
    maxConcurrentWorkflowTaskExecutions: w.WORKER_WORKFLOW_TASK_SLOTS,
    maxConcurrentActivityTaskExecutions: w.WORKER_ACTIVITY_TASK_SLOTS,
    maxConcurrentLocalActivityExecutions: w.WORKER_LOCAL_ACTIVITY_SLOTS,
    workflowTaskPollerBehavior: poller(w.WORKER_WORKFLOW_POLLERS),
    activityTaskPollerBehavior: poller(w.WORKER_ACTIVITY_POLLERS),
  };
  const given = Object.fromEntries(Object.entries(tuning).filter(([, v]) => v !== undefined)) as WorkerTuning;
  return {
    ...(w.WORKER_CACHED_WORKFLOWS ? { cachedWorkflows: w.WORKER_CACHED_WORKFLOWS } : {}),
    ...(Object.keys(given).length ? { tuning: given } : {}),
  };
}

/**
 * How many workflows the worker keeps in memory between their tasks (its sticky cache): `WORKER_CACHED_WORKFLOWS` (a
 * whole number of at least 2, checked with the worker section of lib/config), or the SDK's own default, which grows with the heap (about 2,300 on a 4 GiB heap; the same formula as the SDK's, so
 * that the bench can print it). A case outside the cache is replayed from its history when its next task comes. A
 * cache of 200 made a cluster worker smaller after a storm of 1,000 deadlines (366–415 MiB instead of 503–532) but the
 * storm 9 times slower (each timer woke a case that had to be replayed), so the default stays the SDK's
 * (docs/performance.md).
 */
export function cachedWorkflows(setting?: number): number {
  if (setting !== undefined) return setting;
  const heapMiB = getHeapStatistics().heap_size_limit / 2 ** 20;
  return Math.max(Math.floor((Math.max(heapMiB - 200, 0) * 600) / 1024), 10);
}

/** The bundle `npm run build` writes next to the compiled worker (absent when running from source, as in tests). */
const builtBundle = path.resolve(__dirname, '..', 'workflow-bundle.js');

/**
 * The worker that hosts every case workflow and its activities.
 *
 * @example
 * const connection = await NativeConnection.connect({ address: 'localhost:7233' });
 * const deps = loadActivityDeps(logger, store, config, { client, taskQueue: 'supervision-patrol' });
 * const worker = await createCaseWorker({
 *   connection, namespace: 'default', taskQueue: 'supervision-patrol', deps, codecKeys: loadCodecKeys(config.temporal),
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
        : {
            workflowsPath: require.resolve('../workflows'),
            bundlerOptions: { preloadModules: sharedWorkflowModules(require.resolve('../workflows')) },
          })),
    ...(traced
      ? {
          interceptors: {
            workflowModules: [require.resolve('./tracing-interceptors')],
            activity: [(ctx: Context) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx) })],
          },
          sinks: { exporter: makeWorkflowExporter(traced.processor, traced.resource) },
        }
      : {}),
    maxCachedWorkflows: cachedWorkflows(options.cachedWorkflows),
    ...options.tuning,
    activities: createActivities(options.deps),
    dataConverter: sealedDataConverter(options.codecKeys, 'mark'),
  });
}

/**
 * One activity worker per group robot of the routes file (issue 19), polling the robot's own task queue
 * (workflows/engine/robot-queue.ts) for its deliveries only. The server dispatches that queue's activities at most at
 * the robot's rate, counted across every worker (`maxTaskQueueActivitiesPerSecond`), one message a minute below it so
 * that a burst at the start of a minute stays within the service's limit: a burst of notices waits in the queue, in
 * order, and none is dropped. Retries count too, so a robot that is being refused is not hammered.
 */
export async function createRobotWorkers(options: CaseWorkerOptions): Promise<Worker[]> {
  const activities = createActivities(options.deps);
  return Promise.all(
    [...options.deps.routes.robots.values()].map((robot) =>
      Worker.create({
        connection: options.connection,
        namespace: options.namespace,
        taskQueue: robotTaskQueue(options.taskQueue, robot.name),
        activities: { deliverRobot: activities.deliverRobot.bind(activities) },
        maxTaskQueueActivitiesPerSecond: (robot.perMinute - 1) / 60,
        maxConcurrentActivityTaskExecutions: 1,
        dataConverter: sealedDataConverter(options.codecKeys, 'mark'),
      }),
    ),
  );
}

/** Run `robots` as long as the case worker runs (`main`, its `run()`), then stop them and wait for them. */
export function runAlongside(main: Promise<void>, robots: Worker[]): Promise<void> {
  const runs = robots.map((w) => w.run());
  return main.finally(async () => {
    for (const w of robots) if (w.getState() === 'RUNNING') w.shutdown();
    await Promise.allSettled(runs);
  });
}

/**
 * What a worker's start sees to besides its workers (issue 33), for `npm run worker` and `npm start` alike: the daily
 * retention Schedule, created or brought to this release's form, and the audit trail's watcher, unless it runs.
 */
export async function ensureStandingWork(
  client: Client,
  taskQueue: string,
  retention: RetentionPolicy,
  logger?: Logger,
): Promise<void> {
  await ensureRetentionSchedule(client, taskQueue, retention, logger);
  await startAuditWatch(client, taskQueue, logger);
}
