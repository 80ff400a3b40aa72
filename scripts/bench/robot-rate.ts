// `npm run bench -- --robot-rate` (BENCH_N=20): how fast the server dispatches a burst of n activities on one task
// queue limited to a robot's rate (19 a minute, `maxTaskQueueActivitiesPerSecond`, as worker/index.ts sets it for each
// robot), on a dev server with the default task-queue partitions (the baseline) and with one partition
// (`matching.numTaskqueueReadPartitions` and `…WritePartitions` = 1). Prints the achieved rate of each. Figures, not
// assertions.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { onePartitionPerQueue } from '../../lib/infra/temporal-config';
import { temporalCliPath } from '../../lib/infra/tools';

const perMinute = 19;

async function measure(label: string, extraArgs: string[], n: number): Promise<void> {
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: temporalCliPath() }, extraArgs },
  });
  try {
    const times: number[] = [];
    const workflows = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'bench-robot-rate',
      workflowsPath: require.resolve('./robot-rate-workflow'),
    });
    const robot = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'bench-robot-rate--robot',
      activities: {
        // eslint-disable-next-line @typescript-eslint/require-await -- an activity is async by contract
        async robotTick() {
          times.push(Date.now());
        },
      },
      maxTaskQueueActivitiesPerSecond: perMinute / 60,
    });
    const started = Date.now();
    await workflows.runUntil(
      robot.runUntil(
        env.client.workflow.execute('robotBurst', {
          taskQueue: 'bench-robot-rate',
          workflowId: `robot-burst-${started}`,
          args: [n, 'bench-robot-rate--robot'],
        }),
      ),
    );
    const span = (times[times.length - 1]! - times[0]!) / 1000;
    const rate = ((times.length - 1) / span) * 60;
    console.log(
      `${label.padEnd(28)} ${n} dispatches: first after ${((times[0]! - started) / 1000).toFixed(1)} s, last ${span.toFixed(1)} s after the first; ${rate.toFixed(1)} a minute (limit ${perMinute}; ideal ${(((n - 1) / perMinute) * 60).toFixed(0)} s)`,
    );
  } finally {
    await env.teardown();
  }
}

export async function robotRateBench(n = 20): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  console.log(`Robot rate: a burst of ${n} to one queue limited to ${perMinute} a minute, on a dev server`);
  await measure('default partitions (4)', [], n);
  await measure('one partition (ours)', onePartitionPerQueue, n);
}
