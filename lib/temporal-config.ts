import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';

/** Task queue of the case workers (`TEMPORAL_TASK_QUEUE`). */
export const defaultTaskQueue = 'supervision-patrol';

export interface TemporalSettings {
  /** Connection options in the shape both `Connection.connect` and `NativeConnection.connect` take. */
  connection: NativeConnectionOptions;
  namespace: string;
  taskQueue: string;
}

/**
 * Where Temporal is, following the SDK's environment configuration conventions (@temporalio/envconfig):
 * `TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`, `TEMPORAL_API_KEY`, `TEMPORAL_TLS*`, `TEMPORAL_PROFILE` and the
 * `temporal.toml` profile file. Defaults: localhost:7233, namespace `default`.
 *
 * @example
 * const { connection, namespace, taskQueue } = temporalSettings();
 * const client = new Client({ connection: await Connection.connect(connection), namespace });
 */
export function temporalSettings(env: NodeJS.ProcessEnv = process.env): TemporalSettings {
  const overrideEnvVars = Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined),
  );
  const { connectionOptions, namespace } = loadClientConnectConfig({ overrideEnvVars });
  return {
    connection: { ...connectionOptions, address: connectionOptions.address ?? 'localhost:7233' },
    namespace: namespace ?? 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE ?? defaultTaskQueue,
  };
}

/**
 * `npm start` runs its own Temporal dev server unless the user points at one: any of `TEMPORAL_ADDRESS`,
 * `TEMPORAL_PROFILE` or `TEMPORAL_CONFIG_FILE` set, or `TEMPORAL_EMBEDDED=false`.
 */
export function wantsEmbeddedTemporal(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.TEMPORAL_EMBEDDED !== undefined) return env.TEMPORAL_EMBEDDED !== 'false';
  return !env.TEMPORAL_ADDRESS && !env.TEMPORAL_PROFILE && !env.TEMPORAL_CONFIG_FILE;
}

/**
 * The dev server's dynamic config (`npm start`, the tests): one partition per task queue. The server divides a queue's
 * rate limit among its partitions, unevenly under a burst, so a robot's queue (`maxTaskQueueActivitiesPerSecond`,
 * worker/index.ts) dispatched at about 13 a minute of its 19 on the default 4 partitions, and at 19 on one
 * (`npm run bench -- --robot-rate`). One partition is ample for this system's load. The production cluster sets the
 * same in deploy/temporal/dynamicconfig.
 */
export const onePartitionPerQueue = [
  '--dynamic-config-value',
  'matching.numTaskqueueReadPartitions=1',
  '--dynamic-config-value',
  'matching.numTaskqueueWritePartitions=1',
];
