import { secureOrLoopback } from '../../../lib/infra/loopback';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onRequestAsyncHookHandler,
} from 'fastify';
import fp from 'fastify-plugin';
import fastifyJwt from '@fastify/jwt';
import type { Algorithm } from 'fast-jwt';
import buildGetJwks from 'get-jwks';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Type } from '@sinclair/typebox';
import type { Actor, Role } from '../../../workflows/domain';
import { roleLabels, roles } from '../../../workflows/domain';
import { unitCodePattern } from '../../../workflows/ids';
import { groupIdPattern } from '../../../workflows/engine/schemas';
import { claimsProblem, lifetimeProblem } from '../../../lib/infra/tokens';
import { secondFactorPolicy, secondFactorRefusal, showsSecondFactor } from '../../../lib/infra/second-factor';
import type { ApiConfig } from '../../config';
import { noteFor } from './audit';

const claimsCheck = TypeCompiler.Compile(
  Type.Object({
    sub: Type.String({ minLength: 1 }),
    role: Type.Union(roles.map((r) => Type.Literal(r))),
    name: Type.Optional(Type.String()),
    // Both end up in visibility queries (`CaseViewers = 'unit:…'`): only codes of the registry's shape pass here,
    // and `claimsProblem` then checks them against the registry itself.
    unit: Type.Optional(Type.String({ pattern: unitCodePattern, maxLength: 64 })),
    group: Type.Optional(Type.String({ pattern: groupIdPattern })),
    // How the person signed in, for AUTH_REQUIRE_MFA_ROLES: any form here, lib/infra/second-factor.ts reads them.
    amr: Type.Optional(Type.Unknown()),
    acr: Type.Optional(Type.Unknown()),
  }),
);

/** Algorithms accepted from the identity provider (JWKS mode). */
const jwksAlgorithms: Algorithm[] = ['RS256', 'ES256', 'PS256', 'EdDSA'];

/** How long a key fetched from the JWKS is used before it is fetched again. */
const jwksCacheTtlMs = 5 * 60_000;

/** At most this many keys are cached. */
const jwksCacheMax = 100;

/** After a key id the JWKS did not hold, no other unknown key id is looked up for this long. */
export const jwksMissIntervalMs = 30_000;

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * onRequest hook: a valid bearer token whose role is one of `allowed` (any role but the auditor if none given). It runs before the
     * body is read, so a caller without the right hears 401 or 403 before anything about the input.
     */
    requireRole(...allowed: Role[]): onRequestAsyncHookHandler;
  }
  interface FastifyRequest {
    actor: Actor;
  }
}

class AuthError extends Error {
  constructor(
    readonly statusCode: 401 | 403,
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = statusCode === 401 ? 'Unauthorized' : 'Forbidden';
  }
}

/** The JWKS URL, if it may be used: https, or plain http to a loopback host. Throws a start-up error otherwise. */
function jwksUrl(config: ApiConfig): URL {
  const { AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE } = config;
  let url: URL;
  try {
    url = new URL(AUTH_JWKS_URL ?? '');
  } catch {
    throw new Error(`AUTH_JWKS_URL is not a URL: ${AUTH_JWKS_URL}`);
  }
  // Plain http only to a local identity provider (and the tests).
  if (!secureOrLoopback(url)) {
    throw new Error(
      `AUTH_JWKS_URL must use https (plain http only to a loopback host: 127.0.0.1, ::1, localhost), not ${url.origin}`,
    );
  }
  const missing = [!AUTH_ISSUER && 'AUTH_ISSUER', !AUTH_AUDIENCE && 'AUTH_AUDIENCE'].filter(Boolean);
  if (missing.length) {
    throw new Error(
      `AUTH_JWKS_URL is set, so set ${missing.join(' and ')} too: tokens of the identity provider are accepted ` +
        'only with the issuer (iss) and audience (aud) of AUTH_ISSUER and AUTH_AUDIENCE',
    );
  }
  return url;
}

/**
 * The public key of a token's `kid` from the JWKS, cached (get-jwks: `jwksCacheMax` keys for `jwksCacheTtlMs`).
 * get-jwks does not cache a key id the set does not hold, so a caller could make us fetch the key set on every
 * request by sending made-up key ids. Hence: one lookup of an uncached key at a time, and after a miss (the set did
 * not hold the key, or could not be fetched) no key id that never resolved is looked up for `jwksMissIntervalMs`.
 * Keys that resolved before are refreshed when their cache entry expires whatever that guard says, so made-up key
 * ids cannot lock out the real keys; a refresh that fails (the identity provider is down) keeps answering with the
 * key get-jwks kept, and is tried again at most once per `jwksMissIntervalMs`; once get-jwks has no stale key
 * left either, the key is unknown again.
 */
export function jwksKeys(
  url: URL,
  log: FastifyBaseLogger,
  { ttlMs = jwksCacheTtlMs, missIntervalMs = jwksMissIntervalMs }: { ttlMs?: number; missIntervalMs?: number } = {},
): (kid: string, alg: string) => Promise<string> {
  const jwks = buildGetJwks({ jwksPath: url.pathname, max: jwksCacheMax, ttl: ttlMs });
  const domain = `${url.origin}/`;
  /** Keys that resolved at least once, with the time their last refresh failed. */
  const known = new Map<string, { key: string; failedAt: number }>();
  let missAt = -Infinity;
  let lookup: Promise<unknown> | undefined;

  return async function publicKey(kid: string, alg: string): Promise<string> {
    const signature = { domain, kid, alg };
    const cacheKey = jwks.generateCacheKey(alg, kid, domain);
    if (jwks.cache.get(cacheKey) !== undefined) return jwks.getPublicKey(signature);
    while (lookup) await lookup.catch(() => undefined);
    if (jwks.cache.get(cacheKey) !== undefined) return jwks.getPublicKey(signature);
    const before = known.get(cacheKey);
    if (before && Date.now() - before.failedAt < missIntervalMs) return before.key;
    if (!before && Date.now() - missAt < missIntervalMs) {
      throw new Error(`key id ${kid} is not in the key set (not looked up again yet)`);
    }
    const result = jwks.getPublicKey(signature);
    lookup = result;
    try {
      const key = await result;
      // On a failed fetch get-jwks answers with the stale key, if it kept one, and leaves its cache empty.
      const fresh = jwks.cache.get(cacheKey) !== undefined;
      if (!fresh) log.warn({ kid, alg }, 'JWKS: refreshing a key failed; using the key fetched before');
      if (!before && known.size >= jwksCacheMax) known.clear();
      known.set(cacheKey, { key, failedAt: fresh ? -Infinity : Date.now() });
      return key;
    } catch (err) {
      known.delete(cacheKey);
      missAt = Date.now();
      log.warn({ kid, alg, err }, `JWKS: key lookup failed; no new key id is looked up for ${missIntervalMs / 1000} s`);
      throw err;
    } finally {
      lookup = undefined;
    }
  };
}

/**
 * Every request names its caller with a bearer token: HS256 with `AUTH_JWT_SECRET` (embedded default),
 * or RS256/ES256 verified against `AUTH_JWKS_URL` (production; https, and `AUTH_ISSUER` and `AUTH_AUDIENCE` are
 * required). A token must carry `exp`, live at most `AUTH_MAX_TOKEN_LIFETIME`, and not be issued in the future; its
 * `unit` and `group` must be of the units registry (or the discipline bodies) and of the group id pattern. The
 * verified claims become `request.actor`, which is what workflows record as "who made the decision".
 */
export default fp(
  async function auth(app: FastifyInstance, opts: { config: ApiConfig }) {
    const { AUTH_JWT_SECRET, AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE, AUTH_MAX_TOKEN_LIFETIME } = opts.config;
    const verify = {
      ...(AUTH_ISSUER ? { allowedIss: AUTH_ISSUER } : {}),
      ...(AUTH_AUDIENCE ? { allowedAud: AUTH_AUDIENCE } : {}),
    };
    if (AUTH_JWKS_URL) {
      const publicKey = jwksKeys(jwksUrl(opts.config), app.log);
      await app.register(fastifyJwt, {
        decode: { complete: true },
        secret: (_request: FastifyRequest, token: unknown) => {
          const { header } = token as { header: { kid?: unknown; alg?: unknown } };
          const { kid, alg } = header;
          // Only a key id and an algorithm we would accept are looked up.
          if (typeof kid !== 'string' || !kid || kid.length > 256 || typeof alg !== 'string') {
            return Promise.reject(new Error('the token header has no usable kid and alg'));
          }
          if (!(jwksAlgorithms as string[]).includes(alg))
            return Promise.reject(new Error(`algorithm ${alg} is not accepted`));
          return publicKey(kid, alg);
        },
        verify: { ...verify, algorithms: jwksAlgorithms },
      });
    } else if (AUTH_JWT_SECRET) {
      await app.register(fastifyJwt, { secret: AUTH_JWT_SECRET, verify: { ...verify, algorithms: ['HS256'] } });
    } else {
      throw new Error(
        'Set AUTH_JWT_SECRET (HS256, at least 32 characters) or AUTH_JWKS_URL to authenticate API callers',
      );
    }

    // AUTH_REQUIRE_MFA_ROLES: checked now, so a role that does not exist stops the start (naming the setting).
    const secondFactor = secondFactorPolicy(opts.config);
    app.decorateRequest('actor', null as unknown as Actor);
    app.decorate('requireRole', (...allowed: Role[]): onRequestAsyncHookHandler => {
      return async function checkRole(request: FastifyRequest, reply: FastifyReply) {
        // From here on the request is recorded in the audit trail, whatever comes of it (plugins/app/audit.ts).
        request.auditNote ??= noteFor(request);
        let claims: unknown;
        try {
          claims = await request.jwtVerify();
        } catch (err) {
          const missing = (err as { code?: string }).code === 'FST_JWT_NO_AUTHORIZATION_IN_HEADER';
          throw new AuthError(
            401,
            missing ? '需要登录：请在 Authorization 头中提供 Bearer 令牌' : '令牌无效或已过期',
            missing ? 'MissingToken' : 'InvalidToken',
          );
        }
        // The signature is good: now `exp` (required), `iat` and the lifetime.
        const lifetime = lifetimeProblem(claims as { exp?: unknown; iat?: unknown }, AUTH_MAX_TOKEN_LIFETIME);
        if (lifetime) throw new AuthError(401, lifetime, 'InvalidToken');
        if (!claimsCheck.Check(claims))
          throw new AuthError(401, '令牌的 sub、role、unit 或 group 无效', 'InvalidClaims');
        const problem = claimsProblem(claims, app.units);
        if (problem) throw new AuthError(401, problem, 'InvalidClaims');
        // A verified person from here on: the audit trail names them whether or not this route is theirs.
        request.actor = {
          id: claims.sub,
          role: claims.role,
          ...(claims.name ? { name: claims.name } : {}),
          ...(claims.unit ? { unit: claims.unit } : {}),
          ...(claims.group ? { group: claims.group } : {}),
        };
        // The request's log lines (its completion too) name the person by id and role; never by name.
        reply.log = request.log = request.log.child({ person: claims.sub, role: claims.role });
        // 等保2.0 身份鉴别: these roles sign in with two kinds of factor, as the provider's amr or acr says.
        if (secondFactor.roles.has(claims.role) && !showsSecondFactor(claims, secondFactor.acrValues)) {
          throw new AuthError(401, secondFactorRefusal(claims.role), 'SecondFactorRequired');
        }
        // The auditor reads the audit trail and nothing else: only routes that name the role let it in.
        if (allowed.length ? !allowed.includes(claims.role) : claims.role === 'auditor') {
          throw new AuthError(
            403,
            claims.role === 'auditor'
              ? '审计员只能查阅审计日志'
              : `${roleLabels[claims.role]}无权办理此事项（可办理的：${allowed.map((r) => roleLabels[r]).join('、')}）`,
            'RoleNotAllowed',
          );
        }
      };
    });
  },
  { name: 'auth', dependencies: ['units', 'audit-trail'] },
);
