import { supervisionKeyContents, supervisionStageLabels } from '../workflows/domain';
import type { CaseProgress, RoundReportKind } from '../workflows/round/contract';

export interface RoundReportData {
  kind: RoundReportKind;
  roundId: string;
  year: number;
  cases: CaseProgress[];
  crossInspection: boolean;
  /** ISO instant the report is dated (workflow time). */
  at: string;
}

const titles: Record<RoundReportKind, (year: number) => string> = {
  consolidated: (y) => `${y}年度全省脱贫攻坚综合督查情况报告`,
  rectification: (y) => `${y}年度全省脱贫攻坚综合督查整改情况报告`,
  national: (y) => `山西省${y}年度脱贫攻坚督查工作情况报告`,
};

const recipients: Record<RoundReportKind, string> = {
  consolidated: '省委、省政府',
  rectification: '省委、省政府',
  national: '国务院扶贫开发领导小组',
};

export function reportTitle(kind: RoundReportKind, year: number): string {
  return titles[kind](year);
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
    `# ${titles[d.kind](d.year)}`,
    '',
    `报送：${recipients[d.kind]}；报告单位：省脱贫攻坚领导小组；日期：${d.at.slice(0, 10)}；督查轮次：${d.roundId}`,
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
      `应反馈整改情况 ${demanded.length} 个单位，已反馈 ${cases.filter((c) => c.rectificationLate !== undefined).length} 个，其中逾期反馈 ${late.length} 个${late.length ? `（${late.map((c) => c.unit.name).join('、')}）` : ''}。`,
    );
    const sentBack = cases.filter((c) => c.rectificationSentBack);
    if (sentBack.length)
      lines.push(
        '',
        `经领导小组逐项审核，退回重新整改 ${sentBack.reduce((a, c) => a + (c.rectificationSentBack ?? 0), 0)} 项（${sentBack.map((c) => `${c.unit.name}${c.rectificationSentBack}项`).join('、')}）。`,
      );
  }
  if (d.kind === 'national') {
    lines.push(
      '',
      '## 六、督查工作开展情况',
      '',
      `本年度对 ${cases.length} 个单位开展综合督查${d.crossInspection ? '，市级之间交叉督查' : ''}，督查情况和整改情况已报告省委、省政府。`,
    );
  }
  return lines.join('\n') + '\n';
}
