/**
 * The HTTP-only schemas: errors, links, lists, headers. What a case kind's steps take and its records look like is
 * declared once, in the kind's contract (workflows/{kind}/contract.ts).
 */
import type { TSchema } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { caseIdPattern } from '../workflows/ids';

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

export const CaseLinksSchema = Type.Object({
  self: Type.String({ description: 'API URL of the case' }),
  temporalUi: Type.String({ description: 'The case in Temporal UI' }),
});

export const StartedCaseSchema = Type.Object({ caseId: Type.String(), stage: Type.String(), links: CaseLinksSchema });

export const CaseSummarySchema = Type.Object({
  caseId: Type.String(),
  kind: Type.String(),
  targetUnit: Type.String(),
  stage: Type.String({ description: 'As the caller may see it (the unit and the receiving bodies see fewer stages)' }),
  awaiting: Type.Array(Type.String(), {
    description: 'Who the case waits for (`CaseAwaiting` tags); for anyone but the overseers only the caller',
  }),
  overdue: Type.Optional(Type.Boolean({ description: 'Something is overdue (overseers only)' })),
  dueAt: Type.Optional(Type.String({ format: 'date-time', description: 'Earliest due instant (overseers only)' })),
  status: Type.String({ description: 'Temporal execution status: RUNNING, COMPLETED, …' }),
  startedAt: Type.String({ format: 'date-time' }),
  links: CaseLinksSchema,
});

export const TaskSchema = Type.Object({
  caseId: Type.String(),
  kind: Type.String(),
  unitName: Type.String(),
  stage: Type.String(),
  stageLabel: Type.String(),
  step: Type.String({ description: 'The step of the kind that does it' }),
  label: Type.String(),
  url: Type.String({ description: 'The API endpoint that does it (POST)' }),
  dueAt: Type.Optional(Type.String({ format: 'date-time' })),
  dueDate: Type.Optional(Type.String()),
  overdue: Type.Boolean(),
  handler: Type.Optional(Type.String({ description: 'Within the unit: who handles it (承办人), once signed for' })),
  links: CaseLinksSchema,
});

/** `Idempotency-Key` header (see docs/architecture.md: a retry takes effect once; the key cannot be used for anything else). */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 8,
      maxLength: 128,
      pattern: '^[A-Za-z0-9._:-]+$',
      description:
        'Request id. A retry with the same key and the same body by the same person takes effect once; the same key with another body or on another step is refused (422 IdempotencyKeyReused).',
    }),
  ),
});
