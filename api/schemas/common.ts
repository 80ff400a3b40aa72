/** The shapes every route shares: the refusal (`Error`, one schema for every 4xx and 5xx) and the `Idempotency-Key`. */
import type { TSchema } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';

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
