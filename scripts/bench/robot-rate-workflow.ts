// Workflow code of the robot-rate bench (scripts/bench/robot-rate.ts): a burst of `n` activities on one rate-limited
// task queue at once, as a burst of notices to one robot is.
import { proxyActivities } from '@temporalio/workflow';

export async function robotBurst(n: number, taskQueue: string): Promise<void> {
  const { robotTick } = proxyActivities<{ robotTick(): Promise<void> }>({ startToCloseTimeout: '1 minute', taskQueue });
  await Promise.all(Array.from({ length: n }, () => robotTick()));
}
