/**
 * Files in the case store (Art. 5: a public report's attachments, an assessment's files, a case's work plan and report
 * files): one download URL each, answered only to a reader who may see the section of the record the file belongs
 * to. Anyone else gets the answer of a file that does not exist.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Actor } from '../../workflows/domain';
import { isOverseer } from '../../workflows/engine/party';
import { nominationContract } from '../../workflows/nomination/contract';
import { publicReportContract } from '../../workflows/public-report/contract';
import { problemContract } from '../../workflows/problem/contract';
import type { CaseComment } from '../../workflows/common-steps/comments';
import { fileSectionLabels, fileSections } from '../../workflows/common-steps/files';
import type { FileSection } from '../../workflows/common-steps/files';
import { readUpload } from '../uploads';
import { HttpRefusal } from '../refusal';
import { IdempotencyHeaders, errorResponses } from '../schemas';

const missing = () => new HttpRefusal(404, '没有找到这份文件', 'NotFound');

/** Who reads the register of third-party assessments (Art. 5): the overseers, and group leaders whose findings cite them. */
export const assessmentReaders = ['office', 'leading-group', 'committee', 'group-leader'] as const;

// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const documents: FastifyPluginAsyncTypebox = async (app) => {
  /** Whether `actor` may read a file of `owner`'s `section` (a read that fails as "not found" answers no). */
  async function mayRead(owner: string, section: string, documentId: string, actor: Actor): Promise<boolean> {
    try {
      if (owner.startsWith('assessment-')) return (assessmentReaders as readonly string[]).includes(actor.role);
      // An objection to an award nominee (its account): the office, the leading group and the committee.
      if (owner.startsWith('award-objection-')) return isOverseer(actor.role);
      // A problem's evidence (佐证材料, issue 35): whoever sees the problem's evidence.
      if (owner.startsWith('problem-')) {
        const view = (await app.cases.read(problemContract, owner, actor)) as unknown as Record<string, unknown>;
        return isOverseer(actor.role) || view[section] !== undefined;
      }
      if (owner.startsWith('nomination-')) {
        const view = (await app.cases.read(nominationContract, owner, actor)) as unknown as Record<string, unknown>;
        return isOverseer(actor.role) || view[section] !== undefined;
      }
      const view = owner.startsWith('public-report-')
        ? await app.cases.read(publicReportContract, owner, actor)
        : await app.cases.readCase(owner, actor);
      // A comment's text: its audience only (GET /cases/{id}/comments reads it; by id, the same rule).
      if (section === 'comments')
        return ((view as { comments?: CaseComment[] }).comments ?? []).some((c) => c.text.id === documentId);
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
      config: { audit: 'file' },
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
      if (!doc || !(await mayRead(doc.owner, doc.section, doc.id, request.actor))) throw missing();
      return reply
        .header('content-type', doc.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(doc.name)}`)
        .header('x-content-sha256', doc.sha256)
        .header('cache-control', 'no-store')
        .send(doc.bytes);
    },
  );

  app.post(
    '/cases/:caseId/files',
    {
      onRequest: app.requireRole('group-leader'),
      schema: {
        tags: ['documents'],
        summary: "Art. 10, 15: files of the group's work plan or written report (multipart/form-data)",
        description: [
          `The leader of the case's group, while the group plans and works in the field. Form field \`section\`: ${fileSections.map((s) => `\`${s}\` (${fileSectionLabels[s]})`).join(', ')}; files in any other field name, PDF, JPEG, PNG, Word, Excel or text, each at most \`ATTACHMENT_MAX_BYTES\`, at most \`ATTACHMENTS_PER_UPLOAD\`.`,
          'The files go to the case store; the case records each with its SHA-256 (`files`), and whoever may see the section sees the file (GET /documents/{id}). A refused upload keeps nothing.',
        ].join('\n\n'),
        consumes: ['multipart/form-data'],
        params: Type.Object({ caseId: Type.String({ pattern: app.kinds.caseIdPattern }) }),
        headers: IdempotencyHeaders,
        response: { 200: Type.Any(), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 503) },
      },
    },
    async (request) => {
      const { caseId } = request.params;
      const contract = app.cases.contractOf(caseId);
      // Not the caller's to see: the answer of a case that does not exist, before anything is read from the body.
      await app.cases.readCase(caseId, request.actor);
      const { fields, files } = await readUpload(request, app.config);
      const section = fields.section as FileSection;
      if (!fileSections.includes(section)) {
        throw new HttpRefusal(422, `请写明文件所属部分（section：${fileSections.join('、')}）`, 'InvalidRequest');
      }
      if (!files.length) throw new HttpRefusal(422, '没有收到文件', 'InvalidRequest');
      const key = (request.headers as { 'idempotency-key'?: string })['idempotency-key'];
      return app.cases.stepWithClaim(
        contract,
        contract.steps.attachFiles!,
        caseId,
        request.actor,
        key,
        async (claim) => ({
          section,
          files: await Promise.all(files.map((f, i) => claim.file(caseId, section, `${i}:${f.sha256}`, f))),
        }),
      );
    },
  );
};

export default documents;
