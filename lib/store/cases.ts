/**
 * The cases themselves: the write of a case as it stands (idempotent on case and revision, events only appended, its
 * findings, deadlines and transfers rewritten for the statistics), one case read back with its events, and the next
 * free serial of a case id. The lists and tasks are in case-lists.ts.
 */
import { sql } from 'kysely';
import type { RecordKind, TransferRecipient } from '../../workflows/domain';
import { transferRecipients } from '../../workflows/domain';
import { partyTag } from '../../workflows/engine/party';
import type { CaseRecord } from '../../workflows/engine/record';
import type { ProblemRecord } from '../../workflows/problem/contract';
import type { StoreAccess } from './access';
import { saveProblemRow } from './problems';

/** What a case writes: its whole record, who may see it, the round it belongs to. */
export interface CaseSnapshot {
  record: CaseRecord & {
    findings?: Array<{
      id: number;
      keyItem: number;
      at: string;
      thirdPartyAssessment?: string;
      assessment?: unknown;
    }>;
    transfers?: Array<{ id: number; to: string; at: string; acknowledged?: { at: string } }>;
    commendation?: unknown;
  };
  viewers: string[];
  roundId?: string;
}

export interface StoredCase {
  record: CaseRecord;
  viewers: string[];
}

/**
 * Write a case as it stands. Idempotent on (case, revision): a write of an older or the same revision changes
 * nothing, so retries and replays never duplicate or reorder; new events are appended in order.
 */
export async function saveCase(store: StoreAccess, snapshot: CaseSnapshot): Promise<'saved' | 'stale'> {
  const r = snapshot.record;
  const now = new Date().toISOString();
  const dueAt = r.awaiting.find((a) => a.dueAt)?.dueAt ?? null;
  const year =
    (r as { year?: number }).year ??
    // A problem's year is its source's (a public report's id names none).
    (r.kind === 'problem' ? (r as unknown as ProblemRecord).source.year : undefined) ??
    Number(/-([0-9]{4})(?:-|$)/.exec(r.caseId)?.[1]);
  const row = {
    case_id: r.caseId,
    kind: r.kind,
    year,
    unit_code: r.targetUnit.code,
    unit_name: r.targetUnit.name,
    round_id: snapshot.roundId ?? null,
    stage: r.stage,
    closed: r.closed,
    revision: r.revision,
    viewers: snapshot.viewers,
    awaiting: [...new Set(r.awaiting.map(partyTag))],
    overdue: r.deadlines.some((t) => t.status === 'overdue'),
    due_at: dueAt,
    commended: snapshot.record.commendation !== undefined,
    record: JSON.stringify(r),
    started_at: r.events[0]?.at ?? now,
    updated_at: now,
  };
  return store.run(() =>
    store.db.transaction().execute(async (tx) => {
      const { case_id, started_at, ...changes } = row;
      const saved = await tx
        .insertInto('cases')
        .values(row)
        .onConflict((oc) => oc.column('case_id').doUpdateSet(changes).where('cases.revision', '<', r.revision))
        .returning('case_id')
        .executeTakeFirst();
      if (!saved) return 'stale';
      const { last } = await tx
        .selectFrom('case_events')
        .select(sql<number>`coalesce(max(seq), -1)`.as('last'))
        .where('case_id', '=', r.caseId)
        .executeTakeFirstOrThrow();
      const fresh = r.events.slice(last + 1).map((e, i) => ({
        case_id: r.caseId,
        seq: last + 1 + i,
        at: e.at,
        action: e.action,
        section: e.section,
        event: JSON.stringify(e),
      }));
      if (fresh.length)
        await tx
          .insertInto('case_events')
          .values(fresh)
          .onConflict((oc) => oc.doNothing())
          .execute();
      await tx.deleteFrom('case_findings').where('case_id', '=', r.caseId).execute();
      const findings = (snapshot.record.findings ?? []).map((f) => ({
        case_id: r.caseId,
        id: f.id,
        kind: r.kind,
        year,
        unit_code: r.targetUnit.code,
        key_item: f.keyItem,
        third_party: Boolean(f.thirdPartyAssessment) || f.assessment !== undefined,
        at: f.at,
      }));
      if (findings.length) await tx.insertInto('case_findings').values(findings).execute();
      await tx.deleteFrom('case_deadlines').where('case_id', '=', r.caseId).execute();
      const deadlines = r.deadlines.map((t) => ({
        case_id: r.caseId,
        key: t.key,
        kind: t.kind,
        party: partyTag(t.party),
        status: t.status,
        due_at: t.deadline.dueAt,
        submitted_at: t.submittedAt ?? null,
        late: t.late ?? null,
        escalations: t.escalations.length,
        extensions: t.extensions.length,
      }));
      if (deadlines.length) await tx.insertInto('case_deadlines').values(deadlines).execute();
      await tx.deleteFrom('case_transfers').where('case_id', '=', r.caseId).execute();
      const transfers = (snapshot.record.transfers ?? []).map((t) => ({
        case_id: r.caseId,
        id: t.id,
        year,
        unit_code: r.targetUnit.code,
        recipient: t.to,
        party: partyTag({ role: 'discipline', unit: transferRecipients[t.to as TransferRecipient]?.unit ?? t.to }),
        at: t.at,
        acknowledged_at: t.acknowledged?.at ?? null,
      }));
      if (transfers.length) await tx.insertInto('case_transfers').values(transfers).execute();
      // Issue 35: a problem's row of the ledger, with its record.
      if (r.kind === 'problem') await saveProblemRow(tx, r as unknown as ProblemRecord, now);
      return 'saved';
    }),
  );
}

export async function readCase(store: StoreAccess, caseId: string): Promise<StoredCase | undefined> {
  const row = await store.run(() =>
    store.db.selectFrom('cases').select(['record', 'viewers']).where('case_id', '=', caseId).executeTakeFirst(),
  );
  return row && { record: row.record as CaseRecord, viewers: row.viewers };
}

/**
 * The next free serial of a kind, year and unit (the highest stored below 8000, plus one; at least `from`): 8001–8050
 * are the plan topics' special supervisions (special-topic/), 9001 and up the further comprehensive rounds'
 * (`ids.roundSerial`).
 */
export async function nextSerial(
  store: StoreAccess,
  kind: RecordKind,
  year: number,
  unit: string,
  from = 2,
): Promise<number> {
  const row = await store.run(() =>
    store.db
      .selectFrom('cases')
      .select(sql<number | null>`max(cast(right(case_id, 4) as integer))`.as('serial'))
      .where('kind', '=', kind)
      .where('year', '=', year)
      .where('unit_code', '=', unit)
      .where(sql<boolean>`cast(right(case_id, 4) as integer) < 8000`)
      .executeTakeFirst(),
  );
  return Math.max(from, (row?.serial ?? 0) + 1);
}

/** The events of a case as stored (tests check that nothing is lost or doubled). */
export async function caseEvents(store: StoreAccess, caseId: string): Promise<Array<{ seq: number; action: string }>> {
  return store.run(() =>
    store.db.selectFrom('case_events').select(['seq', 'action']).where('case_id', '=', caseId).orderBy('seq').execute(),
  );
}
