/**
 * Issue 35 item 1: the office projects the problems of cases whose requirements went out before the rectification
 * ledger (问题整改台账), once; idempotent (api/services/problem-projection.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '../schemas';
import { projectProblems } from '../services/problem-projection';

const ProjectionSchema = Type.Object({
  cases: Type.Integer({ description: 'Patrols and supervisions whose requirements went out before the ledger' }),
  started: Type.Integer({ description: 'Problems started now' }),
  existed: Type.Integer({ description: 'Problems the ledger had already (a projection sent again starts none)' }),
});

// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const problemProjection: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/problems/projection',
    {
      onRequest: app.requireRole('office'),
      schema: {
        tags: ['ledger'],
        summary:
          'Issue 35: start the problems of cases whose requirements went out before the ledger (the office, once)',
        description:
          'Every patrol (Art. 16 (2)) and supervision (Art. 11 (2), follow-up visits included) in the case store with rectification requirements and no problems of its own gets one problem per requirement (`problem-{caseId}-{n}`), 限期整改 by the case’s rectification deadline. Sent again, it starts only what is missing and counts the rest as existing.',
        response: { 200: ProjectionSchema, ...errorResponses(401, 403, 429, 503) },
      },
    },
    async () => projectProblems(app.store, app.cases, app.units),
  );
};

export default problemProjection;
