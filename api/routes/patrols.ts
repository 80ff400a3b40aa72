import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { strictInput } from '../../workflows/engine/schemas';
import { groundsSourceLabels } from '../../workflows/domain';
import type { Actor, TargetUnit } from '../../workflows/domain';
import { GroundsSchema } from '../../workflows/patrol/contract';
import type { PatrolCaseInput } from '../../workflows/patrol/contract';
import { ids, unitCodePattern, unitCodeDoc } from '../../workflows/ids';
import { YearSchema } from '../../workflows/supervision-plan/contract';
import { adjustCrossInspection, assignCrossInspection } from '../../workflows/supervision-round/cross-inspection';
import { ReportIdsSchema, reportCitations } from '../citations';
import { HttpRefusal } from '../refusal';
import { PatrolSerial, ProposePatrolBody, StartedCaseSchema, errorResponses } from '../schemas';

/**
 * Art. 12: proposing a patrol starts its workflow; Art. 5: the leading group organises cross patrols between cities.
 * A patrol's steps are built from its contract (routes/steps.ts).
 */
// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const patrols: FastifyPluginAsyncTypebox = async (app) => {
  const summaryOf = (unit: TargetUnit, sources: PatrolCaseInput['grounds']['sources'], cross?: string) =>
    `${cross ? '交叉巡查' : '巡查'} ${unit.name}：${sources.map((s) => groundsSourceLabels[s]).join('、')}${cross ? `（${cross}巡查组）` : ''}`;

  async function start(year: number, serial: number, unit: TargetUnit, input: PatrolCaseInput) {
    return app.cases.startCase({
      kind: 'patrol',
      year,
      serial,
      unit,
      // Art. 12: the leading group proposes; what the office starts is its draft, which the leading group submits.
      stage: input.proposedBy.role === 'office' ? 'drafted' : 'awaiting-approval',
      summary: summaryOf(unit, input.grounds.sources, input.crossPatrol?.inspectingCity.name),
      input,
    });
  }

  const citations = async (reportIds: string[] | undefined, by: Actor) =>
    reportIds?.length ? { citedReports: await reportCitations(app.store, reportIds, by) } : {};

  app.post(
    '/patrols',
    {
      onRequest: app.requireRole('office', 'leading-group'),
      schema: {
        tags: ['patrol'],
        summary: 'Art. 12: propose a patrol (提请巡查); the office drafts, the leading group proposes',
        description:
          'Starts one patrol workflow with the business id `patrol-{year}-{unit}-{serial}`. Proposed by the leading group, it goes to the committee at once; started by the office, it is a draft (`drafted`) that the leading group submits (`POST /patrols/{id}/proposal`). Starting the same id again changes nothing and answers 409 with the existing patrol in `Location`. `reportIds` cites registered public reports as grounds (never their reporters).',
        body: ProposePatrolBody,
        response: { 201: StartedCaseSchema, ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429) },
      },
    },
    async (request, reply) => {
      const { year, serial, targetUnit, grounds, reportIds } = request.body;
      const unit = app.unitOf(targetUnit);
      if (!grounds.summary.trim()) throw new HttpRefusal(422, '须写明提请巡查的依据', 'InvalidRequest');
      const input: PatrolCaseInput = {
        targetUnit: unit,
        grounds,
        proposedBy: request.actor,
        ...(await citations(reportIds, request.actor)),
      };
      const started = await start(year, serial, unit, input);
      request.log.info({ caseId: started.caseId, unit: unit.code }, 'patrol proposed');
      return reply.status(201).header('location', started.links.self).send(started);
    },
  );

  app.post(
    '/cross-patrols',
    {
      onRequest: app.requireRole('leading-group'),
      schema: {
        tags: ['patrol'],
        summary:
          'Art. 5, 12: the leading group proposes a set of cross patrols (交叉巡查) in which cities patrol each other',
        description: [
          'One patrol per city, `patrol-{year}-{city}-{serial}`, each waiting for the committee (Art. 12). Each city is patrolled by a group from another city: nobody patrols itself, each city patrols exactly one other, and the same cities, year and serial always give the same pairs. `adjustments` change pairs, each with its reason, which the patrol keeps; the result must still obey the rules.',
          'The group of each patrol is then led by someone from the patrolling city (checked when the group is formed). If any of the patrols exists already, nothing starts (409).',
        ].join('\n\n'),
        body: strictInput(
          Type.Object({
            year: YearSchema,
            serial: PatrolSerial,
            cities: Type.Array(Type.String({ pattern: unitCodePattern, description: unitCodeDoc('A city') }), {
              minItems: 2,
              maxItems: 50,
              uniqueItems: true,
              description: unitCodeDoc('The cities of the set (kind city)'),
            }),
            grounds: GroundsSchema,
            adjustments: Type.Optional(
              Type.Array(
                Type.Object({
                  target: Type.String({ pattern: unitCodePattern, description: unitCodeDoc('The city inspected') }),
                  inspector: Type.String({ pattern: unitCodePattern, description: unitCodeDoc('The inspecting city') }),
                  reason: Type.String({ maxLength: 500 }),
                }),
                { maxItems: 50 },
              ),
            ),
            reportIds: Type.Optional(ReportIdsSchema),
          }),
        ),
        response: {
          201: Type.Object({
            setId: Type.String(),
            patrols: Type.Array(
              Type.Object({
                caseId: Type.String(),
                target: Type.String(),
                inspector: Type.String(),
                reason: Type.Optional(Type.String()),
              }),
            ),
          }),
          ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429),
        },
      },
    },
    async (request, reply) => {
      const { year, serial, cities, grounds, adjustments, reportIds } = request.body;
      if (!grounds.summary.trim()) throw new HttpRefusal(422, '须写明提请巡查的依据', 'InvalidRequest');
      const units = cities.map((code) => app.unitOf(code));
      const notCity = units.find((u) => u.kind !== 'city');
      if (notCity)
        throw new HttpRefusal(422, `交叉巡查在市之间进行（第五条）：${notCity.name}不是市`, 'InvalidRequest');
      let pairs;
      try {
        pairs = adjustCrossInspection(assignCrossInspection(cities, cities, year + serial), adjustments ?? []);
      } catch (err) {
        throw new HttpRefusal(422, (err as Error).message, 'InvalidRequest');
      }
      const existing = await app.cases.existing(pairs.map((p) => ids.case('patrol', year, p.target, serial)));
      if (existing.length) {
        throw new HttpRefusal(409, `这组交叉巡查已经存在（${existing.join('、')}）`, 'CaseAlreadyExists');
      }
      const setId = `cross-patrol-${year}-${String(serial).padStart(4, '0')}`;
      const cited = await citations(reportIds, request.actor);
      const started = [];
      for (const pair of pairs) {
        const unit = units.find((u) => u.code === pair.target)!;
        const inspector = units.find((u) => u.code === pair.inspector)!;
        const input: PatrolCaseInput = {
          targetUnit: unit,
          grounds,
          proposedBy: request.actor,
          ...cited,
          crossPatrol: {
            setId,
            inspectingCity: { code: inspector.code, name: inspector.name },
            ...(pair.reason ? { adjustmentReason: pair.reason } : {}),
          },
        };
        const s = await start(year, serial, unit, input);
        started.push({
          caseId: s.caseId,
          target: pair.target,
          inspector: pair.inspector,
          ...(pair.reason ? { reason: pair.reason } : {}),
        });
      }
      request.log.info({ setId, patrols: started.length }, 'cross patrols proposed');
      return reply.status(201).send({ setId, patrols: started });
    },
  );
};

export default patrols;
