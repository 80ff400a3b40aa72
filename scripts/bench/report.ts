// What `npm run bench` prints, phase by phase, and the figures it writes as JSON (result.json; bench/results/ with
// `-- --save`, one file per day, machine kind and topology).
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../lib/infra/tools';
import type { Lifecycles, StepLatencies } from './against-bare';
import type { PatrolHistory } from './history';
import type { Memory } from './latency';
import type { Timed } from './requests';
import type { ScaleFigures } from './scale';
import { percentile } from './requests';
import type { DeadlineStorm } from './storm';

const w = (s: string, n: number) => s.padEnd(n);
const f = (x: number) => x.toFixed(x < 10 ? 2 : 1);
const out = (s: string) => process.stdout.write(s);

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

export function printHeading(title: string): void {
  out(`\n── ${title} ${'─'.repeat(Math.max(0, 100 - title.length))}\n\n`);
}

/** A latency table: p50, p95, max, and the p50 against the first row's (the baseline) when there is one. */
export function printRows(rows: Timed[], baseline?: Timed): void {
  out(
    `${w('operation', 52)} ${w('p50 ms', 8)} ${w('p95 ms', 8)} ${w('p99 ms', 8)} ${w('max ms', 8)}${baseline ? ' vs baseline p50' : ''}\n`,
  );
  const base = baseline && percentile(baseline.ms, 50);
  for (const r of rows) {
    const p50 = percentile(r.ms, 50);
    out(
      `${w(r.label, 52)} ${w(p50.toFixed(1), 8)} ${w(percentile(r.ms, 95).toFixed(1), 8)} ${w(percentile(r.ms, 99).toFixed(1), 8)} ${w(r.ms.at(-1)!.toFixed(1), 8)}${base ? ` ×${(p50 / base).toFixed(1)}` : ''}\n`,
    );
  }
}

/** Each process's memory (MiB) after a phase. */
export function printMemory(m: Memory): void {
  out(`Memory after ${m.after}, ${m.openCases.toLocaleString('en')} open cases:\n`);
  for (const p of m.processes) {
    const v8 =
      p.heapUsedMiB === undefined
        ? ''
        : `, V8 heap used ${p.heapUsedMiB}, external ${p.externalMiB} (array buffers ${p.arrayBuffersMiB})`;
    out(`  ${w(p.name, 40)} rss ${String(p.rssMiB).padStart(5)} MiB${v8}\n`);
  }
}

export function printHistory(history: PatrolHistory): void {
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  out(
    `History of a whole patrol (proposal + ${history.perStep.length - 1} steps, texts of 120 characters, sealed): ${history.events} events, ${kib(history.jsonBytes)} JSON (${kib(history.prettyJsonBytes)} indented, ${kib(history.protoBytes)} protobuf)\n` +
      `  per step: ${(history.events / history.perStep.length).toFixed(1)} events, ${kib(history.jsonBytes / history.perStep.length)} JSON, ${kib(history.protoBytes / history.perStep.length)} protobuf (a case continues as a new run at limits.historyEvents, default 5000)\n\n` +
      `History per step kind: events, protobuf KiB; ms the worker held the task that took the step, and the local activities in it\n`,
  );
  for (const h of history.perStep)
    out(
      `  ${h.step.padEnd(36)} ${String(h.events).padStart(4)} ${(h.protoBytes / 1024).toFixed(1).padStart(7)} ${String(h.taskMs).padStart(5)} ms  ${h.localActivities.join(', ')}\n`,
    );
}

export function printLifecycles(l: Lifecycles): void {
  out(
    `A lifecycle: start + ${l.steps} steps through the API; bare: start + ${l.steps} Updates with an activity each\n\n`,
  );
  out(`${w('in flight', 10)} ${w('system /s', 10)} ${w('bare /s', 10)} ratio\n`);
  for (const r of l.runs) {
    out(`${w(String(r.inFlight), 10)} ${w(f(r.system), 10)} ${w(f(r.bare), 10)} ${f(r.ratio)}\n`);
    if (r.failed.system || r.failed.bare)
      out(`  failed lifecycles: system ${r.failed.system}, bare ${r.failed.bare} (${r.failed.reasons.join('; ')})\n`);
  }
}

export function printSteps(s: StepLatencies): void {
  const fl = s.floor;
  out(
    `Bare Update p50/p99: ${f(s.bareUpdate.p50)}/${f(s.bareUpdate.p99)} ms; with a local activity: ${f(s.bareUpdateLocal.p50)}/${f(s.bareUpdateLocal.p99)} ms; with an activity: ${f(s.bareUpdateActivity.p50)}/${f(s.bareUpdateActivity.p99)} ms\n` +
      `The store's write of a patrol's record (${(fl.recordBytes / 1024).toFixed(1)} KiB JSON) p50/p99: ${f(fl.write.p50)}/${f(fl.write.p99)} ms; its read: ${f(fl.read.p50)}/${f(fl.read.p99)} ms; GET /health: ${f(fl.http.p50)}/${f(fl.http.p99)} ms\n` +
      `A step's floor: a bare Update with a local activity, a bare activity (Update+act less Update) for each workflow task\n` +
      `its answer waited for after the first, the store's write and read, an HTTP request. Each step is sent ${s.settleMs} ms\n` +
      `after the one before, the case idle. Its parts, from the answer's Server-Timing: the Update as the API waited for it\n` +
      `(Temporal, the worker, the case's store write), the record's read after it, and the rest (HTTP, sign-in check,\n` +
      `validation, the audit entry, the answer's serialisation: the p50 less the parts' p50s).\n\n` +
      `${w('step (1 in flight)', 34)} ${w('p50 ms', 7)} ${w('p99 ms', 7)} ${w('Update', 7)} ${w('record', 7)} ${w('rest', 6)} ${w('tasks', 5)} ${w('floor', 6)} ${w('×floor', 7)} ${w('×Update+LA', 10)}\n`,
  );
  for (const k of s.stepLatency)
    out(
      `${w(k.kind, 34)} ${w(f(k.p50), 7)} ${w(f(k.p99), 7)} ${w(f(k.update), 7)} ${w(f(k.record), 7)} ${w(f(k.p50 - k.update - k.record), 6)} ${w(String(k.awaitedTasks), 5)} ${w(f(k.floor), 6)} ${w(f(k.vsFloor), 7)} ${w(f(k.vsUpdateLocal), 10)}\n`,
    );
}

export function printScale(sc: ScaleFigures): void {
  out(`\n${w('read (one at a time)', 58)} ${w('p50 ms', 8)} ${w('p95 ms', 8)} ${w('p99 ms', 8)}\n`);
  for (const r of sc.rows) out(`${w(r.label, 58)} ${w(f(r.p50), 8)} ${w(f(r.p95), 8)} ${w(f(r.p99), 8)}\n`);
}

export function printStorm(st: DeadlineStorm): void {
  out(
    `${st.deadlines} deadlines due within ${f(st.spreadSeconds)} s (filed at ${f(st.filing.perSecond)}/s)\n` +
      `  from the last due to every one overdue and recorded: system ${f(st.system.drainSeconds)} s, bare ${f(st.bare.drainSeconds)} s, ratio ${f(st.ratio)}\n` +
      `  lateness p50/p99/max ms: system ${f(st.system.lateness.p50)}/${f(st.system.lateness.p99)}/${f(st.system.maxMs)}, bare ${f(st.bare.lateness.p50)}/${f(st.bare.lateness.p99)}/${f(st.bare.maxMs)}; late by more than a minute: system ${st.system.lateOverAMinute}, bare ${st.bare.lateOverAMinute}\n` +
      `  where the time went (medians of ${st.system.where.sampled} and ${st.bare.where.sampled} histories), ms: the server fires the timer ${f(st.system.where.serverFiresMs)} (bare ${f(st.bare.where.serverFiresMs)}), its timer armed after its task started ${f(st.system.where.armingMs)} (${f(st.bare.where.armingMs)}; after the task's last local activity ${f(st.system.where.armingAfterLocalMs)}), its workflow task waits for a worker ${f(st.system.where.taskWaitsMs)} (${f(st.bare.where.taskWaitsMs)}), the worker until done ${f(st.system.where.workerMs)} (${f(st.bare.where.workerMs)})\n`,
  );
}

/** The figures as JSON in the run's data folder, and with `--save` under bench/results/ for later comparison. */
export function saveFigures(figures: object, onCluster: boolean, only?: string[]): void {
  const json = { date: new Date().toISOString(), machine: machine(), ...(only ? { only } : {}), ...figures };
  const file = path.join(projectRoot, onCluster ? '.data/bench-cluster' : '.data/bench', 'result.json');
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  out(`\nFigures as JSON: ${path.relative(projectRoot, file)}\n`);
  if (process.argv.includes('--save')) {
    const stamp = json.date.slice(0, 16).replace('T', '-').replace(':', '');
    const saved = path.join(
      projectRoot,
      'bench',
      'results',
      `${stamp}-${json.machine.kind}${onCluster ? '-cluster' : ''}${only ? `-${only.join('+')}` : ''}.json`,
    );
    mkdirSync(path.dirname(saved), { recursive: true });
    writeFileSync(saved, `${JSON.stringify(json, null, 2)}\n`);
    out(`Saved for later comparison: ${path.relative(projectRoot, saved)}\n`);
  }
}
