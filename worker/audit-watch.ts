/**
 * Issue 33 item 4: the watcher of the audit trail (workflows/audit-alert/watch.ts), started at every worker start if
 * it is not running: one per task queue, the workers of that queue count the trail of their own case store. A running
 * watcher is left as it is (it reads the settings at each count, so a restart with new settings changes nothing here).
 */
import type { Client, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { Logger } from 'pino';
import type { AuditWatchInput, auditWatch } from '../workflows/audit-alert/watch';

/** The watcher's workflow id: `audit-watch-supervision-patrol`. */
export const auditWatchId = (taskQueue: string) => `audit-watch-${taskQueue}`;

/**
 * Start the watcher unless it runs already (the existing run is kept, whatever its input).
 *
 * @example
 * await startAuditWatch(client, 'supervision-patrol', logger);
 */
export async function startAuditWatch(
  client: Client,
  taskQueue: string,
  logger?: Logger,
  input: AuditWatchInput = {},
): Promise<WorkflowHandleWithFirstExecutionRunId<typeof auditWatch>> {
  const handle = await client.workflow.start<typeof auditWatch>('auditWatch', {
    workflowId: auditWatchId(taskQueue),
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    staticSummary: '审计预警：统计每人每小时查阅举报人或异议人身份和文件的次数',
  });
  logger?.info({ workflowId: handle.workflowId }, 'audit watch running');
  return handle;
}
