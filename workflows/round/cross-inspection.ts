/**
 * Art. 5 cross inspection (交叉督查): each target city is inspected by a group from another city. Pure and
 * deterministic, so it may run in workflow code: the same cities and year always give the same assignment.
 */

export interface CrossAssignment {
  /** The city inspected. */
  target: string;
  /** The city whose group inspects it. */
  inspector: string;
}

/**
 * Assign an inspecting city to every target. Cities are put in code order and each target is inspected by the
 * city `shift` places after it, with `shift` between 1 and n-1 chosen from the year: nobody inspects itself,
 * every inspector takes at most one target (so the load is even), and the pairing changes from year to year.
 *
 * @example
 * assignCrossInspection(['datong', 'taiyuan', 'yangquan'], ['datong', 'taiyuan', 'yangquan'], 2026)
 */
export function assignCrossInspection(targets: string[], inspectors: string[], year: number): CrossAssignment[] {
  const pool = [...new Set(inspectors)].sort();
  if (pool.length < 2) throw new Error('交叉督查至少需要两个市');
  const outside = targets.filter((t) => !pool.includes(t));
  if (outside.length) throw new Error(`交叉督查只在市之间进行：${outside.join('、')} 不是参与交叉督查的市`);
  const shift = 1 + (year % (pool.length - 1));
  return [...new Set(targets)]
    .sort()
    .map((target) => ({ target, inspector: pool[(pool.indexOf(target) + shift) % pool.length]! }));
}
