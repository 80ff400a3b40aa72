/**
 * 待阅 (issue 32 item 8): the notices a case sent to a party, which a person of that party has not marked read (已阅)
 * yet. The notices are the ones the case records already hold (`record.notifications`); the store keeps only who read
 * which, one row per person and notice.
 */
import { sql } from 'kysely';
import type { StoreAccess } from './access';

/** A notice not read yet, with the case it belongs to. */
export interface UnreadNotice {
  notificationId: string;
  caseId: string;
  kind: string;
  unitName: string;
  at: string;
  subject: string;
}

export interface UnreadQuery {
  /** Whose reading counts (the token's `sub`). */
  person: string;
  /** The party the notices are addressed to, as `partyTag` writes it (`unit:taiyuan`, `committee` …). */
  tag: string;
  /** Only cases this party may see (`CaseViewers`); absent for the overseers. */
  viewer?: string;
  /** The kinds of case to look in. */
  kinds: readonly string[];
  limit: number;
}

/**
 * One SQL query: the latest notices addressed to `tag` in the cases the viewer may see, that `person` has not read,
 * newest first. The party of a notice is compared as `partyTag` (workflows/engine/party.ts) writes it.
 */
export async function unread(store: StoreAccess, q: UnreadQuery): Promise<UnreadNotice[]> {
  if (q.kinds.length === 0) return [];
  const to = sql`n.notice->'to'`;
  const { rows } = await store.run(() =>
    sql<{
      case_id: string;
      kind: string;
      unit_name: string;
      notice: { notificationId: string; at: string; subject: string };
    }>`
      select c.case_id, c.kind, c.unit_name, n.notice
      from cases c cross join lateral jsonb_array_elements(c.record->'notifications') as n(notice)
      where c.kind in (${sql.join([...q.kinds])})
        ${q.viewer ? sql`and c.viewers @> array[${q.viewer}]::text[]` : sql``}
        and (case
          when ${to}->>'role' in ('unit', 'discipline') then (${to}->>'role') || ':' || coalesce(${to}->>'unit', '')
          when ${to}->>'role' = 'group-leader' then 'group-leader:' || coalesce(${to}->>'group', '')
          else ${to}->>'role' end) = ${q.tag}
        and not exists (
          select 1 from readings r where r.person = ${q.person} and r.notification_id = n.notice->>'notificationId'
        )
      order by n.notice->>'at' desc, n.notice->>'notificationId'
      limit ${q.limit}
    `.execute(store.db),
  );
  return rows.map((r) => ({
    notificationId: r.notice.notificationId,
    caseId: r.case_id,
    kind: r.kind,
    unitName: r.unit_name,
    at: r.notice.at,
    subject: r.notice.subject,
  }));
}

/** Record that `person` read a notice; once: reading it again keeps the first time. Answers when it was read. */
export async function markRead(
  store: StoreAccess,
  r: { person: string; notificationId: string; caseId: string; at: Date },
): Promise<string> {
  const row = await store.run(() =>
    store.db
      .insertInto('readings')
      .values({ person: r.person, notification_id: r.notificationId, case_id: r.caseId, read_at: r.at })
      // A no-op update, so the row (the first reading) is returned either way: one query.
      .onConflict((oc) => oc.columns(['person', 'notification_id']).doUpdateSet({ read_at: sql`readings.read_at` }))
      .returning('read_at')
      .executeTakeFirstOrThrow(),
  );
  return new Date(row.read_at).toISOString();
}
