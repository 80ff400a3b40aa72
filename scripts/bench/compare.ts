// `npm run bench`, first part: the system against bare Temporal on the same server, in the same run. A bare worker in a
// process of its own (bare-worker.ts, bare-workflow.ts: no codec) and the client drive the same number of Updates and
// activities as a patrol's lifecycle through the API; the figures are printed side by side with their ratio and the
// issue's target.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { buildWorkflowBundle } from '../bundle-workflows';
import type { BareWork } from './bare-workflow';
import type { BareStorm } from './storm';

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;

export interface Lifecycle {
  /** One whole lifecycle; the latency of each of its operations, by kind. */
  run(i: number): Promise<Array<[string, number]>>;
}

export interface Throughput {
  inFlight: number;
  lifecycles: number;
  /** Completed lifecycles per second. */
  perSecond: number;
  latencies: Map<string, number[]>;
  /** Lifecycles that stopped on a refusal or an error, with the first few reasons. */
  failed: number;
  errors: string[];
}

/** `n` lifecycles, `inFlight` at a time: lifecycles per second, and every operation's latency by kind. */
export async function throughput(l: Lifecycle, n: number, inFlight: number): Promise<Throughput> {
  const latencies = new Map<string, number[]>();
  const errors: string[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(inFlight, n) }, async () => {
      for (let i = next++; i < n; i = next++) {
        try {
          for (const [kind, ms] of await l.run(i)) latencies.set(kind, [...(latencies.get(kind) ?? []), ms]);
        } catch (err) {
          errors.push((err as Error).message);
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  for (const v of latencies.values()) v.sort((a, b) => a - b);
  return {
    inFlight,
    lifecycles: n,
    perSecond: (n - errors.length) / seconds,
    latencies,
    failed: errors.length,
    errors: [...new Set(errors)].slice(0, 5),
  };
}

export const stats = (ms: number[]) => ({ p50: percentile(ms, 50), p99: percentile(ms, 99), n: ms.length });

/** One bare workflow taking `n` Updates, each running `work`, one at a time: each Update's milliseconds, sorted. */
async function bareUpdates(client: Client, taskQueue: string, n: number, work: BareWork): Promise<number[]> {
  const workflowId = `bare-${randomUUID()}`;
  const handle = await client.workflow.start('bareCase', { workflowId, taskQueue, args: [n] });
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await handle.executeUpdate('bareStep', { args: [work] });
    ms.push(performance.now() - t0);
  }
  await handle.result();
  return ms.sort((a, b) => a - b);
}

/**
 * Bare deadlines at these instants (ms), `inFlight` started at a time: how late each one's activity ran, and when the
 * last one's did.
 */
async function bareStorm(client: Client, taskQueue: string, dueAts: number[], inFlight: number): Promise<BareStorm> {
  const handles: Array<Awaited<ReturnType<typeof client.workflow.start>>> = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (let i = next++; i < dueAts.length; i = next++)
        handles[i] = await client.workflow.start('bareDeadline', {
          workflowId: `bare-deadline-${randomUUID()}`,
          taskQueue,
          args: [dueAts[i]!],
        });
    }),
  );
  const lateness = await Promise.all(handles.map((h) => h.result() as Promise<number>));
  // When each one's activity ran (its own clock, as the system's store writes its row's updated_at).
  const deadlines = handles.map((h, i) => ({
    workflowId: h.workflowId,
    dueAt: dueAts[i]!,
    doneAt: dueAts[i]! + lateness[i]!,
  }));
  const drainedAt = Math.max(...deadlines.map((d) => d.doneAt));
  return { lateness: lateness.sort((a, b) => a - b), drainedAt, client, deadlines };
}

/** The bare worker and client on the server at `address` (its own task queue; `tls`: the cluster's mutual TLS). */
export async function bareTemporal(
  address: string,
  namespace: string,
  steps: number,
  tls?: NativeConnectionOptions['tls'],
) {
  const taskQueue = `bench-bare-${randomUUID()}`;
  // The bare worker in a process of its own (bare-worker.ts): it waits for nothing of this one. Its workflow code is
  // bundled here first, as the system's workers load a built bundle.
  const bundle = path.join(mkdtempSync(path.join(tmpdir(), 'bench-bare-')), 'bare-bundle.js');
  // The same bundling as the build's (the modules shared by every workflow of the worker).
  const code = await buildWorkflowBundle(require.resolve('./bare-workflow'));
  writeFileSync(bundle, code);
  const child = spawn(process.execPath, [require.resolve('./bare-worker')], {
    env: {
      ...process.env,
      BARE_BUNDLE: bundle,
      BARE_ADDRESS: address,
      BARE_NAMESPACE: namespace,
      BARE_TASK_QUEUE: taskQueue,
      // Certificates and key as bytes (Buffers say so in their JSON; other byte arrays are made to).
      ...(tls
        ? {
            BARE_TLS: JSON.stringify(tls, (_key, value: unknown) =>
              ArrayBuffer.isView(value)
                ? { type: 'Buffer', data: [...new Uint8Array(value.buffer, value.byteOffset, value.byteLength)] }
                : value,
            ),
          }
        : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => (d.toString().includes('ready') ? resolve() : undefined));
    child.once('exit', (code) => reject(new Error(`the bare worker stopped before it ran (exit ${code})`)));
  });
  const clientConnection = await Connection.connect({ address, tls });
  const client = new Client({ connection: clientConnection, namespace });
  const timed = async (kind: string, op: () => Promise<unknown>): Promise<[string, number]> => {
    const t0 = performance.now();
    await op();
    return [kind, performance.now() - t0];
  };
  /** A lifecycle like a patrol's: started, then `steps` Updates that each run one activity. */
  const lifecycle: Lifecycle = {
    async run() {
      const out: Array<[string, number]> = [];
      const workflowId = `bare-${randomUUID()}`;
      out.push(await timed('start', () => client.workflow.start('bareCase', { workflowId, taskQueue, args: [steps] })));
      const handle = client.workflow.getHandle(workflowId);
      for (let s = 0; s < steps; s++)
        out.push(await timed('update + activity', () => handle.executeUpdate('bareStep', { args: ['activity'] })));
      await handle.result();
      return out;
    },
  };
  return {
    steps,
    lifecycle,
    /** One workflow taking `n` Updates, each running `work`, one at a time. */
    updates: (n: number, work: BareWork) => bareUpdates(client, taskQueue, n, work),
    /** Bare deadlines at these instants (ms): each a timer then an activity; how late each ran, and when all had. */
    storm: (dueAts: number[], inFlight = 32) => bareStorm(client, taskQueue, dueAts, inFlight),
    /** The bare worker's process (its memory is the bare floor of a worker in this run). */
    pid: child.pid,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await clientConnection.close();
    },
  };
}
