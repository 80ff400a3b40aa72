import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { TransferRecipient } from '../../workflows/domain';
import { transferRecipients, unitKindLabels, unitKinds } from '../../workflows/domain';
import { literals } from '../../workflows/engine/schemas';
import { errorResponses } from '../schemas';

// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const system: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health/live',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness: the API process answers (restart it if not)',
        security: [],
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    // eslint-disable-next-line @typescript-eslint/require-await
    async () => ({ status: 'ok' as const }),
  );

  const Readiness = Type.Object({
    status: Type.Union([Type.Literal('ready'), Type.Literal('degraded')]),
    temporal: Type.Boolean({ description: 'The Temporal frontend answers' }),
    store: Type.Boolean({ description: 'The case store answers' }),
    workers: Type.Integer({ description: 'Workers that polled the case task queue in the last 90 s' }),
  });
  app.get(
    '/health/ready',
    {
      schema: {
        tags: ['system'],
        summary: 'Readiness: Temporal reachable, the case store reachable, at least one worker polling',
        description:
          '200 when all three hold; 503 (with the same body) when one does not: reads still answer from the case store, steps answer 503 after STEP_WAIT_SECONDS. A load balancer may send traffic elsewhere meanwhile.',
        security: [],
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (_request, reply) => {
      const [temporal, store, workers] = await Promise.all([
        app.cases.reachable(),
        app.store.ping(),
        app.cases.workerPollers(),
      ]);
      const ready = temporal && store && (workers ?? 0) > 0;
      if (!ready) reply.status(503).header('retry-after', '10');
      return { status: ready ? ('ready' as const) : ('degraded' as const), temporal, store, workers: workers ?? 0 };
    },
  );

  app.get(
    '/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness, and whether Temporal answers (kept for older checks; see /health/live and /health/ready)',
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
        summary:
          'Art. 2, 7, 16: the units that can be supervised or patrolled, which are member units, and the discipline bodies',
        description:
          'Every field that takes a unit code takes a `code` from `units` (`targetUnit`, `--unit` of a `unit` token, a group ' +
          "member's unit). `member: true` marks the leading group's member units (Art. 7: a supervision group's members are " +
          'drawn from them). `disciplineBodies` are the bodies violations are transferred to (Art. 16), and the only unit ' +
          'codes a `discipline` token may carry.',
        response: {
          200: Type.Object({
            units: Type.Array(
              Type.Object({
                code: Type.String(),
                name: Type.String(),
                kind: literals(unitKinds),
                kindLabel: Type.String({ description: '市 / 县 / 省直部门' }),
                parent: Type.Optional(Type.String({ description: "A county's city" })),
                member: Type.Boolean({ description: 'A member unit of the provincial leading group (Art. 7)' }),
              }),
            ),
            disciplineBodies: Type.Array(
              Type.Object({
                code: Type.String({ description: 'The unit code a discipline token carries' }),
                name: Type.String(),
                receives: literals(Object.keys(transferRecipients) as TransferRecipient[]),
              }),
            ),
          }),
          ...errorResponses(401),
        },
      },
    },
    // eslint-disable-next-line @typescript-eslint/require-await
    async () => ({
      units: [...app.units.values()].map((u) => ({
        ...u,
        kindLabel: unitKindLabels[u.kind],
        member: u.member ?? false,
      })),
      disciplineBodies: Object.entries(transferRecipients).map(([receives, body]) => ({
        code: body.unit,
        name: body.name,
        receives: receives as TransferRecipient,
      })),
    }),
  );
};

export default system;
