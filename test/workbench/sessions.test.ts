/**
 * Issue 30, item 6 "sessions that end" (with item 8's CSRF bound to the session and OIDC's redirect URI, and item 3's
 * Secure cookies), tried as an attacker would on the real app over a real Temporal dev server: the session is kept in
 * the case store, the cookie holds only a random id, and a session that has ended (idle, past its end, signed out, ended
 * by its person) is refused by every page and by every call of the API a page makes for it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../api/app';
import { signToken } from '../../lib/infra/tokens';
import { multipart, pdf, proposePatrol, walkPatrol } from '../helpers/patrol';
import type { TestSystem } from '../helpers/system';
import { people, startSystem, testCodecKeys } from '../helpers/system';
import type { Browser } from '../helpers/workbench';
import { browserOf, browserOn, csrfOf, keyOf, sessionFor, signInLocally } from '../helpers/workbench';

let sys: TestSystem;
/** A patrol in field work: the group leader may upload its files. */
let caseId: string;
const apps: FastifyInstance[] = [];

const chrome =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const firefox = 'Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0';
const edge = `${chrome} Edg/131.0.0.0`;

/** Another API on the same store and Temporal server, with its own settings. */
async function apiWith(env: Record<string, string>): Promise<FastifyInstance> {
  const app = await buildApp({
    temporalClient: sys.env.client,
    codecKeys: testCodecKeys,
    store: sys.store,
    env: { MAX_EVENT_LOOP_DELAY_MS: '0', TEMPORAL_UI_URL: 'http://localhost:8233', ...env },
  });
  apps.push(app);
  return app;
}

const browser = (app: FastifyInstance, agent = chrome, headers: Record<string, string> = {}) =>
  browserOn(app, { headers: { 'user-agent': agent, ...headers } });

const sessionId = (b: Browser) => b.cookies.workbench_session!.split('.')[0]!;
const hashOf = (id: string) => createHash('sha256').update(id).digest('base64url');
const rowOf = (b: Browser) =>
  sys.store.db
    .selectFrom('workbench_sessions')
    .selectAll()
    .where('id_hash', '=', hashOf(sessionId(b)))
    .executeTakeFirstOrThrow();
/** As if the session's last request was `minutes` ago. */
const idle = (b: Browser, minutes: number) =>
  sys.store.db
    .updateTable('workbench_sessions')
    .set({ last_seen_at: new Date(Date.now() - minutes * 60_000) })
    .where('id_hash', '=', hashOf(sessionId(b)))
    .execute();

/** The answer of a page for a session that has ended: the sign-in page, with the notice, the cookie forgotten. */
const expectEnded = (res: LightMyRequestResponse, page: string) => {
  expect([page, res.statusCode, res.headers.location]).toEqual([
    page,
    303,
    expect.stringMatching(/^\/workbench\/signin\?next=.*&why=expired$/),
  ]);
  expect(res.cookies.find((c) => c.name === 'workbench_session')?.value).toBe('');
};

const stageOf = async (id: string) =>
  (await sys.call(people.office, { method: 'GET', url: `/cases/${id}` })).json<{ stage: string }>().stage;

beforeAll(async () => {
  // Sessions may last a day here: the tokens of local sign-in (12 h) end them first.
  sys = await startSystem({ apiEnv: { SESSION_MAX_HOURS: '24' } });
  caseId = await walkPatrol(sys, 'taiyuan', 1, 'field-work');
});

afterAll(async () => {
  for (const app of apps) await app.close();
  await sys?.close();
});

test('item 6: the cookie holds a random id; the store keeps its hash and the token sealed, and ends it with the token', async () => {
  const b = browser(sys.app);
  const signedIn = await signInLocally(b, { name: '郑红', role: 'office' });
  expect(signedIn.statusCode).toBe(303);
  const cookie = signedIn.cookies.find((c) => c.name === 'workbench_session')!;
  // Item 3: on plain http to loopback, no Secure.
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/workbench' });
  expect(cookie.secure).toBeUndefined();
  const csrfCookie = (await browser(sys.app).get('/workbench/public/report')).cookies.find(
    (c) => c.name === 'workbench_csrf',
  );
  expect(csrfCookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/workbench' });
  expect(csrfCookie?.secure).toBeUndefined();
  // 24 random bytes (192 bits), signed; no token in any cookie.
  expect(sessionId(b)).toMatch(/^[A-Za-z0-9_-]{32}$/);
  for (const c of signedIn.cookies) expect(c.value).not.toContain('eyJ');
  const row = await rowOf(b);
  expect(row.person).toBe('local:office:province:郑红');
  expect(JSON.stringify(row)).not.toContain(sessionId(b));
  expect(Buffer.from(row.sealed!).toString('latin1')).not.toContain('eyJ');
  // The token of local sign-in lives 12 h (AUTH_MAX_TOKEN_LIFETIME); SESSION_MAX_HOURS is 24 here: the token decides.
  const lifetime = new Date(row.expires_at).getTime() - new Date(row.started_at).getTime();
  expect(Math.abs(lifetime - 12 * 3_600_000)).toBeLessThan(5_000);
  expect((await b.get('/workbench/')).body).toContain('郑红');
});

test('item 6: idle expiry (SESSION_IDLE_MINUTES, 30): 29 minutes without a request is fine, 31 ends the session for good', async () => {
  const b = browser(sys.app);
  await signInLocally(b, { name: '冯杰', role: 'office' });
  const cookie = b.cookies.workbench_session!;
  await idle(b, 29);
  expect((await b.get('/workbench/done')).statusCode).toBe(200);
  await idle(b, 31);
  expectEnded(await b.get('/workbench/done'), '/workbench/done');
  const ended = await sys.store.db
    .selectFrom('workbench_sessions')
    .selectAll()
    .where('id_hash', '=', hashOf(cookie.split('.')[0]!))
    .executeTakeFirstOrThrow();
  expect([ended.ended_why, ended.sealed]).toEqual(['timed-out', null]);
  // Its cookie, sent again with a fresh last use, is still refused: the session has ended, its token is erased.
  await sys.store.db
    .updateTable('workbench_sessions')
    .set({ last_seen_at: new Date() })
    .where('id_hash', '=', ended.id_hash)
    .execute();
  const again = browser(sys.app);
  again.cookies.workbench_session = cookie;
  expectEnded(await again.get('/workbench/'), '/workbench/');
});

test('item 6: the absolute lifetime: SESSION_MAX_HOURS after sign-in when the token lives longer, then refused', async () => {
  const short = await apiWith({
    AUTH_JWT_SECRET: randomBytes(32).toString('hex'),
    WORKBENCH_LOCAL_SIGNIN: 'true',
    SESSION_MAX_HOURS: '1',
  });
  const b = browser(short);
  await signInLocally(b, { name: '褚明', role: 'committee' });
  const row = await rowOf(b);
  const lifetime = new Date(row.expires_at).getTime() - new Date(row.started_at).getTime();
  expect(Math.abs(lifetime - 3_600_000)).toBeLessThan(1_000);
  expect((await b.get('/workbench/')).statusCode).toBe(200);
  // As if signed in 61 minutes ago and busy ever since.
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000);
  await sys.store.db
    .updateTable('workbench_sessions')
    .set({ started_at: at(61), expires_at: at(1), last_seen_at: at(0.5) })
    .where('id_hash', '=', row.id_hash)
    .execute();
  expectEnded(await b.get('/workbench/'), '/workbench/');
});

test('item 6: a copied cookie is refused after sign-out, by the pages and by a form (nothing changes)', async () => {
  const id = await proposePatrol(sys, 'datong', 2);
  const owner = browser(sys.app);
  await signInLocally(owner, { name: '卫东', role: 'committee' });
  const copied = owner.cookies.workbench_session!;
  const thief = browser(sys.app, edge);
  thief.cookies.workbench_session = copied;
  const page = await thief.get(`/workbench/cases/${id}`);
  expect(page.statusCode).toBe(200);
  const fields = { _csrf: csrfOf(page.body), _key: keyOf(page.body), decision: 'approve' };

  const ownPage = await owner.get('/workbench/');
  const out = await owner.post('/workbench/signout', { _csrf: csrfOf(ownPage.body) });
  expect(out.headers.location).toBe('/workbench/signin?why=signed-out');
  expect((await rowOf(thief)).ended_why).toBe('signed-out');

  expectEnded(await thief.get(`/workbench/cases/${id}`), `/workbench/cases/${id}`);
  thief.cookies.workbench_session = copied;
  const form = await thief.post(`/workbench/cases/${id}/steps/decideApproval`, fields);
  expectEnded(form, 'decideApproval');
  expect(await stageOf(id)).toBe('awaiting-approval');
});

test('item 6: a session that has ended is refused by every page of the workbench', async () => {
  const office = browserOf(sys, people.office);
  const pages = [
    '/workbench/',
    '/workbench/done',
    '/workbench/cases',
    `/workbench/cases/${caseId}`,
    `/workbench/cases/${caseId}/documents`,
    // A document, passed on from the API as the person.
    `/workbench/cases/${caseId}/documents/proposal`,
    '/workbench/statistics?year=2026',
    '/workbench/patrols/new',
    '/workbench/sessions',
  ];
  for (const page of pages) expect([page, (await office.get(page)).statusCode]).toEqual([page, 200]);
  const cookie = office.cookies.workbench_session!;

  // Another session of the same person signs out everywhere.
  const other = browserOf(sys, people.office);
  const list = await other.get('/workbench/sessions');
  expect(list.body.match(/结束此会话|结束本会话/g)?.length).toBeGreaterThanOrEqual(2);
  const out = await other.post('/workbench/signout/everywhere', { _csrf: csrfOf(list.body) });
  expect(out.headers.location).toBe('/workbench/signin?why=signed-out-everywhere');
  expect(other.cookies.workbench_session).toBe('');

  for (const page of pages) {
    office.cookies.workbench_session = cookie;
    expectEnded(await office.get(page), page);
  }
});

test('item 6: a page that began before its session ended makes no call of the API after it (an upload)', async () => {
  const leader = browserOf(sys, people.groupLeader);
  const page = await leader.get(`/workbench/cases/${caseId}`);
  const key = /id="upload"[\s\S]*?name="_key" value="([^"]+)"/.exec(page.body)![1]!;
  const seen = async () => new Date((await rowOf(leader)).last_seen_at).getTime();
  const before = await seen();

  // The upload's request arrives and passes the door; its file is still on the way.
  const body = multipart({ _csrf: csrfOf(page.body), _key: key, section: 'workPlan' }, [
    { name: '巡查工作方案.pdf', bytes: pdf },
  ]);
  const cut = body.payload.indexOf('filename=');
  const stream = new PassThrough();
  stream.write(body.payload.subarray(0, cut));
  const upload = sys.app.inject({
    method: 'POST',
    url: `/workbench/cases/${caseId}/files`,
    headers: { ...body.headers, cookie: `workbench_session=${leader.cookies.workbench_session}` },
    payload: stream,
  });
  for (let i = 0; (await seen()) === before; i++) {
    if (i > 100) throw new Error('the upload never reached the workbench');
    await new Promise((r) => setTimeout(r, 50));
  }
  // Meanwhile the person signs out in another tab.
  const tab = await leader.get('/workbench/sessions');
  expect((await leader.post('/workbench/signout', { _csrf: csrfOf(tab.body) })).statusCode).toBe(303);
  stream.end(body.payload.subarray(cut));

  expectEnded(await upload, 'upload');
  const record = await sys.call(people.office, { method: 'GET', url: `/cases/${caseId}` });
  expect(record.json<{ files?: unknown[] }>().files ?? []).toHaveLength(0);
});

test('item 6: the person’s own list of sessions: only theirs, this one marked; one ended from it, then all', async () => {
  const [first, second, someoneElse] = [browser(sys.app), browser(sys.app, firefox), browser(sys.app, edge)];
  await signInLocally(first, { name: '蒋涛', role: 'office' });
  await signInLocally(second, { name: '蒋涛', role: 'office' });
  await signInLocally(someoneElse, { name: '沈静', role: 'office' });

  const list = await first.get('/workbench/sessions');
  expect(list.statusCode).toBe(200);
  const rows = [...list.body.matchAll(/<tr[^>]*>\s*<td>[\s\S]*?<\/tr>/g)].map((m) => m[0]);
  expect(rows).toHaveLength(2);
  expect(rows.filter((r) => r.includes('（本会话）'))).toEqual([expect.stringContaining('Chrome 131 · Windows')]);
  expect(rows.some((r) => r.includes('Firefox 133 · Android'))).toBe(true);
  expect(list.body).not.toContain('Edge');
  expect(list.body).toContain('127.0.0.1');
  expect(list.body).toMatch(/\d{4}年\d+月\d+日 \d\d:\d\d/);

  // Another person's session cannot be ended from this list: its handle matches none of this person's.
  const theirs = await someoneElse.get('/workbench/sessions');
  const theirRef = /\/workbench\/sessions\/([^/"]+)\/end/.exec(theirs.body)![1]!;
  const refused = await first.post(`/workbench/sessions/${theirRef}/end`, { _csrf: csrfOf(list.body) });
  expect(refused.statusCode).toBe(404);
  expect((await someoneElse.get('/workbench/')).statusCode).toBe(200);

  // The other device's session, ended from the list.
  const secondRow = rows.find((r) => r.includes('Firefox'))!;
  const ref = /\/workbench\/sessions\/([^/"]+)\/end/.exec(secondRow)![1]!;
  const ended = await first.post(`/workbench/sessions/${ref}/end`, { _csrf: csrfOf(list.body) });
  expect(ended.headers.location).toBe('/workbench/sessions?ended=1');
  expectEnded(await second.get('/workbench/'), '/workbench/');
  expect((await first.get('/workbench/sessions?ended=1')).body).toContain('已结束该会话');

  // Sign out everywhere: this person's sessions end, the other person's does not.
  const third = browser(sys.app, firefox);
  await signInLocally(third, { name: '蒋涛', role: 'office' });
  const now = await first.get('/workbench/sessions');
  const firstCookie = first.cookies.workbench_session!;
  await first.post('/workbench/signout/everywhere', { _csrf: csrfOf(now.body) });
  expectEnded(await third.get('/workbench/'), '/workbench/');
  first.cookies.workbench_session = firstCookie;
  expectEnded(await first.get('/workbench/'), '/workbench/');
  expect((await someoneElse.get('/workbench/')).statusCode).toBe(200);
});

test('item 8: a CSRF token is good for its own session only; before sign-in its secret is in a signed cookie', async () => {
  const [a, b] = [browser(sys.app), browser(sys.app)];
  await signInLocally(a, { name: '韩雪', role: 'office' });
  await signInLocally(b, { name: '韩雪', role: 'office' });
  const tokenOfA = csrfOf((await a.get('/workbench/')).body);
  const tokenOfB = csrfOf((await b.get('/workbench/')).body);
  const crossed = await b.post('/workbench/signout', { _csrf: tokenOfA });
  expect(crossed.statusCode).toBe(403);
  expect(crossed.body).toContain('安全校验未通过');
  expect((await b.get('/workbench/')).statusCode).toBe(200);
  // The sign-in page's token (its secret in the cookie) is no token of a session either.
  const signInPage = await b.get('/workbench/signin');
  expect((await b.post('/workbench/signout', { _csrf: csrfOf(signInPage.body) })).statusCode).toBe(403);
  expect((await b.post('/workbench/signout', { _csrf: tokenOfB })).statusCode).toBe(303);

  // Before sign-in: the cookie is signed, so a secret planted in it (a sibling subdomain can set cookies) is refused.
  const visitor = browser(sys.app);
  const page = await visitor.get('/workbench/signin');
  const signed = visitor.cookies.workbench_csrf!;
  const secret = signed.slice(0, signed.lastIndexOf('.'));
  expect(secret.length).toBeGreaterThan(10);
  const planted = browser(sys.app);
  planted.cookies.workbench_csrf = secret;
  const fields = { _csrf: csrfOf(page.body), next: '/workbench/', name: '韩雪', role: 'office' };
  const refused = await planted.post('/workbench/signin', fields);
  expect(refused.statusCode).toBe(403);
  expect(refused.cookies.find((c) => c.name === 'workbench_session')).toBeUndefined();
  expect((await visitor.post('/workbench/signin', fields)).statusCode).toBe(303);
});

test('item 3: the cookies are Secure whenever PUBLIC_URL is https (behind the proxy of TRUST_PROXY)', async () => {
  const secret = randomBytes(32).toString('hex');
  const proxied = await apiWith({
    AUTH_JWT_SECRET: secret,
    WORKBENCH_LOCAL_SIGNIN: 'false',
    PUBLIC_URL: 'https://dcxc.fpb.example',
    TRUST_PROXY: '127.0.0.1',
  });
  const viaProxy = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' };
  const visitor = browser(proxied, chrome, viaProxy);
  const report = await visitor.get('/workbench/public/report');
  expect(report.cookies.find((c) => c.name === 'workbench_csrf')).toMatchObject({ secure: true, httpOnly: true });

  const office = browser(proxied, chrome, viaProxy);
  office.cookies.workbench_session = await sessionFor(
    { app: proxied, store: sys.store, token: (claims) => signToken(secret, claims) },
    people.office,
  );
  const inbox = await office.get('/workbench/');
  expect(inbox.statusCode).toBe(200);
  expect(inbox.cookies.find((c) => c.name === 'workbench_session')).toMatchObject({
    secure: true,
    httpOnly: true,
    sameSite: 'Lax',
    path: '/workbench',
  });

  // Sign-in over plain http while PUBLIC_URL is https would set a Secure cookie the browser drops: refused, said so.
  const local = await apiWith({
    AUTH_JWT_SECRET: secret,
    WORKBENCH_LOCAL_SIGNIN: 'true',
    PUBLIC_URL: 'https://localhost:8443',
  });
  const plain = browser(local);
  const refused = await signInLocally(plain, { name: '杨帆', role: 'office' });
  expect(refused.statusCode).toBe(403);
  expect(refused.body).toContain('须通过 HTTPS 地址访问');
  expect(plain.cookies.workbench_session).toBeUndefined();
});

test('item 6: every API of a deployment shares the sessions by SESSION_SECRET; on a network it must be set', async () => {
  const jwt = randomBytes(32).toString('hex');
  const shared = randomBytes(32).toString('base64url');
  const first = await apiWith({ AUTH_JWT_SECRET: jwt, WORKBENCH_LOCAL_SIGNIN: 'true', SESSION_SECRET: shared });
  const second = await apiWith({ AUTH_JWT_SECRET: jwt, HOST: '0.0.0.0', SESSION_SECRET: shared });
  const b = browser(first);
  await signInLocally(b, { name: '朱琳', role: 'committee' });
  const elsewhere = browser(second);
  elsewhere.cookies.workbench_session = b.cookies.workbench_session!;
  expect((await elsewhere.get('/workbench/')).body).toContain('朱琳');

  await expect(apiWith({ AUTH_JWT_SECRET: jwt, HOST: '0.0.0.0' })).rejects.toThrow(/SESSION_SECRET/);
});

test('item 8: with OIDC, PUBLIC_URL is required: the API refuses to start without it, naming it', async () => {
  await expect(
    apiWith({
      AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks',
      AUTH_ISSUER: 'http://127.0.0.1:9',
      AUTH_AUDIENCE: 'https://dcxc.fpb.test/api',
      OIDC_ISSUER: 'http://127.0.0.1:9',
      OIDC_CLIENT_ID: 'workbench',
    }),
  ).rejects.toThrow(/set PUBLIC_URL/);
});
