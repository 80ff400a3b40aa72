import { assignCrossInspection } from '../../workflows/round/cross-inspection';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PlanDraftSchema, YearSchema, planContract } from '../../workflows/plan/contract';
import { RoundReportSchema, roundReportKinds } from '../../workflows/round/contract';
import { literals, strictInput } from '../../workflows/shared/schemas';
import { HttpRefusal } from '../refusal';
import { errorResponses } from '../schemas';
import { followUpSummary } from '../../lib/reports';
import type { SupervisionCaseRecord } from '../../workflows/supervision/contract';

const tags = ['annual plan'];
const YearParam = Type.Object({ year: YearSchema });

/**
 * The annual plan (Art. 6, 8), its round (a Temporal Schedule starting a parent workflow), and the round's reports
 * (Art. 11). The plan's decision is a step of its contract (routes/steps.ts).
 */
// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const plans: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/supervision-plans',
    {
      onRequest: app.requireRole('office'),
      schema: {
        tags,
        summary: "Art. 6, 8: the office drafts the year's supervision plan (年度督查计划)",
        description:
          'Which units the comprehensive round covers (Art. 2, 8: `scope` takes every city, county or department of the registry; `units` names them; default: the 11 cities), in which month, with or without cross inspection between cities (Art. 5), and the special topics. The plan lists the follow-up visits (回头看) of the year before and this year with what they found (`followUps`). The leading group approves it.',
        body: strictInput(PlanDraftSchema),
        response: { 201: Type.Ref('AnnualPlan'), ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429) },
      },
    },
    async (request, reply) => {
      const { year, month, crossInspection, specialTopics, scope } = request.body;
      const ofScope = [...app.units.values()].filter((u) => scope?.includes(u.kind)).map((u) => u.code);
      const units =
        request.body.units || scope
          ? [...new Set([...(request.body.units ?? []), ...ofScope])]
          : [...app.units.values()].filter((u) => u.kind === 'city').map((u) => u.code);
      if (units.length > 300)
        throw new HttpRefusal(422, `一轮综合督查至多300个单位（本计划${units.length}个）`, 'InvalidRequest');
      const unknown = [...units, ...specialTopics.flatMap((t) => t.units)].filter((u) => !app.units.has(u));
      if (unknown.length) {
        throw new HttpRefusal(422, `单位名录中没有：${[...new Set(unknown)].join('、')}`, 'UnknownUnit');
      }
      if (crossInspection && units.filter((u) => app.units.get(u)?.kind === 'city').length < 2) {
        throw new HttpRefusal(422, '交叉督查（第五条）须至少有两个市', 'InvalidRequest');
      }
      if (specialTopics.some((t) => !t.topic.trim())) {
        throw new HttpRefusal(422, '专项督查须写明督查的重点工作', 'InvalidRequest');
      }
      // Art. 5: the formula proposes the pairs now, from the registry; the leading group may change them when it approves.
      const cities = units.filter((u) => app.units.get(u)?.kind === 'city');
      // What the follow-up visits (回头看) of the year before and this year found: the office plans with it.
      const followUps = [
        ...(await app.store.followUps({ year: year - 1 })),
        ...(await app.store.followUps({ year })),
      ].map((r) => followUpSummary(r as SupervisionCaseRecord));
      const plan = await app.cases.startPlan({
        year,
        month,
        units,
        crossInspection,
        specialTopics,
        draftedBy: request.actor,
        ...(crossInspection ? { crossPairs: assignCrossInspection(cities, cities, year) } : {}),
        ...(followUps.length ? { followUps } : {}),
      });
      return reply.status(201).header('location', `/supervision-plans/${year}`).send(plan);
    },
  );

  app.get(
    '/supervision-plans/:year',
    {
      onRequest: app.requireRole('office', 'leading-group', 'committee'),
      schema: {
        tags,
        summary: "The year's plan: units, month, cross inspection, special topics, approval and schedule",
        params: YearParam,
        response: { 200: Type.Ref('AnnualPlan'), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => app.cases.read(planContract, request.params.year, request.actor),
  );

  app.post(
    '/supervision-plans/:year/round',
    {
      onRequest: app.requireRole('leading-group', 'office'),
      schema: {
        tags,
        summary:
          "Start the year's comprehensive round now instead of waiting for its scheduled month (triggers the Schedule)",
        params: YearParam,
        response: {
          202: Type.Object({ scheduleId: Type.String(), roundId: Type.String(), progress: Type.String() }),
          ...errorResponses(401, 403, 409),
        },
      },
    },
    async (request, reply) => {
      const { year } = request.params;
      const started = await app.cases.triggerRound(year);
      return reply.status(202).send({ ...started, progress: `/supervision-rounds/${year}` });
    },
  );

  app.get(
    '/supervision-rounds/:year',
    {
      onRequest: app.requireRole('office', 'leading-group', 'committee'),
      schema: {
        tags,
        summary:
          "The round's progress in one call: cases in each stage, who is overdue, cross-inspection pairs, reports",
        params: YearParam,
        response: { 200: Type.Ref('RoundProgress'), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => app.cases.roundProgress(request.params.year),
  );

  app.post(
    '/supervision-rounds/:year/reports/:kind/signature',
    {
      onRequest: app.requireRole('leading-group'),
      schema: {
        tags,
        summary:
          'Art. 11 (ours): the leading group reviews and signs a report the round drafted; then it goes up (审签)',
        description:
          "Nothing goes to the committee or the national leading group unsigned. `text`: the report as the leading group edited it (the draft stays stored, both hashes are on the round's record); without it, the draft is signed as it is.",
        params: Type.Object({ year: YearSchema, kind: literals(roundReportKinds) }),
        body: strictInput(
          Type.Object({
            text: Type.Optional(Type.String({ minLength: 1, maxLength: 100_000, description: '修改后的报告全文' })),
            note: Type.Optional(Type.String({ maxLength: 500, description: '审签意见' })),
          }),
        ),
        response: { 200: RoundReportSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => app.cases.signRoundReport(request.params.year, request.params.kind, request.body, request.actor),
  );

  app.get(
    '/reports/:roundId/:kind',
    {
      onRequest: app.requireRole('office', 'leading-group', 'committee'),
      schema: {
        tags,
        summary: 'Art. 11: a round report as Chinese Markdown (consolidated, rectification, national), as signed',
        description:
          'The committee reads a report once the leading group has signed it; the office and the leading group also read the draft (`?version=draft`).',
        params: Type.Object({
          roundId: Type.String({ pattern: '^supervision-round-[0-9]{4}$' }),
          kind: literals(roundReportKinds),
        }),
        querystring: Type.Object({ version: Type.Optional(literals(['draft', 'signed'] as const)) }),
        response: { 200: Type.String({ description: 'text/markdown' }), ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { roundId, kind } = request.params;
      const entry = await app.cases.roundReport(Number(roundId.slice(-4)), kind);
      const signed = !entry?.status || entry.status === 'signed';
      const draft = request.query.version === 'draft';
      // Need to know: an unsigned draft is the leading group's and the office's; to the committee it does not exist yet.
      if ((!signed || draft) && request.actor.role === 'committee')
        throw new HttpRefusal(404, '报告尚未生成', 'ReportNotReady');
      const text = await app.store.report(roundId, draft ? kind : (entry?.signed?.version ?? kind));
      if (!text) throw new HttpRefusal(404, '报告尚未生成', 'ReportNotReady');
      return reply
        .header('x-report-status', entry?.status ?? 'signed')
        .type('text/markdown; charset=utf-8')
        .send(text);
    },
  );
};

export default plans;
