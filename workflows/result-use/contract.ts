/**
 * A use of results (结果运用, Art. 11 (1); issue 36 item 2; docs/result-uses.md): a decision of the leading group on a
 * case or a problem of the ledger, to criticise a unit in a circular (通报批评), to summon its leaders (约谈), or to put a
 * problem under named, dated supervision until 摘牌 (挂牌督办). Its record, its steps and who sees what.
 */
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import type { Actor, ResultUseType, TargetUnit } from '../domain';
import { resultUseTypes } from '../domain';
import type { CaseState } from '../engine/case';
import type { CaseRecord } from '../engine/record';
import type { ViewSpec } from '../engine/view';
import { caseContract, defineSteps } from '../engine/contract';
import { Done, Instant, TargetUnitSchema, Text, caseRecordFields, literals } from '../engine/schemas';

/** `result-use-2026-0001`: the year of the decision and its serial within the year. */
export const resultUseIdPattern = '^result-use-[0-9]{4}-[0-9]{4}$';
export const resultUseId = (year: number, serial: number) => `result-use-${year}-${String(serial).padStart(4, '0')}`;

export const resultUseStages = ['circulated', 'summoned', 'recorded', 'listed', 'delisted'] as const;
export type ResultUseStage = (typeof resultUseStages)[number];
export const resultUseStageLabels: Record<ResultUseStage, string> = {
  circulated: '已通报',
  summoned: '待约谈',
  recorded: '已约谈',
  listed: '挂牌督办中',
  delisted: '已摘牌',
};
/** The stage each type starts in. */
export const firstStageOf: Record<ResultUseType, ResultUseStage> = {
  criticism: 'circulated',
  interview: 'summoned',
  listing: 'listed',
};

export const typeList = Object.keys(resultUseTypes) as ResultUseType[];

/** A person named in a decision: 被约谈人, 责任领导, a participant of the talk. */
export const PersonSchema = Type.Object({ name: Text('姓名', 50), post: Text('职务', 100) });
export type Person = Static<typeof PersonSchema>;

/** A time in Beijing as people give it: `2027-01-27T09:30` (or with a space). */
export const LocalDateTime = Type.String({
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}$',
  description: 'Beijing time, YYYY-MM-DDTHH:mm',
});

/** What the decision rests on: a patrol or supervision, a problem of the ledger, or both; named in words too. */
export const SubjectSchema = Type.Object({
  caseId: Type.Optional(Type.String()),
  problemId: Type.Optional(Type.String()),
  /** `2026年对太原市的巡查`, `太原市整改问题（2026年巡查第三项整改要求）`: how the documents name it. */
  description: Type.String(),
});
export type Subject = Static<typeof SubjectSchema>;

export const ResultUseFields = Type.Object({
  type: literals(typeList, 'criticism 通报批评, interview 约谈, listing 挂牌督办'),
  year: Type.Integer(),
  subject: SubjectSchema,
  /** The decision of the leading group and its reason (事由). */
  decision: Type.Object({ reason: Type.String(), ...Done }),
  circular: Type.Optional(
    Type.Object({
      text: Type.String({ description: '通报内容' }),
      circulateTo: Type.Union([Type.Literal('all'), Type.Array(Type.String())]),
      /** The units it went to, from the registry when it was issued (the unit concerned always among them). */
      units: Type.Array(TargetUnitSchema),
      circulatedAt: Type.Optional(Instant),
    }),
  ),
  interview: Type.Optional(
    Type.Object({ leaders: Type.Array(PersonSchema), scheduledAt: Type.String(), place: Type.String() }),
  ),
  interviewRecord: Type.Optional(
    Type.Object({
      heldAt: Type.String(),
      attendees: Type.Array(PersonSchema),
      text: Type.String(),
      commitments: Type.Array(Type.String()),
      ...Done,
    }),
  ),
  listing: Type.Optional(
    Type.Object({
      requirement: Type.String({ description: '督办事项' }),
      dueDate: Type.Optional(Type.String()),
      responsibleLeader: PersonSchema,
    }),
  ),
  listingProgress: Type.Optional(Type.Array(Type.Object({ text: Type.String(), ...Done }))),
  delisting: Type.Optional(Type.Object({ reason: Type.String(), ...Done })),
});
export type ResultUseFieldValues = Static<typeof ResultUseFields>;
export type ResultUseRecord = CaseRecord<ResultUseStage> & ResultUseFieldValues;

export const ResultUseViewSchema = Type.Object(
  { ...caseRecordFields('result-use', literals(resultUseStages)), ...Type.Partial(ResultUseFields).properties },
  { $id: 'ResultUseView' },
);

/** What a use of results starts with (the API checked it: docs/result-uses.md). */
export interface ResultUseInput {
  type: ResultUseType;
  year: number;
  unit: TargetUnit;
  subject: Subject;
  reason: string;
  circular?: { text: string; circulateTo: 'all' | string[] };
  interview?: { leaders: Person[]; scheduledAt: string; place: string };
  listing?: { requirement: string; dueDate?: string; responsibleLeader: Person };
  /** The leading group's member who decided. */
  by: Actor;
  resume?: CaseState<ResultUseStage, ResultUseFieldValues>;
}

export const resultUseSteps = defineSteps<ResultUseStage>()({
  recordInterview: {
    path: 'record',
    input: Type.Object({
      heldAt: LocalDateTime,
      attendees: Type.Array(PersonSchema, { minItems: 1, maxItems: 30, description: '参加约谈人员' }),
      text: Text('约谈记录（约谈情况）', 8000),
      commitments: Type.Array(Text('承诺事项', 500), { minItems: 1, maxItems: 20 }),
    }),
    roles: ['office'],
    stages: ['summoned'],
    summary:
      'Issue 36 item 2: the office records the talk (约谈记录): when, who attended, what was said, the commitments',
    description: 'The record is issued to the unit as the 约谈记录 and the 约谈 ends.',
  },
  reportListingProgress: {
    path: 'progress',
    input: Type.Object({ text: Text('整改进展', 2000) }),
    roles: ['unit'],
    scope: 'own-unit',
    stages: ['listed'],
    summary: 'Issue 36 item 2: the unit reports progress on a problem under 挂牌督办',
    description: 'As often as it likes; the term runs until the leading group delists (摘牌).',
  },
  delist: {
    path: 'delist',
    input: Type.Object({ reason: Text('摘牌理由（整改核查情况）', 1000) }),
    roles: ['leading-group'],
    stages: ['listed'],
    summary: 'Issue 36 item 2: the leading group takes the problem off the list (摘牌), with its reason',
    description: 'The term is closed: no reminder, red light or 督办 follows.',
  },
});

/** Need to know (docs/result-uses.md): the unit concerned and the units circulated to see all but the `subject` ids. */
const resultUseFieldNames = Object.keys(ResultUseFields.properties) as Array<keyof ResultUseFieldValues>;

export const resultUseView: ViewSpec<ResultUseRecord, keyof ResultUseFieldValues> = {
  fields: resultUseFieldNames,
  sections: {
    office: 'all',
    'leading-group': 'all',
    committee: 'all',
    unit: resultUseFieldNames.filter((f) => f !== 'subject'),
    discipline: [],
    'group-leader': [],
    public: [],
    auditor: [],
  },
  externalStage: (stage) => stage,
  stageLabels: resultUseStageLabels,
};

export const resultUseContract = caseContract({
  kind: 'result-use',
  workflowType: 'resultUse',
  resource: 'result-uses',
  steps: resultUseSteps,
  view: resultUseView,
  viewSchema: ResultUseViewSchema,
  id: {
    param: 'resultUseId',
    schema: Type.String({ pattern: resultUseIdPattern, description: 'e.g. result-use-2026-0001' }),
  },
  notFound: '没有找到这项结果运用',
});
