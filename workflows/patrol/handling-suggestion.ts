/**
 * Art. 15 (2): an on-site handling suggestion (处理建议) is for a problem 群众反映强烈、明显违反规定且应当及时解决, and goes
 * to the unit's party organisation at once. Pure, tested without a server.
 */
import type { TargetUnit } from '../domain';
import { article } from '../engine/texts';

/** The three conditions of Art. 15 (2), as the suggestion records them (each says how the problem meets it). */
export const suggestionGrounds = {
  publicConcern: '群众反映强烈',
  violation: '明显违反规定',
  urgency: '应当及时解决',
} as const;

export type SuggestionGrounds = Record<keyof typeof suggestionGrounds, string>;

/**
 * Refusal when the suggestion does not say how the problem meets all three conditions: the measures allow a suggestion
 * only for such problems. (Checked when sent: suggestions accepted before the rule replay as they ran.)
 */
export function suggestionGroundsProblem(d: Partial<SuggestionGrounds>): string | undefined {
  const missing = (Object.keys(suggestionGrounds) as Array<keyof typeof suggestionGrounds>).filter(
    (k) => !d[k]?.trim(),
  );
  if (!missing.length) return undefined;
  return `现场处理建议仅限群众反映强烈、明显违反规定且应当及时解决的问题（${article(15, 2)}），请写明${missing
    .map((k) => suggestionGrounds[k])
    .join('、')}的情况`;
}

/**
 * Whom the suggestion is addressed to (Art. 15 (2)): a provincial department's 党委（党组）; a city's or county's
 * 党委、政府 in the form officials write them, 中共太原市委、太原市人民政府.
 */
export function suggestionAddressee(unit: Pick<TargetUnit, 'name' | 'kind'>): string {
  return unit.kind === 'department' ? `${unit.name}党委（党组）` : `中共${unit.name}委、${unit.name}人民政府`;
}

/** The event of a suggestion sent: `向中共太原市委、太原市人民政府提出处理建议1`. */
export const suggestionSent = (addressee: string, id: number) => `向${addressee}提出处理建议${id}`;
