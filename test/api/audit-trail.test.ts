/**
 * Issue 33 items 1 and 3 (等保2.0 安全审计): the real API, over HTTP-shaped requests on a real Temporal dev server, writes
 * one entry for every read of a record, of a reporter's identity, of a file, of an export and of a codec decode; for
 * every step taken or refused and every refused token; the workbench's pages write theirs under the page's request,
 * and its sign-in, refused sign-in and sign-out are entries too. The auditor reads the trail and nothing else, the
 * trail names no reporter, and an answer whose entry cannot be written is not given (503).
 */
import { sql } from 'kysely';
import type { AuditEntry } from '../../lib/audit/chain';
import { verifyTrail } from '../../lib/audit/verify';
import { multipart, pdf } from '../helpers/patrol';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';
import { browserOn, csrfOf, signInLocally } from '../helpers/workbench';

const reporterName = '举报人赵秀兰';
const reporterPhone = '13812345670';
const auditor = { sub: 'auditor-1', role: 'auditor', name: '审计员 周敏' } as const;

type Shown = Omit<AuditEntry, 'prevHash'>;

describe('Issue 33: the audit trail of the API and the workbench (real Temporal, real store)', () => {
  let sys: TestSystem;
  let reportId = '';
  let fileUrl = '';

  /** The entries of the trail for a filter, as the auditor reads them. */
  const trail = async (query: string): Promise<Shown[]> => {
    const res = await sys.call(auditor, { method: 'GET', url: `/audit?limit=500&${query}` });
    expect(res.statusCode).toBe(200);
    return res.json<{ entries: Shown[] }>().entries;
  };

  beforeAll(async () => {
    sys = await startSystem();
    const form = multipart(
      { targetUnit: 'taiyuan', what: '某村扶贫资金被挪用', name: reporterName, contact: reporterPhone },
      [{ name: '照片.pdf', type: 'application/pdf', bytes: pdf }],
    );
    expect((await sys.call(undefined, { method: 'POST', url: '/public-reports', ...form })).statusCode).toBe(201);
    reportId = await eventually(async () => {
      const list = await sys.call(people.office, { method: 'GET', url: '/public-reports' });
      return list.json<Array<{ reportId: string }>>()[0]?.reportId;
    });
    fileUrl = await eventually(async () => {
      const r = await sys.call(people.office, { method: 'GET', url: `/public-reports/${reportId}` });
      return r.json<{ files?: Array<{ url: string }> }>().files?.[0]?.url;
    });
  });
  afterAll(async () => sys?.close());

  test('item 1: reads of a record, an identity, a file, an export and a codec decode each write their entry', async () => {
    const office = await sys.call(people.office, {
      method: 'GET',
      url: `/public-reports/${reportId}`,
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(office.json<{ reporter?: object }>().reporter).toEqual({ name: reporterName, contact: reporterPhone });
    const lg = await sys.call(people.leadingGroup, { method: 'GET', url: `/public-reports/${reportId}` });
    expect(lg.statusCode).toBe(200);
    expect((await sys.call(people.office, { method: 'GET', url: fileUrl })).statusCode).toBe(200);
    const csv = await sys.call(people.committee, { method: 'GET', url: '/statistics/units.csv?year=2026' });
    expect(csv.statusCode).toBe(200);
    const decode = await sys.call(people.office, {
      method: 'POST',
      url: '/codec/decode',
      payload: { payloads: [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: 'e30=' }] },
    });
    expect(decode.statusCode).toBe(200);
    const codecSession = await sys.app.inject({
      method: 'POST',
      url: '/codec/session',
      payload: { token: sys.token(people.office) },
    });
    expect(codecSession.statusCode).toBe(200);

    const entries = await trail(`case=${reportId}`);
    const identity = entries.find((e) => e.access === 'identity');
    expect(identity).toMatchObject({
      person: people.office.sub,
      role: 'office',
      resource: reportId,
      section: '/public-reports/:ref',
      outcome: 'allowed',
      status: 200,
    });
    expect(identity!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    // The leading group's read of the same report is a read, not of the identity (it does not see it).
    expect(entries.filter((e) => e.person === people.leadingGroup.sub).map((e) => e.access)).toContain('read');
    expect(entries.filter((e) => e.person === people.leadingGroup.sub).map((e) => e.access)).not.toContain('identity');
    const documentId = fileUrl.split('/').pop()!;
    expect(await trail(`case=${documentId}&access=file`)).toEqual([
      expect.objectContaining({ person: people.office.sub, section: '/documents/:documentId', outcome: 'allowed' }),
    ]);
    expect(await trail(`person=${people.committee.sub}&access=export`)).toEqual([
      expect.objectContaining({ role: 'committee', section: '/statistics/units.csv', status: 200 }),
    ]);
    expect(await trail(`person=${people.office.sub}&access=codec-decode`)).toHaveLength(1);
    expect(await trail(`person=${people.office.sub}&access=codec-session`)).toEqual([
      expect.objectContaining({ section: '/codec/session', outcome: 'allowed' }),
    ]);
  });

  test('item 1: a step taken, a step refused and a refused token are entries; no entry names the reporter', async () => {
    const refused = await sys.call(people.taiyuan, {
      method: 'POST',
      url: `/public-reports/${reportId}/registration`,
      payload: {},
    });
    expect(refused.statusCode).toBe(403);
    const forged = await sys.app.inject({
      method: 'GET',
      url: `/public-reports/${reportId}`,
      headers: { authorization: 'Bearer not-a-token' },
    });
    expect(forged.statusCode).toBe(401);

    const taken = await sys.call(people.office, {
      method: 'POST',
      url: `/public-reports/${reportId}/registration`,
      payload: { summary: '反映扶贫资金被挪用' },
    });
    expect(taken.statusCode).toBe(200);

    const steps = await trail(`case=${reportId}&access=step`);
    expect(steps).toEqual([
      expect.objectContaining({
        person: people.office.sub,
        section: '/public-reports/:reportId/registration',
        outcome: 'allowed',
        status: 200,
      }),
      expect.objectContaining({
        person: people.taiyuan.sub,
        unit: 'taiyuan',
        section: '/public-reports/:reportId/registration',
        outcome: 'refused',
        status: 403,
      }),
    ]);
    expect(await trail(`case=${reportId}&person=-`)).toEqual([
      expect.objectContaining({ role: '-', access: 'read', outcome: 'refused', status: 401 }),
    ]);

    const csv = await sys.call(auditor, { method: 'GET', url: '/audit.csv' });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body).toContain('时间,人员,角色,单位,组,访问类型');
    expect(csv.body).toContain('查阅举报人或异议人身份');
    expect(csv.body).not.toContain(reporterName);
    expect(csv.body).not.toContain(reporterPhone);
    expect(await verifyTrail(sys.store)).toMatchObject({ broken: [] });
  });

  test('item 3: the auditor reads the trail and nothing else; nobody else reads the trail', async () => {
    for (const url of ['/cases', `/public-reports/${reportId}`, fileUrl, '/statistics', '/my/tasks']) {
      const res = await sys.call(auditor, { method: 'GET', url });
      expect([url, res.statusCode, res.json<{ message: string }>().message]).toEqual([
        url,
        403,
        '审计员只能查阅审计日志',
      ]);
    }
    for (const who of [people.office, people.leadingGroup, people.committee, people.taiyuan]) {
      expect((await sys.call(who, { method: 'GET', url: '/audit' })).statusCode).toBe(403);
      expect((await sys.call(who, { method: 'GET', url: '/audit.csv' })).statusCode).toBe(403);
    }
    // Nobody has a way to change the trail through the API.
    for (const method of ['DELETE', 'PUT', 'PATCH'] as const) {
      expect((await sys.call(people.office, { method, url: '/audit' })).statusCode).toBe(404);
    }
    // The auditor's own reading is an entry of the trail.
    expect((await trail(`person=${auditor.sub}&access=audit`)).length).toBeGreaterThan(0);
  });

  test('item 1: the workbench’s sign-in, refused sign-in, pages and sign-out are entries, each under its request', async () => {
    const browser = browserOn(sys.app, { headers: { 'x-forwarded-for': '198.51.100.7' } });
    const page = await browser.get('/workbench/signin');
    const refused = await browser.post('/workbench/signin', { _csrf: csrfOf(page.body), next: '/workbench/' });
    expect(refused.statusCode).toBe(422);
    const signedIn = await signInLocally(browser, { name: '办公室 钱进', role: 'office' });
    expect(signedIn.statusCode).toBe(303);
    const casePage = await browser.get(`/workbench/cases/${reportId}`);
    expect(casePage.statusCode).toBe(200);
    const home = await browser.get('/workbench/');
    await browser.post('/workbench/signout', { _csrf: csrfOf(home.body) });

    const signIns = await trail('access=sign-in');
    expect(signIns.map((e) => [e.outcome, e.role])).toEqual(
      expect.arrayContaining([
        ['refused', '-'],
        ['allowed', 'office'],
      ]),
    );
    const person = signIns.find((e) => e.outcome === 'allowed')!.person;
    const reads = await trail(`person=${encodeURIComponent(person)}&case=${reportId}`);
    expect(reads.map((e) => e.access)).toContain('identity');
    // The page's calls to the API are recorded under the page's own request id.
    expect(new Set(reads.map((e) => e.requestId)).size).toBe(1);
    expect(await trail(`person=${encodeURIComponent(person)}&access=sign-out`)).toHaveLength(1);
  });

  test('item 3: the auditor’s workbench page 审计日志, in Chinese, filtered, with its CSV; nobody else has it', async () => {
    const browser = browserOn(sys.app);
    await signInLocally(browser, { name: '审计员 吴静', role: 'auditor' });
    const home = await browser.get('/workbench/');
    expect([home.statusCode, home.headers.location]).toEqual([303, '/workbench/audit']);
    const page = await browser.get(`/workbench/audit?access=identity&case=${reportId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>审计日志');
    expect(page.body).toContain('查阅举报人或异议人身份');
    expect(page.body).toContain(people.office.sub);
    expect(page.body).not.toContain('查阅案卷或列表</td>');
    expect(page.body).not.toContain(reporterName);
    // The navigation offers the auditor nothing but the trail.
    expect(page.body).not.toContain('我的待办');
    const csv = await browser.get(`/workbench/audit.csv?access=identity&case=${reportId}`);
    expect([csv.statusCode, csv.headers['content-type']]).toEqual([200, 'text/csv; charset=utf-8']);
    expect(csv.body.split('\n').filter((l) => l.includes('查阅举报人或异议人身份')).length).toBeGreaterThan(0);
    expect(csv.body).not.toContain('查阅案卷或列表');

    const office = browserOn(sys.app);
    await signInLocally(office, { name: '办公室 钱进', role: 'office' });
    expect((await office.get('/workbench/audit')).statusCode).toBe(403);
    expect((await office.get('/workbench/audit.csv')).statusCode).toBe(403);
  });

  test('item 1: a read whose entry the store does not take is withheld (503, nothing of the record); a step is answered and its entry written later', async () => {
    // The store refuses new entries (a constraint no entry meets), as a full disk or a broken grant would.
    await sql`alter table audit.entries add constraint refuse_all check (false) not valid`.execute(sys.store.db);
    try {
      const res = await sys.call(people.office, { method: 'GET', url: `/public-reports/${reportId}` });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: 'AuditUnavailable' });
      expect(res.body).not.toContain(reporterName);
      const file = await sys.call(people.office, { method: 'GET', url: fileUrl });
      expect([file.statusCode, file.headers['content-disposition'], file.rawPayload.includes(pdf)]).toEqual([
        503,
        undefined,
        false,
      ]);
      // A step is answered all the same (it happened, or was refused and changed nothing); its entry waits.
      const step = await sys.call(people.taiyuan, {
        method: 'POST',
        url: `/public-reports/${reportId}/decision`,
        payload: {},
      });
      expect(step.statusCode).toBe(403);
    } finally {
      await sql`alter table audit.entries drop constraint refuse_all`.execute(sys.store.db);
    }
    // Once the store takes entries again, the step's entry is written, with the time it happened.
    const waited = await eventually(async () => {
      const found = await trail(`case=${reportId}&access=step&person=${people.taiyuan.sub}`);
      return found.find((e) => e.section === '/public-reports/:reportId/decision');
    }, 20_000);
    expect(waited).toMatchObject({ outcome: 'refused', status: 403 });
    // Written again, the chain goes on unbroken in a new segment.
    expect((await sys.call(people.office, { method: 'GET', url: `/public-reports/${reportId}` })).statusCode).toBe(200);
    expect(await verifyTrail(sys.store)).toMatchObject({ broken: [] });
  });
});
