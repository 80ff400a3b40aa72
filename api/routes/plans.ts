import { assignCrossInspection } from '../../workflows/supervision-round/cross-inspection';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PlanDraftSchema, YearSchema, planContract } from '../../workflows/supervision-plan/contract';
import { RoundReportSchema, roundReportKinds } from '../../workflows/supervision-round/contract';
import { TopicGroupsInput, groupsProblem, topicContract } from '../../workflows/special-topic/contract';
import { Text, literals, strictInput } from '../../workflows/engine/schemas';
import type { UnitKind } from '../../workflows/domain';
import { ids, roundIdPattern, roundKeyPattern } from '../../workflows/ids';
import { HttpRefusal } from '../refusal';
import { errorResponses } from '../schemas';
import { DocumentFormat, DocumentResponse, ReportFormat, numbered, sendDocument } from '../document-files';
import { planReport, roundReport } from '../../lib/documents/numbers';
import { followUpSummary } from '../../lib/documents/reports';
import type { SupervisionCaseRecord } from '../../workflows/supervision/contract';

const tags = ['annual plan'];
const YearParam = Type.Object({ year: YearSchema });
const RoundParam = Type.Object({
  round: Type.String({
    pattern: roundKeyPattern,
    description: 'The year (`2026`), or the year and the number of a further round (`2026-2`)',
  }),
});
const roundIdOf = (key: string) => {
  const { year, n } = ids.roundOfKey(key);
  return ids.round(year, n);
};

/**
 * The annual plan (Art. 6, 8), its round (a Temporal Schedule starting a parent workflow), and the round's reports
 * (Art. 11). The plan's decision is a step of its contract (routes/steps.ts).
 */
// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const plans: FastifyPluginAsyncTypebox = async (app) => {
  /**
   * Art. 2, 8: a round's units, chosen from the registry: every unit of the kinds in `scope`, and those `units` names;
   * neither: every city. Refuses unknown codes and cross inspection with fewer than two cities.
   */
  const unitsOf = (body: { units?: string[]; scope?: UnitKind[] }, crossInspection: boolean): string[] => {
    const ofScope = [...app.units.values()].filter((u) => body.scope?.includes(u.kind)).map((u) => u.code);
    const units =
      body.units || body.scope
        ? [...new Set([...(body.units ?? []), ...ofScope])]
        : [...app.units.values()].filter((u) => u.kind === 'city').map((u) => u.code);
    const unknown = units.filter((u) => !app.units.has(u));
    if (unknown.length) throw new HttpRefusal(422, `单位名录中没有：${unknown.join('、')}`, 'UnknownUnit');
    if (units.length > 300)
      throw new HttpRefusal(422, `一轮综合督查至多300个单位（本轮${units.length}个）`, 'InvalidRequest');
    if (crossInspection && units.filter((u) => app.units.get(u)?.kind === 'city').length < 2) {
      throw new HttpRefusal(422, '交叉督查（第五条）须至少有两个市', 'InvalidRequest');
    }
    return units;
  };

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
      const { year, month, crossInspection, specialTopics } = request.body;
      const units = unitsOf(request.body, crossInspection);
      const unknown = specialTopics.flatMap((t) => t.units).filter((u) => !app.units.has(u));
      if (unknown.length) {
        throw new HttpRefusal(422, `单位名录中没有：${[...new Set(unknown)].join('、')}`, 'UnknownUnit');
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
      const plan = await app.rounds.startPlan({
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

  app.get(
    '/supervision-plans/:year/document',
    {
      config: { audit: 'document' },
      onRequest: app.requireRole('office', 'leading-group', 'committee'),
      schema: {
        tags,
        summary: "Art. 6: the year's plan as the leading group's report to the committee (.docx or `?format=html`)",
        description:
          'A draft (no number, marked so) until the leading group approves the plan; numbered when the approved plan is stored (`X-Document-Number: awaiting` until then).',
        params: YearParam,
        querystring: Type.Object({ format: Type.Optional(DocumentFormat) }),
        response: { 200: DocumentResponse, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { year } = request.params;
      const plan = (await app.cases.read(planContract, year, request.actor))!;
      // Read only: the number was given when the approved plan was stored (activities/store.ts).
      const { doc, sha256, awaitingNumber } = await numbered(
        app,
        planReport(plan, (code) => app.units.get(code)?.name ?? code),
      );
      return sendDocument(reply, doc, request.query.format, plan.planId, sha256, awaitingNumber);
    },
  );

  app.post(
    '/supervision-plans/:year/round',
    {
      onRequest: app.requireRole('leading-group', 'office'),
      schema: {
        tags,
        summary:
          "Start the year's comprehensive round now instead of waiting for its scheduled month (triggers the Schedule, then pauses it so that it does not start the round again); 409 with the round in Location once it has started",
        params: YearParam,
        response: {
          202: Type.Object({ scheduleId: Type.String(), roundId: Type.String(), progress: Type.String() }),
          ...errorResponses(401, 403, 409),
        },
      },
    },
    async (request, reply) => {
      const { year } = request.params;
      const started = await app.rounds.triggerRound(year, request.actor);
      return reply.status(202).send({ ...started, progress: `/supervision-rounds/${year}` });
    },
  );

  app.post(
    '/supervision-plans/:year/rounds',
    {
      onRequest: app.requireRole('leading-group'),
      schema: {
        tags,
        summary: 'Art. 8: a further comprehensive round this year, decided by the leading group with its reason',
        description:
          "Art. 8 says comprehensive supervision is normally once a year (一般每年1次): the leading group may decide another, saying why. It starts now, once the year's plan is approved: round `{year}-{n}` (`GET /supervision-rounds/2026-2`), its cases `supervision-{year}-{unit}-{9000+n}`, with the same groups, reports and sign-off as the year's round. `scope` or `units` choose its units from the registry; cross-inspection pairs come from the formula.",
        params: YearParam,
        body: strictInput(
          Type.Object({
            reason: Text('增加综合督查轮次的理由', 1000),
            units: PlanDraftSchema.properties.units,
            scope: PlanDraftSchema.properties.scope,
            crossInspection: Type.Boolean({ description: 'Art. 5: cities inspect each other' }),
          }),
        ),
        response: {
          201: Type.Object({ roundId: Type.String(), n: Type.Integer(), progress: Type.String() }),
          ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429),
        },
      },
    },
    async (request, reply) => {
      const { year } = request.params;
      const { reason, crossInspection } = request.body;
      if (!reason.trim())
        throw new HttpRefusal(422, '增加综合督查轮次须写明理由（第八条：一般每年1次）', 'InvalidRequest');
      if (!request.body.units && !request.body.scope)
        throw new HttpRefusal(422, '须指定本轮综合督查的单位（units）或范围（scope）', 'InvalidRequest');
      const units = unitsOf(request.body, crossInspection);
      const started = await app.rounds.startFurtherRound(year, { reason, units, crossInspection }, request.actor);
      const progress = `/supervision-rounds/${year}-${started.n}`;
      return reply
        .status(201)
        .header('location', progress)
        .send({ ...started, progress });
    },
  );

  app.post(
    '/supervision-plans/:year/topics/:n',
    {
      onRequest: app.requireRole('office', 'leading-group'),
      schema: {
        tags,
        summary:
          "Art. 6, 8: the special supervision of the approved plan's topic `n` (专项督查), over the units the plan named",
        description:
          "Proposes the special supervision of the plan's n-th topic (1 is the first) to the leading group, which approves it once for all its units (`POST /special-topics/{topicId}/approval`); one group for all the units unless `groups` splits them (each unit in one group). Approved, one supervision per unit starts (`supervision-{year}-{unit}-{8000+n}`, type `special`, waiting for its group, Art. 7); when all have finished, the topic report (专项督查报告) is drafted for the leading group to sign. 409 with `Location` once proposed, or while the plan is not approved.",
        params: Type.Object({ year: YearSchema, n: Type.Integer({ minimum: 1, maximum: 50 }) }),
        body: strictInput(Type.Object({ groups: Type.Optional(TopicGroupsInput) })),
        response: { 201: Type.Ref('SpecialTopic'), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429) },
      },
    },
    async (request, reply) => {
      const { year, n } = request.params;
      const plan = (await app.cases.read(planContract, year, request.actor))!;
      if (plan.stage !== 'scheduled')
        throw new HttpRefusal(409, `${year}年度督查计划尚未批准，不能开展计划内的专项督查`, 'PlanNotApproved');
      const item = plan.specialTopics[n - 1];
      if (!item) throw new HttpRefusal(404, `${year}年度督查计划没有第${n}项专项督查`, 'TopicNotInPlan');
      const units = item.units.map((code) => app.unitOf(code));
      const groups = request.body.groups ?? [{ name: '督查组', units: item.units }];
      const problem = groupsProblem(item.units, groups, (code) => app.units.get(code)?.name ?? code);
      if (problem) throw new HttpRefusal(422, problem, 'InvalidRequest');
      const topic = await app.rounds.startTopic({
        year,
        n,
        topic: item.topic,
        month: item.month,
        plan: plan.planId,
        units,
        groups,
        memberUnits: app.memberUnits(),
        proposedBy: request.actor,
      });
      return reply.status(201).header('location', `/special-topics/${topic.topicId}`).send(topic);
    },
  );

  app.get(
    '/special-topics/:topicId',
    {
      onRequest: app.requireRole('office', 'leading-group', 'committee'),
      schema: {
        tags,
        summary:
          "A plan topic's special supervision: its units and groups, the approval, where each case stands, the topic report",
        params: Type.Object({ topicId: topicContract.id.schema }),
        response: { 200: Type.Ref('SpecialTopic'), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      try {
        return await app.cases.read(topicContract, request.params.topicId, request.actor);
      } catch (err) {
        // Gone from Temporal after its retention: the topic as it last saved itself (the overseers see all of it).
        if (!(err instanceof HttpRefusal) || err.statusCode !== 404) throw err;
        const stored = await app.store.roundState(request.params.topicId);
        if (stored && typeof stored === 'object') return stored;
        throw err;
      }
    },
  );

  app.get(
    '/supervision-rounds/:round',
    {
      onRequest: app.requireRole('office', 'leading-group', 'committee'),
      schema: {
        tags,
        summary:
          "The round's progress in one call: cases in each stage, who is overdue, cross-inspection pairs, reports",
        params: RoundParam,
        response: { 200: Type.Ref('RoundProgress'), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => app.rounds.roundProgress(roundIdOf(request.params.round)),
  );

  app.get(
    '/supervision-rounds/:round/documents',
    {
      onRequest: app.requireRole('office', 'leading-group', 'committee'),
      schema: {
        tags,
        summary: "Art. 11: the round's reports as official documents (公文), as the caller may read them",
        description:
          'The consolidated, rectification and national reports drafted so far, each with its `.docx` and its page; the committee sees a report once it is signed. The documents of each case are on the case (`GET /cases/{caseId}/documents`).',
        params: RoundParam,
        response: {
          200: Type.Array(
            Type.Object({
              id: literals(roundReportKinds),
              kind: Type.String(),
              title: Type.String(),
              status: Type.String({ description: 'awaiting-signature (a draft) or signed' }),
              href: Type.String(),
              html: Type.String(),
            }),
          ),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      const roundId = roundIdOf(request.params.round);
      const progress = await app.rounds.roundProgress(roundId);
      return progress.reports
        .filter((r) => request.actor.role !== 'committee' || !r.status || r.status === 'signed')
        .map((r) => ({
          id: r.kind,
          kind: '报告',
          title: r.title,
          status: r.status ?? 'signed',
          href: `/reports/${roundId}/${r.kind}?format=docx`,
          html: `/reports/${roundId}/${r.kind}?format=html`,
        }));
    },
  );

  app.post(
    '/supervision-rounds/:round/reports/:kind/signature',
    {
      onRequest: app.requireRole('leading-group'),
      schema: {
        tags,
        summary:
          'Art. 11 (ours): the leading group reviews and signs a report the round drafted; then it goes up (审签)',
        description:
          "Nothing goes to the committee or the national leading group unsigned. `text`: the report as the leading group edited it (the draft stays stored, both hashes are on the round's record); without it, the draft is signed as it is.",
        params: Type.Object({ ...RoundParam.properties, kind: literals(roundReportKinds) }),
        body: strictInput(
          Type.Object({
            text: Type.Optional(Type.String({ minLength: 1, maxLength: 100_000, description: '修改后的报告全文' })),
            note: Type.Optional(Type.String({ maxLength: 500, description: '审签意见' })),
          }),
        ),
        response: { 200: RoundReportSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      app.rounds.signRoundReport(roundIdOf(request.params.round), request.params.kind, request.body, request.actor),
  );

  app.get(
    '/reports/:roundId/:kind',
    {
      config: { audit: 'document' },
      onRequest: app.requireRole('office', 'leading-group', 'committee'),
      schema: {
        tags,
        summary:
          'Art. 11: a round report (consolidated, rectification, national), as signed: Markdown, .docx or a page',
        description:
          'The committee reads a report once the leading group has signed it; the office and the leading group also read the draft (`?version=draft`). `?format=docx` is the official document (GB/T 9704-2012, with its number once signed; a draft says so), `?format=html` the same as a page.',
        params: Type.Object({
          roundId: Type.String({ pattern: roundIdPattern }),
          kind: literals(roundReportKinds),
        }),
        querystring: Type.Object({
          version: Type.Optional(literals(['draft', 'signed'] as const)),
          format: Type.Optional(ReportFormat),
        }),
        response: { 200: DocumentResponse, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { roundId, kind } = request.params;
      const entry = await app.rounds.roundReport(roundId, kind);
      const signed = !entry?.status || entry.status === 'signed';
      const draft = request.query.version === 'draft';
      // Need to know: an unsigned draft is the leading group's and the office's; to the committee it does not exist yet.
      if ((!signed || draft) && request.actor.role === 'committee')
        throw new HttpRefusal(404, '报告尚未生成', 'ReportNotReady');
      const text = await app.store.report(roundId, draft ? kind : (entry?.signed?.version ?? kind));
      if (!text) throw new HttpRefusal(404, '报告尚未生成', 'ReportNotReady');
      reply.header('x-report-status', entry?.status ?? 'signed');
      const format = request.query.format;
      if (format === 'docx' || format === 'html') {
        // Read only: the number was given when the round stored the signed report (activities/store.ts).
        const { doc, sha256, awaitingNumber } = await numbered(
          app,
          roundReport(roundId, kind, entry, text, signed && !draft),
        );
        return sendDocument(reply, doc, format, `${roundId}-${kind}`, sha256, awaitingNumber);
      }
      return reply.type('text/markdown; charset=utf-8').send(text);
    },
  );
};

export default plans;
