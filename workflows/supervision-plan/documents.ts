/**
 * The year's supervision plan as a document (Art. 6, 8): the leading group's report to the committee. Pure
 * (workflows/engine/documents.ts); lib/documents numbers and serves it. The plan names its units by code: the names
 * come from the units registry, which the caller passes (`unitName`).
 */
import type { OfficialDocument } from '../../lib/documents/official-document';
import type { CaseDocument } from '../engine/documents';
import { documentDate, personOf, underMark } from '../engine/documents';
import type { AnnualPlanRecord } from './contract';

/**
 * Art. 6, 8: the year's supervision plan as the leading group reports it to the committee (报告): the comprehensive
 * round's units, month and cross inspection, the special topics, and what the follow-up visits found. A draft until
 * the leading group approves it.
 */
export function planDocument(
  plan: AnnualPlanRecord,
  unitName: (code: string) => string,
  number: string | undefined,
): OfficialDocument {
  const approved = plan.approval?.decision === 'approve';
  const names = (codes: string[]) => codes.map(unitName).join('、');
  const visits = plan.followUps ?? [];
  return {
    ...underMark(number, plan.approval?.decision !== 'approve'),
    ...(approved && plan.approval?.by.name ? { signer: personOf(plan.approval.by.name) } : {}),
    title: `关于${plan.year}年度全省脱贫攻坚督查计划的报告`,
    addressee: '省委、省政府',
    body: [
      { text: `按照第六条规定，省脱贫攻坚领导小组制定了${plan.year}年度全省脱贫攻坚督查计划。现将有关情况报告如下：` },
      { heading: 1, text: '综合督查' },
      {
        text: `${plan.year}年${plan.month}月对${plan.units.length}个单位开展综合督查（第八条）：${names(plan.units)}。${plan.crossInspection ? '市级之间开展交叉督查（第五条）。' : ''}`,
      },
      ...(plan.crossPairs?.length
        ? [
            {
              table: [
                ['被督查市', '督查方', '调整理由'],
                ...plan.crossPairs.map((p) => [unitName(p.target), unitName(p.inspector), p.reason ?? '—']),
              ],
            },
          ]
        : []),
      { heading: 1, text: '专项督查' },
      ...(plan.specialTopics.length
        ? plan.specialTopics.map((t) => ({
            heading: 2 as const,
            text: `${t.topic}（${t.month}月，${names(t.units)}）`,
          }))
        : [{ text: '本年度未安排专项督查。' }]),
      ...(visits.length
        ? [
            { heading: 1 as const, text: '回头看情况' },
            {
              table: [
                ['单位', '原督查巡查', '原整改要求', '已整改到位', '部分整改', '未整改'],
                ...visits.map((v) => [
                  v.unit.name,
                  v.of,
                  String(v.requirements),
                  String(v.rectified),
                  String(v.partly),
                  String(v.notRectified),
                ]),
              ],
            },
          ]
        : []),
      { text: '特此报告。' },
    ],
    date: documentDate(approved ? plan.approval!.at : plan.draftedAt),
  };
}

/** The plan's one document (`plan`, 报告): a draft until the leading group approves the plan, numbered then. */
export function planDocuments(plan: AnnualPlanRecord, unitName: (code: string) => string): CaseDocument[] {
  const approved = plan.approval?.decision === 'approve' ? plan.approval : undefined;
  return [
    {
      key: 'plan',
      kind: '报告',
      title: `关于${plan.year}年度全省脱贫攻坚督查计划的报告`,
      section: 'plan',
      series: 'report',
      issuedAt: approved?.at ?? plan.draftedAt,
      draft: !approved,
      build: (number) => planDocument(plan, unitName, number),
    },
  ];
}
