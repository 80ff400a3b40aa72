/**
 * Issue 32 item 4 (human identities): a case is named by its title (年度、对象、序号) and a reference like a document
 * number, derived from its id and its unit; a group by its number; a list shows a short snippet of the grounds.
 */
import { caseIdentity, groundsSnippet, groupLabel, snippetOf, unitCodeOfId } from '../../lib/documents/case-identity';

test('issue 32 (4): a patrol and a supervision have a title and a reference from kind, year, unit and serial', () => {
  expect(caseIdentity('patrol-2026-taiyuan-0007', '太原市')).toEqual({
    title: '2026年对太原市的巡查（第7号）',
    reference: '晋脱贫巡〔2026〕太原市7号',
    year: 2026,
    serial: 7,
  });
  expect(caseIdentity('supervision-2027-datong-9002', '大同市')).toEqual({
    title: '2027年对大同市的督查（第9002号）',
    reference: '晋脱贫督〔2027〕大同市9002号',
    year: 2027,
    serial: 9002,
  });
  // The serial counts within a year and a unit: two units' seventh patrols have different references.
  expect(caseIdentity('patrol-2026-datong-0007', '大同市').reference).not.toBe(
    caseIdentity('patrol-2026-taiyuan-0007', '太原市').reference,
  );
});

test('issue 32 (4): the other kinds are named without their machine ids', () => {
  expect(caseIdentity('public-report-3f9a0c1d2e4b5a697887', '大同市')).toEqual({ title: '对大同市的群众举报' });
  expect(caseIdentity('award-round-2026')).toEqual({ title: '2026年全国脱贫攻坚奖推荐工作', year: 2026 });
  expect(caseIdentity('nomination-2026-taiyuan-3f9a0c1d', '太原市')).toEqual({
    title: '2026年全国脱贫攻坚奖推荐对象（太原市）',
    year: 2026,
  });
  for (const id of [
    'patrol-2026-taiyuan-0007',
    'public-report-3f9a0c1d2e4b5a697887',
    'nomination-2026-taiyuan-3f9a0c1d',
  ]) {
    const { title, reference } = caseIdentity(id, '太原市');
    expect(`${title}${reference ?? ''}`).not.toMatch(/[A-Za-z]/);
  }
});

test('issue 32 (4): a group is named by its number, not its id', () => {
  expect(groupLabel('g-2026-07')).toBe('2026年第7组');
  expect(groupLabel('g-2026-01')).toBe('2026年第1组');
  expect(groupLabel('g-12')).toBe('第12组');
});

test('issue 32 (4): the snippet of the grounds is one line of at most 40 characters, and none when the reader sees none', () => {
  const long =
    '群众举报反映某县扶贫资金被截留挪用，\n涉及金额较大，多名干部参与其中，并且长期未得到处理，群众意见很大。';
  const snippet = groundsSnippet({ grounds: { sources: ['public-report'], summary: long } })!;
  expect([...snippet]).toHaveLength(40);
  expect(snippet.endsWith('…')).toBe(true);
  expect(snippet).not.toContain('\n');
  expect(groundsSnippet({ topic: '易地扶贫搬迁' })).toBe('易地扶贫搬迁');
  expect(groundsSnippet({ stationing: { stationedOn: '2026-12-01' } })).toBeUndefined();
  expect(snippetOf('短')).toBe('短');
});

test('Issue 35 item 5: a problem of the ledger is named by its source and its number there, never by its id', () => {
  expect(caseIdentity('problem-patrol-2026-taiyuan-0001-3', '太原市')).toEqual({
    title: '2026年对太原市的巡查（第1号）第3项整改问题',
    year: 2026,
  });
  expect(caseIdentity('problem-public-report-3f9a0c1d2e4b5a697887-1', '大同市')).toEqual({
    title: '对大同市的群众举报第1项整改问题',
  });
});

test('Issue 36: a referral is named by its year and number, with the reference of its 交办函; a use of results likewise', () => {
  expect(caseIdentity('referral-2026-0007', '五寨县')).toEqual({
    title: '2026年对五寨县的交办核查（第7号）',
    reference: '晋脱贫交〔2026〕7号',
    year: 2026,
    serial: 7,
  });
  expect(caseIdentity('result-use-2027-0012', '大同市')).toEqual({
    title: '2027年对大同市的结果运用（第12号）',
    year: 2027,
    serial: 12,
  });
});

test('Issue 36: the unit code a patrol’s, a supervision’s or their problem’s id carries, for the forms that name them', () => {
  expect(unitCodeOfId('patrol-2026-taiyuan-0007')).toBe('taiyuan');
  expect(unitCodeOfId('supervision-2027-xinzhou-wuzhai-0002')).toBe('xinzhou-wuzhai');
  expect(unitCodeOfId('problem-patrol-2026-taiyuan-0007-3')).toBe('taiyuan');
  expect(unitCodeOfId('public-report-3f9a0c1d2e4b5a697887')).toBeUndefined();
});
