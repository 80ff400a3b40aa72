/**
 * Uses of results (结果运用: 通报批评, 约谈, 挂牌督办; issue 36 item 2, docs/result-uses.md): the leading group decides one,
 * whoever may see it reads it, and the overseers list and count them (from the case store). The office's and the unit's
 * steps are built from the contract (routes/steps.ts); its documents are served with every kind's
 * (routes/official-documents.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Text, literals, strictInput } from '../../workflows/engine/schemas';
import { caseIdPattern, unitCodeDoc, unitCodePattern } from '../../workflows/ids';
import { problemIdPattern } from '../../workflows/problem/contract';
import {
  LocalDateTime,
  PersonSchema,
  resultUseContract,
  resultUseIdPattern,
  typeList,
} from '../../workflows/result-use/contract';
import { startProblem } from '../../workflows/result-use/rules';
import { HttpRefusal } from '../refusal';
import { CaseLinksSchema, errorResponses } from '../schemas';
import { resultUseSubject, startResultUse } from '../services/result-uses';

const tags = ['result uses'];
const Params = Type.Object({ resultUseId: Type.String({ pattern: resultUseIdPattern }) });
const unitCode = (what: string) => Type.String({ pattern: unitCodePattern, description: unitCodeDoc(what) });
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const Counts = { criticism: Type.Integer(), interview: Type.Integer(), listing: Type.Integer(), total: Type.Integer() };

const StartBody = strictInput(
  Type.Object({
    type: literals(typeList, 'criticism 通报批评, interview 约谈, listing 挂牌督办'),
    subject: Type.Object({
      caseId: Type.Optional(Type.String({ pattern: caseIdPattern, description: 'The patrol or supervision' })),
      problemId: Type.Optional(Type.String({ pattern: problemIdPattern, description: 'A problem of the ledger' })),
    }),
    unit: unitCode('The unit concerned (the subject’s unit or its city)'),
    reason: Text('事由', 2000),
    serial: Type.Optional(Type.Integer({ minimum: 1, maximum: 9999, description: 'Default: the year’s next' })),
    circular: Type.Optional(
      Type.Object({
        text: Text('通报内容', 8000),
        circulateTo: Type.Union([
          Type.Literal('all'),
          Type.Array(unitCode('A unit the circular goes to'), { minItems: 1, maxItems: 500 }),
        ]),
      }),
    ),
    interview: Type.Optional(
      Type.Object({
        leaders: Type.Array(PersonSchema, { minItems: 1, maxItems: 10, description: '被约谈人' }),
        scheduledAt: LocalDateTime,
        place: Text('约谈地点', 200),
      }),
    ),
    listing: Type.Optional(
      Type.Object({
        requirement: Text('督办事项', 2000),
        dueDate: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: '办结时限' })),
        responsibleLeader: PersonSchema,
      }),
    ),
  }),
);

// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const resultUses: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/result-uses',
    {
      onRequest: app.requireRole('leading-group'),
      schema: {
        tags,
        summary: 'Issue 36 item 2: the leading group decides a 通报批评, a 约谈 or a 挂牌督办 on a case or a problem',
        description:
          '`subject`: a patrol or supervision, a problem of the ledger, or both (the problem must be the case’s); read with the caller’s rights (404 when not theirs to see). `unit`: the unit concerned, the subject’s unit or its city. With the type’s part: `circular` (通报内容, to `all` units of the registry or to those named, the unit concerned always among them), `interview` (被约谈人 1–10, a time in the future, a place), `listing` (督办事项, 责任领导, `dueDate` after today, else the policy’s `listing-term`). A rule broken: 422 in Chinese, and nothing starts. 201 with the id `result-use-{year}-{serial}`.',
        body: StartBody,
        response: {
          201: Type.Object({ resultUseId: Type.String(), stage: Type.String(), links: CaseLinksSchema }),
          ...errorResponses(400, 401, 403, 404, 409, 422, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const { type, subject, unit, reason, serial, circular, interview, listing } = request.body;
      const problem = startProblem({ type, reason, circular, interview, listing });
      if (problem) throw new HttpRefusal(422, problem, 'InvalidRequest');
      const concerned = app.unitOf(unit);
      if (circular && circular.circulateTo !== 'all') circular.circulateTo.forEach((c) => app.unitOf(c));
      const checked = await resultUseSubject(app.cases, app.units, subject, concerned, request.actor);
      const started = await startResultUse(
        app.cases,
        app.store,
        {
          type,
          unit: concerned,
          subject: checked,
          reason,
          ...(circular ? { circular } : {}),
          ...(interview ? { interview } : {}),
          ...(listing ? { listing } : {}),
          by: request.actor,
        },
        serial,
      );
      return reply.status(201).header('location', started.links.self).send(started);
    },
  );

  app.get(
    '/result-uses',
    {
      onRequest: app.requireRole('office', 'leading-group', 'committee'),
      schema: {
        tags,
        summary: 'Issue 36 item 2: the uses of results, newest first (from the case store)',
        querystring: Type.Object({
          year: Type.Optional(Year),
          unit: Type.Optional(unitCode('The unit concerned')),
          type: Type.Optional(literals(typeList)),
        }),
        response: {
          200: Type.Array(
            Type.Object({
              resultUseId: Type.String(),
              type: Type.String(),
              year: Type.Integer(),
              unitCode: Type.String(),
              unitName: Type.String(),
              stage: Type.String(),
              closed: Type.Boolean(),
              overdue: Type.Boolean(),
              dueAt: Type.Optional(Type.String()),
              decidedAt: Type.String(),
            }),
          ),
          ...errorResponses(400, 401, 403, 503),
        },
      },
    },
    async (request) => app.store.listResultUses(request.query),
  );

  app.get(
    '/result-uses/statistics',
    {
      onRequest: app.requireRole('office', 'leading-group', 'committee'),
      schema: {
        tags,
        summary:
          'Issue 36 item 2: a year’s 通报批评, 约谈 and 挂牌督办, in all and per unit (the yearly report counts them)',
        querystring: Type.Object({ year: Year }),
        response: {
          200: Type.Object({
            year: Type.Integer(),
            total: Type.Object(Counts),
            byUnit: Type.Array(Type.Object({ unit: Type.String(), unitName: Type.String(), ...Counts })),
          }),
          ...errorResponses(400, 401, 403, 503),
        },
      },
    },
    async (request) => app.store.resultUseStatistics(request.query.year),
  );

  app.get(
    '/result-uses/:resultUseId',
    {
      onRequest: app.requireRole(),
      schema: {
        tags,
        summary: 'Issue 36 item 2: one use of results, with its history, as the caller may see it',
        description:
          'The overseers whole; the unit concerned and the units a circular went to without the subject’s ids; anyone else 404, as for one that does not exist.',
        params: Params,
        response: { 200: Type.Ref(resultUseContract.viewSchema.$id!), ...errorResponses(400, 401, 404, 503) },
      },
    },
    async (request) => app.cases.read(resultUseContract, request.params.resultUseId, request.actor),
  );
};

export default resultUses;
