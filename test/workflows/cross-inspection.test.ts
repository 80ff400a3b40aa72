import fc from 'fast-check';
import { assignCrossInspection } from '../../workflows/round/cross-inspection';

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
