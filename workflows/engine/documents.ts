/**
 * What the official documents (公文) of every kind share, pure: a case's document as the API lists it (`CaseDocument`),
 * the leading group's mark and office, the date a document bears, and a document the leading group issues. Each kind
 * builds its documents from its record in `workflows/<kind>/documents.ts`; lib/documents numbers, renders and serves
 * them (the model, `OfficialDocument`, is lib/documents/official-document.ts).
 */
import type { Block, OfficialDocument } from '../../lib/documents/official-document';
import { chineseDate } from './texts';

/** The series of document numbers (发文字号), one sequence per series and year. */
export const numberSeries = ['request', 'report', 'notice', 'circular', 'letter'] as const;
export type NumberSeries = (typeof numberSeries)[number];

export interface CaseDocument {
  /** Within the case: `proposal`, `report`, `request-1`. */
  key: string;
  /** 请示, 报告 … as people call it. */
  kind: string;
  title: string;
  /** The record's section whose readers may read the document. */
  section: string;
  /** One item of that section (a transfer): readable only by whoever sees that item (its receiving body). */
  item?: { id: number };
  /** Its number series; absent: the document carries no number (a group's report to the leading group). */
  series?: NumberSeries;
  /** When it was issued (ISO); the number's year is that of this day in Beijing time. */
  issuedAt: string;
  /** Drafted and not yet signed: no number, and it says so at its head. */
  draft?: boolean;
  build(number: string | undefined): OfficialDocument;
}

export const leadingGroup = '山西省脱贫攻坚领导小组';
export const office = `${leadingGroup}办公室`;
const mark = `${leadingGroup}文件`;

/**
 * What every document of the leading group shares: issued under its mark (版头), with its number once it has one,
 * printed by the office; a draft says so.
 */
export const underMark = (number: string | undefined, draft = false) => ({
  issuer: leadingGroup,
  mark,
  ...(number ? { number } : {}),
  printer: office,
  draft,
});

/** `领导小组 赵强` → `赵强`: the person's name as a signer (a token's display name may carry the body first). */
export const personOf = (name: string) => name.replace(/^.*\s/, '');

/**
 * Beijing time, the cases' time zone (lib/calendar's `caseTimeZone`, Asia/Shanghai): UTC+8 all year, without daylight
 * saving since 1991, so the day of an instant is arithmetic and needs no time-zone library here.
 */
const beijing = 8 * 60 * 60 * 1000;

/** `2026-11-27`: the day of an instant in Beijing time (a bare date is that day); undefined when `at` is no date. */
export function documentDay(at: string): string | undefined {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? undefined : new Date(ms + beijing).toISOString().slice(0, 10);
}

/** `2026年11月27日`: the date (成文日期) of a document issued at an instant, its day in Beijing time. */
export const documentDate = (at: string) => chineseDate(documentDay(at) ?? at);

/**
 * A document the leading group issues (under its mark, unless a letter 函): its listing and its content from one
 * description, so title, date and signer are written once.
 */
export function issuedDocument(o: {
  key: string;
  kind: string;
  title: string;
  section: string;
  item?: { id: number };
  series: NumberSeries;
  at: string;
  letter?: boolean;
  /** The signer's display name (签发人), for a document to a superior. */
  signer?: string | undefined;
  addressee: string;
  body: Block[];
}): CaseDocument {
  return {
    key: o.key,
    kind: o.kind,
    title: o.title,
    section: o.section,
    ...(o.item ? { item: o.item } : {}),
    series: o.series,
    issuedAt: o.at,
    build: (number) => ({
      ...underMark(number),
      ...(o.letter ? { mark: undefined } : {}),
      ...(o.signer ? { signer: personOf(o.signer) } : {}),
      title: o.title,
      addressee: o.addressee,
      body: o.body,
      date: documentDate(o.at),
    }),
  };
}

const cell = (s: string | number) => String(s).replace(/\|/g, '／').replace(/\n/g, ' ');

/**
 * A table (its first row the head) of texts and counts. A cell holds no `|` (it reads ／) and no line break, so the
 * Markdown a report is drafted as (lib/documents/markdown.ts) keeps it a table.
 */
export const table = (head: string[], rows: Array<Array<string | number>>): Block => ({
  table: [head, ...rows].map((row) => row.map(cell)),
});
