/**
 * The national poverty-alleviation awards (全国脱贫攻坚奖, Part 1 of the source): the basic conditions every nominee
 * must meet and the four awards with their own. The words are the source's; each condition has an id the evidence and
 * the review name. Pure (the conditions are the national text, not data that changes).
 */
export const awardKinds = ['striving', 'contribution', 'dedication', 'innovation'] as const;
export type AwardKind = (typeof awardKinds)[number];
export const awardLabels: Record<AwardKind, string> = {
  striving: '奋进奖',
  contribution: '贡献奖',
  dedication: '奉献奖',
  innovation: '创新奖',
};

export interface AwardCondition {
  id: string;
  text: string;
}

/** 基本条件: every nominee, whatever the award. */
export const basicConditions: readonly AwardCondition[] = [
  { id: 'basic-1', text: '热爱祖国' },
  { id: 'basic-2', text: '拥护中国共产党的领导' },
  { id: 'basic-3', text: '认真践行扶贫开发战略思想' },
  { id: 'basic-4', text: '坚决贯彻党中央国务院脱贫攻坚决策部署' },
  { id: 'basic-5', text: '真抓实干、成效显著' },
  { id: 'basic-6', text: '群众认可、社会公认' },
];

/**
 * 各奖项具体条件. 奋进奖 names two ways to it (lifted out of poverty by one's own work; or led others out of it), so one
 * of its two suffices (`any`); every other award asks for all of its conditions.
 */
export const awardConditions: Record<AwardKind, { mode: 'all' | 'any'; conditions: readonly AwardCondition[] }> = {
  striving: {
    mode: 'any',
    conditions: [
      { id: 'striving-1', text: '自力更生、艰苦奋斗，光荣脱贫勤劳致富' },
      { id: 'striving-2', text: '积极作为、勇于担当，带领群众摆脱贫困' },
    ],
  },
  contribution: {
    mode: 'all',
    conditions: [
      { id: 'contribution-1', text: '认真履职尽责，深入调查研究' },
      { id: 'contribution-2', text: '倾心用力真扶贫扶真贫，出色完成扶贫任务' },
    ],
  },
  dedication: {
    mode: 'all',
    conditions: [
      { id: 'dedication-1', text: '认真履行社会责任，热心扶贫济困，乐于奉献爱心' },
      { id: 'dedication-2', text: '帮扶效果显著' },
    ],
  },
  innovation: {
    mode: 'all',
    conditions: [
      { id: 'innovation-1', text: '聚焦脱贫攻坚，创新扶贫理论，改革方式方法' },
      { id: 'innovation-2', text: '取得重要成果' },
    ],
  },
};

/** Every condition a nominee for `award` is reviewed against: the basic ones, then the award's. */
export const conditionsOf = (award: AwardKind): AwardCondition[] => [
  ...basicConditions,
  ...awardConditions[award].conditions,
];

export const conditionText = (id: string): string =>
  [...basicConditions, ...Object.values(awardConditions).flatMap((a) => a.conditions)].find((c) => c.id === id)?.text ??
  id;

/** How the office finds a condition (met / not met / needs more evidence). */
export const conditionVerdicts = { met: '符合', 'not-met': '不符合', 'needs-more': '需补充材料' } as const;
export type ConditionVerdict = keyof typeof conditionVerdicts;

/** Which conditions must have evidence before review: every basic one, the award's (for `any`, at least one). */
export function missingEvidence(award: AwardKind, evidenced: ReadonlySet<string>): string | undefined {
  const basic = basicConditions.filter((c) => !evidenced.has(c.id));
  if (basic.length) return `基本条件“${basic.map((c) => c.text).join('”“')}”`;
  const { mode, conditions } = awardConditions[award];
  const own = conditions.filter((c) => !evidenced.has(c.id));
  if (mode === 'all' && own.length) return `${awardLabels[award]}条件“${own.map((c) => c.text).join('”“')}”`;
  if (mode === 'any' && own.length === conditions.length)
    return `${awardLabels[award]}条件（“${conditions.map((c) => c.text).join('”或“')}”，至少一项）`;
  return undefined;
}

/** Whether verdicts pass: every basic condition met, and the award's conditions as its mode asks. */
export function passes(award: AwardKind, verdicts: ReadonlyMap<string, ConditionVerdict>): boolean {
  const met = (c: AwardCondition) => verdicts.get(c.id) === 'met';
  const { mode, conditions } = awardConditions[award];
  return basicConditions.every(met) && (mode === 'all' ? conditions.every(met) : conditions.some(met));
}
