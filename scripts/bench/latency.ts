// The latency table of `npm run bench`: each operation `n` times against GET /health as the baseline, concurrent case
// starts, the lists and to-do lists read from the case store with 1,000 and then BENCH_OPEN open cases (and the SQL
// queries each takes), and the workbench's inbox.
import { performance } from 'node:perf_hooks';
import type { Bench, Timed } from './requests';
import { timed, workbenchSession } from './requests';
import type { ProcessMemory } from './targets';

/** Requests in flight when many cases are started at once. */
export const concurrency = 16;

const inboxLabel = 'GET /workbench/ (inbox page), 1,000 tasks';

/** Memory of the target's processes with so many open cases, after a phase. */
export interface Memory {
  after: string;
  openCases: number;
  processes: ProcessMemory[];
}

const serial = (i: number) => String(i + 1).padStart(4, '0');

/** Warm up (workflow bundle load, connections, JIT). */
export async function warmUp({ api, post, leadingGroup }: Bench): Promise<void> {
  for (let i = 0; i < 10; i++) await fetch(`${api}/health`).then((r) => r.arrayBuffer());
  await post('/patrols', leadingGroup, {
    year: 2099,
    serial: 9999,
    targetUnit: 'taiyuan',
    grounds: { sources: ['other'], summary: '预热' },
  });
}

/** The baseline and a case's first operations, one at a time. */
export async function requestRows({ api, n, post, leadingGroup, committee }: Bench): Promise<Timed[]> {
  return [
    await timed('GET /health (baseline)', n, () => fetch(`${api}/health`)),
    await timed('POST /patrols (start a case)', n, (i) =>
      post('/patrols', leadingGroup, {
        year: 2098,
        serial: i + 1,
        targetUnit: 'datong',
        grounds: { sources: ['public-report'], summary: '基准测试' },
      }),
    ),
    await timed('GET /cases/{id} (query)', n, (i) =>
      fetch(`${api}/cases/patrol-2098-datong-${serial(i)}`, {
        headers: { authorization: leadingGroup },
      }),
    ),
    await timed('POST …/approval (Update + validator)', n, (i) =>
      post(`/patrols/patrol-2098-datong-${serial(i)}/approval`, committee, {
        decision: 'approve',
      }),
    ),
    await timed('POST …/approval again (refused, 409)', Math.min(n, 50), (i) =>
      post(`/patrols/patrol-2098-datong-${serial(i)}/approval`, committee, {
        decision: 'approve',
      }).then((r) => new Response(null, { status: r.status === 409 ? 200 : 500 })),
    ),
  ];
}

/** `count` patrols proposed through the API, `concurrency` at a time (serials 1…count of that year and unit). */
function startMany({ post, leadingGroup }: Bench, count: number, year: number, targetUnit: string, summary: string) {
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
}

/**
 * Concurrent starts: throughput with 16 requests in flight (at least 1,000 of them: they are the open cases that wait
 * for the committee's approval when the lists are measured below).
 */
export async function concurrentStarts(bench: Bench): Promise<{ total: number; seconds: number }> {
  const total = Math.max(bench.n, 1000);
  const t0 = performance.now();
  await startMany(bench, total, 2097, 'yangquan', '并发');
  return { total, seconds: (performance.now() - t0) / 1000 };
}

/** A row timed with the case store's SQL queries it took per request (embedded only). */
async function counted({ target, n }: Bench, label: string, op: () => Promise<Response>): Promise<Timed> {
  const before = target.queries?.() ?? 0;
  const r = await timed(label, n, op);
  return { ...r, label: target.queries ? `${label} [${((target.queries() - before) / n).toFixed(0)} SQL]` : label };
}

/**
 * Lists from the case store: every case writes itself there a moment after it changes; wait until the committee's
 * to-do list holds the 1,000 approvals (its cap), then time the lists and count their SQL queries; then the workbench's
 * inbox (我的待办) of the committee, rendered as the browser gets it (issue 18: under a second).
 */
export async function storeRows(bench: Bench): Promise<{ rows: Timed[]; inbox: Timed }> {
  const { api, n, leadingGroup, committee } = bench;
  const committeeTasks = async () =>
    ((await (await fetch(`${api}/my/tasks`, { headers: { authorization: committee } })).json()) as { tasks: unknown[] })
      .tasks.length;
  for (let waited = 0; (await committeeTasks()) < 1000; waited += 500) {
    if (waited > 120_000) throw new Error('the store did not catch up with the started cases in two minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
  const rows = [
    await counted(bench, 'GET /cases?limit=200 (store)', () =>
      fetch(`${api}/cases?limit=200`, { headers: { authorization: leadingGroup } }),
    ),
    await counted(bench, 'GET /my/tasks, 1,000 due (store)', () =>
      fetch(`${api}/my/tasks`, { headers: { authorization: committee } }),
    ),
  ];
  const session = await workbenchSession(api, { name: '基准 委员', role: 'committee' });
  const inbox = await timed(inboxLabel, n, () =>
    fetch(`${api}/workbench/`, { headers: { cookie: session }, redirect: 'manual' }),
  );
  return { rows: [...rows, inbox], inbox };
}

/**
 * Up to BENCH_OPEN (10,000) open cases: the reads people make with that many in the store (a case
 * read is a live one: Temporal's, from a worker that keeps WORKER_CACHED_WORKFLOWS of them in memory).
 */
export async function manyOpenRows(bench: Bench): Promise<{ rows: Timed[] }> {
  const { target, api, leadingGroup, committee } = bench;
  const OPEN = Number(process.env.BENCH_OPEN ?? 10_000);
  const more = Math.max(0, OPEN - (await target.openCases()));
  await startMany(bench, more, 2095, 'changzhi', '大量在办');
  for (let waited = 0; (await target.openCases()) < OPEN; waited += 1000) {
    if (waited > 300_000) throw new Error(`the store did not reach ${OPEN} open cases in five minutes`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  const open = await target.openCases();
  const label = `${open.toLocaleString('en')} open`;
  const rows = [
    await counted(bench, `GET /cases?limit=50, ${label}`, () =>
      fetch(`${api}/cases?limit=50`, { headers: { authorization: leadingGroup } }),
    ),
    await counted(bench, `GET /cases?unit=…&limit=200, ${label}`, () =>
      fetch(`${api}/cases?unit=changzhi&limit=200`, { headers: { authorization: leadingGroup } }),
    ),
    await counted(bench, `GET /my/tasks, ${label} (1,000 shown)`, () =>
      fetch(`${api}/my/tasks`, { headers: { authorization: committee } }),
    ),
    await counted(bench, `GET /cases/{id}, any of ${label}`, () =>
      fetch(`${api}/cases/patrol-2095-changzhi-${String(1 + Math.floor(Math.random() * more)).padStart(4, '0')}`, {
        headers: { authorization: leadingGroup },
      }),
    ),
  ];
  return { rows };
}
