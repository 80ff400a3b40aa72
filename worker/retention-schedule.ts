/**
 * Issue 33 item 5: the daily retention run (workflows/retention/workflow.ts) on a Temporal Schedule, put in place at
 * every worker start: created if missing, else brought to this release's form. A schedule an operator paused (a
 * legal hold, an inquiry) stays paused, with its note.
 */
import type { Client, ScheduleHandle, ScheduleOptionsStartWorkflowAction, ScheduleSpec } from '@temporalio/client';
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import type { Logger } from 'pino';
import type { RetentionPolicy } from '../lib/calendar/retention-policy';
import type { retention } from '../workflows/retention/workflow';

/** The schedule's id, and the id its runs start with (Temporal adds the time of each). */
export const retentionScheduleId = 'retention';

const spec: ScheduleSpec = {
  // At night, after the day's work and before the nightly backup (docs/operations.md).
  calendars: [{ hour: 1, minute: 30, comment: '每日01:30（北京时间）' }],
  timezone: 'Asia/Shanghai',
};

const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' } as const;

function action(taskQueue: string, policy: RetentionPolicy): ScheduleOptionsStartWorkflowAction<typeof retention> {
  return {
    type: 'startWorkflow',
    workflowType: 'retention',
    workflowId: retentionScheduleId,
    taskQueue,
    args: [],
    // Temporal UI's summary of each run: what the policy in force keeps, and for how long.
    staticSummary: `保存期限：审计日志${policy.auditDays}天；举报人、异议人身份信息办结后${policy.identityAfterClosing.label}删除`,
  };
}

const note =
  '每日按保存期限删除超过期限的审计日志（整日）和办结已超过期限的举报人、异议人身份信息（第三十三号议题第5项）；暂停即停止删除';

/**
 * Create the retention schedule, or bring an existing one to this form (its paused state and note kept).
 *
 * @example
 * await ensureRetentionSchedule(client, 'supervision-patrol', deps.retention, logger);
 */
export async function ensureRetentionSchedule(
  client: Client,
  taskQueue: string,
  policy: RetentionPolicy,
  logger?: Logger,
): Promise<ScheduleHandle> {
  try {
    const handle = await client.schedule.create({
      scheduleId: retentionScheduleId,
      spec,
      action: action(taskQueue, policy),
      policies,
      state: { note },
    });
    logger?.info({ scheduleId: retentionScheduleId }, 'retention schedule created');
    return handle;
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  const handle = client.schedule.getHandle(retentionScheduleId);
  await handle.update((previous) => ({ ...previous, spec, action: action(taskQueue, policy), policies }));
  const { state } = await handle.describe();
  if (state.paused)
    logger?.warn(
      { scheduleId: retentionScheduleId, note: state.note },
      'the retention schedule is paused: nothing is removed',
    );
  return handle;
}
