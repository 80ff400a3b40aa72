// `npm run bench`: how fast the API answers people, measured on the real stack (embedded dev server, worker and
// API in this process, like `npm start`, on its own ports and data in .data/bench). Prints latency percentiles
// per operation, with GET /health in the same run as the baseline (HTTP, no auth, one cheap Temporal call),
// throughput of case starts, lists and to-do lists read from the case store with 1,000 open cases (and the SQL
// queries each takes), and the process's memory. Figures, not assertions: compare runs on one machine.
// `npm run bench -- --cluster`: the same against the production topology of `npm run cluster` (Temporal on PostgreSQL,
// two workers, two APIs; its own data in .data/bench-cluster), through the first API; memory is each process's RSS.
import { readFileSync, rmSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectRoot } from '../lib/tools';

const N = Number(process.env.BENCH_N ?? 200);
Object.assign(process.env, {
  DATA_DIR: '.data/bench',
  TEMPORAL_PORT: process.env.TEMPORAL_PORT ?? '7253',
  TEMPORAL_UI_PORT: process.env.TEMPORAL_UI_PORT ?? '8253',
  PORT: process.env.PORT ?? '3020',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  // The bench is one person (and one address) sending thousands of requests a minute: no rate limit for it.
  RATE_LIMIT_PER_MINUTE: '1000000',
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Target {
  name: string;
  api: string;
  secret: string;
  client: Client;
  /** SQL queries so far (embedded only: the cluster's store is in other processes). */
  queries?: () => number;
  memory(): string;
  stop(): Promise<void>;
}

async function embedded(): Promise<Target> {
  rmSync(path.join(projectRoot, '.data/bench'), { recursive: true, force: true });
  const { startEverything } = await import('./start');
  const { localJwtSecret } = await import('../lib/local-secret');
  const system = await startEverything();
  return {
    name: 'embedded dev server (npm start)',
    api: system.apiUrl,
    secret: localJwtSecret(),
    client: system.client,
    queries: () => system.store.queries,
    memory: () => {
      const mem = process.memoryUsage();
      return `the API + worker process: rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`;
    },
    stop: () => system.stop('benchmark done'),
  };
}

async function cluster(): Promise<Target> {
  const dataDir = path.join(projectRoot, '.data/bench-cluster');
  rmSync(dataDir, { recursive: true, force: true });
  const { startCluster } = await import('./cluster');
  const { Client, Connection } = await import('@temporalio/client');
  const { parseCodecKeys, sealedDataConverter } = await import('../lib/codec');
  const running = await startCluster({
    dataDir,
    basePort: 7500,
    appEnv: {
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '1000000',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
    },
  });
  const connection = await Connection.connect({ address: running.temporalAddress });
  const rss = (pid: number | undefined) => {
    try {
      const kib = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      return `${(Number(kib) / 1024).toFixed(0)} MiB`;
    } catch {
      return '?';
    }
  };
  return {
    name: 'cluster (npm run cluster: Temporal 1.32 on PostgreSQL, 2 workers, 2 APIs)',
    api: running.apiUrls[0]!,
    secret: running.appEnv.AUTH_JWT_SECRET!,
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
    async stop() {
      await connection.close();
      await running.stop();
    },
  };
}

async function main(): Promise<void> {
  const target = process.argv.includes('--cluster') ? await cluster() : await embedded();
  const { signToken } = await import('../lib/tokens');
  const secret = target.secret;
  // Art. 12: the leading group proposes a patrol (one the office starts waits for the leading group as a draft).
  const leadingGroup = `Bearer ${signToken(secret, { sub: 'bench-lg', role: 'leading-group' })}`;
  const committee = `Bearer ${signToken(secret, { sub: 'bench-committee', role: 'committee' })}`;
  const api = target.api;

  async function timed(
    label: string,
    n: number,
    op: (i: number) => Promise<Response>,
  ): Promise<{ label: string; ms: number[] }> {
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const res = await op(i);
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${label} #${i}: ${res.status}`);
      ms.push(performance.now() - t0);
    }
    return { label, ms: ms.sort((a, b) => a - b) };
  }
  const post = (url: string, auth: string, body: object) =>
    fetch(`${api}${url}`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  // Warm up (workflow bundle load, connections, JIT).
  for (let i = 0; i < 10; i++) await fetch(`${api}/health`).then((r) => r.arrayBuffer());
  await post('/patrols', leadingGroup, {
    year: 2099,
    serial: 9999,
    targetUnit: 'taiyuan',
    grounds: { sources: ['other'], summary: '预热' },
  });

  const results = [
    await timed('GET /health (baseline)', N, () => fetch(`${api}/health`)),
    await timed('POST /patrols (start a case)', N, (i) =>
      post('/patrols', leadingGroup, {
        year: 2098,
        serial: i + 1,
        targetUnit: 'datong',
        grounds: { sources: ['public-report'], summary: '基准测试' },
      }),
    ),
    await timed('GET /cases/{id} (query)', N, (i) =>
      fetch(`${api}/cases/patrol-2098-datong-${String(i + 1).padStart(4, '0')}`, {
        headers: { authorization: leadingGroup },
      }),
    ),
    await timed('POST …/approval (Update + validator)', N, (i) =>
      post(`/patrols/patrol-2098-datong-${String(i + 1).padStart(4, '0')}/approval`, committee, {
        decision: 'approve',
      }),
    ),
    await timed('POST …/approval again (refused, 409)', Math.min(N, 50), (i) =>
      post(`/patrols/patrol-2098-datong-${String(i + 1).padStart(4, '0')}/approval`, committee, {
        decision: 'approve',
      }).then((r) => new Response(null, { status: r.status === 409 ? 200 : 500 })),
    ),
  ];

  // Concurrent starts: throughput with 16 requests in flight (at least 1,000 of them: they are the open cases that
  // wait for the committee's approval when the lists are measured below).
  const concurrency = 16;
  const total = Math.max(N, 1000);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++) {
        const res = await post('/patrols', leadingGroup, {
          year: 2097,
          serial: i + 1,
          targetUnit: 'yangquan',
          grounds: { sources: ['other'], summary: '并发' },
        });
        if (res.status !== 201) throw new Error(`concurrent start ${i}: ${res.status}`);
        await res.arrayBuffer();
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;

  // Lists from the case store: every case writes itself there a moment after it changes; wait until the committee's
  // to-do list holds the 1,000 approvals (its cap), then time the lists and count their SQL queries.
  const committeeTasks = async () =>
    ((await (await fetch(`${api}/my/tasks`, { headers: { authorization: committee } })).json()) as { tasks: unknown[] })
      .tasks.length;
  for (let waited = 0; (await committeeTasks()) < 1000; waited += 500) {
    if (waited > 120_000) throw new Error('the store did not catch up with the started cases in two minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
  const openCases = N + 1 + total;
  const counted = async (label: string, op: () => Promise<Response>) => {
    const before = target.queries?.() ?? 0;
    const r = await timed(label, N, op);
    return { ...r, label: target.queries ? `${label} [${((target.queries() - before) / N).toFixed(0)} SQL]` : label };
  };
  results.push(
    await counted('GET /cases?limit=200 (store)', () =>
      fetch(`${api}/cases?limit=200`, { headers: { authorization: leadingGroup } }),
    ),
    await counted('GET /my/tasks, 1,000 due (store)', () =>
      fetch(`${api}/my/tasks`, { headers: { authorization: committee } }),
    ),
  );
  const memory = target.memory();

  // History of one whole patrol (proposal and the 14 steps of its main path), as Temporal keeps it.
  const { historyFigures, patrolMainPath, proposal, walkPeople } = await import('./patrol-walk');
  const walkers = walkPeople('xinzhou-wuzhai', 'g-bench');
  const tokenOf = (who: keyof typeof walkers) => `Bearer ${signToken(secret, walkers[who])}`;
  const proposed = await post('/patrols', tokenOf('leadingGroup'), proposal(2096, 1, 'xinzhou-wuzhai'));
  const { caseId } = (await proposed.json()) as { caseId: string };
  for (const [who, url, body] of patrolMainPath('g-bench')) {
    const res = await post(`/patrols/${caseId}/${url}`, tokenOf(who), body);
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  }
  const handle = target.client.workflow.getHandle(caseId);
  await handle.result();
  const history = historyFigures(await handle.fetchHistory());

  const pad = (s: string, n: number) => s.padEnd(n);
  process.stdout.write(
    `\nBenchmark on ${new Date().toISOString()}, ${target.name} — ${N} requests per row, one at a time\n\n`,
  );
  process.stdout.write(
    `${pad('operation', 44)} ${pad('p50 ms', 8)} ${pad('p95 ms', 8)} ${pad('max ms', 8)} vs baseline p50\n`,
  );
  const base = percentile(results[0]!.ms, 50);
  for (const r of results) {
    const p50 = percentile(r.ms, 50);
    process.stdout.write(
      `${pad(r.label, 44)} ${pad(p50.toFixed(1), 8)} ${pad(percentile(r.ms, 95).toFixed(1), 8)} ${pad(r.ms.at(-1)!.toFixed(1), 8)} ×${(p50 / base).toFixed(1)}\n`,
    );
  }
  process.stdout.write(
    `\nConcurrent case starts (${concurrency} in flight): ${total} in ${seconds.toFixed(2)} s = ${(total / seconds).toFixed(1)} cases/s\n`,
  );
  process.stdout.write(`Memory of ${memory} (${openCases} open cases)\n`);
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  process.stdout.write(
    `History of a whole patrol (proposal + 14 steps, texts of 120 characters, sealed): ${history.events} events, ${kib(history.jsonBytes)} JSON (${kib(history.prettyJsonBytes)} indented, ${kib(history.protoBytes)} protobuf); bound 200 events, 96 KiB JSON\n` +
      `  per step: ${(history.events / 15).toFixed(1)} events, ${kib(history.jsonBytes / 15)} JSON, ${kib(history.protoBytes / 15)} protobuf (a case continues as a new run at limits.historyEvents, default 5000)\n\n`,
  );
  await target.stop();
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
