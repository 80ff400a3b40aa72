/**
 * Problems of the rectification ledger (问题整改台账, issue 35; docs/ledger.md): the office enters the problems of a
 * public report it verified, anyone who may see a problem reads it, and the unit uploads its evidence (佐证材料). The
 * unit's and the supervising body's steps are built from the contract (routes/steps.ts); the ledger's lists, exports
 * and statistics are read from the case store (routes/ledger.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { publicReportIdPattern, unitCodeDoc, unitCodePattern } from '../../workflows/ids';
import { Text, strictInput } from '../../workflows/engine/schemas';
import { ProblemTermSchema, problemContract, problemIdPattern, problemSteps } from '../../workflows/problem/contract';
import type { PublicReportRecord } from '../../workflows/public-report/contract';
import { publicReportContract } from '../../workflows/public-report/contract';
import { HttpRefusal } from '../refusal';
import { termsProblem } from '../../workflows/common-steps/problem-terms';
import { CaseLinksSchema, IdempotencyHeaders, errorResponses } from '../schemas';
import { readUpload } from '../uploads';
import { startReportProblems } from '../services/problems';

const tags = ['ledger'];
const ProblemParams = Type.Object({ problemId: Type.String({ pattern: problemIdPattern }) });
const StartedProblemSchema = Type.Object({ problemId: Type.String(), stage: Type.String(), links: CaseLinksSchema });

// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const problemStarts: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/problems',
    {
      onRequest: app.requireRole('office'),
      schema: {
        tags,
        summary: 'Issue 35: the office enters the problems of a public report it verified (整改台账)',
        description:
          'One problem per requirement, `problem-{publicReportId}-{n}` (n from 1, in the order given), source `public-report` (Art. 5), each with its unit of the registry and its term: `immediate` (立行立改, the policy’s `problem-immediate`), `dated` (限期整改, by `dueDate`, today or later; without one the policy’s `problem-dated`), `long-term` (长期坚持, a progress report every `everyMonths`, default the policy’s `problem-progress`). The report must be registered (核实) first (409). Entering the same report again changes nothing and answers 409 with the first problem in `Location`. A county’s city sees its problems too, but acts on none of them.',
        body: strictInput(
          Type.Object({
            publicReportId: Type.String({ pattern: publicReportIdPattern }),
            requirements: Type.Array(
              Type.Object({
                requirement: Text('整改要求', 2000),
                unit: Type.String({
                  pattern: unitCodePattern,
                  description: unitCodeDoc('The unit that answers for it'),
                }),
                term: ProblemTermSchema,
              }),
              { minItems: 1, maxItems: 50 },
            ),
          }),
        ),
        response: {
          201: Type.Object({ problems: Type.Array(StartedProblemSchema) }),
          ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const { publicReportId, requirements } = request.body;
      // The same term rules as a case's requirements (workflows/common-steps/problem-terms.ts).
      const termProblem = termsProblem(
        requirements.map((r, i) => ({ requirement: i + 1, ...r.term })),
        requirements.length,
      );
      if (termProblem) throw new HttpRefusal(422, termProblem, 'InvalidRequest');
      const checked = requirements.map((r, i) => {
        if (!r.requirement.trim()) throw new HttpRefusal(422, `第${i + 1}项整改要求不能为空`, 'InvalidRequest');
        return { requirement: r.requirement, unit: app.unitOf(r.unit), term: r.term };
      });
      const report = (await app.cases.read(
        publicReportContract,
        publicReportId,
        request.actor,
      )) as unknown as PublicReportRecord;
      const problems = await startReportProblems(app.cases, app.units, report, checked, request.actor);
      return reply.status(201).header('location', problems[0]!.links.self).send({ problems });
    },
  );

  app.get(
    '/problems/:problemId',
    {
      onRequest: app.requireRole(),
      schema: {
        tags,
        summary: 'Issue 35: one problem of the ledger, with its history, as the caller may see it',
        description:
          'The overseers whole; the unit its own problems (a city also its counties’); a discipline body a problem of a case that transferred a violation to it, without progress, evidence or requests. Anyone else: 404, as for a problem that does not exist.',
        params: ProblemParams,
        response: { 200: Type.Ref(problemContract.viewSchema.$id!), ...errorResponses(400, 401, 404, 503) },
      },
    },
    async (request) => app.cases.read(problemContract, request.params.problemId, request.actor),
  );

  app.post(
    '/problems/:problemId/files',
    {
      onRequest: app.requireRole('unit'),
      schema: {
        tags,
        summary: 'Issue 35: the unit uploads evidence (佐证材料) of one of its problems (multipart/form-data)',
        description:
          'The unit that answers for the problem, while it is being rectified. Files in any field: PDF, JPEG, PNG, Word, Excel or text, each at most `ATTACHMENT_MAX_BYTES`, at most `ATTACHMENTS_PER_UPLOAD` at a time. They go to the case store; the problem records each with its SHA-256 (`evidence`), and whoever may see the evidence reads them (GET /documents/{id}). A refused upload keeps nothing.',
        consumes: ['multipart/form-data'],
        params: ProblemParams,
        headers: IdempotencyHeaders,
        response: {
          200: Type.Ref(problemContract.viewSchema.$id!),
          ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 503),
        },
      },
    },
    async (request) => {
      const { problemId } = request.params;
      // Not the caller's to see: the answer of one that does not exist, before anything is read from the body.
      await app.cases.read(problemContract, problemId, request.actor);
      const { files } = await readUpload(request, app.config);
      if (!files.length) throw new HttpRefusal(422, '没有收到文件', 'InvalidRequest');
      const key = (request.headers as { 'idempotency-key'?: string })['idempotency-key'];
      return app.cases.stepWithClaim(
        problemContract,
        problemSteps.attachProblemEvidence,
        problemId,
        request.actor,
        key,
        async (claim) => ({
          files: await Promise.all(files.map((f, i) => claim.file(problemId, 'evidence', `${i}:${f.sha256}`, f))),
        }),
      );
    },
  );
};

export default problemStarts;
