import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { strictInput } from '../../workflows/shared/schemas';
import { groundsSourceLabels } from '../../workflows/domain';
import { GroundsSchema } from '../../workflows/patrol/contract';
import type { PatrolCaseInput } from '../../workflows/patrol/contract';
import { unitCodePattern } from '../../workflows/ids';
import { YearSchema } from '../../workflows/plan/contract';
import { HttpRefusal } from '../refusal';
import { StartedCaseSchema, errorResponses } from '../schemas';

/** Art. 12: proposing a patrol starts its workflow. Its steps are built from its contract (routes/steps.ts). */
// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const patrols: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/patrols',
    {
      onRequest: app.requireRole('office', 'leading-group'),
      schema: {
        tags: ['patrol'],
        summary: 'Art. 12: propose a patrol (提请巡查)',
        description:
          'Starts one patrol workflow with the business id `patrol-{year}-{unit}-{serial}`. Starting the same id again changes nothing and answers 409 with the existing patrol in `Location`.',
        body: strictInput(
          Type.Object({
            year: YearSchema,
            serial: Type.Integer({ minimum: 1, maximum: 9999, description: 'Serial number within the year and unit' }),
            targetUnit: Type.String({ pattern: unitCodePattern, description: 'Unit code from GET /units' }),
            grounds: GroundsSchema,
          }),
        ),
        response: { 201: StartedCaseSchema, ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429) },
      },
    },
    async (request, reply) => {
      const { year, serial, targetUnit, grounds } = request.body;
      const unit = app.unitOf(targetUnit);
      if (!grounds.summary.trim()) throw new HttpRefusal(422, '须写明提请巡查的依据', 'InvalidRequest');
      const input: PatrolCaseInput = { targetUnit: unit, grounds, proposedBy: request.actor };
      const started = await app.cases.startCase({
        kind: 'patrol',
        year,
        serial,
        unit,
        summary: `巡查 ${unit.name}：${grounds.sources.map((s) => groundsSourceLabels[s]).join('、')}`,
        input,
      });
      request.log.info({ caseId: started.caseId, unit: unit.code }, 'patrol proposed');
      return reply.status(201).header('location', started.links.self).send(started);
    },
  );
};

export default patrols;
