import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '../schemas';
import { caseIdPattern, yearlyReportIdPattern } from '../../workflows/ids';
import { HttpRefusal } from '../refusal';

const EntrySchema = Type.Object({
  caseId: Type.String(),
  unitName: Type.String(),
  title: Type.String(),
  text: Type.String(),
  publishedAt: Type.String({ format: 'date-time' }),
});

/** Art. 16 (3): published rectification, for public oversight. No token needed. */
// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const bulletin: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/bulletin',
    {
      schema: {
        tags: ['public'],
        summary: 'Art. 16 (3): published rectification (整改情况公开), newest first; no token needed',
        security: [],
        response: { 200: Type.Object({ entries: Type.Array(EntrySchema) }), ...errorResponses(503) },
      },
    },
    async () => ({ entries: await app.store.bulletin() }),
  );
  app.get(
    '/bulletin/:caseId',
    {
      schema: {
        tags: ['public'],
        summary: "One published rectification, or a year's aggregate; no token needed",
        security: [],
        params: Type.Object({
          caseId: Type.String({
            pattern: `(?:${caseIdPattern})|(?:${yearlyReportIdPattern})`,
            description:
              'A patrol (`patrol-2026-taiyuan-0001`), or the year’s aggregate (`patrol-rectification-report-2026`)',
          }),
        }),
        response: { 200: EntrySchema, ...errorResponses(404, 503) },
      },
    },
    async (request) => {
      const entry = await app.store.bulletinEntry(request.params.caseId);
      if (!entry) throw new HttpRefusal(404, '没有公开的整改情况', 'NotPublished');
      return entry;
    },
  );
};

export default bulletin;
