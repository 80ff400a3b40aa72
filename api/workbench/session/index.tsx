/**
 * The workbench's sign-in (local, or through the identity provider with OpenID Connect), sign-out, and the person's
 * own sessions (登录会话: where they are signed in, each to end, or all at once).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../../../workflows/domain';
import { roles as allRoles, roleLabels, transferRecipients } from '../../../workflows/domain';
import { signToken, tokenRequest } from '../../../lib/infra/tokens';
import { secondFactorPolicy } from '../../../lib/infra/second-factor';
import { ErrorPage, Layout, page } from '../components/layout';
import { SessionList, SignIn } from './sign-in';
import type { OidcTransaction } from './oidc';
import type { Workbench } from '../components/context';
import { sessionCookie, base, safeNext } from '../components/context';
import { shortAgent } from './sessions';

/** Sign-in's page says it could not keep the session: PUBLIC_URL is https and this request came over plain http. */
const httpsOnly = '本系统须通过 HTTPS 地址访问，当前连接不是 HTTPS，无法登录。请使用本系统的 HTTPS 地址重新登录。';

/** Before sign-in (their CSRF secret is in a signed cookie): the sign-in page, local sign-in, OpenID Connect. */
export function signInRoutes(app: FastifyInstance, ctx: Workbench): void {
  const { localSignIn, oidc, checkCsrf, noLimit, units, html, startSession, config, sessions } = ctx;
  // ---- sign-in ----

  const signInRoles = allRoles.filter((r) => r !== 'public');
  const signInUnits: Array<[string, string]> = [
    ...units(),
    ...Object.values(transferRecipients).map((r) => [r.unit, r.name] as [string, string]),
  ];
  // Local sign-in has no second factor: the roles of AUTH_REQUIRE_MFA_ROLES cannot use it.
  const secondFactorRoles = secondFactorPolicy(config).roles;

  const signInPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    next: string,
    o: {
      error?: string;
      values?: Record<string, string>;
      status?: number;
      notice?: string;
      /** The provider is to ask the person to sign in again (prompt=login), not answer from its own session. */
      reauthenticate?: boolean;
    } = {},
  ) => {
    // A sign-in refused (not a page asked for, nor a sign-in switched off) is in the audit trail, by nobody.
    if (o.error && (o.status ?? 200) >= 400 && o.status !== 404) {
      await app.auditTrail.record(request, { access: 'sign-in', outcome: 'refused' });
    }
    return html(
      reply,
      page(
        <Layout title="登录" {...(o.notice ? { notice: o.notice } : {})}>
          {oidc ? (
            <p>
              <a
                class="button"
                href={`${base}/signin/oidc?next=${encodeURIComponent(next)}${o.reauthenticate ? '&prompt=login' : ''}`}
              >
                使用统一身份认证登录
              </a>
            </p>
          ) : null}
          {o.error && !localSignIn ? <ErrorPage message={o.error} /> : null}
          {localSignIn ? (
            <SignIn
              next={next}
              csrf={reply.generateCsrf()}
              units={signInUnits}
              roles={signInRoles}
              {...(o.error ? { error: o.error } : {})}
              {...(o.values ? { values: o.values } : {})}
            />
          ) : oidc ? null : (
            <ErrorPage message="本系统没有可用的登录方式：本地登录已关闭，也没有配置统一身份认证（OIDC_ISSUER）。" />
          )}
        </Layout>,
      ),
      o.status,
    );
  };

  app.get<{ Querystring: { next?: string; why?: string } }>(
    `${base}/signin`,
    { config: noLimit, schema: { hide: true } },
    async (request, reply) =>
      signInPage(request, reply, safeNext(request.query.next), {
        ...(request.query.why === 'expired' ? { notice: '登录已过期或已失效，请重新登录。' } : {}),
        ...(request.query.why === 'signed-out' ? { notice: '已退出登录。' } : {}),
        ...(request.query.why === 'signed-out-everywhere' ? { notice: '已在所有设备上退出登录。' } : {}),
      }),
  );

  app.post<{ Body: Record<string, string> }>(
    `${base}/signin`,
    { config: noLimit, schema: { hide: true }, preHandler: checkCsrf },
    async (request, reply) => {
      const body = request.body ?? {};
      const next = safeNext(body.next);
      if (!localSignIn) return signInPage(request, reply, next, { status: 404 });
      const values = { name: body.name ?? '', role: body.role ?? '', unit: body.unit ?? '', group: body.group ?? '' };
      const name = values.name.trim();
      if (!name) return signInPage(request, reply, next, { error: '请填写姓名', values, status: 422 });
      let signed: string;
      try {
        const { claims, expiresIn } = tokenRequest(
          {
            role: values.role,
            name,
            ...(values.unit ? { unit: values.unit } : {}),
            ...(values.group.trim() ? { group: values.group.trim() } : {}),
            sub: `local:${values.role}:${values.unit || values.group.trim() || 'province'}:${name}`,
            expires: config.AUTH_MAX_TOKEN_LIFETIME,
          },
          app.units,
          config.AUTH_MAX_TOKEN_LIFETIME,
          secondFactorRoles,
        );
        const token = signToken(config.AUTH_JWT_SECRET!, claims, expiresIn, {
          ...(config.AUTH_ISSUER ? { iss: config.AUTH_ISSUER } : {}),
          ...(config.AUTH_AUDIENCE ? { aud: config.AUTH_AUDIENCE } : {}),
        });
        signed = token;
      } catch (err) {
        const message = (err as Error).message;
        const error = /--mfa/.test(message)
          ? `${roleLabels[values.role as Role]}须经双因素认证登录，本地登录不经第二因素，不能以此身份登录`
          : /--role/.test(message)
            ? '请选择身份'
            : /--unit/.test(message)
              ? '此身份须选择所在单位'
              : /--group/.test(message)
                ? '组长须填写组号'
                : '身份、单位或组号不符合要求，请检查后重新登录';
        return signInPage(request, reply, next, { error, values, status: 422 });
      }
      if (!(await startSession(request, signed))) {
        return signInPage(request, reply, next, { error: httpsOnly, values, status: 403 });
      }
      request.log.info({ role: values.role }, 'workbench: local sign-in');
      return reply.redirect(next, 303);
    },
  );

  // ---- sign-in through the identity provider (OpenID Connect, code flow with PKCE) ----

  const oidcCookie = 'workbench_oidc';
  const callbackPath = `${base}/signin/callback`;
  // Only from PUBLIC_URL, which OIDC requires (oidc.ts): never from the request's Host header.
  const publicUrl = config.PUBLIC_URL?.replace(/\/$/, '') ?? '';
  const redirectUri = `${publicUrl}${callbackPath}`;

  app.get<{ Querystring: { next?: string; prompt?: string } }>(
    `${base}/signin/oidc`,
    { config: noLimit, schema: { hide: true } },
    async (request, reply) => {
      const next = safeNext(request.query.next);
      if (!oidc) return signInPage(request, reply, next, { status: 404 });
      let started;
      try {
        started = await oidc.start(redirectUri, next, request.query.prompt === 'login');
      } catch (err) {
        request.log.warn({ err }, 'workbench: the identity provider did not answer');
        return signInPage(request, reply, next, { error: '统一身份认证服务暂时无法连接，请稍后再试。', status: 503 });
      }
      return reply
        .setCookie(oidcCookie, Buffer.from(JSON.stringify(started.transaction)).toString('base64url'), {
          path: callbackPath,
          httpOnly: true,
          sameSite: 'lax',
          secure: sessions.secure,
          signed: true,
          maxAge: 600,
        })
        .redirect(started.url, 303);
    },
  );

  app.get(callbackPath, { config: noLimit, schema: { hide: true } }, async (request, reply) => {
    if (!oidc) return signInPage(request, reply, `${base}/`, { status: 404 });
    let transaction: OidcTransaction | undefined;
    try {
      const kept = request.unsignCookie(request.cookies[oidcCookie] ?? '');
      transaction = kept.valid
        ? (JSON.parse(Buffer.from(kept.value ?? '', 'base64url').toString()) as OidcTransaction)
        : undefined;
    } catch {
      transaction = undefined;
    }
    reply.clearCookie(oidcCookie, { path: callbackPath });
    if (!transaction?.state || !transaction.verifier) {
      return signInPage(request, reply, `${base}/`, { error: '登录已超时或已使用过，请重新登录。', status: 400 });
    }
    const next = safeNext(transaction.next);
    let token: string;
    try {
      token = await oidc.finish(new URL(`${publicUrl}${request.url}`), redirectUri, transaction);
    } catch (err) {
      request.log.warn(
        { err: { name: (err as Error).name, message: (err as Error).message } },
        'workbench: OIDC sign-in failed',
      );
      return signInPage(request, reply, next, { error: '统一身份认证登录未成功，请重新登录。', status: 400 });
    }
    // The token must be one the API accepts, with a role, unit and group it knows: checked as the API checks it.
    request.headers.authorization = `Bearer ${token}`;
    try {
      await app.requireRole(...allRoles).call(app, request, reply);
    } catch (err) {
      // The sign-in's own entry says what came of it (startSession, signInPage), not the token check's.
      request.auditNote = null;
      const why = (err as Error).message;
      // No second factor: the person signs in again with one; the provider is asked to let them (not to answer at once
      // from its session, which would end here again).
      if ((err as { code?: string }).code === 'SecondFactorRequired') {
        return signInPage(request, reply, next, {
          error: `${why}。请重新登录，并在统一身份认证中使用第二因素（如动态口令、数字证书）。`,
          status: 401,
          reauthenticate: true,
        });
      }
      return signInPage(request, reply, next, {
        error: `统一身份认证的令牌不被本系统接受：${/\p{Script=Han}/u.test(why) ? why : '身份信息不完整'}。请联系管理员。`,
        status: 403,
      });
    }
    request.auditNote = null;
    if (!(await startSession(request, token)))
      return signInPage(request, reply, next, { error: httpsOnly, status: 403 });
    request.log.info({ role: request.actor.role }, 'workbench: OIDC sign-in');
    return reply.redirect(next, 303);
  });
}

/** Signed in: sign-out, sign-out everywhere, and the person's list of their sessions. */
export function signedInRoutes(app: FastifyInstance, ctx: Workbench): void {
  const { checkCsrf, noLimit, signedIn, layout, sessions } = ctx;
  const signedOut = (reply: FastifyReply, why: 'signed-out' | 'signed-out-everywhere') =>
    reply.clearCookie(sessionCookie, sessions.cookie).redirect(`${base}/signin?why=${why}`, 303);
  const hooks = { config: noLimit, schema: { hide: true }, onRequest: signedIn };

  // Sign-out ends the session in the store: its cookie, wherever it was copied to, is good for nothing after.
  const record = (request: FastifyRequest, access: 'sign-out' | 'session-revoked', resource?: string) =>
    app.auditTrail.record(request, {
      actor: sessions.actorOf(request.session.token),
      access,
      outcome: 'allowed',
      ...(resource ? { resource } : {}),
    });

  app.post(`${base}/signout`, { ...hooks, preHandler: checkCsrf }, async (request, reply) => {
    await record(request, 'sign-out');
    await request.session.destroy();
    return signedOut(reply, 'signed-out');
  });

  // Every session of the person, on every device, this one included.
  app.post(`${base}/signout/everywhere`, { ...hooks, preHandler: checkCsrf }, async (request, reply) => {
    const ended = await sessions.end(request.session.person!);
    request.log.info({ ended }, 'workbench: signed out everywhere');
    await record(request, 'sign-out', 'everywhere');
    await request.session.destroy();
    return signedOut(reply, 'signed-out-everywhere');
  });

  app.get<{ Querystring: { ended?: string } }>(`${base}/sessions`, hooks, async (request, reply) => {
    const list = await sessions.list(request.session.person!);
    return layout(
      request,
      reply,
      { title: '登录会话', ...(request.query.ended === '1' ? { notice: '已结束该会话。' } : {}) },
      (session) => (
        <SessionList
          csrf={session.csrf}
          idleMinutes={ctx.config.SESSION_IDLE_MINUTES}
          sessions={list.map((s) => ({
            ref: s.ref,
            startedAt: s.startedAt,
            lastSeenAt: s.lastSeenAt,
            expiresAt: s.expiresAt,
            address: s.clientAddress,
            agent: shortAgent(s.userAgent),
            current: s.ref === request.session.ref,
          }))}
        />
      ),
    );
  });

  // One of the person's own sessions (a handle of another person's matches nothing).
  app.post<{ Params: { ref: string } }>(
    `${base}/sessions/:ref/end`,
    { ...hooks, preHandler: checkCsrf },
    async (request, reply) => {
      const { ref } = request.params;
      const ended = await sessions.end(request.session.person!, ref);
      if (ended) await record(request, 'session-revoked', ref);
      if (ref === request.session.ref) {
        await request.session.destroy();
        return signedOut(reply, 'signed-out');
      }
      if (!ended) {
        return layout(
          request,
          reply,
          { title: '没有找到', status: 404 },
          <ErrorPage message="没有找到这个会话，它可能已经结束。" />,
        );
      }
      return reply.redirect(`${base}/sessions?ended=1`, 303);
    },
  );
}
