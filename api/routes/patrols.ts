import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { TypedSearchAttributes } from '@temporalio/common';
import { decidePatrolApprovalUpdate, patrolCase } from '../../workflows/patrol';
import { caseWorkflowId, groundsSourceLabels } from '../../workflows/domain';
import { CaseKind, CaseStage, TargetUnit } from '../../workflows/search-attributes';
import { PatrolIdParam, CaseLinksSchema, GroundsSchema, IdempotencyHeaders, errorResponses } from '../schemas';
import { HttpRefusal, caseLinks, sendStep } from '../cases-access';

/** Patrol cases (巡查, Chapter 3). Each human step of the measures is one endpoint. */
// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const patrols: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/patrols',
    {
      preHandler: app.requireRole('office', 'leading-group'),
      schema: {
        tags: ['patrol'],
        summary: 'Art. 12: propose a patrol (提请巡查)',
        description:
          'Starts one patrol case workflow with the business id `patrol-{year}-{unit}-{serial}`. Starting the same id again changes nothing and answers 409 with the existing case in `Location`.',
        body: Type.Object({
          year: Type.Integer({ minimum: 2015, maximum: 2100, description: 'Year of the case (part of the id)' }),
          serial: Type.Integer({ minimum: 1, maximum: 9999, description: 'Serial number within the year and unit' }),
          targetUnit: Type.String({ pattern: '^[a-z][a-z0-9-]*$', description: 'Unit code from GET /units' }),
          grounds: GroundsSchema,
        }),
        response: {
          201: Type.Object({ caseId: Type.String(), stage: Type.String(), links: CaseLinksSchema }),
          ...errorResponses(400, 401, 403, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const { year, serial, targetUnit: code, grounds } = request.body;
      const unit = app.units.get(code);
      if (!unit) {
        throw new HttpRefusal(422, `单位名录中没有代码为 ${code} 的单位`, 'UnknownUnit');
      }
      const caseId = caseWorkflowId('patrol', year, unit.code, serial);
      const links = caseLinks(app, caseId);
      try {
        await app.temporal.client.workflow.start(patrolCase, {
          workflowId: caseId,
          taskQueue: app.temporal.taskQueue,
          args: [
            { targetUnit: { code: unit.code, name: unit.name, kind: unit.kind }, grounds, proposedBy: request.actor },
          ],
          typedSearchAttributes: new TypedSearchAttributes([
            { key: CaseKind, value: 'patrol' },
            { key: TargetUnit, value: unit.code },
            { key: CaseStage, value: 'awaiting-approval' },
          ]),
          staticSummary: `巡查 ${unit.name}：${grounds.sources.map((s) => groundsSourceLabels[s]).join('、')}`,
          staticDetails: `**依据**：${grounds.summary}`,
        });
      } catch (err) {
        if (err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError')
          reply.header('location', links.self);
        throw err;
      }
      request.log.info({ caseId, unit: unit.code }, 'patrol proposed');
      return reply.status(201).header('location', links.self).send({ caseId, stage: 'awaiting-approval', links });
    },
  );

  app.post(
    '/patrols/:caseId/approval',
    {
      preHandler: app.requireRole('committee'),
      schema: {
        tags: ['patrol'],
        summary: 'Art. 12: the committee approves or rejects a patrol (批准/不批准)',
        description:
          'A Temporal Update with a validator: the answer says at once whether the decision was accepted. A rejection needs a reason and closes the case. A second decision is refused with 409.',
        params: PatrolIdParam,
        headers: IdempotencyHeaders,
        body: Type.Object({
          decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
          reason: Type.Optional(Type.String({ maxLength: 4000, description: 'Required when rejecting' })),
        }),
        response: { 200: Type.Ref('PatrolCaseRecord'), ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const { caseId } = request.params;
      const handle = app.temporal.client.workflow.getHandle(caseId);
      return sendStep(app, caseId, () =>
        handle.executeUpdate(decidePatrolApprovalUpdate, {
          args: [{ ...request.body, by: request.actor }],
          ...(request.headers['idempotency-key'] ? { updateId: request.headers['idempotency-key'] } : {}),
        }),
      );
    },
  );
};

export default patrols;
