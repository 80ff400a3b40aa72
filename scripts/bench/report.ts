// What `npm run bench` prints, and the figures it writes as JSON (result.json; bench/results/ with `-- --save`).
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../lib/infra/tools';
import { loadConfig } from '../../lib/config';
import { cachedWorkflows } from '../../worker';
import type { Comparison } from './against-bare';
import type { PatrolHistory } from './history';
import type { Memory } from './latency';
import { concurrency } from './latency';
import type { Timed } from './requests';
import { percentile } from './requests';
import type { Target } from './targets';

/** Everything one run measured. */
export interface Figures {
  target: Target;
  /** Requests per row. */
  n: number;
  results: Timed[];
  inbox: Timed;
  starts: { total: number; seconds: number };
  memory: Memory[];
  history: PatrolHistory;
  comparison: Comparison;
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

/** The latency table, the concurrent starts, memory, the inbox and the history of a whole patrol. */
export function printFigures({ target, n, results, inbox, starts, memory, history }: Figures): void {
  const { total, seconds } = starts;
  const pad = (s: string, n: number) => s.padEnd(n);
  process.stdout.write(
    `\nBenchmark on ${new Date().toISOString()}, ${target.name} — ${n} requests per row, one at a time\n\n`,
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
      `Memory with ${m.openCases.toLocaleString('en')} open cases (sticky cache ${cachedWorkflows(loadConfig(process.env, ['worker']).worker.WORKER_CACHED_WORKFLOWS)} workflows per worker): ${m.memory}\n`,
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
}

export function printComparison(c: Comparison): void {
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

/** The figures as JSON in the run's data folder, and with `--save` under bench/results/ for later comparison. */
export function saveFigures(
  { target, results, starts, memory, history, comparison }: Figures,
  onCluster: boolean,
): void {
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
    concurrentStarts: { inFlight: concurrency, total: starts.total, perSecond: starts.total / starts.seconds },
    memory,
    history,
  };
  const out = path.join(projectRoot, onCluster ? '.data/bench-cluster' : '.data/bench', 'result.json');
  writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(`Figures as JSON: ${path.relative(projectRoot, out)}\n`);
  if (process.argv.includes('--save')) {
    const saved = path.join(
      projectRoot,
      'bench',
      'results',
      `${json.date.slice(0, 10)}-${json.machine.kind}${onCluster ? '-cluster' : ''}.json`,
    );
    mkdirSync(path.dirname(saved), { recursive: true });
    writeFileSync(saved, `${JSON.stringify(json, null, 2)}\n`);
    process.stdout.write(`Saved for later comparison: ${path.relative(projectRoot, saved)}\n`);
  }
}
