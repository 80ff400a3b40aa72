/**
 * Issue 36 item 4: the workbench of referrals (交办核查), in real Chromium under the pages' own security policy, each
 * person signed in on their own (local sign-in). The office refers a matter to 五寨县 with its own form (a date two
 * days ahead); 五寨县 finds it in its inbox with a yellow light, signs for it and replies 部分属实 from the referral's
 * page; the office's list shows every referral with its light, filtered by stage, and accepts the reply. Another
 * unit's inbox and list hold nothing of it; axe-core finds no serious violation.
 *
 * Needs Debian's chromium and a CJK font (the bootstrap installs both: `npm test` on a fresh machine).
 */
import { DateTime } from 'luxon';
import type { Browser } from 'playwright-core';
import type { BrowserSystem } from '../helpers/browser';
import type { Person } from '../helpers/browser';
import { axeViolations, pageAs, shown, startBrowserSystem, stepForm, submitStep, textOf } from '../helpers/browser';
import { eventually, people } from '../helpers/system';
import { browserOf, lightDayPlus } from '../helpers/workbench';
import { proposal } from '../../scripts/patrol-walk';

jest.setTimeout(240_000);

let running: BrowserSystem | undefined;
let browser: Browser;
let base: string;
/** A referral to 大同市 the API started, far off (a green light for the office). */
let datongReferral: string;

const matter = '反映五寨县某村光伏扶贫电站收益未按规定分配，请核查电站收益分配和公示情况';

beforeAll(async () => {
  running = await startBrowserSystem();
  ({ browser, base } = running);
  const { sys } = running;
  const far = DateTime.now().setZone('Asia/Shanghai').plus({ days: 20 }).toISODate()!;
  const started = await sys.call(people.office, {
    method: 'POST',
    url: '/referrals',
    payload: {
      source: { kind: 'office' },
      unit: 'datong',
      matter: '请核查大同市易地扶贫搬迁后续扶持情况',
      dueDate: far,
    },
  });
  expect([started.statusCode, started.statusCode === 201 ? '' : started.body]).toEqual([201, '']);
  datongReferral = started.json<{ referralId: string }>().referralId;
});

afterAll(async () => {
  await running?.close();
});

const office: Person = { name: '办公室 李明', role: 'office' };
const wuzhai: Person = { name: '五寨县 高峰', role: 'unit', unit: 'xinzhou-wuzhai' };
const taiyuan: Person = { name: '太原市 张伟', role: 'unit', unit: 'taiyuan' };

/** A person signed in on their own (local sign-in). */
const as = (who: Person) => pageAs(browser, base, who);

test('Issue 36 item 4: the office refers a matter with its form; the unit signs and replies from its inbox; the office’s list has the lights and accepts', async () => {
  const inTwoDays = lightDayPlus(2);

  // The office: 交办核查 in its navigation, the form on a page of its own.
  let page = await as(office);
  await page.getByRole('link', { name: '交办核查', exact: true }).click();
  await page.waitForURL(/\/workbench\/referrals$/);
  await page.getByRole('link', { name: '交办核查事项' }).click();
  await page.waitForURL(/\/workbench\/referrals\/new$/);
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel('领导小组办公室交办', { exact: true }).check();
  await page.getByLabel(/^承办单位/).selectOption('xinzhou-wuzhai');
  await page.getByLabel(/^核查事项/).fill(matter);
  await page.getByLabel(/^核查期限/).fill(inTwoDays);
  await page.getByRole('button', { name: '提交：交办核查' }).click();
  await page.waitForURL(/\/workbench\/cases\/referral-[0-9]{4}-[0-9]{4}$/);
  const referralId = /cases\/(referral-[0-9]{4}-[0-9]{4})$/.exec(page.url())![1]!;
  const opened = await textOf(page.locator('main'));
  for (const text of [matter, '五寨县', '核查中']) expect(opened).toContain(text);

  // 五寨县: the referral in its inbox, due in two days (a yellow light), and in its list; nothing of 大同市's.
  page = await as(wuzhai);
  await page.getByRole('link', { name: '交办核查', exact: true }).click();
  await page.waitForURL(/\/workbench\/referrals$/);
  const inbox = page.locator('ol.referral-inbox li').first();
  await shown(inbox);
  expect(await textOf(inbox.locator('.light'))).toMatch(/黄灯·剩余2天/);
  const listed = await textOf(page.locator('main'));
  expect(listed).toContain('核查事项：');
  expect(listed).not.toContain('大同市');
  expect(listed).not.toMatch(/referral-|群众举报|领导小组办公室交办/);
  expect(await axeViolations(page)).toEqual([]);

  // Its page: 签收 (承办人), then 核查情况 (部分属实).
  await page.locator(`ol.referrals a[href$="/cases/${referralId}"]`).click();
  await page.waitForURL(new RegExp(`/workbench/cases/${referralId}$`));
  // The 交办函, read before signing: its page served through the workbench, addressed to the county.
  const letter = page.locator('.step-document a', { hasText: '在线查看' }).first();
  const letterPage = await page.request.get(`${base}${await letter.getAttribute('href')}`);
  expect(letterPage.status()).toBe(200);
  expect(await letterPage.text()).toContain('五寨县');
  let form = await stepForm(page, '签收交办函');
  await form.getByLabel(/^承办人/).fill('高峰');
  await submitStep(page, form);
  form = await stepForm(page, '报送核查情况');
  await form.getByLabel('部分属实', { exact: true }).check();
  await form.getByLabel(/^核查情况/).fill('电站收益已到账，但2025年度分配方案未经村民代表会议讨论');
  await form.getByLabel(/^处理情况/).fill('已责成乡镇重新召开村民代表会议，补充公示');
  await submitStep(page, form);
  expect(await textOf(page.locator('.case-meta'))).toContain('待审核核查情况');

  // The office's list: both referrals, each with its light; filtered by stage, the one awaiting its review.
  page = await as(office);
  await page.goto(`${base}/workbench/referrals`);
  const row = (id: string) => page.locator(`li.referral:has(a[href$="/cases/${id}"])`);
  expect(await textOf(row(datongReferral).locator('.light'))).toContain('绿灯');
  expect(await textOf(row(referralId))).toContain('待审核核查情况');
  await page.getByLabel('办理阶段').selectOption('awaiting-review');
  await page.getByRole('button', { name: '筛选' }).click();
  await page.waitForURL(/stage=awaiting-review/);
  expect(await page.locator('li.referral').count()).toBe(1);
  expect(await axeViolations(page)).toEqual([]);
  await row(referralId).locator('a.task-title').click();
  await page.waitForURL(new RegExp(`/workbench/cases/${referralId}$`));
  expect(await textOf(page.locator('main'))).toContain('电站收益已到账');
  form = await stepForm(page, '审核核查情况');
  await form.getByLabel('通过', { exact: true }).check();
  await form.getByLabel(/^审核意见/).fill('核查认真，处理得当，同意办结');
  await submitStep(page, form);
  expect(await textOf(page.locator('.case-meta'))).toContain('已办结');
});

test('Issue 36 item 1 and 4: another unit sees no referral of 五寨县; a referral it may not see answers as one that does not exist', async () => {
  const { sys } = running!;
  const page = await as(taiyuan);
  await page.goto(`${base}/workbench/referrals`);
  expect(await textOf(page.locator('main'))).toContain('没有交办本单位核查的事项');
  const other = browserOf(sys, people.taiyuan);
  const answer = await other.get(`/workbench/cases/${datongReferral}`);
  const missing = await other.get('/workbench/cases/referral-2026-9999');
  expect(answer.statusCode).toBe(404);
  const plain = (html: string, id: string) => html.replace(id, 'X').replace(/name="_csrf" value="[^"]+"/, '');
  expect(plain(answer.body, datongReferral)).toBe(plain(missing.body, 'referral-2026-9999'));
  // 大同市's own list holds its referral.
  const list = await eventually(async () => {
    const res = await sys.call(people.datong, { method: 'GET', url: '/referrals' });
    return res.statusCode === 200 && res.json<{ referrals: unknown[] }>().referrals.length === 1 ? res : undefined;
  });
  expect(list.json<{ referrals: Array<{ caseId: string }> }>().referrals[0]!.caseId).toBe(datongReferral);
});

test('Issue 36 items 2 and 4: from a patrol’s page the leading group summons its unit for a talk (约谈) with the form; the overseers’ list of uses of results has it', async () => {
  const { sys } = running!;
  const proposed = await sys.call(people.leadingGroup, {
    method: 'POST',
    url: '/patrols',
    payload: proposal(2026, 61, 'taiyuan'),
  });
  expect(proposed.statusCode).toBe(201);
  const caseId = proposed.json<{ caseId: string }>().caseId;
  const leadingGroup: Person = { name: '领导小组 赵强', role: 'leading-group' };
  const page = await as(leadingGroup);
  await page.goto(`${base}/workbench/cases/${caseId}`);
  await page.getByRole('link', { name: '结果运用：通报批评、约谈、挂牌督办' }).click();
  await page.waitForURL(/\/workbench\/result-uses\/new\?caseId=/);
  // The patrol is named in words; its id is in the form's address only.
  const intro = await textOf(page.locator('main p.summary'));
  expect(intro).toContain('2026年对太原市的巡查（第61号）');
  expect(await textOf(page.locator('main'))).not.toContain(caseId);
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel('约谈', { exact: true }).check();
  await page.getByLabel(/^所涉单位/).selectOption('taiyuan');
  await page.getByLabel(/^事由/).fill('危房改造补助资金整改进展缓慢');
  await page.locator('[name="interview.leaders.0.name"]').fill('张伟');
  await page.locator('[name="interview.leaders.0.post"]').fill('太原市人民政府副市长');
  await page.getByLabel(/^约谈时间/).fill('2027-01-05 09:30');
  await page.getByLabel(/^约谈地点/).fill('省扶贫办第一会议室');
  await page.getByRole('button', { name: '提交：作出决定' }).click();
  await page.waitForURL(/\/workbench\/cases\/result-use-[0-9]{4}-[0-9]{4}$/);
  const resultUseId = /cases\/(result-use-[0-9]{4}-[0-9]{4})$/.exec(page.url())![1]!;
  expect(await textOf(page.locator('.case-meta'))).toContain('待约谈');

  await page.goto(`${base}/workbench/result-uses?type=interview`);
  const item = page.locator(`li.result-use:has(a[href$="/cases/${resultUseId}"])`);
  expect(await textOf(item)).toContain('约谈：太原市');
  expect(await axeViolations(page)).toEqual([]);
  // A unit is not given the overseers' list.
  const unit = browserOf(sys, people.taiyuan);
  expect((await unit.get('/workbench/result-uses')).statusCode).toBe(403);
});
