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

/** The leading group's change to one pair, with its reason (Art. 5: the leading group organises cross inspection). */
export interface CrossAdjustment {
  target: string;
  inspector: string;
  reason: string;
}

/**
 * Apply the leading group's adjustments to an assignment: each names a target and the city that shall inspect it
 * instead, with a reason kept on the pair. The result must still have no city inspecting itself and no city inspecting
 * two targets; otherwise the first problem is thrown (in Chinese), and nothing is assigned.
 *
 * @example
 * adjustCrossInspection(assignCrossInspection(cities, cities, 2026), [{ target: 'taiyuan', inspector: 'lvliang', reason: '回避' }])
 */
export function adjustCrossInspection(
  assignment: CrossAssignment[],
  adjustments: CrossAdjustment[],
): Array<CrossAssignment & { reason?: string }> {
  const pool = new Set(assignment.flatMap((a) => [a.target, a.inspector]));
  const result: Array<CrossAssignment & { reason?: string }> = assignment.map((a) => ({ ...a }));
  for (const adj of adjustments) {
    const pair = result.find((a) => a.target === adj.target);
    if (!pair) throw new Error(`调整的${adj.target}不在本次交叉检查之内`);
    if (!pool.has(adj.inspector)) throw new Error(`${adj.inspector}不是参与本次交叉检查的市`);
    if (!adj.reason.trim()) throw new Error(`调整${adj.target}的检查方须说明理由`);
    pair.inspector = adj.inspector;
    pair.reason = adj.reason;
  }
  const self = result.find((a) => a.inspector === a.target);
  if (self) throw new Error(`交叉检查中不能检查本市：${self.target}`);
  const seen = new Set<string>();
  for (const a of result) {
    if (seen.has(a.inspector)) throw new Error(`交叉检查中每个市只检查一个市：${a.inspector}被安排检查两个市`);
    seen.add(a.inspector);
  }
  return result;
}
