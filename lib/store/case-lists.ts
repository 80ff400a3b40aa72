/**
 * The lists the API and the workbench read, one SQL query each: cases by kind, year, stage, unit and who may see them;
 * the open cases waiting for a party (its tasks); the follow-up visits (回头看) of a case or a year; what one person did.
 */
import { sql } from 'kysely';
import { caseKinds } from '../../workflows/domain';
import type { CaseRecord } from '../../workflows/engine/record';
import type { CaseEvent } from '../../workflows/engine/schemas';
import type { StoreAccess } from './access';

export interface CaseRow {
  caseId: string;
  kind: string;
  unitCode: string;
  stage: string;
  closed: boolean;
  awaiting: string[];
  overdue: boolean;
  dueAt?: string;
  startedAt: string;
  record?: CaseRecord;
  /** With `withGrounds`: the texts a case rests on, by the record field each is in (a list shows a snippet of one). */
  grounds?: { grounds?: { summary: string }; topic?: string; followUp?: { reason: string }; matter?: string };
}

export interface CaseListFilter {
  /** One kind; without it, the `kinds` named (the case service names the listed kinds), else supervisions and patrols. */
  kind?: string;
  kinds?: readonly string[];
  year?: number;
  /** Rows to skip (paging). */
  offset?: number;
  /** Also the whole record of each (lists that show more than the row). */
  withRecord?: boolean;
  /** Also what each case rests on (`CaseRow.grounds`): three fields of the record, not the record. */
  withGrounds?: boolean;
  /** Only these stages of each kind (a kind not named is not listed). */
  stages?: Record<string, string[]>;
  unit?: string;
  overdue?: boolean;
  limit: number;
  /** Only cases this party may see (`CaseViewers`); absent for the overseers. */
  viewer?: string;
}

/** One thing a person did on a case (the workbench's 已办). */
export interface PersonEvent {
  caseId: string;
  kind: string;
  unitName: string;
  closed: boolean;
  at: string;
  action: string;
  summary: string;
}

/** One SQL query: the cases the filter names and the viewer may see, newest first. */
export async function listCases(store: StoreAccess, filter: CaseListFilter): Promise<CaseRow[]> {
  const rows = await store.run(() => {
    let q = store.db
      .selectFrom('cases')
      .select(['case_id', 'kind', 'unit_code', 'stage', 'closed', 'awaiting', 'overdue', 'due_at', 'started_at'])
      .$if(filter.withRecord === true, (qb) => qb.select('record'))
      .$if(filter.withGrounds === true, (qb) =>
        qb.select([
          sql<string | null>`record->'grounds'->>'summary'`.as('grounds_summary'),
          sql<string | null>`record->>'topic'`.as('topic'),
          sql<string | null>`record->'followUp'->>'reason'`.as('follow_up_reason'),
          sql<string | null>`record->>'matter'`.as('matter'),
        ]),
      );
    q = filter.kind ? q.where('kind', '=', filter.kind) : q.where('kind', 'in', [...(filter.kinds ?? caseKinds)]);
    if (filter.year !== undefined) q = q.where('year', '=', filter.year);
    const stages = filter.stages;
    if (stages) {
      q = q.where((eb) =>
        eb.or(
          Object.entries(stages)
            .filter(([, names]) => names.length > 0)
            .map(([kind, names]) => eb.and([eb('kind', '=', kind), eb('stage', 'in', names)])),
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
    ...('topic' in r
      ? {
          grounds: {
            ...(r.grounds_summary ? { grounds: { summary: r.grounds_summary } } : {}),
            ...(r.topic ? { topic: r.topic } : {}),
            ...(r.follow_up_reason ? { followUp: { reason: r.follow_up_reason } } : {}),
            ...(r.matter ? { matter: r.matter } : {}),
          },
        }
      : {}),
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
