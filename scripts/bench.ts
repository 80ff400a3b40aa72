// `npm run bench`: the system measured on the real stack, against bare Temporal on the same server in the same run, each
// figure printed next to its target (✓ met, ✗ missed). The embedded stack of `npm start` by default (dev server, worker
// and API in this process, case store on PGlite, its own ports and data in .data/bench); `-- --cluster` the production
// topology of `npm run cluster` (Temporal on PostgreSQL, two workers, two APIs; data in .data/bench-cluster), through
// the first API.
//
// Phases, in this order; `-- --only storm` (or `--only steps,storm`) runs some alone:
//   requests    GET /health (the baseline), a case's start, query, approval and a refused step, BENCH_N (200) each
//   lifecycles  whole patrols at 1, 8 and 32 in flight against bare workflows with as many Updates and activities
//   steps       each step's latency by kind against a bare Update with nothing, a local activity, or an activity
//   storm       BENCH_STORM (1,000) deadlines due at once against bare timers at the same instants, each + an activity
//   lists       1,000 cases started 16 at a time; the lists, to-do lists and the inbox page read from the case store
//   open        up to BENCH_OPEN (10,000) open cases: the reads again, and memory
//   history     the history of a whole patrol, per step kind
//   scale       only with `--scale` or `--only scale`: BENCH_SCALE (100,000) open cases of three kinds and
//               BENCH_SCALE_PROBLEMS (1,000,000) problems in the ledger; start throughput, memory, the store's size, and
//               p50/p95/p99 of the lists, the to-do lists, a case and the ledger's filters (scripts/bench/scale.ts)
// Memory is printed after every phase. `-- --save` keeps the figures in bench/results/ (docs/performance.md reads them).
// Apart: `-- --robot-rate` (a robot's rate-limited queue, scripts/bench/robot-rate.ts) and `-- --ledger` (the ledger's
// reads at 20,000 problems, scripts/bench/ledger.ts).
import path from 'node:path';
import { projectRoot } from '../lib/infra/tools';
import type { Bare, Lifecycles, StepLatencies } from './bench/against-bare';
import { bareOn, lifecycles, stepLatencies } from './bench/against-bare';
import { patrolHistory } from './bench/history';
import type { Memory } from './bench/latency';
import { concurrency, concurrentStarts, manyOpenRows, requestRows, storeRows, warmUp } from './bench/latency';
import type { Timed } from './bench/requests';
import { benchOn, percentile } from './bench/requests';
import {
  printHeading,
  printHistory,
  printLifecycles,
  printMemory,
  printRows,
  printScale,
  printSteps,
  printStorm,
  saveFigures,
} from './bench/report';
import { deadlineStorm } from './bench/storm';
import type { Target } from './bench/targets';
import { cluster, embedded, rss, workerSettings } from './bench/targets';
import { Verdicts } from './bench/verdicts';

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
});

const phases = ['requests', 'lifecycles', 'steps', 'storm', 'lists', 'open', 'history', 'scale'] as const;
type Phase = (typeof phases)[number];

/** Phases a plain run leaves out (an hour or more): named with `--only`, or `--scale` for every phase and this one. */
const onlyWhenNamed: readonly Phase[] = ['scale'];

/**
 * The phases `--only` names (comma-separated, or repeated), in the bench's order; without it every phase but the ones
 * run only when named (`--scale` adds the scale phase).
 */
function chosenPhases(argv: string[]): { phases: Phase[]; only?: Phase[] } {
  const named = argv.flatMap((a, i) =>
    a === '--only' ? (argv[i + 1] ?? '').split(',') : a.startsWith('--only=') ? a.slice(7).split(',') : [],
  );
  if (!named.length)
    return { phases: phases.filter((p) => !onlyWhenNamed.includes(p) || (p === 'scale' && argv.includes('--scale'))) };
  const unknown = named.filter((p) => !(phases as readonly string[]).includes(p));
  if (unknown.length) {
    console.error(`unknown phase ${unknown.join(', ')}: the phases are ${phases.join(', ')}`);
    process.exit(2);
  }
  const only = phases.filter((p) => named.includes(p));
  return { phases: only, only };
}

const p95 = (t: Timed) => percentile(t.ms, 95);
const ms = (x: number) => `${x.toFixed(1)} ms`;

/** A table's rows as saved: p50 and p95 of each. */
const rowFigures = (rows: Timed[]) =>
  rows.map((r) => ({ label: r.label, p50: percentile(r.ms, 50), p95: p95(r), n: r.ms.length }));

/** The lists and to-do lists people wait for: each under 100 ms at p95 (issue 37 item 4). */
function readsWithin100ms(v: Verdicts, phase: string, rows: Timed[]): void {
  for (const row of rows)
    v.add({ phase, figure: `${row.label}, p95`, value: ms(p95(row)), target: '< 100 ms', met: p95(row) < 100 });
}

/** The per-worker memory target at so many open cases: judged on the cluster's workers, not on one shared process. */
function memoryVerdict(v: Verdicts, phase: string, m: Memory, bound: number, at: string): void {
  const workers = m.processes.filter((p) => p.role === 'worker');
  const largest = Math.max(...workers.map((p) => p.rssMiB));
  v.add({
    phase,
    figure: `worker RSS at ${m.openCases.toLocaleString('en')} open cases (target set at ${at})`,
    value: workers.length ? `${largest} MiB (largest of ${workers.length})` : `${m.processes[0]!.rssMiB} MiB in all`,
    target: `≤ ${bound} MiB`,
    ...(workers.length
      ? { met: largest <= bound }
      : { why: 'here the API, the worker and PGlite share one process; `-- --cluster` measures a worker alone' }),
  });
}

async function main(): Promise<void> {
  if (process.argv.includes('--robot-rate')) {
    const { robotRateBench } = await import('./bench/robot-rate');
    return robotRateBench(Number(process.env.BENCH_N ?? 20));
  }
  if (process.argv.includes('--ledger')) {
    const { ledgerBench } = await import('./bench/ledger');
    return ledgerBench(Number(process.env.BENCH_LEDGER ?? 20_000), Number(process.env.BENCH_N ?? 200));
  }
  const chosen = chosenPhases(process.argv);
  const only = chosen.only;
  const run = new Set<Phase>(chosen.phases);
  // The deadline storm's reports are due for registration 3 minutes after they are filed; without the storm, the
  // policy of a deployment (the scale phase's 20,000 reports would otherwise all fall due during its reads).
  if (run.has('storm')) process.env.DEADLINE_POLICY_FILE = path.join(projectRoot, 'data', 'deadline-policy.bench.json');
  const onCluster = process.argv.includes('--cluster');
  const target: Target = onCluster ? await cluster() : await embedded();
  let bare: Bare | undefined;
  // Whatever happens, the target and the bare worker stop (the cluster's processes would otherwise outlive the bench).
  try {
    const tuned = Object.entries(workerSettings());
    process.stdout.write(
      `\nBenchmark on ${new Date().toISOString()}, ${target.name}; phases: ${[...run].join(', ')}\n` +
        `Workers: ${tuned.length ? tuned.map(([k, v]) => `${k}=${v}`).join(' ') : 'the settings’ defaults'}\n`,
    );
    const bench = await benchOn(target, N);
    await warmUp(bench);
    const v = new Verdicts();
    const figures: Record<string, unknown> = { target: target.name, n: N, workers: Object.fromEntries(tuned) };
    const memory: Memory[] = [];
    const measureMemory = async (after: string) => {
      const processes = [
        ...target.memory(),
        // The bare worker of this run, in its own process: the floor of a worker with nothing of the system.
        ...(bare ? [{ name: 'bare worker', role: 'bare worker' as const, rssMiB: rss(bare.pid) }] : []),
      ];
      const m = { after, openCases: await target.openCases(), processes };
      memory.push(m);
      printMemory(m);
      return m;
    };
    const bareNeeded = run.has('lifecycles') || run.has('steps') || run.has('storm');
    bare = bareNeeded ? await bareOn(target) : undefined;
    await measureMemory('start');

    if (run.has('requests')) {
      printHeading(`requests: ${N} of each, one at a time, against GET /health`);
      const rows = await requestRows(bench);
      printRows(rows, rows[0]);
      figures.requests = rowFigures(rows);
      await measureMemory('requests');
    }
    let lifecycleFigures: Lifecycles | undefined;
    if (run.has('lifecycles')) {
      printHeading('lifecycles: whole patrols against bare Temporal, same server, same run');
      lifecycleFigures = await lifecycles(target, bench.secret, bench.post, bare!);
      printLifecycles(lifecycleFigures);
      const at8 = lifecycleFigures.runs.find((r) => r.inFlight === 8)!;
      v.add({
        phase: 'lifecycles',
        figure: 'whole lifecycles per second vs bare, 8 in flight',
        value: `${at8.ratio.toFixed(2)} (${at8.system.toFixed(2)}/s vs ${at8.bare.toFixed(2)}/s)`,
        target: '≥ 0.95',
        met: at8.ratio >= 0.95 && at8.failed.system === 0,
      });
      figures.lifecycles = { steps: lifecycleFigures.steps, runs: lifecycleFigures.runs };
      await measureMemory('lifecycles');
    }
    if (run.has('steps')) {
      printHeading('steps: each step, one at a time, against a bare Update');
      const s: StepLatencies = await stepLatencies(bench, bare!);
      printSteps(s);
      const steps = s.stepLatency.filter((k) => Number.isFinite(k.vsFloor));
      const worst = steps.reduce((a, b) => (b.vsFloor > a.vsFloor ? b : a));
      v.add({
        phase: 'steps',
        figure:
          "slowest step kind, p50 × its floor (bare Update + local activity, bare activities it waits for, the store's write and read, an HTTP request)",
        value: `${worst.vsFloor.toFixed(2)} (${worst.kind}, ${ms(worst.p50)} vs ${ms(worst.floor)})`,
        target: '≤ 1.3',
        met: worst.vsFloor <= 1.3,
      });
      figures.steps = s;
      await measureMemory('steps');
    }
    if (run.has('storm')) {
      printHeading('storm: deadlines due at once, against bare timers each followed by an activity');
      const st = await deadlineStorm(target, (dueAts) => bare!.storm(dueAts));
      printStorm(st);
      v.add({
        phase: 'storm',
        figure: `${st.deadlines.toLocaleString('en')} deadlines: last due → all recorded, vs bare`,
        value: `${st.ratio.toFixed(2)} (${st.system.drainSeconds.toFixed(2)} s vs ${st.bare.drainSeconds.toFixed(2)} s)`,
        target: '≤ 1.5',
        met: st.ratio <= 1.5 && st.system.lateOverAMinute === 0,
      });
      figures.storm = st;
      await measureMemory('storm');
    }
    if (bare) await bare.stop();
    bare = undefined;
    if (run.has('lists')) {
      printHeading(`lists: 1,000 cases started ${concurrency} at a time; reads from the case store`);
      const starts = await concurrentStarts(bench);
      process.stdout.write(
        `Concurrent case starts (${concurrency} in flight): ${starts.total} in ${starts.seconds.toFixed(2)} s = ${(starts.total / starts.seconds).toFixed(1)} cases/s\n\n`,
      );
      const store = await storeRows(bench);
      printRows(store.rows);
      readsWithin100ms(v, 'lists', store.rows.slice(0, 2));
      v.add({
        phase: 'lists',
        figure: "the workbench's inbox with 1,000 tasks, p95",
        value: ms(p95(store.inbox)),
        target: '< 1,000 ms',
        met: p95(store.inbox) < 1000,
      });
      memoryVerdict(v, 'lists', await measureMemory('lists'), 300, '1,000 open');
      figures.starts = { inFlight: concurrency, total: starts.total, perSecond: starts.total / starts.seconds };
      figures.lists = rowFigures(store.rows);
    }
    if (run.has('open')) {
      printHeading(`open: up to ${Number(process.env.BENCH_OPEN ?? 10_000).toLocaleString('en')} open cases`);
      const many = await manyOpenRows(bench);
      printRows(many.rows);
      readsWithin100ms(v, 'open', many.rows.slice(0, 3));
      memoryVerdict(v, 'open', await measureMemory('open'), 500, '10,000 open');
      figures.open = rowFigures(many.rows);
    }
    if (run.has('history')) {
      printHeading('history: a whole patrol, as Temporal keeps it');
      const history = await patrolHistory(bench);
      printHistory(history);
      v.add({
        phase: 'history',
        figure: "a whole patrol's history",
        value: `${history.events} events, ${(history.jsonBytes / 1024).toFixed(0)} KiB JSON`,
        target: '≤ 220 events, ≤ 128 KiB (test/workflows/history.test.ts)',
        met: history.events <= 220 && history.jsonBytes <= 128 * 1024,
      });
      figures.history = history;
    }
    if (run.has('scale')) {
      printHeading(
        `scale: ${Number(process.env.BENCH_SCALE ?? 100_000).toLocaleString('en')} open cases, ${Number(process.env.BENCH_SCALE_PROBLEMS ?? 1_000_000).toLocaleString('en')} problems`,
      );
      const { scalePhase } = await import('./bench/scale');
      const sc = await scalePhase(bench, measureMemory);
      printScale(sc);
      for (const row of sc.rows.filter((r) => r.judged))
        v.add({
          phase: 'scale',
          figure: `${row.label}, p95`,
          value: ms(row.p95),
          target: '< 100 ms',
          met: row.p95 < 100,
        });
      figures.scale = sc;
    }
    v.print();
    saveFigures({ ...figures, memory, verdicts: v.all }, onCluster, only);
  } finally {
    await bare?.stop();
    await target.stop();
  }
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
