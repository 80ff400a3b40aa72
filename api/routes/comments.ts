/**
 * Internal comments on a supervision or a patrol (ours; 内部意见): anyone working on a case writes to an audience they
 * belong to, and reads what is addressed to them (workflows/common-steps/comments.ts). The text goes to the case store first;
 * the case keeps its reference and SHA-256 (claim check).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { CaseComment } from '../../workflows/common-steps/comments';
import {
  audiencesOf,
  commentAudienceLabels,
  commentAudiences,
  commentRoles,
  commentWriters,
} from '../../workflows/common-steps/comments';
import { HttpRefusal, caseNotFound } from '../refusal';
import type { CommentsList } from '../schemas';
import { CommentInput, CommentsAnswer, IdempotencyHeaders, errorResponses } from '../schemas';

// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const comments: FastifyPluginAsyncTypebox = async (app) => {
  const CaseParams = Type.Object({ caseId: Type.String({ pattern: app.kinds.caseIdPattern }) });

  app.get(
    '/cases/:caseId/comments',
    {
      onRequest: app.requireRole(),
      schema: {
        tags: ['cases'],
        summary: 'Internal comments on a case (内部意见) addressed to the caller, oldest first',
        description:
          'The overseers read every comment; the group’s leader those addressed to the group (or, older ones, to the unit); the unit none (internal comments are never the unit’s). Anyone who may not see the case: 404. `audiences`: whom the caller may write to.',
        params: CaseParams,
        response: { 200: CommentsAnswer, ...errorResponses(401, 404, 429, 503) },
      },
    },
    async (request): Promise<CommentsList> => {
      const { caseId } = request.params;
      app.cases.contractOf(caseId);
      const view = (await app.cases.readCase(caseId, request.actor)) as { comments?: CaseComment[] };
      const texts = await Promise.all(
        (view.comments ?? []).map(async (c) => {
          const doc = await app.store.document(c.text.id);
          // The store answers what the record's hash says, or the comment is shown as missing (never another text).
          return doc && doc.sha256 === c.text.sha256
            ? doc.bytes.toString('utf8')
            : '（意见内容无法读取，请联系办公室）';
        }),
      );
      return {
        comments: (view.comments ?? []).map((c, i) => ({
          id: c.id,
          audience: c.audience,
          audienceLabel: commentAudienceLabels[c.audience],
          text: texts[i]!,
          at: c.at,
          by: c.by,
        })),
        audiences: (commentRoles as readonly string[]).includes(request.actor.role)
          ? audiencesOf(request.actor.role).map((audience) => ({ audience, label: commentAudienceLabels[audience] }))
          : [],
      };
    },
  );

  app.post(
    '/cases/:caseId/comments',
    {
      // Issue 34: internal comments are never the unit's (it neither writes nor reads them).
      onRequest: app.requireRole(...commentWriters),
      schema: {
        tags: ['cases'],
        summary: 'Write an internal comment on a case (内部意见) to an audience the caller belongs to',
        description: [
          `\`audience\`: ${commentAudiences.map((a) => `\`${a}\` (${commentAudienceLabels[a]})`).join(', ')}. The overseers may address \`overseers\` or \`group\`; the group’s leader \`group\`; \`unit\` (older comments only) is refused with 422; the unit writes none. Any other: 403.`,
          'The text goes to the case store; the case keeps its SHA-256. Not an event of the timeline: only the audience learns that the comment exists. While the case is open; anyone who may not see the case: 404.',
        ].join('\n\n'),
        params: CaseParams,
        headers: IdempotencyHeaders,
        body: CommentInput,
        response: { 200: Type.Any(), ...errorResponses(400, 401, 403, 404, 409, 413, 422, 429, 503) },
      },
    },
    async (request) => {
      const { caseId } = request.params;
      const contract = app.cases.contractOf(caseId);
      const { text, audience } = request.body;
      // Not the caller's to see: the answer of a case that does not exist, before anything is stored.
      await app.cases.readCase(caseId, request.actor);
      if (!text.trim()) throw new HttpRefusal(422, '请写明意见内容', 'InvalidRequest');
      const step = contract.steps.addComment;
      if (!step) throw caseNotFound();
      const key = (request.headers as { 'idempotency-key'?: string })['idempotency-key'];
      // The text to the case store first (claim check): the comment keeps its reference and hash.
      return app.cases.stepWithClaim(contract, step, caseId, request.actor, key, async (claim) => ({
        audience,
        text: await claim.text(caseId, 'comments', 'text', 'comment.txt', text),
      }));
    },
  );
};

export default comments;
