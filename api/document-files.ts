/**
 * Serving official documents (lib/official-document.ts): their numbers (发文字号), given once per document in the
 * order they are asked for and kept in the store, and the forms a document is read in (.docx, an HTML page, and for the
 * reports the system drafted, the Markdown it drafted).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { NumberSeries } from '../lib/documents';
import { contentHash, issueDocument, numberFormats } from '../lib/documents';

export { contentHash, numberFormats };
import type { OfficialDocument } from '../lib/official-document';
import { renderDocx, renderHtml } from '../lib/official-document';
import { literals } from '../workflows/shared/schemas';

/** A document of `owner` as issued: numbered once (lib/documents.ts, `issueDocument`), with the formats configured. */
export const issue = (
  app: FastifyInstance,
  o: { owner: string; key: string; series: NumberSeries; issuedAt: string },
  build: (number: string | undefined) => OfficialDocument,
) => issueDocument(app.store, numberFormats(app.config.DOCUMENT_NUMBERS_FILE), o, build);

export const DocumentFormat = literals(['docx', 'html'] as const, '`docx` (default) or `html`, a page for the browser');
export const ReportFormat = literals(
  ['markdown', 'docx', 'html'] as const,
  '`markdown` (default, as drafted), `docx` (GB/T 9704-2012) or `html`',
);
export const DocumentResponse = Type.Unsafe<string | Buffer>({
  type: 'string',
  format: 'binary',
  description: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document, text/html or text/markdown',
});

/** Send a document as .docx (a download named by its title) or as a page. */
export async function sendDocument(
  reply: FastifyReply,
  doc: OfficialDocument,
  format: 'docx' | 'html' | undefined,
  fileName: string,
  sha256?: string,
): Promise<FastifyReply> {
  // The hash recorded when it was issued: a reader can check the document against the record.
  if (sha256) reply.header('x-content-sha256', sha256);
  if (format === 'html') return reply.type('text/html; charset=utf-8').send(renderHtml(doc));
  return reply
    .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    .header(
      'content-disposition',
      `attachment; filename="${fileName}.docx"; filename*=UTF-8''${encodeURIComponent(`${doc.title}.docx`)}`,
    )
    .send(await renderDocx(doc));
}
