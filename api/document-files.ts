/**
 * Serving official documents (lib/documents/official-document.ts): with the number (发文字号) each was given when it was issued
 * (lib/documents/numbers.ts: the case store's writes give numbers, a reading never does), and in the forms a document is
 * read in (.docx, an HTML page, and for the reports the system drafted, the Markdown it drafted).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from '@sinclair/typebox';
import { numberFormats } from '../lib/documents/case-documents';
import type { NumberedDocument } from '../lib/documents/numbers';
import { readNumbered } from '../lib/documents/numbers';
import type { OfficialDocument } from '../lib/documents/official-document';
import { renderDocx, renderHtml } from '../lib/documents/official-document';
import { literals } from '../workflows/engine/schemas';
import type { AnyContract } from './services/gateway';
import type { KindModule, KindRegistry } from '../workflows/engine/kind';

export { numberFormats };

/**
 * A document as issued, read only: with its number and the hash recorded when it was given, or, issued and not yet
 * numbered, without one and `awaitingNumber` (lib/documents/numbers.ts, `readNumbered`). A draft has no number.
 */
export const numbered = (app: FastifyInstance, d: NumberedDocument) => readNumbered(app.store, d);

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

/**
 * Send a document as .docx (a download named by its title) or as a page. `awaitingNumber`: issued, and its number not
 * given yet (`X-Document-Number: awaiting`).
 */
export async function sendDocument(
  reply: FastifyReply,
  doc: OfficialDocument,
  format: 'docx' | 'html' | undefined,
  fileName: string,
  sha256?: string,
  awaitingNumber = false,
): Promise<FastifyReply> {
  // The hash recorded when it was issued: a reader can check the document against the record.
  if (sha256) reply.header('x-content-sha256', sha256);
  if (awaitingNumber) reply.header('x-document-number', 'awaiting');
  if (format === 'html') return reply.type('text/html; charset=utf-8').send(renderHtml(doc));
  return reply
    .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    .header(
      'content-disposition',
      `attachment; filename="${fileName}.docx"; filename*=UTF-8''${encodeURIComponent(`${doc.title}.docx`)}`,
    )
    .send(await renderDocx(doc));
}

/**
 * Where the documents of the kinds that have them are served: the supervisions and patrols under `/cases/{caseId}`,
 * a kind listed apart under its own resource (`/referrals/{referralId}`, `/result-uses/{resultUseId}`; issue 36).
 */
export interface DocumentOwner {
  /** `/cases`, `/referrals` … */
  path: string;
  param: string;
  pattern: string;
  /** The contract of an owner listed apart (the store's record is read with it); none for `/cases`. */
  contract?: AnyContract;
  kind?: KindModule;
}

export function documentOwners(kinds: KindRegistry): DocumentOwner[] {
  const apart = kinds.all.filter((k) => k.documents && !k.record?.listed);
  return [
    { path: '/cases', param: 'caseId', pattern: kinds.caseIdPattern },
    ...apart.map((k) => ({
      path: `/${k.contract.resource}`,
      param: k.contract.id.param,
      pattern: (k.contract.id.schema as unknown as { pattern: string }).pattern,
      contract: k.contract,
      kind: k,
    })),
  ];
}

/** The API path of a case's documents (`/cases/patrol-2026-taiyuan-0001/documents`, `/referrals/…/documents`). */
export function documentsPath(owners: readonly DocumentOwner[], caseId: string): string {
  const owner = owners.find((o) => new RegExp(o.pattern).test(caseId));
  return `${owner?.path ?? '/cases'}/${encodeURIComponent(caseId)}/documents`;
}
