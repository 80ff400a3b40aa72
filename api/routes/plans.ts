import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { ScheduleNotFoundError } from '@temporalio/client';
import { roundScheduleId } from '../../activities/supervision';
import { readReport, reportsDir } from '../../lib/reports';
import { CaseRound } from '../../workflows/search-attributes';
import { supervisionStages, unitKinds } from '../../workflows/domain';
import type { AnnualPlanRecord } from '../../workflows/supervision-plan';
import { decideAnnualPlanUpdate, planRecordQuery, supervisionPlan } from '../../workflows/supervision-plan';
import type { RoundProgress } from '../../workflows/supervision-round';
import { roundId, roundProgressQuery } from '../../workflows/supervision-round';
import { HttpRefusal, sendStep } from '../cases-access';
import { ActorSchema, IdempotencyHeaders, Text, errorResponses, literals } from '../schemas';

const tags = ['annual plan'];
const YearParam = Type.Object({ year: Type.Integer({ minimum: 2015, maximum: 2100 }) });
const Unit = Type.String({ pattern: '^[a-z][a-z0-9-]*$' });
const Decision = Type.Object({
  decision: literals(['approve', 'reject'] as const),
  reason: Type.Optional(Type.String()),
  by: ActorSchema,
  at: Type.String({ format: 'date-time' }),
});
const NotificationsSchema = Type.Array(
  Type.Object({
    notificationId: Type.String(),
    at: Type.String(),
    to: Type.Object({ role: Type.String(), unit: Type.Optional(Type.String()), group: Type.Optional(Type.String()) }),
    subject: Type.String(),
    deliveries: Type.Array(
      Type.Object({
        channel: Type.String(),
        target: Type.String(),
        status: Type.String(),
        error: Type.Optional(Type.String()),
      }),
    ),
  }),
);
const RoundSchema = Type.Object({
  roundId: Type.String(),
  workflowId: Type.String({ description: 'The round workflow (the schedule appends a timestamp)' }),
  year: Type.Integer(),
  status: literals(['starting', 'field-work', 'rectification', 'closed', 'duplicate'] as const),
  crossInspection: Type.Boolean(),
  assignments: Type.Array(Type.Object({ target: Type.String(), inspector: Type.String() }), {
    description: 'Art. 5: who inspects whom',
  }),
  cases: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      caseId: Type.String(),
      unit: Type.Object({ code: Type.String(), name: Type.String(), kind: literals(unitKinds) }),
      stage: literals(supervisionStages),
      overdue: Type.Boolean(),
      findingsByContent: Type.Record(Type.String(), Type.Integer(), {
        description: 'Findings per Art. 9 key content (1–5)',
      }),
      commended: Type.Boolean(),
      rectificationRequirements: Type.Array(Type.String()),
      rectificationLate: Type.Optional(Type.Boolean()),
      inspectingCity: Type.Optional(Type.String()),
    }),
  ),
  byStage: Type.Record(Type.String(), Type.Integer(), { description: 'How many cases are in each stage' }),
  overdue: Type.Array(Type.String(), { description: 'Units whose rectification is overdue' }),
  reports: Type.Array(
    Type.Object({
      kind: literals(['consolidated', 'rectification', 'national'] as const),
      title: Type.String(),
      url: Type.String(),
      at: Type.String(),
    }),
  ),
  notifications: NotificationsSchema,
  note: Type.Optional(Type.String()),
});

const PlanSchema = Type.Object({
  planId: Type.String(),
  year: Type.Integer(),
  month: Type.Integer(),
  units: Type.Array(Type.String()),
  crossInspection: Type.Boolean(),
  specialTopics: Type.Array(
    Type.Object({ topic: Type.String(), units: Type.Array(Type.String()), month: Type.Integer() }),
  ),
  stage: literals(['awaiting-approval', 'scheduled', 'rejected'] as const),
  draftedBy: ActorSchema,
  draftedAt: Type.String(),
  approval: Type.Optional(Decision),
  schedule: Type.Optional(Type.Object({ scheduleId: Type.String(), firesAt: Type.String(), roundId: Type.String() })),
  notifications: NotificationsSchema,
});

// Compile-time guard: the response schemas and the workflows' types describe the same thing.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const planMatchesWorkflow: Same<Static<typeof PlanSchema>['stage'], AnnualPlanRecord['stage']> = true;
export const roundMatchesWorkflow: Same<
  Static<typeof RoundSchema>['cases'][number]['stage'],
  RoundProgress['cases'][number]['stage']
> = true;

const planWorkflowId = (year: number) => `supervision-plan-${year}`;

/** The annual plan (Art. 6, 8), its round (a Temporal Schedule starting a parent workflow), and the round's reports (Art. 11). */
// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const plans: FastifyPluginAsyncTypebox = async (app) => {
  const client = app.temporal.client;

  app.post(
    '/supervision-plans',
    {
      preHandler: app.requireRole('office'),
      schema: {
        tags,
        summary: "Art. 6, 8: the office drafts the year's supervision plan (年度督查计划)",
        description:
          'Which units the comprehensive round covers (default: the 11 cities), in which month, with or without cross inspection between cities (Art. 5), and the special topics. The leading group approves it.',
        body: Type.Object({
          year: Type.Integer({ minimum: 2015, maximum: 2100 }),
          month: Type.Integer({ minimum: 1, maximum: 12, description: 'Month of the comprehensive round' }),
          units: Type.Optional(
            Type.Array(Unit, { minItems: 1, uniqueItems: true, description: 'Default: every city of the registry' }),
          ),
          crossInspection: Type.Boolean({ description: 'Art. 5: cities inspect each other' }),
          specialTopics: Type.Array(
            Type.Object({
              topic: Text('专项督查重点工作', 500),
              units: Type.Array(Unit, { minItems: 1 }),
              month: Type.Integer({ minimum: 1, maximum: 12 }),
            }),
            { maxItems: 50, default: [] },
          ),
        }),
        response: { 201: PlanSchema, ...errorResponses(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const { year, month, crossInspection, specialTopics } = request.body;
      const units = request.body.units ?? [...app.units.values()].filter((u) => u.kind === 'city').map((u) => u.code);
      const unknown = [...units, ...specialTopics.flatMap((t) => t.units)].filter((u) => !app.units.has(u));
      if (unknown.length)
        throw new HttpRefusal(422, `单位名录中没有：${[...new Set(unknown)].join('、')}`, 'UnknownUnit');
      if (crossInspection && units.filter((u) => app.units.get(u)?.kind === 'city').length < 2) {
        throw new HttpRefusal(422, '交叉督查（Art. 5）须至少有两个市', 'InvalidRequest');
      }
      const handle = client.workflow.getHandle(planWorkflowId(year));
      const existing = await handle.describe().catch(() => undefined);
      if (existing) {
        const current =
          existing.status.name === 'RUNNING' ? undefined : await handle.query(planRecordQuery).catch(() => undefined);
        if (existing.status.name === 'RUNNING' || current?.stage === 'scheduled') {
          throw new HttpRefusal(
            409,
            `${year}年度督查计划已经${existing.status.name === 'RUNNING' ? '起草，待批准' : '批准'}`,
            'PlanExists',
          );
        }
      }
      await client.workflow.start(supervisionPlan, {
        workflowId: planWorkflowId(year),
        taskQueue: app.temporal.taskQueue,
        args: [{ year, month, units, crossInspection, specialTopics, draftedBy: request.actor }],
        typedSearchAttributes: [{ key: CaseRound, value: roundId(year) }],
        staticSummary: `${year}年度督查计划：综合督查${units.length}个单位（${month}月）${crossInspection ? '，交叉督查' : ''}`,
      });
      const plan = await client.workflow.getHandle(planWorkflowId(year)).query(planRecordQuery);
      return reply.status(201).header('location', `/supervision-plans/${year}`).send(plan);
    },
  );

  app.get(
    '/supervision-plans/:year',
    {
      preHandler: app.requireRole('office', 'leading-group', 'committee'),
      schema: {
        tags,
        summary: "The year's plan: units, month, cross inspection, special topics, approval and schedule",
        params: YearParam,
        response: { 200: PlanSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => client.workflow.getHandle(planWorkflowId(request.params.year)).query(planRecordQuery),
  );

  app.post(
    '/supervision-plans/:year/approval',
    {
      preHandler: app.requireRole('leading-group'),
      schema: {
        tags,
        summary: 'Art. 6: the leading group approves the plan; the comprehensive round goes on a Temporal Schedule',
        params: YearParam,
        headers: IdempotencyHeaders,
        body: Type.Object({
          decision: literals(['approve', 'reject'] as const),
          reason: Type.Optional(Text('理由', 4000)),
        }),
        response: { 200: PlanSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const id = planWorkflowId(request.params.year);
      const key = request.headers['idempotency-key'];
      return sendStep<AnnualPlanRecord>(app, id, () =>
        client.workflow.getHandle(id).executeUpdate(decideAnnualPlanUpdate, {
          args: [{ ...request.body, by: request.actor }],
          ...(key ? { updateId: key } : {}),
        }),
      );
    },
  );

  app.post(
    '/supervision-plans/:year/round',
    {
      preHandler: app.requireRole('leading-group', 'office'),
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
      try {
        await client.schedule.getHandle(roundScheduleId(year)).trigger();
      } catch (err) {
        if (err instanceof ScheduleNotFoundError)
          throw new HttpRefusal(409, `${year}年度督查计划尚未批准，没有可启动的综合督查`, 'PlanNotApproved');
        throw err;
      }
      return reply
        .status(202)
        .send({ scheduleId: roundScheduleId(year), roundId: roundId(year), progress: `/supervision-rounds/${year}` });
    },
  );

  app.get(
    '/supervision-rounds/:year',
    {
      preHandler: app.requireRole('office', 'leading-group', 'committee'),
      schema: {
        tags,
        summary:
          "The round's progress in one call: cases in each stage, who is overdue, cross-inspection pairs, reports",
        params: YearParam,
        response: { 200: RoundSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const rounds: string[] = [];
      for await (const wf of client.workflow.list({
        query: `WorkflowType = 'supervisionRound' AND ${CaseRound.name} = '${roundId(request.params.year)}'`,
      })) {
        rounds.push(wf.workflowId);
      }
      // The first round started owns the cases; a later trigger ends as a duplicate.
      for (const id of rounds.sort()) {
        const progress: RoundProgress = await client.workflow.getHandle(id).query(roundProgressQuery);
        if (progress.status !== 'duplicate') return progress;
      }
      throw new HttpRefusal(404, `${request.params.year}年度综合督查尚未启动`, 'RoundNotStarted');
    },
  );

  app.get(
    '/reports/:roundId/:kind',
    {
      preHandler: app.requireRole('office', 'leading-group', 'committee'),
      schema: {
        tags,
        summary: 'Art. 11: a round report as Chinese Markdown (consolidated, rectification, national)',
        params: Type.Object({
          roundId: Type.String({ pattern: '^supervision-round-[0-9]{4}$' }),
          kind: literals(['consolidated', 'rectification', 'national'] as const),
        }),
        response: { 200: Type.String({ description: 'text/markdown' }), ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const text = readReport(app.config.REPORTS_DIR ?? reportsDir(), request.params.roundId, request.params.kind);
      if (!text) throw new HttpRefusal(404, '报告尚未生成', 'ReportNotReady');
      return reply.type('text/markdown; charset=utf-8').send(text);
    },
  );
};

export default plans;
