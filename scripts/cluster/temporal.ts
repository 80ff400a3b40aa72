// The cluster's Temporal server on its PostgreSQL, as compose's `temporal` service runs its image: the set-up jobs of
// compose with the same scripts (Temporal's schemas, the case store's database, the namespace), then
// `temporal-server start` with the server's embedded configuration template and compose's environment.
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { PostgresServer } from '../../lib/infra/postgres-server';
import { postgresBinDir, projectRoot, temporalCliPath } from '../../lib/infra/tools';
import { composeService, composeTls, localCertPaths, temporalServerDir } from './compose';
import { managed, runScript, until } from './processes';
import type { ClusterProcess, Env } from './types';

/** What the parts of a cluster start from: its folders, first port, secrets and what the compose files read. */
export interface Setup {
  say: (line: string) => void;
  dataDir: string;
  logDir: string;
  setupLog: NodeJS.WritableStream;
  base: number;
  secret: Env;
  certsDir: string;
  /** What the compose files read, as they read it: the secrets and a stand-in for the API's address. */
  composeEnv: Env;
}

export interface TemporalServer {
  temporal: ClusterProcess;
  temporalAddress: string;
  /** The name in the frontend's certificate, which every client checks (TEMPORAL_TLS_SERVER_NAME). */
  frontendName: string;
  adminEnv: Env;
}

const pathWith = (...dirs: string[]) => [...dirs, process.env.PATH ?? ''].join(path.delimiter);

/** The set-up jobs of compose, run with the same scripts: Temporal's schemas, the case store's database. */
async function setUpDatabases(setup: Setup, postgres: PostgresServer, environment: Env, serverDir: string) {
  const { secret, setupLog } = setup;
  const pgBin = postgresBinDir()!;
  await runScript(
    'deploy/temporal/setup-postgres.sh',
    {
      ...(process.env as Env),
      ...environment,
      POSTGRES_SEEDS: '127.0.0.1',
      DB_PORT: String(postgres.port),
      SQL_PASSWORD: secret.POSTGRES_PASSWORD!,
      TEMPORAL_SCHEMA_DIR: path.join(serverDir, 'schema'),
      PATH: pathWith(serverDir),
    },
    setupLog,
  );
  await runScript(
    'deploy/postgres/setup-cases-db.sh',
    {
      ...(process.env as Env),
      PGHOST: '127.0.0.1',
      PGPORT: String(postgres.port),
      POSTGRES_PASSWORD: secret.POSTGRES_PASSWORD!,
      CASES_DB_PASSWORD: secret.CASES_DB_PASSWORD!,
      PATH: pathWith(pgBin),
    },
    setupLog,
  );
}

/** The server's environment: compose's, with the cluster's certificate paths, database and ports. */
function serverEnvOf({ base, certsDir }: Setup, postgres: PostgresServer, environment: Env): Env {
  return {
    ...(process.env as Env),
    ...localCertPaths(environment, certsDir),
    POSTGRES_SEEDS: '127.0.0.1',
    DB_PORT: String(postgres.port),
    BIND_ON_IP: '127.0.0.1',
    DYNAMIC_CONFIG_FILE_PATH: path.join(
      projectRoot,
      environment.DYNAMIC_CONFIG_FILE_PATH!.replace(/^config/, 'deploy/temporal'),
    ),
    FRONTEND_GRPC_PORT: String(base),
    HISTORY_GRPC_PORT: String(base + 1),
    MATCHING_GRPC_PORT: String(base + 2),
    INTERNAL_FRONTEND_GRPC_PORT: String(base + 3),
    WORKER_GRPC_PORT: String(base + 4),
    FRONTEND_HTTP_PORT: String(base + 5),
    INTERNAL_FRONTEND_HTTP_PORT: String(base + 6),
    FRONTEND_MEMBERSHIP_PORT: String(base + 10),
    HISTORY_MEMBERSHIP_PORT: String(base + 11),
    MATCHING_MEMBERSHIP_PORT: String(base + 12),
    INTERNAL_FRONTEND_MEMBERSHIP_PORT: String(base + 13),
    WORKER_MEMBERSHIP_PORT: String(base + 14),
    PROMETHEUS_ENDPOINT: `127.0.0.1:${base + 20}`,
    PPROF_PORT: '0',
  };
}

/** The databases set up, the server started (`started` gets its stop) and the namespace made. */
export async function startTemporal(
  setup: Setup,
  postgres: PostgresServer,
  started: Array<{ stop(): Promise<void> }>,
): Promise<TemporalServer> {
  const { say, base, certsDir, composeEnv, logDir, setupLog } = setup;
  const { version, environment } = composeService('temporal', composeEnv);
  const serverDir = temporalServerDir(version);
  await setUpDatabases(setup, postgres, environment, serverDir);
  say(`schemas of Temporal ${version} and the case store's database ready`);

  const serverEnv = serverEnvOf(setup, postgres, environment);
  const temporalAddress = `127.0.0.1:${base}`;
  // The set-up jobs and the CLI present the admin certificate, as compose's `temporal-create-namespace` does.
  // Compose's clients reach the frontend by its service name, which its certificate holds; here they reach it by
  // address, and check that same name (TEMPORAL_TLS_SERVER_NAME; no TLS server name may be an IP address).
  const frontendName = composeService(
    'worker',
    composeEnv,
    (k) => k === 'TEMPORAL_ADDRESS',
  ).environment.TEMPORAL_ADDRESS!.split(':')[0]!;
  const adminEnv: Env = {
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_TLS_SERVER_NAME: frontendName,
    ...composeTls('temporal-create-namespace', composeEnv, certsDir),
  };
  const cli = temporalCliPath();
  const healthy = () =>
    new Promise<boolean>((resolve) => {
      const check = spawn(cli, ['operator', 'cluster', 'health', '--address', temporalAddress], {
        stdio: 'ignore',
        env: { ...process.env, ...adminEnv },
      });
      check.once('exit', (code) => resolve(code === 0));
    });
  const temporal = managed('temporal', path.join(serverDir, 'temporal-server'), ['start'], serverEnv, logDir, () =>
    until('the Temporal server', healthy),
  );
  await temporal.start();
  started.push({ stop: () => temporal.kill() });
  await runScript(
    'deploy/temporal/create-namespace.sh',
    {
      ...(process.env as Env),
      ...adminEnv,
      DEFAULT_NAMESPACE: 'default',
      TEMPORAL_RETENTION: process.env.TEMPORAL_RETENTION ?? '30d',
      PATH: pathWith(path.dirname(cli)),
    },
    setupLog,
  );
  say(
    `Temporal ${version} on ${temporalAddress}, mutual TLS (metrics http://127.0.0.1:${base + 20}/metrics), namespace default`,
  );
  return { temporal, temporalAddress, frontendName, adminEnv };
}
