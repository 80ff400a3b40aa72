/**
 * The year's report to the national leading group (开展督查工作情况, issue 34): one a year, over every comprehensive
 * round and every special supervision of the year, drafted on the office's request from the case store, signed by the
 * leading group and filed by the office. Pure (workflows/engine/documents.ts), like the round's reports.
 */
import type { Block, DocumentContent } from '../../lib/documents/official-document';
import { documentDate, table } from '../engine/documents';
import { chineseNumber } from '../engine/texts';
import { supervisionStageLabels } from '../supervision/stages';
import type { CaseProgress } from './contract';
import type { ProblemSummary } from '../../lib/store/problem-statistics';
import { ledgerBlocks } from '../common-steps/problem-figures';

export const nationalReportTitle = (year: number) => `关于山西省${year}年度脱贫攻坚督查工作情况的报告`;
export const nationalReportRecipient = '国务院扶贫开发领导小组';
/** The year's report's workflow and owner in the case store. */
export const nationalReportId = (year: number) => `national-report-${year}`;

export interface NationalReportData {
  year: number;
  /** Every comprehensive round of the year that started, first to last, with its cases' progress. */
  rounds: Array<{ n: number; crossInspection: boolean; reason?: string | undefined; cases: CaseProgress[] }>;
  /** Every special supervision of the year (Art. 6, 8): its topic and its case's progress. */
  specials: Array<{ topic: string; progress: CaseProgress }>;
  /** ISO instant the report is dated. */
  at: string;
  /** The problems of the year's supervisions in the ledger (问题整改台账, issue 35; read from the store). */
  ledger?: ProblemSummary;
}

const findings = (c: CaseProgress) =>
  Object.values(c.findingsByContent).reduce((a, b) => a + b, 0) + (c.findingsOther ?? 0);
const finished = (c: CaseProgress) => c.stage === 'closed' || c.stage === 'rejected';
const sum = (cases: CaseProgress[], f: (c: CaseProgress) => number) => cases.reduce((a, c) => a + f(c), 0);

/** What a set of cases came to, in one sentence. */
function outcome(cases: CaseProgress[]): string {
  const open = cases.filter((c) => !finished(c));
  return `发现问题${sum(cases, findings)}个，提出整改要求${sum(cases, (c) => c.rectificationRequirements.length)}条；已办结${cases.length - open.length}个，${
    open.length ? `尚未整改到位${open.length}个（${open.map((c) => c.unit.name).join('、')}）` : '均已整改到位'
  }。`;
}

/** The year's report to the national leading group: the rounds, the special supervisions, and where rectification stands. */
export function nationalReportModel(d: NationalReportData): DocumentContent {
  const all = [...d.rounds.flatMap((r) => r.cases), ...d.specials.map((s) => s.progress)];
  const body: Block[] = [
    { heading: 1, text: '总体情况' },
    {
      text: `${d.year}年度，省脱贫攻坚领导小组开展综合督查${d.rounds.length}轮、专项督查${d.specials.length}项，共督查${all.length}个（次）单位。${
        all.length ? outcome(all) : ''
      }`,
    },
    ...ledgerBlocks(d.ledger, '本年度督查', false),
    { heading: 1, text: '综合督查' },
    ...(d.rounds.length
      ? d.rounds.map((r) => ({
          text: `${r.n > 1 ? `第${chineseNumber(r.n)}轮` : '年度'}综合督查${r.reason ? `（${r.reason}）` : ''}：对${r.cases.length}个单位开展督查${
            r.crossInspection ? '，市级之间交叉督查' : ''
          }，${outcome(r.cases)}`,
        }))
      : [{ text: '本年度未开展综合督查。' }]),
    { heading: 1, text: '专项督查' },
    ...(d.specials.length
      ? [
          table(
            ['专项督查', '被督查单位', '阶段', '发现问题', '整改要求'],
            d.specials.map((s) => [
              s.topic,
              s.progress.unit.name,
              supervisionStageLabels[s.progress.stage],
              findings(s.progress),
              s.progress.rectificationRequirements.length,
            ]),
          ),
        ]
      : [{ text: '本年度未开展专项督查。' }]),
  ];
  return {
    title: nationalReportTitle(d.year),
    addressee: nationalReportRecipient,
    particulars: [
      { label: '报告单位', value: '省脱贫攻坚领导小组' },
      { label: '日期', value: documentDate(d.at) },
    ],
    body,
  };
}
