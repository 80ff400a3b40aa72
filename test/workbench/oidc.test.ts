/**
 * Issue 18, sign-in in production: the workbench signs people in through the identity provider the API trusts
 * (OpenID Connect, authorization code with PKCE), tested against a real provider (oidc-provider) in real Chromium. The
 * session (kept in the case store, issue 30) holds the provider's access token, never in the browser; the API reads its
 * role, unit and group as it reads any bearer token:
 * the committee member signs in and sees the case that waits for the committee; a unit's person sees only their unit's
 * tasks; an account the API does not accept is refused with the reason, and local sign-in does not exist.
 * Issue 33 item 7 (等保2.0 身份鉴别): the office must sign in with a second factor (AUTH_REQUIRE_MFA_ROLES=office); the
 * provider's accounts say how each person signs in (`amr`), and the access token carries it.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../lib/infra/chromium';
import type { TestSystem } from '../helpers/system';
import { startSystem } from '../helpers/system';

jest.setTimeout(120_000);

const audience = 'https://dcxc.fpb.test/api';
const accounts = {
  'wang.li': { role: 'committee', name: '王丽' },
  'zhang.wei': { role: 'unit', unit: 'taiyuan', name: '张伟' },
  'no.role': { name: '无身份' },
  'li.na': { role: 'office', name: '李娜', amr: ['pwd'] },
  'zhao.min': { role: 'office', name: '赵敏', amr: ['pwd', 'otp'] },
};

let sys: TestSystem;
let provider: ChildProcess;
let browser: Browser;
let base: string;

beforeAll(async () => {
  // The API's port is in the provider's redirect URI before the API exists: held by a listener of our own until the
  // API takes it (a port only looked up as free was once taken meanwhile by a dev server of another test file).
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const port = (holder.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  provider = spawn(
    process.execPath,
    [
      path.join(__dirname, '../helpers/oidc-provider.mjs'),
      `${base}/workbench/signin/callback`,
      audience,
      JSON.stringify(accounts),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const issuer = await new Promise<string>((resolve, reject) => {
    provider.once('exit', (code) => reject(new Error(`the provider exited (${code})`)));
    provider.stdout!.on('data', (chunk: Buffer) => {
      const m = /issuer (\S+)/.exec(chunk.toString());
      if (m) resolve(m[1]!);
    });
  });
  sys = await startSystem({
    apiEnv: {
      AUTH_JWKS_URL: `${issuer}/jwks`,
      AUTH_ISSUER: issuer,
      AUTH_AUDIENCE: audience,
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: 'workbench',
      OIDC_SCOPE: 'openid profile api',
      PUBLIC_URL: base,
      AUTH_REQUIRE_MFA_ROLES: 'office',
    },
  });
  await new Promise<void>((resolve) => holder.close(() => resolve()));
  await sys.app.listen({ host: '127.0.0.1', port });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await sys?.close();
  provider?.kill('SIGTERM');
});

/** Sign in through the provider's login page as `login`; answers the page the workbench ends on. */
async function signIn(login: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${base}/workbench/`);
  expect(page.url()).toContain('/workbench/signin');
  expect(await page.locator('#signin-role').count()).toBe(0); // no local sign-in where the API trusts a provider
  return atProvider(page, login);
}

/** From a sign-in page of the workbench, through the provider's login page as `login`, back to the workbench. */
async function atProvider(page: Page, login: string): Promise<Page> {
  await page.getByRole('link', { name: '使用统一身份认证登录' }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any');
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.href.startsWith(base));
  await page.waitForLoadState('load');
  return page;
}

test('Art. 12: the committee member signs in through the provider and finds the approval waiting (PKCE, JWT access token)', async () => {
  // The API takes only the provider's tokens here: the leading group's proposal is started by the case service.
  const { caseId: id } = await sys.app.cases.startCase({
    kind: 'patrol',
    year: 2026,
    serial: 1,
    unit: sys.app.unitOf('taiyuan'),
    summary: '巡查 太原市：群众举报',
    input: {
      targetUnit: sys.app.unitOf('taiyuan'),
      grounds: { sources: ['public-report'], summary: '群众举报' },
      proposedBy: { id: 'lg-1', role: 'leading-group', name: '赵强' },
    },
  });
  const page = await signIn('wang.li');
  expect(page.url()).toBe(`${base}/workbench/`);
  expect(await page.locator('header .who').innerText()).toContain('王丽（省委、省政府）');
  expect(await page.locator(`a[href*="/cases/${id}"]`).count()).toBeGreaterThan(0);
  const cookies = await page.context().cookies(`${base}/workbench/`);
  const session = cookies.find((c) => c.name === 'workbench_session')!;
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/workbench' });
  // The cookie holds the session's id; the store, whose session it is (the token's sub) and the token, sealed.
  expect(session.value).not.toContain('eyJ');
  const idHash = createHash('sha256').update(decodeURIComponent(session.value).split('.')[0]!).digest('base64url');
  const row = await sys.store.db
    .selectFrom('workbench_sessions')
    .selectAll()
    .where('id_hash', '=', idHash)
    .executeTakeFirstOrThrow();
  expect(row.person).toBe('wang.li');
  expect(row.ended_at).toBeNull();
  // Signing out ends the session.
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL(/signin\?why=signed-out/);
  await page.goto(`${base}/workbench/`);
  expect(page.url()).toContain('/workbench/signin');
  const ended = await sys.store.db
    .selectFrom('workbench_sessions')
    .select(['ended_why', 'sealed'])
    .where('id_hash', '=', idHash)
    .executeTakeFirstOrThrow();
  expect(ended).toEqual({ ended_why: 'signed-out', sealed: null });
});

test('issue 30 item 8: the redirect URI is PUBLIC_URL’s, whatever Host the request names', async () => {
  const res = await sys.app.inject({
    method: 'GET',
    url: '/workbench/signin/oidc',
    headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example' },
  });
  expect(res.statusCode).toBe(303);
  const to = new URL(res.headers.location as string);
  expect(to.searchParams.get('redirect_uri')).toBe(`${base}/workbench/signin/callback`);
  // What the callback needs waits in a signed cookie on its path.
  const kept = res.cookies.find((c) => c.name === 'workbench_oidc')!;
  expect(kept).toMatchObject({ httpOnly: true, path: '/workbench/signin/callback' });
  expect(kept.value).toMatch(/\.[A-Za-z0-9+/]+$/);
});

test('a unit’s person signs in as their unit; an account without a role is refused with the reason', async () => {
  const unit = await signIn('zhang.wei');
  expect(await unit.locator('header .who').innerText()).toContain('张伟（被督查/被巡查单位·太原市）');

  const nobody = await signIn('no.role');
  expect(nobody.url()).toContain('/workbench/signin/callback');
  expect(await nobody.locator('p.refusal').innerText()).toContain('统一身份认证的令牌不被本系统接受');
  expect(
    (await nobody.context().cookies(`${base}/workbench/`)).find((c) => c.name === 'workbench_session'),
  ).toBeUndefined();
});

test('issue 33 item 7 (等保2.0 身份鉴别): the office signed in without a second factor is refused with the reason; signing in again with one, the office is in', async () => {
  const page = await signIn('li.na');
  expect(page.url()).toContain('/workbench/signin/callback');
  expect(await page.locator('p.refusal').innerText()).toContain(
    '领导小组办公室须经双因素认证登录（令牌未表明使用了第二因素）。请重新登录，并在统一身份认证中使用第二因素',
  );
  const sessionCookie = async () =>
    (await page.context().cookies(`${base}/workbench/`)).find((c) => c.name === 'workbench_session');
  expect(await sessionCookie()).toBeUndefined();
  // Not a loop: signing in again asks the provider for a new login (prompt=login), not for its session of a moment ago.
  const again = await atProvider(page, 'zhao.min');
  expect(again.url()).toBe(`${base}/workbench/`);
  expect(await again.locator('header .who').innerText()).toContain('赵敏（领导小组办公室）');
  expect(await sessionCookie()).toBeDefined();
});
