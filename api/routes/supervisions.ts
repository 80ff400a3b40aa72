import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DateTime } from 'luxon';
import { caseTimeZone } from '../../lib/calendar/calendar';
import { caseKindLabels } from '../../workflows/domain';
import { caseIdPattern, unitCodePattern, unitCodeDoc } from '../../workflows/ids';
import type { PatrolCaseRecord } from '../../workflows/patrol/contract';
import type { SupervisionCaseRecord } from '../../workflows/supervision/contract';
import { YearSchema } from '../../workflows/supervision-plan/contract';
import { Text, strictInput } from '../../workflows/engine/schemas';
import type { SupervisionCaseInput } from '../../workflows/supervision/contract';
import { followedUpName } from '../../workflows/supervision/texts';
import { ReportIdsSchema, reportCitations } from '../citations';
import { HttpRefusal, caseNotFound } from '../refusal';
import { StartedCaseSchema, errorResponses } from '../schemas';

/**
 * Art. 8: a special supervision of one unit starts here, any time; a plan topic's over its units from the plan
 * (routes/plans.ts), comprehensive ones from the annual round.
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
        summary: 'Art. 8: propose a special supervision of one unit (专项督查), any time',
        description:
          "Starts one supervision `supervision-{year}-{unit}-{serial}`, waiting for the leading group to approve the item (Art. 6). Serial 0001 of each unit and year is the comprehensive round's. Starting the same id again answers 409. A topic of the approved annual plan over several units is started from the plan instead, approved once for all of them (`POST /supervision-plans/{year}/topics/{n}`).",
        body: strictInput(
          Type.Object({
            year: YearSchema,
            serial: Type.Integer({
              minimum: 2,
              maximum: 7999,
              description:
                "0001 and 9001 up are the comprehensive rounds' (ids.roundSerial), 8001–8050 the plan topics' (POST /supervision-plans/{year}/topics/{n})",
            }),
            targetUnit: Type.String({ pattern: unitCodePattern, description: unitCodeDoc() }),
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

  app.post(
    '/cases/:caseId/follow-up',
    {
      onRequest: app.requireRole('leading-group'),
      schema: {
        tags: ['supervision'],
        summary: 'Follow-up visit (回头看): look again at the rectification of a closed supervision or patrol',
        description:
          "Ours (issue 13; Art. 11 (2), 16 (2)). The leading group schedules, from a closed case with rectification requirements, a visit of its own: a supervision of type `follow-up` (`supervision-{year}-{unit}-{serial}`, the year it is scheduled in, the unit's next serial unless `serial` is given) that waits on a durable timer (the deadline policy's `follow-up-visit`, default 6 calendar months), then for the office to form its group (Art. 7); its group checks each earlier requirement (`requirement-checks`), reports, and the leading group issues results as in any supervision. The earlier case lists its visits (`GET /cases/{caseId}/follow-ups`); the next annual plan and the round's reports show their results. One open visit per case: scheduling again while one is open answers 409 with its `Location`.",
        params: Type.Object({ caseId: Type.String({ pattern: caseIdPattern }) }),
        body: strictInput(
          Type.Object({
            reason: Text('开展回头看的理由', 1000),
            serial: Type.Optional(
              Type.Integer({ minimum: 2, maximum: 8999, description: "Default: the unit's next free serial" }),
            ),
          }),
        ),
        response: { 201: StartedCaseSchema, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429) },
      },
    },
    async (request, reply) => {
      const { caseId } = request.params;
      const { reason, serial } = request.body;
      const stored = await app.store.readCase(caseId);
      if (!stored) throw caseNotFound();
      const record = stored.record as (SupervisionCaseRecord | PatrolCaseRecord) & { kind: 'supervision' | 'patrol' };
      if (!record.closed) throw new HttpRefusal(409, '该督查或巡查尚未办结，办结后才能安排回头看', 'NotClosed');
      const requirements =
        record.kind === 'patrol'
          ? ((record as PatrolCaseRecord).feedback?.rectificationOpinions ?? [])
          : ((record as SupervisionCaseRecord).results?.rectificationRequirements ?? []);
      if (!requirements.length)
        throw new HttpRefusal(422, '该督查或巡查没有提出整改要求，无需回头看', 'InvalidRequest');
      if (!reason.trim()) throw new HttpRefusal(422, '须写明开展回头看的理由', 'InvalidRequest');
      const open = (await app.store.followUps({ of: caseId })).find((f) => !f.closed);
      if (open) {
        throw new HttpRefusal(409, '该督查或巡查已有尚未办结的回头看', 'FollowUpExists', {
          location: app.cases.links(open.caseId).self,
        });
      }
      const unit = app.unitOf(record.targetUnit.code);
      const year = DateTime.now().setZone(caseTimeZone).year;
      const review = record.rectificationReview;
      const input: SupervisionCaseInput = {
        targetUnit: unit,
        type: 'follow-up',
        topic: `${caseKindLabels[record.kind]}整改情况`,
        year,
        memberUnits: app.memberUnits(),
        proposedBy: request.actor,
        followUp: {
          of: caseId,
          ofKind: record.kind,
          requirements: requirements.map((text, i) => {
            const status = review?.items.find((x) => x.requirement === i + 1)?.status;
            return {
              id: i + 1,
              text,
              ...(status === 'accepted' || status === 'closed' ? { ended: status } : {}),
            };
          }),
          reason,
          scheduledBy: request.actor,
        },
      };
      const started = await app.cases.startCase({
        kind: 'supervision',
        year,
        serial: serial ?? (await app.store.nextSerial('supervision', year, unit.code)),
        unit,
        summary: `回头看 ${unit.name}：${followedUpName({ of: caseId, ofKind: record.kind })}整改情况`,
        input,
        stage: 'scheduled',
      });
      return reply.status(201).header('location', started.links.self).send(started);
    },
  );

  app.get(
    '/cases/:caseId/follow-ups',
    {
      onRequest: app.requireRole('office', 'leading-group', 'committee'),
      schema: {
        tags: ['supervision'],
        summary: 'The follow-up visits (回头看) of a case, oldest first',
        params: Type.Object({ caseId: Type.String({ pattern: caseIdPattern }) }),
        response: {
          200: Type.Array(
            Type.Object({
              caseId: Type.String(),
              stage: Type.String(),
              stageLabel: Type.String(),
              closed: Type.Boolean(),
              visitOn: Type.Optional(Type.String()),
              checks: Type.Record(Type.String(), Type.Integer(), {
                description: 'Earlier requirements by verdict (rectified, partly, not-rectified)',
              }),
              url: Type.String(),
            }),
          ),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      const { caseId } = request.params;
      if (!(await app.store.readCase(caseId))) throw caseNotFound();
      return (await app.store.followUps({ of: caseId })).map((f) => {
        const r = f as SupervisionCaseRecord;
        const checks: Record<string, number> = {};
        for (const c of r.requirementChecks ?? []) checks[c.verdict] = (checks[c.verdict] ?? 0) + 1;
        return {
          caseId: r.caseId,
          stage: r.stage,
          stageLabel: r.stageLabel,
          closed: r.closed,
          ...(r.followUp?.visitOn ? { visitOn: r.followUp.visitOn } : {}),
          checks,
          url: app.cases.links(r.caseId).self,
        };
      });
    },
  );
};

export default supervisions;
