/**
 * 交办核查 (issue 36, docs/referrals.md): the referrals a caller may see, newest first, from the case store. The
 * overseers see every referral, with the overdue filter and each one's nearest due time (the lights of the office's
 * list); a unit sees those referred to it (its inbox) and nothing of the others; everyone else is refused.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { unitCodeDoc } from '../../workflows/ids';
import { literals } from '../../workflows/engine/schemas';
import { referralStages } from '../../workflows/referral/contract';
import { CaseSummarySchema, errorResponses } from '../schemas';

const code = '^[a-z][a-z0-9-]*$';

// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const referralLists: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/referrals',
    {
      onRequest: app.requireRole('office', 'leading-group', 'committee', 'unit'),
      schema: {
        tags: ['referrals'],
        summary: 'Issue 36: the referrals for verification (交办核查) the caller may see, newest first',
        description:
          'The office, the leading group and the committee see every referral, with `overdue` and `dueAt` (the lights of the office’s list); a unit sees the referrals made to it and nothing else. Filters: `stage` (verifying, awaiting-review, concluded), `unit`, `overdue` (overseers only).',
        querystring: Type.Object({
          stage: Type.Optional(literals(referralStages)),
          unit: Type.Optional(Type.String({ pattern: code, description: unitCodeDoc() })),
          overdue: Type.Optional(Type.Boolean({ description: 'Overseers only' })),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        }),
        response: {
          200: Type.Object({ referrals: Type.Array(CaseSummarySchema) }),
          ...errorResponses(400, 401, 403, 422),
        },
      },
    },
    async (request) => ({ referrals: await app.cases.listKind('referral', request.query, request.actor) }),
  );
};

export default referralLists;
