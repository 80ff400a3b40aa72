/**
 * The codec server for Temporal UI (and `temporal … --codec-endpoint`): it opens sealed payloads for the people who may
 * see everything, so operators still read cases in Temporal UI. It never seals: decisions enter a case through the API
 * only, with their author from the verified token, so the UI cannot be used to forge one.
 *
 * Temporal UI calls `POST /codec/decode` from its own origin, with the `X-Namespace` header and, when configured, the
 * signed-in user's bearer token or the browser's cookies. Without a sign-in of its own (the embedded UI), a person
 * first opens `/codec/session` and hands in a token; the API keeps it server side in a session of its person (like the
 * workbench's: idle timeout, listed, ended by sign-out everywhere) whose signed id is a cookie only `/codec` receives.
 *
 * It opens Temporal payloads only, with the payload keys. The case store's sealed rows (reporters' identities) have their
 * own keys (lib/store/sealing.ts), which this route is never given: such a row sent here does not open and comes back
 * as it was sent, like any payload this system did not seal.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import { Type } from '@sinclair/typebox';
import type { Payload } from '@temporalio/common';
import type { SealingCodec } from '../../lib/infra/codec';
import { WorkbenchSessions, secureCookies } from '../workbench/session/sessions';
import type { Role } from '../../workflows/domain';
import { errorResponses } from '../schemas';

/** Who may open sealed payloads: the office, which sees everything (docs/need-to-know.md). */
export const codecRoles: Role[] = ['office'];
const sessionCookie = 'codec_session';

const JsonPayloads = Type.Object({
  payloads: Type.Array(
    Type.Object({
      metadata: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 4096 }))),
      data: Type.Optional(Type.String()),
    }),
    { maxItems: 1000 },
  ),
});

const fromJson = (p: { metadata?: Record<string, string>; data?: string }): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  ...(p.data !== undefined ? { data: Buffer.from(p.data, 'base64') } : {}),
});
const toJson = (p: Payload) => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')]),
  ),
  ...(p.data ? { data: Buffer.from(p.data).toString('base64') } : {}),
});

const sessionPage = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>Temporal UI 解密会话</title>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto">
<h1>Temporal UI 解密会话</h1>
<p>在 Temporal UI 中查看加密的督查、巡查内容，须先在此提交领导小组办公室的令牌（<code>npm run -s token -- --role office</code>）。令牌仅保存在本浏览器发往 <code>/codec</code> 的 Cookie 中，到期即失效。</p>
<form method="post" action="session"><textarea name="token" rows="6" cols="60" required></textarea><br><button>开始会话</button></form>
</body></html>`;

const codecServer: FastifyPluginAsyncTypebox<{ codec: SealingCodec; uiOrigin: string }> = async (app, opts) => {
  await app.register(cookie);
  await app.register(cors, {
    origin: opts.uiOrigin,
    credentials: true,
    methods: ['POST'],
    allowedHeaders: ['content-type', 'x-namespace', 'authorization'],
    maxAge: 600,
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  // The codec session is one of its person's sessions, kept server side like the workbench's (api/workbench/session/sessions.ts):
  // the cookie holds a signed id, never the token; it times out when idle, and sign-out everywhere ends it.
  const sessions = new WorkbenchSessions(app.config, app.store);
  const secure = secureCookies(app.config);
  app.addHook('onRequest', async (request) => {
    const cookie = request.cookies[sessionCookie];
    if (request.headers.authorization || !cookie) return;
    const token = await sessions.tokenOf(cookie);
    if (token) request.headers.authorization = `Bearer ${token}`;
  });

  app.post(
    '/decode',
    {
      config: { audit: 'codec-decode' },
      onRequest: app.requireRole(...codecRoles),
      schema: {
        tags: ['system'],
        summary: 'Codec server for Temporal UI: open sealed payloads (office only)',
        description:
          'The payloads Temporal UI shows, opened with the keys of lib/infra/codec.ts. Payloads not sealed by this system, and rows of the case store (sealed with its own keys), are returned as they are. There is no /codec/encode: decisions enter a case through the API only.',
        headers: Type.Object({ 'x-namespace': Type.Optional(Type.String({ maxLength: 200 })) }),
        body: JsonPayloads,
        response: { 200: JsonPayloads, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => ({ payloads: (await opts.codec.decode(request.body.payloads.map(fromJson))).map(toJson) }),
  );

  app.get(
    '/session',
    {
      schema: {
        tags: ['system'],
        summary: 'Start a codec session for Temporal UI (a page to hand in a token)',
        security: [],
      },
    },

    async (_request, reply) => reply.type('text/html; charset=utf-8').send(sessionPage),
  );

  app.post(
    '/session',
    {
      config: { audit: 'codec-session' },
      schema: {
        tags: ['system'],
        summary:
          'Start a codec session for an office token (kept server side; a cookie only /codec receives), so Temporal UI can open payloads',
        security: [],
        body: Type.Object({ token: Type.String({ minLength: 20, maxLength: 8192 }) }),
        response: {
          200: Type.Object({ status: Type.Literal('ok'), until: Type.String() }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const token = request.body.token.trim();
      request.headers.authorization = `Bearer ${token}`;
      await app.requireRole(...codecRoles).call(app, request, reply);
      const session = await sessions.startFor(token, {
        address: request.ip,
        agent: request.headers['user-agent'] ?? '',
      });
      return reply
        .setCookie(sessionCookie, session.cookie, {
          path: '/codec',
          httpOnly: true,
          sameSite: 'strict',
          secure,
          expires: new Date(session.expires),
        })
        .send({ status: 'ok' as const, until: session.expires });
    },
  );
};

export default codecServer;
