/**
 * 待阅 and 已阅 (issue 32 item 8): the notices sent to the caller's party for reading only, which the caller has not
 * marked read, and marking one read. From the case store, with the case list's need-to-know (api/services/readings.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '../schemas';
import { ReadingService, readingsLimit } from '../services/readings';

const roles = ['office', 'leading-group', 'committee', 'unit', 'group-leader', 'discipline'] as const;

const ReadingSchema = Type.Object({
  id: Type.String({ description: 'The notice (`<caseId>:<key>`), what `POST /my/readings/{id}` marks read' }),
  caseId: Type.String(),
  kind: Type.String(),
  unitName: Type.String({ description: 'The case’s target unit' }),
  at: Type.String({ format: 'date-time', description: 'When the notice was sent' }),
  subject: Type.String({ description: 'The notice’s subject (Chinese)' }),
});

const IdParam = Type.Object({
  id: Type.String({
    maxLength: 300,
    pattern: '^[a-z0-9-]{1,120}:[^\\s/]{1,170}$',
    description: 'The notice, as `GET /my/readings` names it (e.g. patrol-2026-taiyuan-0001:stationed)',
  }),
});

// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const readings: FastifyPluginAsyncTypebox = async (app) => {
  const service = new ReadingService(app.store, app.cases);

  app.get(
    '/my/readings',
    {
      onRequest: app.requireRole(...roles),
      schema: {
        tags: ['cases'],
        summary: 'What was sent to me for reading (待阅): the notices to my party I have not marked read, newest first',
        description: `The notices the supervisions and patrols sent to the caller's role, unit or group, in the cases the caller may see (as the case list), not yet marked read by the caller (the token's \`sub\`): the latest ${readingsLimit}, one SQL query.`,
        response: { 200: Type.Object({ readings: Type.Array(ReadingSchema) }), ...errorResponses(401, 403) },
      },
    },
    async (request) => ({
      readings: (await service.unread(request.actor)).map((n) => ({
        id: n.notificationId,
        caseId: n.caseId,
        kind: n.kind,
        unitName: n.unitName,
        at: n.at,
        subject: n.subject,
      })),
    }),
  );

  app.post(
    '/my/readings/:id',
    {
      onRequest: app.requireRole(...roles),
      schema: {
        tags: ['cases'],
        summary: 'Mark a notice read (已阅) for the caller; again changes nothing',
        description:
          'Recorded per person: others of the same unit still have it in their 待阅. 404 for a notice that is not addressed to the caller’s party in a case the caller may see, alike for one that does not exist.',
        params: IdParam,
        response: {
          200: Type.Object({ id: Type.String(), readAt: Type.String({ format: 'date-time' }) }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => service.markRead(request.actor, request.params.id),
  );
};

export default readings;
