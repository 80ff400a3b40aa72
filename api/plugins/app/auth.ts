import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import fastifyJwt from '@fastify/jwt';
import buildGetJwks from 'get-jwks';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Type } from '@sinclair/typebox';
import type { Actor, Role } from '../../../workflows/domain';
import { roleLabels, roles } from '../../../workflows/domain';
import { unitCodePattern } from '../../../workflows/plan/contract';
import { groupIdPattern } from '../../../workflows/shared/schemas';
import type { ApiConfig } from '../../config';

const claimsCheck = TypeCompiler.Compile(
  Type.Object({
    sub: Type.String({ minLength: 1 }),
    role: Type.Union(roles.map((r) => Type.Literal(r))),
    name: Type.Optional(Type.String()),
    // Both end up in visibility queries (`CaseViewers = 'unit:…'`): only codes of the registry's shape pass.
    unit: Type.Optional(Type.String({ pattern: unitCodePattern, maxLength: 64 })),
    group: Type.Optional(Type.String({ pattern: groupIdPattern })),
  }),
);

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * onRequest hook: a valid bearer token whose role is one of `allowed` (any role if none given). It runs before the
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

/**
 * Every request names its caller with a bearer token: HS256 with `AUTH_JWT_SECRET` (embedded default),
 * or RS256/ES256 verified against `AUTH_JWKS_URL` (production). The verified claims become
 * `request.actor`, which is what workflows record as "who made the decision".
 */
export default fp(
  async function auth(app: FastifyInstance, opts: { config: ApiConfig }) {
    const { AUTH_JWT_SECRET, AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE } = opts.config;
    const verify = {
      ...(AUTH_ISSUER ? { allowedIss: AUTH_ISSUER } : {}),
      ...(AUTH_AUDIENCE ? { allowedAud: AUTH_AUDIENCE } : {}),
    };
    if (AUTH_JWKS_URL) {
      const url = new URL(AUTH_JWKS_URL);
      const jwks = buildGetJwks({ jwksPath: url.pathname });
      await app.register(fastifyJwt, {
        decode: { complete: true },
        secret: (_request: FastifyRequest, token: unknown) => {
          const { header } = token as { header: { kid?: string; alg?: string } };
          return jwks.getPublicKey({ domain: url.origin, kid: header.kid ?? '', alg: header.alg ?? '' });
        },
        verify: { ...verify, algorithms: ['RS256', 'ES256', 'PS256', 'EdDSA'] },
      });
    } else if (AUTH_JWT_SECRET) {
      await app.register(fastifyJwt, { secret: AUTH_JWT_SECRET, verify: { ...verify, algorithms: ['HS256'] } });
    } else {
      throw new Error(
        'Set AUTH_JWT_SECRET (HS256, at least 32 characters) or AUTH_JWKS_URL to authenticate API callers',
      );
    }

    app.decorateRequest('actor', null as unknown as Actor);
    app.decorate('requireRole', (...allowed: Role[]): onRequestAsyncHookHandler => {
      return async function checkRole(request: FastifyRequest, _reply: FastifyReply) {
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
        if (!claimsCheck.Check(claims))
          throw new AuthError(401, '令牌的 sub、role、unit 或 group 无效', 'InvalidClaims');
        if ((claims.role === 'unit' || claims.role === 'discipline') && !claims.unit) {
          throw new AuthError(401, `角色 ${claims.role} 的令牌必须包含 unit`, 'InvalidClaims');
        }
        if (claims.role === 'group-leader' && !claims.group)
          throw new AuthError(401, '组长的令牌必须包含 group', 'InvalidClaims');
        if (allowed.length && !allowed.includes(claims.role)) {
          throw new AuthError(
            403,
            `${roleLabels[claims.role]}无权办理此事项（可办理的：${allowed.map((r) => roleLabels[r]).join('、')}）`,
            'RoleNotAllowed',
          );
        }
        request.actor = {
          id: claims.sub,
          role: claims.role,
          ...(claims.name ? { name: claims.name } : {}),
          ...(claims.unit ? { unit: claims.unit } : {}),
          ...(claims.group ? { group: claims.group } : {}),
        };
      };
    });
  },
  { name: 'auth' },
);
