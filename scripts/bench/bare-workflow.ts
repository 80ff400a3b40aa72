// The bare Temporal baseline of `npm run bench` (workflow code, bundled by the bench's own worker): a workflow that
// takes `steps` Updates, each running one activity, one local activity or none, and then ends. The same Updates, activities and worker
// set-up as a case's steps, without anything of the system (no codec, no record, no store, no notices).
import {
  allHandlersFinished,
  condition,
  defineUpdate,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';

/** What a bare step's handler runs: nothing, one activity, or one local activity (as each case step's store write). */
export type BareWork = 'none' | 'activity' | 'local';

export const bareStep = defineUpdate<number, [BareWork]>('bareStep');

const { bareWork } = proxyActivities<{ bareWork(n: number): Promise<number> }>({ startToCloseTimeout: '10 seconds' });
const local = proxyLocalActivities<{ bareWork(n: number): Promise<number> }>({ startToCloseTimeout: '10 seconds' });

export async function bareCase(steps: number): Promise<number> {
  let done = 0;
  setHandler(bareStep, async (work: BareWork) => {
    if (work === 'activity') await bareWork(done);
    if (work === 'local') await local.bareWork(done);
    return ++done;
  });
  await condition(() => done >= steps);
  await condition(allHandlersFinished);
  return done;
}

const { bareNotice } = proxyActivities<{ bareNotice(dueAt: number): Promise<number> }>({
  startToCloseTimeout: '1 minute',
});

/** A deadline storm's bare counterpart: a durable timer to `dueAt` (ms), then one activity; how late it ran (ms). */
export async function bareDeadline(dueAt: number): Promise<number> {
  const wait = dueAt - Date.now();
  if (wait > 0) await sleep(wait);
  return bareNotice(dueAt);
}
