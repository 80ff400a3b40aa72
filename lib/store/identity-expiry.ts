/**
 * Issue 33 item 5: reporters' and objectors' identities (table `reporters`) removed a time after their case closes
 * (lib/calendar/retention-policy.ts). The case has ended by then, so the store itself appends the event that says so
 * to the case's record and events, as the case would have: the record's next event and revision, so a later write of
 * the case's own older revision (a rebuild from Temporal) changes nothing.
 */
import { sql } from 'kysely';
import type { CaseRecord } from '../../workflows/engine/record';
import type { CaseEvent } from '../../workflows/engine/schemas';
import type { StoreAccess } from './access';

/** The event's action, and the section of the record it belongs to: the overseers see it, no one else. */
export const identityRemovedAction = 'identity-removed';
export const identitySection = 'identity';

/** A closed case still holding identities: its own (a public report) or its objections' (an award round). */
export interface ExpiredIdentities {
  caseId: string;
  kind: string;
  /** When it closed: its last event, not counting an earlier removal. */
  closedAt: string;
  /** The rows of `reporters` it holds. */
  owners: string[];
}

/**
 * Closed cases of `kinds` that closed before `closedBefore` and still hold identities, the longest closed first. A
 * case's identities are under its own id (a public report) and its objections' ids (an award round's `objections`).
 */
export async function expiredIdentities(
  store: StoreAccess,
  kinds: readonly string[],
  closedBefore: string,
  limit: number,
): Promise<ExpiredIdentities[]> {
  if (kinds.length === 0) return [];
  const { rows } = await store.run(() =>
    sql<{ case_id: string; kind: string; closed_at: Date | string; owners: string[] }>`
      select c.case_id, c.kind, closing.at as closed_at, array_agg(r.report_id order by r.report_id) as owners
      from cases c
      cross join lateral (
        select max(e.at) as at from case_events e
        where e.case_id = c.case_id and e.action <> ${identityRemovedAction}
      ) closing
      join reporters r on r.report_id = c.case_id or r.report_id in (
        select o->>'objectionId' from jsonb_array_elements(coalesce(c.record->'objections', '[]'::jsonb)) o
      )
      where c.closed and c.kind in (${sql.join([...kinds])}) and closing.at < ${closedBefore}::timestamptz
      group by c.case_id, c.kind, closing.at
      order by closing.at, c.case_id
      limit ${limit}`.execute(store.db),
  );
  return rows.map((r) => ({
    caseId: r.case_id,
    kind: r.kind,
    closedAt: new Date(r.closed_at).toISOString(),
    owners: r.owners,
  }));
}

/**
 * Remove a closed case's identities `owners` and append the event that says so (`summary` of how many went), all or
 * nothing. Answers how many were removed: 0, and no event, when none was there any more or the case is not closed.
 */
export async function removeIdentities(
  store: StoreAccess,
  r: { caseId: string; owners: readonly string[]; at: string; summary: (removed: number) => string },
): Promise<number> {
  if (r.owners.length === 0) return 0;
  return store.run(() =>
    store.db.transaction().execute(async (tx) => {
      const row = await tx
        .selectFrom('cases')
        .select(['record', 'revision'])
        .where('case_id', '=', r.caseId)
        .where('closed', '=', true)
        .forUpdate()
        .executeTakeFirst();
      if (!row) return 0;
      const gone = await tx
        .deleteFrom('reporters')
        .where('report_id', 'in', [...r.owners])
        .returning('report_id')
        .execute();
      if (gone.length === 0) return 0;
      const record = row.record as CaseRecord;
      const event: CaseEvent = {
        at: r.at,
        stage: record.stage,
        action: identityRemovedAction,
        summary: r.summary(gone.length),
        section: identitySection,
      };
      // The event's sequence is its place in the record, as the case's own writes number them (cases.ts).
      const seq = record.events.length;
      record.events.push(event);
      record.revision = row.revision + 1;
      await tx
        .updateTable('cases')
        .set({ record: JSON.stringify(record), revision: record.revision, updated_at: r.at })
        .where('case_id', '=', r.caseId)
        .execute();
      await tx
        .insertInto('case_events')
        .values({
          case_id: r.caseId,
          seq,
          at: r.at,
          action: event.action,
          section: event.section,
          event: JSON.stringify(event),
        })
        .execute();
      return gone.length;
    }),
  );
}

/** The removal a record (or a view of it) tells of: its last `identity-removed` event. */
export function identityRemoval(record: { events?: readonly CaseEvent[] }): { at: string; text: string } | undefined {
  const event = [...(record.events ?? [])].reverse().find((e) => e.action === identityRemovedAction);
  return event && { at: event.at, text: event.summary };
}
