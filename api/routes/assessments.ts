/**
 * Art. 5 (重视运用第三方评估成果): the register of third-party assessments. The office records who assessed which
 * units in which year, a summary and files; findings of both kinds of case cite an assessment by its id, and the
 * round's reports and the statistics count the findings backed by one.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { unitCodePattern, unitCodeDoc } from '../../workflows/ids';
import { assessmentIdPattern } from '../../workflows/engine/schemas';
import { required } from '../../workflows/engine/texts';
import { HttpRefusal } from '../refusal';
import { errorResponses } from '../schemas';
import { readUpload } from '../uploads';
import { AssessmentService } from '../services/assessments';
import { assessmentReaders } from './documents';

const AssessmentSchema = Type.Object({
  id: Type.String({ description: 'e.g. assessment-2026-0001: what a finding cites (`assessmentId`)' }),
  year: Type.Integer(),
  assessor: Type.String(),
  unitCodes: Type.Array(Type.String()),
  summary: Type.String(),
  createdAt: Type.String(),
  files: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      contentType: Type.String(),
      size: Type.Integer(),
      sha256: Type.String(),
      url: Type.String(),
    }),
  ),
});

const IdParam = Type.Object({ assessmentId: Type.String({ pattern: assessmentIdPattern }) });
const missing = () => new HttpRefusal(404, '第三方评估登记簿中没有这项评估', 'NotFound');

// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const assessments: FastifyPluginAsyncTypebox = async (app) => {
  const service = new AssessmentService(app.store);
  const withFiles = async (id: string) => {
    const a = await app.store.assessment(id);
    if (!a) throw missing();
    const files = (await app.store.documents(id)).map((d) => ({
      id: d.id,
      name: d.name,
      contentType: d.contentType,
      size: d.size,
      sha256: d.sha256,
      url: `/documents/${d.id}`,
    }));
    return {
      id: a.id,
      year: a.year,
      assessor: a.assessor,
      unitCodes: a.unitCodes,
      summary: a.summary,
      createdAt: a.createdAt,
      files,
    };
  };

  app.post(
    '/assessments',
    {
      onRequest: app.requireRole('office'),
      schema: {
        tags: ['assessment'],
        summary: 'Art. 5: record a third-party assessment in the register (登记第三方评估成果)',
        body: Type.Object(
          {
            year: Type.Integer({ minimum: 2000, maximum: 2100 }),
            assessor: Type.String({ maxLength: 200, description: '评估机构' }),
            unitCodes: Type.Array(Type.String({ pattern: unitCodePattern, description: unitCodeDoc() }), {
              minItems: 1,
              maxItems: 500,
              uniqueItems: true,
              description: unitCodeDoc('Units assessed'),
            }),
            summary: Type.String({ maxLength: 8000, description: '评估结论摘要' }),
          },
          { additionalProperties: false },
        ),
        response: { 201: AssessmentSchema, ...errorResponses(400, 401, 403, 422, 429, 503) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const problem = required(b.assessor, '评估机构') ?? required(b.summary, '评估结论摘要');
      if (problem) throw new HttpRefusal(422, problem, 'InvalidRequest');
      for (const code of b.unitCodes) app.unitOf(code);
      const id = await service.record(b, request.actor);
      return reply
        .status(201)
        .header('location', `/assessments/${id}`)
        .send(await withFiles(id));
    },
  );

  app.get(
    '/assessments',
    {
      onRequest: app.requireRole(...assessmentReaders),
      schema: {
        tags: ['assessment'],
        summary: 'Art. 5: the register of third-party assessments, newest first',
        querystring: Type.Object({
          year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
          unit: Type.Optional(Type.String({ pattern: unitCodePattern, description: unitCodeDoc() })),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          offset: Type.Integer({ minimum: 0, maximum: 100000, default: 0 }),
        }),
        response: {
          200: Type.Array(Type.Omit(AssessmentSchema, ['files'])),
          ...errorResponses(400, 401, 403, 429, 503),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const rows = await app.store.assessments({
        limit: q.limit,
        offset: q.offset,
        ...(q.year !== undefined ? { year: q.year } : {}),
        ...(q.unit ? { unit: q.unit } : {}),
      });
      return rows.map(({ createdBy: _by, ...a }) => a);
    },
  );

  app.get(
    '/assessments/:assessmentId',
    {
      onRequest: app.requireRole(...assessmentReaders),
      schema: {
        tags: ['assessment'],
        summary: 'Art. 5: one assessment of the register, with its files',
        params: IdParam,
        response: { 200: AssessmentSchema, ...errorResponses(401, 403, 404, 429, 503) },
      },
    },
    async (request) => withFiles(request.params.assessmentId),
  );

  app.post(
    '/assessments/:assessmentId/files',
    {
      onRequest: app.requireRole('office'),
      schema: {
        tags: ['assessment'],
        summary: "Art. 5: add files to an assessment (multipart/form-data, the assessor's report)",
        description:
          'Files of PDF, JPEG, PNG, Word, Excel or text, each at most `ATTACHMENT_MAX_BYTES`, at most `ATTACHMENTS_PER_UPLOAD` at once; stored in the case store with their SHA-256.',
        consumes: ['multipart/form-data'],
        params: IdParam,
        response: { 201: AssessmentSchema, ...errorResponses(400, 401, 403, 404, 413, 415, 429, 503) },
      },
    },
    async (request, reply) => {
      const id = request.params.assessmentId;
      if (!(await app.store.assessment(id))) throw missing();
      const { files } = await readUpload(request, app.config);
      if (!files.length) throw new HttpRefusal(422, '没有收到文件', 'InvalidRequest');
      await service.attach(id, files, request.actor);
      return reply.status(201).send(await withFiles(id));
    },
  );
};

export default assessments;
