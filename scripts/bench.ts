// `npm run bench`: how fast the API answers people, measured on the real stack (embedded dev server, worker and
// API in this process, like `npm start`, on its own ports and data in .data/bench). Prints latency percentiles
// per operation, with GET /health in the same run as the baseline (HTTP, no auth, one cheap Temporal call),
// throughput of case starts, lists and to-do lists read from the case store with 1,000 open cases (and the SQL
// queries each takes), and the process's memory. Figures, not assertions: compare runs on one machine.
// `npm run bench -- --cluster`: the same against the production topology of `npm run cluster` (Temporal on PostgreSQL,
// two workers, two APIs; its own data in .data/bench-cluster), through the first API; memory is each process's RSS.
// `npm run bench -- --robot-rate`: a burst to one robot's rate-limited task queue (scripts/bench/robot-rate.ts).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import type { Client } from '@temporalio/client';
import type { NativeConnectionOptions } from '@temporalio/worker';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectRoot } from '../lib/infra/tools';
import { cachedWorkflows } from '../worker';

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
  PUBLIC_REPORTS_PER_HOUR: '1000000',
  // The deadline storm's reports are due for registration 3 minutes after they are filed.
  DEADLINE_POLICY_FILE: path.join(projectRoot, 'data', 'deadline-policy.bench.json'),
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Target {
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

async function embedded(): Promise<Target> {
  rmSync(path.join(projectRoot, '.data/bench'), { recursive: true, force: true });
  const { startEverything } = await import('./start');
  const { localJwtSecret } = await import('../lib/infra/local-secret');
  const system = await startEverything();
  return {
    name: 'embedded dev server (npm start)',
    api: system.apiUrl,
    secret: localJwtSecret(),
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

async function cluster(): Promise<Target> {
  const dataDir = path.join(projectRoot, '.data/bench-cluster');
  rmSync(dataDir, { recursive: true, force: true });
  const { startCluster } = await import('./cluster');
  const { Client, Connection } = await import('@temporalio/client');
  const { parseCodecKeys, sealedDataConverter } = await import('../lib/infra/codec');
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
  const { temporalSettings } = await import('../lib/infra/temporal-config');
  // The frontend takes only clients with a certificate: the admin one.
  const temporalTls = temporalSettings(running.adminEnv).connection.tls;
  const connection = await Connection.connect({ address: running.temporalAddress, tls: temporalTls });
  const { CaseStore } = await import('../lib/store/case-store');
  const store = await CaseStore.open(running.appEnv.DATABASE_URL);
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

async function main(): Promise<void> {
  if (process.argv.includes('--robot-rate')) {
    const { robotRateBench } = await import('./bench/robot-rate');
    return robotRateBench(Number(process.env.BENCH_N ?? 20));
  }
  const target = process.argv.includes('--cluster') ? await cluster() : await embedded();
  const { signToken } = await import('../lib/infra/tokens');
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

  const comparison = await againstBareTemporal(target, secret, post);

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
  /** `count` patrols proposed through the API, `concurrency` at a time (serials 1…count of that year and unit). */
  const startMany = (count: number, year: number, targetUnit: string, summary: string) => {
    let next = 0;
    return Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < count; i = next++) {
          const res = await post('/patrols', leadingGroup, {
            year,
            serial: i + 1,
            targetUnit,
            grounds: { sources: ['other'], summary },
          });
          if (res.status !== 201) throw new Error(`start ${i + 1} of ${count}: ${res.status}`);
          await res.arrayBuffer();
        }
      }),
    );
  };
  const t0 = performance.now();
  await startMany(total, 2097, 'yangquan', '并发');
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
  // The workbench's inbox (我的待办) of the committee, rendered as the browser gets it (issue 18: under a second).
  const session = await workbenchSession(api, { name: '基准 委员', role: 'committee' });
  const inbox = await timed(inboxLabel, N, () =>
    fetch(`${api}/workbench/`, { headers: { cookie: session }, redirect: 'manual' }),
  );
  results.push(inbox);
  const memory: Array<{ openCases: number; memory: string }> = [
    { openCases: await target.openCases(), memory: target.memory() },
  ];

  // Up to BENCH_OPEN (10,000) open cases: memory again, and the reads people make with that many in the store (a
  // case read is a live one: Temporal's, from a worker that keeps WORKER_CACHED_WORKFLOWS of them in memory).
  const OPEN = Number(process.env.BENCH_OPEN ?? 10_000);
  const more = Math.max(0, OPEN - (await target.openCases()));
  await startMany(more, 2095, 'changzhi', '大量在办');
  for (let waited = 0; (await target.openCases()) < OPEN; waited += 1000) {
    if (waited > 300_000) throw new Error(`the store did not reach ${OPEN} open cases in five minutes`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  const open = await target.openCases();
  memory.push({ openCases: open, memory: target.memory() });
  const label = `${open.toLocaleString('en')} open`;
  results.push(
    await counted(`GET /cases?limit=50, ${label}`, () =>
      fetch(`${api}/cases?limit=50`, { headers: { authorization: leadingGroup } }),
    ),
    await counted(`GET /cases?unit=…&limit=200, ${label}`, () =>
      fetch(`${api}/cases?unit=changzhi&limit=200`, { headers: { authorization: leadingGroup } }),
    ),
    await counted(`GET /my/tasks, ${label} (1,000 shown)`, () =>
      fetch(`${api}/my/tasks`, { headers: { authorization: committee } }),
    ),
    await counted(`GET /cases/{id}, any of ${label}`, () =>
      fetch(`${api}/cases/patrol-2095-changzhi-${String(1 + Math.floor(Math.random() * more)).padStart(4, '0')}`, {
        headers: { authorization: leadingGroup },
      }),
    ),
  );

  // History of one whole patrol (proposal and the 14 steps of its main path), as Temporal keeps it.
  const { historyFigures, historyPerStep, patrolMainPath, proposal, walkPeople } = await import('./patrol-walk');
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
  const fetched = await handle.fetchHistory();
  const history = { ...historyFigures(fetched), perStep: historyPerStep(fetched) };

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
  for (const m of memory)
    process.stdout.write(
      `Memory with ${m.openCases.toLocaleString('en')} open cases (sticky cache ${cachedWorkflows()} workflows per worker): ${m.memory}\n`,
    );
  process.stdout.write(
    `  (target: ≤ 300 MiB RSS per worker at 1,000 open cases${target.queries ? '; here the API, the worker and the PGlite store share one process: `-- --cluster` measures a worker alone' : ''})\n`,
  );
  process.stdout.write(
    `The workbench's inbox with 1,000 tasks: p95 ${percentile(inbox.ms, 95).toFixed(0)} ms (target: under 1,000 ms)\n`,
  );
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  process.stdout.write(
    `History of a whole patrol (proposal + ${history.perStep.length - 1} steps, texts of 120 characters, sealed): ${history.events} events, ${kib(history.jsonBytes)} JSON (${kib(history.prettyJsonBytes)} indented, ${kib(history.protoBytes)} protobuf)\n` +
      `  per step: ${(history.events / history.perStep.length).toFixed(1)} events, ${kib(history.jsonBytes / history.perStep.length)} JSON, ${kib(history.protoBytes / history.perStep.length)} protobuf (a case continues as a new run at limits.historyEvents, default 5000)\n\n`,
  );
  process.stdout.write(
    `History per step kind (a whole patrol): events, protobuf KiB; ms the worker held the task that took the step, and the local activities in it\n`,
  );
  for (const h of history.perStep)
    process.stdout.write(
      `  ${h.step.padEnd(36)} ${String(h.events).padStart(4)} ${(h.protoBytes / 1024).toFixed(1).padStart(7)} ${String(h.taskMs).padStart(5)} ms  ${h.localActivities.join(', ')}\n`,
    );
  printComparison(comparison);
  const json = {
    date: new Date().toISOString(),
    machine: machine(),
    target: target.name,
    comparison,
    rows: results.map((r) => ({
      label: r.label,
      p50: percentile(r.ms, 50),
      p95: percentile(r.ms, 95),
      n: r.ms.length,
    })),
    concurrentStarts: { inFlight: concurrency, total, perSecond: total / seconds },
    memory,
    history,
  };
  const out = path.join(
    projectRoot,
    process.argv.includes('--cluster') ? '.data/bench-cluster' : '.data/bench',
    'result.json',
  );
  writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(`Figures as JSON: ${path.relative(projectRoot, out)}\n`);
  if (process.argv.includes('--save')) {
    const saved = path.join(
      projectRoot,
      'bench',
      'results',
      `${json.date.slice(0, 10)}-${json.machine.kind}${process.argv.includes('--cluster') ? '-cluster' : ''}.json`,
    );
    mkdirSync(path.dirname(saved), { recursive: true });
    writeFileSync(saved, `${JSON.stringify(json, null, 2)}\n`);
    process.stdout.write(`Saved for later comparison: ${path.relative(projectRoot, saved)}\n`);
  }
  await target.stop();
  process.exit(0);
}

/** The machine the figures were measured on: its kind (`2cpu-24gib-linux-x64`), CPU model and Node version. */
function machine() {
  const cpus = os.cpus();
  const gib = Math.round(os.totalmem() / 2 ** 30);
  return {
    kind: `${cpus.length}cpu-${gib}gib-${process.platform}-${process.arch}`,
    cpu: cpus[0]?.model ?? '?',
    node: process.version,
  };
}

type Post = (url: string, auth: string, body: object) => Promise<Response>;

/**
 * The system against bare Temporal on the same server (issue 16): whole patrol lifecycles through the API at 1, 8 and
 * 32 in flight against bare workflows taking the same number of Updates with an activity each; every step's latency
 * by kind against a bare Update with and without an activity; the history each step adds.
 */
const inboxLabel = 'GET /workbench/ (inbox page), 1,000 tasks';

/** A session of the workbench, signed in on the local sign-in page (sessions are kept by the server, issue 30). */
async function workbenchSession(api: string, person: Record<string, string>): Promise<string> {
  const page = await fetch(`${api}/workbench/signin`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const signedIn = await fetch(`${api}/workbench/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      cookie: page.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; '),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ _csrf: csrf, next: '/workbench/', ...person }),
  });
  const session = signedIn.headers.getSetCookie().find((c) => c.startsWith('workbench_session='));
  if (!session) throw new Error(`local sign-in to the workbench failed (${signedIn.status}): the inbox is not timed`);
  return session.split(';')[0]!;
}

async function againstBareTemporal(target: Target, secret: string, post: Post) {
  const { signToken } = await import('../lib/infra/tokens');
  const { patrolMainPath, proposal, walkPeople } = await import('./patrol-walk');
  const { bareTemporal, throughput, stats } = await import('./bench/compare');
  const steps = patrolMainPath('g-bench-0').length;
  const bare = await bareTemporal(target.temporalAddress, target.namespace, steps, target.temporalTls);
  const L = Number(process.env.BENCH_LIFECYCLES ?? 40);
  let year = 2080;
  const system = (y: number) => ({
    async run(i: number): Promise<Array<[string, number]>> {
      const group = `g-bench-${y}-${i}`;
      const people = walkPeople('jinzhong', group);
      const tokens = Object.fromEntries(
        Object.entries(people).map(([k, v]) => [k, `Bearer ${signToken(secret, v)}`]),
      ) as Record<keyof typeof people, string>;
      const out: Array<[string, number]> = [];
      let t0 = performance.now();
      const res = await post('/patrols', tokens.leadingGroup, proposal(y, i + 1, 'jinzhong'));
      const { caseId } = (await res.json()) as { caseId: string };
      if (res.status !== 201) throw new Error(`proposal: ${res.status}`);
      out.push(['POST /patrols (start)', performance.now() - t0]);
      for (const [who, url, body] of patrolMainPath(group)) {
        t0 = performance.now();
        const r = await post(`/patrols/${caseId}/${url}`, tokens[who], body);
        await r.arrayBuffer();
        if (r.status !== 200) throw new Error(`${url.replace(/\/[0-9]+\//, '/{n}/')}: ${r.status}`);
        out.push([url.replace(/\/[0-9]+\//, '/{n}/'), performance.now() - t0]);
      }
      return out;
    },
  });
  const runs: Array<{
    inFlight: number;
    system: number;
    bare: number;
    ratio: number;
    failed: { system: number; bare: number; reasons: string[] };
    target?: string;
  }> = [];
  const kinds = new Map<string, number[]>();
  for (const inFlight of [1, 8, 32]) {
    const n = inFlight === 1 ? Math.max(4, Math.round(L / 4)) : L;
    const sys = await throughput(system(year++), n, inFlight);
    const b = await throughput(bare.lifecycle, n, inFlight);
    runs.push({
      inFlight,
      system: sys.perSecond,
      bare: b.perSecond,
      ratio: sys.perSecond / b.perSecond,
      failed: { system: sys.failed, bare: b.failed, reasons: [...sys.errors, ...b.errors] },
      ...(inFlight === 8 ? { target: '≥ 0.95' } : {}),
    });
    if (inFlight === 1) for (const [k, v] of sys.latencies) kinds.set(k, v);
  }
  const U = Number(process.env.BENCH_UPDATES ?? 200);
  const bareUpdate = stats(await bare.updates(U, 'none'));
  const bareUpdateLocal = stats(await bare.updates(U, 'local'));
  const bareUpdateActivity = stats(await bare.updates(U, 'activity'));
  const storm = await deadlineStorm(target, secret, bare.storm);
  await bare.stop();
  const stepLatency = [...kinds].map(([kind, ms]) => {
    const s = stats(ms);
    return {
      kind,
      ...s,
      vsUpdate: s.p50 / bareUpdate.p50,
      vsUpdateLocal: s.p50 / bareUpdateLocal.p50,
      vsUpdateActivity: s.p50 / bareUpdateActivity.p50,
    };
  });
  return { steps, throughput: runs, bareUpdate, bareUpdateLocal, bareUpdateActivity, stepLatency, storm };
}

/**
 * A deadline storm: `BENCH_STORM` (1,000) public reports filed as fast as the API takes them, each due for registration
 * 3 minutes later (data/deadline-policy.bench.json), so their deadlines fall due within the filing's few seconds. Until
 * every one is overdue in the case store (the office told, the record written), against bare timers at the same offsets
 * each followed by an activity; and how late each was.
 */
async function deadlineStorm(
  target: Target,
  secret: string,
  bareStorm: (dueAts: number[]) => Promise<{ lateness: number[]; drainedAt: number }>,
) {
  const { signToken } = await import('../lib/infra/tokens');
  const { reportIdOf } = await import('../lib/public-reports/receipts');
  const { stats } = await import('./bench/compare');
  const S = Number(process.env.BENCH_STORM ?? 1000);
  const office = `Bearer ${signToken(secret, { sub: 'bench-office', role: 'office' })}`;
  const ids: string[] = [];
  let next = 0;
  const filingStarted = performance.now();
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      for (let i = next++; i < S; i = next++) {
        const res = await fetch(`${target.api}/public-reports`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ targetUnit: 'lvliang', what: `基准测试：第${i + 1}件举报` }),
        });
        if (res.status !== 201) throw new Error(`public report ${i}: ${res.status} ${await res.text()}`);
        ids[i] = reportIdOf(((await res.json()) as { receipt: string }).receipt);
      }
    }),
  );
  const filingSeconds = (performance.now() - filingStarted) / 1000;
  // Read from the case store (the list of reports), never from Temporal: what the office's list shows.
  const rows = async () => {
    const out = new Map<string, { dueAt?: string; overdue: boolean }>();
    for (let offset = 0; offset < S; offset += 200) {
      const page = (await (
        await fetch(`${target.api}/public-reports?limit=200&offset=${offset}`, { headers: { authorization: office } })
      ).json()) as Array<{ reportId: string; dueAt?: string; overdue: boolean }>;
      for (const p of page) out.set(p.reportId, { ...(p.dueAt ? { dueAt: p.dueAt } : {}), overdue: p.overdue });
    }
    return out;
  };
  let listed = await rows();
  for (let waited = 0; [...listed.values()].filter((r) => r.dueAt).length < S; waited += 1000) {
    if (waited > 600_000) throw new Error('the reports did not all get their registration deadline in 10 minutes');
    await new Promise((r) => setTimeout(r, 1000));
    listed = await rows();
  }
  const dueAts = ids.map((id) => Date.parse(listed.get(id)!.dueAt!));
  const lastDue = Math.max(...dueAts);
  // Each report's lateness as the office's list first shows it overdue (polled every 250 ms).
  const seenOverdue = new Map<string, number>();
  while (Date.now() < Math.min(...dueAts)) await new Promise((r) => setTimeout(r, 250));
  while (seenOverdue.size < S) {
    const now = Date.now();
    for (const [id, r] of await rows()) if (r.overdue && !seenOverdue.has(id)) seenOverdue.set(id, now);
    if (seenOverdue.size < S) await new Promise((r) => setTimeout(r, 250));
  }
  const systemDrain = (Math.max(...seenOverdue.values()) - lastDue) / 1000;
  const lateness = ids.map((id, i) => seenOverdue.get(id)! - dueAts[i]!).sort((x, y) => x - y);

  // The bare counterpart: the same offsets, starting a minute from now.
  const first = Math.min(...dueAts);
  const shift = Date.now() + 60_000 - first;
  const bareDue = dueAts.map((d) => d + shift);
  const bare = await bareStorm(bareDue);
  const bareDrain = (bare.drainedAt - Math.max(...bareDue)) / 1000;
  return {
    deadlines: S,
    filing: { seconds: filingSeconds, perSecond: S / filingSeconds },
    spreadSeconds: (lastDue - first) / 1000,
    system: {
      drainSeconds: systemDrain,
      lateness: stats(lateness),
      maxMs: lateness.at(-1) ?? 0,
      lateOverAMinute: lateness.filter((l) => l > 60_000).length,
    },
    bare: {
      drainSeconds: bareDrain,
      lateness: stats(bare.lateness),
      maxMs: bare.lateness.at(-1) ?? 0,
      lateOverAMinute: bare.lateness.filter((l) => l > 60_000).length,
    },
    ratio: Math.max(systemDrain, 0.001) / Math.max(bareDrain, 0.001),
    target: '≤ 1.5',
  };
}

function printComparison(c: Awaited<ReturnType<typeof againstBareTemporal>>): void {
  const w = (s: string, n: number) => s.padEnd(n);
  const f = (x: number) => x.toFixed(x < 10 ? 2 : 1);
  process.stdout.write(`\nAgainst bare Temporal, same server, same run (a lifecycle: start + ${c.steps} steps)\n\n`);
  process.stdout.write(`${w('in flight', 10)} ${w('system /s', 10)} ${w('bare /s', 10)} ${w('ratio', 7)} target\n`);
  for (const r of c.throughput) {
    process.stdout.write(
      `${w(String(r.inFlight), 10)} ${w(f(r.system), 10)} ${w(f(r.bare), 10)} ${w(f(r.ratio), 7)} ${r.target ?? ''}\n`,
    );
    if (r.failed.system || r.failed.bare)
      process.stdout.write(
        `  failed lifecycles: system ${r.failed.system}, bare ${r.failed.bare} (${r.failed.reasons.join('; ')})\n`,
      );
  }
  process.stdout.write(
    `\nBare Update p50/p99: ${f(c.bareUpdate.p50)}/${f(c.bareUpdate.p99)} ms; with a local activity: ${f(c.bareUpdateLocal.p50)}/${f(c.bareUpdateLocal.p99)} ms; with an activity: ${f(c.bareUpdateActivity.p50)}/${f(c.bareUpdateActivity.p99)} ms\n`,
  );
  const st = c.storm;
  process.stdout.write(
    `\nDeadline storm: ${st.deadlines} deadlines due within ${f(st.spreadSeconds)} s (filed at ${f(st.filing.perSecond)}/s)\n` +
      `  from the last due to every one overdue and recorded: system ${f(st.system.drainSeconds)} s, bare ${f(st.bare.drainSeconds)} s, ratio ${f(st.ratio)} (target ${st.target})\n` +
      `  lateness p50/p99/max ms: system ${f(st.system.lateness.p50)}/${f(st.system.lateness.p99)}/${f(st.system.maxMs)}, bare ${f(st.bare.lateness.p50)}/${f(st.bare.lateness.p99)}/${f(st.bare.maxMs)}; late by more than a minute: system ${st.system.lateOverAMinute}, bare ${st.bare.lateOverAMinute}\n\n`,
  );
  process.stdout.write(
    `Every step of a case writes the case store in a local activity before it answers (the store is what lists and\n` +
      `answers read), so its bare counterpart is an Update that runs one local activity (×Update+LA).\n\n` +
      `${w('step (1 in flight)', 40)} ${w('p50 ms', 8)} ${w('p99 ms', 8)} ${w('×Update', 8)} ${w('×Update+LA', 11)} ${w('×Update+act', 12)}\n`,
  );
  for (const s of c.stepLatency)
    process.stdout.write(
      `${w(s.kind, 40)} ${w(f(s.p50), 8)} ${w(f(s.p99), 8)} ${w(f(s.vsUpdate), 8)} ${w(f(s.vsUpdateLocal), 11)} ${w(f(s.vsUpdateActivity), 12)}\n`,
    );
  process.stdout.write(
    `(target: ≤ 1.15 × the bare Update for a step that runs no activity; every step here runs one)\n`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
