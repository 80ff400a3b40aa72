// `npm run cluster`: the production topology on one machine, without Docker. PostgreSQL from the machine's binaries
// (data in .data/cluster/postgres), the Temporal server built from the Go module proxy (scripts/bootstrap.js) and run
// exactly as docker-compose.yml runs its image: `temporal-server start` with the server's embedded configuration
// template, configured by the environment of compose's `temporal` service (read from docker-compose.yml, so the two
// cannot drift; only addresses and ports differ). The same set-up scripts as compose (deploy/temporal, deploy/postgres)
// make the schemas, the case store's database, the namespace with its retention and search attributes. Then two
// workers and two API processes. Every connection to the Temporal frontend is mutual TLS, with the certificates of
// compose's `certs` job made by the same script (scripts/certs.ts) into the data folder. Ctrl-C stops everything.
// `test/cluster/` drives it (npm run test:cluster). The parts are in scripts/cluster/: compose (what it reads from
// docker-compose.yml), processes, secrets, temporal (the databases and the server) and start (startCluster).
import { startCluster } from './cluster/start';
import type { Cluster } from './cluster/types';

export { composeService, temporalServerDir, temporalUiDir } from './cluster/compose';
export { freePortRange } from './cluster/processes';
export { startCluster } from './cluster/start';
export type { Cluster, ClusterOptions, ClusterProcess } from './cluster/types';

/** What runs where, printed once the cluster is up. */
function printCluster(cluster: Cluster): void {
  process.stdout.write(
    `\nThe cluster runs (Ctrl-C stops it):\n` +
      `  API:        ${cluster.apiUrls.join('  ')}  (docs: ${cluster.apiUrls[0]}/docs)\n` +
      `  Temporal:   ${cluster.temporalAddress}, mutual TLS: the CLI needs the admin certificate, e.g.\n` +
      `              temporal workflow list --address ${cluster.temporalAddress} --tls-ca-path ${cluster.adminEnv.TEMPORAL_TLS_SERVER_CA_CERT_PATH} \\\n` +
      `                --tls-cert-path ${cluster.adminEnv.TEMPORAL_TLS_CLIENT_CERT_PATH} --tls-key-path ${cluster.adminEnv.TEMPORAL_TLS_CLIENT_KEY_PATH}\n` +
      `  Temporal UI: ${cluster.uiUrl}  (sealed payloads: start a codec session at ${cluster.apiUrls[0]}/codec/session first)\n` +
      `  Metrics:    ${cluster.metricsUrl} (Temporal), ${cluster.workerMetricsUrls.join(', ')} (workers),\n` +
      `              ${cluster.apiUrls.map((u) => `${u}/metrics`).join(', ')} (APIs: bearer METRICS_TOKEN of secrets.json)\n` +
      `  PostgreSQL: 127.0.0.1:${cluster.postgres.port} (Temporal, visibility, cases)\n` +
      `  Tokens:     AUTH_JWT_SECRET from .data/cluster/secrets.json, e.g.\n` +
      `              AUTH_JWT_SECRET=$(node -p "require('./.data/cluster/secrets.json').AUTH_JWT_SECRET") npm run -s token -- --role office\n\n`,
  );
}

/** `-- --base-port 7600`: the first of the 40 ports the cluster takes (default 7400), for a second cluster beside one. */
function basePortOf(argv: string[]): number | undefined {
  const i = argv.indexOf('--base-port');
  if (i < 0) return undefined;
  const port = Number(argv[i + 1]);
  if (!Number.isInteger(port) || port < 1024 || port > 65_495) {
    process.stderr.write(
      `--base-port takes a port from 1024 to 65495 (40 ports from it are used), not "${argv[i + 1]}"\n`,
    );
    process.exit(2);
  }
  return port;
}

if (require.main === module) {
  const basePort = basePortOf(process.argv);
  startCluster(basePort ? { basePort } : {})
    .then((cluster) => {
      printCluster(cluster);
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        process.stderr.write(`[cluster] ${signal}: stopping the APIs, the workers, Temporal and PostgreSQL…\n`);
        cluster.stop().then(
          () => process.exit(0),
          (err: unknown) => {
            console.error(err);
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    })
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
