import type { FollowUpSummary } from '../../lib/documents/reports';
import { renderRoundReport, reportTitle } from '../../lib/documents/reports';
import { patrolRectificationPublication as renderPatrolRectificationPublication } from '../../workflows/patrol-rectification-report/documents';
import type { PatrolCaseRecord } from '../../workflows/patrol/contract';
import type { CaseProgress } from '../../workflows/supervision-round/contract';
import { nationalReportModel } from '../../workflows/supervision-round/national';
import { renderMarkdown } from '../../lib/documents/markdown';

const progress = (code: string, name: string, stage: CaseProgress['stage'], requirements = 1): CaseProgress => ({
  seq: 1,
  caseId: `supervision-2027-${code}-0001`,
  unit: { code, name, kind: 'city' },
  stage,
  overdue: false,
  findingsByContent: { '1': 2 },
  commended: false,
  rectificationRequirements: Array.from({ length: requirements }, (_, i) => `要求${i + 1}`),
});

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

  test('Art. 11 (3): a rectification report at its date names the units still rectifying; the supplement says they finished', () => {
    const base = { roundId: 'supervision-round-2027', year: 2027, crossInspection: false, at: '2027-12-01T00:00:00Z' };
    const cases = [progress('taiyuan', '太原市', 'closed', 0), progress('datong', '大同市', 'rectification')];
    const atDate = renderRoundReport({ ...base, kind: 'rectification', cases });
    expect(atDate).toContain('尚未整改到位的单位');
    expect(atDate).toContain('截至2027年12月1日，大同市等1个单位尚未整改到位');
    expect(atDate).toContain('整改到位后另行补充报告');
    expect(atDate).not.toContain('太原市等');
    // Everyone finished: no such section.
    const allIn = renderRoundReport({ ...base, kind: 'rectification', cases: [cases[0]!] });
    expect(allIn).not.toContain('尚未整改到位');
    const later = [cases[0]!, { ...cases[1]!, stage: 'closed' as const, rectificationLate: true }];
    const supplement = renderRoundReport({ ...base, kind: 'supplement', cases: later, pending: ['datong'] });
    expect(reportTitle('supplement', 2027)).toBe('关于2027年度全省脱贫攻坚综合督查整改情况的补充报告');
    expect(supplement).toContain('# 关于2027年度全省脱贫攻坚综合督查整改情况的补充报告');
    expect(supplement).toContain('报送时尚未整改到位的1个单位（大同市），现已全部完成整改');
    expect(supplement).toContain('整改情况逾期反馈');
  });

  test('Issue 34 (开展督查工作情况): the national report counts every round and every special supervision of the year', () => {
    const text = renderMarkdown(
      nationalReportModel({
        year: 2027,
        rounds: [
          { n: 1, crossInspection: true, cases: [progress('taiyuan', '太原市', 'closed')] },
          {
            n: 2,
            crossInspection: false,
            reason: '汛期后复查',
            cases: [progress('datong', '大同市', 'rectification')],
          },
        ],
        specials: [{ topic: '易地扶贫搬迁', progress: progress('linxian', '临县', 'field-work', 0) }],
        at: '2027-12-20T00:00:00Z',
      }),
    );
    expect(text).toContain('# 关于山西省2027年度脱贫攻坚督查工作情况的报告');
    expect(text).toContain('开展综合督查2轮、专项督查1项，共督查3个（次）单位');
    expect(text).toContain('年度综合督查：对1个单位开展督查，市级之间交叉督查');
    expect(text).toContain(
      '第二轮综合督查（汛期后复查）：对1个单位开展督查，发现问题2个，提出整改要求1条；已办结0个，尚未整改到位1个（大同市）',
    );
    expect(text).toContain('| 易地扶贫搬迁 | 临县 |');
    const none = renderMarkdown(
      nationalReportModel({ year: 2028, rounds: [], specials: [], at: '2028-12-20T00:00:00Z' }),
    );
    expect(none).toContain('本年度未开展综合督查。');
    expect(none).toContain('本年度未开展专项督查。');
  });
});
