/** The award round as the public sees it: the list in its publicity period, an objection, an objection's status. */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { LocalDate, Text, literals, strictInput } from '../../workflows/engine/schemas';
import { awardRoundIdPattern } from '../../workflows/award-round/contract';
import { NomineeSchema } from '../../workflows/nomination/contract';
import type { AwardKind } from '../../workflows/nomination/conditions';
import { nominationIdPattern } from '../../workflows/nomination/contract';
import { awardKinds, awardLabels } from '../../workflows/nomination/conditions';
import { unitKinds } from '../../workflows/domain';
import { unitCodeDoc, unitCodePattern } from '../../workflows/ids';

/** The list in its publicity period, as anyone reads it (GET /award-rounds/{roundId}/publicity). */
export const PublicityAnswer = Type.Object({
  roundId: Type.String(),
  title: Type.String(),
  from: LocalDate,
  to: LocalDate,
  open: Type.Boolean({ description: 'Objections are taken (the period has not ended)' }),
  entries: Type.Array(
    Type.Object({
      nominationId: Type.String(),
      name: Type.String(),
      workUnit: Type.String(),
      award: literals(awardKinds),
      awardLabel: Type.String(),
      nominatingUnit: Type.String(),
      deedsSummary: Type.String(),
      status: literals(['publicized', 'withdrawn'] as const),
      statusLabel: Type.String(),
    }),
  ),
});
export type AwardPublicityList = Static<typeof PublicityAnswer>;

/** An objection's status by its receipt code, as the one who lodged it reads it. */
export interface ObjectionStatus {
  receivedOn: string;
  status: 'received' | 'investigated' | 'upheld' | 'dismissed';
  statusLabel: string;
}

export const ObjectionInput = strictInput(
  Type.Object({
    nominationId: Type.String({ pattern: nominationIdPattern, description: 'From the published list' }),
    what: Type.String({ minLength: 1, maxLength: 4000, description: '异议内容（事实和依据）' }),
    name: Type.Optional(Type.String({ maxLength: 100, description: '姓名（可不填）' })),
    contact: Type.Optional(Type.String({ maxLength: 100, description: '联系方式（可不填）' })),
  }),
);

/** A round in the path. */
export const RoundParams = Type.Object({
  roundId: Type.String({ pattern: awardRoundIdPattern, description: 'e.g. award-round-2026' }),
});

/** The office opens the year's round. */
export const OpeningSchema = strictInput(
  Type.Object({
    year: Type.Integer({ minimum: 2015, maximum: 2100 }),
    quota: Type.Object(
      Object.fromEntries(
        awardKinds.map((a) => [a, Type.Integer({ minimum: 0, maximum: 50, description: awardLabels[a] })]),
      ) as Record<AwardKind, ReturnType<typeof Type.Integer>>,
      { description: 'The national quota per award for the province (0: not open this year)' },
    ),
    nominationDue: Type.Optional(
      Type.String({
        ...LocalDate,
        description:
          'The nomination deadline (the national office’s date; the end of that day, Asia/Shanghai). Without it: the deadline policy’s `award-nomination` (default 30 calendar days)',
      }),
    ),
    units: Type.Optional(
      Type.Array(Type.String({ pattern: unitCodePattern, description: unitCodeDoc() }), {
        minItems: 1,
        maxItems: 300,
        uniqueItems: true,
      }),
    ),
    scope: Type.Optional(
      Type.Array(literals(unitKinds), {
        minItems: 1,
        uniqueItems: true,
        description: 'Nominating units: every unit of these kinds in the registry (default: `city` and `department`)',
      }),
    ),
  }),
);

/** A statement against one condition. */
export const StatementInput = Type.Object({
  condition: Type.String({
    pattern: '^(basic|striving|contribution|dedication|innovation)-[0-9]$',
    description: 'A condition of GET /award-conditions',
  }),
  statement: Text('对照该条件的事迹说明', 4000),
});

/** A nominating unit's nomination. */
export const NominationInputSchema = strictInput(
  Type.Object({
    award: literals(awardKinds),
    nominee: NomineeSchema,
    deedsSummary: Text('主要事迹简介（公示时公开，不写联系方式）', 300),
    contacts: Type.Optional(
      Type.Object({
        phone: Type.Optional(Type.String({ maxLength: 50 })),
        email: Type.Optional(Type.String({ maxLength: 100 })),
        address: Type.Optional(Type.String({ maxLength: 200 })),
      }),
    ),
    evidence: Type.Array(StatementInput, { maxItems: 20 }),
  }),
);

/** An objection's status as the objector reads it. */
export const objectionStatusLabels: Record<ObjectionStatus['status'], string> = {
  received: '已受理，正在核查',
  investigated: '已核查，待领导小组研究决定',
  upheld: '经核查异议成立，已撤销推荐',
  dismissed: '经核查异议不成立',
};
