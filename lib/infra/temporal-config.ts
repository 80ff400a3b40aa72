import { accessSync, constants } from 'node:fs';
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

/** The files of mutual TLS to the frontend (compose and `npm run cluster` set all three). */
const tlsFiles = [
  'TEMPORAL_TLS_CLIENT_CERT_PATH',
  'TEMPORAL_TLS_CLIENT_KEY_PATH',
  'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
] as const;

/**
 * A certificate without its key (or a key without its certificate) would connect with no client certificate at all,
 * and a file that is not there would fail inside the SDK without naming the setting: both stop the start here.
 */
function checkTlsFiles(env: Record<string, string>): void {
  const [cert, key] = [env.TEMPORAL_TLS_CLIENT_CERT_PATH, env.TEMPORAL_TLS_CLIENT_KEY_PATH];
  if (!cert !== !key) {
    throw new Error(
      'TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH go together: set both (mutual TLS) or neither',
    );
  }
  for (const name of tlsFiles) {
    const file = env[name];
    if (!file) continue;
    try {
      accessSync(file, constants.R_OK);
    } catch (err) {
      throw new Error(`${name}=${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }
}

/**
 * Where Temporal is, following the SDK's environment configuration conventions (@temporalio/envconfig):
 * `TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`, `TEMPORAL_API_KEY`, `TEMPORAL_TLS*`, `TEMPORAL_PROFILE` and the
 * `temporal.toml` profile file. Defaults: localhost:7233, namespace `default`. Mutual TLS (compose, `npm run
 * cluster`): `TEMPORAL_TLS_CLIENT_CERT_PATH` and `TEMPORAL_TLS_CLIENT_KEY_PATH` (this process's certificate) and
 * `TEMPORAL_TLS_SERVER_CA_CERT_PATH` (the CA of the frontend's certificate), read once at connect: a renewed
 * certificate takes effect at the next start. The embedded dev server of `npm start` has no TLS (loopback only).
 *
 * `settings` is the Temporal section of lib/config: envconfig reads these, never the process's environment.
 *
 * @example
 * const { connection, namespace, taskQueue } = temporalSettings(config.temporal);
 * const client = await connectClient({ connection, namespace, taskQueue }, codecKeys); // lib/infra/temporal-client.ts
 */
export function temporalSettings(settings: Readonly<Record<string, string | undefined>>): TemporalSettings {
  const overrideEnvVars = Object.fromEntries(
    Object.entries(settings).filter((e): e is [string, string] => e[1] !== undefined),
  );
  checkTlsFiles(overrideEnvVars);
  const { connectionOptions, namespace } = loadClientConnectConfig({ overrideEnvVars });
  return {
    connection: { ...connectionOptions, address: connectionOptions.address ?? 'localhost:7233' },
    namespace: namespace ?? 'default',
    taskQueue: settings.TEMPORAL_TASK_QUEUE ?? defaultTaskQueue,
  };
}

/**
 * `npm start` runs its own Temporal dev server unless the user points at one: any of `TEMPORAL_ADDRESS`,
 * `TEMPORAL_PROFILE` or `TEMPORAL_CONFIG_FILE` set, or `TEMPORAL_EMBEDDED=false`.
 */
export function wantsEmbeddedTemporal(settings: {
  TEMPORAL_EMBEDDED?: boolean;
  TEMPORAL_ADDRESS?: string;
  TEMPORAL_PROFILE?: string;
  TEMPORAL_CONFIG_FILE?: string;
}): boolean {
  if (settings.TEMPORAL_EMBEDDED !== undefined) return settings.TEMPORAL_EMBEDDED;
  return !settings.TEMPORAL_ADDRESS && !settings.TEMPORAL_PROFILE && !settings.TEMPORAL_CONFIG_FILE;
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
