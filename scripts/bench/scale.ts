// Phase `scale` of `npm run bench` (issue 37 item 4; `npm run bench -- --cluster --scale`, or `--only scale`): past one
// province. BENCH_SCALE (100,000) open cases started through the API, 16 at a time, as a national deployment would hold
// them (patrols 40 %, special supervisions 40 %, public reports 20 %), then BENCH_SCALE_PROBLEMS (1,000,000) problems in
// the ledger, and the reads people make: the lists, the to-do lists, a case, the ledger's filters, each BENCH_N (200)
// times with p50/p95/p99. Prints the start throughput as it goes, each process's memory, and the store's size.
//
// The cases are real workflows (each with its first task, its store write and its deadlines). The problems are written
// into the case store as each problem's record projects them (problemRow, as scripts/bench/ledger.ts does): a million
// problem workflows would take this machine most of a day to start, and the ledger's reads touch only the store.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { loadUnitRegistry } from '../../lib/registry/units';
import { writeBenchProblems } from './ledger';
import { concurrency } from './latency';
import type { Bench } from './requests';
import { percentile, timed } from './requests';

const year = 2070;

/** One read, n times: p50, p95, p99 (ms). */
export interface ScaleRow {
  label: string;
  p50: number;
  p95: number;
  p99: number;
  /** Judged against p95 < 100 ms (the lists, the to-do lists and the ledger's pages). */
  judged: boolean;
}

/**
 * The i-th case of the phase: its unit (every unit of the registry in turn), its kind (of every 5 of a unit: 2 patrols, 2
 * supervisions, 1 public report) and its serial within the unit, year and kind.
 */
function caseOf(i: number, units: string[]) {
  const unit = units[i % units.length]!;
  const k = Math.floor(i / units.length);
  const slot = k % 5;
  const kind = slot < 2 ? 'patrol' : slot < 4 ? 'supervision' : 'public-report';
  // Two of a kind in every 5: serials from 2 (a supervision's 0001 is its comprehensive round's).
  return { unit, kind, serial: Math.floor(k / 5) * 2 + (slot % 2) + 2 };
}

/** The request that starts case i. */
function startOf(i: number, units: string[], bench: Bench): () => Promise<Response> {
  const { unit, kind, serial } = caseOf(i, units);
  if (kind === 'patrol')
    return () =>
      bench.post('/patrols', bench.leadingGroup, {
        year,
        serial,
        targetUnit: unit,
        grounds: { sources: ['other'], summary: `规模测试${i}` },
      });
  if (kind === 'supervision')
    return () =>
      bench.post('/supervisions', bench.leadingGroup, { year, serial, targetUnit: unit, topic: `规模测试专项${i}` });
  return () =>
    fetch(`${bench.api}/public-reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ targetUnit: unit, what: `规模测试：群众反映的问题${i}` }),
    });
}

/** The first `count` cases, `concurrency` in flight; progress every tenth. */
async function startCases(bench: Bench, count: number, units: string[], progress: (n: number) => void) {
  let next = 0;
  let done = 0;
  const step = Math.max(1, Math.round(count / 10));
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const res = await startOf(i, units, bench)();
        await res.arrayBuffer();
        // 409: started by an earlier run on the same data (none here: each run starts on a fresh folder).
        if (res.status !== 201 && res.status !== 409) throw new Error(`start of case ${i}: ${res.status}`);
        if (++done % step === 0) progress(done);
      }
    }),
  );
}

async function timedRow(label: string, n: number, judged: boolean, op: (i: number) => Promise<Response>) {
  const { ms } = await timed(label, n, op);
  return { label, p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99), judged };
}

export async function scalePhase(bench: Bench, onMemory: (after: string) => Promise<unknown>) {
  const { target, api, n, leadingGroup, committee } = bench;
  const { signToken } = await import('../../lib/infra/tokens');
  const CASES = Number(process.env.BENCH_SCALE ?? 100_000);
  const PROBLEMS = Number(process.env.BENCH_SCALE_PROBLEMS ?? 1_000_000);
  const registry = loadUnitRegistry();
  const units = [...registry.keys()];
  const before = await target.openCases();
  const out = (line: string) => process.stdout.write(`${line}\n`);

  // The cases, through the API.
  const t0 = performance.now();
  let last = { at: t0, done: 0 };
  const progress: Array<{ cases: number; perSecond: number }> = [];
  await startCases(bench, CASES, units, (done) => {
    const now = performance.now();
    const perSecond = (done - last.done) / ((now - last.at) / 1000);
    progress.push({ cases: done, perSecond });
    out(`  ${done.toLocaleString('en').padStart(9)} started, ${perSecond.toFixed(1)}/s over the last tenth`);
    last = { at: now, done };
  });
  const startSeconds = (performance.now() - t0) / 1000;
  out(
    `Started ${CASES.toLocaleString('en')} cases (patrols, supervisions, public reports 2:2:1) in ${startSeconds.toFixed(0)} s = ${(CASES / startSeconds).toFixed(1)}/s, ${concurrency} in flight`,
  );
  // A start answers before the case's first workflow task (its first store write, its deadlines); with so many at once
  // the workers take those tasks more slowly than the API accepts starts. Wait while the store keeps filling, printing
  // how fast: the rate at which cases really open.
  const want = before + CASES;
  let held = await target.openCases();
  let still = performance.now();
  let mark = { at: performance.now(), held };
  while (held < want) {
    await new Promise((r) => setTimeout(r, 5000));
    const now = await target.openCases();
    if (now > held) still = performance.now();
    else if (performance.now() - still > 300_000)
      throw new Error(`the store stayed at ${now} open cases of ${want} for five minutes`);
    held = now;
    if (performance.now() - mark.at > 60_000) {
      const rate = (held - mark.held) / ((performance.now() - mark.at) / 1000);
      out(
        `  the store holds ${held.toLocaleString('en')} of ${want.toLocaleString('en')}, ${rate.toFixed(1)} more a second`,
      );
      mark = { at: performance.now(), held };
    }
  }
  const caughtUp = (performance.now() - t0) / 1000;
  out(
    `The store held every one ${(caughtUp - startSeconds).toFixed(0)} s after the last start: ${(CASES / caughtUp).toFixed(1)} cases opened a second, start to store`,
  );
  await onMemory(`${CASES.toLocaleString('en')} cases`);

  // The ledger, written as the problems' records project it.
  const t1 = performance.now();
  await writeBenchProblems(target.store, PROBLEMS, registry, Date.now());
  // What autovacuum does after a bulk load: the planner's statistics.
  await sql`analyze`.execute(target.store.db);
  const problemSeconds = (performance.now() - t1) / 1000;
  const count = async (table: 'cases' | 'problems') =>
    Number(
      (await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(target.store.db)).rows[0]!.n,
    );
  const [cases, problems] = [await count('cases'), await count('problems')];
  const bytes = Number(
    (await sql<{ b: string }>`select pg_database_size(current_database()) as b`.execute(target.store.db)).rows[0]!.b,
  );
  out(
    `Ledger: ${PROBLEMS.toLocaleString('en')} problems written in ${problemSeconds.toFixed(0)} s; the store holds ${cases.toLocaleString('en')} cases and ${problems.toLocaleString('en')} problems, ${(bytes / 2 ** 30).toFixed(2)} GiB`,
  );
  await onMemory(`${CASES.toLocaleString('en')} cases, ${PROBLEMS.toLocaleString('en')} problems`);

  // The reads.
  const get = (auth: string) => (url: string) => () => fetch(`${api}${url}`, { headers: { authorization: auth } });
  const lg = get(leadingGroup);
  const office = get(`Bearer ${signToken(bench.secret, { sub: 'bench-office', role: 'office' })}`);
  const datong = get(`Bearer ${signToken(bench.secret, { sub: 'bench-datong', role: 'unit', unit: 'datong' })}`);
  // A patrol of the phase, spread over all of them: case (i × a prime) moved back to the patrol of its group of 5.
  const some = (i: number) => {
    const j = (i * 7919) % CASES;
    const { unit, serial } = caseOf(j - (Math.floor(j / units.length) % 5) * units.length, units);
    return `patrol-${year}-${unit}-${String(serial).padStart(4, '0')}`;
  };
  const label = `${cases.toLocaleString('en')} cases`;
  const ledger = `${problems.toLocaleString('en')} problems`;
  const rows: ScaleRow[] = [
    await timedRow(`GET /cases?limit=50, ${label}`, n, true, lg('/cases?limit=50')),
    await timedRow(`GET /cases?kind=supervision&limit=50`, n, true, lg('/cases?kind=supervision&limit=50')),
    await timedRow(`GET /cases?unit=datong&limit=200`, n, true, lg('/cases?unit=datong&limit=200')),
    await timedRow(`GET /cases?overdue=true&limit=50`, n, true, lg('/cases?overdue=true&limit=50')),
    await timedRow(`GET /my/tasks, the committee`, n, true, get(committee)('/my/tasks')),
    await timedRow(`GET /my/tasks, the office`, n, true, office('/my/tasks')),
    await timedRow(`GET /my/tasks, the unit 大同市`, n, true, datong('/my/tasks')),
    await timedRow(`GET /cases/{id}, any patrol (live: Temporal)`, n, false, (i) =>
      fetch(`${api}/cases/${some(i)}`, { headers: { authorization: leadingGroup } }),
    ),
    await timedRow(`GET /problems, first page (50), ${ledger}`, n, true, office('/problems')),
    await timedRow(`GET /problems?city=datong`, n, true, office('/problems?city=datong')),
    await timedRow(`GET /problems?overdue=true`, n, true, office('/problems?overdue=true')),
    await timedRow(`GET /problems?state=awaiting-review`, n, true, office('/problems?state=awaiting-review')),
    await timedRow(`GET /problems as the unit 大同市 (need to know)`, n, true, datong('/problems')),
    await timedRow(
      `GET /problems/statistics (the whole ledger)`,
      Math.min(n, 20),
      false,
      office('/problems/statistics'),
    ),
  ];
  return {
    cases: CASES,
    problems: PROBLEMS,
    start: { seconds: startSeconds, perSecond: CASES / startSeconds, inFlight: concurrency, progress },
    storeCatchUpSeconds: caughtUp - startSeconds,
    /** Cases opened a second from the first start to the store holding the last (their first tasks done). */
    openedPerSecond: CASES / caughtUp,
    problemSeconds,
    store: { cases, problems, bytes },
    rows,
  };
}

export type ScaleFigures = Awaited<ReturnType<typeof scalePhase>>;
