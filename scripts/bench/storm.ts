// The deadline storm of `npm run bench`: many deadlines due at once, against bare timers at the same offsets.
import { performance } from 'node:perf_hooks';
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
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

/** The reports' rows in the case store: each one's due date, whether it is overdue, and when its row was written. */
async function storedReports(target: Target, ids: string[]) {
  const rows = await target.store.db
    .selectFrom('cases')
    .select(['case_id', 'due_at', 'overdue', 'updated_at'])
    .where('case_id', 'in', ids)
    .execute();
  return new Map(
    rows.map((r) => [
      r.case_id,
      {
        dueAt: r.due_at ? new Date(r.due_at).getTime() : undefined,
        overdue: r.overdue,
        writtenAt: new Date(r.updated_at).getTime(),
      },
    ]),
  );
}

/** The bare storm's outcome: each lateness, when the last ran, its client and each deadline's workflow. */
export interface BareStorm {
  lateness: number[];
  drainedAt: number;
  client: Client;
  deadlines: Array<{ workflowId: string; dueAt: number; doneAt: number }>;
}

/**
 * A deadline storm: `BENCH_STORM` (1,000) public reports filed as fast as the API takes them, each due for registration
 * 3 minutes later (data/deadline-policy.bench.json), so their deadlines fall due within the filing's few seconds. Until
 * every one is overdue in the case store (the office told, the record written: its row's time), against bare timers at
 * the same offsets each followed by an activity (the time it ran); and how late each was. Both times are taken where
 * the work is done, not where it is seen (a list polled every 250 ms added up to half a second to the system's drain).
 */
export async function deadlineStorm(target: Target, bareStorm: (dueAts: number[]) => Promise<BareStorm>) {
  const { stats } = await import('./compare');
  const S = Number(process.env.BENCH_STORM ?? 1000);
  const { ids, filingSeconds } = await fileReports(target, S);
  const rows = () => storedReports(target, ids);
  let stored = await rows();
  for (let waited = 0; [...stored.values()].filter((r) => r.dueAt).length < S; waited += 1000) {
    if (waited > 600_000) throw new Error('the reports did not all get their registration deadline in 10 minutes');
    await new Promise((r) => setTimeout(r, 1000));
    stored = await rows();
  }
  const dueAts = ids.map((id) => stored.get(id)!.dueAt!);
  const lastDue = Math.max(...dueAts);
  // Until every one is overdue in the store; then each one's lateness is when its row was written (the office told,
  // the record written, by the writer's clock), as the bare side's is when its activity ran.
  while (Date.now() < lastDue) await new Promise((r) => setTimeout(r, 1000));
  for (let waited = 0; [...(stored = await rows()).values()].some((r) => !r.overdue); waited += 500) {
    if (waited > 600_000) throw new Error('the reports were not all overdue 10 minutes after their deadline');
    await new Promise((r) => setTimeout(r, 500));
  }
  const writtenAt = ids.map((id) => stored.get(id)!.writtenAt);
  const systemDrain = (Math.max(...writtenAt) - lastDue) / 1000;
  const lateness = writtenAt.map((w, i) => w - dueAts[i]!).sort((x, y) => x - y);
  const systemWhere = await stormBreakdown(
    target.client,
    ids.map((workflowId, i) => ({ workflowId, dueAt: dueAts[i]!, doneAt: writtenAt[i]! })),
  );

  // The bare counterpart: the same offsets, starting a minute from now.
  const first = Math.min(...dueAts);
  const shift = Date.now() + 60_000 - first;
  const bareDue = dueAts.map((d) => d + shift);
  const bare = await bareStorm(bareDue);
  const bareDrain = (bare.drainedAt - Math.max(...bareDue)) / 1000;
  const bareWhere = await stormBreakdown(bare.client, bare.deadlines);
  return {
    deadlines: S,
    filing: { seconds: filingSeconds, perSecond: S / filingSeconds },
    spreadSeconds: (lastDue - first) / 1000,
    system: {
      drainSeconds: systemDrain,
      lateness: stats(lateness),
      maxMs: lateness.at(-1) ?? 0,
      lateOverAMinute: lateness.filter((l) => l > 60_000).length,
      where: systemWhere,
    },
    bare: {
      drainSeconds: bareDrain,
      lateness: stats(bare.lateness),
      maxMs: bare.lateness.at(-1) ?? 0,
      lateOverAMinute: bare.lateness.filter((l) => l > 60_000).length,
      where: bareWhere,
    },
    ratio: Math.max(systemDrain, 0.001) / Math.max(bareDrain, 0.001),
  };
}

export type DeadlineStorm = Awaited<ReturnType<typeof deadlineStorm>>;

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
/** When a local activity's marker says it completed (the worker's clock), ms. */
function markerTime(e: HistoryEvent): number | undefined {
  const data = e.markerRecordedEventAttributes?.details?.data?.payloads?.[0]?.data;
  if (!data) return undefined;
  try {
    const t = (JSON.parse(Buffer.from(data).toString()) as { complete_time?: { seconds: number; nanos: number } })
      .complete_time;
    return t ? Number(t.seconds) * 1000 + Math.floor(t.nanos / 1e6) : undefined;
  } catch {
    return undefined;
  }
}

const eventMs = (e: HistoryEvent) =>
  Number(e.eventTime?.seconds ?? 0) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);

/**
 * Where a deadline's time went, read from its history: the server firing the timer (its TimerFired after the due
 * instant), the workflow task waiting for a worker to poll it (scheduled → started), and the worker until the work
 * was done (started → the store's row written, or the bare activity run). The medians over `sample` deadlines.
 */
export async function stormBreakdown(
  client: Client,
  deadlines: Array<{ workflowId: string; dueAt: number; doneAt: number }>,
  sample = 100,
) {
  const { stats } = await import('./compare');
  const picked = deadlines.filter((_, i) => i % Math.max(1, Math.floor(deadlines.length / sample)) === 0);
  const fired: number[] = [];
  const queued: number[] = [];
  const worked: number[] = [];
  const armed: number[] = [];
  const armedAfterLocal: number[] = [];
  for (const d of picked) {
    const events = (await client.workflow.getHandle(d.workflowId).fetchHistory()).events ?? [];
    const timer = events.findIndex((e) => e.timerFiredEventAttributes && eventMs(e) >= d.dueAt - 5);
    if (timer < 0) continue;
    // The timer that fired: when its workflow task started (the clock its wait was counted from), when the last local
    // activity of that task completed (the worker's own clock, in the marker), and when the server started the timer.
    const startedId = events[timer]!.timerFiredEventAttributes!.startedEventId;
    const startedAt = events.findIndex((e) => String(e.eventId) === String(startedId));
    const before = (i: number, has: (e: HistoryEvent) => unknown) => {
      while (--i >= 0 && !has(events[i]!));
      return i;
    };
    const completed = before(startedAt, (e) => e.workflowTaskCompletedEventAttributes);
    const taskStarted = events[before(completed, (e) => e.workflowTaskStartedEventAttributes)];
    if (startedAt >= 0 && completed >= 0 && taskStarted) {
      armed.push(eventMs(events[startedAt]!) - eventMs(taskStarted));
      const localDone = events
        .slice(completed, startedAt)
        .flatMap((e) => (e.markerRecordedEventAttributes?.markerName === 'core_local_activity' ? [markerTime(e)] : []))
        .filter((t): t is number => t !== undefined);
      if (localDone.length) armedAfterLocal.push(eventMs(events[startedAt]!) - Math.max(...localDone));
    }
    const scheduled = events.slice(timer).find((e) => e.workflowTaskScheduledEventAttributes);
    const started = events.slice(timer).find((e) => e.workflowTaskStartedEventAttributes);
    if (!scheduled || !started) continue;
    fired.push(eventMs(events[timer]!) - d.dueAt);
    queued.push(eventMs(started) - eventMs(scheduled));
    worked.push(d.doneAt - eventMs(started));
  }
  const median = (xs: number[]) => stats(xs.sort((a, b) => a - b)).p50;
  return {
    sampled: fired.length,
    armingMs: median(armed),
    armingAfterLocalMs: armedAfterLocal.length ? median(armedAfterLocal) : 0,
    serverFiresMs: median(fired),
    taskWaitsMs: median(queued),
    workerMs: median(worked),
  };
}
