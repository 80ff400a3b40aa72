/**
 * The rectification ledger's queries and answers (问题整改台账, issue 35; api/routes/ledger.ts): the filters, a problem
 * as the list shows it, and the figures per unit and per city. The workbench's ledger pages show the same.
 */
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import type { ProblemSource, ProblemTermKind } from '../../workflows/domain';
import { problemSources, problemTermKinds } from '../../workflows/domain';
import { literals } from '../../workflows/engine/schemas';
import { unitCodeDoc } from '../../workflows/ids';
import { problemStages } from '../../workflows/problem/contract';
import { YearSchema } from '../../workflows/supervision-plan/contract';

const code = '^[a-z][a-z0-9-]*$';

/** The filters of the list, the exports and the figures. */
export const LedgerFilterFields = {
  unit: Type.Optional(Type.String({ pattern: code, maxLength: 64, description: unitCodeDoc('The responsible unit') })),
  city: Type.Optional(
    Type.String({ pattern: code, maxLength: 64, description: unitCodeDoc('A city, with its counties') }),
  ),
  source: Type.Optional(literals(Object.keys(problemSources) as ProblemSource[], 'Where the problem was found')),
  year: Type.Optional(YearSchema),
  article: Type.Optional(
    Type.String({ minLength: 1, maxLength: 50, description: 'The article and item, as cited: 第十六条第（二）项' }),
  ),
  term: Type.Optional(
    literals(
      Object.keys(problemTermKinds) as ProblemTermKind[],
      'immediate 立行立改, dated 限期整改, long-term 长期坚持',
    ),
  ),
  state: Type.Optional(literals(problemStages, 'rectifying 整改中, awaiting-review 待审核销号, struck-off 已销号')),
  overdue: Type.Optional(Type.Boolean({ description: 'Past its term and still being rectified' })),
};
export const LedgerFilterSchema = Type.Object(LedgerFilterFields);
export type LedgerFilter = Static<typeof LedgerFilterSchema>;

export const LedgerListQuery = Type.Object({
  ...LedgerFilterFields,
  cursor: Type.Optional(
    Type.String({ pattern: '^[A-Za-z0-9_-]{1,400}$', description: 'The `nextCursor` of the page before' }),
  ),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
});

const Money = Type.Number({ minimum: 0, description: '追回资金（元）' });
const Count = Type.Integer({ minimum: 0 });

export const ProblemFiguresSummary = Type.Object({
  recoveredYuan: Money,
  heldAccountable: Type.Integer({ minimum: 0, description: '问责人数' }),
  rulesMade: Type.Integer({ minimum: 0, description: '建章立制（项）' }),
  other: Type.Array(Type.Object({ label: Type.String(), value: Type.Number(), unit: Type.Optional(Type.String()) })),
});

/** One problem as the ledger lists it. */
export const ProblemSummarySchema = Type.Object({
  problemId: Type.String(),
  url: Type.String({ description: 'GET it for the whole problem with its history' }),
  unit: Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String() }),
  city: Type.Optional(Type.Object({ code: Type.String(), name: Type.String() })),
  requirement: Type.String({ description: '整改要求' }),
  responsible: Type.Optional(Type.Object({ person: Type.String(), post: Type.Optional(Type.String()) })),
  term: Type.Object({
    kind: Type.String(),
    label: Type.String({ description: '立行立改、限期整改、长期坚持' }),
    dueDate: Type.Optional(Type.String({ description: '限期整改: the date the requirement set' })),
    everyMonths: Type.Optional(Type.Integer({ description: '长期坚持: a progress report every so many months' })),
  }),
  dueAt: Type.Optional(Type.String({ format: 'date-time', description: 'The end of the open term' })),
  dueDate: Type.Optional(Type.String({ description: 'Its date in Beijing (YYYY-MM-DD)' })),
  state: Type.String(),
  stateLabel: Type.String({ description: '整改中、待审核销号、已销号' }),
  overdue: Type.Boolean(),
  struckOffAt: Type.Optional(Type.String({ format: 'date-time' })),
  reopened: Type.Integer({ minimum: 0, description: '反弹次数' }),
  figures: ProblemFiguresSummary,
  lastProgress: Type.Optional(
    Type.Object(
      { what: Type.String(), at: Type.String({ format: 'date-time' }) },
      { description: 'Not for discipline' },
    ),
  ),
  source: Type.Object({
    kind: Type.String(),
    label: Type.String({ description: '巡查、督查、回头看、群众举报' }),
    caseId: Type.String(),
    requirement: Type.Integer(),
    article: Type.String(),
    year: Type.Integer(),
  }),
});
export type ProblemSummaryItem = Static<typeof ProblemSummarySchema>;

export const LedgerPageSchema = Type.Object({
  items: Type.Array(ProblemSummarySchema),
  nextCursor: Type.Optional(Type.String({ description: 'Absent on the last page' })),
});

export const LedgerStatisticsQuery = Type.Object({
  ...LedgerFilterFields,
  from: Type.Optional(Type.String({ format: 'date', description: 'First day of the period (default 1 January)' })),
  to: Type.Optional(Type.String({ format: 'date', description: 'Last day of the period (default today)' })),
});

const Counts = {
  total: Count,
  open: Type.Integer({ minimum: 0, description: 'Not struck off' }),
  overdue: Count,
  struckOffInPeriod: Type.Integer({ minimum: 0, description: '本期销号' }),
  newInPeriod: Type.Integer({ minimum: 0, description: '本期新增' }),
  reopened: Type.Integer({ minimum: 0, description: 'Problems reopened (反弹) at least once' }),
  recoveredYuan: Money,
  heldAccountable: Count,
  rulesMade: Count,
};

export const LedgerStatisticsSchema = Type.Object({
  period: Type.Object({ from: Type.String(), to: Type.String() }),
  scope: literals(['all', 'own'] as const, 'all: every problem (the overseers); own: what the caller may see'),
  total: Type.Object(Counts),
  byUnit: Type.Array(
    Type.Object({
      unit: Type.String(),
      unitName: Type.String(),
      city: Type.Optional(Type.String()),
      ...Counts,
    }),
  ),
  byCity: Type.Array(Type.Object({ city: Type.String(), cityName: Type.String(), ...Counts })),
});
export type LedgerStatistics = Static<typeof LedgerStatisticsSchema>;
