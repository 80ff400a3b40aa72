/**
 * A case's official documents (公文): which exist at the stage it has reached, the section of the record each belongs
 * to (whoever may see that section may see the document: docs/need-to-know.md), its kind of number (发文字号), and its
 * content as an `OfficialDocument` (lib/documents/official-document.ts). Each kind builds its own, pure, in
 * `workflows/<kind>/documents.ts`; here are the number formats, the issuing of a number (store I/O) and the dispatch.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import type { CaseDocument, NumberSeries } from '../../workflows/engine/documents';
import { numberSeries } from '../../workflows/engine/documents';
import { kinds } from '../../workflows/kinds';
import type { KindRegistry } from '../../workflows/engine/kind';
import type { CaseRecord } from '../../workflows/engine/record';
import { caseTimeZone } from '../calendar/calendar';
import type { CaseStore } from '../store/case-store';
import type { OfficialDocument } from './official-document';

export type { CaseDocument, NumberSeries } from '../../workflows/engine/documents';
export { numberSeries } from '../../workflows/engine/documents';

/** SHA-256 of what a document says (all but its number): what the store records when the document is issued. */
export function contentHash(doc: OfficialDocument): string {
  const { issuer, title, addressee, body, attachments, date } = doc;
  return createHash('sha256')
    .update(JSON.stringify({ issuer, title, addressee, body, attachments, date }))
    .digest('hex');
}

/** Defaults (ours); `DOCUMENT_NUMBERS_FILE` may set others: `{"request": "晋脱贫请〔{year}〕{n}号"}`. */
export const defaultNumberFormats: Record<NumberSeries, string> = {
  request: '晋脱贫请〔{year}〕{n}号',
  report: '晋脱贫报〔{year}〕{n}号',
  notice: '晋脱贫发〔{year}〕{n}号',
  circular: '晋脱贫通〔{year}〕{n}号',
  letter: '晋脱贫函〔{year}〕{n}号',
};
export const formatNumber = (format: string, year: number, n: number) =>
  format.replace('{year}', String(year)).replace('{n}', String(n));

let loaded: { file: string | undefined; formats: Record<NumberSeries, string> } | undefined;

/** The number formats: the defaults, overlaid with `DOCUMENT_NUMBERS_FILE` (each must hold {year} and {n}). */
export function numberFormats(file: string | undefined): Record<NumberSeries, string> {
  if (loaded && loaded.file === file) return loaded.formats;
  let merged = defaultNumberFormats;
  if (file) {
    const given = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const problems = Object.entries(given).flatMap(([series, format]) =>
      !numberSeries.includes(series as NumberSeries)
        ? [`${file}: unknown series "${series}" (known: ${numberSeries.join(', ')})`]
        : typeof format !== 'string' || !format.includes('{year}') || !format.includes('{n}')
          ? [`${file}: ${series} must be a text with {year} and {n}`]
          : [],
    );
    if (problems.length) throw new Error(problems.join('\n'));
    merged = { ...defaultNumberFormats, ...(given as Partial<Record<NumberSeries, string>>) };
  }
  loaded = { file, formats: merged };
  return merged;
}

/**
 * The number of an issued document of `owner` (a case, a round, a yearly report), given once and kept in the store, and
 * the SHA-256 of its content as the store recorded it when the number was given (a signed document is frozen). The
 * formats are `DOCUMENT_NUMBERS_FILE`'s (`numberFormats`). It gives a number: only what issues a document calls it (the
 * store writes, lib/documents/numbers.ts; the sending of award materials), never a reader (issue 30 item 8).
 */
export async function issueDocument(
  store: Pick<CaseStore, 'documentNumber'>,
  formats: Record<NumberSeries, string>,
  o: { owner: string; key: string; series: NumberSeries; issuedAt: string },
  build: (number: string | undefined) => OfficialDocument,
): Promise<{ doc: OfficialDocument; number: string; sha256: string }> {
  const year = documentYear(o.issuedAt);
  const given = await store.documentNumber(
    { owner: o.owner, key: o.key, series: o.series, year, sha256: contentHash(build(undefined)) },
    (n) => formatNumber(formats[o.series], year, n),
  );
  return { doc: build(given.number), ...given };
}

/** The year of a document's number: that of the day it was issued, in Beijing time. */
export const documentYear = (at: string) => DateTime.fromISO(at).setZone(caseTimeZone).year;

/** The documents of any record (a public report has none). */
export function caseDocuments(r: CaseRecord, registry: KindRegistry = kinds): CaseDocument[] {
  return registry.get(r.kind)?.documents?.(r) ?? [];
}
