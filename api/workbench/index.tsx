/**
 * The officials' workbench (工作台): web pages under /workbench, served by the API process, in Chinese. A page is a
 * client of the API: it calls the API's own routes in-process (`app.inject`) with the signed-in person's token, and
 * shows what the API answered, so need to know is the API's and nothing is hidden only in the browser. Steps are forms
 * generated from the kinds' contracts (forms.tsx); a submitted form becomes the step's JSON body, sent with an
 * `Idempotency-Key` issued with the form (a form sent twice takes effect once).
 *
 * Sessions are kept server side, in the case store (sessions.ts, @fastify/session): the cookie holds a random id, the
 * store the person's token; a session ends when idle, at its end, at sign-out, or when its person ends it. Every POST
 * carries a CSRF token (@fastify/csrf-protection), whose secret is in the session once signed in and in a signed cookie
 * before. Local sign-in (pick a role, unit or group) signs a token with `AUTH_JWT_SECRET`, and only exists where the API
 * runs with that secret and `WORKBENCH_LOCAL_SIGNIN` is on.
 */
import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import csrf from '@fastify/csrf-protection';
import session from '@fastify/session';
import { chartsScript } from './statistics/charts';
import { ErrorPage, Layout, page } from './components/layout';
import { workbenchCss } from './components/styles';
import type { WorkbenchOptions } from './components/context';
import { base, createContext } from './components/context';
import { SessionEndedError, sessionCookie } from './session/sessions';
import { signInRoutes, signedInRoutes } from './session/index';
import { phrasesRoutes } from './session/phrases';
import { caseRoutes } from './cases';
import { statisticsRoutes } from './statistics/index';
import { publicRoutes } from './public/index';
import { auditRoutes } from './audit/index';
import { ledgerRoutes } from './ledger/index';
import { referralRoutes } from './referrals/index';
import { resultUseRoutes } from './result-uses/index';
import { CaseIdParam } from '../schemas';
import { casePagePath, shortCasePrefix } from '../../lib/channels/links';

export { sessionCookie };
export type { WorkbenchOptions } from './components/context';

export default async function workbench(app: FastifyInstance, opts: WorkbenchOptions) {
  const ctx = createContext(app, opts);
  const { html, noLimit, sessions } = ctx;
  await app.register(cookie, { secret: sessions.cookieSecret });
  await app.register(formbody, { bodyLimit: 256 * 1024 });

  // An error on a page is a page, in Chinese, never a stack or a JSON body; an ended session is the sign-in page.
  app.setErrorHandler((err: Error & { statusCode?: number }, request, reply) => {
    if (err instanceof SessionEndedError) return ctx.sessionEnded(request, reply);
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status >= 500) request.log.error({ err }, 'workbench page failed');
    const message =
      status === 403 && /csrf/i.test(err.message)
        ? '页面已过期（安全校验未通过），请返回上一页刷新后重新提交。'
        : status >= 500
          ? '系统暂时无法完成此操作，请稍后再试。'
          : err.message && /[\p{Script=Han}]/u.test(err.message)
            ? err.message
            : '请求无法处理。';
    return html(reply, page(<Layout title="无法完成">{<ErrorPage message={message} />}</Layout>), status);
  });

  app.get(`${base}/assets/workbench.css`, { config: noLimit, schema: { hide: true } }, (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(workbenchCss),
  );

  const echartsFile = require.resolve('echarts/dist/echarts.min.js');
  app.get(`${base}/assets/echarts.min.js`, { config: noLimit, schema: { hide: true } }, (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=86400')
      .send(createReadStream(echartsFile)),
  );
  app.get(`${base}/assets/charts.js`, { config: noLimit, schema: { hide: true } }, (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(chartsScript),
  );

  // The browser's validators (validation-bundle.ts): built on the first request, then kept; revalidated by its ETag.
  app.get(`${base}/assets/validate.js`, { config: noLimit, schema: { hide: true } }, async (request, reply) => {
    const { code, etag } = await ctx.validation.script();
    reply.header('etag', etag).header('cache-control', 'public, max-age=300');
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    return reply.type('text/javascript; charset=utf-8').send(code);
  });

  app.get('/', { config: noLimit, schema: { hide: true } }, (_request, reply) => reply.redirect(`${base}/`, 302));
  // A case's short link, for an SMS (issue 19; activities/notifications.ts): to the case's page, where sign-in and the
  // need-to-know of the API decide what the reader sees.
  app.get<{ Params: { caseId: string } }>(
    `${shortCasePrefix}/:caseId`,
    { schema: { hide: true, params: CaseIdParam } },
    (request, reply) => reply.redirect(casePagePath(request.params.caseId), 302),
  );
  app.get(base, { config: noLimit, schema: { hide: true } }, (_request, reply) => reply.redirect(`${base}/`, 302));

  // The pages (not the assets): each request with a session cookie reads its session from the store.
  await app.register(async (pages) => {
    await pages.register(session, {
      secret: sessions.signer,
      cookieName: sessionCookie,
      cookie: sessions.cookie,
      store: sessions,
      // A session is kept from sign-in on, never for a visitor; it is written again only when it changes (its last
      // use is recorded as the store reads it).
      saveUninitialized: false,
      rolling: false,
    });
    // Before sign-in (the sign-in form, the public pages): the CSRF secret in a signed cookie.
    await pages.register(async (open) => {
      await open.register(csrf, {
        sessionPlugin: '@fastify/cookie',
        cookieKey: 'workbench_csrf',
        cookieOpts: { path: base, sameSite: 'strict', httpOnly: true, signed: true, secure: sessions.secure },
      });
      signInRoutes(open, ctx);
      publicRoutes(open, ctx);
    });
    // Signed in: the CSRF secret in the session, so a token is good for its own session only.
    await pages.register(async (signed) => {
      await signed.register(csrf, { sessionPlugin: '@fastify/session' });
      signedInRoutes(signed, ctx);
      phrasesRoutes(signed, ctx);
      caseRoutes(signed, ctx);
      statisticsRoutes(signed, ctx);
      ledgerRoutes(signed, ctx);
      referralRoutes(signed, ctx);
      resultUseRoutes(signed, ctx);
      auditRoutes(signed, ctx);
    });
  });
}
