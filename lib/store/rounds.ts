/**
 * Rounds, their reports, plans and yearly reports: each workflow saves its state at every change (a later save
 * replaces it, a plan only by a newer revision); the API reads them back, a round with its cases in one query.
 */
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { CaseRecord } from '../../workflows/engine/record';
import type { StoreAccess } from './access';

export async function saveReport(
  store: StoreAccess,
  report: { roundId: string; kind: string; title: string; text: string; at: string },
): Promise<void> {
  const row = { round_id: report.roundId, kind: report.kind, title: report.title, text: report.text, at: report.at };
  await store.run(() =>
    store.db
      .insertInto('reports')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['round_id', 'kind']).doUpdateSet({ title: row.title, text: row.text, at: row.at }),
      )
      .execute(),
  );
}

export async function report(store: StoreAccess, roundId: string, kind: string): Promise<string | undefined> {
  const row = await store.run(() =>
    store.db
      .selectFrom('reports')
      .select('text')
      .where('round_id', '=', roundId)
      .where('kind', '=', kind)
      .executeTakeFirst(),
  );
  return row?.text;
}

export function saveRound(
  store: StoreAccess,
  progress: { workflowId: string; roundId: string; year: number; status: string },
): Promise<void> {
  return upsertRound(store, progress, progress);
}

/** One row of the rounds' table: its keys, and the state as it last saved itself (a later save replaces it). */
async function upsertRound(
  store: StoreAccess,
  keys: { workflowId: string; roundId: string; year: number; status: string },
  state: unknown,
): Promise<void> {
  const row = {
    workflow_id: keys.workflowId,
    round_id: keys.roundId,
    year: keys.year,
    status: keys.status,
    progress: JSON.stringify(state),
    updated_at: new Date().toISOString(),
  };
  await store.run(() =>
    store.db
      .insertInto('rounds')
      .values(row)
      .onConflict((oc) =>
        oc
          .column('workflow_id')
          .doUpdateSet({ status: row.status, progress: row.progress, updated_at: row.updated_at }),
      )
      .execute(),
  );
}

/**
 * A plan topic's special supervision (`special-topic-2026-1`, Art. 6, 8) as it last saved itself: its units, groups,
 * approval, report and signature, kept past Temporal's retention (its cases keep themselves). In the rounds' table,
 * under its own id; never counted as a round.
 */
export function saveTopic(store: StoreAccess, topic: { topicId: string; year: number; stage: string }): Promise<void> {
  return upsertRound(
    store,
    { workflowId: topic.topicId, roundId: topic.topicId, year: topic.year, status: topic.stage },
    topic,
  );
}

/** A round (`supervision-round-2026`) as it last saved itself (status, pairs, reports), without its cases. */
export async function roundState(store: StoreAccess, roundId: string): Promise<unknown> {
  const row = await store.run(() =>
    store.db
      .selectFrom('rounds')
      .select('progress')
      .where('round_id', '=', roundId)
      .where('status', '!=', 'duplicate')
      .orderBy('workflow_id')
      .limit(1)
      .executeTakeFirst(),
  );
  return row?.progress;
}

/** The ids of the year's rounds that started (`supervision-round-2026`, `…-2` …). */
export async function roundIds(store: StoreAccess, year: number): Promise<string[]> {
  const rows = await store.run(() =>
    store.db
      .selectFrom('rounds')
      .select('round_id')
      .distinct()
      .where('year', '=', year)
      .where('status', '!=', 'duplicate')
      .where('round_id', 'not like', 'special-topic-%')
      .orderBy('round_id')
      .execute(),
  );
  return rows.map((r) => r.round_id);
}

/** One SQL query: the round that owns its cases (a later trigger ends as a duplicate), with their records. */
export async function round(
  store: StoreAccess,
  roundId: string,
): Promise<{ progress: unknown; cases: CaseRecord[] } | undefined> {
  const row = await store.run(() =>
    store.db
      .selectFrom('rounds')
      .select((eb) => [
        'progress',
        jsonArrayFrom(
          eb
            .selectFrom('cases')
            .select('record')
            .whereRef('cases.round_id', '=', 'rounds.round_id')
            .orderBy('unit_code'),
        ).as('cases'),
      ])
      .where('round_id', '=', roundId)
      .where('status', '!=', 'duplicate')
      .orderBy('workflow_id')
      .limit(1)
      .executeTakeFirst(),
  );
  return row && { progress: row.progress, cases: row.cases.map((c) => c.record as CaseRecord) };
}

/** A yearly report's state (the workflow saves it at every change; a later save replaces it). */
export async function saveYearlyReport(
  store: StoreAccess,
  state: { reportId: string; year: number; status: string },
): Promise<void> {
  const row = {
    report_id: state.reportId,
    year: state.year,
    status: state.status,
    state: JSON.stringify(state),
    updated_at: new Date().toISOString(),
  };
  await store.run(() =>
    store.db
      .insertInto('yearly_reports')
      .values(row)
      .onConflict((oc) =>
        oc.column('report_id').doUpdateSet({ status: row.status, state: row.state, updated_at: row.updated_at }),
      )
      .execute(),
  );
}

export async function yearlyReport(store: StoreAccess, reportId: string): Promise<unknown> {
  const row = await store.run(() =>
    store.db.selectFrom('yearly_reports').select('state').where('report_id', '=', reportId).executeTakeFirst(),
  );
  return row?.state;
}

export async function savePlan(
  store: StoreAccess,
  plan: { planId: string; year: number; stage: string; revision: number },
): Promise<void> {
  const row = {
    plan_id: plan.planId,
    year: plan.year,
    stage: plan.stage,
    revision: plan.revision,
    record: JSON.stringify(plan),
    updated_at: new Date().toISOString(),
  };
  const { plan_id, ...changes } = row;
  await store.run(() =>
    store.db
      .insertInto('plans')
      .values(row)
      .onConflict((oc) => oc.column('plan_id').doUpdateSet(changes).where('plans.revision', '<', row.revision))
      .execute(),
  );
}

export async function plan(store: StoreAccess, planId: string): Promise<unknown> {
  const row = await store.run(() =>
    store.db.selectFrom('plans').select('record').where('plan_id', '=', planId).executeTakeFirst(),
  );
  return row?.record;
}
