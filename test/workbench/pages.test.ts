/**
 * Issue 18, the workbench's other pages through real HTTP on a real Temporal server: 我的已办 (only the person's own
 * acts), the case's official documents (each to whoever may read it), the statistics with their charts' data, the
 * public pages without sign-in (Art. 5: a public report and its receipt; Art. 16 (3): the published rectification),
 * internal comments (each seen by its audience only) and the group's files uploaded from the page (Art. 15).
 */
import type { CaseClaims } from '../../lib/infra/tokens';
import { group, pdf, walkPatrol } from '../helpers/patrol';
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

test('内部意见: each comment is seen by its audience only, never by the unit (issue 34); nobody writes to an audience they are not in; the text stays in the store', async () => {
  const id = caseId;
  const comments = async (who: CaseClaims) =>
    (await sys.call(who, { method: 'GET', url: `/cases/${id}/comments` })).json<{
      comments: Array<{ text: string; audience: string }>;
    }>().comments;
  const write = (who: CaseClaims, text: string, audience: string, key?: string) =>
    sys.call(who, {
      method: 'POST',
      url: `/cases/${id}/comments`,
      payload: { text, audience },
      ...(key ? { headers: { 'idempotency-key': key } } : {}),
    });

  // The office, from the case page: to the overseers only.
  const office = browserOf(sys, people.office);
  const page = await office.get(`/workbench/cases/${id}`);
  expect(page.body).toContain('内部意见');
  const sent = await office.post(`/workbench/cases/${id}/comments`, {
    _csrf: csrfOf(page.body),
    _key: /id="comments"[\s\S]*?name="_key" value="([^"]+)"/.exec(page.body)![1]!,
    text: '请组长核实第3项问题的数据来源。仅限省里掌握。',
    audience: 'overseers',
  });
  expect([sent.statusCode, sent.headers.location]).toEqual([303, `/workbench/cases/${id}?done=addComment#comments`]);

  // The group's leader to the group (through the API), once for a retried request.
  expect(
    (await write(people.groupLeader, '请于本周内补充提供扶贫资金台账。', 'group', 'gl-comment-1')).statusCode,
  ).toBe(200);
  expect(
    (await write(people.groupLeader, '请于本周内补充提供扶贫资金台账。', 'group', 'gl-comment-1')).statusCode,
  ).toBe(200);
  // Nobody writes to an audience they are not in, nor an empty text, nor on a case they may not see.
  expect((await write(people.groupLeader, '给省里的意见', 'overseers')).statusCode).toBe(403);
  expect((await write(people.discipline, '纪委的意见', 'group')).statusCode).toBe(403);
  expect((await write(people.office, '   ', 'group')).statusCode).toBe(422);
  // Issue 34: an internal comment is never the unit's: nobody addresses it (422), and the unit writes none (403).
  for (const who of [people.office, people.groupLeader]) {
    const res = await write(who, '给被巡查单位的意见', 'unit');
    expect([res.statusCode, res.json<{ message: string }>().message]).toEqual([
      422,
      '内部意见不向被督查（巡查）单位公开，请选择其他范围',
    ]);
  }
  expect((await write(people.taiyuan, '单位的意见', 'unit')).statusCode).toBe(403);
  expect((await write(people.datong, '别的市的意见', 'unit')).statusCode).toBe(403);

  expect((await comments(people.leadingGroup)).map((c) => c.audience)).toEqual(['overseers', 'group']);
  expect((await comments(people.groupLeader)).map((c) => c.text)).toEqual(['请于本周内补充提供扶贫资金台账。']);
  expect(await comments(people.taiyuan)).toEqual([]);
  expect((await sys.call(people.datong, { method: 'GET', url: `/cases/${id}/comments` })).statusCode).toBe(404);

  // The unit's page shows no internal comment and no form to write one; the timeline does not say a comment exists.
  const unitPage = await browserOf(sys, people.taiyuan).get(`/workbench/cases/${id}`);
  expect(unitPage.body).not.toContain('请于本周内补充提供扶贫资金台账。');
  expect(unitPage.body).not.toContain('仅限省里掌握');
  expect(unitPage.body).not.toContain('value="group"');
  expect(unitPage.body).not.toContain('value="overseers"');

  // The record keeps references and hashes, never the text; the text's file is answered to the audience only.
  const record = (await sys.call(people.office, { method: 'GET', url: `/cases/${id}` })).json<{
    comments: Array<{ audience: string; text: { id: string; sha256: string } }>;
  }>();
  expect(record.comments).toHaveLength(2);
  expect(JSON.stringify(record)).not.toContain('仅限省里掌握');
  const hidden = record.comments.find((c) => c.audience === 'overseers')!.text;
  expect((await sys.call(people.taiyuan, { method: 'GET', url: `/documents/${hidden.id}` })).statusCode).toBe(404);
  expect((await sys.call(people.groupLeader, { method: 'GET', url: `/documents/${hidden.id}` })).statusCode).toBe(404);
  const asOffice = await sys.call(people.office, { method: 'GET', url: `/documents/${hidden.id}` });
  expect([asOffice.statusCode, asOffice.headers['x-content-sha256']]).toEqual([200, hidden.sha256]);
});

test('Art. 15: the group’s leader uploads a work-plan file from the case page; a refused file is said at the form and nothing is kept', async () => {
  const id = await walkPatrol(sys, 'taiyuan', 3, 'field-work');
  const leader = browserOf(sys, people.groupLeader);
  const page = await leader.get(`/workbench/cases/${id}`);
  expect(page.body).toContain('上传附件（工作方案、书面报告）');
  const key = /id="upload"[\s\S]*?name="_key" value="([^"]+)"/.exec(page.body)![1]!;
  // Without the page's CSRF token: refused, nothing stored.
  const forged = await leader.upload(
    `/workbench/cases/${id}/files`,
    { _csrf: 'forged', _key: key, section: 'workPlan' },
    [{ name: '方案.pdf', bytes: pdf }],
  );
  expect(forged.statusCode).toBe(403);
  // A program is not a document: 415, said at the form.
  const exe = await leader.upload(
    `/workbench/cases/${id}/files`,
    { _csrf: csrfOf(page.body), _key: key, section: 'workPlan' },
    [{ name: 'setup.exe', bytes: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]) }],
  );
  // Sent back to the page (303: a reload does not send it again), the refusal shown there once.
  expect([exe.statusCode, exe.headers.location]).toEqual([303, `/workbench/cases/${id}#upload`]);
  const refusedPage = await leader.get(exe.headers.location as string);
  expect(refusedPage.body).toContain('不接受文件“setup.exe”的类型');
  const files = async () =>
    (await sys.call(people.office, { method: 'GET', url: `/cases/${id}` })).json<{ files?: unknown[] }>().files ?? [];
  expect(await files()).toHaveLength(0);

  const sent = await leader.upload(
    `/workbench/cases/${id}/files`,
    { _csrf: csrfOf(refusedPage.body), _key: key, section: 'workPlan' },
    [{ name: '巡查工作方案.pdf', bytes: pdf }],
  );
  expect(sent.statusCode).toBe(303);
  const after = await leader.get(sent.headers.location as string);
  expect(after.body).toContain('已提交：上传工作方案或报告的文件');
  expect(after.body).toContain('巡查工作方案.pdf');
  const href = /href="(\/workbench\/files\/[0-9a-f-]+)">巡查工作方案\.pdf/.exec(after.body)![1]!;
  const download = await leader.get(href);
  expect([download.statusCode, download.rawPayload.equals(pdf)]).toEqual([200, true]);
  // The unit never sees the group's work plan, nor may it upload.
  const unit = browserOf(sys, people.taiyuan);
  expect((await unit.get(href)).statusCode).toBe(404);
  expect((await unit.get(`/workbench/cases/${id}`)).body).not.toContain('上传附件');
  expect(await files()).toHaveLength(1);
  expect(group.id).toBe(people.groupLeader.group);
});

test('the forms’ validators: one script, compiled from the API’s own request schemas, revalidated by its ETag; each form names its validator', async () => {
  const browser = browserOf(sys, people.office);
  const script = await browser.get('/workbench/assets/validate.js');
  expect([script.statusCode, script.headers['content-type']]).toEqual([200, 'text/javascript; charset=utf-8']);
  // Standalone code: no eval, no Function constructor (the pages' CSP allows neither).
  expect(script.body).not.toMatch(/\bnew Function\b|\beval\(/);
  expect(script.body.includes('项数过少')).toBe(true);
  const again = await sys.app.inject({
    method: 'GET',
    url: '/workbench/assets/validate.js',
    headers: { 'if-none-match': script.headers.etag as string },
  });
  expect(again.statusCode).toBe(304);
  // The proposal form carries its fields and its validator's name; the page loads the script.
  const page = await browser.get('/workbench/patrols/new');
  expect(page.body).toContain('<script src="/workbench/assets/validate.js" defer>');
  const spec = /<script type="application\/json" data-validator="(v[0-9]+)">([^<]*)<\/script>/.exec(page.body)!;
  const fields = JSON.parse(spec[2]!) as { formId: string; fields: Array<{ name: string }> };
  expect([fields.formId, fields.fields.map((f) => f.name)]).toEqual([
    'propose',
    ['year', 'serial', 'targetUnit', 'grounds', 'reportIds'],
  ]);
  // The script knows that validator.
  expect(script.body).toContain(`.${spec[1]}=`);
});
