import { log } from '@temporalio/activity';
import { DateTime } from 'luxon';
import { caseTimeZone } from '../lib/calendar/calendar';
import type { RetentionPolicy } from '../lib/calendar/retention-policy';
import { auditCutoff, identityCutoff } from '../lib/calendar/retention-policy';
import type { CaseStore } from '../lib/store/case-store';
import type { RecordKind } from '../workflows/domain';
import { chineseDate } from '../workflows/engine/texts';
import type { AuditPruneResult, IdentityRemovalResult } from '../workflows/retention/workflow';

export interface RetentionDeps {
  store: CaseStore;
  /** `AUDIT_RETENTION_DAYS` and `RETENTION_POLICY_FILE`, read once at start-up. */
  retention: RetentionPolicy;
}

/** Who pruned, as `audit.prunes` records it. */
export const auditRetentionBy = 'audit-retention';

/**
 * The kinds whose cases hold identities in the store, and the sentence their record gets when those are removed
 * (`period`: the policy's, e.g. 3年; `on`: the day).
 */
const identityHolders: Partial<Record<RecordKind, (n: number, on: string, period: string) => string>> = {
  'public-report': (_n, on, period) => `举报人身份信息（姓名、联系方式）已于${on}按保存期限（办结后${period}）删除`,
  'award-round': (n, on, period) =>
    `${n}件异议的异议人身份信息（姓名、联系方式）已于${on}按保存期限（推荐工作办结后${period}）删除`,
};

/** Cases read per query; a run goes on until none is left. */
const batch = 100;
/** Case ids a run's result names at most (the rest counted): every case's own record says it anyway. */
const namedInResult = 500;

/** Issue 33 item 5: what the daily retention schedule does (workflows/retention/workflow.ts). */
export function createRetentionActivities({ store, retention }: RetentionDeps) {
  return {
    /**
     * Prune the audit trail's whole days older than `AUDIT_RETENTION_DAYS` (the database never prunes younger than 180
     * days, whatever it is asked), and answer what went as `audit.prunes` records it.
     */
    async pruneAuditTrail(): Promise<AuditPruneResult> {
      const started = new Date();
      const requestedBefore = auditCutoff(retention, started).toISOString();
      const pruned = await store.pruneAudit(requestedBefore, auditRetentionBy);
      log.info('audit trail pruned', { requestedBefore, entries: pruned.entries, chains: pruned.chains.length });
      return { requestedBefore, ...pruned };
    },

    /**
     * Remove the identities of every case of an identity-holding kind that closed longer ago than the policy says,
     * each case's removal and the event on its record together.
     */
    async removeExpiredIdentities(): Promise<IdentityRemovalResult> {
      const now = new Date();
      const closedBefore = identityCutoff(retention, now).toISOString();
      const on = chineseDate(DateTime.fromJSDate(now).setZone(caseTimeZone).toISODate()!);
      const period = retention.identityAfterClosing.label;
      const result: IdentityRemovalResult = { closedBefore, period, cases: 0, identities: 0, caseIds: [] };
      for (;;) {
        const due = await store.expiredIdentities(Object.keys(identityHolders), closedBefore, batch);
        let removed = 0;
        for (const c of due) {
          const sentence = identityHolders[c.kind as RecordKind]!;
          const n = await store.removeIdentities({
            caseId: c.caseId,
            owners: c.owners,
            at: now.toISOString(),
            summary: (count) => sentence(count, on, period),
          });
          if (n === 0) continue;
          removed += n;
          result.cases++;
          result.identities += n;
          if (result.caseIds.length < namedInResult) result.caseIds.push(c.caseId);
        }
        // A batch that removed nothing (another run took them) ends the run rather than reading it again.
        if (due.length < batch || removed === 0) break;
      }
      log.info('identities past their retention removed', {
        closedBefore,
        cases: result.cases,
        identities: result.identities,
      });
      return result;
    },
  };
}
