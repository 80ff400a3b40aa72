// The system against bare Temporal on the same server, in the same run (issue 16): the phases `lifecycles` and `steps`
// of `npm run bench`; the machinery of the bare side is in compare.ts and bare-workflow.ts, the storm in storm.ts.
import { performance } from 'node:perf_hooks';
import type { bareTemporal } from './compare';
import type { Post } from './requests';
import type { Target } from './targets';

/** One patrol lifecycle through the API (proposal and the main path), in year `y`: each operation's latency by kind. */
async function systemLifecycle(secret: string, post: Post, y: number) {
  const { signToken } = await import('../../lib/infra/tokens');
  const { patrolMainPath, proposal, walkPeople } = await import('../patrol-walk');
  return {
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
  };
}

export type Bare = Awaited<ReturnType<typeof bareTemporal>>;

/** The bare worker and client of this run, on the target's server (their own task queue). */
export async function bareOn(target: Target): Promise<Bare> {
  const { patrolMainPath } = await import('../patrol-walk');
  const { bareTemporal } = await import('./compare');
  return bareTemporal(target.temporalAddress, target.namespace, patrolMainPath('g-bench-0').length, target.temporalTls);
}

/** Each step's latency by kind, one lifecycle at a time. */
export type StepKinds = Map<string, number[]>;

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
  let kinds: StepKinds = new Map();
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
    if (inFlight === 1) kinds = sys.latencies;
  }
  return { steps: bare.steps, runs, kinds };
}

export type Lifecycles = Awaited<ReturnType<typeof lifecycles>>;

/**
 * Phase `steps`: every step's latency by kind, one at a time (from the lifecycles at 1 in flight, or
 * BENCH_STEP_LIFECYCLES lifecycles of its own), against a bare Update with nothing, one local activity, or one
 * activity (BENCH_UPDATES, 200, of each).
 */
export async function stepLatencies(secret: string, post: Post, bare: Bare, kinds?: StepKinds) {
  const { throughput, stats } = await import('./compare');
  const measured =
    kinds ??
    (await throughput(await systemLifecycle(secret, post, year++), Number(process.env.BENCH_STEP_LIFECYCLES ?? 10), 1))
      .latencies;
  const U = Number(process.env.BENCH_UPDATES ?? 200);
  const bareUpdate = stats(await bare.updates(U, 'none'));
  const bareUpdateLocal = stats(await bare.updates(U, 'local'));
  const bareUpdateActivity = stats(await bare.updates(U, 'activity'));
  const stepLatency = [...measured].map(([kind, ms]) => {
    const s = stats(ms);
    return {
      kind,
      ...s,
      vsUpdate: s.p50 / bareUpdate.p50,
      vsUpdateLocal: s.p50 / bareUpdateLocal.p50,
      vsUpdateActivity: s.p50 / bareUpdateActivity.p50,
    };
  });
  return { bareUpdate, bareUpdateLocal, bareUpdateActivity, stepLatency };
}

export type StepLatencies = Awaited<ReturnType<typeof stepLatencies>>;
