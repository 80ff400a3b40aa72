// The shapes of `npm run cluster` (scripts/cluster.ts): its options, its processes and what a started cluster offers.
import type { PostgresServer } from '../../lib/infra/postgres-server';

export type Env = Record<string, string>;

export interface ClusterOptions {
  /** Where the cluster keeps its data, secrets and logs (default .data/cluster). */
  dataDir?: string;
  /** First of 40 consecutive ports (default 7400; Temporal's frontend listens on it). */
  basePort?: number;
  workers?: number;
  apis?: number;
  /** Extra settings for the workers and the APIs (tests: a compressed deadline policy, log level). */
  appEnv?: Env;
  /** Where progress lines go (default stderr). */
  say?: (line: string) => void;
}

export interface ClusterProcess {
  name: string;
  /** The environment it runs with. */
  env: Env;
  /** Stop it: SIGTERM (graceful) or SIGKILL (a crash). */
  kill(signal?: NodeJS.Signals): Promise<void>;
  start(): Promise<void>;
  running(): boolean;
  pid(): number | undefined;
}

export interface Cluster {
  temporalAddress: string;
  namespace: string;
  apiUrls: string[];
  uiUrl: string;
  /** Prometheus endpoints: Temporal's, each worker's (SDK core), each API's (`/metrics`, bearer METRICS_TOKEN). */
  metricsUrl: string;
  workerMetricsUrls: string[];
  /** Settings of the workers and the APIs (Temporal address, case store, keys, JWT secret). */
  appEnv: Env;
  /**
   * A Temporal client's settings with the admin certificate (TEMPORAL_ADDRESS, TEMPORAL_TLS_*), for the CLI, the SDK
   * (lib/infra/temporal-config.ts temporalSettings) and the tests. The frontend refuses a client without a certificate.
   */
  adminEnv: Env;
  /** The certificates' folder: ca.pem and <name>/cert.pem, key.pem (scripts/certs.ts). */
  certsDir: string;
  postgres: PostgresServer;
  temporal: ClusterProcess;
  ui: ClusterProcess;
  workers: ClusterProcess[];
  apis: ClusterProcess[];
  stop(): Promise<void>;
}
