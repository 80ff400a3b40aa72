import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { unitKinds } from '../../workflows/domain';
import { literals } from '../../workflows/shared/schemas';
import { errorResponses } from '../schemas';

// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const system: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness, and whether Temporal answers',
        security: [],
        response: { 200: Type.Object({ status: Type.Literal('ok'), temporal: Type.Boolean() }) },
      },
    },
    async () => ({ status: 'ok' as const, temporal: await app.cases.reachable() }),
  );

  app.get(
    '/units',
    {
      onRequest: app.requireRole(),
      schema: {
        tags: ['registry'],
        summary: 'Art. 2: the units that can be supervised or patrolled',
        response: {
          200: Type.Object({
            units: Type.Array(
              Type.Object({
                code: Type.String(),
                name: Type.String(),
                kind: literals(unitKinds),
                parent: Type.Optional(Type.String()),
              }),
            ),
          }),
          ...errorResponses(401),
        },
      },
    },
    // eslint-disable-next-line @typescript-eslint/require-await
    async () => ({ units: [...app.units.values()] }),
  );
};

export default system;
