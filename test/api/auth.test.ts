import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSigner } from 'fast-jwt';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
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

  beforeAll(async () => {
    env = await startDevServer();
    hs = await startSystem({ env });
    // A real JWKS endpoint, as an identity provider serves it.
    jwksServer = createServer((req, res) => {
      if (req.url !== '/oidc/jwks.json') return res.writeHead(404).end();
      jwksHits++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'key-1', alg: 'RS256', use: 'sig' }] }),
      );
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = jwksServer.address() as AddressInfo;
    jwksSys = await startSystem({
      env,
      apiEnv: {
        AUTH_JWKS_URL: `http://127.0.0.1:${port}/oidc/jwks.json`,
        AUTH_ISSUER: issuer,
        AUTH_AUDIENCE: audience,
      },
    });
  });
  afterAll(async () => {
    await hs?.close();
    await jwksSys?.close();
    jwksServer?.close();
    await env?.teardown();
  });

  const rs256 = (claims: object, opts: { key?: string; iss?: string; aud?: string } = {}) =>
    createSigner({
      key: opts.key ?? privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      algorithm: 'RS256',
      kid: 'key-1',
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
});
