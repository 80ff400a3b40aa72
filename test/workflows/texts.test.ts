import type { TargetUnit } from '../../workflows/domain';
import { patrolKeyProblems } from '../../workflows/patrol/stages';
import { patrolTexts } from '../../workflows/patrol/texts';
import { article, chineseDate, chineseNumber, durationLabel, partyOrgan } from '../../workflows/engine/texts';
import { supervisionTexts } from '../../workflows/supervision/texts';
import { fullPatrol } from '../helpers/records';

/** What the system writes for officials, checked without a server. */
const taiyuan: TargetUnit = { code: 'taiyuan', name: '太原市', kind: 'city' };
const finance: TargetUnit = { code: 'dept-finance', name: '省财政厅', kind: 'department' };

/** Every string a texts module can produce, with sample arguments. */
function everyString(texts: object): string[] {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') out.push(value);
    else if (typeof value === 'function') {
      const args = [taiyuan, '2027-01-27', 3, ['追回资金'], fullPatrol()].slice(0, value.length);
      // Functions take different arguments; try the common shapes and keep what they write.
      for (const attempt of [args, [3, 2], [taiyuan, 2], ['陈刚', 2], [taiyuan, '专项督查', '陈刚']]) {
        try {
          walk((value as (...a: unknown[]) => unknown)(...attempt));
        } catch {
          // not this shape
        }
      }
    } else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(texts);
  return out;
}

describe('Chinese for officials', () => {
  test('dates are written 2027年1月27日, durations 7天, numbers 十四', () => {
    expect(chineseDate('2027-01-27')).toBe('2027年1月27日');
    expect(chineseDate('2026-12-01')).toBe('2026年12月1日');
    expect(durationLabel(7 * 86_400_000)).toBe('7天');
    expect(durationLabel(12 * 3_600_000)).toBe('12小时');
    expect([9, 10, 14, 16, 21].map(chineseNumber)).toEqual(['九', '十', '十四', '十六', '二十一']);
  });

  test('articles are cited in Chinese: 第十四条第（三）项, 第十六条', () => {
    expect(article(14, 3)).toBe('第十四条第（三）项');
    expect(article(16)).toBe('第十六条');
  });

  test('Art. 15 (2): a provincial department has a party group (党组); a city or county 党委、政府', () => {
    expect(partyOrgan(finance)).toBe('省财政厅党组');
    expect(partyOrgan(taiyuan)).toBe('太原市党委、政府');
    expect(patrolTexts.suggestionSent(finance, 1)).toBe('向省财政厅党组提出处理建议1');
  });

  test.each([
    ['patrol', patrolTexts],
    ['supervision', supervisionTexts],
  ])('the %s texts cite no article in English, show no machine id and call nothing a 案件', (_, texts) => {
    const strings = everyString(texts);
    expect(strings.length).toBeGreaterThan(20);
    for (const s of strings) {
      expect([s, /Art\.|[a-z]+-\d{4}-[a-z-]+-\d{4}|案件/.test(s)]).toEqual([s, false]);
    }
  });

  test('Art. 14: a finding names its key problem in the article’s own words; "other" says it lies outside the list', () => {
    expect(patrolTexts.findingRecorded(2, 3, patrolKeyProblems[3])).toBe(
      '记录问题2（第十四条第（三）项：贪占挪用扶贫资金，违规干预和插手扶贫项目建设问题）',
    );
    expect(patrolTexts.findingRecorded(3, 6, '形式主义问题')).toBe(
      '记录问题3（第十四条所列以外的其他问题：形式主义问题）',
    );
  });

  test('need to know: the notices up the chain say where to read, not what the record says', () => {
    const request = patrolTexts.instructionsRequest(taiyuan, 2);
    expect(request.subject).toBe('【请示】关于太原市巡查情况和处理意见的请示（第2次）');
    expect(request.body).toContain('详情请在系统中查阅');
    const final = patrolTexts.finalReport(taiyuan, fullPatrol());
    expect(final.body).toContain('（3）贪占挪用扶贫资金，违规干预和插手扶贫项目建设问题：1个');
    for (const secret of [fullPatrol().grounds.summary, fullPatrol().findings[0]!.summary]) {
      expect(final.body).not.toContain(secret);
    }
  });
});
