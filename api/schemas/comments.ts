/** Internal comments on a case (内部意见): what a comment takes and how the list answers; the workbench uses both. */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { commentAudiences, commentMaxLength } from '../../workflows/common-steps/comments';
import { ActorSchema, Instant, literals, strictInput } from '../../workflows/engine/schemas';

export const CommentInput = strictInput(
  Type.Object({
    text: Type.String({ minLength: 1, maxLength: commentMaxLength, description: '意见' }),
    audience: literals(commentAudiences, '范围'),
  }),
);

const AudienceSchema = literals(commentAudiences);
export const CommentsAnswer = Type.Object({
  comments: Type.Array(
    Type.Object({
      id: Type.Integer(),
      audience: AudienceSchema,
      audienceLabel: Type.String(),
      text: Type.String(),
      at: Instant,
      by: ActorSchema,
    }),
  ),
  /** The audiences the caller may write to. */
  audiences: Type.Array(Type.Object({ audience: AudienceSchema, label: Type.String() })),
});
export type CommentsList = Static<typeof CommentsAnswer>;
