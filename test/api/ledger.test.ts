/**
 * Issue 35 item 4: the rectification ledger's routes (api/routes/ledger.ts) on the built app (app.inject, a real Temporal
 * dev server, the real case store): GET /problems with its filters and cursor, the CSV and .xlsx exports read back,
 * the figures per unit and per city; bad filters refused in Chinese; need to know per role; every read audited.
 * The problems are saved straight into the store, as their workflow writes them.
 */
import ExcelJS from 'exceljs';
import type { CaseClaims } from '../../lib/infra/tokens';
import { ledgerColumns } from '../../api/ledger-files';
import type { ProblemSummaryItem } from '../../api/schemas';
import { localToday } from '../../workflows/engine/texts';
import { problemRecord, problemViewers } from '../helpers/problem-records';
import type { TestSystem } from '../helpers/system';
import { people, startSystem } from '../helpers/system';

jest.setTimeout(120_000);

/** RFC 4180, as a spreadsheet reads it: quoted fields, doubled quotes, line breaks inside quotes. */
function parse(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (quoted || (ch !== ',' && ch !== '\n' && ch !== '\r')) {
      field += ch;
    } else if (ch === ',') {
      endField();
    } else {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endField();
      rows.push(row);
      row = [];
    }
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}

let sys: TestSystem;
const past = '2026-01-05T15:59:59.999Z';
const future = '2099-02-01T15:59:59.999Z';
const records = [
  problemRecord({
    unit: 'taiyuan',
    requirement: 1,
    term: 'immediate',
    dueAt: past,
    figures: { recoveredYuan: 1500.25 },
  }),
  problemRecord({ unit: 'taiyuan', requirement: 2, stage: 'awaiting-review', progress: '已完成整改，申请销号' }),
  problemRecord({
    unit: 'taiyuan-loufan',
    term: 'long-term',
    dueAt: future,
    progress: '=HYPERLINK("http://x")',
    figures: { heldAccountable: 3, rulesMade: 2 },
    transferredTo: ['discipline-commission'],
  }),
  problemRecord({
    unit: 'datong',
    source: 'supervision-2026-datong-0001',
    sourceKind: 'supervision',
    article: '第十一条第（二）项',
    stage: 'struck-off',
    struckOffAt: new Date().toISOString(),
    reopenings: 1,
    figures: { recoveredYuan: 100 },
  }),
];

beforeAll(async () => {
  sys = await startSystem();
  for (const record of records) await sys.store.saveCase({ record, viewers: problemViewers(record) });
});
afterAll(async () => {
  await sys?.close();
});

const get = (who: CaseClaims | undefined, url: string) => sys.call(who, { method: 'GET', url });
const ids = async (who: CaseClaims, query = '') => {
  const res = await get(who, `/problems${query}`);
  expect(res.statusCode).toBe(200);
  return res.json<{ items: ProblemSummaryItem[] }>().items.map((i) => i.problemId);
};
const [a, b, c, d] = records.map((r) => r.caseId) as [string, string, string, string];

test('Issue 35 item 4: GET /problems lists the ledger with its summary rows, and every filter narrows it', async () => {
  const res = await get(people.office, '/problems?limit=10');
  expect(res.statusCode).toBe(200);
  const { items } = res.json<{ items: ProblemSummaryItem[] }>();
  expect(items.map((i) => i.problemId)).toEqual([a, b, c, d]);
  expect(items[0]).toMatchObject({
    url: `/problems/${a}`,
    unit: { code: 'taiyuan', name: '太原市' },
    city: { code: 'taiyuan', name: '太原市' },
    term: { kind: 'immediate', label: '立行立改' },
    dueAt: past,
    dueDate: '2026-01-05',
    state: 'rectifying',
    stateLabel: '整改中',
    overdue: true,
    figures: { recoveredYuan: 1500.25, heldAccountable: 0, rulesMade: 0 },
    source: { kind: 'patrol', label: '巡查', caseId: 'patrol-2026-taiyuan-0001', requirement: 1, year: 2026 },
  });
  expect(items[3]).toMatchObject({ stateLabel: '已销号', reopened: 1, overdue: false });
  expect(await ids(people.office, '?city=taiyuan')).toEqual([a, b, c]);
  expect(await ids(people.office, '?unit=taiyuan-loufan')).toEqual([c]);
  expect(await ids(people.office, '?source=supervision')).toEqual([d]);
  expect(await ids(people.office, '?year=2026&term=long-term')).toEqual([c]);
  expect(await ids(people.office, `?article=${encodeURIComponent('第十一条第（二）项')}`)).toEqual([d]);
  expect(await ids(people.office, '?state=awaiting-review')).toEqual([b]);
  expect(await ids(people.office, '?overdue=true')).toEqual([a]);
  expect(await ids(people.office, '?year=2027')).toEqual([]);
  // A page at a time: the cursor goes on where the page before ended.
  const first = (await get(people.leadingGroup, '/problems?limit=3')).json<{ items: unknown[]; nextCursor: string }>();
  expect(first.items).toHaveLength(3);
  const second = (await get(people.leadingGroup, `/problems?limit=3&cursor=${first.nextCursor}`)).json<{
    items: ProblemSummaryItem[];
    nextCursor?: string;
  }>();
  expect(second.items.map((i) => i.problemId)).toEqual([d]);
  expect(second.nextCursor).toBeUndefined();
  // The list is read like every case: an entry of the audit trail names who read it.
  const entries = await sys.store.auditEntries({ person: people.leadingGroup.sub, limit: 10 });
  expect(entries.map((e) => [e.access, e.section, e.outcome])).toContainEqual(['read', '/problems', 'allowed']);
});

test('Issue 35 item 4: need to know: a city sees its counties too, a county its own, discipline what was transferred; nobody else', async () => {
  expect(await ids(people.taiyuan)).toEqual([a, b, c]);
  expect(await ids(people.datong)).toEqual([d]);
  expect(await ids({ sub: 'loufan', role: 'unit', unit: 'taiyuan-loufan' })).toEqual([c]);
  // A filter never widens: a county asking for its city's problems, or datong for taiyuan's.
  expect(await ids({ sub: 'loufan', role: 'unit', unit: 'taiyuan-loufan' }, '?city=taiyuan')).toEqual([c]);
  expect(await ids(people.datong, '?unit=taiyuan')).toEqual([]);
  // The discipline body sees the one transferred to it, without its progress.
  const disc = (await get(people.discipline, '/problems')).json<{ items: ProblemSummaryItem[] }>().items;
  expect(disc.map((i) => i.problemId)).toEqual([c]);
  expect(disc[0]!.lastProgress).toBeUndefined();
  expect(await ids({ sub: 'proc', role: 'discipline', unit: 'procuratorate' })).toEqual([]);
  for (const who of [people.groupLeader, people.public]) {
    for (const url of ['/problems', '/problems/export', '/problems/statistics']) {
      expect([who.role, url, (await get(who, url)).statusCode]).toEqual([who.role, url, 403]);
    }
  }
  expect((await get(undefined, '/problems')).statusCode).toBe(401);
  const county = (await get(people.taiyuan, '/problems/statistics')).json<{
    scope: string;
    total: { total: number };
  }>();
  expect(county).toMatchObject({ scope: 'own', total: { total: 3 } });
});

test('Issue 35 item 4: bad filters are refused (400) in Chinese and read nothing', async () => {
  const cases: Array<[string, RegExp]> = [
    ['/problems?state=closed', /查询参数.*取值不在允许范围内/],
    ['/problems?overdue=maybe', /查询参数/],
    ['/problems?limit=201', /不能大于 200/],
    ['/problems?year=1999', /不能小于 2015/],
    ['/problems?unit=nowhere', /单位名录中没有代码为 nowhere 的单位/],
    ['/problems?city=taiyuan-loufan', /没有代码为 taiyuan-loufan 的市/],
    ['/problems?cursor=bm90LWEtY3Vyc29y', /翻页标记无效/],
    ['/problems/export?format=pdf', /查询参数/],
    ['/problems/statistics?from=2026-13-01', /查询参数/],
    ['/problems/statistics?from=2026-12-01&to=2026-01-01', /起始日期（2026-12-01）晚于截止日期（2026-01-01）/],
  ];
  for (const [url, message] of cases) {
    const res = await get(people.office, url);
    expect([url, res.statusCode]).toEqual([url, 400]);
    expect(res.json<{ message: string }>().message).toMatch(message);
  }
});

test('Issue 35 item 4: the CSV export has the office’s columns in order, a BOM, the date in its name, and parses back', async () => {
  const res = await get(people.office, '/problems/export?format=csv&city=taiyuan');
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(res.headers['content-disposition']).toContain(`problems-${localToday()}.csv`);
  expect(res.headers['content-disposition']).toContain(encodeURIComponent('问题整改台账'));
  expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = parse(res.rawPayload.subarray(3).toString('utf8'));
  expect(rows[0]).toEqual([...ledgerColumns]);
  expect(rows.slice(1).map((r) => r[0])).toEqual(['1', '2', '3']);
  expect(rows[1]).toEqual([
    '1',
    '巡查',
    '晋脱贫巡〔2026〕太原市1号',
    '2026',
    '第十六条第（二）项',
    '太原市',
    '太原市',
    '王某（副市长）',
    '整改要求1：太原市危房改造补助资金发放不及时',
    '立行立改',
    '2026年1月5日',
    '',
    '1500.25',
    '0',
    '0',
    '整改中（逾期）',
    '',
    '0',
  ]);
  expect(rows[2]![15]).toBe('待审核销号');
  expect(rows[2]![11]).toBe('已完成整改，申请销号');
  // The county's long-term problem: its city, its cycle, and a progress text that looks like a formula, shown not run.
  expect(rows[3]).toMatchObject({ 5: '娄烦县', 6: '太原市', 9: '长期坚持', 13: '3', 14: '2' });
  expect(rows[3]![10]).toBe('每3个月报告一次整改进展（下次2099年2月1日前）');
  expect(rows[3]![11]).toBe(`'=HYPERLINK("http://x")`);
  // The discipline body's export: its one problem, the progress column empty.
  const disc = parse((await get(people.discipline, '/problems/export')).rawPayload.subarray(3).toString('utf8'));
  expect(disc.map((r) => r[11])).toEqual(['整改进展', '']);
  const entries = await sys.store.auditEntries({ person: people.office.sub, access: 'export', limit: 5 });
  expect(entries[0]).toMatchObject({ section: '/problems/export', outcome: 'allowed' });
});

test('Issue 35 item 4: the .xlsx export reads back in exceljs with the same columns, numbers as numbers', async () => {
  const res = await get(people.committee, '/problems/export?format=xlsx');
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect(res.headers['content-disposition']).toContain(`problems-${localToday()}.xlsx`);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const sheet = book.getWorksheet('问题整改台账')!;
  expect(sheet.rowCount).toBe(5);
  expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([...ledgerColumns]);
  const last = (sheet.getRow(5).values as unknown[]).slice(1);
  expect(last).toMatchObject({ 0: 4, 1: '督查', 4: '第十一条第（二）项', 5: '大同市', 12: 100, 15: '已销号', 17: 1 });
  // A text that looks like a formula stays a text.
  expect(sheet.getRow(4).getCell(12).value).toBe('=HYPERLINK("http://x")');
  expect(sheet.getRow(4).getCell(12).formula).toBeUndefined();
});

test('Issue 35 item 4 (Art. 11 (1)): GET /problems/statistics per unit and per city, with the period', async () => {
  const res = await get(people.office, '/problems/statistics');
  expect(res.statusCode).toBe(200);
  const stats = res.json<{
    period: { from: string; to: string };
    scope: string;
    total: Record<string, number>;
    byUnit: Array<Record<string, unknown>>;
    byCity: Array<Record<string, unknown>>;
  }>();
  expect(stats.period).toEqual({ from: `${localToday().slice(0, 4)}-01-01`, to: localToday() });
  expect(stats.scope).toBe('all');
  expect(stats.total).toMatchObject({
    total: 4,
    open: 3,
    overdue: 1,
    struckOffInPeriod: 1,
    reopened: 1,
    recoveredYuan: 1600.25,
    heldAccountable: 3,
    rulesMade: 2,
  });
  expect(stats.byCity).toEqual([
    expect.objectContaining({ city: 'datong', cityName: '大同市', total: 1, struckOffInPeriod: 1, recoveredYuan: 100 }),
    expect.objectContaining({ city: 'taiyuan', cityName: '太原市', total: 3, open: 3, overdue: 1, heldAccountable: 3 }),
  ]);
  expect(stats.byUnit.map((u) => [u.unit, u.city, u.total])).toEqual([
    ['datong', 'datong', 1],
    ['taiyuan', 'taiyuan', 2],
    ['taiyuan-loufan', 'taiyuan', 1],
  ]);
  // A period that ended before the 销号 counts none struck off in it.
  const before = (await get(people.office, '/problems/statistics?from=2020-01-01&to=2020-12-31')).json<{
    total: Record<string, number>;
  }>();
  expect(before.total).toMatchObject({ total: 4, struckOffInPeriod: 0, newInPeriod: 0 });
});
