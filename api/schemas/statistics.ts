/** The answer of `GET /statistics` (统计): the route shapes it, the workbench's statistics page shows it. */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

const Count = Type.Integer({ minimum: 0 });
const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
  description: 'Share of the submitted items; null when none was submitted',
});

export const StatisticsSchema = Type.Object({
  year: Type.Optional(Type.Integer({ description: 'The year the counted cases began in; absent: every year' })),
  scope: Type.Union([Type.Literal('all'), Type.Literal('own')], {
    description: 'all: every case (the overseers); own: only what concerns the caller',
  }),
  cases: Type.Optional(
    Type.Object({
      total: Count,
      byKind: Type.Array(Type.Object({ kind: Type.String(), label: Type.String(), count: Count })),
      byStage: Type.Array(
        Type.Object({ kind: Type.String(), stage: Type.String(), stageLabel: Type.String(), count: Count }),
      ),
      byUnit: Type.Array(
        Type.Object({
          unit: Type.String(),
          unitName: Type.String(),
          patrol: Count,
          supervision: Count,
          commended: Count,
        }),
      ),
    }),
  ),
  findings: Type.Optional(
    Type.Object({
      total: Count,
      byKeyItem: Type.Array(
        Type.Object({
          kind: Type.String(),
          keyItem: Type.Integer(),
          article: Type.String({ description: '第九条第（三）项, 第十四条第（三）项' }),
          label: Type.String(),
          count: Count,
          fromThirdPartyAssessment: Count,
        }),
      ),
      byUnit: Type.Array(
        Type.Object({ unit: Type.String(), kind: Type.String(), keyItem: Type.Integer(), count: Count }),
      ),
    }),
  ),
  submissions: Type.Optional(
    Type.Array(
      Type.Object({
        kind: Type.String(),
        label: Type.String(),
        total: Count,
        submitted: Count,
        onTime: Count,
        late: Count,
        onTimeRate: Rate,
        lateRate: Rate,
        waiting: Count,
        overdue: Count,
        extensions: Count,
        escalations: Count,
      }),
    ),
  ),
  overdueNow: Type.Optional(
    Type.Array(
      Type.Object({
        caseId: Type.String(),
        unit: Type.String(),
        unitName: Type.String(),
        kind: Type.String(),
        label: Type.String(),
        dueAt: Type.String({ format: 'date-time' }),
      }),
    ),
  ),
  transfers: Type.Optional(
    Type.Object({
      total: Count,
      acknowledged: Count,
      /** Issue 36 item 3: transfers whose receiving body reported what came of them (courtesy, never chased). */
      reported: Count,
      byRecipient: Type.Array(
        Type.Object({
          recipient: Type.String(),
          name: Type.String(),
          total: Count,
          acknowledged: Count,
          reported: Count,
        }),
      ),
    }),
  ),
});
/** The answer of `GET /statistics`. */
export type Statistics = Static<typeof StatisticsSchema>;
