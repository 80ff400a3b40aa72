// What `npm run bench` measures: the embedded stack of `npm start` in this process, or the cluster of `npm run cluster`
// (`-- --cluster`), behind one interface.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { projectRoot } from '../../lib/infra/tools';

export interface Target {
  name: string;
  api: string;
  secret: string;
  client: Client;
  temporalAddress: string;
  /** The cluster's mutual TLS to the frontend (the embedded dev server has none). */
  temporalTls?: NativeConnectionOptions['tls'];
  namespace: string;
  /** SQL queries so far (embedded only: the cluster's store is in other processes). */
  queries?: () => number;
  /** Open cases in the case store, counted there. */
  openCases(): Promise<number>;
  memory(): string;
  stop(): Promise<void>;
}

export async function embedded(): Promise<Target> {
  rmSync(path.join(projectRoot, '.data/bench'), { recursive: true, force: true });
  const { startEverything } = await import('../start');
  const { localJwtSecret } = await import('../../lib/infra/local-secret');
  const system = await startEverything();
  return {
    name: 'embedded dev server (npm start)',
    api: system.apiUrl,
    secret: localJwtSecret(system.config.api),
    client: system.client,
    temporalAddress: system.temporalAddress,
    namespace: system.namespace,
    queries: () => system.store.queries,
    openCases: async () => (await system.store.gauges()).open.reduce((n, r) => n + r.count, 0),
    memory: () => {
      const mem = process.memoryUsage();
      return `the API + worker process: rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`;
    },
    stop: () => system.stop('benchmark done'),
  };
}

/** A process's resident memory, read from /proc. */
const rss = (pid: number | undefined) => {
  try {
    const kib = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return `${(Number(kib) / 1024).toFixed(0)} MiB`;
  } catch {
    return '?';
  }
};

export async function cluster(): Promise<Target> {
  const dataDir = path.join(projectRoot, '.data/bench-cluster');
  rmSync(dataDir, { recursive: true, force: true });
  const { startCluster } = await import('../cluster');
  const { Client, Connection } = await import('@temporalio/client');
  const { parseCodecKeys, sealedDataConverter } = await import('../../lib/infra/codec');
  const running = await startCluster({
    dataDir,
    basePort: 7500,
    appEnv: {
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '1000000',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
      PUBLIC_REPORTS_PER_HOUR: '1000000',
      // The inbox is timed through a local sign-in (the APIs are on loopback).
      WORKBENCH_LOCAL_SIGNIN: 'true',
      DEADLINE_POLICY_FILE: path.join(projectRoot, 'data', 'deadline-policy.bench.json'),
    },
  });
  const { temporalSettings } = await import('../../lib/infra/temporal-config');
  // The frontend takes only clients with a certificate: the admin one.
  const temporalTls = temporalSettings(running.adminEnv).connection.tls;
  const connection = await Connection.connect({ address: running.temporalAddress, tls: temporalTls });
  const { CaseStore } = await import('../../lib/store/case-store');
  const store = await CaseStore.open(running.appEnv.DATABASE_URL!);
  return {
    name: 'cluster (npm run cluster: Temporal 1.32 on PostgreSQL, 2 workers, 2 APIs)',
    api: running.apiUrls[0]!,
    secret: running.appEnv.AUTH_JWT_SECRET!,
    temporalAddress: running.temporalAddress,
    temporalTls,
    namespace: running.namespace,
    client: new Client({
      connection,
      namespace: running.namespace,
      dataConverter: sealedDataConverter(parseCodecKeys(running.appEnv.CODEC_KEYS!)),
    }),
    memory: () =>
      [...running.apis, ...running.workers, running.temporal]
        .map((p) => `${p.name} ${rss(p.pid())}`)
        .concat(`postgres ${rss(running.postgres.pid())}`)
        .join(', ') + ' rss',
    openCases: async () => (await store.gauges()).open.reduce((n, r) => n + r.count, 0),
    async stop() {
      await store.close();
      await connection.close();
      await running.stop();
    },
  };
}
