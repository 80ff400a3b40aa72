/**
 * Document numbers (发文字号) are given when a document is issued or signed, never when it is read (issue 30 item 8):
 * a reader's request, or a link on another site that makes a browser ask, must not decide the order of the numbers.
 * The case store's writes (activities/store.ts) number what a record has issued; the routes only read the number.
 * The documents of plans, rounds and yearly reports are described here, so the writer and the reader build, and hash,
 * the same content.
 */
import type { AwardRoundRecord } from '../../workflows/award-round/contract';
import type { CaseDocument } from '../../workflows/engine/documents';
import { documentDate } from '../../workflows/engine/documents';
import type { CaseRecord } from '../../workflows/engine/record';
import { ids } from '../../workflows/ids';
import type { YearlyReport } from '../../workflows/patrol-rectification-report/contract';
import type { AnnualPlanRecord } from '../../workflows/supervision-plan/contract';
import { YearSchema } from '../../workflows/supervision-plan/contract';
import { planDocuments } from '../../workflows/supervision-plan/documents';
import type { RoundProgress, RoundReport, RoundReportKind } from '../../workflows/supervision-round/contract';
import { roundReportRecipients } from '../../workflows/supervision-round/documents';
import type { CaseStore } from '../store/case-store';
import { issuedAwardMaterials } from './award-documents';
import type { NumberSeries } from './case-documents';
import { caseDocuments, issueDocument } from './case-documents';
import { parseMarkdown } from './markdown';
import type { OfficialDocument } from './official-document';
import type { StoredReport } from './reports';
import { readReport, reportDocument } from './reports';

/** A document that carries a number once issued: where the number is kept, its series, when it was issued. */
export interface NumberedDocument {
  owner: string;
  key: string;
  series: NumberSeries;
  /** When it was issued (ISO); the number's year is that of this day in Beijing time. */
  issuedAt: string;
  /** Drafted, not yet signed: no number, and it says so at its head. */
  draft: boolean;
  build(number: string | undefined): OfficialDocument;
}

/** A case's issued documents (lib/documents/case-documents.ts): those with a series, signed (a draft report up is not). */
export function issuedCaseDocuments(record: CaseRecord): NumberedDocument[] {
  return caseDocuments(record).flatMap((d) =>
    d.series && !d.draft
      ? [
          {
            owner: record.caseId,
            key: d.key,
            series: d.series,
            issuedAt: d.issuedAt,
            draft: false,
            build: (n) => d.build(n),
          },
        ]
      : [],
  );
}

/** Art. 6: the year's plan as the leading group's report to the committee; a draft until approved. */
export function planReport(plan: AnnualPlanRecord, unitName: (code: string) => string): NumberedDocument {
  const [d] = planDocuments(plan, unitName) as [CaseDocument];
  return {
    owner: plan.planId,
    key: d.key,
    series: 'report',
    issuedAt: d.issuedAt,
    draft: d.draft ?? false,
    build: (number) => d.build(number),
  };
}

/** A stored report as its model: a bare text (Markdown) is read as a person's text is. */
const modelOf = (report: StoredReport | string) => (typeof report === 'string' ? parseMarkdown(report) : report.model);

/**
 * Art. 11: a round's report (`entry` on the round's record) from its stored version (lib/documents/reports.ts), as
 * signed (`final`) or as drafted.
 */
export function roundReport(
  roundId: string,
  kind: RoundReportKind,
  entry: RoundReport | undefined,
  report: StoredReport | string,
  final: boolean,
): NumberedDocument {
  const issuedAt = entry?.signed?.at ?? entry?.at ?? new Date().toISOString();
  const model = modelOf(report);
  return {
    owner: roundId,
    key: kind,
    series: 'report',
    issuedAt,
    draft: !final,
    build: (number) =>
      reportDocument(model, {
        addressee: roundReportRecipients[kind],
        number,
        signer: final ? entry?.signed?.by.name : undefined,
        date: documentDate(issuedAt),
        draft: !final,
      }),
  };
}

/** Art. 16 (3): the year's patrol rectification report from its stored version, as signed (`final`) or as drafted. */
export function yearlyReport(state: YearlyReport, report: StoredReport | string, final: boolean): NumberedDocument {
  const issuedAt = state.signed?.at ?? state.at;
  const model = modelOf(report);
  return {
    owner: state.reportId,
    key: 'report',
    series: 'report',
    issuedAt,
    draft: !final,
    build: (number) =>
      reportDocument(model, {
        addressee: '省委、省政府',
        number,
        signer: final ? state.signed?.by.name : undefined,
        date: documentDate(issuedAt),
        draft: !final,
      }),
  };
}

/**
 * A round's signed reports (one from before sign-off went up as drafted), as the store holds them: the drafted model, or
 * the model of the text the leading group edited.
 */
export async function issuedRoundReports(
  store: Pick<CaseStore, 'report'>,
  progress: RoundProgress,
  numbered: ReadonlySet<string> = new Set(),
): Promise<NumberedDocument[]> {
  const docs: NumberedDocument[] = [];
  for (const entry of progress.reports) {
    // Not signed, or numbered already: its text is not read again.
    if ((entry.status && entry.status !== 'signed') || numbered.has(entry.kind)) continue;
    const stored = await readReport(store, progress.roundId, entry.signed?.version ?? entry.kind);
    if (stored) docs.push(roundReport(progress.roundId, entry.kind, entry, stored, true));
  }
  return docs;
}

/** The year's patrol rectification report once signed, as signed (the drafted model, or the edited text's). */
export async function issuedYearlyReport(
  store: Pick<CaseStore, 'report'>,
  state: YearlyReport,
  numbered: ReadonlySet<string> = new Set(),
): Promise<NumberedDocument[]> {
  if (!state.signed || numbered.has('report')) return [];
  const stored = await readReport(store, state.reportId, state.signed.version);
  return stored ? [yearlyReport(state, stored, true)] : [];
}

/**
 * Give each issued document that has no number yet the next of its series and year, in the order they were issued,
 * recording the SHA-256 of its content. Drafts are left alone. Idempotent: run again, it gives nothing twice.
 * Returns how many it numbered.
 */
export async function numberIssued(
  store: Pick<CaseStore, 'numberedKeys' | 'documentNumber'>,
  formats: Record<NumberSeries, string>,
  docs: NumberedDocument[],
): Promise<number> {
  let numbered = 0;
  const given = new Map<string, Set<string>>();
  const issued = docs.filter((d) => !d.draft).sort((a, b) => a.issuedAt.localeCompare(b.issuedAt));
  for (const d of issued) {
    if (!given.has(d.owner)) given.set(d.owner, await store.numberedKeys(d.owner));
    if (given.get(d.owner)!.has(d.key)) continue;
    await issueDocument(store, formats, d, (n) => d.build(n));
    numbered++;
  }
  return numbered;
}

/**
 * A document as a reader gets it: with the number it was given and the hash recorded then. Never gives a number: an
 * issued document the store has not numbered (issued before numbers were given at issuance, or a read between the
 * signature and the store write that numbers it) is served without one, `awaitingNumber`, until a store write or
 * `npm run store:rebuild` numbers it in the order of issuance.
 */
export async function readNumbered(
  store: Pick<CaseStore, 'givenNumber'>,
  d: NumberedDocument,
): Promise<{ doc: OfficialDocument; number?: string; sha256?: string; awaitingNumber: boolean }> {
  const given = d.draft ? undefined : await store.givenNumber(d.owner, d.key);
  if (!given) return { doc: d.build(undefined), awaitingNumber: !d.draft };
  return {
    doc: d.build(given.number),
    number: given.number,
    ...(given.sha256 ? { sha256: given.sha256 } : {}),
    awaitingNumber: false,
  };
}

/**
 * Number every issued document in the store that has none, oldest issue first: cases, award rounds, plans, rounds and
 * yearly reports. Documents issued before numbers were given at issuance were numbered on their first reading, and
 * some never were; `npm run store:rebuild` (lib/store/rebuild.ts) calls this. Returns how many it numbered.
 */
export async function numberStoredDocuments(
  store: CaseStore,
  formats: Record<NumberSeries, string>,
  unitName: (code: string) => string,
): Promise<number> {
  const docs: NumberedDocument[] = [];
  const page = 500;
  for (const kind of ['cases', 'award-round'] as const) {
    for (let offset = 0; ; offset += page) {
      const rows = await store.listCases({
        ...(kind === 'award-round' ? { kind } : {}),
        withRecord: true,
        limit: page,
        offset,
      });
      for (const { record } of rows) {
        if (!record) continue;
        docs.push(
          ...(kind === 'award-round'
            ? await issuedAwardMaterials(store, record as AwardRoundRecord)
            : issuedCaseDocuments(record)),
        );
      }
      if (rows.length < page) break;
    }
  }
  for (let year = YearSchema.minimum!; year <= YearSchema.maximum!; year++) {
    const plan = (await store.plan(ids.plan(year))) as AnnualPlanRecord | undefined;
    if (plan) docs.push(planReport(plan, unitName));
    for (const roundId of await store.roundIds(year)) {
      const progress = (await store.roundState(roundId)) as RoundProgress | undefined;
      if (progress) docs.push(...(await issuedRoundReports(store, progress)));
    }
    const state = (await store.yearlyReport(ids.patrolRectificationReport(year))) as YearlyReport | undefined;
    if (state) docs.push(...(await issuedYearlyReport(store, state)));
  }
  return numberIssued(store, formats, docs);
}
