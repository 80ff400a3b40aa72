import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { CaseRecord } from '../../workflows/case-record';
import { caseKinds } from '../../workflows/domain';
import {
  CaseAwaiting,
  CaseDueAt,
  CaseKind,
  CaseOverdue,
  CaseStage,
  TargetUnit,
} from '../../workflows/search-attributes';
import { CaseIdParam, CaseSummarySchema, errorResponses, literals } from '../schemas';
import { HttpRefusal, canSeeCase, caseLinks } from '../cases-access';

const code = '^[a-z0-9-]+$';

/** Reading cases: one case's record (a query) and lists (Temporal visibility with our search attributes). */
// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const cases: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/cases/:caseId',
    {
      preHandler: app.requireRole(),
      schema: {
        tags: ['cases'],
        summary: 'The case record: stage, what it waits for, every event and who made each decision',
        params: CaseIdParam,
        response: { 200: Type.Ref('PatrolCaseRecord'), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const record = await app.temporal.client.workflow
        .getHandle(request.params.caseId)
        .query<CaseRecord>('caseRecord');
      if (!canSeeCase(request.actor, record))
        throw new HttpRefusal(403, '无权查看此案件：单位只能查看本单位的案件', 'CaseNotVisible');
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
};

export default cases;
