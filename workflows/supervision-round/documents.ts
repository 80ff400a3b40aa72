/**
 * The round's reports (Art. 11) as document models: the consolidated report to the committee when the round's field
 * work is done, the rectification report when rectification is in, the year's report to the national leading group.
 * Pure (workflows/engine/documents.ts); lib/documents/reports.ts stores each model with its Markdown, which the
 * leading group reads, may edit, and signs.
 */
import type { Block, DocumentContent } from '../../lib/documents/official-document';
import { supervisionKeyContents, supervisionStageLabels } from '../supervision/stages';
import { documentDate, table } from '../engine/documents';
import { chineseNumber } from '../engine/texts';
import type { SupervisionCaseRecord } from '../supervision/contract';
import { followedUpName } from '../supervision/texts';
import type { CaseProgress, RoundReportKind } from './contract';
import type { ProblemSummary } from '../../lib/store/problem-statistics';
import { ledgerBlocks } from '../common-steps/problem-figures';

/** What a round's reports and the next annual plan show of a follow-up visit (回头看). */
export interface FollowUpSummary {
  caseId: string;
  unit: { code: string; name: string };
  /** `2026年巡查`: the case it looked at again. */
  of: string;
  stage: string;
  closed: boolean;
  requirements: number;
  rectified: number;
  partly: number;
  notRectified: number;
}

/** A follow-up visit's record, summed up (the store's `followUps` answers the records). */
export function followUpSummary(r: SupervisionCaseRecord): FollowUpSummary {
  const f = r.followUp!;
  const count = (v: string) => (r.requirementChecks ?? []).filter((c) => c.verdict === v).length;
  return {
    caseId: r.caseId,
    unit: { code: r.targetUnit.code, name: r.targetUnit.name },
    of: followedUpName(f),
    stage: r.stageLabel,
    closed: r.closed,
    requirements: f.requirements.length,
    rectified: count('rectified'),
    partly: count('partly'),
    notRectified: count('not-rectified'),
  };
}

export interface RoundReportData {
  kind: RoundReportKind;
  roundId: string;
  year: number;
  cases: CaseProgress[];
  crossInspection: boolean;
  /** ISO instant the report is dated (workflow time). */
  at: string;
  /** A further round of the year (2, 3 …). */
  n?: number;
  /** A supplement (Art. 11 (3)): the units the rectification report listed as still rectifying (unit codes). */
  pending?: string[];
  /** The follow-up visits (回头看) scheduled in the round's year and the year before (read from the store). */
  followUps?: FollowUpSummary[];
  /** The problems of the round's cases in the ledger (问题整改台账, issue 35; read from the store). */
  ledger?: ProblemSummary;
}

const titles: Record<RoundReportKind, (year: number) => string> = {
  consolidated: (y) => `关于${y}年度全省脱贫攻坚综合督查情况的报告`,
  rectification: (y) => `关于${y}年度全省脱贫攻坚综合督查整改情况的报告`,
  national: (y) => `关于山西省${y}年度脱贫攻坚督查工作情况的报告`,
  supplement: (y) => `关于${y}年度全省脱贫攻坚综合督查整改情况的补充报告`,
};

/** To whom each report goes (报送). */
export const roundReportRecipients: Record<RoundReportKind, string> = {
  consolidated: '省委、省政府',
  rectification: '省委、省政府',
  national: '国务院扶贫开发领导小组',
  supplement: '省委、省政府',
};

/** A further round of the year (n ≥ 2) says which: `2026年度第二轮全省脱贫攻坚综合督查情况报告`. */
export function reportTitle(kind: RoundReportKind, year: number, n = 1): string {
  const title = titles[kind](year);
  return n > 1 ? title.replace(`${year}年度`, `${year}年度第${chineseNumber(n)}轮`) : title;
}

const names = (cases: CaseProgress[]) => cases.map((c) => c.unit.name).join('、');

/**
 * Art. 11 (3) 及时汇总: a rectification report that goes up at its date lists the units still rectifying (尚未整改到位)
 * and says a supplement follows; the supplement says how those units finished.
 */
function timeliness(d: RoundReportData, cases: CaseProgress[]): Block[] {
  if (d.kind === 'rectification') {
    const open = cases.filter((c) => c.stage === 'rectification');
    if (!open.length) return [];
    return [
      { heading: 1, text: '尚未整改到位的单位' },
      {
        text: `截至${documentDate(d.at)}，${names(open)}等${open.length}个单位尚未整改到位，领导小组将督促其按期完成整改，整改到位后另行补充报告。`,
      },
      ...open.map((c) => ({
        term: c.unit.name,
        item: `整改要求${c.rectificationRequirements.length}条，${
          c.rectificationLate === undefined ? '尚未反馈整改情况' : '已反馈整改情况，正在审核'
        }${c.overdue ? '（已逾期）' : ''}`,
      })),
    ];
  }
  if (d.kind === 'supplement') {
    const listed = cases.filter((c) => d.pending?.includes(c.unit.code));
    return [
      { heading: 1, text: '补充报告事项' },
      {
        text: `本轮综合督查整改情况报告报送时尚未整改到位的${listed.length}个单位（${names(listed)}），现已全部完成整改。`,
      },
      ...listed.map((c) => ({
        term: c.unit.name,
        item: `${supervisionStageLabels[c.stage]}，整改情况${c.rectificationLate ? '逾期' : '按期'}反馈${
          c.rectificationSentBack ? `，经审核退回重新整改${c.rectificationSentBack}项` : ''
        }`,
      })),
    ];
  }
  return [];
}

/** A report people read (Art. 11), with tables: who was supervised, what was found, commended, required, rectified. */
export function roundReportModel(d: RoundReportData): DocumentContent {
  const cases = [...d.cases].sort((a, b) => a.unit.code.localeCompare(b.unit.code));
  const contents = Object.entries(supervisionKeyContents);
  const totalFindings = (c: CaseProgress) =>
    Object.values(c.findingsByContent).reduce((a, b) => a + b, 0) + (c.findingsOther ?? 0);
  const commended = cases.filter((c) => c.commended);
  const demanded = cases.filter((c) => c.rectificationRequirements.length);
  const body: Block[] = [
    { heading: 1, text: '督查对象' },
    table(
      [
        '被督查单位',
        '阶段',
        d.crossInspection ? '交叉督查（检查方）' : '督查组',
        '发现问题',
        '通报表扬',
        '整改要求',
        '整改反馈',
      ],
      cases.map((c) => [
        c.unit.name,
        supervisionStageLabels[c.stage],
        c.inspectingCity ?? '领导小组成员单位',
        totalFindings(c),
        c.commended ? '是' : '—',
        c.rectificationRequirements.length ? `${c.rectificationRequirements.length}条` : '无',
        c.rectificationLate === undefined
          ? c.rectificationRequirements.length
            ? '未反馈'
            : '—'
          : c.rectificationLate
            ? '逾期反馈'
            : '按期反馈',
      ]),
    ),
    { heading: 1, text: '发现问题（按第九条督查重点内容）' },
    table(
      ['重点内容', ...cases.map((c) => c.unit.name), '合计'],
      contents
        .map(([n, label]) => {
          const counts = cases.map((c) => c.findingsByContent[n] ?? 0);
          return [`（${chineseNumber(Number(n))}）${label}`, ...counts, counts.reduce((a, b) => a + b, 0)];
        })
        .concat(
          cases.some((c) => c.findingsOther)
            ? [
                [
                  '其他（第九条所列以外）',
                  ...cases.map((c) => c.findingsOther ?? 0),
                  cases.reduce((a, c) => a + (c.findingsOther ?? 0), 0),
                ],
              ]
            : [],
        ),
    ),
    {
      text: `其中运用第三方评估成果（第五条）的发现${cases.reduce((a, c) => a + (c.findingsWithAssessment ?? 0), 0)}个。`,
    },
    { heading: 1, text: '通报表扬' },
    ...(commended.length ? commended.map((c) => ({ item: c.unit.name })) : [{ text: '本轮无通报表扬单位。' }]),
    { heading: 1, text: '整改要求' },
    ...(demanded.length
      ? demanded.map((c) => ({
          term: c.unit.name,
          item: c.rectificationRequirements.map((r, i) => `${i + 1}. ${r}`).join('；'),
        }))
      : [{ text: '本轮未提出整改要求。' }]),
  ];
  if (d.kind !== 'consolidated') {
    const late = cases.filter((c) => c.rectificationLate);
    body.push(
      { heading: 1, text: '整改情况' },
      {
        text: `应反馈整改情况${demanded.length}个单位，已反馈${cases.filter((c) => c.rectificationLate !== undefined).length}个，其中逾期反馈${late.length}个${late.length ? `（${late.map((c) => c.unit.name).join('、')}）` : ''}。`,
      },
    );
    body.push(...ledgerBlocks(d.ledger, '本轮综合督查', false));
    const sentBack = cases.filter((c) => c.rectificationSentBack);
    if (sentBack.length)
      body.push({
        text: `经领导小组逐项审核，退回重新整改${sentBack.reduce((a, c) => a + (c.rectificationSentBack ?? 0), 0)}项（${sentBack.map((c) => `${c.unit.name}${c.rectificationSentBack}项`).join('、')}）。`,
      });
  }
  body.push(...timeliness(d, cases));
  const visits = d.followUps ?? [];
  if (visits.length) {
    const checked = visits.filter((v) => v.rectified + v.partly + v.notRectified > 0);
    body.push(
      // Drafted without a number since the section came in (issue 13); the official document numbers it.
      { heading: 1, text: '回头看情况', unnumbered: true },
      { text: `领导小组对${visits.length}个已办结的督查、巡查开展回头看，已检查${checked.length}个。` },
      table(
        ['被检查单位', '原督查巡查', '阶段', '原整改要求', '已整改到位', '部分整改', '未整改'],
        visits.map((v) => [v.unit.name, v.of, v.stage, v.requirements, v.rectified, v.partly, v.notRectified]),
      ),
    );
  }
  if (d.kind === 'national') {
    body.push(
      { heading: 1, text: '督查工作开展情况' },
      {
        text: `本年度对${cases.length}个单位开展综合督查${d.crossInspection ? '，市级之间交叉督查' : ''}，督查情况和整改情况已报告省委、省政府。`,
      },
    );
  }
  return {
    title: reportTitle(d.kind, d.year, d.n),
    addressee: roundReportRecipients[d.kind],
    particulars: [
      { label: '报告单位', value: '省脱贫攻坚领导小组' },
      { label: '日期', value: documentDate(d.at) },
      { label: '督查轮次', value: `${d.year}年度${(d.n ?? 1) > 1 ? `第${chineseNumber(d.n!)}轮` : ''}综合督查` },
    ],
    body,
  };
}
