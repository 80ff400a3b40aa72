/**
 * Files in the case store (Art. 5: a public report's attachments, an assessment's files, a case's work plan and report
 * files): one download URL each, answered only to a reader who may see the section of the record the file belongs
 * to. Anyone else gets the answer of a file that does not exist.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Actor } from '../../workflows/domain';
import { isOverseer } from '../../workflows/shared/party';
import { publicReportContract } from '../../workflows/public-report/contract';
import { HttpRefusal } from '../refusal';
import { errorResponses } from '../schemas';

const missing = () => new HttpRefusal(404, '没有找到这份文件', 'NotFound');

/** Who reads the register of third-party assessments (Art. 5): the overseers, and group leaders whose findings cite them. */
export const assessmentReaders = ['office', 'leading-group', 'committee', 'group-leader'] as const;

// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const documents: FastifyPluginAsyncTypebox = async (app) => {
  /** Whether `actor` may read a file of `owner`'s `section` (a read that fails as "not found" answers no). */
  async function mayRead(owner: string, section: string, actor: Actor): Promise<boolean> {
    try {
      if (owner.startsWith('assessment-')) return (assessmentReaders as readonly string[]).includes(actor.role);
      const view = owner.startsWith('public-report-')
        ? await app.cases.read(publicReportContract, owner, actor)
        : await app.cases.readCase(owner, actor);
      const sectionOf = section === 'account' || section === 'attachments' ? 'received' : section;
      return isOverseer(actor.role) || (view as Record<string, unknown>)[sectionOf] !== undefined;
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return false;
      throw err;
    }
  }

  app.get(
    '/documents/:documentId',
    {
      onRequest: app.requireRole(),
      schema: {
        tags: ['documents'],
        summary: 'Art. 5: download a file (an attachment of a public report, an assessment or a case)',
        description:
          'Answered only to a reader who may see the part of the record the file belongs to (docs/need-to-know.md); anyone else gets 404, as for a file that does not exist. `X-Content-SHA256` is the hash the record keeps.',
        params: Type.Object({ documentId: Type.String({ format: 'uuid' }) }),
        response: { 200: Type.Any(), ...errorResponses(401, 404, 429, 503) },
      },
    },
    async (request, reply) => {
      const doc = await app.store.document(request.params.documentId);
      if (!doc || !(await mayRead(doc.owner, doc.section, request.actor))) throw missing();
      return reply
        .header('content-type', doc.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(doc.name)}`)
        .header('x-content-sha256', doc.sha256)
        .header('cache-control', 'no-store')
        .send(doc.bytes);
    },
  );
};

export default documents;
