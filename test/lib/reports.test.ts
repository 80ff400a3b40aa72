import type { FollowUpSummary } from '../../lib/documents/reports';
import { renderRoundReport, reportTitle } from '../../lib/documents/reports';
import { patrolRectificationPublication as renderPatrolRectificationPublication } from '../../workflows/patrol-rectification-report/documents';
import type { PatrolCaseRecord } from '../../workflows/patrol/contract';

const visit: FollowUpSummary = {
  caseId: 'supervision-2026-datong-0002',
  unit: { code: 'datong', name: '大同市' },
  of: '2026年督查',
  stage: '已办结',
  closed: true,
  requirements: 2,
  rectified: 1,
  partly: 0,
  notRectified: 1,
};

describe("The round's reports and the year's patrol rectification, as texts (pure)", () => {
  test('ours (回头看 feeds the reports): every report of the round shows the follow-up visits and what they found', () => {
    const round = {
      kind: 'consolidated' as const,
      roundId: 'supervision-round-2027',
      year: 2027,
      cases: [],
      crossInspection: false,
      at: '2027-12-01T00:00:00Z',
    };
    const text = renderRoundReport({ ...round, followUps: [visit] });
    expect(text).toContain('## 回头看情况');
    expect(text).toContain('领导小组对1个已办结的督查、巡查开展回头看，已检查1个。');
    expect(text).toContain('| 大同市 | 2026年督查 | 已办结 | 2 | 1 | 0 | 1 |');
    // Without visits, no such section (nothing claims what the data cannot show).
    expect(renderRoundReport(round)).not.toContain('回头看');
  });

  test('Art. 8: a further round of the year says which round its reports are of', () => {
    expect(reportTitle('consolidated', 2026)).toBe('关于2026年度全省脱贫攻坚综合督查情况的报告');
    expect(reportTitle('consolidated', 2026, 2)).toBe('关于2026年度第二轮全省脱贫攻坚综合督查情况的报告');
  });

  test('Art. 16 (3): the public aggregate holds only what the leading group made public, and nothing when nothing was', () => {
    const patrol = (unit: string, publication?: string) =>
      ({
        caseId: `patrol-2026-${unit}-0001`,
        targetUnit: { code: unit, name: `${unit}县`, kind: 'county' },
        rectification: { summary: `${unit}的整改（内部）`, late: false },
        ...(publication ? { publication: { text: publication, at: '2026-12-01T00:00:00Z', url: '/bulletin/x' } } : {}),
      }) as unknown as PatrolCaseRecord;
    expect(renderPatrolRectificationPublication(2026, [patrol('a')])).toBeUndefined();
    const text = renderPatrolRectificationPublication(2026, [patrol('b', '追回资金120万元'), patrol('a')])!;
    expect(text).toContain('对1个单位巡查反馈问题的整改情况予以公开');
    expect(text).toContain('b县：追回资金120万元');
    expect(text).not.toContain('a县');
    expect(text).not.toContain('内部');
  });
});
