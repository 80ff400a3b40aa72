/**
 * The ledger's figures (问题整改台账, issue 35): per unit and per city, what is open, overdue, struck off in a period,
 * reopened (反弹), and the results summed (追回资金、问责人数、建章立制), as Art. 11 (1)'s assessment counts them; and
 * the summary the round and yearly reports draw their rectification figures from. One SQL query each.
 */
import { sql } from 'kysely';
import type { StoreAccess } from './access';
import type { ProblemFilter, ProblemViewer } from './problems';
import { matching, overdueSql } from './problems';

/** What the ledger counts of a set of problems. */
export interface ProblemCounts {
  total: number;
  /** Not struck off (rectifying or awaiting review). */
  open: number;
  /** Past its term and still being rectified. */
  overdue: number;
  /** Struck off (销号) within the period. */
  struckOffInPeriod: number;
  /** Issued (created) within the period. */
  newInPeriod: number;
  /** Reopened (反弹) at least once. */
  reopened: number;
  recoveredYuan: number;
  heldAccountable: number;
  rulesMade: number;
}

export interface ProblemStatistics {
  period: { from: string; to: string };
  total: ProblemCounts;
  byUnit: Array<ProblemCounts & { unit: string; unitName: string; cityCode?: string }>;
  /** A city with its counties (departments have no city and are counted per unit only). */
  byCity: Array<ProblemCounts & { city: string }>;
}

/** What the round and yearly reports say of rectification (H3 reads it; keep the name and the shape). */
export interface ProblemSummary {
  total: number;
  open: number;
  overdue: number;
  struckOff: number;
  reopened: number;
  recoveredYuan: number;
  heldAccountable: number;
  rulesMade: number;
}

const zero = (): ProblemCounts => ({
  total: 0,
  open: 0,
  overdue: 0,
  struckOffInPeriod: 0,
  newInPeriod: 0,
  reopened: 0,
  recoveredYuan: 0,
  heldAccountable: 0,
  rulesMade: 0,
});

function add(to: ProblemCounts, c: ProblemCounts): void {
  for (const key of Object.keys(zero()) as Array<keyof ProblemCounts>) to[key] += c[key];
  // Yuan with their fen: the sum is kept to two decimals, as the column is.
  to.recoveredYuan = Math.round(to.recoveredYuan * 100) / 100;
}

/**
 * The figures per unit and per city of the problems the filter names and the viewer may see; `period` (instants, `to`
 * excluded) bounds what was struck off and issued in it. One SQL query grouped per unit; the cities and the total are
 * their sums.
 *
 * @example
 * await problemStatistics(store, { year: 2026 }, { role: 'office' }, { from: '2026-01-01T00:00:00+08:00', to: … });
 */
export async function problemStatistics(
  store: StoreAccess,
  filter: ProblemFilter,
  viewer: ProblemViewer,
  period: { from: string; to: string },
  now = new Date(),
): Promise<ProblemStatistics> {
  const { from, to } = period;
  const rows = await store.run(() =>
    store.db
      .selectFrom('problems')
      .select(['unit_code', 'unit_name', 'city_code'])
      .select([
        sql<number>`count(*)::int`.as('total'),
        sql<number>`count(*) filter (where state <> 'struck-off')::int`.as('open'),
        sql<number>`count(*) filter (where ${overdueSql(now)})::int`.as('overdue'),
        sql<number>`count(*) filter (where struck_off_at >= ${from} and struck_off_at < ${to})::int`.as(
          'struckOffInPeriod',
        ),
        sql<number>`count(*) filter (where created_at >= ${from} and created_at < ${to})::int`.as('newInPeriod'),
        sql<number>`count(*) filter (where reopened > 0)::int`.as('reopened'),
        sql<number>`coalesce(sum(recovered_yuan), 0)::float8`.as('recoveredYuan'),
        sql<number>`coalesce(sum(held_accountable), 0)::int`.as('heldAccountable'),
        sql<number>`coalesce(sum(rules_made), 0)::int`.as('rulesMade'),
      ])
      .where((eb) => matching(eb, filter, viewer, now))
      .groupBy(['unit_code', 'unit_name', 'city_code'])
      .orderBy('unit_code')
      .execute(),
  );
  const total = zero();
  const cities = new Map<string, ProblemCounts & { city: string }>();
  const byUnit = rows.map(({ unit_code, unit_name, city_code, ...counts }) => {
    add(total, counts);
    if (city_code) {
      const city = cities.get(city_code) ?? { city: city_code, ...zero() };
      add(city, counts);
      cities.set(city_code, city);
    }
    return { unit: unit_code, unitName: unit_name, ...(city_code ? { cityCode: city_code } : {}), ...counts };
  });
  return {
    period,
    total,
    byUnit,
    byCity: [...cities.values()].sort((a, b) => a.city.localeCompare(b.city)),
  };
}

/**
 * The rectification figures of a year's problems, or of the problems of some cases (a round's): how many, open,
 * overdue, struck off, reopened, and the results summed. For the reports, which the overseers write: no viewer.
 *
 * @example
 * const { total, struckOff } = await problemSummary(store, { sourceCases: ['patrol-2026-taiyuan-0001'] });
 */
export async function problemSummary(
  store: StoreAccess,
  filter: { year?: number; sourceCases?: string[] },
  now = new Date(),
): Promise<ProblemSummary> {
  if (filter.sourceCases && filter.sourceCases.length === 0) {
    return {
      total: 0,
      open: 0,
      overdue: 0,
      struckOff: 0,
      reopened: 0,
      recoveredYuan: 0,
      heldAccountable: 0,
      rulesMade: 0,
    };
  }
  return store.run(() =>
    store.db
      .selectFrom('problems')
      .select([
        sql<number>`count(*)::int`.as('total'),
        sql<number>`count(*) filter (where state <> 'struck-off')::int`.as('open'),
        sql<number>`count(*) filter (where ${overdueSql(now)})::int`.as('overdue'),
        sql<number>`count(*) filter (where state = 'struck-off')::int`.as('struckOff'),
        sql<number>`count(*) filter (where reopened > 0)::int`.as('reopened'),
        sql<number>`coalesce(sum(recovered_yuan), 0)::float8`.as('recoveredYuan'),
        sql<number>`coalesce(sum(held_accountable), 0)::int`.as('heldAccountable'),
        sql<number>`coalesce(sum(rules_made), 0)::int`.as('rulesMade'),
      ])
      .$if(filter.year !== undefined, (q) => q.where('year', '=', filter.year!))
      .$if(filter.sourceCases !== undefined, (q) => q.where('source_case', 'in', filter.sourceCases!))
      .executeTakeFirstOrThrow(),
  );
}
