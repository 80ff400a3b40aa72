import { latestDueDate, problemTerms, termsProblem } from '../../workflows/common-steps/problem-terms';
import { ledgerBlocks, ledgerSentences, yuanText } from '../../workflows/common-steps/problem-figures';
import { roundReportModel } from '../../workflows/supervision-round/documents';
import { patrolRectificationReportModel } from '../../workflows/patrol-rectification-report/documents';
import { fullPatrol } from '../helpers/records';

const now = Date.parse('2026-12-07T10:00:00+08:00');
const summary = {
  total: 12,
  open: 7,
  overdue: 2,
  struckOff: 5,
  reopened: 1,
  recoveredYuan: 35_000,
  heldAccountable: 8,
  rulesMade: 3,
};

/** Issue 35 (docs/ledger.md): the terms a case's step gives its problems, and what the reports say of the ledger. */
describe('Issue 35: terms of issued requirements and the ledger in the reports (no server)', () => {
  test('Issue 35 item 1: a requirement without a term is 限期整改 by the case deadline; given terms are kept as given', () => {
    expect(
      problemTerms(
        [
          { requirement: 3, kind: 'long-term', everyMonths: 6 },
          { requirement: 1, kind: 'immediate' },
        ],
        3,
        '2027-02-07',
      ),
    ).toEqual([{ kind: 'immediate' }, { kind: 'dated', dueDate: '2027-02-07' }, { kind: 'long-term', everyMonths: 6 }]);
  });

  test('Issue 35 item 1: terms that do not fit are refused in Chinese, naming the requirement', () => {
    const refuse = (terms: Parameters<typeof termsProblem>[0], n = 3) => termsProblem(terms, n, now);
    expect(refuse(undefined)).toBeUndefined();
    expect(refuse([{ requirement: 2, kind: 'dated', dueDate: '2026-12-07' }])).toBeUndefined();
    expect(refuse([{ requirement: 2, kind: 'dated', dueDate: '2026-12-06' }])).toBe(
      '整改期限：第2项的整改完成日期2026年12月6日早于今天（2026年12月7日）',
    );
    expect(latestDueDate('2026-12-07')).toBe('2029-12-07');
    expect(refuse([{ requirement: 2, kind: 'dated', dueDate: '2029-12-07' }])).toBeUndefined();
    expect(refuse([{ requirement: 2, kind: 'dated', dueDate: '2029-12-08' }])).toBe(
      '整改期限：第2项的整改完成日期不得晚于2029年12月7日（3年内），更长期的整改请定为长期坚持',
    );
    expect(refuse([{ requirement: 1, kind: 'dated', dueDate: '2027-02-30' }])).toContain('不是有效日期');
    expect(refuse([{ requirement: 4, kind: 'immediate' }])).toBe('整改期限：没有第4项整改要求（共3项）');
    expect(
      refuse([
        { requirement: 1, kind: 'immediate' },
        { requirement: 1, kind: 'dated', dueDate: '2027-01-01' },
      ]),
    ).toBe('整改期限：第1项整改要求的期限重复设定');
    expect(refuse([{ requirement: 3, kind: 'long-term', dueDate: '2027-01-01' }])).toBe(
      '整改期限：第3项为长期坚持，不另设整改完成日期',
    );
    expect(refuse([{ requirement: 3, kind: 'dated', dueDate: '2027-01-01', everyMonths: 3 }])).toBe(
      '整改期限：第3项为限期整改，不设定期报告进展的间隔',
    );
  });

  test('Issue 35 item 5: the reports say the ledger in sentences an official signs (总数、销号、整改中、逾期、反弹、成效)', () => {
    expect(ledgerSentences(summary, '本轮综合督查')).toBe(
      '据问题整改台账，本轮综合督查提出的整改问题共12个，已销号5个，整改中7个，其中逾期2个；销号后经回头看或复查反弹1个。通过整改追回资金3.5万元，问责8人，建章立制3项。',
    );
    const done = { ...summary, open: 0, overdue: 0, struckOff: 12, reopened: 0, recoveredYuan: 0, heldAccountable: 0 };
    expect(ledgerSentences(done, '本年度巡查')).toBe(
      '据问题整改台账，本年度巡查提出的整改问题共12个，已全部销号。通过整改建章立制3项。',
    );
    expect(yuanText(8000)).toBe('8000元');
    expect(yuanText(1_234_567.8)).toBe('123.45678万元');
    // Nothing in the ledger (cases before it): the reports read as before.
    expect(ledgerBlocks({ ...summary, total: 0 }, 'x')).toEqual([]);
  });

  test('Issue 35 item 5, Art. 11 (3), 16 (3): the round’s rectification report and the year’s patrol report carry the ledger', () => {
    const round = roundReportModel({
      kind: 'rectification',
      roundId: 'supervision-round-2026',
      year: 2026,
      cases: [],
      crossInspection: false,
      at: '2026-12-07T02:00:00Z',
      ledger: summary,
    });
    expect(JSON.stringify(round.body)).toContain('据问题整改台账，本轮综合督查提出的整改问题共12个');
    const consolidated = roundReportModel({
      ...{ kind: 'consolidated' as const },
      roundId: 'r',
      year: 2026,
      cases: [],
      crossInspection: false,
      at: '2026-12-07T02:00:00Z',
      ledger: summary,
    });
    expect(JSON.stringify(consolidated.body)).not.toContain('问题整改台账');
    const patrols = patrolRectificationReportModel(2026, [fullPatrol()], '2026-12-07T02:00:00Z', summary);
    expect(JSON.stringify(patrols.body)).toContain('据问题整改台账，本年度巡查提出的整改问题共12个');
  });
});
