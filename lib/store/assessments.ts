/** Art. 5: the register of third-party assessments, newest first; their serial numbers follow a year's count. */
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { StoreAccess } from './access';
import type { AssessmentsTable } from './schema';

/** Art. 5: a third-party assessment in the register. */
export interface Assessment {
  id: string;
  year: number;
  assessor: string;
  unitCodes: string[];
  summary: string;
  createdBy: unknown;
  createdAt: string;
}

function assessmentOf(r: Selectable<AssessmentsTable>): Assessment {
  return {
    id: r.id,
    year: r.year,
    assessor: r.assessor,
    unitCodes: r.unit_codes,
    summary: r.summary,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

export async function saveAssessment(store: StoreAccess, a: Assessment): Promise<void> {
  await store.run(() =>
    store.db
      .insertInto('assessments')
      .values({
        id: a.id,
        year: a.year,
        assessor: a.assessor,
        unit_codes: a.unitCodes,
        summary: a.summary,
        created_by: JSON.stringify(a.createdBy),
        created_at: a.createdAt,
      })
      .execute(),
  );
}

/** Assessments, newest first; of one year, or covering one unit. */
export async function assessments(
  store: StoreAccess,
  filter: { year?: number; unit?: string; limit: number; offset?: number },
): Promise<Assessment[]> {
  const rows = await store.run(() =>
    store.db
      .selectFrom('assessments')
      .selectAll()
      .$if(filter.year !== undefined, (qb) => qb.where('year', '=', filter.year!))
      .$if(filter.unit !== undefined, (qb) => qb.where(sql<boolean>`unit_codes @> array[${filter.unit!}]::text[]`))
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(filter.limit)
      .offset(filter.offset ?? 0)
      .execute(),
  );
  return rows.map(assessmentOf);
}

export async function assessment(store: StoreAccess, id: string): Promise<Assessment | undefined> {
  const row = await store.run(() =>
    store.db.selectFrom('assessments').selectAll().where('id', '=', id).executeTakeFirst(),
  );
  return row && assessmentOf(row);
}

/** How many assessments a year has (their serial numbers follow it). */
export async function assessmentCount(store: StoreAccess, year: number): Promise<number> {
  const row = await store.run(() =>
    store.db
      .selectFrom('assessments')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('year', '=', year)
      .executeTakeFirstOrThrow(),
  );
  return row.n;
}
