import { documentCssHash } from '../../../lib/documents/official-document';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import type { ApiConfig } from '../../config';
import { HttpRefusal } from '../../refusal';

/**
 * HTTP hardening from the ecosystem: security headers (helmet, with Swagger UI's own script and style hashes in the
 * CSP), rate limits (per person for a valid token, stricter per address without one), and 503 under pressure (the
 * event loop delayed beyond `MAX_EVENT_LOOP_DELAY_MS`) instead of a slow death. Register after the docs and auth plugins.
 */
export default fp(
  async function hardening(app: FastifyInstance, opts: { config: ApiConfig }) {
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          scriptSrc: ["'self'", ...app.swaggerCSP.script],
          // Swagger UI's styles, and the one inline style of an official document's page (lib/documents/official-document.ts).
          styleSrc: ["'self'", 'https:', ...app.swaggerCSP.style, documentCssHash],
          imgSrc: ["'self'", 'data:'],
          // The API is often reached over plain http on a private network or behind a TLS proxy: no forced upgrade.
          upgradeInsecureRequests: null,
        },
      },
    });

    const { RATE_LIMIT_PER_MINUTE: perPerson, RATE_LIMIT_ANONYMOUS_PER_MINUTE: perAddress } = opts.config;
    await app.register(rateLimit, {
      global: true,
      timeWindow: 60_000,
      // A valid token counts for its person (officials may share one address); anything else for the address.
      keyGenerator: async (request: FastifyRequest) => {
        if (!request.headers.authorization) return `address:${request.ip}`;
        try {
          const claims = await request.jwtVerify<{ sub: string }>();
          return `person:${claims.sub}`;
        } catch {
          return `address:${request.ip}`;
        }
      },
      max: (_request: FastifyRequest, key: string) => (key.startsWith('person:') ? perPerson : perAddress),
      errorResponseBuilder: (_request, context) =>
        new HttpRefusal(429, `请求过于频繁，请在${Math.ceil(context.ttl / 1000)}秒后再试`, 'RateLimited', {
          'retry-after': String(Math.ceil(context.ttl / 1000)),
        }),
    });

    if (!opts.config.MAX_EVENT_LOOP_DELAY_MS) return;
    await app.register(underPressure, {
      maxEventLoopDelay: opts.config.MAX_EVENT_LOOP_DELAY_MS,
      retryAfter: 10,
      pressureHandler: () => {
        throw new HttpRefusal(503, '服务器繁忙，请稍后再试', 'UnderPressure', { 'retry-after': '10' });
      },
    });
  },
  { name: 'hardening', dependencies: ['auth'] },
);
