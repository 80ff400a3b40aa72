import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import * as supervision from '../../workflows/supervision';
import { inspectionMethods } from '../../workflows/domain';
import type { InspectionMethod } from '../../workflows/domain';
import { GroupSchema, SupervisionIdParam, Text, errorResponses, literals } from '../schemas';
import { HttpRefusal } from '../cases-access';
import { stepRoute } from '../steps';
import { StartedCaseSchema, resolveUnit, startCase, targetOf } from '../start-case';

const tags = ['supervision'];
const response = 'SupervisionCaseRecord';
const List = (description: string, minItems = 1) => Type.Array(Text(description, 2000), { minItems, maxItems: 50 });

/** Supervision cases (督查, Chapter 2). Special supervisions start here; comprehensive ones come from the annual round. */
// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const supervisions: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/supervisions',
    {
      preHandler: app.requireRole('office', 'leading-group'),
      schema: {
        tags,
        summary: 'Art. 8: propose a special supervision of one topic (专项督查), any time',
        description:
          "Starts one supervision case `supervision-{year}-{unit}-{serial}`, waiting for the leading group to approve the item (Art. 6). Serial 0001 of each unit and year is the comprehensive round's case. Starting the same id again answers 409.",
        body: Type.Object({
          year: Type.Integer({ minimum: 2015, maximum: 2100 }),
          serial: Type.Integer({
            minimum: 2,
            maximum: 9999,
            description: '0001 is reserved for the comprehensive round',
          }),
          targetUnit: Type.String({ pattern: '^[a-z][a-z0-9-]*$', description: 'Unit code from GET /units' }),
          topic: Text('督查的重点工作（专项）', 500),
        }),
        response: {
          201: StartedCaseSchema,
          ...errorResponses(400, 401, 403, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const { year, serial, targetUnit, topic } = request.body;
      const unit = resolveUnit(app, targetUnit);
      if (!topic.trim()) throw new HttpRefusal(422, '专项督查须写明督查的重点工作', 'InvalidRequest');
      return startCase(app, reply, {
        kind: 'supervision',
        year,
        serial,
        unit,
        summary: `专项督查 ${unit.name}：${topic}`,
        start: (o) =>
          app.temporal.client.workflow.start(supervision.supervisionCase, {
            ...o,
            args: [
              {
                targetUnit: targetOf(unit),
                type: 'special',
                topic,
                year,
                memberUnits: [...app.units.values()].filter((u) => u.member).map((u) => u.code),
                proposedBy: request.actor,
              },
            ],
          }),
      });
    },
  );

  const route = <B extends Parameters<typeof stepRoute>[1]['body']>(
    url: string,
    roles: Parameters<typeof stepRoute>[1]['roles'],
    summary: string,
    body: B,
    update: Parameters<typeof stepRoute>[1]['update'],
    description?: string,
  ) =>
    stepRoute(app, {
      url: `/supervisions/:caseId/${url}`,
      roles,
      tags,
      summary,
      ...(description ? { description } : {}),
      params: SupervisionIdParam,
      body,
      response,
      update,
      input: (b) => b as never,
    });

  route(
    'approval',
    ['leading-group'],
    'Art. 6: the leading group approves the supervision item (批准督查事项)',
    Type.Object({
      decision: literals(['approve', 'reject'] as const),
      reason: Type.Optional(Text('Required when rejecting', 4000)),
    }),
    supervision.approveSupervisionUpdate,
  );
  route(
    'group',
    ['office', 'leading-group'],
    'Art. 7: form the supervision group (组建督查组)',
    Type.Object({ group: GroupSchema }),
    supervision.formSupervisionGroupUpdate,
    'A department-rank (厅级) leader; members from member units of the leading group; under cross inspection the leader comes from the inspecting city; nobody from the target unit.',
  );
  route(
    'work-plan',
    ['group-leader'],
    'Art. 10 (1): the work plan (制定实施方案)',
    Type.Object({ summary: Text('实施方案') }),
    supervision.submitSupervisionPlanUpdate,
  );
  route(
    'findings',
    ['group-leader'],
    'Art. 9, 5: record a finding under one of the five key contents, with the methods used',
    Type.Object({
      keyContent: Type.Integer({ minimum: 1, maximum: 5, description: 'Art. 9 item (1–5)' }),
      methods: Type.Array(literals(Object.keys(inspectionMethods) as InspectionMethod[], 'Art. 5 method'), {
        minItems: 1,
        uniqueItems: true,
      }),
      summary: Text('督查发现'),
      thirdPartyAssessment: Type.Optional(Text('第三方评估成果（Art. 5）')),
    }),
    supervision.recordSupervisionFindingUpdate,
  );
  route(
    'report',
    ['group-leader'],
    'Art. 10 (3): the written report: situation, problems, opinions, suggestions (书面报告)',
    Type.Object({
      situation: Text('督查情况'),
      problems: Text('问题'),
      opinions: Text('意见'),
      suggestions: Text('建议'),
    }),
    supervision.submitSupervisionReportUpdate,
  );
  route(
    'commendation',
    ['leading-group'],
    'Art. 11 (1): public commendation of a unit that did well (通报表扬)',
    Type.Object({ citation: Text('表扬事由', 4000) }),
    supervision.commendUnitUpdate,
  );
  route(
    'results',
    ['leading-group'],
    'Art. 11 (2): notify the unit of the results and rectification requirements (通报督查结果、提出整改要求)',
    Type.Object({ summary: Text('督查结果'), rectificationRequirements: List('整改要求', 0) }),
    supervision.notifyResultsUpdate,
    'With requirements, the unit must report its rectification in time (default 30 days, deadline engine). Without, the case closes.',
  );
  route(
    'rectification-report',
    ['unit'],
    'Art. 11 (2): the unit reports its rectification (整改情况反馈)',
    Type.Object({ summary: Text('整改情况'), measures: List('整改措施') }),
    supervision.submitSupervisionRectificationUpdate,
    'Accepted after the deadline too, and then recorded as late.',
  );
};

export default supervisions;
