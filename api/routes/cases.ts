import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { CaseRecord } from '../../workflows/case-record';
import { awaitingTag } from '../../workflows/case-record';
import { caseKinds } from '../../workflows/domain';
import { extendDeadlineUpdate } from '../../workflows/case-steps';
import {
  CaseAwaiting,
  CaseDueAt,
  CaseKind,
  CaseOverdue,
  CaseStage,
  TargetUnit,
} from '../../workflows/search-attributes';
import { CaseIdParam, CaseLinksSchema, CaseSummarySchema, LocalDate, Text, errorResponses, literals } from '../schemas';
import type { VisibleRecord } from '../cases-access';
import { HttpRefusal, awaitingTagOf, canSeeCase, caseLinks } from '../cases-access';
import { stepRoute } from '../steps';

const code = '^[a-z0-9-]+$';

const TaskSchema = Type.Object({
  caseId: Type.String(),
  kind: Type.String(),
  unitName: Type.String(),
  stage: Type.String(),
  stageLabel: Type.String(),
  action: Type.String({ description: 'What to do' }),
  label: Type.String(),
  url: Type.String({ description: 'The API endpoint that does it (POST)' }),
  dueAt: Type.Optional(Type.String({ format: 'date-time' })),
  dueDate: Type.Optional(Type.String()),
  overdue: Type.Boolean(),
  links: CaseLinksSchema,
});

/** Reading cases: one case's record (a query), lists (visibility), what waits for me, and deadline extensions. */
// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const cases: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/cases/:caseId',
    {
      preHandler: app.requireRole(),
      schema: {
        tags: ['cases'],
        summary:
          'The case record: stage, what it waits for, deadlines, notifications, every event and who made each decision',
        params: CaseIdParam,
        response: {
          200: Type.Union([Type.Ref('PatrolCaseRecord'), Type.Ref('SupervisionCaseRecord')]),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      const record = await app.temporal.client.workflow
        .getHandle(request.params.caseId)
        .query<CaseRecord & VisibleRecord>('caseRecord');
      if (!canSeeCase(request.actor, record))
        throw new HttpRefusal(403, '无权查看此案件：只能查看与本单位、本组有关的案件', 'CaseNotVisible');
      return record;
    },
  );

  app.get(
    '/cases',
    {
      preHandler: app.requireRole('office', 'leading-group', 'committee', 'unit'),
      schema: {
        tags: ['cases'],
        summary: 'List cases, filtered by kind, stage, unit or overdue (Temporal visibility)',
        description:
          'A unit sees only its own cases, whatever `unit` says. Visibility is eventually consistent: a case started a moment ago may take a second to appear.',
        querystring: Type.Object({
          kind: Type.Optional(literals(caseKinds)),
          stage: Type.Optional(Type.String({ pattern: code })),
          unit: Type.Optional(Type.String({ pattern: code })),
          overdue: Type.Optional(Type.Boolean()),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        }),
        response: { 200: Type.Object({ cases: Type.Array(CaseSummarySchema) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { kind, stage, overdue, limit } = request.query;
      const unit = request.actor.role === 'unit' ? request.actor.unit : request.query.unit;
      // Values are pattern-checked above, so quoting them is safe.
      const clauses = [
        kind ? `${CaseKind.name} = '${kind}'` : `${CaseKind.name} IS NOT NULL`,
        stage && `${CaseStage.name} = '${stage}'`,
        unit && `${TargetUnit.name} = '${unit}'`,
        overdue !== undefined && `${CaseOverdue.name} = ${overdue}`,
      ].filter(Boolean);
      const list: Array<typeof CaseSummarySchema.static> = [];
      for await (const wf of app.temporal.client.workflow.list({ query: clauses.join(' AND '), pageSize: limit })) {
        const sa = wf.typedSearchAttributes;
        const dueAt = sa.get(CaseDueAt);
        list.push({
          caseId: wf.workflowId,
          kind: sa.get(CaseKind) ?? wf.type,
          targetUnit: sa.get(TargetUnit) ?? '',
          stage: sa.get(CaseStage) ?? '',
          awaiting: sa.get(CaseAwaiting) ?? [],
          overdue: sa.get(CaseOverdue) ?? false,
          ...(dueAt ? { dueAt: dueAt.toISOString() } : {}),
          status: wf.status.name,
          startedAt: wf.startTime.toISOString(),
          links: caseLinks(app, wf.workflowId),
        });
        if (list.length >= limit) break;
      }
      return { cases: list };
    },
  );

  app.get(
    '/my/tasks',
    {
      preHandler: app.requireRole('office', 'leading-group', 'committee', 'unit', 'group-leader', 'discipline'),
      schema: {
        tags: ['cases'],
        summary: 'What is waiting for me: every step the caller (role, unit or group) owes now, most urgent first',
        description: 'Overdue items first, then by due date; steps without a deadline last.',
        response: { 200: Type.Object({ tasks: Type.Array(TaskSchema) }), ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const tag = awaitingTagOf(request.actor);
      const tasks: Array<typeof TaskSchema.static> = [];
      for await (const wf of app.temporal.client.workflow.list({
        query: `${CaseAwaiting.name} = '${tag}' AND ExecutionStatus = 'Running'`,
      })) {
        const record = await app.temporal.client.workflow.getHandle(wf.workflowId).query<CaseRecord>('caseRecord');
        for (const a of record.awaiting.filter((x) => awaitingTag(x) === tag)) {
          const dueDate = record.deadlines.find((t) => t.key === a.deadlineKey)?.deadline.dueDate;
          tasks.push({
            caseId: record.caseId,
            kind: record.kind,
            unitName: record.targetUnit.name,
            stage: record.stage,
            stageLabel: record.stageLabel,
            action: a.action,
            label: a.label,
            url: `/${record.kind}s/${record.caseId}/${a.action}`,
            ...(a.dueAt ? { dueAt: a.dueAt } : {}),
            ...(dueDate ? { dueDate } : {}),
            overdue: a.overdue ?? false,
            links: caseLinks(app, record.caseId),
          });
        }
      }
      tasks.sort(
        (x, y) => Number(y.overdue) - Number(x.overdue) || (x.dueAt ?? '9999').localeCompare(y.dueAt ?? '9999'),
      );
      return { tasks };
    },
  );

  stepRoute(app, {
    url: '/cases/:caseId/deadlines/:key/extension',
    roles: ['leading-group', 'office'],
    tags: ['cases'],
    summary: 'Extend a deadline with a reason (延期); the timers follow the new date',
    params: Type.Object({ caseId: CaseIdParam.properties.caseId, key: Type.String({ pattern: '^[a-z0-9-]+$' }) }),
    body: Type.Object({ dueDate: LocalDate, reason: Text('延期理由', 4000) }),
    response: 'PatrolCaseRecord',
    update: extendDeadlineUpdate,
    input: (b, p) => ({ ...b, key: p.key }),
  });
};

export default cases;
