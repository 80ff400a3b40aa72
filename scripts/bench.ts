// `npm run bench`: how fast the API answers people, measured on the real stack (embedded dev server, worker and
// API in this process, like `npm start`, on its own ports and data in .data/bench). Prints latency percentiles
// per operation, with GET /health in the same run as the baseline (HTTP, no auth, one cheap Temporal call),
// throughput of case starts, lists and to-do lists read from the case store with 1,000 open cases (and the SQL
// queries each takes), and the process's memory. Figures, not assertions: compare runs on one machine.
// `npm run bench -- --cluster`: the same against the production topology of `npm run cluster` (Temporal on PostgreSQL,
// two workers, two APIs; its own data in .data/bench-cluster), through the first API; memory is each process's RSS.
// `npm run bench -- --robot-rate`: a burst to one robot's rate-limited task queue (scripts/bench/robot-rate.ts).
// `npm run bench -- --ledger`: the rectification ledger's reads at 20,000 problems (scripts/bench/ledger.ts).
// The parts are in scripts/bench/: targets (embedded or cluster), requests, the latency table, the comparison with bare
// Temporal and its deadline storm, the history of a patrol, and the report.
import path from 'node:path';
import { projectRoot } from '../lib/infra/tools';
import { againstBareTemporal } from './bench/against-bare';
import { patrolHistory } from './bench/history';
import type { Memory } from './bench/latency';
import { concurrentStarts, manyOpenRows, requestRows, storeRows, warmUp } from './bench/latency';
import { printComparison, printFigures, saveFigures } from './bench/report';
import { benchOn } from './bench/requests';
import { cluster, embedded } from './bench/targets';

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

async function main(): Promise<void> {
  if (process.argv.includes('--robot-rate')) {
    const { robotRateBench } = await import('./bench/robot-rate');
    return robotRateBench(Number(process.env.BENCH_N ?? 20));
  }
  if (process.argv.includes('--ledger')) {
    const { ledgerBench } = await import('./bench/ledger');
    return ledgerBench(Number(process.env.BENCH_LEDGER ?? 20_000), Number(process.env.BENCH_N ?? 200));
  }
  const onCluster = process.argv.includes('--cluster');
  const target = onCluster ? await cluster() : await embedded();
  const bench = await benchOn(target, N);
  await warmUp(bench);
  const comparison = await againstBareTemporal(target, bench.secret, bench.post);
  const results = await requestRows(bench);
  const starts = await concurrentStarts(bench);
  const store = await storeRows(bench);
  results.push(...store.rows);
  const memory: Memory[] = [{ openCases: await target.openCases(), memory: target.memory() }];
  const many = await manyOpenRows(bench);
  memory.push(many.memory);
  results.push(...many.rows);
  const history = await patrolHistory(bench);
  const figures = { target, n: N, results, inbox: store.inbox, starts, memory, history, comparison };
  printFigures(figures);
  printComparison(comparison);
  saveFigures(figures, onCluster);
  await target.stop();
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
