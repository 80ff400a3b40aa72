import fc from 'fast-check';
import { adjustCrossInspection, assignCrossInspection } from '../../workflows/supervision-round/cross-inspection';

const cities = [
  'taiyuan',
  'datong',
  'yangquan',
  'changzhi',
  'jincheng',
  'shuozhou',
  'jinzhong',
  'yuncheng',
  'xinzhou',
  'linfen',
  'lvliang',
];

describe('Art. 5: cross inspection between cities', () => {
  const plans = fc
    .record({
      inspectors: fc.subarray(cities, { minLength: 2 }),
      year: fc.integer({ min: 2015, max: 2100 }),
    })
    .chain(({ inspectors, year }) =>
      fc.record({
        inspectors: fc.constant(inspectors),
        year: fc.constant(year),
        targets: fc.subarray(inspectors, { minLength: 1 }),
      }),
    );

  test('no city inspects itself, every target is assigned, and the load is even (property)', () => {
    fc.assert(
      fc.property(plans, ({ inspectors, targets, year }) => {
        const assignment = assignCrossInspection(targets, inspectors, year);
        expect(assignment.map((a) => a.target).sort()).toEqual([...targets].sort());
        for (const a of assignment) {
          expect(a.inspector).not.toBe(a.target);
          expect(inspectors).toContain(a.inspector);
        }
        const load = new Map<string, number>();
        for (const a of assignment) load.set(a.inspector, (load.get(a.inspector) ?? 0) + 1);
        // Every inspector takes at most one target; with all cities as targets, exactly one each.
        expect(Math.max(...load.values())).toBe(1);
        if (targets.length === inspectors.length) expect(load.size).toBe(inspectors.length);
      }),
      { numRuns: 500 },
    );
  });

  test('reproducible: the same cities and year give the same assignment, whatever order they are listed in (property)', () => {
    fc.assert(
      fc.property(plans, ({ inspectors, targets, year }) => {
        const once = assignCrossInspection(targets, inspectors, year);
        const shuffled = assignCrossInspection([...targets].reverse(), [...inspectors].reverse(), year);
        expect(shuffled).toEqual(once);
      }),
      { numRuns: 300 },
    );
  });

  test('the 11 cities in 2026: each inspected by another city, each inspecting one', () => {
    const a = assignCrossInspection(cities, cities, 2026);
    expect(a).toHaveLength(11);
    expect(new Set(a.map((x) => x.inspector)).size).toBe(11);
    expect(a.every((x) => x.target !== x.inspector)).toBe(true);
    expect(assignCrossInspection(cities, cities, 2027)).not.toEqual(a);
  });

  test('a city alone, or a non-city target, is refused with a clear error', () => {
    expect(() => assignCrossInspection(['taiyuan'], ['taiyuan'], 2026)).toThrow('至少需要两个市');
    expect(() => assignCrossInspection(['dept-finance'], cities, 2026)).toThrow('dept-finance');
  });
});

describe('Art. 5: cross patrols (交叉巡查) between cities, adjustable by the leading group with a reason', () => {
  test('a cross-patrol set is valid for every city count from 2 to 11, every year and serial', () => {
    for (let n = 2; n <= 11; n++) {
      const set = cities.slice(0, n);
      for (const year of [2026, 2027, 2028, 2029, 2030]) {
        for (const serial of [1, 2, 3]) {
          const pairs = adjustCrossInspection(assignCrossInspection(set, set, year + serial), []);
          // Every city is patrolled once, by another city, and patrols exactly one.
          expect(pairs.map((p) => p.target).sort()).toEqual([...set].sort());
          expect(pairs.every((p) => p.inspector !== p.target)).toBe(true);
          expect(new Set(pairs.map((p) => p.inspector)).size).toBe(n);
          // Deterministic.
          expect(assignCrossInspection([...set].reverse(), set, year + serial)).toEqual(pairs);
        }
      }
    }
  });

  test('an adjustment with a reason changes a pair and keeps the reason; one that breaks the rules is refused', () => {
    const set = ['taiyuan', 'datong', 'yangquan', 'changzhi'];
    const pairs = assignCrossInspection(set, set, 2027);
    // Swap the inspectors of two targets where neither would then patrol itself.
    const [a, b] = pairs.flatMap((p) =>
      pairs.filter((q) => q !== p && p.target !== q.inspector && q.target !== p.inspector).map((q) => [p, q] as const),
    )[0]!;
    const swapped = adjustCrossInspection(pairs, [
      { target: a.target, inspector: b.inspector, reason: '回避：组长曾在该市任职' },
      { target: b.target, inspector: a.inspector, reason: '对调' },
    ]);
    expect(swapped.find((p) => p.target === a.target)).toMatchObject({
      inspector: b.inspector,
      reason: '回避：组长曾在该市任职',
    });
    expect(new Set(swapped.map((p) => p.inspector)).size).toBe(4);
    expect(() => adjustCrossInspection(pairs, [{ target: 'taiyuan', inspector: 'taiyuan', reason: 'x' }])).toThrow(
      '不能检查本市',
    );
    const other = pairs.find((p) => p.target !== 'taiyuan' && p.inspector !== 'taiyuan')!;
    const taken = pairs.find((p) => p.target === 'taiyuan')!;
    expect(() =>
      adjustCrossInspection(pairs, [{ target: other.target, inspector: taken.inspector, reason: '理由' }]),
    ).toThrow('只检查一个市');
    expect(() => adjustCrossInspection(pairs, [{ target: 'taiyuan', inspector: 'xinzhou', reason: '理由' }])).toThrow(
      '不是参与本次交叉检查的市',
    );
    expect(() => adjustCrossInspection(pairs, [{ target: a.target, inspector: b.inspector, reason: ' ' }])).toThrow(
      '须说明理由',
    );
  });
});
