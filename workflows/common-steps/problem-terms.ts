/**
 * The terms of the problems a case issues (问题整改台账, issue 35; docs/ledger.md): the step that issues requirements
 * (Art. 11 (2), 16 (2)) may give each requirement its term (立行立改, 限期整改 with a date, 长期坚持 with a period);
 * a requirement without one is 限期整改 by the case's rectification deadline. Pure: the step checks the terms with it
 * against workflow time, and tests need no server.
 */
import type { TProperties } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import type { ProblemSource, ProblemTermKind } from '../domain';
import { problemTermKinds } from '../domain';
import { Done, literals } from '../engine/schemas';
import { chineseDate, localToday, realDate } from '../engine/texts';
import type { ProblemTerm } from '../problem/contract';

/** The article each kind of source issues its requirements under, as officials cite it. */
export const problemArticles: Record<Exclude<ProblemSource, 'public-report'>, string> = {
  patrol: '第十六条第（二）项',
  supervision: '第十一条第（二）项',
  'follow-up': '第十一条第（二）项',
  // 交办核查 (issue 36): a verified referral's true part; public reports and findings rest on Art. 5's methods.
  referral: '第五条',
};

/** The year of a case by its id (`patrol-2026-taiyuan-0001` → 2026). */
export const caseYear = (caseId: string): number => Number(/-([0-9]{4})-/.exec(caseId)?.[1] ?? 0);

/** A dated term lies within this many years of the day it is set; a longer one is 长期坚持. */
export const datedTermYears = 3;

/** The optional `terms` of a step that issues requirements. */
export const ProblemTermsInput = Type.Optional(
  Type.Array(
    Type.Object({
      requirement: Type.Integer({ minimum: 1, maximum: 30, description: 'The number of the requirement, from 1' }),
      kind: literals(
        Object.keys(problemTermKinds) as ProblemTermKind[],
        'immediate 立行立改, dated 限期整改 (with dueDate), long-term 长期坚持 (with everyMonths)',
      ),
      dueDate: Type.Optional(
        Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: '限期整改的完成日期' }),
      ),
      everyMonths: Type.Optional(
        Type.Integer({ minimum: 1, maximum: 12, description: '长期坚持: a progress report every so many months' }),
      ),
    }),
    {
      maxItems: 30,
      description:
        'Issue 35: the term of each requirement as a problem of the ledger (问题整改台账); a requirement without one is 限期整改 by the rectification deadline',
    },
  ),
);
export type ProblemTermInput = NonNullable<(typeof ProblemTermsInput)['static']>[number];

/** The last day a dated term may end on, set `today`. */
export function latestDueDate(today: string): string {
  return `${Number(today.slice(0, 4)) + datedTermYears}${today.slice(4)}`;
}

/**
 * The first problem of the terms, as a Chinese refusal: a requirement that does not exist, one given twice, a dated
 * term without a date or with a date before today or too far ahead, a date or a period where the kind takes none.
 */
export function termsProblem(
  terms: readonly ProblemTermInput[] | undefined,
  requirements: number,
  now = Date.now(),
): string | undefined {
  const today = localToday(now);
  const seen = new Set<number>();
  for (const t of terms ?? []) {
    const n = t.requirement;
    if (n > requirements) return `整改期限：没有第${n}项整改要求（共${requirements}项）`;
    if (seen.has(n)) return `整改期限：第${n}项整改要求的期限重复设定`;
    seen.add(n);
    const kind = problemTermKinds[t.kind];
    if (t.kind === 'dated') {
      if (!t.dueDate) return `整改期限：第${n}项为限期整改，须写明整改完成日期`;
      if (!realDate(t.dueDate)) return `整改期限：第${n}项的整改完成日期${t.dueDate}不是有效日期`;
      if (t.dueDate < today)
        return `整改期限：第${n}项的整改完成日期${chineseDate(t.dueDate)}早于今天（${chineseDate(today)}）`;
      const latest = latestDueDate(today);
      if (t.dueDate > latest)
        return `整改期限：第${n}项的整改完成日期不得晚于${chineseDate(latest)}（${datedTermYears}年内），更长期的整改请定为长期坚持`;
    } else if (t.dueDate) {
      return `整改期限：第${n}项为${kind}，不另设整改完成日期`;
    }
    if (t.everyMonths !== undefined && t.kind !== 'long-term')
      return `整改期限：第${n}项为${kind}，不设定期报告进展的间隔`;
  }
  return undefined;
}

/** The term of each requirement (1 … `requirements`): as given, else 限期整改 by `dueDate` (the case's deadline). */
export function problemTerms(
  terms: readonly ProblemTermInput[] | undefined,
  requirements: number,
  dueDate: string,
): ProblemTerm[] {
  return Array.from({ length: requirements }, (_, i) => {
    const t = terms?.find((x) => x.requirement === i + 1);
    if (!t) return { kind: 'dated', dueDate };
    return {
      kind: t.kind,
      ...(t.kind === 'dated' && t.dueDate ? { dueDate: t.dueDate } : {}),
      ...(t.kind === 'long-term' && t.everyMonths ? { everyMonths: t.everyMonths } : {}),
    };
  });
}

/** On the record of a case that issued requirements: the ids of their problems (absent before the ledger). */
export const ProblemIds = Type.Optional(
  Type.Array(Type.String(), { description: 'Issue 35: the problems of the ledger its requirements became, in order' }),
);

/** The input of a step that issues requirements, with their terms (`terms`). */
export const issuingInput = <P extends TProperties>(props: P) => Type.Object({ ...props, terms: ProblemTermsInput });

/** What a case keeps of the requirements it issued, with their problems' ids (`problems`). */
export const issuedRecord = <P extends TProperties>(props: P) =>
  Type.Object({ ...props, problems: ProblemIds, ...Done });
