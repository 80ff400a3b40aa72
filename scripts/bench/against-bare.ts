// The system against bare Temporal on the same server, in the same run (issue 16); the machinery of the bare side is
// in compare.ts and bare-workflow.ts.
import { performance } from 'node:perf_hooks';
import type { Post } from './requests';
import { deadlineStorm } from './storm';
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

/**
 * The system against bare Temporal on the same server (issue 16): whole patrol lifecycles through the API at 1, 8 and
 * 32 in flight against bare workflows taking the same number of Updates with an activity each; every step's latency
 * by kind against a bare Update with and without an activity; the history each step adds.
 */
export async function againstBareTemporal(target: Target, secret: string, post: Post) {
  const { patrolMainPath } = await import('../patrol-walk');
  const { bareTemporal, throughput, stats } = await import('./compare');
  const steps = patrolMainPath('g-bench-0').length;
  const bare = await bareTemporal(target.temporalAddress, target.namespace, steps, target.temporalTls);
  const L = Number(process.env.BENCH_LIFECYCLES ?? 40);
  let year = 2080;
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
    const sys = await throughput(await systemLifecycle(secret, post, year++), n, inFlight);
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

export type Comparison = Awaited<ReturnType<typeof againstBareTemporal>>;
