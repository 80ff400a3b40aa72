/** A case's documents (公文) and files, passed on from the API as it answered them. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Documents } from './views/case-page';
import { ErrorPage } from '../components/layout';
import type { Workbench } from '../components/context';
import type { ListedDocument } from '../../schemas';
import { notFoundText } from './page';
import { base } from '../components/context';
import { documentOwners, documentsPath } from '../../document-files';

export function caseDocumentRoutes(app: FastifyInstance, ctx: Workbench): void {
  const { noLimit, api, signedIn, callRaw, layout } = ctx;
  // Where the API serves each kind's documents (a referral's under /referrals, a patrol's under /cases).
  const owners = documentOwners(app.kinds);

  /** A file or document answered by the API for the person, passed on as it came (type, name, hash). */
  async function passOn(request: FastifyRequest, reply: FastifyReply, url: string) {
    const res = await callRaw(request, 'GET', url);
    if (res.statusCode !== 200) {
      return layout(
        request,
        reply,
        { title: '没有找到', status: res.statusCode === 401 ? 401 : 404 },
        <ErrorPage message="没有找到这份文件。它可能不存在，或者您无权查看。" />,
      );
    }
    for (const h of ['content-type', 'content-disposition', 'x-content-sha256', 'content-security-policy']) {
      const v = res.headers[h];
      if (v !== undefined) reply.header(h, v);
    }
    return reply.header('cache-control', 'private, no-store').send(res.rawPayload);
  }

  app.get<{ Params: { caseId: string } }>(
    `${base}/cases/:caseId/documents`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn },
    async (request, reply) => {
      const { caseId } = request.params;
      const caseHref = `${base}/cases/${encodeURIComponent(caseId)}`;
      const answer = await api<ListedDocument[]>(request, 'GET', documentsPath(owners, caseId));
      if (answer.status !== 200) {
        return layout(request, reply, { title: '没有找到', status: 404 }, <ErrorPage message={notFoundText} />);
      }
      const documents = answer.body.map((d) => ({
        title: d.title,
        kind: d.kind,
        ...(d.number ? { number: d.number } : {}),
        awaitingNumber: d.awaitingNumber === true,
        date: d.date,
        draft: d.draft === true,
        docx: `${caseHref}/documents/${d.id}`,
        html: `${caseHref}/documents/${d.id}?format=html`,
      }));
      return layout(request, reply, { title: '公文' }, <Documents caseHref={caseHref} documents={documents} />);
    },
  );

  app.get<{ Params: { caseId: string; documentId: string }; Querystring: { format?: string } }>(
    `${base}/cases/:caseId/documents/:documentId`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn },
    async (request, reply) => {
      const { caseId, documentId } = request.params;
      const format = request.query.format === 'html' ? '?format=html' : '';
      return passOn(request, reply, `${documentsPath(owners, caseId)}/${encodeURIComponent(documentId)}${format}`);
    },
  );

  app.get<{ Params: { documentId: string } }>(
    `${base}/files/:documentId`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn },
    async (request, reply) => passOn(request, reply, `/documents/${encodeURIComponent(request.params.documentId)}`),
  );
}
