import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { TransferRecipient } from '../../workflows/domain';
import { transferRecipients, unitKindLabels, unitKinds } from '../../workflows/domain';
import { literals } from '../../workflows/engine/schemas';
import { errorResponses } from '../schemas';
import { HttpRefusal } from '../refusal';
import { unitCodeDoc, unitCodePattern } from '../../workflows/ids';

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

  app.get(
    '/units/:code/people',
    {
      onRequest: app.requireRole('unit', 'office'),
      schema: {
        tags: ['registry'],
        summary: "The people of a unit who have signed in (签收、转派: a unit's 承办人 are picked from them)",
        description:
          'A person of the unit reads its own people; the office any unit’s. Another unit’s people answer 404, as an unknown unit does. Names and ids only, as their sign-in named them.',
        params: Type.Object({
          code: Type.String({ pattern: unitCodePattern, maxLength: 100, description: unitCodeDoc('Unit code') }),
        }),
        response: {
          200: Type.Object({
            people: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
          }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const { code } = request.params;
      if (!app.units.has(code) || (request.actor.role === 'unit' && request.actor.unit !== code)) {
        throw new HttpRefusal(404, '没有找到这个单位', 'NotFound');
      }
      return { people: (await app.store.peopleOf(code)).map((p) => ({ id: p.id, name: p.name })) };
    },
  );
};

export default system;
