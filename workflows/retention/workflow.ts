/**
 * Issue 33 item 5: the daily retention run, started by the Schedule `retention` (worker/retention-schedule.ts). The
 * audit trail's whole days past `AUDIT_RETENTION_DAYS` are pruned, and the identities of reporters and objectors whose
 * case closed longer ago than the retention policy are removed. Its result is the record of what went, with the
 * trail's `audit.prunes` and each case's own record.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../../activities';

/** What the trail's prune removed: the chains (a writer's day each) with their last entry, as `audit.prunes` has them. */
export interface AuditPruneResult {
  /** Now less `AUDIT_RETENTION_DAYS`, as asked. */
  requestedBefore: string;
  /** The cutoff the database applied (whole days, never younger than 180 days), when anything went. */
  before?: string;
  entries: number;
  chains: Array<{ chain: string; seq: number; hash: string }>;
}

export interface IdentityRemovalResult {
  /** Cases that closed before this kept their identities long enough. */
  closedBefore: string;
  /** The policy's period, as the records say it (`3年`). */
  period: string;
  cases: number;
  identities: number;
  /** The cases whose identities went (the first 500; each case's record says so too). */
  caseIds: string[];
}

export interface RetentionResult {
  audit: AuditPruneResult;
  identities: IdentityRemovalResult;
}

// A store that does not answer is tried again for about a quarter of an hour; after that the run fails (Temporal UI
// shows it) and the next day's run does the work.
const { pruneAuditTrail, removeExpiredIdentities } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 minutes',
  retry: { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 6 },
});

/**
 * @example
 * await client.schedule.getHandle('retention').trigger();
 */
export async function retention(): Promise<RetentionResult> {
  // Both, whatever becomes of the other: a trail that cannot be pruned today does not keep an identity longer.
  const [audit, identities] = await Promise.allSettled([
    pruneAuditTrail.executeWithOptions({ summary: '审计日志：删除超过保存期限的整日记录' }, []),
    removeExpiredIdentities.executeWithOptions({ summary: '删除办结已超过保存期限的举报人、异议人身份信息' }, []),
  ]);
  if (audit.status === 'rejected') throw audit.reason;
  if (identities.status === 'rejected') throw identities.reason;
  return { audit: audit.value, identities: identities.value };
}
