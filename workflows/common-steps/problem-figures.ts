/**
 * What the reports say of rectification from the ledger (问题整改台账, issue 35): the round's and the year's reports
 * draw their figures from the store's summary of the problems (lib/store/problem-statistics.ts `problemSummary`), in
 * sentences an official signs as they are. Pure.
 */
import type { Block } from '../../lib/documents/official-document';
import type { ProblemSummary } from '../../lib/store/problem-statistics';

/** `3.5万元`, `8000元`: money as a report says it (万元 to the fen from ten thousand yuan up). */
export function yuanText(yuan: number): string {
  if (yuan < 10_000) return `${Number(yuan.toFixed(2))}元`;
  return `${Number((yuan / 10_000).toFixed(6))}万元`;
}

/**
 * `据问题整改台账，本轮综合督查提出的整改问题共12个，已销号5个，整改中7个，其中逾期2个；销号后经回头看或复查反弹1个。
 * 通过整改追回资金3.5万元，问责8人，建章立制3项。` `scope` names whose problems these are.
 */
export function ledgerSentences(s: ProblemSummary, scope: string): string {
  const open = s.open
    ? `整改中${s.open}个${s.overdue ? `，其中逾期${s.overdue}个` : '，均在整改期限内'}`
    : '已全部销号';
  const struck = s.open ? `已销号${s.struckOff}个，${open}` : open;
  const rebound = s.reopened ? `；销号后经回头看或复查反弹${s.reopened}个` : '';
  const results = [
    s.recoveredYuan ? `追回资金${yuanText(s.recoveredYuan)}` : '',
    s.heldAccountable ? `问责${s.heldAccountable}人` : '',
    s.rulesMade ? `建章立制${s.rulesMade}项` : '',
  ].filter(Boolean);
  return `据问题整改台账，${scope}提出的整改问题共${s.total}个，${struck}${rebound}。${
    results.length ? `通过整改${results.join('，')}。` : ''
  }`;
}

/** The section a report adds when the ledger holds problems of what it reports on (nothing when it holds none). */
export function ledgerBlocks(s: ProblemSummary | undefined, scope: string, heading = true): Block[] {
  if (!s?.total) return [];
  return [...(heading ? [{ heading: 1 as const, text: '问题整改台账' }] : []), { text: ledgerSentences(s, scope) }];
}
