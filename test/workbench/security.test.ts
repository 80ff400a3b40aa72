/**
 * Issue 18, need to know and sessions in the workbench, tried as an attacker would: no cookie, a forged cookie, a form
 * without its CSRF token, another unit's case, a redirect elsewhere, a form sent twice. Every page is an answer of the
 * API for the cookie's person, so these hold for the pages as they hold for the API.
 */
import { signToken } from '../../lib/infra/tokens';
import { proposePatrol, walkPatrol } from '../helpers/patrol';
import type { TestSystem } from '../helpers/system';
import { people, startSystem } from '../helpers/system';
import { browserOf as browser, cookieHeader, cookiesOf, csrfOf, form } from '../helpers/workbench';

const browserOf = (who: Parameters<TestSystem['token']>[0]) => browser(sys, who);

let sys: TestSystem;

beforeAll(async () => {
  sys = await startSystem();
});

afterAll(async () => {
  await sys?.close();
});

test('no cookie, or a token the API does not trust: the sign-in page, and the forged cookie is cleared', async () => {
  const none = await sys.app.inject({ method: 'GET', url: '/workbench/cases/patrol-2026-taiyuan-0001' });
  expect(none.statusCode).toBe(303);
  expect(none.headers.location).toBe('/workbench/signin?next=%2Fworkbench%2Fcases%2Fpatrol-2026-taiyuan-0001');
  const forged = signToken('x'.repeat(40), { sub: 'intruder', role: 'office' });
  const res = await sys.app.inject({
    method: 'GET',
    url: '/workbench/',
    headers: { cookie: `workbench_session=${forged}` },
  });
  expect(res.statusCode).toBe(303);
  expect(res.headers.location).toContain('why=expired');
  expect(res.cookies.find((c) => c.name === 'workbench_session')?.value).toBe('');
});

test('need to know: another unit’s case looks exactly like one that does not exist', async () => {
  const id = await walkPatrol(sys, 'taiyuan', 1, 'field-work');
  const datong = browserOf(people.datong);
  const hidden = await datong.get(`/workbench/cases/${id}`);
  const missing = await datong.get('/workbench/cases/patrol-2026-taiyuan-0999');
  const strip = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, '');
  expect(hidden.statusCode).toBe(404);
  expect(strip(hidden.body)).toBe(strip(missing.body).replace('patrol-2026-taiyuan-0999', id));
  expect(hidden.body).not.toContain('群众举报');
  // The unit of the case sees its case, without the grounds of the proposal; no Temporal UI link for it.
  const taiyuan = browserOf(people.taiyuan);
  const own = await taiyuan.get(`/workbench/cases/${id}`);
  expect(own.statusCode).toBe(200);
  expect(own.body).not.toContain('提请依据');
  expect(own.body).not.toContain(':8233');
  const office = browserOf(people.office);
  expect((await office.get(`/workbench/cases/${id}`)).body).toContain(
    `localhost:8233/namespaces/default/workflows/${id}`,
  );
});

test('a form without its CSRF token, or with another page’s, is refused and changes nothing', async () => {
  const id = await proposePatrol(sys, 'datong', 2);
  const committee = browserOf(people.committee);
  const page = await committee.get(`/workbench/cases/${id}`);
  expect(page.statusCode).toBe(200);
  const key = /name="_key" value="([^"]+)"/.exec(page.body)![1]!;
  const without = await committee.post(`/workbench/cases/${id}/steps/decideApproval`, {
    _key: key,
    decision: 'approve',
  });
  expect(without.statusCode).toBe(403);
  expect(without.headers['content-type']).toContain('text/html');
  expect(without.body).toContain('安全校验未通过');
  const wrong = await committee.post(`/workbench/cases/${id}/steps/decideApproval`, {
    _csrf: 'not-the-token',
    _key: key,
    decision: 'approve',
  });
  expect(wrong.statusCode).toBe(403);
  const after = await sys.call(people.office, { method: 'GET', url: `/cases/${id}` });
  expect(after.json<{ stage: string }>().stage).toBe('awaiting-approval');
});

test('a form sent twice takes effect once; a refused form says why next to the field, in Chinese', async () => {
  const id = await proposePatrol(sys, 'datong', 3);
  const committee = browserOf(people.committee);
  const page = await committee.get(`/workbench/cases/${id}`);
  const fields = {
    _csrf: csrfOf(page.body),
    _key: /name="_key" value="([^"]+)"/.exec(page.body)![1]!,
    decision: 'approve',
  };
  const first = await committee.post(`/workbench/cases/${id}/steps/decideApproval`, fields);
  const again = await committee.post(`/workbench/cases/${id}/steps/decideApproval`, fields);
  expect([first.statusCode, again.statusCode]).toEqual([303, 303]);
  const record = (await sys.call(people.office, { method: 'GET', url: `/cases/${id}` })).json<{
    events: Array<{ action: string }>;
  }>();
  expect(record.events.filter((e) => e.action === 'committee-approved')).toHaveLength(1);

  // Art. 13: a group whose leader is not of department rank is refused by the case; the page says so and keeps
  // what was typed.
  const office = browserOf(people.office);
  const groupPage = await office.get(`/workbench/cases/${id}`);
  const refused = await office.post(`/workbench/cases/${id}/steps/formGroup`, {
    _csrf: csrfOf(groupPage.body),
    _key: 'wb-test-key-0001',
    'group.id': 'g-2026-77',
    'group.leader.name': '钱进',
    'group.leader.rank': 'division',
    'group.leader.unit': 'dept-finance',
  });
  // Sent back to the page (303), so that a reload does not send it again.
  expect([refused.statusCode, refused.headers.location]).toEqual([303, `/workbench/cases/${id}#step-group`]);
  const shown = await office.get(refused.headers.location as string);
  expect(shown.body).toMatch(/<p class="refusal" role="alert">[^<]*厅级/);
  expect(shown.body).toContain('value="钱进"');
});

test('sign-in sends a person only to a page of the workbench; a unit must name its unit', async () => {
  const page = await sys.app.inject({ method: 'GET', url: '/workbench/signin' });
  const csrfCookie = cookiesOf(page);
  const res = await sys.app.inject({
    method: 'POST',
    url: '/workbench/signin',
    headers: { cookie: cookieHeader(csrfCookie), 'content-type': 'application/x-www-form-urlencoded' },
    payload: form({ _csrf: csrfOf(page.body), next: 'https://evil.example/', name: '王丽', role: 'committee' }),
  });
  expect(res.statusCode).toBe(303);
  expect(res.headers.location).toBe('/workbench/');
  const session = res.cookies.find((c) => c.name === 'workbench_session')!;
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/workbench' });

  const unitWithoutUnit = await sys.app.inject({
    method: 'POST',
    url: '/workbench/signin',
    headers: { cookie: cookieHeader(csrfCookie), 'content-type': 'application/x-www-form-urlencoded' },
    payload: form({ _csrf: csrfOf(page.body), name: '张伟', role: 'unit' }),
  });
  expect(unitWithoutUnit.statusCode).toBe(422);
  expect(unitWithoutUnit.body).toContain('此身份须选择所在单位');
});
