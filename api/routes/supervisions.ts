import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { unitCodePattern } from '../../workflows/ids';
import { YearSchema } from '../../workflows/plan/contract';
import { Text, strictInput } from '../../workflows/shared/schemas';
import type { SupervisionCaseInput } from '../../workflows/supervision/contract';
import { ReportIdsSchema, reportCitations } from '../citations';
import { HttpRefusal } from '../refusal';
import { StartedCaseSchema, errorResponses } from '../schemas';

/**
 * Art. 8: a special supervision of one topic starts here, any time; comprehensive ones come from the annual round.
 * Its steps are built from its contract (routes/steps.ts).
 */
// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const supervisions: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/supervisions',
    {
      onRequest: app.requireRole('office', 'leading-group'),
      schema: {
        tags: ['supervision'],
        summary: 'Art. 8: propose a special supervision of one topic (专项督查), any time',
        description:
          "Starts one supervision `supervision-{year}-{unit}-{serial}`, waiting for the leading group to approve the item (Art. 6). Serial 0001 of each unit and year is the comprehensive round's. Starting the same id again answers 409.",
        body: strictInput(
          Type.Object({
            year: YearSchema,
            serial: Type.Integer({
              minimum: 2,
              maximum: 9999,
              description: '0001 is reserved for the comprehensive round',
            }),
            targetUnit: Type.String({ pattern: unitCodePattern, description: 'Unit code from GET /units' }),
            topic: Text('督查的重点工作（专项）', 500),
            reportIds: Type.Optional(ReportIdsSchema),
          }),
        ),
        response: { 201: StartedCaseSchema, ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429) },
      },
    },
    async (request, reply) => {
      const { year, serial, targetUnit, topic, reportIds } = request.body;
      const unit = app.unitOf(targetUnit);
      if (!topic.trim()) throw new HttpRefusal(422, '专项督查须写明督查的重点工作', 'InvalidRequest');
      const input: SupervisionCaseInput = {
        targetUnit: unit,
        type: 'special',
        topic,
        year,
        memberUnits: app.memberUnits(),
        proposedBy: request.actor,
        ...(reportIds?.length ? { citedReports: await reportCitations(app.store, reportIds, request.actor) } : {}),
      };
      const started = await app.cases.startCase({
        kind: 'supervision',
        year,
        serial,
        unit,
        summary: `专项督查 ${unit.name}：${topic}`,
        input,
      });
      return reply.status(201).header('location', started.links.self).send(started);
    },
  );
};

export default supervisions;
