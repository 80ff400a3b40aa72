// The deadline storm of `npm run bench`: many deadlines due at once, against bare timers at the same offsets.
import { performance } from 'node:perf_hooks';
import type { Target } from './targets';

/** `count` public reports filed as fast as the API takes them, 32 at a time: their ids, and the seconds it took. */
async function fileReports(target: Target, count: number): Promise<{ ids: string[]; filingSeconds: number }> {
  const { reportIdOf } = await import('../../lib/public-reports/receipts');
  const ids: string[] = [];
  let next = 0;
  const filingStarted = performance.now();
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      for (let i = next++; i < count; i = next++) {
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
  return { ids, filingSeconds: (performance.now() - filingStarted) / 1000 };
}

/** The office's list of reports (read from the case store, never from Temporal): each one's deadline and whether overdue. */
async function listedReports(target: Target, office: string, count: number) {
  const out = new Map<string, { dueAt?: string; overdue: boolean }>();
  for (let offset = 0; offset < count; offset += 200) {
    const page = (await (
      await fetch(`${target.api}/public-reports?limit=200&offset=${offset}`, { headers: { authorization: office } })
    ).json()) as Array<{ reportId: string; dueAt?: string; overdue: boolean }>;
    for (const p of page) out.set(p.reportId, { ...(p.dueAt ? { dueAt: p.dueAt } : {}), overdue: p.overdue });
  }
  return out;
}

/**
 * A deadline storm: `BENCH_STORM` (1,000) public reports filed as fast as the API takes them, each due for registration
 * 3 minutes later (data/deadline-policy.bench.json), so their deadlines fall due within the filing's few seconds. Until
 * every one is overdue in the case store (the office told, the record written), against bare timers at the same offsets
 * each followed by an activity; and how late each was.
 */
export async function deadlineStorm(
  target: Target,
  secret: string,
  bareStorm: (dueAts: number[]) => Promise<{ lateness: number[]; drainedAt: number }>,
) {
  const { signToken } = await import('../../lib/infra/tokens');
  const { stats } = await import('./compare');
  const S = Number(process.env.BENCH_STORM ?? 1000);
  const office = `Bearer ${signToken(secret, { sub: 'bench-office', role: 'office' })}`;
  const { ids, filingSeconds } = await fileReports(target, S);
  const rows = () => listedReports(target, office, S);
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
