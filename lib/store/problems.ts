/**
 * The rectification ledger's index (问题整改台账, issue 35; docs/ledger.md): each write of a problem's record also
 * writes its row of `problems` (in the same transaction as the record, cases.ts), and the ledger's lists and exports
 * are one SQL query each over those rows, with need to know in the query. The figures are in problem-statistics.ts.
 */
import type { Expression, ExpressionBuilder, Insertable, SqlBool, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { ProblemSource, ProblemTermKind, Role } from '../../workflows/domain';
import { isOverseer } from '../../workflows/engine/party';
import { isOpenTrack } from '../../workflows/engine/schemas';
import type { ProblemRecord, ProblemStage } from '../../workflows/problem/contract';
import type { StoreAccess } from './access';
import type { StoreDatabase } from './schema';

/** What the ledger is filtered by (every filter optional; all given must hold). */
export interface ProblemFilter {
  unit?: string | undefined;
  /** A city with its counties. */
  city?: string | undefined;
  sourceKind?: ProblemSource | undefined;
  year?: number | undefined;
  /** The article and item as officials cite it (`第十六条第（二）项`). */
  article?: string | undefined;
  termKind?: ProblemTermKind | undefined;
  state?: ProblemStage | undefined;
  /** Past its term and still being rectified (true), or not (false). */
  overdue?: boolean | undefined;
}

/** Who reads the ledger: a unit of the registry's kind city also sees its counties' problems. */
export interface ProblemViewer {
  role: Role;
  unit?: string | undefined;
  /** The viewer's unit is a city (the API knows from the registry). */
  city?: boolean | undefined;
}

/** Where a page ends: the order's key of its last row. */
export interface ProblemCursor {
  year: number;
  sourceCase: string;
  requirementNo: number;
}

/** One problem as the ledger lists and exports it. */
export interface ProblemRow {
  problemId: string;
  sourceKind: ProblemSource;
  sourceCase: string;
  requirementNo: number;
  year: number;
  article: string;
  unit: { code: string; name: string; kind: string };
  cityCode?: string;
  termKind: ProblemTermKind;
  termDueDate?: string;
  termEveryMonths?: number;
  dueAt?: string;
  state: ProblemStage;
  overdue: boolean;
  struckOffAt?: string;
  reopened: number;
  figures: {
    recoveredYuan: number;
    heldAccountable: number;
    rulesMade: number;
    other: Array<{ label: string; value: number; unit?: string }>;
  };
  requirement: string;
  responsible?: { person: string; post?: string };
  lastProgress?: { what: string; at: string };
  transferredTo: string[];
  updatedAt: string;
}

type Row = Insertable<StoreDatabase['problems']>;

/** The row of a problem's record (pure: the projection itself). */
export function problemRow(r: ProblemRecord, now: string): Row {
  const open = r.deadlines.filter(isOpenTrack).sort((a, b) => a.deadline.dueAt.localeCompare(b.deadline.dueAt))[0];
  const last = r.progress[r.progress.length - 1];
  const city = r.city ?? (r.targetUnit.kind === 'city' ? r.targetUnit.code : null);
  return {
    problem_id: r.caseId,
    source_kind: r.source.kind,
    source_case: r.source.caseId,
    requirement_no: r.source.requirement,
    year: r.source.year,
    article: r.source.article,
    unit_code: r.targetUnit.code,
    unit_name: r.targetUnit.name,
    unit_kind: r.targetUnit.kind,
    city_code: r.targetUnit.kind === 'department' ? null : city,
    term_kind: r.term.kind,
    term_due_date: r.term.dueDate ?? null,
    term_every_months: r.term.everyMonths ?? null,
    due_at: open?.deadline.dueAt ?? null,
    state: r.stage,
    closed: r.closed,
    struck_off_at: r.stage === 'struck-off' ? (r.struckOffAt ?? null) : null,
    reopened: r.reopenings.length,
    recovered_yuan: r.figures.recoveredYuan ?? 0,
    held_accountable: r.figures.heldAccountable ?? 0,
    rules_made: r.figures.rulesMade ?? 0,
    other_figures: JSON.stringify(r.figures.other ?? []),
    requirement: r.requirement,
    responsible_person: r.responsible?.person ?? null,
    responsible_post: r.responsible?.post ?? null,
    last_progress: last?.what ?? null,
    last_progress_at: last?.at ?? null,
    transferred_to: r.transferredTo ?? [],
    revision: r.revision,
    created_at: r.events[0]?.at ?? now,
    updated_at: now,
  };
}

/** Write a problem's row with its record (cases.ts calls it in the record's transaction, for a newer revision only). */
export async function saveProblemRow(tx: Transaction<StoreDatabase>, record: ProblemRecord, now: string) {
  const row = problemRow(record, now);
  const { problem_id, created_at, ...changes } = row;
  await tx
    .insertInto('problems')
    .values(row)
    .onConflict((oc) => oc.column('problem_id').doUpdateSet(changes).where('problems.revision', '<', row.revision))
    .execute();
}

type Where = ExpressionBuilder<StoreDatabase, 'problems'>;

/** Past its term and still being rectified. */
export const overdueSql = (now: Date) => sql<boolean>`(problems.state = 'rectifying' and problems.due_at < ${now})`;

/**
 * Need to know, in SQL (docs/ledger.md): the overseers every problem; a unit its own, a city's unit its counties' too; a
 * discipline body the problems of a case that transferred a violation to it; anyone else none.
 */
export function visibleTo(eb: Where, viewer: ProblemViewer): Expression<SqlBool> {
  if (isOverseer(viewer.role)) return sql<boolean>`true`;
  const unit = viewer.unit;
  if (viewer.role === 'unit' && unit) {
    return viewer.city ? eb.or([eb('unit_code', '=', unit), eb('city_code', '=', unit)]) : eb('unit_code', '=', unit);
  }
  if (viewer.role === 'discipline' && unit) return sql<boolean>`problems.transferred_to @> array[${unit}]::text[]`;
  return sql<boolean>`false`;
}

/** The filter's conditions and the viewer's, as one. */
export function matching(eb: Where, filter: ProblemFilter, viewer: ProblemViewer, now: Date): Expression<SqlBool> {
  const all: Array<Expression<SqlBool>> = [visibleTo(eb, viewer)];
  if (filter.unit) all.push(eb('unit_code', '=', filter.unit));
  if (filter.city) all.push(eb('city_code', '=', filter.city));
  if (filter.sourceKind) all.push(eb('source_kind', '=', filter.sourceKind));
  if (filter.year !== undefined) all.push(eb('year', '=', filter.year));
  if (filter.article) all.push(eb('article', '=', filter.article));
  if (filter.termKind) all.push(eb('term_kind', '=', filter.termKind));
  if (filter.state) all.push(eb('state', '=', filter.state));
  if (filter.overdue !== undefined) {
    all.push(filter.overdue ? overdueSql(now) : sql<boolean>`not coalesce(${overdueSql(now)}, false)`);
  }
  return eb.and(all);
}

/** A cursor as the API hands it out (opaque to the caller), and back; undefined for one that is not ours. */
export const encodeCursor = (c: ProblemCursor): string =>
  Buffer.from(JSON.stringify([c.year, c.sourceCase, c.requirementNo])).toString('base64url');
export function decodeCursor(text: string): ProblemCursor | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(v) || v.length !== 3) return undefined;
    const [year, sourceCase, requirementNo] = v as unknown[];
    if (!Number.isInteger(year) || typeof sourceCase !== 'string' || !Number.isInteger(requirementNo)) return undefined;
    return { year: year as number, sourceCase, requirementNo: requirementNo as number };
  } catch {
    return undefined;
  }
}

const columns = [
  'problem_id',
  'source_kind',
  'source_case',
  'requirement_no',
  'year',
  'article',
  'unit_code',
  'unit_name',
  'unit_kind',
  'city_code',
  'term_kind',
  'term_due_date',
  'term_every_months',
  'due_at',
  'state',
  'struck_off_at',
  'reopened',
  'held_accountable',
  'rules_made',
  'other_figures',
  'requirement',
  'responsible_person',
  'responsible_post',
  'last_progress',
  'last_progress_at',
  'transferred_to',
  'updated_at',
] as const;

/** The ledger's rows in its order (a year's problems, newest year first, by source case and requirement). */
function select(store: StoreAccess, filter: ProblemFilter, viewer: ProblemViewer, now: Date) {
  return store.db
    .selectFrom('problems')
    .select(columns)
    .select([
      sql<number>`recovered_yuan::float8`.as('recovered_yuan'),
      sql<boolean>`coalesce(${overdueSql(now)}, false)`.as('overdue'),
    ])
    .where((eb) => matching(eb, filter, viewer, now))
    .orderBy('year', 'desc')
    .orderBy('source_case')
    .orderBy('requirement_no');
}

type Selected = Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number];
const iso = (t: Date | string | null) => (t ? new Date(t).toISOString() : undefined);

function toRow(r: Selected): ProblemRow {
  const dueAt = iso(r.due_at);
  const struckOffAt = iso(r.struck_off_at);
  const progressAt = iso(r.last_progress_at);
  return {
    problemId: r.problem_id,
    sourceKind: r.source_kind as ProblemSource,
    sourceCase: r.source_case,
    requirementNo: r.requirement_no,
    year: r.year,
    article: r.article,
    unit: { code: r.unit_code, name: r.unit_name, kind: r.unit_kind },
    ...(r.city_code ? { cityCode: r.city_code } : {}),
    termKind: r.term_kind as ProblemTermKind,
    ...(r.term_due_date ? { termDueDate: r.term_due_date } : {}),
    ...(r.term_every_months ? { termEveryMonths: r.term_every_months } : {}),
    ...(dueAt ? { dueAt } : {}),
    state: r.state as ProblemStage,
    overdue: r.overdue,
    ...(struckOffAt ? { struckOffAt } : {}),
    reopened: r.reopened,
    figures: {
      recoveredYuan: Number(r.recovered_yuan),
      heldAccountable: r.held_accountable,
      rulesMade: r.rules_made,
      other: r.other_figures,
    },
    requirement: r.requirement,
    ...(r.responsible_person
      ? { responsible: { person: r.responsible_person, ...(r.responsible_post ? { post: r.responsible_post } : {}) } }
      : {}),
    ...(r.last_progress && progressAt ? { lastProgress: { what: r.last_progress, at: progressAt } } : {}),
    transferredTo: r.transferred_to,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/**
 * One page of the ledger (one SQL query): the problems the filter names and the viewer may see, after `cursor`, at most
 * `limit`; `nextCursor` when there are more.
 *
 * @example
 * const page = await listProblems(store, { city: 'taiyuan', overdue: true }, { role: 'office' }, undefined, 50);
 */
export async function listProblems(
  store: StoreAccess,
  filter: ProblemFilter,
  viewer: ProblemViewer,
  cursor: ProblemCursor | undefined,
  limit: number,
  now = new Date(),
): Promise<{ rows: ProblemRow[]; nextCursor?: ProblemCursor }> {
  const rows = await store.run(() => {
    let q = select(store, filter, viewer, now);
    if (cursor) {
      const c = cursor;
      // After the cursor in the order (year desc, source case, requirement).
      q = q.where((eb) =>
        eb.or([
          eb('year', '<', c.year),
          eb.and([
            eb('year', '=', c.year),
            eb.or([
              eb('source_case', '>', c.sourceCase),
              eb.and([eb('source_case', '=', c.sourceCase), eb('requirement_no', '>', c.requirementNo)]),
            ]),
          ]),
        ]),
      );
    }
    return q.limit(limit + 1).execute();
  });
  const page = rows.slice(0, limit).map(toRow);
  const last = page[page.length - 1];
  return rows.length > limit && last
    ? { rows: page, nextCursor: { year: last.year, sourceCase: last.sourceCase, requirementNo: last.requirementNo } }
    : { rows: page };
}

/** Every problem the filter names and the viewer may see, in the ledger's order (the exports; one SQL query). */
export async function exportRows(
  store: StoreAccess,
  filter: ProblemFilter,
  viewer: ProblemViewer,
  now = new Date(),
): Promise<ProblemRow[]> {
  // One JSON text for the whole set: PGlite (Postgres in WASM) decodes 2,000 rows of 24 cells far slower than it writes
  // one text (bench, 2,001 rows: p95 162 → 81 ms). The order is the ledger's, inside the aggregate.
  const [row] = await store.run(() =>
    store.db
      .selectFrom(select(store, filter, viewer, now).as('t'))
      .select(
        sql<string>`coalesce(json_agg(t order by t.year desc, t.source_case, t.requirement_no), '[]')::text`.as('j'),
      )
      .execute(),
  );
  return (JSON.parse(row?.j ?? '[]') as Selected[]).map(toRow);
}
