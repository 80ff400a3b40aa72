import type { ProblemCursor, ProblemFilter, ProblemViewer } from '../../lib/store/case-store';
import type { ProblemRecord } from '../../workflows/problem/contract';
import type { ProblemSpec } from '../helpers/problem-records';
import { problemRecord, problemViewers } from '../helpers/problem-records';
import { storeEngines, useStore } from './store-fixtures';

/**
 * lib/store/problems.ts and problem-statistics.ts: the rectification ledger's index (问题整改台账, issue 35), written with
 * each problem's record, and its lists, exports and figures in SQL with need to know in the query.
 */
const now = new Date('2026-12-10T00:00:00.000Z');
const past = '2026-12-05T15:59:59.999Z';
const future = '2027-02-01T15:59:59.999Z';
const office: ProblemViewer = { role: 'office' };

/** The ledger of these tests: units of two cities, a county, a department; every source, term and stage. */
const ledger: Record<string, ProblemSpec> = {
  a: { unit: 'taiyuan', requirement: 1, term: 'immediate', dueAt: past, figures: { recoveredYuan: 1000.5 } },
  b: { unit: 'taiyuan', requirement: 2, term: 'dated', stage: 'awaiting-review', progress: '已整改' },
  c: { unit: 'taiyuan-loufan', requirement: 1, term: 'long-term', dueAt: future, figures: { heldAccountable: 2 } },
  d: {
    unit: 'taiyuan-loufan',
    requirement: 2,
    stage: 'struck-off',
    struckOffAt: '2026-12-03T02:00:00.000Z',
    figures: { recoveredYuan: 20, rulesMade: 3 },
    transferredTo: ['discipline-commission'],
  },
  e: {
    unit: 'datong',
    source: 'supervision-2026-datong-0001',
    sourceKind: 'supervision',
    article: '第十一条第（二）项',
    dueAt: past,
  },
  f: {
    unit: 'datong-tianzhen',
    source: 'supervision-2027-datong-tianzhen-9001',
    sourceKind: 'follow-up',
    year: 2027,
    reopenings: 1,
    dueAt: future,
  },
  g: {
    unit: 'dept-finance',
    source: 'public-report-0123456789abcdef0123',
    sourceKind: 'public-report',
    article: '第五条',
    dueAt: past,
    transferredTo: ['procuratorate'],
  },
};
const records = Object.fromEntries(Object.entries(ledger).map(([k, spec]) => [k, problemRecord(spec)]));
const letterOf = new Map(Object.entries(records).map(([k, r]) => [r.caseId, k]));

describe.each(storeEngines())('The rectification ledger (lib/store/problems.ts) on %s', (_engine, location) => {
  const store = useStore(location);
  const save = (record: ProblemRecord) => store().saveCase({ record, viewers: problemViewers(record) });
  const letters = async (filter: ProblemFilter, viewer: ProblemViewer = office) =>
    (await store().listProblems(filter, viewer, undefined, 200, now)).rows.map((r) => letterOf.get(r.problemId)).sort();

  beforeAll(async () => {
    for (const r of Object.values(records)) await save(r);
  });

  test('Issue 35 item 4: each write of a problem writes its row with the record; an older revision changes nothing', async () => {
    const [a] = (await store().listProblems({ unit: 'taiyuan', termKind: 'immediate' }, office, undefined, 10, now))
      .rows;
    expect(a).toMatchObject({
      problemId: 'problem-patrol-2026-taiyuan-0001-1',
      sourceKind: 'patrol',
      sourceCase: 'patrol-2026-taiyuan-0001',
      requirementNo: 1,
      year: 2026,
      article: '第十六条第（二）项',
      unit: { code: 'taiyuan', name: '太原市', kind: 'city' },
      cityCode: 'taiyuan',
      termKind: 'immediate',
      dueAt: past,
      state: 'rectifying',
      overdue: true,
      reopened: 0,
      figures: { recoveredYuan: 1000.5, heldAccountable: 0, rulesMade: 0, other: [] },
      responsible: { person: '王某', post: '副市长' },
    });
    // The unit reports progress with figures (revision 2), then a stale write of revision 1 arrives: the row keeps 2.
    const later = problemRecord({
      ...ledger.c,
      revision: 2,
      progress: '已追回资金',
      figures: { heldAccountable: 5, recoveredYuan: 12.34, other: [{ label: '整改项目数', value: 4, unit: '个' }] },
    });
    expect(await save(later)).toBe('saved');
    expect(await save(records.c!)).toBe('stale');
    const [c] = (
      await store().listProblems({ unit: 'taiyuan-loufan', termKind: 'long-term' }, office, undefined, 5, now)
    ).rows;
    expect(c).toMatchObject({
      cityCode: 'taiyuan',
      termEveryMonths: 3,
      figures: { recoveredYuan: 12.34, heldAccountable: 5, other: [{ label: '整改项目数', value: 4, unit: '个' }] },
      lastProgress: { what: '已追回资金' },
    });
    // A department has no city; a public report's problem takes its year from its source (its id names none).
    const [g] = (await store().listProblems({ sourceKind: 'public-report' }, office, undefined, 5, now)).rows;
    expect(g).toMatchObject({ unit: { code: 'dept-finance', kind: 'department' }, year: 2026 });
    expect(g!.cityCode).toBeUndefined();
    // The struck-off problem has no open term and its 销号 time.
    const [d] = (await store().listProblems({ state: 'struck-off' }, office, undefined, 5, now)).rows;
    expect(d).toMatchObject({ struckOffAt: '2026-12-03T02:00:00.000Z', overdue: false });
    expect(d!.dueAt).toBeUndefined();
    // Back as it was (a newer revision), for the figures below.
    await save(problemRecord({ ...ledger.c, revision: 3 }));
  });

  test('Issue 35 item 4: every filter of the ledger: unit, city with its counties, source, year, article, term, state, overdue', async () => {
    expect(await letters({})).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(await letters({ unit: 'taiyuan' })).toEqual(['a', 'b']);
    expect(await letters({ city: 'taiyuan' })).toEqual(['a', 'b', 'c', 'd']);
    expect(await letters({ city: 'datong' })).toEqual(['e', 'f']);
    expect(await letters({ sourceKind: 'supervision' })).toEqual(['e']);
    expect(await letters({ sourceKind: 'follow-up' })).toEqual(['f']);
    expect(await letters({ year: 2027 })).toEqual(['f']);
    expect(await letters({ year: 2026, city: 'datong' })).toEqual(['e']);
    expect(await letters({ article: '第十一条第（二）项' })).toEqual(['e']);
    expect(await letters({ termKind: 'long-term' })).toEqual(['c']);
    expect(await letters({ termKind: 'immediate' })).toEqual(['a']);
    expect(await letters({ state: 'awaiting-review' })).toEqual(['b']);
    expect(await letters({ state: 'struck-off' })).toEqual(['d']);
    // Overdue: past its term and still being rectified (b has no open term; d is struck off).
    expect(await letters({ overdue: true })).toEqual(['a', 'e', 'g']);
    expect(await letters({ overdue: false })).toEqual(['b', 'c', 'd', 'f']);
    expect(await letters({ overdue: true, city: 'taiyuan' })).toEqual(['a']);
    // The export is the same set, in the ledger's order: the newest year first, then by source case and requirement.
    expect((await store().exportProblems({}, office, now)).map((r) => letterOf.get(r.problemId))).toEqual([
      'f',
      'a',
      'b',
      'c',
      'd',
      'g',
      'e',
    ]);
  });

  test('Issue 35 item 4: need to know in SQL: overseers all; a city its counties too; a county, a department its own; discipline only what was transferred to it; others nothing', async () => {
    for (const role of ['office', 'leading-group', 'committee'] as const) {
      expect(await letters({}, { role })).toHaveLength(7);
    }
    expect(await letters({}, { role: 'unit', unit: 'taiyuan', city: true })).toEqual(['a', 'b', 'c', 'd']);
    // The same unit, were it not a city in the registry, sees only its own.
    expect(await letters({}, { role: 'unit', unit: 'taiyuan' })).toEqual(['a', 'b']);
    expect(await letters({}, { role: 'unit', unit: 'taiyuan-loufan' })).toEqual(['c', 'd']);
    expect(await letters({}, { role: 'unit', unit: 'dept-finance' })).toEqual(['g']);
    // A filter never widens: a county asking for its city's problems gets its own of them.
    expect(await letters({ city: 'taiyuan' }, { role: 'unit', unit: 'taiyuan-loufan' })).toEqual(['c', 'd']);
    expect(await letters({ unit: 'taiyuan' }, { role: 'unit', unit: 'datong', city: true })).toEqual([]);
    expect(await letters({}, { role: 'discipline', unit: 'discipline-commission' })).toEqual(['d']);
    expect(await letters({}, { role: 'discipline', unit: 'procuratorate' })).toEqual(['g']);
    expect(await letters({}, { role: 'discipline', unit: 'somebody-else' })).toEqual([]);
    for (const role of ['group-leader', 'public', 'auditor'] as const) {
      expect(await letters({}, { role, unit: 'taiyuan' })).toEqual([]);
      expect(await store().exportProblems({}, { role }, now)).toEqual([]);
      expect((await store().problemStatistics({}, { role }, { from: past, to: future }, now)).total.total).toBe(0);
    }
    expect(await letters({}, { role: 'unit' })).toEqual([]);
  });

  test('Issue 35 item 4: the cursor pages through more than one page, each problem once, in order, with every filter', async () => {
    const many = Array.from({ length: 23 }, (_, i) =>
      problemRecord({
        unit: 'datong-tianzhen',
        source: 'patrol-2025-datong-tianzhen-0002',
        year: 2025,
        requirement: i + 1,
      }),
    );
    for (const r of many) await save(r);
    const seen: string[] = [];
    let cursor: ProblemCursor | undefined;
    let pages = 0;
    do {
      const page = await store().listProblems({ year: 2025 }, office, cursor, 10, now);
      seen.push(...page.rows.map((r) => r.problemId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(many.map((r) => r.caseId));
    // Across years and sources: the whole ledger in pages of 4 is the export, in the same order.
    const all: string[] = [];
    cursor = undefined;
    do {
      const page = await store().listProblems({ city: 'datong' }, office, cursor, 4, now);
      all.push(...page.rows.map((r) => r.problemId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(all).toEqual((await store().exportProblems({ city: 'datong' }, office, now)).map((r) => r.problemId));
    expect(all).toHaveLength(25);
    // Need to know holds on every page: the city of datong's unit sees its 25, taiyuan's none of them.
    const theirs = await store().listProblems(
      { year: 2025 },
      { role: 'unit', unit: 'taiyuan', city: true },
      undefined,
      10,
    );
    expect(theirs.rows).toEqual([]);
    await store().db.deleteFrom('problems').where('year', '=', 2025).execute();
  });

  test('Issue 35 item 4 (Art. 11 (1)): statistics per unit and per city, the period, the figures summed; the reports’ summary', async () => {
    const period = { from: '2026-12-01T00:00:00+08:00', to: '2027-01-01T00:00:00+08:00' };
    const stats = await store().problemStatistics({}, office, period, now);
    expect(stats.total).toEqual({
      total: 7,
      open: 6,
      overdue: 3,
      struckOffInPeriod: 1,
      newInPeriod: 7,
      reopened: 1,
      recoveredYuan: 1020.5,
      heldAccountable: 2,
      rulesMade: 3,
    });
    expect(stats.byCity.find((c) => c.city === 'taiyuan')).toMatchObject({
      total: 4,
      open: 3,
      overdue: 1,
      struckOffInPeriod: 1,
      recoveredYuan: 1020.5,
      rulesMade: 3,
    });
    expect(stats.byUnit.map((u) => u.unit)).toEqual([
      'datong',
      'datong-tianzhen',
      'dept-finance',
      'taiyuan',
      'taiyuan-loufan',
    ]);
    expect(stats.byUnit.find((u) => u.unit === 'dept-finance')).toMatchObject({ total: 1, overdue: 1 });
    expect(stats.byCity.map((c) => c.city)).toEqual(['datong', 'taiyuan']);
    // A period before the 销号 counts none struck off in it.
    const before = await store().problemStatistics({}, office, { from: past, to: future }, now);
    expect(before.total.struckOffInPeriod).toBe(0);
    // A county's office counts its own only.
    const county = await store().problemStatistics({}, { role: 'unit', unit: 'taiyuan-loufan' }, period, now);
    expect(county.total).toMatchObject({ total: 2, open: 1, recoveredYuan: 20 });
    expect(await store().problemSummary({ year: 2026 }, now)).toEqual({
      total: 6,
      open: 5,
      overdue: 3,
      struckOff: 1,
      reopened: 0,
      recoveredYuan: 1020.5,
      heldAccountable: 2,
      rulesMade: 3,
    });
    expect(await store().problemSummary({ sourceCases: ['supervision-2027-datong-tianzhen-9001'] }, now)).toMatchObject(
      { total: 1, open: 1, reopened: 1, overdue: 0 },
    );
    expect((await store().problemSummary({ sourceCases: [] }, now)).total).toBe(0);
  });
});
