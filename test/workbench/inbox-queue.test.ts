/**
 * Issue 32 item 8, a person's own queue, through real HTTP on a real Temporal server: search in the inbox (and the case
 * list) by keyword and 文号; a unit person's 我承办的 and 待签收 after one person of the unit signs for an item naming
 * another; 待阅, the notices sent to the unit for reading only, each marked 已阅 per person (`GET /my/readings`,
 * `POST /my/readings/{id}`, the inbox's button).
 */
import type { CaseClaims } from '../../lib/infra/tokens';
import { proposePatrol, walkPatrol } from '../helpers/patrol';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';
import { browserOf, csrfOf } from '../helpers/workbench';

let sys: TestSystem;

beforeAll(async () => {
  sys = await startSystem();
});

afterAll(async () => {
  await sys?.close();
});

/** Two people of 太原市: 张伟 (the tests' usual unit person) and 李娜. */
const zhang = people.taiyuan;
const li = { sub: 'unit-ty-2', role: 'unit', unit: 'taiyuan', name: '李娜' } satisfies CaseClaims;

/** The inbox's to-do part of a page (before 待阅), and the case ids it links to. */
const todo = (html: string) => html.slice(0, html.indexOf('id="readings"'));
const linked = (html: string) => [
  ...new Set([...html.matchAll(/href="\/workbench\/cases\/([^"#?]+)/g)].map((m) => decodeURIComponent(m[1]!))),
];
const readingsPart = (html: string) => html.slice(html.indexOf('id="readings"'));

test('Issue 32 item 8: the inbox finds a case by its reference (文号, any brackets) and by a word of its title or grounds, not the others; nothing found is said in Chinese; a search over 50 characters is refused; the case list searches too', async () => {
  const a = await proposePatrol(sys, 'taiyuan', 71, {
    grounds: { sources: ['public-report'], summary: '危房改造补助资金被截留' },
  });
  const b = await proposePatrol(sys, 'datong', 72, {
    grounds: { sources: ['public-report'], summary: '易地扶贫搬迁进度滞后' },
  });
  const committee = browserOf(sys, people.committee);
  const search = async (q: string) => committee.get(`/workbench/?q=${encodeURIComponent(q)}`);
  await eventually(async () => {
    const page = await committee.get('/workbench/');
    const ids = linked(todo(page.body));
    return ids.includes(a) && ids.includes(b) ? true : undefined;
  });

  for (const q of ['晋脱贫巡〔2026〕太原市71号', '晋脱贫巡[2026]太原市71号', '危房改造', '第71号']) {
    const page = await search(q);
    expect([q, page.statusCode]).toEqual([q, 200]);
    const ids = linked(todo(page.body));
    expect([q, ids.includes(a), ids.includes(b)]).toEqual([q, true, false]);
  }
  for (const q of ['搬迁', '2026年对大同市的巡查（第72号）', '大同市72号']) {
    const ids = linked(todo((await search(q)).body));
    expect([q, ids.includes(a), ids.includes(b)]).toEqual([q, false, true]);
  }
  const none = await search('没有这样的事项');
  expect(none.body).toContain('没有找到与“没有这样的事项”相符的待办事项。');
  expect(linked(todo(none.body))).toEqual([]);
  // The search box keeps what was typed.
  expect(none.body).toContain('value="没有这样的事项"');

  const long = await search('字'.repeat(51));
  expect(long.statusCode).toBe(400);
  expect(long.body).toContain('搜索内容最多50个字');
  expect(linked(todo(long.body))).toEqual([]);

  // 督查巡查: the same search over the cases the person may see.
  const list = await committee.get(`/workbench/cases?q=${encodeURIComponent('晋脱贫巡〔2026〕太原市71号')}`);
  expect(linked(list.body)).toEqual([a]);
  const noCase = await committee.get(`/workbench/cases?q=${encodeURIComponent('没有这样的事项')}`);
  expect(noCase.body).toContain('没有找到与“没有这样的事项”相符的督查巡查。');
});

test('Issue 32 item 8: 我承办的 and 待签收 of two people of one unit, after one signs for the rectification naming the other (by person id, and by name alone); each row shows 承办人', async () => {
  const byId = await walkPatrol(sys, 'taiyuan', 73, 'feedback');
  const byName = await walkPatrol(sys, 'taiyuan', 74, 'feedback');
  const unitKey = async (id: string) =>
    (await sys.call(zhang, { method: 'GET', url: `/cases/${id}` }))
      .json<{ deadlines: Array<{ key: string; party: { role: string } }> }>()
      .deadlines.find((d) => d.party.role === 'unit')!.key;
  const zhangs = browserOf(sys, zhang);
  const lis = browserOf(sys, li);
  const queue = async (b: typeof zhangs, q: 'mine' | 'unsigned' | 'all') =>
    (await b.get(`/workbench/${q === 'all' ? '' : `?queue=${q}`}`)).body;

  // Before anyone signs: both cases wait to be signed for, nobody's own.
  for (const b of [zhangs, lis]) {
    const unsigned = await eventually(async () => {
      const body = await queue(b, 'unsigned');
      return linked(todo(body)).includes(byName) && linked(todo(body)).includes(byId) ? body : undefined;
    });
    expect(unsigned).toContain('aria-current="page">待签收');
    const mine = await queue(b, 'mine');
    expect(linked(todo(mine))).toEqual([]);
    expect(mine).toContain('没有由您承办的待办事项。');
  }

  // 张伟 signs for both: one naming 李娜 picked by her person id, the other by her name only.
  const sign = async (id: string, body: object) =>
    sys.call(zhang, {
      method: 'POST',
      url: `/patrols/${id}/deadlines/${await unitKey(id)}/assignment`,
      payload: body,
    });
  expect((await sign(byId, { handler: '李娜', handlerId: li.sub })).statusCode).toBe(200);
  expect((await sign(byName, { handler: '李娜' })).statusCode).toBe(200);

  const liMine = await eventually(async () => {
    const body = await queue(lis, 'mine');
    const ids = linked(todo(body));
    return ids.includes(byId) && ids.includes(byName) ? body : undefined;
  });
  expect(liMine).toContain('承办人：李娜');
  expect(liMine).toContain('aria-current="page">我承办的（2）');
  // Not 张伟's: he signed, 李娜 handles them; and nobody's to sign for any more.
  const zhangMine = linked(todo(await queue(zhangs, 'mine')));
  expect([zhangMine.includes(byId), zhangMine.includes(byName)]).toEqual([false, false]);
  for (const b of [zhangs, lis]) {
    const unsigned = linked(todo(await queue(b, 'unsigned')));
    expect([unsigned.includes(byId), unsigned.includes(byName)]).toEqual([false, false]);
  }
  // 全部: both still in the unit's list, with who handles them.
  const all = await queue(zhangs, 'all');
  expect(linked(todo(all))).toEqual(expect.arrayContaining([byId, byName]));
  expect(all).toContain('承办人：李娜');
  // The queues keep the search: 我承办的 of 李娜 searched by the reference of one case.
  const searched = await lis.get(`/workbench/?queue=mine&q=${encodeURIComponent('晋脱贫巡〔2026〕太原市73号')}`);
  expect(linked(todo(searched.body))).toEqual([byId]);
  // The queues are a unit's: the office has none.
  expect((await browserOf(sys, people.office).get('/workbench/')).body).not.toContain('queue-tabs');
});

test('Issue 32 item 8: 待阅 holds the stationing notice to the unit; 已阅 (a CSRF-protected POST, idempotent) takes it away for that person only; another unit and the office see nothing of it', async () => {
  const id = await walkPatrol(sys, 'taiyuan', 75, 'field-work');
  type Readings = { readings: Array<{ id: string; caseId: string; subject: string }> };
  const readingsOf = async (who: CaseClaims) =>
    (await sys.call(who, { method: 'GET', url: '/my/readings' })).json<Readings>().readings;
  const notice = await eventually(async () =>
    (await readingsOf(zhang)).find((r) => r.caseId === id && r.subject.includes('巡查进驻通知')),
  );

  const zhangs = browserOf(sys, zhang);
  const lis = browserOf(sys, li);
  // The other tests' cases of 太原市 sent the same subject: the notice is told by its own 已阅 button.
  const button = `name="id" value="${notice.id}"`;
  const page = await zhangs.get('/workbench/');
  expect(readingsPart(page.body)).toContain(button);
  expect(readingsPart(page.body)).toContain(notice.subject);
  expect(readingsPart(page.body)).toContain('晋脱贫巡〔2026〕太原市75号');
  expect(readingsPart((await lis.get('/workbench/')).body)).toContain(button);

  // Without the page's CSRF token: refused, nothing recorded.
  const forged = await zhangs.post('/workbench/readings', { id: notice.id });
  expect(forged.statusCode).toBe(403);
  expect((await readingsOf(zhang)).map((r) => r.id)).toContain(notice.id);

  const read = await zhangs.post('/workbench/readings', { _csrf: csrfOf(page.body), id: notice.id });
  expect([read.statusCode, read.headers.location]).toEqual([303, '/workbench/?read=1#readings']);
  const after = await zhangs.get('/workbench/?read=1');
  expect(after.body).toContain('已标记为已阅。');
  expect(readingsPart(after.body)).not.toContain(button);
  expect(readingsPart(after.body)).not.toContain('晋脱贫巡〔2026〕太原市75号');
  expect((await readingsOf(zhang)).map((r) => r.id)).not.toContain(notice.id);
  // 李娜 has not read it: still hers to read.
  expect(readingsPart((await lis.get('/workbench/')).body)).toContain(button);
  expect((await readingsOf(li)).map((r) => r.id)).toContain(notice.id);

  // Again through the API: the same answer, the first reading kept.
  const url = `/my/readings/${encodeURIComponent(notice.id)}`;
  const first = await sys.call(zhang, { method: 'POST', url });
  const again = await sys.call(zhang, { method: 'POST', url });
  expect([first.statusCode, again.statusCode]).toEqual([200, 200]);
  expect(again.json<{ readAt: string }>().readAt).toBe(first.json<{ readAt: string }>().readAt);

  // 大同市 sees nothing of 太原市's case and cannot mark its notice; the office was not sent it.
  expect((await readingsOf(people.datong)).filter((r) => r.caseId === id)).toEqual([]);
  expect((await sys.call(people.datong, { method: 'POST', url })).statusCode).toBe(404);
  expect((await readingsOf(people.office)).map((r) => r.id)).not.toContain(notice.id);
  const datongPage = await browserOf(sys, people.datong).get('/workbench/');
  expect(datongPage.body).not.toContain(button);
  expect(datongPage.body).not.toContain('太原市75号');
  // A notice that does not exist: the same 404, in Chinese.
  const missing = await sys.call(zhang, { method: 'POST', url: `/my/readings/${encodeURIComponent(`${id}:nothing`)}` });
  expect(missing.statusCode).toBe(404);
  expect(missing.json<{ message: string }>().message).toBe('没有这条待阅事项，或您无权查看');
});
