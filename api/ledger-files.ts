/**
 * The ledger's exports (问题整改台账, issue 35): the office's usual columns, in its order, as CSV (UTF-8 with BOM, so
 * that Excel and WPS open the Chinese) and as .xlsx (exceljs). A discipline body's export has no progress column text,
 * as its view of a problem has no progress.
 */
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { caseIdentity } from '../lib/documents/case-identity';
import type { ProblemRow } from '../lib/store/case-store';
import { problemSources, problemTermKinds } from '../workflows/domain';
import { chineseDate, localToday } from '../workflows/engine/texts';
import { problemStageLabels } from '../workflows/problem/contract';

export const ledgerColumns = [
  '序号',
  '问题来源',
  '来源督查巡查',
  '年度',
  '依据条款',
  '责任单位',
  '所属市',
  '责任人',
  '问题描述（整改要求）',
  '整改时限类型',
  '整改时限',
  '整改进展',
  '追回资金（元）',
  '问责人数',
  '建章立制（项）',
  '状态',
  '销号时间',
  '反弹次数',
] as const;

/** The date in Beijing of an instant, as officials write it. */
const dateOf = (instant: string | undefined) => (instant ? chineseDate(localToday(Date.parse(instant))) : '');

/** What the 整改时限 column says: the date set, the open term's end, or how often a long-term problem reports. */
export function termText(r: ProblemRow): string {
  if (r.termKind === 'dated') return r.termDueDate ? chineseDate(r.termDueDate) : dateOf(r.dueAt);
  if (r.termKind === 'long-term') {
    const every = `每${r.termEveryMonths ?? 3}个月报告一次整改进展`;
    return r.dueAt ? `${every}（下次${dateOf(r.dueAt)}前）` : every;
  }
  return dateOf(r.dueAt);
}

/** The case a problem came from as people name it (`晋脱贫巡〔2026〕太原市7号`), never its machine id. */
function sourceName(r: ProblemRow): string {
  const source = caseIdentity(r.sourceCase, r.unit.name);
  return source.reference ?? source.title;
}

/** The rows of the export: the header, then one line a problem (numbers stay numbers). */
export function ledgerLines(
  rows: ProblemRow[],
  unitName: (code: string) => string | undefined,
  withProgress: boolean,
): Array<Array<string | number>> {
  return [
    [...ledgerColumns],
    ...rows.map((r, i) => [
      i + 1,
      problemSources[r.sourceKind] ?? r.sourceKind,
      sourceName(r),
      r.year,
      r.article,
      r.unit.name,
      r.cityCode ? (unitName(r.cityCode) ?? r.cityCode) : '',
      r.responsible ? `${r.responsible.person}${r.responsible.post ? `（${r.responsible.post}）` : ''}` : '',
      r.requirement,
      problemTermKinds[r.termKind] ?? r.termKind,
      termText(r),
      withProgress ? (r.lastProgress?.what ?? '') : '',
      r.figures.recoveredYuan,
      r.figures.heldAccountable,
      r.figures.rulesMade,
      `${problemStageLabels[r.state] ?? r.state}${r.overdue ? '（逾期）' : ''}`,
      dateOf(r.struckOffAt),
      r.reopened,
    ]),
  ];
}

/**
 * CSV with a BOM; a cell that starts with = + - @ is prefixed with ' so that a spreadsheet shows it and never runs it
 * (OWASP CSV injection).
 */
export const ledgerCsv = (lines: Array<Array<string | number>>): string =>
  stringify(lines, { bom: true, escape_formulas: true });

/** The same as .xlsx: one sheet, the header bold and frozen, texts as texts (never formulas), numbers as numbers. */
export async function ledgerXlsx(lines: Array<Array<string | number>>, title: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = '督查巡查工作系统';
  const sheet = book.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 1 }] });
  // exceljs writes a string cell as a string, even one that starts with "=" (a formula is only an object it is given).
  for (const line of lines) sheet.addRow(line);
  sheet.getRow(1).font = { bold: true };
  const widths = [6, 10, 32, 6, 18, 14, 10, 16, 48, 12, 24, 40, 14, 10, 12, 14, 16, 10];
  widths.forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  sheet.getColumn(9).alignment = { wrapText: true, vertical: 'top' };
  sheet.getColumn(12).alignment = { wrapText: true, vertical: 'top' };
  sheet.getColumn(13).numFmt = '#,##0.00';
  return Buffer.from(await book.xlsx.writeBuffer());
}
