// What `npm run bench` measures: the embedded stack of `npm start` in this process, or the cluster of `npm run cluster`
// (`-- --cluster`), behind one interface.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { projectRoot } from '../../lib/infra/tools';
import type { CaseStore } from '../../lib/store/case-store';

/** One process's memory, MiB: resident, and (where the bench runs inside it) V8's heap and what lies beside it. */
export interface ProcessMemory {
  name: string;
  /** `worker` is what the per-worker target judges. */
  role: 'worker' | 'api' | 'temporal' | 'postgres' | 'everything' | 'bare worker';
  rssMiB: number;
  heapUsedMiB?: number;
  externalMiB?: number;
  arrayBuffersMiB?: number;
}

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
  /** The case store (the embedded one, or a connection to the cluster's PostgreSQL). */
  store: CaseStore;
  /** Open cases in the case store, counted there. */
  openCases(): Promise<number>;
  memory(): ProcessMemory[];
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
    store: system.store,
    openCases: async () => (await system.store.gauges()).open.reduce((n, r) => n + r.count, 0),
    memory: () => {
      const mem = process.memoryUsage();
      const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
      return [
        {
          name: 'API + worker + PGlite (one process)',
          role: 'everything',
          rssMiB: mib(mem.rss),
          heapUsedMiB: mib(mem.heapUsed),
          externalMiB: mib(mem.external),
          arrayBuffersMiB: mib(mem.arrayBuffers),
        },
      ];
    },
    stop: () => system.stop('benchmark done'),
  };
}

/** A process's resident memory, MiB, read from /proc (NaN when it is gone). */
export const rss = (pid: number | undefined) => {
  try {
    const kib = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Math.round(Number(kib) / 1024);
  } catch {
    return NaN;
  }
};

/** The workers' settings this run is given (`WORKER_CACHED_WORKFLOWS=250 npm run bench …`). */
export function workerSettings(): Record<string, string> {
  const given: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (k.startsWith('WORKER_') && v) given[k] = v;
  return given;
}

export async function cluster(): Promise<Target> {
  const dataDir = path.join(projectRoot, '.data/bench-cluster');
  // A bench that died left its cluster's parts running, known by the pid files in this folder: stopped before the folder
  // goes (deleted first, they would hold the ports and PostgreSQL's socket, and the new cluster could not start).
  const { stopLeftovers } = await import('../cluster/processes');
  await stopLeftovers(dataDir, path.join(dataDir, 'logs'), (line) => console.log(`[bench] ${line}`));
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
      // The storm's policy when the storm runs (scripts/bench.ts), else the deployment's.
      ...(process.env.DEADLINE_POLICY_FILE ? { DEADLINE_POLICY_FILE: process.env.DEADLINE_POLICY_FILE } : {}),
      // The workers' cache, slots and pollers as this run is given them (WORKER_CACHED_WORKFLOWS=250 npm run bench …).
      ...workerSettings(),
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
    store,
    memory: () => [
      ...running.apis.map((p) => ({ name: p.name, role: 'api' as const, rssMiB: rss(p.pid()) })),
      ...running.workers.map((p) => ({ name: p.name, role: 'worker' as const, rssMiB: rss(p.pid()) })),
      { name: running.temporal.name, role: 'temporal', rssMiB: rss(running.temporal.pid()) },
      { name: 'postgres', role: 'postgres', rssMiB: rss(running.postgres.pid()) },
    ],
    openCases: async () => (await store.gauges()).open.reduce((n, r) => n + r.count, 0),
    async stop() {
      await store.close();
      await connection.close();
      await running.stop();
    },
  };
}
