/**
 * Issue 36 item 3 (docs/transfer-outcomes.md): what the discipline bodies and the procuratorate report back on a
 * transfer (初核/立案/了结, 处分 and 问责 counts). Courtesy only: a row of the store, written by the API when the body
 * chooses to report; it sets no deadline and starts nothing. Each report is a new version; the latest is current.
 */
import type { Selectable } from 'kysely';
import type { Actor, TransferOutcomeStage, TransferRecipient } from '../../workflows/domain';
import type { StoreAccess } from './access';
import type { StoreDatabase } from './schema';

/** What a body reports: the stage reached and its counts so far. */
export interface OutcomeReport {
  stage: TransferOutcomeStage;
  /** 处分人数 (party and government discipline). */
  disciplined: number;
  /** 问责人数. */
  heldAccountable: number;
  /** 移送司法机关人数, when the body reports it. */
  prosecuted?: number;
  note?: string;
}

/** The transfer a report is about, as its case says (the API reads it from the case before writing). */
export interface OutcomeTransfer {
  caseId: string;
  transferId: number;
  caseKind: 'patrol' | 'public-report';
  year: number;
  unit: { code: string; name: string };
  recipient: TransferRecipient;
  recipientUnit: string;
}

/** One version of a transfer's outcome. */
export interface TransferOutcome extends OutcomeTransfer, OutcomeReport {
  version: number;
  reportedAt: string;
  reportedBy: Pick<Actor, 'id' | 'role' | 'unit' | 'name'>;
}

/** The year's outcomes in figures (the latest version of each transfer). */
export interface OutcomeSummary {
  /** Transfers with at least one report. */
  reported: number;
  /** Of them, those a report put at 立案 at some time. */
  caseFiled: number;
  disciplined: number;
  heldAccountable: number;
  prosecuted: number;
}

type Row = Selectable<StoreDatabase['transfer_outcomes']>;

function outcomeOf(r: Row): TransferOutcome {
  return {
    caseId: r.case_id,
    transferId: r.transfer_id,
    caseKind: r.case_kind as OutcomeTransfer['caseKind'],
    year: r.year,
    unit: { code: r.unit_code, name: r.unit_name },
    recipient: r.recipient as TransferRecipient,
    recipientUnit: r.recipient_unit,
    version: r.version,
    stage: r.stage as TransferOutcomeStage,
    disciplined: r.disciplined,
    heldAccountable: r.held_accountable,
    ...(r.prosecuted !== null ? { prosecuted: r.prosecuted } : {}),
    ...(r.note !== null ? { note: r.note } : {}),
    reportedAt: new Date(r.reported_at).toISOString(),
    reportedBy: r.reported_by as TransferOutcome['reportedBy'],
  };
}

const same = (a: TransferOutcome, b: OutcomeReport) =>
  a.stage === b.stage &&
  a.disciplined === b.disciplined &&
  a.heldAccountable === b.heldAccountable &&
  a.prosecuted === b.prosecuted &&
  a.note === b.note;

/** Every version of one transfer's outcome, oldest first (none: the body has not reported). */
export async function outcomeVersions(store: StoreAccess, caseId: string, transferId: number) {
  const rows = await store.run(() =>
    store.db
      .selectFrom('transfer_outcomes')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('transfer_id', '=', transferId)
      .orderBy('version')
      .execute(),
  );
  return rows.map(outcomeOf);
}

/**
 * Add a version (`added`), or, when the report says what the current version says (a retried request), keep that one.
 * Two reports at once: the second takes the next version number.
 */
export async function reportOutcome(
  store: StoreAccess,
  t: OutcomeTransfer,
  report: OutcomeReport,
  by: TransferOutcome['reportedBy'],
  at: Date,
): Promise<{ outcome: TransferOutcome; added: boolean }> {
  for (let attempt = 0; ; attempt++) {
    const current = (await outcomeVersions(store, t.caseId, t.transferId)).pop();
    if (current && same(current, report)) return { outcome: current, added: false };
    const row = {
      case_id: t.caseId,
      transfer_id: t.transferId,
      version: (current?.version ?? 0) + 1,
      case_kind: t.caseKind,
      year: t.year,
      unit_code: t.unit.code,
      unit_name: t.unit.name,
      recipient: t.recipient,
      recipient_unit: t.recipientUnit,
      stage: report.stage,
      disciplined: report.disciplined,
      held_accountable: report.heldAccountable,
      prosecuted: report.prosecuted ?? null,
      note: report.note ?? null,
      reported_at: at,
      reported_by: JSON.stringify(by),
    };
    try {
      const written = await store.run(() =>
        store.db.insertInto('transfer_outcomes').values(row).returningAll().executeTakeFirstOrThrow(),
      );
      return { outcome: outcomeOf(written), added: true };
    } catch (err) {
      // Another report took this version number first: read again and take the next.
      if ((err as { code?: string }).code !== '23505' || attempt >= 3) throw err;
    }
  }
}

/**
 * The current outcome of each reported transfer, by case and transfer: of a year's cases, of a receiving body's
 * transfers (`recipientUnit`), or of the cases named (`caseIds`). At most `limit`.
 */
export async function currentOutcomes(
  store: StoreAccess,
  filter: { year?: number; recipientUnit?: string; caseIds?: string[] },
  limit = 5000,
): Promise<TransferOutcome[]> {
  if (filter.caseIds && !filter.caseIds.length) return [];
  const rows = await store.run(() =>
    store.db
      .selectFrom('transfer_outcomes')
      .distinctOn(['case_id', 'transfer_id'])
      .selectAll()
      .$if(filter.year !== undefined, (q) => q.where('year', '=', filter.year!))
      .$if(filter.recipientUnit !== undefined, (q) => q.where('recipient_unit', '=', filter.recipientUnit!))
      .$if(filter.caseIds !== undefined, (q) => q.where('case_id', 'in', filter.caseIds!))
      .orderBy('case_id')
      .orderBy('transfer_id')
      .orderBy('version', 'desc')
      .limit(limit)
      .execute(),
  );
  return rows.map(outcomeOf);
}

/** The figures of the cases named: their current outcomes summed, and how many were ever at 立案. One query each. */
export async function outcomeSummary(store: StoreAccess, caseIds: string[]): Promise<OutcomeSummary> {
  const current = await currentOutcomes(store, { caseIds });
  const filed = caseIds.length
    ? await store.run(() =>
        store.db
          .selectFrom('transfer_outcomes')
          .select(['case_id', 'transfer_id'])
          .distinct()
          .where('case_id', 'in', caseIds)
          .where('stage', '=', 'case-filed')
          .execute(),
      )
    : [];
  const sum = (of: (o: TransferOutcome) => number) => current.reduce((n, o) => n + of(o), 0);
  return {
    reported: current.length,
    caseFiled: filed.length,
    disciplined: sum((o) => o.disciplined),
    heldAccountable: sum((o) => o.heldAccountable),
    prosecuted: sum((o) => o.prosecuted ?? 0),
  };
}
