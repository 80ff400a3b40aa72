import type { TargetUnit } from '../../workflows/domain';
import { patrolKeyProblems } from '../../workflows/patrol/stages';
import { patrolTexts } from '../../workflows/patrol/texts';
import { article, chineseDate, chineseNumber, durationLabel, partyOrgan, youUnit } from '../../workflows/engine/texts';
import { supervisionTexts } from '../../workflows/supervision/texts';
import { publicReportTexts } from '../../workflows/public-report/texts';
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

  test('Art. 15 (2), issue 34: a department is addressed as 党委（党组）; a city or county as 中共太原市委、太原市人民政府, and told 你市 / 你县', () => {
    expect(partyOrgan(finance)).toBe('省财政厅党委（党组）');
    expect(partyOrgan(taiyuan)).toBe('中共太原市委、太原市人民政府');
    expect(partyOrgan({ name: '娄烦县', kind: 'county' })).toBe('中共娄烦县委、娄烦县人民政府');
    expect([youUnit(taiyuan), youUnit({ name: '娄烦县', kind: 'county' }), youUnit(finance)]).toEqual([
      '你市',
      '你县',
      '你单位',
    ]);
    expect(patrolTexts.suggestionSent(finance, 1)).toBe('向省财政厅党委（党组）提出处理建议1');
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
    expect(final.body).toContain('（三）贪占挪用扶贫资金，违规干预和插手扶贫项目建设问题：1个');
    for (const secret of [fullPatrol().grounds.summary, fullPatrol().findings[0]!.summary]) {
      expect(final.body).not.toContain(secret);
    }
  });

  test('Issue 34: the final report counts the problems outside Art. 14 too, numbers them （一）, and claims nothing of suggestions or transfers it did not make', () => {
    const p = fullPatrol();
    const other = { ...p.findings[0]!, id: 2, keyItem: 6 };
    const final = patrolTexts.finalReport(taiyuan, { ...p, findings: [...p.findings, other] }).body;
    expect(final).toContain('（六）第十四条所列以外的其他问题：1个');
    expect(final).toContain('现场处理建议：1条，均已答复');
    expect(final).not.toMatch(/（\d）/);
    const quiet = patrolTexts.finalReport(taiyuan, { ...p, suggestions: [], transfers: [] }).body;
    expect(quiet).toContain('巡查期间未提出现场处理建议');
    expect(quiet).toContain('未移交问题线索');
    expect(quiet).not.toMatch(/0条|0件|其他问题/);
  });

  test('Art. 12, 16 (1), issue 34: the request asks 妥否，请批示; a transfer is 向省纪委监委移交问题线索（第1件）', () => {
    expect(patrolTexts.approvalRequest(taiyuan, '群众举报').body).toMatch(/妥否，请批示。$/);
    expect(patrolTexts.approvalRequest(taiyuan, '群众举报').body).not.toContain('请审批');
    expect(patrolTexts.transferred('省纪委监委（纪检监察机关）', 1)).toBe('向省纪委监委移交问题线索（第1件）');
  });

  test('Art. 5, issue 34: a public report names the case it grounds by year, unit and kind, never by id; one closed is 不予立项，办结', () => {
    expect(publicReportTexts.linked('patrol-2026-taiyuan-0001', taiyuan)).toBe('作为2026年对太原市巡查的依据');
    expect(publicReportTexts.linked('supervision-2027-dept-finance-0002', finance)).toBe(
      '作为2027年对省财政厅督查的依据',
    );
    expect(publicReportTexts.linked('patrol-2026-datong-0003', taiyuan)).toBe('作为2026年对有关单位巡查的依据');
    expect(publicReportTexts.closed).toBe('不予立项，办结');
  });
});
