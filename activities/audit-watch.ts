import { createHash } from 'node:crypto';
import { accessLabels, watchedAccesses } from '../lib/audit/kinds';
import { workbenchBase } from '../lib/channels/links';
import type { CaseStore } from '../lib/store/case-store';
import type { Alert } from '../workflows/audit-alert/contract';
import { auditAlertId } from '../workflows/audit-alert/contract';

export interface AuditWatchDeps {
  store: CaseStore;
  /** `AUDIT_ALERT_READS_PER_HOUR` and `AUDIT_ALERT_CHECK_SECONDS` (lib/config, the worker's section). */
  auditAlerts: { readsPerHour: number; everyMs: number };
  /** Where people reach the workbench (`PUBLIC_URL`): the alert links to the audit page there. */
  publicUrl?: string;
}

/** One count of the watcher (workflows/audit-alert/watch.ts): its time, its settings and who is over the threshold. */
export interface AuditCount {
  at: string;
  threshold: number;
  /** How long the watcher waits before the next count. */
  everyMs: number;
  /** Each person over the threshold, with the id of the alert this count would raise and what it says. */
  over: Array<{ alertId: string; alert: Alert }>;
}

const hour = 3600 * 1000;

/** The year in Beijing time (UTC+8), as ids carry it. */
const yearOf = (at: Date) => new Date(at.getTime() + 8 * hour).getUTCFullYear();

/**
 * The watcher's count (issue 33 item 4), a regular activity: it reads the audit trail in the case store in one query
 * (allowed entries only, by person and kind: lib/store/audit.ts `readsSince`), and the settings in force now, so a changed setting applies at the
 * next count. An alert's id is derived from the person and the count's hour, so a count that is retried names the
 * same alert.
 */
export function createAuditWatchActivities({ store, auditAlerts, publicUrl }: AuditWatchDeps) {
  const base = publicUrl?.replace(/\/$/, '') ?? '';
  return {
    async checkAuditReads(): Promise<AuditCount> {
      const now = new Date();
      const at = now.toISOString();
      const since = new Date(now.getTime() - hour).toISOString();
      const threshold = auditAlerts.readsPerHour;
      const over = await store.readsSince(since, watchedAccesses, threshold);
      const hourKey = at.slice(0, 13);
      return {
        at,
        threshold,
        everyMs: auditAlerts.everyMs,
        over: over.map(({ person, role, count, byAccess }) => ({
          alertId: auditAlertId(
            yearOf(now),
            role,
            createHash('sha256').update(`${person}\n${hourKey}`).digest('hex').slice(0, 8),
          ),
          alert: {
            person,
            role,
            reads: watchedAccesses.map((access) => ({
              access,
              label: accessLabels[access],
              count: byAccess[access] ?? 0,
            })),
            total: count,
            threshold,
            since,
            until: at,
            auditLink: `${base}${workbenchBase}/audit?person=${encodeURIComponent(person)}`,
          },
        })),
      };
    },
  };
}
