/**
 * Uses of results (结果运用: 通报批评, 约谈, 挂牌督办; issue 36 item 2, docs/result-uses.md) as the case store keeps them:
 * rows of `cases` of kind `result-use`, whose record names the type. The overseers' list, the counts per type and unit
 * of a year, and the next serial of a year's ids. One SQL query each.
 */
import { sql } from 'kysely';
import type { ResultUseType } from '../../workflows/domain';
import type { StoreAccess } from './access';

export interface ResultUseFilter {
  year?: number;
  unit?: string;
  type?: ResultUseType;
}

export interface ResultUseRow {
  resultUseId: string;
  type: ResultUseType;
  year: number;
  unitCode: string;
  unitName: string;
  stage: string;
  closed: boolean;
  /** A listing past its term (挂牌督办 not delisted by its date). */
  overdue: boolean;
  dueAt?: string;
  decidedAt: string;
}

/** What a year counts, per type. */
export type ResultUseCounts = Record<ResultUseType, number> & { total: number };

export interface ResultUseStatistics {
  year: number;
  total: ResultUseCounts;
  byUnit: Array<ResultUseCounts & { unit: string; unitName: string }>;
}

const typeOf = sql<string>`record->>'type'`;

function matching(store: StoreAccess, f: ResultUseFilter) {
  let q = store.db.selectFrom('cases').where('kind', '=', 'result-use');
  if (f.year !== undefined) q = q.where('year', '=', f.year);
  if (f.unit) q = q.where('unit_code', '=', f.unit);
  if (f.type) q = q.where(typeOf, '=', f.type);
  return q;
}

/** The uses of results the filter names, newest first. */
export async function listResultUses(store: StoreAccess, f: ResultUseFilter, limit = 200): Promise<ResultUseRow[]> {
  const rows = await store.run(() =>
    matching(store, f)
      .select(['case_id', 'year', 'unit_code', 'unit_name', 'stage', 'closed', 'overdue', 'due_at', 'started_at'])
      .select(typeOf.as('type'))
      .orderBy('started_at', 'desc')
      .orderBy('case_id', 'desc')
      .limit(limit)
      .execute(),
  );
  return rows.map((r) => ({
    resultUseId: r.case_id,
    type: r.type as ResultUseType,
    year: r.year,
    unitCode: r.unit_code,
    unitName: r.unit_name,
    stage: r.stage,
    closed: r.closed,
    overdue: r.overdue,
    ...(r.due_at ? { dueAt: new Date(r.due_at).toISOString() } : {}),
    decidedAt: new Date(r.started_at).toISOString(),
  }));
}

const zero = (): ResultUseCounts => ({ criticism: 0, interview: 0, listing: 0, total: 0 });

/** A year's uses of results per type, in all and per unit (the units with none are not listed). */
export async function resultUseStatistics(store: StoreAccess, year: number): Promise<ResultUseStatistics> {
  const rows = await store.run(() =>
    matching(store, { year })
      .select(['unit_code', 'unit_name'])
      .select(typeOf.as('type'))
      .select(sql<number>`count(*)::int`.as('n'))
      .groupBy(['unit_code', 'unit_name', typeOf])
      .orderBy('unit_code')
      .execute(),
  );
  const total = zero();
  const units = new Map<string, ResultUseCounts & { unit: string; unitName: string }>();
  for (const r of rows) {
    const type = r.type as ResultUseType;
    const unit = units.get(r.unit_code) ?? { unit: r.unit_code, unitName: r.unit_name, ...zero() };
    units.set(r.unit_code, unit);
    unit[type] += r.n;
    unit.total += r.n;
    total[type] += r.n;
    total.total += r.n;
  }
  return { year, total, byUnit: [...units.values()] };
}

/** The next free serial of a year's uses of results (the highest stored, plus one). */
export async function nextResultUseSerial(store: StoreAccess, year: number): Promise<number> {
  const row = await store.run(() =>
    matching(store, { year })
      .select(sql<number | null>`max(cast(right(case_id, 4) as integer))`.as('serial'))
      .executeTakeFirst(),
  );
  return (row?.serial ?? 0) + 1;
}
