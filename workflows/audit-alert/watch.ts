/**
 * The watcher of the audit trail (issue 33 item 4): one long-running workflow per task queue
 * (`audit-watch-<task queue>`, started at worker start-up, worker/audit-watch.ts). Every `AUDIT_ALERT_CHECK_SECONDS`
 * it has an activity count each person's reads of identities and files in the last hour, and raises an alert
 * (audit-alert, workflow.ts: the office's task and notice) for each person over `AUDIT_ALERT_READS_PER_HOUR` who was
 * not alerted in the last hour.
 *
 * A workflow rather than a Temporal Schedule: "alerted in the last hour" is state, kept here (a handful of entries,
 * carried into each new run) instead of asked of the store at every count; and the settings are read by the activity
 * at each count, so a changed threshold or interval applies at the next count without re-creating anything. The count
 * and both settings come back in the activity's result, so they are in history and a replay makes the same decisions.
 * The history stays small: a new run every `checksPerRun` counts, or sooner when Temporal suggests it.
 */
import {
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  continueAsNew,
  defineQuery,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { createActivities } from '../../activities';
import { roleLabels } from '../domain';
import { CaseKind, CaseStage, TargetUnit } from '../search-attributes';
import { roleSlug } from './contract';
import { auditAlert } from './workflow';

// The count reads the case store: retried without end while it does not answer (the next count waits for it).
const { checkAuditReads } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '10 seconds', maximumInterval: '5 minutes' },
});

const hour = 3600 * 1000;

export interface AuditWatchInput {
  /** Who was alerted when (workflow time, ISO), in the last hour: carried from run to run. */
  alerted?: Record<string, string>;
  /** Counts made by earlier runs (for operators and tests; the query answers the total). */
  checks?: number;
  /** Counts per run before the watcher continues as a new run (default 100: a little over 8 hours at 5 minutes). */
  checksPerRun?: number;
}

/** What the watcher answers: how many counts it has made, the last one's time, and who was alerted in the last hour. */
export interface AuditWatchState {
  checks: number;
  lastCheckAt?: string;
  alerted: Record<string, string>;
}

export const auditWatchQuery = defineQuery<AuditWatchState>('auditWatch');

export async function auditWatch(input: AuditWatchInput = {}): Promise<void> {
  const alerted = new Map(Object.entries(input.alerted ?? {}));
  const perRun = input.checksPerRun ?? 100;
  let checks = input.checks ?? 0;
  let lastCheckAt: string | undefined;
  setHandler(auditWatchQuery, () => ({
    checks,
    ...(lastCheckAt ? { lastCheckAt } : {}),
    alerted: Object.fromEntries(alerted),
  }));

  for (let run = 1; ; run++) {
    const count = await checkAuditReads.executeWithOptions({ summary: '统计最近1小时查阅身份和文件的次数' }, []);
    const now = Date.now();
    for (const [person, at] of alerted) if (now - Date.parse(at) >= hour) alerted.delete(person);
    for (const { alertId, alert } of count.over) {
      if (alerted.has(alert.person)) continue;
      try {
        await startChild(auditAlert, {
          workflowId: alertId,
          parentClosePolicy: ParentClosePolicy.ABANDON,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          staticSummary: `审计预警：${(roleLabels as Record<string, string>)[alert.role] ?? alert.role}`,
          typedSearchAttributes: [
            { key: CaseKind, value: 'audit-alert' },
            { key: TargetUnit, value: roleSlug(alert.role) },
            { key: CaseStage, value: 'raised' },
          ],
          args: [alert],
        });
      } catch (err) {
        // Raised already for this person and hour (by a watcher started afresh within the hour).
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
      alerted.set(alert.person, new Date(now).toISOString());
    }
    checks++;
    lastCheckAt = count.at;
    await sleep(count.everyMs);
    if (run >= perRun || workflowInfo().continueAsNewSuggested) {
      return continueAsNew<typeof auditWatch>({ ...input, alerted: Object.fromEntries(alerted), checks });
    }
  }
}
