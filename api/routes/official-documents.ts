/**
 * A case's official documents (公文, each kind's workflows/<kind>/documents.ts; every kind that has them, issue 36): listed, and served as `.docx` (GB/T 9704-2012) or as an HTML
 * preview. A document is read by whoever may read the section of the record it belongs to; a case the caller may not
 * see answers as one that does not exist. An issued document carries the number (发文字号) the case's store write gave
 * it when it was issued (lib/documents/numbers.ts); reading never gives one, so no request (or link on another site)
 * decides the order of the numbers (issue 30 item 8).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Actor } from '../../workflows/domain';
import { isOverseer } from '../../workflows/engine/party';
import type { CaseDocument } from '../../workflows/engine/documents';
import { documentDate } from '../../workflows/engine/documents';
import { caseDocuments } from '../../lib/documents/case-documents';
import type { DocumentOwner } from '../document-files';
import {
  DocumentFormat,
  DocumentResponse,
  documentOwners,
  numbered,
  numberFormats,
  sendDocument,
} from '../document-files';
import { HttpRefusal } from '../refusal';
import { DocumentSchema, errorResponses } from '../schemas';

// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const officialDocuments: FastifyPluginAsyncTypebox = async (app) => {
  numberFormats(app.config.DOCUMENT_NUMBERS_FILE); // a bad file stops the start, naming the problem

  /** The case's documents `actor` may read (404 when the case is not theirs to see). */
  async function readable(caseId: string, actor: Actor, owner: DocumentOwner): Promise<CaseDocument[]> {
    const { record, view } = await app.cases.readStored(caseId, actor, owner.contract);
    const sees = (d: CaseDocument) => {
      const section = view[d.section];
      if (section === undefined) return false;
      // One item of a section (a transfer's letter): only whoever sees that item.
      return !d.item || (section as Array<{ id?: number }>).some((x) => x.id === d.item!.id);
    };
    return caseDocuments(record, app.kinds).filter((d) => isOverseer(actor.role) || sees(d));
  }
  /**
   * The document as it reads now, with the number and hash recorded when it was issued (a document without a series,
   * or a draft, has none). Read only: an issued document without a number is served without one, marked as awaiting
   * it, rather than numbered here, where the order of readers would decide the order of numbers.
   */
  const issued = async (caseId: string, d: CaseDocument) =>
    d.series
      ? numbered(app, { ...d, owner: caseId, series: d.series, draft: d.draft ?? false })
      : { doc: d.build(undefined), number: undefined, sha256: undefined, awaitingNumber: false };

  // The supervisions' and patrols' under /cases; a kind listed apart under its own resource (issue 36).
  for (const owner of documentOwners(app.kinds)) {
    const Params = Type.Object({ [owner.param]: Type.String({ pattern: owner.pattern }) });
    const idOf = (params: unknown) => (params as Record<string, string>)[owner.param]!;
    const tags = owner.kind ? [owner.kind.tag] : ['documents'];
    const whose = owner.kind ? `A ${owner.kind.kind}’s (${owner.kind.label})` : "A case's";

    app.get(
      `${owner.path}/:${owner.param}/documents`,
      {
        onRequest: app.requireRole(),
        schema: {
          tags,
          summary: `${whose} official documents (公文) as .docx (GB/T 9704-2012) and as a page`,
          description:
            'Each as the caller may read it: the section of the record it belongs to decides (docs/need-to-know.md). An issued document carries its number (发文字号), given when it was issued or signed; reading never gives one.',
          params: Params,
          response: { 200: Type.Array(DocumentSchema), ...errorResponses(401, 404) },
        },
      },
      async (request) => {
        const caseId = idOf(request.params);
        const docs = await readable(caseId, request.actor, owner);
        // In the order the documents were issued.
        const listed = [];
        for (const d of [...docs].sort((a, b) => a.issuedAt.localeCompare(b.issuedAt))) {
          const { number, sha256, awaitingNumber } = await issued(caseId, d);
          const href = `${owner.path}/${caseId}/documents/${d.key}`;
          listed.push({
            id: d.key,
            kind: d.kind,
            title: d.title,
            ...(number ? { number } : {}),
            ...(sha256 ? { sha256 } : {}),
            date: documentDate(d.issuedAt),
            href,
            html: `${href}?format=html`,
            ...(d.draft ? { draft: true } : {}),
            ...(awaitingNumber ? { awaitingNumber: true } : {}),
          });
        }
        return listed;
      },
    );

    app.get(
      `${owner.path}/:${owner.param}/documents/:documentId`,
      {
        config: { audit: 'document' },
        onRequest: app.requireRole(),
        schema: {
          tags,
          summary: 'One document as .docx (default) or as an HTML page (`?format=html`)',
          params: Type.Object({
            ...Params.properties,
            documentId: Type.String({ pattern: '^[a-z]+(-[a-z]+)*(-[0-9]+)?$' }),
          }),
          querystring: Type.Object({ format: Type.Optional(DocumentFormat) }),
          response: { 200: DocumentResponse, ...errorResponses(401, 404) },
        },
      },
      async (request, reply) => {
        const caseId = idOf(request.params);
        const { documentId } = request.params;
        const d = (await readable(caseId, request.actor, owner)).find((x) => x.key === documentId);
        if (!d) throw new HttpRefusal(404, '没有找到这份公文', 'NotFound');
        const { doc, sha256, awaitingNumber } = await issued(caseId, d);
        return sendDocument(reply, doc, request.query.format, `${caseId}-${d.key}`, sha256, awaitingNumber);
      },
    );
  }
};

export default officialDocuments;
