/**
 * The cases themselves: the write of a case as it stands (idempotent on case and revision, events only appended, its
 * findings, deadlines and transfers rewritten for the statistics), and the reads the API lists and tasks are made of,
 * one SQL query each.
 */
import { sql } from 'kysely';
import type { RecordKind, TransferRecipient } from '../../workflows/domain';
import { caseKinds, transferRecipients } from '../../workflows/domain';
import { partyTag } from '../../workflows/engine/party';
import type { CaseRecord } from '../../workflows/engine/record';
import type { CaseEvent } from '../../workflows/engine/schemas';
import type { StoreAccess } from './access';

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

export interface CaseRow {
  caseId: string;
  kind: RecordKind;
  unitCode: string;
  stage: string;
  closed: boolean;
  awaiting: string[];
  overdue: boolean;
  dueAt?: string;
  startedAt: string;
  record?: CaseRecord;
}

export interface CaseListFilter {
  /** One kind; without it, the supervisions and patrols. */
  kind?: RecordKind;
  year?: number;
  /** Rows to skip (paging). */
  offset?: number;
  /** Also the whole record of each (lists that show more than the row). */
  withRecord?: boolean;
  /** Only these stages of each kind (a kind not named is not listed). */
  stages?: Partial<Record<RecordKind, string[]>>;
  unit?: string;
  overdue?: boolean;
  limit: number;
  /** Only cases this party may see (`CaseViewers`); absent for the overseers. */
  viewer?: string;
}

/** One thing a person did on a case (the workbench's 已办). */
export interface PersonEvent {
  caseId: string;
  kind: RecordKind;
  unitName: string;
  closed: boolean;
  at: string;
  action: string;
  summary: string;
}

/**
 * Write a case as it stands. Idempotent on (case, revision): a write of an older or the same revision changes
 * nothing, so retries and replays never duplicate or reorder; new events are appended in order.
 */
export async function saveCase(store: StoreAccess, snapshot: CaseSnapshot): Promise<'saved' | 'stale'> {
  const r = snapshot.record;
  const now = new Date().toISOString();
  const dueAt = r.awaiting.find((a) => a.dueAt)?.dueAt ?? null;
  const year = (r as { year?: number }).year ?? Number(r.caseId.split('-')[1]);
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

/** One SQL query: the cases the filter names and the viewer may see, newest first. */
export async function listCases(store: StoreAccess, filter: CaseListFilter): Promise<CaseRow[]> {
  const rows = await store.run(() => {
    let q = store.db
      .selectFrom('cases')
      .select(['case_id', 'kind', 'unit_code', 'stage', 'closed', 'awaiting', 'overdue', 'due_at', 'started_at'])
      .$if(filter.withRecord === true, (qb) => qb.select('record'));
    q = filter.kind ? q.where('kind', '=', filter.kind) : q.where('kind', 'in', [...caseKinds]);
    if (filter.year !== undefined) q = q.where('year', '=', filter.year);
    const stages = filter.stages;
    if (stages) {
      q = q.where((eb) =>
        eb.or(
          Object.entries(stages)
            .filter(([, names]) => names.length > 0)
            .map(([kind, names]) => eb.and([eb('kind', '=', kind as RecordKind), eb('stage', 'in', names)])),
        ),
      );
    }
    if (filter.unit) q = q.where('unit_code', '=', filter.unit);
    if (filter.overdue !== undefined) q = q.where('overdue', '=', filter.overdue);
    if (filter.viewer) q = q.where(sql<boolean>`viewers @> array[${filter.viewer}]::text[]`);
    return q
      .orderBy('started_at', 'desc')
      .orderBy('case_id')
      .limit(filter.limit)
      .offset(filter.offset ?? 0)
      .execute();
  });
  return rows.map((r) => ({
    caseId: r.case_id,
    kind: r.kind,
    unitCode: r.unit_code,
    stage: r.stage,
    closed: r.closed,
    awaiting: r.awaiting,
    overdue: r.overdue,
    ...(r.due_at ? { dueAt: new Date(r.due_at).toISOString() } : {}),
    startedAt: new Date(r.started_at).toISOString(),
    ...('record' in r ? { record: r.record as CaseRecord } : {}),
  }));
}

/**
 * The follow-up visits (回头看) of a closed case (`of`), or those of a year's units (`year`: the visits scheduled in it),
 * oldest first, with their records.
 */
export async function followUps(store: StoreAccess, filter: { of: string } | { year: number }): Promise<CaseRecord[]> {
  const rows = await store.run(() => {
    const q = store.db
      .selectFrom('cases')
      .select('record')
      .where('kind', '=', 'supervision')
      .where(sql<boolean>`record->'followUp' is not null`);
    return (
      'of' in filter
        ? q.where(sql<boolean>`record->'followUp'->>'of' = ${filter.of}`)
        : q.where('year', '=', filter.year)
    )
      .orderBy('started_at')
      .orderBy('case_id')
      .execute();
  });
  return rows.map((r) => r.record as CaseRecord);
}

/**
 * The next free serial of a kind, year and unit (the highest stored below 9000, plus one; at least `from`): 9001 and up
 * are the further comprehensive rounds' (`ids.roundSerial`).
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
      .where(sql<boolean>`cast(right(case_id, 4) as integer) < 9000`)
      .executeTakeFirst(),
  );
  return Math.max(from, (row?.serial ?? 0) + 1);
}

/** One SQL query: the open cases that wait for this party (and that it may see, unless it oversees all). */
export async function openCasesAwaiting(
  store: StoreAccess,
  tag: string,
  mustView: boolean,
  limit = 1000,
): Promise<CaseRecord[]> {
  const rows = await store.run(() => {
    let q = store.db
      .selectFrom('cases')
      .select('record')
      .where('closed', '=', false)
      .where(sql<boolean>`awaiting @> array[${tag}]::text[]`);
    if (mustView) q = q.where(sql<boolean>`viewers @> array[${tag}]::text[]`);
    return q.orderBy('due_at').limit(limit).execute();
  });
  return rows.map((r) => r.record as CaseRecord);
}

/**
 * What one person did (the events their token's `sub` is recorded on), newest first, with the case each belongs to:
 * the workbench's 已办. One SQL query on an index of the events by person.
 */
export async function eventsBy(store: StoreAccess, personId: string, limit = 200): Promise<PersonEvent[]> {
  const rows = await store.run(() =>
    store.db
      .selectFrom('case_events as e')
      .innerJoin('cases as c', 'c.case_id', 'e.case_id')
      .select(['e.case_id', 'e.event', 'c.kind', 'c.unit_name', 'c.closed', 'c.stage'])
      .where(sql<boolean>`e.event->'by'->>'id' = ${personId}`)
      .orderBy('e.at', 'desc')
      .orderBy('e.seq', 'desc')
      .limit(limit)
      .execute(),
  );
  return rows.map((r) => {
    const e = r.event as CaseEvent;
    return {
      caseId: r.case_id,
      kind: r.kind,
      unitName: r.unit_name,
      closed: r.closed,
      at: e.at,
      action: e.action,
      summary: e.summary,
    };
  });
}

/** The events of a case as stored (tests check that nothing is lost or doubled). */
export async function caseEvents(store: StoreAccess, caseId: string): Promise<Array<{ seq: number; action: string }>> {
  return store.run(() =>
    store.db.selectFrom('case_events').select(['seq', 'action']).where('case_id', '=', caseId).orderBy('seq').execute(),
  );
}
