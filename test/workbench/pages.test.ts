/**
 * Issue 18, the workbench's other pages through real HTTP on a real Temporal server: 我的已办 (only the person's own
 * acts), the case's official documents (each to whoever may read it), the statistics with their charts' data, and the
 * public pages without sign-in (Art. 5: a public report and its receipt; Art. 16 (3): the published rectification).
 */
import { walkPatrol } from '../helpers/patrol';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';
import { browserOf, csrfOf } from '../helpers/workbench';

let sys: TestSystem;
let caseId: string;

beforeAll(async () => {
  sys = await startSystem();
  caseId = await walkPatrol(sys, 'taiyuan', 1, 'instructed');
});

afterAll(async () => {
  await sys?.close();
});

test('我的已办: the committee sees its two decisions on the patrol, newest first; the office none of them', async () => {
  const committee = browserOf(sys, people.committee);
  const page = await eventually(async () => {
    const res = await committee.get('/workbench/done');
    return (res.body.match(/class="task"/g) ?? []).length >= 2 ? res : undefined;
  });
  expect(page.statusCode).toBe(200);
  const items = [...page.body.matchAll(/<li class="task">[\s\S]*?<\/li>/g)].map((m) => m[0]);
  expect(items).toHaveLength(2);
  expect(items[0]).toContain('同意巡查情况和处理意见');
  expect(items[1]).toContain('批准');
  expect(items[0]).toContain(`/workbench/cases/${caseId}`);
  const office = await browserOf(sys, people.office).get('/workbench/done');
  expect(office.body).not.toContain('批准对太原市开展巡查');
});

test('Art. 16: the request for instructions (请示) is a document the committee reads and downloads; the unit gets nothing', async () => {
  const committee = browserOf(sys, people.committee);
  const list = await committee.get(`/workbench/cases/${caseId}/documents`);
  expect(list.statusCode).toBe(200);
  expect(list.body).toContain('请示');
  const docx = await committee.get(`/workbench/cases/${caseId}/documents/request-1`);
  expect(docx.statusCode).toBe(200);
  expect(docx.headers['content-type']).toContain('officedocument');
  expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  const asPage = await committee.get(`/workbench/cases/${caseId}/documents/request-1?format=html`);
  expect(asPage.headers['content-type']).toContain('text/html');
  const unit = await browserOf(sys, people.taiyuan).get(`/workbench/cases/${caseId}/documents/request-1`);
  expect(unit.statusCode).toBe(404);
  expect(unit.body).toContain('没有找到这份文件');
});

test('Art. 11, 16 (3): the statistics page carries its charts’ data as JSON and the same figures as tables', async () => {
  const page = await browserOf(sys, people.office).get('/workbench/statistics?year=2026');
  expect(page.statusCode).toBe(200);
  const data = JSON.parse(
    /<script type="application\/json" id="chart-data">([^<]*)<\/script>/.exec(page.body)![1]!,
  ) as Record<string, { labels: string[]; values: number[] }>;
  expect(Object.keys(data).sort()).toEqual(['byCity', 'byKeyItem', 'onTime', 'overdue']);
  expect(page.body).toContain('<caption>发现的问题（按类别）（数据表）</caption>');
  expect(page.body).toContain('src="/workbench/assets/echarts.min.js"');
  const script = await browserOf(sys).get('/workbench/assets/echarts.min.js');
  expect(script.statusCode).toBe(200);
  expect(script.body.length).toBeGreaterThan(500_000);
});

test('Art. 5: anyone files a public report without signing in, is shown the receipt once, and looks it up by a POST', async () => {
  const visitor = browserOf(sys);
  const formPage = await visitor.get('/workbench/public/report');
  expect(formPage.statusCode).toBe(200);
  expect(formPage.body).toContain('反映的问题');
  expect(formPage.body).not.toContain('退出登录');
  const filed = await visitor.post('/workbench/public/report', {
    _csrf: csrfOf(formPage.body),
    targetUnit: 'datong',
    what: '某村危房改造补助资金被截留',
    name: '举报人甲',
  });
  expect(filed.statusCode).toBe(201);
  const receipt = /<p class="receipt mono">([^<]+)<\/p>/.exec(filed.body)![1]!;
  expect(filed.headers.location).toBeUndefined();
  const lookupPage = await visitor.get('/workbench/public/receipt');
  const found = await eventually(async () => {
    const res = await visitor.post('/workbench/public/receipt', { _csrf: csrfOf(lookupPage.body), receipt });
    return res.statusCode === 200 ? res : undefined;
  });
  expect(found.body).toContain('当前状态');
  expect(found.body).not.toContain('举报人甲');
  const wrong = await visitor.post('/workbench/public/receipt', {
    _csrf: csrfOf(lookupPage.body),
    receipt: 'XXXX-0000',
  });
  expect(wrong.statusCode).toBe(404);
  expect(wrong.body).toContain('没有找到这个受理编号');
  // An empty account is refused next to its field, and what was typed stays.
  const refused = await visitor.post('/workbench/public/report', {
    _csrf: csrfOf(formPage.body),
    what: '',
    where: '某村',
  });
  expect(refused.statusCode).toBe(400);
  expect(refused.body).toContain('value="某村"');
  const bulletin = await visitor.get('/workbench/public/');
  expect(bulletin.statusCode).toBe(200);
  expect(bulletin.body).toContain('整改情况公开');
});

test('签收、转派: a person of the unit signs for the rectification and names its handler, hands it on; the inbox and the case show who holds it; another unit cannot', async () => {
  const id = await walkPatrol(sys, 'taiyuan', 2, 'feedback');
  const record = (await sys.call(people.taiyuan, { method: 'GET', url: `/cases/${id}` })).json<{
    deadlines: Array<{ key: string; party: { role: string } }>;
  }>();
  const key = record.deadlines.find((d) => d.party.role === 'unit')!.key;
  const assign = (who: typeof people.taiyuan, handler: string) =>
    sys.call(who, { method: 'POST', url: `/patrols/${id}/deadlines/${key}/assignment`, payload: { handler } });
  expect((await assign(people.taiyuan, '李娜')).statusCode).toBe(200);
  expect((await assign(people.taiyuan, '李娜')).statusCode).toBe(409);
  expect((await assign(people.datong, '刘洋')).statusCode).toBe(404);
  const after = await assign(people.taiyuan, '王强');
  expect(after.statusCode).toBe(200);
  const events = after.json<{ events: Array<{ action: string; summary: string }> }>().events;
  expect(events.filter((e) => e.action === 'signed-for').map((e) => e.summary)).toEqual([
    expect.stringContaining('签收') as string,
  ]);
  expect(events.find((e) => e.action === 'reassigned')!.summary).toContain('转派给王强承办（原承办人：李娜）');

  const unit = browserOf(sys, people.taiyuan);
  const inbox = await eventually(async () => {
    const res = await unit.get('/workbench/');
    return res.body.includes('承办人：王强') ? res : undefined;
  });
  expect(inbox.statusCode).toBe(200);
  const page = await unit.get(`/workbench/cases/${id}`);
  expect(page.body).toContain('转派：');
  expect(page.body).toContain('承办人：王强');
  // The overseers see who holds it too.
  expect((await browserOf(sys, people.office).get(`/workbench/cases/${id}`)).body).toContain('承办人：王强');
});
