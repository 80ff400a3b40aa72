/**
 * Issue 32 item 8, stock phrases (常用语) for opinion fields, through the workbench as a browser without JavaScript
 * uses it (real HTTP through app.inject, a real Temporal dev server): a committee member edits their phrases on
 * /workbench/phrases, then, on a patrol awaiting their approval, inserts phrases into the reason with 插入常用语 (a
 * server round trip that keeps what was typed) and submits the decision with that reason.
 */
import { proposePatrol } from '../helpers/patrol';
import type { TestSystem } from '../helpers/system';
import { people, startSystem } from '../helpers/system';
import { browserOf, csrfOf, formOf, press } from '../helpers/workbench';

jest.setTimeout(180_000);

let sys: TestSystem;

beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => {
  await sys?.close();
});

const textareaOf = (html: string, name: string) =>
  new RegExp(`<textarea[^>]*name="${name.replace(/\./g, '\\.')}"[^>]*>([^<]*)</textarea>`).exec(html)?.[1];
const optionsOf = (html: string, name: string) => {
  const select = new RegExp(`<select[^>]*name="${name.replace(/\./g, '\\.')}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  return [...(select?.[1] ?? '').matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]!);
};

test('Issue 32 item 8: a committee member edits their 常用语 on /workbench/phrases without JavaScript; a bad list comes back with the refusal and what was typed', async () => {
  const committee = browserOf(sys, { ...people.committee, sub: 'committee-phrases-page' });
  let page = await committee.get('/workbench/phrases');
  expect(page.statusCode).toBe(200);
  // Linked from every page's header, next to 登录会话; the role's defaults until the person saves.
  expect(page.body).toContain('<a href="/workbench/phrases">常用语</a>');
  expect(textareaOf(page.body, 'text')).toBe('同意。\n请按意见修改后再报。\n请补充相关材料。\n不同意，理由如下：');
  expect(page.body).toContain('系统按您的身份提供的常用语');

  // The same phrase twice: refused by the API, said on the page, the text kept, nothing saved.
  const twice = await committee.post('/workbench/phrases', {
    _csrf: csrfOf(page.body),
    text: '同意。\n请补充材料。\n同意。',
  });
  expect(twice.statusCode).toBe(422);
  expect(twice.body).toContain('第3条常用语与第1条重复，请删去其中一条');
  expect(textareaOf(twice.body, 'text')).toBe('同意。\n请补充材料。\n同意。');
  // Without the page's CSRF token: refused, nothing saved.
  const forged = await committee.post('/workbench/phrases', { text: '伪造的常用语' });
  expect(forged.statusCode).toBe(403);
  page = await committee.get('/workbench/phrases');
  expect(page.body).toContain('系统按您的身份提供的常用语');

  // Saved: one a line, blank lines and spaces dropped; the page says so after the redirect.
  const saved = await committee.post('/workbench/phrases', {
    _csrf: csrfOf(page.body),
    text: '同意。\r\n\r\n  建议先征求有关部门意见。  \r\n请补充相关材料。',
  });
  expect([saved.statusCode, saved.headers.location]).toEqual([303, '/workbench/phrases?saved=1']);
  page = await committee.get('/workbench/phrases?saved=1');
  expect(page.body).toContain('已保存常用语。');
  expect(textareaOf(page.body, 'text')).toBe('同意。\n建议先征求有关部门意见。\n请补充相关材料。');
  expect(page.body).not.toContain('系统按您的身份提供的常用语');
});

test('Issue 32 item 8, Art. 12: on a patrol awaiting their approval, the committee member inserts two of their phrases into the reason with 插入常用语, sees them in the field after the redirect, and submits the decision with that reason', async () => {
  const member = { ...people.committee, sub: 'committee-phrases-case' };
  const committee = browserOf(sys, member);
  let page = await committee.get('/workbench/phrases');
  await committee.post('/workbench/phrases', {
    _csrf: csrfOf(page.body),
    text: '建议先征求有关部门意见。\n请补充相关材料。',
  });
  const id = await proposePatrol(sys, 'taiyuan', 71);

  page = await committee.get(`/workbench/cases/${id}`);
  let form = formOf(page.body, 'decideApproval');
  // Under the reason (an opinion field): the person's own phrases and 插入常用语, which the browser does not check.
  expect(optionsOf(form.html, '_phrase.reason')).toEqual(['建议先征求有关部门意见。', '请补充相关材料。']);
  expect(form.html).toMatch(/<button type="submit" class="secondary" name="_phrase" value="reason" formNoValidate/i);
  // Enter in a field still submits the form itself: its first submit button is the form's own.
  expect(form.html.indexOf('class="default-submit"')).toBeLessThan(form.html.indexOf('name="_phrase"'));

  const inserted = await press(committee, id, 'decideApproval', {
    decision: 'reject',
    reason: '经研究，',
    '_phrase.reason': '建议先征求有关部门意见。',
    _phrase: 'reason',
  });
  // Sent back with a redirect, as 添加一项 is: a reload shows the page and sends nothing.
  expect([inserted.statusCode, inserted.headers.location]).toEqual([303, `/workbench/cases/${id}#step-approval`]);
  page = await committee.get(`/workbench/cases/${id}`);
  form = formOf(page.body, 'decideApproval');
  expect(textareaOf(form.html, 'reason')).toBe('经研究，建议先征求有关部门意见。');
  expect(form.html).toMatch(/value="reject"[^>]*checked/);

  // A second phrase goes after the first, what is there kept; the choice itself is not kept in the form.
  const reason = '经研究，建议先征求有关部门意见。';
  await committee.post(form.action, {
    ...form.values,
    _csrf: csrfOf(page.body),
    decision: 'reject',
    reason,
    '_phrase.reason': '请补充相关材料。',
    _phrase: 'reason',
  });
  page = await committee.get(`/workbench/cases/${id}`);
  form = formOf(page.body, 'decideApproval');
  const both = textareaOf(form.html, 'reason');
  expect(both).toBe('经研究，建议先征求有关部门意见。请补充相关材料。');
  // Nothing was decided by inserting phrases.
  const before = (await sys.call(people.office, { method: 'GET', url: `/cases/${id}` })).json<{ stage: string }>();
  expect(before.stage).toBe('awaiting-approval');

  const sent = await committee.post(form.action, {
    ...form.values,
    _csrf: csrfOf(page.body),
    decision: 'reject',
    reason: both!,
  });
  expect([sent.statusCode, sent.headers.location]).toEqual([303, `/workbench/cases/${id}?done=decideApproval`]);
  const record = (await sys.call(people.office, { method: 'GET', url: `/cases/${id}` })).json<{
    approval: { decision: string; reason: string };
  }>();
  expect(record.approval).toMatchObject({
    decision: 'reject',
    reason: '经研究，建议先征求有关部门意见。请补充相关材料。',
  });
});

test('Issue 32 item 8: a phrase that would make the field too long is not inserted, and the page says why', async () => {
  const member = { ...people.committee, sub: 'committee-phrases-long' };
  const committee = browserOf(sys, member);
  const id = await proposePatrol(sys, 'taiyuan', 72);
  const long = '理'.repeat(995);
  await press(committee, id, 'decideApproval', {
    decision: 'reject',
    reason: long,
    '_phrase.reason': '请按意见修改后再报。',
    _phrase: 'reason',
  });
  const page = await committee.get(`/workbench/cases/${id}`);
  const form = formOf(page.body, 'decideApproval');
  expect(form.html).toContain('“理由（不批准时必填）”加上这条常用语将超过1000字，未插入');
  expect(textareaOf(form.html, 'reason')).toBe(long);
  // A person who has saved no list of their own is offered their role's defaults.
  expect(optionsOf(form.html, '_phrase.reason')).toEqual([
    '同意。',
    '请按意见修改后再报。',
    '请补充相关材料。',
    '不同意，理由如下：',
  ]);
});
