/**
 * Issue 35 (docs/ledger.md): the pure rules of a problem of the ledger, without a server: a 长期坚持 period's date,
 * the sums of the figures, and how notices name a problem.
 */
import { addFigures, addMonths } from '../../workflows/problem/rules';
import type { ProblemFigures } from '../../workflows/problem/contract';
import { figuresText, problemTexts } from '../../workflows/problem/texts';

test('Issue 35 item 1: a period of N months ends on the same day, or on the last day of a shorter month', () => {
  expect(addMonths('2026-03-15', 3)).toBe('2026-06-15');
  expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
  expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
  expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
  expect(addMonths('2026-12-07', 12)).toBe('2027-12-07');
  expect(addMonths('2026-12-07', 0)).toBe('2026-12-07');
});

test('Issue 35 item 2: figures add up over the reports (amounts to the fen; free figures by label and unit)', () => {
  const sum: ProblemFigures = {};
  addFigures(sum, { recoveredYuan: 0.1, heldAccountable: 1, other: [{ label: '整改项目数', value: 3, unit: '个' }] });
  addFigures(sum, { recoveredYuan: 0.2, rulesMade: 2, other: [{ label: '整改项目数', value: 2, unit: '个' }] });
  addFigures(sum, { other: [{ label: '受益户数', value: 40, unit: '户' }] });
  addFigures(sum, undefined);
  expect(sum).toEqual({
    recoveredYuan: 0.3,
    heldAccountable: 1,
    rulesMade: 2,
    other: [
      { label: '整改项目数', value: 5, unit: '个' },
      { label: '受益户数', value: 40, unit: '户' },
    ],
  });
  expect(figuresText(sum)).toBe('追回资金0.3元，问责1人，建章立制2项，整改项目数5个，受益户数40户');
});

test('Issue 35: a problem is named by its unit, its source and its number, never by an id', () => {
  const source = {
    kind: 'patrol' as const,
    caseId: 'patrol-2026-taiyuan-0001',
    requirement: 12,
    article: '第十六条第（二）项',
    year: 2026,
  };
  expect(problemTexts.title({ code: 'taiyuan', name: '太原市', kind: 'city' }, source)).toBe(
    '太原市整改问题（2026年巡查第十二项整改要求）',
  );
  expect(problemTexts.requirementDetail(source, '健全资金监管制度', 'long-term')).toBe(
    '2026年巡查提出整改要求（第十六条第（二）项）：“健全资金监管制度”。整改方式：长期坚持。请按期报送整改进展和佐证材料，整改完成后申请销号。',
  );
});
