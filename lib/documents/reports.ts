import { rectificationItemStatusLabels, supervisionKeyContents, supervisionStageLabels } from '../../workflows/domain';
import type { CaseProgress, RoundReportKind } from '../../workflows/supervision-round/contract';
import type { SupervisionCaseRecord } from '../../workflows/supervision/contract';
import { chineseNumber } from '../../workflows/engine/texts';
import { documentDate } from './case-documents';
import { followedUpName } from '../../workflows/supervision/texts';
import type { PatrolCaseRecord } from '../../workflows/patrol/contract';

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
  /** The follow-up visits (回头看) scheduled in the round's year and the year before (read from the store). */
  followUps?: FollowUpSummary[];
}

const titles: Record<RoundReportKind, (year: number) => string> = {
  consolidated: (y) => `关于${y}年度全省脱贫攻坚综合督查情况的报告`,
  rectification: (y) => `关于${y}年度全省脱贫攻坚综合督查整改情况的报告`,
  national: (y) => `关于山西省${y}年度脱贫攻坚督查工作情况的报告`,
};

const recipients: Record<RoundReportKind, string> = {
  consolidated: '省委、省政府',
  rectification: '省委、省政府',
  national: '国务院扶贫开发领导小组',
};

/** A further round of the year (n ≥ 2) says which: `2026年度第二轮全省脱贫攻坚综合督查情况报告`. */
export function reportTitle(kind: RoundReportKind, year: number, n = 1): string {
  const title = titles[kind](year);
  return n > 1 ? title.replace(`${year}年度`, `${year}年度第${chineseNumber(n)}轮`) : title;
}

const cell = (s: string | number) => String(s).replace(/\|/g, '／').replace(/\n/g, ' ');
const table = (head: string[], rows: Array<Array<string | number>>) =>
  [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');

/**
 * A report people read (Art. 11): Chinese Markdown with tables. The consolidated report goes to the committee when
 * the round's field work is done; the rectification report when rectification is in; the national report to the
 * national leading group.
 */
export function renderRoundReport(d: RoundReportData): string {
  const cases = [...d.cases].sort((a, b) => a.unit.code.localeCompare(b.unit.code));
  const contents = Object.entries(supervisionKeyContents);
  const totalFindings = (c: CaseProgress) =>
    Object.values(c.findingsByContent).reduce((a, b) => a + b, 0) + (c.findingsOther ?? 0);
  const commended = cases.filter((c) => c.commended);
  const demanded = cases.filter((c) => c.rectificationRequirements.length);
  const lines = [
    `# ${reportTitle(d.kind, d.year, d.n)}`,
    '',
    `报送：${recipients[d.kind]}；报告单位：省脱贫攻坚领导小组；日期：${documentDate(d.at)}；督查轮次：${d.year}年度${(d.n ?? 1) > 1 ? `第${chineseNumber(d.n!)}轮` : ''}综合督查`,
    '',
    '## 一、督查对象',
    '',
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
    '',
    '## 二、发现问题（按第九条督查重点内容）',
    '',
    table(
      ['重点内容', ...cases.map((c) => c.unit.name), '合计'],
      contents
        .map(([n, label]) => {
          const counts = cases.map((c) => c.findingsByContent[n] ?? 0);
          return [`（${n}）${label}`, ...counts, counts.reduce((a, b) => a + b, 0)];
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
    '',
    `其中运用第三方评估成果（第五条）的发现${cases.reduce((a, c) => a + (c.findingsWithAssessment ?? 0), 0)}个。`,
    '',
    '## 三、通报表扬',
    '',
    commended.length ? commended.map((c) => `- ${c.unit.name}`).join('\n') : '本轮无通报表扬单位。',
    '',
    '## 四、整改要求',
    '',
    demanded.length
      ? demanded
          .map((c) => `- **${c.unit.name}**：${c.rectificationRequirements.map((r, i) => `${i + 1}. ${r}`).join('；')}`)
          .join('\n')
      : '本轮未提出整改要求。',
  ];
  if (d.kind !== 'consolidated') {
    const late = cases.filter((c) => c.rectificationLate);
    lines.push(
      '',
      '## 五、整改情况',
      '',
      `应反馈整改情况${demanded.length}个单位，已反馈${cases.filter((c) => c.rectificationLate !== undefined).length}个，其中逾期反馈${late.length}个${late.length ? `（${late.map((c) => c.unit.name).join('、')}）` : ''}。`,
    );
    const sentBack = cases.filter((c) => c.rectificationSentBack);
    if (sentBack.length)
      lines.push(
        '',
        `经领导小组逐项审核，退回重新整改${sentBack.reduce((a, c) => a + (c.rectificationSentBack ?? 0), 0)}项（${sentBack.map((c) => `${c.unit.name}${c.rectificationSentBack}项`).join('、')}）。`,
      );
  }
  const visits = d.followUps ?? [];
  if (visits.length) {
    const checked = visits.filter((v) => v.rectified + v.partly + v.notRectified > 0);
    lines.push(
      '',
      '## 回头看情况',
      '',
      `领导小组对${visits.length}个已办结的督查、巡查开展回头看，已检查${checked.length}个。`,
      '',
      table(
        ['被检查单位', '原督查巡查', '阶段', '原整改要求', '已整改到位', '部分整改', '未整改'],
        visits.map((v) => [v.unit.name, v.of, v.stage, v.requirements, v.rectified, v.partly, v.notRectified]),
      ),
    );
  }
  if (d.kind === 'national') {
    lines.push(
      '',
      '## 六、督查工作开展情况',
      '',
      `本年度对${cases.length}个单位开展综合督查${d.crossInspection ? '，市级之间交叉督查' : ''}，督查情况和整改情况已报告省委、省政府。`,
    );
  }
  return lines.join('\n') + '\n';
}

export const patrolRectificationReportTitle = (year: number) => `关于${year}年度全省脱贫攻坚巡查整改情况的报告`;

/**
 * Art. 16 (3): the year's rectification across all patrols whose feedback was issued, for the committee: per patrol,
 * the rectification opinions and how the review ended each, late reports and send-backs, and what was made public.
 */
export function renderPatrolRectificationReport(year: number, patrols: PatrolCaseRecord[], at: string): string {
  const sorted = [...patrols].sort((a, b) => a.caseId.localeCompare(b.caseId));
  const opinions = (p: PatrolCaseRecord) => p.feedback?.rectificationOpinions.length ?? 0;
  const statusCount = (p: PatrolCaseRecord, status: string) =>
    p.rectificationReview?.items.filter((i) => i.status === status).length ?? 0;
  const total = (f: (p: PatrolCaseRecord) => number) => sorted.reduce((a, p) => a + f(p), 0);
  const late = sorted.filter((p) => p.rectification?.late || p.rectificationReview?.submissions.some((s) => s.late));
  return (
    [
      `# ${patrolRectificationReportTitle(year)}`,
      '',
      `报送：省委、省政府；报告单位：省脱贫攻坚领导小组；日期：${documentDate(at)}`,
      '',
      '## 一、总体情况',
      '',
      `${year}年度领导小组向${sorted.length}个被巡查单位反馈巡查情况，提出整改意见${total(opinions)}条；经逐项审核，整改到位${total((p) => statusCount(p, 'accepted'))}条，退回重新整改${total((p) => p.rectificationReview?.sentBack ?? 0)}次，领导小组结束整改${total((p) => statusCount(p, 'closed'))}条，尚在整改${total((p) => opinions(p) - statusCount(p, 'accepted') - statusCount(p, 'closed'))}条。逾期报送整改情况的单位${late.length}个${late.length ? `（${late.map((p) => p.targetUnit.name).join('、')}）` : ''}。`,
      '',
      '## 二、各单位整改情况',
      '',
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
      '',
      '## 三、尚未整改到位的事项',
      '',
      sorted
        .flatMap((p) =>
          (p.rectificationReview?.items ?? [])
            .filter((i) => i.status !== 'accepted')
            .map(
              (i) =>
                `- ${p.targetUnit.name}第${i.requirement}条：${p.feedback!.rectificationOpinions[i.requirement - 1] ?? ''}（${rectificationItemStatusLabels[i.status]}）`,
            ),
        )
        .join('\n') || '无。',
    ].join('\n') + '\n'
  );
}

/**
 * Art. 16 (3): the aggregate the public reads: only what the leading group made public, patrol by patrol (its published
 * text), with their number. Undefined when nothing was made public.
 */
export function renderPatrolRectificationPublication(year: number, patrols: PatrolCaseRecord[]): string | undefined {
  const published = [...patrols].filter((p) => p.publication).sort((a, b) => a.caseId.localeCompare(b.caseId));
  if (!published.length) return undefined;
  return [
    `${year}年度，省脱贫攻坚领导小组对${published.length}个单位巡查反馈问题的整改情况予以公开，接受社会监督：`,
    ...published.map((p) => `${p.targetUnit.name}：${p.publication!.text}`),
  ].join('\n');
}
