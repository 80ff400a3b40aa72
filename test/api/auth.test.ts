import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createDecoder, createSigner } from 'fast-jwt';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import pino from 'pino';
import { buildApp } from '../../api/app';
import { jwksKeys, jwksMissIntervalMs } from '../../api/plugins/app/auth';
import { defaultMaxTokenLifetime, signToken, tokenRequest } from '../../lib/infra/tokens';
import { loadUnitRegistry } from '../../lib/registry/units';
import type { TestSystem } from '../helpers/system';
import { people, startDevServer, startSystem } from '../helpers/system';

const proposal = {
  year: 2026,
  serial: 7,
  targetUnit: 'jincheng',
  grounds: { sources: ['public-report'], summary: '举报' },
};

async function notStarted(env: TestWorkflowEnvironment, caseId: string): Promise<void> {
  await expect(env.client.workflow.getHandle(caseId).describe()).rejects.toThrow(/not found/i);
}

describe('Who is calling: every request carries a bearer token with a role (DOMAIN.md actors)', () => {
  let env: TestWorkflowEnvironment;
  let hs: TestSystem;
  let jwksSys: TestSystem;
  let jwksServer: Server;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const issuer = 'https://idp.example.gov.cn';
  const audience = 'supervision-patrol-api';
  let jwksHits = 0;
  let jwksDown = false;
  let jwksPort = 0;
  // An API on a secret the tests know, to sign tokens with any `exp` and `iat` (no worker needed: GET /units).
  const secret = randomBytes(32).toString('hex');
  let plain: FastifyInstance;
  let oneHour: FastifyInstance;
  const hour = 3_600_000;

  beforeAll(async () => {
    env = await startDevServer();
    hs = await startSystem({ env });
    // A real JWKS endpoint, as an identity provider serves it.
    jwksServer = createServer((req, res) => {
      if (req.url !== '/oidc/jwks.json') return res.writeHead(404).end();
      jwksHits++;
      if (jwksDown) return res.writeHead(503, { 'content-type': 'application/json' }).end('{}');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'key-1', alg: 'RS256', use: 'sig' }] }),
      );
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    jwksPort = (jwksServer.address() as AddressInfo).port;
    jwksSys = await startSystem({
      env,
      apiEnv: {
        AUTH_JWKS_URL: `http://127.0.0.1:${jwksPort}/oidc/jwks.json`,
        AUTH_ISSUER: issuer,
        AUTH_AUDIENCE: audience,
      },
    });
    plain = await buildApp({
      temporalClient: env.client,
      store: jwksSys.store,
      env: { AUTH_JWT_SECRET: secret, MAX_EVENT_LOOP_DELAY_MS: '0' },
    });
    oneHour = await buildApp({
      temporalClient: env.client,
      store: jwksSys.store,
      env: { AUTH_JWT_SECRET: secret, AUTH_MAX_TOKEN_LIFETIME: '1h', MAX_EVENT_LOOP_DELAY_MS: '0' },
    });
  }, 180_000); // a dev server and two systems (two workers, each bundling the workflows): over a minute on busy cores
  afterAll(async () => {
    await plain?.close();
    await oneHour?.close();
    await hs?.close();
    await jwksSys?.close();
    jwksServer?.close();
    await env?.teardown();
  });

  const rs256 = (claims: object, opts: { key?: string; iss?: string; aud?: string; kid?: string } = {}) =>
    createSigner({
      key: opts.key ?? privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      algorithm: 'RS256',
      kid: opts.kid ?? 'key-1',
      iss: opts.iss ?? issuer,
      aud: opts.aud ?? audience,
      expiresIn: 600_000,
    })(claims);

  test('no token → 401, and nothing starts', async () => {
    const res = await hs.app.inject({ method: 'POST', url: '/patrols', payload: proposal });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'MissingToken' });
    await notStarted(env, 'patrol-2026-jincheng-0007');
  });

  test.each([
    ['a malformed token', 'not-a-jwt'],
    [
      'a token signed with another secret',
      createSigner({ key: randomBytes(32).toString('hex') })({ sub: 'x', role: 'office' }),
    ],
    [
      'an expired token',
      createSigner({ key: 'x'.repeat(40), clockTimestamp: Date.now() - 7_200_000, expiresIn: 60_000 })({
        sub: 'x',
        role: 'office',
      }),
    ],
  ])('%s → 401, and nothing starts', async (_what, token) => {
    const res = await hs.app.inject({
      method: 'POST',
      url: '/patrols',
      payload: proposal,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'InvalidToken' });
    await notStarted(env, 'patrol-2026-jincheng-0007');
  });

  test.each([
    ['a role the measures do not know', { sub: 'x', role: 'mayor' }],
    ['a unit token without its unit', { sub: 'x', role: 'unit' }],
    ['a group leader without a group', { sub: 'x', role: 'group-leader' }],
    ['no subject', { role: 'office' }],
  ])('%s → 401 with the reason', async (_what, claims) => {
    const res = await hs.app.inject({
      method: 'GET',
      url: '/units',
      headers: { authorization: `Bearer ${hs.token(claims as never)}` },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'InvalidClaims' });
  });

  test('Art. 2, 7, 16: GET /units lists each unit with its kind and whether it is a member unit, and the discipline bodies a discipline token names', async () => {
    const res = await hs.call(people.taiyuan, { method: 'GET', url: '/units' });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      units: Array<{ code: string; kind: string; kindLabel: string; member: boolean; parent?: string }>;
      disciplineBodies: Array<{ code: string; name: string; receives: string }>;
    }>();
    expect(body.units.find((u) => u.code === 'dept-finance')).toMatchObject({ kindLabel: '省直部门', member: true });
    expect(body.units.find((u) => u.code === 'taiyuan')).toMatchObject({ kindLabel: '市', member: false });
    expect(body.units.find((u) => u.code === 'xinzhou-wuzhai')).toMatchObject({ kindLabel: '县', parent: 'xinzhou' });
    expect(body.disciplineBodies.map((b) => [b.code, b.receives])).toEqual([
      ['discipline-commission', 'discipline-inspection'],
      ['procuratorate', 'procuratorate'],
    ]);
    // The codes it lists are the ones a discipline token may carry, and nothing else is.
    for (const b of body.disciplineBodies)
      expect((await hs.call({ ...people.discipline, unit: b.code }, { method: 'GET', url: '/units' })).statusCode).toBe(
        200,
      );
    expect(
      (await hs.call({ ...people.discipline, unit: 'taiyuan' }, { method: 'GET', url: '/units' })).statusCode,
    ).toBe(401);
  });

  test('a wrong role → 403 naming the roles allowed, and nothing starts', async () => {
    for (const who of [people.committee, people.taiyuan, people.groupLeader, people.discipline, people.public]) {
      const res = await hs.call(who, { method: 'POST', url: '/patrols', payload: proposal });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'RoleNotAllowed' });
      expect(res.json<{ message: string }>().message).toContain('领导小组办公室');
    }
    await notStarted(env, 'patrol-2026-jincheng-0007');
  });

  test('health and the API docs need no token', async () => {
    expect((await hs.app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok', temporal: true });
    expect((await hs.app.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(200);
  });

  test('production option: RS256 tokens verified against the identity provider JWKS; the decision records who made it', async () => {
    const token = rs256({ sub: 'zhao.qiang', role: 'leading-group', name: '赵强' });
    const res = await jwksSys.app.inject({
      method: 'POST',
      url: '/patrols',
      payload: proposal,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(201);
    expect(jwksHits).toBeGreaterThan(0);
    const record = await jwksSys.app.inject({
      method: 'GET',
      url: '/cases/patrol-2026-jincheng-0007',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(record.json<{ events: Array<{ by: unknown }> }>().events[0]?.by).toEqual({
      id: 'zhao.qiang',
      role: 'leading-group',
      name: '赵强',
    });
  });

  test.each([
    [
      'a token signed by a key the JWKS does not hold',
      () =>
        rs256(
          { sub: 'x', role: 'office' },
          { key: stranger.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
        ),
    ],
    ['a token from another issuer', () => rs256({ sub: 'x', role: 'office' }, { iss: 'https://evil.example' })],
    ['a token for another audience', () => rs256({ sub: 'x', role: 'office' }, { aud: 'other-api' })],
    ['an HS256 token where JWKS is configured', () => hs.token(people.office)],
  ])('production option: %s → 401', async (_what, make) => {
    const res = await jwksSys.app.inject({
      method: 'GET',
      url: '/units',
      headers: { authorization: `Bearer ${make()}` },
    });
    expect(res.statusCode).toBe(401);
  });

  /** GET /units (any role) with `token` on `app`. */
  const units = (app: FastifyInstance, token: string) =>
    app.inject({ method: 'GET', url: '/units', headers: { authorization: `Bearer ${token}` } });
  /** An HS256 token for `plain` and `oneHour`, with `exp` and `iat` (seconds) as given; `undefined` leaves one out. */
  const hs256 = (times: { exp?: number; iat?: number }, claims: object = people.office) =>
    createSigner({ key: secret, noTimestamp: times.iat === undefined })({ ...claims, ...times });
  const now = () => Math.floor(Date.now() / 1000);

  test('exp is required: a token without exp → 401, one with it passes', async () => {
    const res = await units(plain, hs256({ iat: now() }));
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'InvalidToken', message: '令牌必须包含过期时间（exp）' });
    expect((await units(plain, hs256({ iat: now(), exp: now() + 600 }))).statusCode).toBe(200);
    // Nor from the identity provider.
    const noExp = createSigner({
      key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      algorithm: 'RS256',
      kid: 'key-1',
      iss: issuer,
      aud: audience,
    })({ sub: 'x', role: 'office' });
    expect((await units(jwksSys.app, noExp)).json()).toMatchObject({ code: 'InvalidToken' });
  });

  test('maximum lifetime: a token whose exp − iat (without iat: exp − now) exceeds AUTH_MAX_TOKEN_LIFETIME (12h by default) → 401; a 100-year exp is refused', async () => {
    expect(defaultMaxTokenLifetime).toBe('12h');
    const t = now();
    for (const token of [
      hs256({ iat: t, exp: t + 100 * 365 * 86_400 }),
      hs256({ iat: t, exp: t + 12 * 3600 + 1 }),
      hs256({ exp: t + 13 * 3600 }),
      // An old iat does not buy a longer life either.
      hs256({ iat: t - 24 * 3600, exp: t + 3600 }),
    ]) {
      const res = await units(plain, token);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'InvalidToken', message: '令牌的有效期超过上限（12h）' });
    }
    expect((await units(plain, hs256({ iat: t, exp: t + 12 * 3600 }))).statusCode).toBe(200);
    expect((await units(plain, hs256({ exp: t + 11 * 3600 }))).statusCode).toBe(200);
    // From the identity provider too.
    const longLived = createSigner({
      key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      algorithm: 'RS256',
      kid: 'key-1',
      iss: issuer,
      aud: audience,
      expiresIn: 100 * 365 * 24 * hour,
    })({ sub: 'x', role: 'office' });
    expect((await units(jwksSys.app, longLived)).json()).toMatchObject({ code: 'InvalidToken' });
    // Configurable: AUTH_MAX_TOKEN_LIFETIME=1h.
    expect((await units(oneHour, hs256({ iat: t, exp: t + 7200 }))).json()).toMatchObject({
      code: 'InvalidToken',
      message: '令牌的有效期超过上限（1h）',
    });
    expect((await units(oneHour, hs256({ iat: t, exp: t + 1800 }))).statusCode).toBe(200);
    await expect(
      buildApp({
        temporalClient: env.client,
        store: jwksSys.store,
        env: { AUTH_JWT_SECRET: secret, AUTH_MAX_TOKEN_LIFETIME: 'forever' },
      }),
    ).rejects.toThrow(/AUTH_MAX_TOKEN_LIFETIME/);
  });

  test('iat in the future: a token issued more than 60 s ahead of our clock → 401; a little clock skew passes', async () => {
    const t = now();
    const res = await units(plain, hs256({ iat: t + 600, exp: t + 1200 }));
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'InvalidToken', message: '令牌的签发时间（iat）晚于当前时间' });
    expect((await units(plain, hs256({ iat: t + 30, exp: t + 1200 }))).statusCode).toBe(200);
  });

  test('JWKS mode requires AUTH_ISSUER and AUTH_AUDIENCE: the API does not start without them', async () => {
    const url = 'https://idp.example.gov.cn/oidc/jwks.json';
    const start = (env2: Record<string, string>) =>
      buildApp({ temporalClient: env.client, store: jwksSys.store, env: env2 });
    await expect(start({ AUTH_JWKS_URL: url })).rejects.toThrow(/AUTH_ISSUER and AUTH_AUDIENCE/);
    await expect(start({ AUTH_JWKS_URL: url, AUTH_ISSUER: issuer })).rejects.toThrow(/set AUTH_AUDIENCE/);
    await expect(start({ AUTH_JWKS_URL: url, AUTH_AUDIENCE: audience })).rejects.toThrow(/set AUTH_ISSUER/);
    const app = await start({ AUTH_JWKS_URL: url, AUTH_ISSUER: issuer, AUTH_AUDIENCE: audience });
    await app.close();
  });

  test('JWKS only over https, except a loopback host: a plain-http JWKS elsewhere stops the start', async () => {
    const start = (url: string) =>
      buildApp({
        temporalClient: env.client,
        store: jwksSys.store,
        env: { AUTH_JWKS_URL: url, AUTH_ISSUER: issuer, AUTH_AUDIENCE: audience },
      });
    for (const url of ['http://idp.example.gov.cn/oidc/jwks.json', 'http://10.0.0.5/jwks.json']) {
      await expect(start(url)).rejects.toThrow(/AUTH_JWKS_URL must use https/);
    }
    for (const url of ['http://127.0.0.1:8080/jwks.json', 'http://[::1]:8080/jwks.json', 'http://localhost/jwks']) {
      await (await start(url)).close();
    }
  });

  test('unknown kid lookups are cached and rate-limited: made-up key ids do not make the API fetch the key set on every request', async () => {
    expect(jwksMissIntervalMs).toBeGreaterThanOrEqual(10_000);
    const known = rs256({ sub: 'x', role: 'office' });
    expect((await units(jwksSys.app, known)).statusCode).toBe(200);
    const before = jwksHits;
    // The same unknown kid again and again, then many made-up ones at once.
    for (let i = 0; i < 20; i++) {
      const res = await units(jwksSys.app, rs256({ sub: 'x', role: 'office' }, { kid: 'ghost' }));
      expect(res.json()).toMatchObject({ code: 'InvalidToken' });
    }
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        units(jwksSys.app, rs256({ sub: 'x', role: 'office' }, { kid: `ghost-${i}` })),
      ),
    );
    expect(burst.map((r) => r.statusCode)).toEqual(burst.map(() => 401));
    // One look at the key set for all 50 (the first miss); the next is allowed only after the interval.
    expect(jwksHits - before).toBeLessThanOrEqual(1);
    // The real key still works, from the cache.
    expect((await units(jwksSys.app, known)).statusCode).toBe(200);
    expect(jwksHits - before).toBeLessThanOrEqual(1);
  });

  test('unknown kid lookups are rate-limited, yet the real keys are refreshed: made-up key ids do not lock them out, and an identity provider that is down is not asked on every request', async () => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const publicKey = jwksKeys(new URL(`http://127.0.0.1:${jwksPort}/oidc/jwks.json`), pino({ level: 'silent' }), {
      ttlMs: 300,
      missIntervalMs: 10_000,
    });
    const hits = jwksHits;
    await expect(publicKey('key-1', 'RS256')).resolves.toContain('PUBLIC KEY');
    await expect(publicKey('ghost', 'RS256')).rejects.toThrow();
    await expect(publicKey('ghost-2', 'RS256')).rejects.toThrow(/not looked up again yet/);
    expect(jwksHits - hits).toBe(2);
    // The cache entry of key-1 expires: it is fetched again although a miss was just now.
    await sleep(400);
    await expect(publicKey('key-1', 'RS256')).resolves.toContain('PUBLIC KEY');
    expect(jwksHits - hits).toBe(3);
    // The identity provider goes down: key-1 keeps working from the key fetched before, asked once per interval.
    jwksDown = true;
    try {
      await sleep(400);
      for (let i = 0; i < 10; i++) await expect(publicKey('key-1', 'RS256')).resolves.toContain('PUBLIC KEY');
      expect(jwksHits - hits).toBe(4);
      await expect(publicKey('ghost-3', 'RS256')).rejects.toThrow(/not looked up again yet/);
      expect(jwksHits - hits).toBe(4);
    } finally {
      jwksDown = false;
    }
  });

  test.each([
    ['a unit token for a unit not in the registry', { sub: 'x', role: 'unit', unit: 'atlantis' }],
    ['a unit token with a crafted unit', { sub: 'x', role: 'unit', unit: "x' OR CaseKind IS NOT NULL" }],
    ['a discipline token for a unit that is not a discipline body', { sub: 'x', role: 'discipline', unit: 'taiyuan' }],
    ['a discipline token with a crafted unit', { sub: 'x', role: 'discipline', unit: "procuratorate' OR '1'='1" }],
    ['a group leader with a crafted group', { sub: 'x', role: 'group-leader', group: "g' OR CaseKind IS NOT NULL" }],
    ['a group leader with a group of another shape', { sub: 'x', role: 'group-leader', group: 'G 2026/01' }],
    ['an overseer carrying a crafted unit', { sub: 'x', role: 'committee', unit: "x' OR CaseKind IS NOT NULL" }],
    ['an overseer carrying a unit not in the registry', { sub: 'x', role: 'office', unit: 'atlantis' }],
  ])(
    'unit and group claims are checked against the registry before any use: %s → 401, and no list is queried',
    async (_what, claims) => {
      for (const url of ['/units', '/cases', '/cases?kind=patrol']) {
        const res = await hs.app.inject({
          method: 'GET',
          url,
          headers: { authorization: `Bearer ${hs.token(claims as never)}` },
        });
        expect([url, res.statusCode]).toEqual([url, 401]);
        expect(res.json()).toMatchObject({ code: 'InvalidClaims' });
      }
    },
  );

  test('unit and group claims of the registry pass: a unit of the registry, each discipline body, a group id', async () => {
    for (const who of [
      people.taiyuan,
      people.discipline,
      { sub: 'p', role: 'discipline', unit: 'procuratorate' } as const,
      people.groupLeader,
      { sub: 'c', role: 'committee', unit: 'dept-finance' } as const,
    ]) {
      expect([who.sub, (await hs.call(who, { method: 'GET', url: '/cases' })).statusCode]).toEqual([who.sub, 200]);
    }
  });

  test('npm run token: its tokens carry iat and exp and pass the rules; an --expires above the maximum is refused', async () => {
    const registry = loadUnitRegistry();
    const { claims, expiresIn } = tokenRequest({ role: 'unit', unit: 'taiyuan', name: '张伟' }, registry);
    const token = signToken(secret, claims, expiresIn);
    const payload = createDecoder()(token) as { iat?: number; exp?: number };
    expect(typeof payload.iat).toBe('number');
    expect(payload.exp! - payload.iat!).toBe(8 * 3600);
    expect((await units(plain, token)).statusCode).toBe(200);
    const twelve = tokenRequest({ role: 'office', expires: '12h' }, registry);
    expect((await units(plain, signToken(secret, twelve.claims, twelve.expiresIn))).statusCode).toBe(200);

    expect(() => tokenRequest({ role: 'office', expires: '13h' }, registry)).toThrow(
      /--expires 13h is longer than the longest lifetime the API accepts \(AUTH_MAX_TOKEN_LIFETIME=12h\)/,
    );
    expect(() => tokenRequest({ role: 'office', expires: '2h' }, registry, '1h')).toThrow(/AUTH_MAX_TOKEN_LIFETIME=1h/);
    expect(() => tokenRequest({ role: 'office', expires: '100y' }, registry)).toThrow(/not a duration/);
    expect(() => tokenRequest({ role: 'unit', unit: 'atlantis' }, registry)).toThrow(/单位名录中没有代码为 atlantis/);
    expect(() => tokenRequest({ role: 'discipline', unit: 'taiyuan' }, registry)).toThrow(/API would refuse/);
    expect(() => tokenRequest({ role: 'group-leader', group: 'G 1' }, registry)).toThrow(/API would refuse/);
    expect(() => tokenRequest({ role: 'mayor' }, registry)).toThrow(/--role is required/);
  });
});
