/**
 * The year's patrol rectification report (Art. 16 (3)) as a document model, and the aggregate the public reads. Pure
 * (workflows/engine/documents.ts); lib/documents/reports.ts stores the model with its Markdown, which the leading group
 * reads, may edit, and signs.
 */
import type { Block, DocumentContent } from '../../lib/documents/official-document';
import { rectificationItemStatusLabels } from '../domain';
import { documentDate, table } from '../engine/documents';
import type { PatrolCaseRecord } from '../patrol/contract';
import type { ProblemSummary } from '../../lib/store/problem-statistics';
import { ledgerBlocks } from '../common-steps/problem-figures';
import type { OutcomeSummary } from '../../lib/store/transfer-outcomes';
import { transferOutcomeSentence } from '../common-steps/transfer-outcome-figures';
import type { ResultUseFigures } from '../common-steps/result-use-figures';
import { resultUseSentence } from '../common-steps/result-use-figures';

export const patrolRectificationReportTitle = (year: number) => `关于${year}年度全省脱贫攻坚巡查整改情况的报告`;

/**
 * Art. 16 (3): the year's rectification across all patrols whose feedback was issued, for the committee: per patrol,
 * the rectification opinions and how the review ended each, late reports and send-backs, and what was made public;
 * and, once the ledger holds their problems (issue 35), what came of them to 销号; and what the discipline bodies
 * reported back on their transfers (issue 36 item 3); and the year's 通报批评, 约谈 and 挂牌督办 (issue 36 item 2).
 */
export function patrolRectificationReportModel(
  year: number,
  patrols: PatrolCaseRecord[],
  at: string,
  ledger?: ProblemSummary,
  outcomes?: OutcomeSummary,
  uses?: ResultUseFigures,
): DocumentContent {
  const sorted = [...patrols].sort((a, b) => a.caseId.localeCompare(b.caseId));
  const opinions = (p: PatrolCaseRecord) => p.feedback?.rectificationOpinions.length ?? 0;
  const statusCount = (p: PatrolCaseRecord, status: string) =>
    p.rectificationReview?.items.filter((i) => i.status === status).length ?? 0;
  const total = (f: (p: PatrolCaseRecord) => number) => sorted.reduce((a, p) => a + f(p), 0);
  // Without the store's figures (reports drafted before issue 36), the report reads as before.
  const transferred =
    outcomes &&
    transferOutcomeSentence(
      sorted.flatMap((p) => p.transfers),
      outcomes,
    );
  const used = resultUseSentence(uses);
  const late = sorted.filter((p) => p.rectification?.late || p.rectificationReview?.submissions.some((s) => s.late));
  const open: Block[] = sorted.flatMap((p) =>
    (p.rectificationReview?.items ?? [])
      .filter((i) => i.status !== 'accepted')
      .map((i) => ({
        item: `${p.targetUnit.name}第${i.requirement}条：${p.feedback!.rectificationOpinions[i.requirement - 1] ?? ''}（${rectificationItemStatusLabels[i.status]}）`,
      })),
  );
  return {
    title: patrolRectificationReportTitle(year),
    addressee: '省委、省政府',
    particulars: [
      { label: '报告单位', value: '省脱贫攻坚领导小组' },
      { label: '日期', value: documentDate(at) },
    ],
    body: [
      { heading: 1, text: '总体情况' },
      {
        text: `${year}年度领导小组向${sorted.length}个被巡查单位反馈巡查情况，提出整改意见${total(opinions)}条；经逐项审核，整改到位${total((p) => statusCount(p, 'accepted'))}条，退回重新整改${total((p) => p.rectificationReview?.sentBack ?? 0)}次，领导小组结束整改${total((p) => statusCount(p, 'closed'))}条，尚在整改${total((p) => opinions(p) - statusCount(p, 'accepted') - statusCount(p, 'closed'))}条。逾期报送整改情况的单位${late.length}个${late.length ? `（${late.map((p) => p.targetUnit.name).join('、')}）` : ''}。`,
      },
      ...ledgerBlocks(ledger, '本年度巡查', false),
      ...(transferred ? [{ text: transferred }] : []),
      ...(used ? [{ text: used }] : []),
      { heading: 1, text: '各单位整改情况' },
      table(
        ['被巡查单位', '阶段', '整改意见', '整改到位', '退回（次）', '结束整改', '按期报送', '已公开'],
        sorted.map((p) => [
          p.targetUnit.name,
          p.stageLabel,
          opinions(p),
          statusCount(p, 'accepted'),
          p.rectificationReview?.sentBack ?? 0,
          statusCount(p, 'closed'),
          p.rectification ? (late.includes(p) ? '逾期' : '按期') : '未报送',
          p.publication ? '是' : '—',
        ]),
      ),
      { heading: 1, text: '尚未整改到位的事项' },
      ...(open.length ? open : [{ text: '无。' }]),
    ],
  };
}

/**
 * Art. 16 (3): the aggregate the public reads: only what the leading group made public, patrol by patrol (its published
 * text), with their number. Undefined when nothing was made public.
 */
export function patrolRectificationPublication(year: number, patrols: PatrolCaseRecord[]): string | undefined {
  const published = [...patrols].filter((p) => p.publication).sort((a, b) => a.caseId.localeCompare(b.caseId));
  if (!published.length) return undefined;
  return [
    `${year}年度，省脱贫攻坚领导小组对${published.length}个单位巡查反馈问题的整改情况予以公开，接受社会监督：`,
    ...published.map((p) => `${p.targetUnit.name}：${p.publication!.text}`),
  ].join('\n');
}
