import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { unitCodeDoc } from '../../workflows/ids';
import { literals } from '../../workflows/engine/schemas';
import { CaseIdParam, CaseSummarySchema, TaskSchema, errorResponses } from '../schemas';

const code = '^[a-z0-9-]{1,64}$';

/**
 * Reading cases: one case as the caller may see it, lists, and what waits for me. Every answer is projected with
 * the kind's need-to-know view (docs/need-to-know.md); a case the caller may not see answers like one that does not
 * exist.
 */
// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const cases: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/cases/:caseId',
    {
      onRequest: app.requireRole(),
      schema: {
        tags: ['cases'],
        summary: 'One patrol or supervision as the caller may see it: stage, what it waits for, deadlines, events',
        description:
          'The office, the leading group and the committee see the whole record; a group leader, the target unit and a receiving body see only what concerns them (docs/need-to-know.md). 404 for a case that does not exist and for one the caller may not see, alike.',
        params: Type.Object({
          caseId: Type.String({
            pattern: app.kinds.caseIdPattern,
            description: CaseIdParam.properties.caseId.description,
          }),
        }),
        response: {
          // The view of each listed kind (workflows/kinds.ts).
          200: Type.Union(app.kinds.listed.map((k) => Type.Ref(k.contract.viewSchema.$id!))),
          ...errorResponses(401, 404),
        },
      },
    },
    async (request) => app.cases.readCase(request.params.caseId, request.actor),
  );

  app.get(
    '/cases',
    {
      onRequest: app.requireRole('office', 'leading-group', 'committee', 'group-leader', 'unit', 'discipline'),
      schema: {
        tags: ['cases'],
        summary: 'List the cases the caller may see, filtered by kind, stage, unit or overdue (from the case store)',
        description:
          'The overseers see every case; anyone else only the cases they may see, whatever the filters say. Newest first, one SQL query. A case writes itself to the store a moment after each step, so a case started a moment ago may take a second to appear.',
        querystring: Type.Object({
          kind: Type.Optional(literals(app.kinds.listed.map((k) => k.kind))),
          stage: Type.Optional(Type.String({ pattern: code })),
          unit: Type.Optional(Type.String({ pattern: code, description: unitCodeDoc() })),
          overdue: Type.Optional(Type.Boolean({ description: 'Overseers only' })),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        }),
        response: {
          200: Type.Object({ cases: Type.Array(CaseSummarySchema) }),
          ...errorResponses(400, 401, 403, 422),
        },
      },
    },
    async (request) => ({ cases: await app.cases.list(request.query, request.actor) }),
  );

  app.get(
    '/my/tasks',
    {
      onRequest: app.requireRole('office', 'leading-group', 'committee', 'unit', 'group-leader', 'discipline'),
      schema: {
        tags: ['cases'],
        summary: 'What is waiting for me: every step the caller (role, unit or group) owes now, most urgent first',
        description:
          'Overdue items first, then by due date; steps without a deadline last. Each has the URL that does it.',
        response: { 200: Type.Object({ tasks: Type.Array(TaskSchema) }), ...errorResponses(401, 403) },
      },
    },
    async (request) => ({ tasks: await app.cases.tasks(request.actor) }),
  );

  app.get(
    '/my/done',
    {
      onRequest: app.requireRole('office', 'leading-group', 'committee', 'unit', 'group-leader', 'discipline'),
      schema: {
        tags: ['cases'],
        summary: 'What I did (已办): the steps the caller took, newest first (from the case store)',
        description:
          "The events of every case recorded with the caller's own person id (the token's `sub`), at most `limit`. Only the caller's own acts: nothing another person did on the same case.",
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 200 }) }),
        response: {
          200: Type.Object({
            done: Type.Array(
              Type.Object({
                caseId: Type.String(),
                kind: Type.String(),
                unitName: Type.String(),
                closed: Type.Boolean(),
                at: Type.String({ format: 'date-time' }),
                action: Type.String(),
                summary: Type.String({ description: 'Chinese sentence of the event' }),
              }),
            ),
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => ({ done: await app.store.eventsBy(request.actor.id, request.query.limit) }),
  );
};

export default cases;
