/**
 * The figures (Art. 11 (1)(3), 16 (3)): a year's cases, findings, submissions, transfers and what is overdue now,
 * grouped in SQL; what the records say of one unit, for the cross-checks of an award nomination; and the gauges of
 * `GET /metrics`.
 */
import type { ExpressionBuilder } from 'kysely';
import { sql } from 'kysely';
import type { CaseKind } from '../../workflows/domain';
import { caseKinds } from '../../workflows/domain';
import type { StoreAccess } from './access';
import type { StoreDatabase } from './schema';

export interface StatisticsRows {
  cases: Array<{
    kind: CaseKind;
    stage: string;
    unit_code: string;
    unit_name: string;
    count: number;
    commended: number;
  }>;
  findings: Array<{ kind: string; unit_code: string; key_item: number; count: number; third_party: number }>;
  submissions: Array<{
    kind: string;
    unit_code: string;
    total: number;
    submitted: number;
    on_time: number;
    late: number;
    waiting: number;
    overdue: number;
    escalations: number;
    extensions: number;
  }>;
  overdueNow: Array<{
    case_id: string;
    kind: string;
    party: string;
    due_at: string;
    unit_code: string;
    unit_name: string;
  }>;
  /** `reported`: of them, those whose receiving body reported an outcome (issue 36 item 3). */
  transfers: Array<{ recipient: string; unit_code: string; total: number; acknowledged: number; reported: number }>;
}

export interface StatisticsQuery {
  /** The year the cases began in (their id); absent: every year. */
  year?: number | undefined;
  /** Only the cases this party may see (`CaseViewers`). */
  viewer?: string | undefined;
  /** Only this party's own submissions and transfers. */
  party?: string | undefined;
  sections: Array<keyof StatisticsRows>;
  /** The kinds counted as cases (the registry's listed kinds); default the supervisions and patrols. */
  kinds?: readonly string[];
}

/**
 * The figures of a year (or of all years), grouped in SQL: cases by kind, stage and unit; findings by key item;
 * every kind of submission on time, late, open and overdue; escalations; transfers; what is overdue now. `viewer`
 * limits the cases to those a party may see, `party` the submissions and transfers to its own; the API asks only
 * for the sections the reader's role may see.
 */
export async function statistics(store: StoreAccess, q: StatisticsQuery): Promise<Partial<StatisticsRows>> {
  const want = new Set(q.sections);
  const visible = (eb: ExpressionBuilder<StoreDatabase, 'cases'>) => {
    // Supervisions and patrols: the public reports that may lead to them are counted where they are listed.
    const clauses = [sql<boolean>`cases.kind in (${sql.join([...(q.kinds ?? caseKinds)])})`];
    if (q.year !== undefined) clauses.push(sql<boolean>`cases.year = ${q.year}`);
    if (q.viewer) clauses.push(sql<boolean>`cases.viewers @> array[${q.viewer}]::text[]`);
    return eb.and(clauses);
  };
  const count = sql<number>`count(*)::int`;
  return store.run(async () => {
    const out: Partial<StatisticsRows> = {};
    if (want.has('cases'))
      out.cases = await store.db
        .selectFrom('cases')
        .select([sql<CaseKind>`kind`.as('kind'), 'stage', 'unit_code', 'unit_name', count.as('count')])
        .select(sql<number>`count(*) filter (where commended)::int`.as('commended'))
        .where(visible)
        .groupBy(['kind', 'stage', 'unit_code', 'unit_name'])
        .execute();
    if (want.has('findings'))
      out.findings = await store.db
        .selectFrom('case_findings as f')
        .innerJoin('cases', 'cases.case_id', 'f.case_id')
        .select(['f.kind', 'f.unit_code', 'f.key_item', count.as('count')])
        .select(sql<number>`count(*) filter (where f.third_party)::int`.as('third_party'))
        .where(visible)
        .groupBy(['f.kind', 'f.unit_code', 'f.key_item'])
        .execute();
    if (want.has('submissions') || want.has('overdueNow')) {
      const deadlines = store.db
        .selectFrom('case_deadlines as d')
        .innerJoin('cases', 'cases.case_id', 'd.case_id')
        .where(visible)
        .$if(q.party !== undefined, (qb) => qb.where('d.party', '=', q.party!));
      if (want.has('submissions'))
        out.submissions = await deadlines
          .select(['d.kind', 'cases.unit_code', count.as('total')])
          .select([
            sql<number>`count(*) filter (where d.submitted_at is not null)::int`.as('submitted'),
            sql<number>`count(*) filter (where d.submitted_at is not null and not coalesce(d.late, false))::int`.as(
              'on_time',
            ),
            sql<number>`count(*) filter (where d.late)::int`.as('late'),
            sql<number>`count(*) filter (where d.status = 'waiting')::int`.as('waiting'),
            sql<number>`count(*) filter (where d.status = 'overdue')::int`.as('overdue'),
            sql<number>`coalesce(sum(d.escalations), 0)::int`.as('escalations'),
            sql<number>`coalesce(sum(d.extensions), 0)::int`.as('extensions'),
          ])
          .groupBy(['d.kind', 'cases.unit_code'])
          .execute();
      if (want.has('overdueNow'))
        out.overdueNow = (
          await deadlines
            .select(['d.case_id', 'd.kind', 'd.party', 'd.due_at', 'cases.unit_code', 'cases.unit_name'])
            .where('d.status', '=', 'overdue')
            .where('cases.closed', '=', false)
            .orderBy('d.due_at')
            .limit(1000)
            .execute()
        ).map((r) => ({ ...r, due_at: new Date(r.due_at).toISOString() }));
    }
    if (want.has('transfers'))
      out.transfers = await store.db
        .selectFrom('case_transfers as t')
        .select(['t.recipient', 't.unit_code', count.as('total')])
        .select(sql<number>`count(t.acknowledged_at)::int`.as('acknowledged'))
        .select(
          sql<number>`count(*) filter (where exists (select 1 from transfer_outcomes o where o.case_id = t.case_id and o.transfer_id = t.id))::int`.as(
            'reported',
          ),
        )
        .$if(q.year !== undefined, (qb) => qb.where('t.year', '=', q.year!))
        .$if(q.party !== undefined, (qb) => qb.where('t.party', '=', q.party!))
        .groupBy(['t.recipient', 't.unit_code'])
        .execute();
    return out;
  });
}

/**
 * What the records say of one unit (the cross-checks of an award nomination, Part 1): its open and overdue
 * rectifications, the transfers concerning it, its commendations (Art. 11 (1)) and the findings of its cases since
 * `sinceYear`. Supervisions and patrols only; one query each.
 */
export async function unitRecord(store: StoreAccess, unit: string, sinceYear: number) {
  return store.run(async () => {
    const rectifications = await store.db
      .selectFrom('case_deadlines')
      .innerJoin('cases', 'cases.case_id', 'case_deadlines.case_id')
      .select(['case_deadlines.case_id as caseId', 'case_deadlines.status', 'case_deadlines.due_at as dueAt'])
      .where('cases.unit_code', '=', unit)
      .where('cases.kind', 'in', [...caseKinds])
      .where('case_deadlines.kind', 'in', [
        'patrol-rectification',
        'supervision-rectification',
        'rectification-resubmission',
      ])
      .where('case_deadlines.status', 'in', ['waiting', 'overdue'])
      .orderBy('case_deadlines.due_at')
      .execute();
    const transfers = await store.db
      .selectFrom('case_transfers')
      .select(['case_id as caseId', 'year', 'recipient', 'at'])
      .where('unit_code', '=', unit)
      .orderBy('at')
      .execute();
    const commendations = await store.db
      .selectFrom('cases')
      .select(['case_id as caseId', 'year'])
      .where('unit_code', '=', unit)
      .where('commended', '=', true)
      .orderBy('case_id')
      .execute();
    const findings = await store.db
      .selectFrom('case_findings')
      .select(['case_id as caseId', 'year', sql<number>`count(*)::int`.as('n')])
      .where('unit_code', '=', unit)
      .where('year', '>=', sinceYear)
      .groupBy(['case_id', 'year'])
      .orderBy('case_id')
      .execute();
    return {
      rectifications: rectifications.map((r) => ({ ...r, dueAt: new Date(r.dueAt).toISOString() })),
      transfers: transfers.map((t) => ({ ...t, at: new Date(t.at).toISOString() })),
      commendations,
      findings: findings.map((f) => ({ ...f, n: Number(f.n) })),
    };
  });
}

export interface Gauges {
  open: Array<{ kind: string; stage: string; count: number }>;
  deadlines: Array<{ kind: string; waiting: number; overdue: number; escalations: number }>;
}

/**
 * The domain gauges of `GET /metrics` (counts only, no unit and no text): open cases by kind and stage, and the
 * deadlines of open cases by kind of submission: waiting, overdue, and escalations so far. Two queries.
 */
export async function gauges(store: StoreAccess): Promise<Gauges> {
  return store.run(async () => {
    const [open, deadlines] = await Promise.all([
      store.db
        .selectFrom('cases')
        .select(['kind', 'stage', sql<number>`count(*)::int`.as('count')])
        .where('closed', '=', false)
        .groupBy(['kind', 'stage'])
        .execute(),
      store.db
        .selectFrom('case_deadlines as d')
        .innerJoin('cases as c', 'c.case_id', 'd.case_id')
        .select([
          'd.kind',
          sql<number>`count(*) filter (where d.status = 'waiting')::int`.as('waiting'),
          sql<number>`count(*) filter (where d.status = 'overdue')::int`.as('overdue'),
          sql<number>`coalesce(sum(d.escalations), 0)::int`.as('escalations'),
        ])
        .where('c.closed', '=', false)
        .groupBy('d.kind')
        .execute(),
    ]);
    return { open, deadlines };
  });
}
