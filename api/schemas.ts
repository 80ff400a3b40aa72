import type { Static, TSchema } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import type { PatrolCaseRecord } from '../workflows/patrol';
import { caseIdPattern, caseKinds, groundsSources, patrolStages, roles, unitKinds } from '../workflows/domain';

/** Request and response schemas: they validate input, shape output and generate the OpenAPI document. */

/** A string enum typed as the union of its values. */
export const literals = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

export const ErrorSchema = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    message: Type.String({ description: '给人读的说明（中文）' }),
    code: Type.Optional(Type.String({ description: 'Machine-readable reason, e.g. StepOutOfOrder' })),
  },
  { $id: 'Error' },
);

export const errorResponses = (...codes: number[]): Record<number, TSchema> =>
  Object.fromEntries(codes.map((c) => [c, Type.Ref('Error')]));

export const CaseIdParam = Type.Object({
  caseId: Type.String({ pattern: caseIdPattern, description: 'Business workflow id, e.g. patrol-2026-taiyuan-0001' }),
});

export const PatrolIdParam = Type.Object({
  caseId: Type.String({
    pattern: caseIdPattern.replace('(patrol|supervision)', 'patrol'),
    description: 'e.g. patrol-2026-taiyuan-0001',
  }),
});

export const ActorSchema = Type.Object({
  id: Type.String(),
  name: Type.Optional(Type.String()),
  role: literals(roles),
  unit: Type.Optional(Type.String()),
  group: Type.Optional(Type.String()),
});

const TargetUnitSchema = Type.Object({ code: Type.String(), name: Type.String(), kind: literals(unitKinds) });

const CaseEventSchema = Type.Object({
  at: Type.String({ format: 'date-time' }),
  stage: Type.String(),
  action: Type.String(),
  summary: Type.String(),
  by: Type.Optional(ActorSchema),
  note: Type.Optional(Type.String()),
});

const AwaitedActionSchema = Type.Object({
  role: literals(roles),
  unit: Type.Optional(Type.String()),
  group: Type.Optional(Type.String()),
  action: Type.String(),
  label: Type.String(),
  dueAt: Type.Optional(Type.String({ format: 'date-time' })),
});

export const GroundsSchema = Type.Object({
  sources: Type.Array(literals(groundsSources, 'Art. 12: information held'), { minItems: 1, uniqueItems: true }),
  summary: Type.String({ minLength: 1, maxLength: 4000, description: '依据摘要（中文）' }),
});

export const PatrolRecordSchema = Type.Object(
  {
    caseId: Type.String(),
    kind: literals(caseKinds),
    targetUnit: TargetUnitSchema,
    stage: literals(patrolStages),
    stageLabel: Type.String(),
    closed: Type.Boolean(),
    awaiting: Type.Array(AwaitedActionSchema),
    events: Type.Array(CaseEventSchema),
    grounds: GroundsSchema,
    approval: Type.Optional(
      Type.Object({
        decision: literals(['approve', 'reject'] as const),
        reason: Type.Optional(Type.String()),
        by: ActorSchema,
        at: Type.String({ format: 'date-time' }),
      }),
    ),
  },
  { $id: 'PatrolCaseRecord' },
);

// Compile-time guard: the response schema and the workflow's record type describe the same thing.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const patrolRecordMatchesWorkflow: Same<Static<typeof PatrolRecordSchema>, PatrolCaseRecord> = true;

export const CaseLinksSchema = Type.Object({
  self: Type.String({ description: 'API URL of the case' }),
  temporalUi: Type.String({ description: 'The case in Temporal UI' }),
});

export const CaseSummarySchema = Type.Object({
  caseId: Type.String(),
  kind: Type.String(),
  targetUnit: Type.String(),
  stage: Type.String(),
  awaiting: Type.Array(Type.String()),
  overdue: Type.Boolean(),
  dueAt: Type.Optional(Type.String({ format: 'date-time' })),
  status: Type.String({ description: 'Temporal execution status: RUNNING, COMPLETED, …' }),
  startedAt: Type.String({ format: 'date-time' }),
  links: CaseLinksSchema,
});

/** `Idempotency-Key` header: a retried request with the same key has its effect once. */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 8,
      maxLength: 128,
      pattern: '^[A-Za-z0-9._:-]+$',
      description: 'Request id; a retry with the same key has its effect once',
    }),
  ),
});
