// The system against bare Temporal on the same server, in the same run (issue 16): the phases `lifecycles` and `steps`
// of `npm run bench`; the machinery of the bare side is in compare.ts and bare-workflow.ts, the storm in storm.ts.
import { performance } from 'node:perf_hooks';
import type { bareTemporal } from './compare';
import type { Bench, Post } from './requests';
import type { Target } from './targets';

/** A part of a step's `Server-Timing` (api/routes/steps.ts), in ms. */
const timingOf = (res: Response, part: 'update' | 'record') =>
  Number(new RegExp(`(?:^|,\\s*)${part};dur=([0-9.]+)`).exec(res.headers.get('server-timing') ?? '')?.[1] ?? NaN);

/** The key under which a step kind's part is kept beside its whole latency. */
const partKey = (kind: string, part: 'update' | 'record') => `${kind}\t${part}`;

/**
 * One patrol lifecycle through the API (proposal and the main path), in year `y`: each operation's latency by kind, and
 * of each step the parts its `Server-Timing` names. `settleMs`: a pause before each step, so that a step does not wait
 * for the work the one before left (the case's first task after its start, the ledger's problems after the feedback),
 * as a person's next step does not.
 */
async function systemLifecycle(secret: string, post: Post, y: number, settleMs = 0) {
  const { signToken } = await import('../../lib/infra/tokens');
  const { patrolMainPath, proposal, walkPeople } = await import('../patrol-walk');
  return {
    /** The case of the lifecycle that ended last. */
    last: '',
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
        if (settleMs) await new Promise((resolve) => setTimeout(resolve, settleMs));
        const kind = url.replace(/\/[0-9]+\//, '/{n}/');
        t0 = performance.now();
        const r = await post(`/patrols/${caseId}/${url}`, tokens[who], body);
        await r.arrayBuffer();
        if (r.status !== 200) throw new Error(`${kind}: ${r.status}`);
        out.push([kind, performance.now() - t0]);
        out.push([partKey(kind, 'update'), timingOf(r, 'update')], [partKey(kind, 'record'), timingOf(r, 'record')]);
      }
      this.last = caseId;
      return out;
    },
  };
}

export type Bare = Awaited<ReturnType<typeof bareTemporal>>;

/** The bare worker and client of this run, on the target's server (their own task queue). */
export async function bareOn(target: Target): Promise<Bare> {
  const { patrolMainPath } = await import('../patrol-walk');
  const { bareTemporal } = await import('./compare');
  return bareTemporal(target.temporalAddress, target.namespace, patrolMainPath('g-bench-0').length, target.temporalTls);
}

let year = 2080;

/**
 * Phase `lifecycles` (issue 16): whole patrol lifecycles through the API at 1, 8 and 32 in flight against bare
 * workflows taking the same number of Updates with an activity each (BENCH_LIFECYCLES, 40, at 8 and 32).
 */
export async function lifecycles(target: Target, secret: string, post: Post, bare: Bare) {
  const { throughput } = await import('./compare');
  const L = Number(process.env.BENCH_LIFECYCLES ?? 40);
  const runs: Array<{
    inFlight: number;
    system: number;
    bare: number;
    ratio: number;
    failed: { system: number; bare: number; reasons: string[] };
  }> = [];
  for (const inFlight of [1, 8, 32]) {
    const n = inFlight === 1 ? Math.max(4, Math.round(L / 4)) : L;
    const sys = await throughput(await systemLifecycle(secret, post, year++), n, inFlight);
    const b = await throughput(bare.lifecycle, n, inFlight);
    runs.push({
      inFlight,
      system: sys.perSecond,
      bare: b.perSecond,
      ratio: sys.perSecond / b.perSecond,
      failed: { system: sys.failed, bare: b.failed, reasons: [...sys.errors, ...b.errors] },
    });
  }
  return { steps: bare.steps, runs };
}

export type Lifecycles = Awaited<ReturnType<typeof lifecycles>>;

/**
 * What a step cannot do without, each measured bare in this run: an HTTP request (`GET /health`), the case store's write
 * of the record (the store is what lists and answers read) and its read for the answer (`saveCase` and `readCase` of
 * the last lifecycle's record, as a case of its own, removed after), n of each.
 */
async function floors(bench: Bench, caseId: string, n: number) {
  const { stats } = await import('./compare');
  const { store, api } = bench.target;
  const timedMs = async (op: (i: number) => Promise<unknown>) => {
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await op(i);
      ms.push(performance.now() - t0);
    }
    return stats(ms.sort((a, b) => a - b));
  };
  const http = await timedMs(() => fetch(`${api}/health`).then((r) => r.arrayBuffer()));
  const stored = await store.readCase(caseId);
  if (!stored) throw new Error(`the store does not have ${caseId}`);
  const floorId = `${caseId}-floor`;
  const record = { ...stored.record, caseId: floorId } as typeof stored.record;
  try {
    const write = await timedMs((i) =>
      store.saveCase({ record: { ...record, revision: record.revision + i + 1 }, viewers: stored.viewers }),
    );
    const read = await timedMs(() => store.readCase(floorId));
    return { http, write, read, recordBytes: Buffer.byteLength(JSON.stringify(stored.record)) };
  } finally {
    for (const table of ['case_events', 'case_findings', 'case_deadlines', 'case_transfers', 'cases'] as const)
      await store.db.deleteFrom(table).where('case_id', '=', floorId).execute();
  }
}

/**
 * Phase `steps`: every step's latency by kind, one at a time, each after a pause that leaves the case idle
 * (BENCH_STEP_LIFECYCLES lifecycles, 10, BENCH_STEP_SETTLE_MS, 250), with the part of it the API waited for the
 * Update and the part it read the record in; against a bare Update with nothing, one local activity, or one activity
 * (BENCH_UPDATES, 200, of each), and against the step's floor: a bare Update with a local activity, a bare activity for
 * each workflow task the step's answer waited for after the first (read from the last lifecycle's history), the
 * store's write and read of the record, and an HTTP request, each measured bare in this run. The pause is the steps'
 * own: the lifecycles phase sends each step right after the one before, and its throughput carries all the work.
 */
export async function stepLatencies(bench: Bench, bare: Bare) {
  const { throughput, stats } = await import('./compare');
  const { historyPerStep, patrolMainPath } = await import('../patrol-walk');
  const settleMs = Number(process.env.BENCH_STEP_SETTLE_MS ?? 250);
  const system = await systemLifecycle(bench.secret, bench.post, year++, settleMs);
  const measured = (await throughput(system, Number(process.env.BENCH_STEP_LIFECYCLES ?? 10), 1)).latencies;
  const U = Number(process.env.BENCH_UPDATES ?? 200);
  const bareUpdate = stats(await bare.updates(U, 'none'));
  const bareUpdateLocal = stats(await bare.updates(U, 'local'));
  const bareUpdateActivity = stats(await bare.updates(U, 'activity'));
  const floor = await floors(bench, system.last, U);
  // The tasks each step's answer waited for, in the order of the main path (the history's Updates, one at a time).
  const perStep = historyPerStep(await bench.target.client.workflow.getHandle(system.last).fetchHistory()).slice(1);
  const awaited = new Map(
    patrolMainPath('g').map(([, url], i) => [url.replace(/\/[0-9]+\//, '/{n}/'), perStep[i]?.awaitedTasks ?? 0]),
  );
  const activity = bareUpdateActivity.p50 - bareUpdate.p50;
  const base = bareUpdateLocal.p50 + floor.write.p50 + floor.read.p50 + floor.http.p50;
  const stepLatency = [...measured]
    .filter(([kind]) => !kind.includes('\t'))
    .map(([kind, ms]) => {
      const s = stats(ms);
      const part = (p: 'update' | 'record') => stats(measured.get(partKey(kind, p)) ?? []).p50;
      const update = part('update');
      const tasks = awaited.get(kind);
      // The start answers before its first workflow task: its floor is not this one.
      const stepFloor = tasks === undefined ? NaN : base + tasks * activity;
      return {
        kind,
        ...s,
        /** p50 of the Update as the API waited for it, and of the record's read after it (NaN: the start). */
        update,
        record: part('record'),
        awaitedTasks: tasks ?? 0,
        floor: stepFloor,
        vsFloor: s.p50 / stepFloor,
        vsUpdate: s.p50 / bareUpdate.p50,
        vsUpdateLocal: s.p50 / bareUpdateLocal.p50,
        vsUpdateActivity: s.p50 / bareUpdateActivity.p50,
      };
    });
  return { settleMs, bareUpdate, bareUpdateLocal, bareUpdateActivity, floor, stepLatency };
}

export type StepLatencies = Awaited<ReturnType<typeof stepLatencies>>;
