import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import * as patrol from '../../workflows/patrol';
import { groundsSourceLabels, inspectionMethods, transferRecipients } from '../../workflows/domain';
import type { InspectionMethod, TransferRecipient } from '../../workflows/domain';
import {
  GroundsSchema,
  GroupSchema,
  LocalDate,
  OpinionSchema,
  PatrolIdParam,
  Text,
  errorResponses,
  literals,
} from '../schemas';
import { stepRoute } from '../steps';
import { StartedCaseSchema, resolveUnit, startCase, targetOf } from '../start-case';

const tags = ['patrol'];
const response = 'PatrolCaseRecord';
const Numbered = (name: string) =>
  Type.Object({ caseId: PatrolIdParam.properties.caseId, [name]: Type.Integer({ minimum: 1 }) });
const List = (description: string) => Type.Array(Text(description, 2000), { minItems: 1, maxItems: 50 });

/** Patrol cases (巡查, Chapter 3). Each human step of the measures is one endpoint. */
// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const patrols: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/patrols',
    {
      preHandler: app.requireRole('office', 'leading-group'),
      schema: {
        tags,
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
          201: StartedCaseSchema,
          ...errorResponses(400, 401, 403, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const { year, serial, targetUnit, grounds } = request.body;
      const unit = resolveUnit(app, targetUnit);
      return startCase(app, reply, {
        kind: 'patrol',
        year,
        serial,
        unit,
        summary: `巡查 ${unit.name}：${grounds.sources.map((s) => groundsSourceLabels[s]).join('、')}`,
        details: `**依据**：${grounds.summary}`,
        start: (o) =>
          app.temporal.client.workflow.start(patrol.patrolCase, {
            ...o,
            args: [{ targetUnit: targetOf(unit), grounds, proposedBy: request.actor }],
          }),
      });
    },
  );

  stepRoute(app, {
    url: '/patrols/:caseId/approval',
    roles: ['committee'],
    tags,
    summary: 'Art. 12: the committee approves or rejects the patrol (批准/不批准)',
    description: 'A rejection needs a reason and closes the case.',
    params: PatrolIdParam,
    body: Type.Object({
      decision: literals(['approve', 'reject'] as const),
      reason: Type.Optional(Text('Required when rejecting', 4000)),
    }),
    response,
    update: patrol.decidePatrolApprovalUpdate,
    input: (b) => b,
  });

  stepRoute(app, {
    url: '/patrols/:caseId/group',
    roles: ['office', 'leading-group'],
    tags,
    summary: 'Art. 13: form the patrol group (组建巡查组)',
    description: 'The leader must be of department rank (厅级); nobody from the target unit may be in the group.',
    params: PatrolIdParam,
    body: Type.Object({ group: GroupSchema }),
    response,
    update: patrol.formGroupUpdate,
    input: (b) => b,
  });

  stepRoute(app, {
    url: '/patrols/:caseId/work-plan',
    roles: ['group-leader'],
    tags,
    summary:
      'Art. 15 (1)(2): the group leader submits the work plan; the group is stationed at the unit (制定方案、进驻)',
    params: PatrolIdParam,
    body: Type.Object({ summary: Text('工作方案'), stationedOn: LocalDate }),
    response,
    update: patrol.submitWorkPlanUpdate,
    input: (b) => b,
  });

  stepRoute(app, {
    url: '/patrols/:caseId/findings',
    roles: ['group-leader'],
    tags,
    summary: 'Art. 14, 5: record a finding under one of the five key problems, with the methods used',
    params: PatrolIdParam,
    body: Type.Object({
      keyProblem: Type.Integer({ minimum: 1, maximum: 5, description: 'Art. 14 item (1–5)' }),
      methods: Type.Array(literals(Object.keys(inspectionMethods) as InspectionMethod[], 'Art. 5 method'), {
        minItems: 1,
        uniqueItems: true,
      }),
      summary: Text('问题描述'),
    }),
    response,
    update: patrol.recordFindingUpdate,
    input: (b) => b,
  });

  stepRoute(app, {
    url: '/patrols/:caseId/handling-suggestions',
    roles: ['group-leader'],
    tags,
    summary: 'Art. 15 (2): send an on-site handling suggestion to the unit (处理建议)',
    description: 'Sent to the unit at once; its answer is due on the deadline engine (reminders, overdue, escalation).',
    params: PatrolIdParam,
    body: Type.Object({
      summary: Text('处理建议'),
      findingIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 100 })),
    }),
    response,
    update: patrol.sendHandlingSuggestionUpdate,
    input: (b) => b,
  });

  stepRoute(app, {
    url: '/patrols/:caseId/handling-suggestions/:suggestionId/answer',
    roles: ['unit'],
    tags,
    summary: 'Art. 15 (2): the unit answers a handling suggestion',
    params: Numbered('suggestionId'),
    body: Type.Object({ answer: Text('答复') }),
    response,
    update: patrol.answerHandlingSuggestionUpdate,
    input: (b, p) => ({ ...b, suggestionId: p.suggestionId as number }),
  });

  stepRoute(app, {
    url: '/patrols/:caseId/report',
    roles: ['group-leader'],
    tags,
    summary: 'Art. 15 (3): the written report with handling opinions based on facts and rules (书面报告、处理意见)',
    params: PatrolIdParam,
    body: Type.Object({
      situation: Text('巡查情况'),
      problems: Text('发现的问题'),
      opinions: Type.Array(OpinionSchema, { minItems: 1, maxItems: 100 }),
    }),
    response,
    update: patrol.submitPatrolReportUpdate,
    input: (b) => b,
  });

  stepRoute(app, {
    url: '/patrols/:caseId/request-for-instructions',
    roles: ['leading-group'],
    tags,
    summary: 'Art. 16 (1): after study, the leading group asks the committee for instructions (请示报告)',
    params: PatrolIdParam,
    body: Type.Object({ summary: Text('请示报告') }),
    response,
    update: patrol.sendRequestForInstructionsUpdate,
    input: (b) => b,
  });

  stepRoute(app, {
    url: '/patrols/:caseId/instructions',
    roles: ['committee'],
    tags,
    summary: 'Art. 16 (1): the committee decides: approve, or send back with remarks (批示)',
    params: PatrolIdParam,
    body: Type.Object({
      decision: literals(['approve', 'send-back'] as const),
      remarks: Type.Optional(Text('批示意见（退回时必填）', 4000)),
    }),
    response,
    update: patrol.decideInstructionsUpdate,
    input: (b) => b,
  });

  stepRoute(app, {
    url: '/patrols/:caseId/transfers',
    roles: ['leading-group'],
    tags,
    summary: 'Art. 16 (1): transfer violations of discipline or law (移交纪检监察或检察机关)',
    description: 'The receiving body must acknowledge; an unacknowledged transfer is chased and escalated.',
    params: PatrolIdParam,
    body: Type.Object({
      to: literals(Object.keys(transferRecipients) as TransferRecipient[]),
      summary: Text('移交事项'),
    }),
    response,
    update: patrol.transferViolationUpdate,
    input: (b) => b,
  });

  stepRoute(app, {
    url: '/patrols/:caseId/transfers/:transferId/acknowledgement',
    roles: ['discipline'],
    tags,
    summary: 'Art. 16 (1): the receiving body acknowledges a transfer (确认接收)',
    params: Numbered('transferId'),
    body: Type.Object({ note: Type.Optional(Text('备注', 4000)) }),
    response,
    update: patrol.acknowledgeTransferUpdate,
    input: (b, p) => ({ ...b, transferId: p.transferId as number }),
  });

  stepRoute(app, {
    url: '/patrols/:caseId/feedback',
    roles: ['leading-group'],
    tags,
    summary: 'Art. 16 (2): feedback and rectification opinions to the unit; rectification is due within 2 months',
    params: PatrolIdParam,
    body: Type.Object({ situation: Text('反馈的巡查情况'), rectificationOpinions: List('整改意见') }),
    response,
    update: patrol.issueFeedbackUpdate,
    input: (b) => b,
  });

  stepRoute(app, {
    url: '/patrols/:caseId/rectification-report',
    roles: ['unit'],
    tags,
    summary: 'Art. 16 (2): the unit reports its rectification (整改情况反馈)',
    description: 'Accepted after the deadline too, and then recorded as late.',
    params: PatrolIdParam,
    body: Type.Object({
      summary: Text('整改情况'),
      measures: List('整改措施'),
      publicSummary: Type.Optional(Text('可以公开的整改情况（Art. 16 (3)）')),
    }),
    response,
    update: patrol.submitRectificationReportUpdate,
    input: (b) => b,
  });

  stepRoute(app, {
    url: '/patrols/:caseId/rectification-summary',
    roles: ['leading-group'],
    tags,
    summary: 'Art. 16 (3): report the rectification to the committee and publish what can be public (汇总报告、公开)',
    params: PatrolIdParam,
    body: Type.Object({ summary: Text('整改情况报告'), publish: Type.Boolean() }),
    response,
    update: patrol.reportRectificationSummaryUpdate,
    input: (b) => b,
  });
};

export default patrols;
