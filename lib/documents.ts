/**
 * A case's official documents (公文), built from its record: which exist at the stage it has reached, the section of the
 * record each belongs to (whoever may see that section may see the document: docs/need-to-know.md), its kind of
 * number (发文字号), and its content as an `OfficialDocument` (lib/official-document.ts).
 */
import type { OfficialDocument } from './official-document';
import { groundsSourceLabels, patrolKeyProblems } from '../workflows/domain';
import type { PatrolCaseRecord } from '../workflows/patrol/contract';
import type { CaseRecord } from '../workflows/shared/record';
import { chineseDate, chineseNumber, keyItemCitation, partyOrgan } from '../workflows/shared/texts';
import { DateTime } from 'luxon';
import { caseTimeZone } from './calendar';

/** The series of document numbers (发文字号), one sequence per series and year. */
export const numberSeries = ['request', 'report', 'notice', 'circular', 'letter'] as const;
export type NumberSeries = (typeof numberSeries)[number];
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

export interface CaseDocument {
  /** Within the case: `proposal`, `report`, `request-1`. */
  key: string;
  /** 请示, 报告 … as people call it. */
  kind: string;
  title: string;
  /** The record's section whose readers may read the document. */
  section: string;
  /** Its number series; absent: the document carries no number (a group's report to the leading group). */
  series?: NumberSeries;
  /** When it was issued (ISO); the number's year is that of this day in Beijing time. */
  issuedAt: string;
  build(number: string | undefined): OfficialDocument;
}

const leadingGroup = '山西省脱贫攻坚领导小组';
const office = '山西省脱贫攻坚领导小组办公室';
const mark = `${leadingGroup}文件`;
/** `2026年11月27日`: the day of an instant in Beijing time. */
export const documentDate = (at: string) => chineseDate(DateTime.fromISO(at).setZone(caseTimeZone).toISODate()!);
export const documentYear = (at: string) => DateTime.fromISO(at).setZone(caseTimeZone).year;

/** Art. 12, 15, 16: the proposal, the group's report, and each request for instructions of a patrol. */
export function patrolDocuments(r: PatrolCaseRecord): CaseDocument[] {
  const unit = r.targetUnit.name;
  const docs: CaseDocument[] = [];
  const proposed = r.events.find((e) => e.action === 'proposed');
  if (proposed) {
    docs.push({
      key: 'proposal',
      kind: '请示',
      title: `关于对${unit}开展巡查的请示`,
      section: 'grounds',
      series: 'request',
      issuedAt: proposed.at,
      build: (number) => ({
        issuer: leadingGroup,
        mark,
        ...(number ? { number } : {}),
        ...(proposed.by?.name ? { signer: proposed.by.name.replace(/^.*\s/, '') } : {}),
        title: `关于对${unit}开展巡查的请示`,
        addressee: '省委、省政府',
        body: [
          {
            text: `根据《山西省脱贫攻坚督查巡查工作办法》第十二条规定，省脱贫攻坚领导小组拟对${unit}开展巡查。现将有关情况请示如下：`,
          },
          { heading: 1, text: '巡查依据' },
          {
            text: `省脱贫攻坚领导小组掌握的情况来源于${r.grounds.sources.map((s) => groundsSourceLabels[s]).join('、')}。${r.grounds.summary}`,
          },
          ...(r.citedReports?.length
            ? [{ text: `所依据的群众举报${r.citedReports.length}件，举报人信息依规保密。` }]
            : []),
          { heading: 1, text: '巡查重点' },
          { text: '按照第十四条规定，重点巡查以下问题：' },
          ...Object.values(patrolKeyProblems).map((p) => ({ heading: 2 as const, text: `${p}。` })),
          { heading: 1, text: '巡查方式' },
          {
            text: `巡查组实行组长负责制，组长由厅级领导干部担任，成员从有关单位和地方抽调。巡查组进驻${unit}开展工作，对群众反映强烈、明显违反政策规定、需要及时处理的问题，当即向${partyOrgan(r.targetUnit)}提出处理建议；巡查结束后形成书面报告，提出处理意见。`,
          },
          { text: '妥否，请批示。' },
        ],
        date: documentDate(proposed.at),
        printer: office,
        draft: false,
      }),
    });
  }
  const report = r.report;
  if (report) {
    const byProblem = new Map<number, string[]>();
    for (const f of r.findings) byProblem.set(f.keyItem, [...(byProblem.get(f.keyItem) ?? []), f.summary]);
    docs.push({
      key: 'report',
      kind: '报告',
      title: `关于对${unit}巡查情况的报告`,
      section: 'report',
      issuedAt: report.at,
      build: () => ({
        issuer: `省脱贫攻坚领导小组巡查组（组长${r.group?.leader.name ?? ''}）`,
        title: `关于对${unit}巡查情况的报告`,
        addressee: '省脱贫攻坚领导小组',
        body: [
          { text: `根据省委、省政府批准，巡查组对${unit}开展了巡查。现将巡查情况报告如下：` },
          { heading: 1, text: '基本情况' },
          { text: report.situation },
          { heading: 1, text: '发现的主要问题' },
          { text: report.problems },
          ...[...byProblem.entries()]
            .sort(([a], [b]) => a - b)
            .flatMap(([item, summaries]) => [
              { heading: 2 as const, text: `${keyItemCitation(14, item)}所列问题（${summaries.length}个）` },
              ...summaries.map((s) => ({ heading: 3 as const, text: s })),
            ]),
          ...(r.suggestions.length
            ? [
                { heading: 1 as const, text: '现场处理建议及办理情况' },
                ...r.suggestions.map((s) => ({
                  heading: 2 as const,
                  text: `${s.summary}${s.answer ? `（已答复：${s.answer.text}）` : '（尚未答复）'}`,
                })),
              ]
            : []),
          { heading: 1, text: '处理意见' },
          ...report.opinions.flatMap((o) => [{ heading: 2 as const, text: o.text }, { text: `依据：${o.basis}` }]),
          { text: '特此报告。' },
        ],
        date: documentDate(report.at),
        printer: office,
        draft: false,
      }),
    });
  }
  r.requests.forEach((q, i) => {
    const n = i + 1;
    const title = `关于对${unit}巡查情况及处理意见的请示${n > 1 ? `（第${chineseNumber(n)}次）` : ''}`;
    docs.push({
      key: `request-${n}`,
      kind: '请示',
      title,
      section: 'requests',
      series: 'request',
      issuedAt: q.at,
      build: (number) => ({
        issuer: leadingGroup,
        mark,
        ...(number ? { number } : {}),
        ...(q.by.name ? { signer: q.by.name.replace(/^.*\s/, '') } : {}),
        title,
        addressee: '省委、省政府',
        body: [
          {
            text: `按照第十六条第（一）项规定，省脱贫攻坚领导小组对${unit}巡查报告进行了研究。现将有关情况及处理意见请示如下：`,
          },
          { heading: 1, text: '巡查基本情况' },
          { text: report?.situation ?? '' },
          { heading: 1, text: '领导小组研究意见' },
          { text: q.summary },
          ...(report?.opinions.length
            ? [
                { heading: 1 as const, text: '处理意见' },
                ...report.opinions.map((o) => ({ heading: 2 as const, text: o.text })),
              ]
            : []),
          { text: '妥否，请批示。' },
        ],
        date: documentDate(q.at),
        printer: office,
        draft: false,
      }),
    });
  });
  return docs;
}

/** The documents of any record (kinds without documents yet have none). */
export function caseDocuments(r: CaseRecord): CaseDocument[] {
  return r.kind === 'patrol' ? patrolDocuments(r as PatrolCaseRecord) : [];
}
