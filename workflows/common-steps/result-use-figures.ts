/**
 * What the year's patrol rectification report says of the uses of results (结果运用: 通报批评, 约谈, 挂牌督办; issue 36
 * item 2, docs/result-uses.md): one sentence an official signs as it is, from the store's figures of the year
 * (lib/store/result-uses.ts `resultUseStatistics`, and the listings taken off the list). Pure.
 */
import type { ResultUseType } from '../domain';

/** A year's uses of results per type, and how many of its listings have been delisted (摘牌). */
export type ResultUseFigures = Record<ResultUseType, number> & { delisted: number };

/**
 * `本年度对整改不力的单位通报批评2次，约谈1次，挂牌督办问题3个（已摘牌1个）。` Only the types used; undefined when none was.
 */
export function resultUseSentence(f: ResultUseFigures | undefined, scope = '本年度'): string | undefined {
  if (!f || !(f.criticism || f.interview || f.listing)) return undefined;
  const delisted = !f.delisted ? '尚未摘牌' : f.delisted >= f.listing ? '均已摘牌' : `已摘牌${f.delisted}个`;
  const parts = [
    f.criticism ? `通报批评${f.criticism}次` : '',
    f.interview ? `约谈${f.interview}次` : '',
    f.listing ? `挂牌督办问题${f.listing}个（${delisted}）` : '',
  ].filter(Boolean);
  return `${scope}对整改不力的单位${parts.join('，')}。`;
}
