/**
 * Issue 35, done when: "The workbench browser test covers the unit's ledger and one 销号 by the leading group." In real
 * Chromium, under the pages' own security policy, each person signed in on their own (local sign-in): the office enters
 * the three problems of a public report it verified (POST /problems, Art. 5); the unit opens 整改台账 and sees its
 * problems with their lights (黄灯 two days before a 限期整改 date, 绿灯 for a 立行立改 term far off); on one problem it
 * reports progress with its figures and five free figures (其他指标, 添加一项 four times), uploads a file of evidence
 * (佐证材料, multipart) and asks for 销号; the leading group opens the problem and strikes it off; the unit's ledger
 * shows 已销号. The overseers' ledger has its filters, exports and charts per city; axe-core finds no serious violation.
 *
 * Needs Debian's chromium and a CJK font (the bootstrap installs both: `npm test` on a fresh machine).
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { BrowserSystem } from '../helpers/browser';
import type { Person } from '../helpers/browser';
import { axeViolations, pageAs, shown, startBrowserSystem, stepForm, submitStep, textOf } from '../helpers/browser';
import { eventually, people } from '../helpers/system';
import { pdf } from '../helpers/patrol';
import { reportIdOf } from '../../lib/public-reports/receipts';
import { problemRecord, problemViewers } from '../helpers/problem-records';
import { browserOf, csrfOf, lightDayPlus } from '../helpers/workbench';

jest.setTimeout(240_000);

let running: BrowserSystem | undefined;
let browser: Browser;
let base: string;
let problems: string[] = [];

const requirements = [
  '立即退还截留的危房改造补助资金',
  '完善补助资金发放台账和公示制度',
  '建立危房改造补助资金长效监管机制',
];

beforeAll(async () => {
  running = await startBrowserSystem();
  ({ browser, base } = running);
  const { sys } = running;
  // Art. 5: a public report, registered (核实) by the office, its three requirements entered into the ledger.
  const filed = await sys.call(undefined, {
    method: 'POST',
    url: '/public-reports',
    payload: { targetUnit: 'taiyuan', what: '某村危房改造补助资金被截留' },
  });
  expect(filed.statusCode).toBe(201);
  const reportId = reportIdOf(filed.json<{ receipt: string }>().receipt);
  await eventually(async () => {
    const res = await sys.call(people.office, {
      method: 'POST',
      url: `/public-reports/${reportId}/registration`,
      payload: { summary: '反映某村危房改造补助资金被截留，经核实属实' },
    });
    return res.statusCode === 200 ? res : undefined;
  });
  const inTwoDays = lightDayPlus(2);
  const started = await sys.call(people.office, {
    method: 'POST',
    url: '/problems',
    payload: {
      publicReportId: reportId,
      requirements: [
        { requirement: requirements[0], unit: 'taiyuan', term: { kind: 'immediate' } },
        { requirement: requirements[1], unit: 'taiyuan', term: { kind: 'dated', dueDate: inTwoDays } },
        { requirement: requirements[2], unit: 'taiyuan', term: { kind: 'long-term', everyMonths: 3 } },
      ],
    },
  });
  expect([started.statusCode, started.statusCode === 201 ? '' : started.body]).toEqual([201, '']);
  problems = started.json<{ problems: Array<{ problemId: string }> }>().problems.map((p) => p.problemId);
  // The ledger is read from the case store, which each problem writes a moment after it starts.
  await eventually(async () => {
    const res = await sys.call(people.office, { method: 'GET', url: '/problems?unit=taiyuan' });
    return res.statusCode === 200 && res.json<{ items: unknown[] }>().items.length === 3 ? res : undefined;
  });
});

afterAll(async () => {
  await running?.close();
});

/** `SCREENSHOTS_DIR=docs/images`: the pictures of the ledger's pages are taken on the way. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOTS_DIR;
  if (dir) await page.screenshot({ path: path.join(dir, `workbench-${name}.png`), fullPage: true });
}

/** The problem's item in the ledger's list. */
const itemOf = (page: Page, problemId: string) => page.locator(`li.problem:has(a[href$="/cases/${problemId}"])`);

const unit: Person = { name: '太原市 张伟', role: 'unit', unit: 'taiyuan' };
const leadingGroup: Person = { name: '领导小组 赵强', role: 'leading-group' };
const office: Person = { name: '办公室 李明', role: 'office' };

/** A person signed in on their own (local sign-in), at a width. */
const as = (who: Person, width?: number) => pageAs(browser, base, who, width);

test('Issue 35 item 5: the unit works one problem from its ledger to 申请销号; the leading group strikes it off (销号)', async () => {
  const [immediate, dated] = problems as [string, string, string];

  // 整改台账 in the unit's navigation: its three problems, each with its term and light.
  let page = await as(unit);
  await page.getByRole('link', { name: '整改台账' }).click();
  await page.waitForURL(/\/workbench\/ledger/);
  expect(await page.locator('li.problem').count()).toBe(3);
  expect(await textOf(itemOf(page, immediate))).toContain('立行立改');
  expect(await textOf(itemOf(page, immediate).locator('.light'))).toContain('绿灯');
  expect(await textOf(itemOf(page, dated).locator('.light'))).toMatch(/黄灯·剩余2天/);
  expect(await textOf(itemOf(page, dated))).toContain('限期整改');
  expect(await textOf(page.locator('main'))).not.toMatch(/problem-|public-report-/);
  expect(await axeViolations(page)).toEqual([]);
  await shot(page, 'ledger-unit');

  // The problem's page: its requirement, its term, and the unit's forms.
  await itemOf(page, immediate).locator('a.task-title').click();
  await page.waitForURL(new RegExp(`/workbench/cases/${immediate}$`));
  const main = await textOf(page.locator('main'));
  for (const text of [requirements[0]!, '立行立改', '整改中', '第1项']) expect(main).toContain(text);
  expect(await axeViolations(page)).toEqual([]);

  // 报告整改进展: what was done, the measures, the three figures and five free ones (添加一项 four times).
  let form = await stepForm(page, '报告整改进展');
  await form.getByLabel(/^整改进展/).fill('已将截留的补助资金全部退还农户');
  await form.getByLabel(/^整改措施/).fill('逐户核对发放记录，约谈村干部');
  await form.locator('[name="figures.recoveredYuan"]').fill('125000.5');
  await form.locator('[name="figures.heldAccountable"]').fill('3');
  await form.locator('[name="figures.rulesMade"]').fill('2');
  const others: Array<[string, string, string]> = [
    ['退还农户', '42', '户'],
    ['核查项目', '17', '个'],
    ['约谈干部', '6', '人'],
    ['整改公示', '3', '次'],
    ['补发资金', '8.5', '万元'],
  ];
  for (const [i, [label, value, unitText]] of others.entries()) {
    if (i > 0) {
      const id = await form.getAttribute('id');
      await form.locator('button[name="_rows"][value="figures.other:add"]').click();
      await page.waitForLoadState('load');
      form = page.locator(`section#${id}`);
      await shown(form);
    }
    await form.locator(`[name="figures.other.${i}.label"]`).fill(label);
    await form.locator(`[name="figures.other.${i}.value"]`).fill(value);
    await form.locator(`[name="figures.other.${i}.unit"]`).fill(unitText);
  }
  // What was typed stays through 添加一项.
  expect(await form.locator('[name="figures.recoveredYuan"]').inputValue()).toBe('125000.5');
  await form
    .getByLabel(/^责任人/)
    .first()
    .fill('王建国');
  await submitStep(page, form);
  const progress = await textOf(page.locator('main'));
  for (const text of ['已将截留的补助资金全部退还农户', '125,000.5元', '3人', '2项', '42户', '8.5万元', '王建国']) {
    expect(progress).toContain(text);
  }

  // 佐证材料: a file uploaded with the page's multipart form; listed with a link that downloads it.
  const upload = page.locator('section#upload');
  await shown(upload);
  expect(await textOf(upload.locator('h3'))).toContain('佐证材料');
  await upload
    .locator('input[type="file"]')
    .setInputFiles({ name: '退还凭证.pdf', mimeType: 'application/pdf', buffer: pdf });
  await upload.locator('button[type="submit"]').click();
  await page.waitForLoadState('load');
  expect(await page.locator('p.refusal').count()).toBe(0);
  const link = page.locator('section[aria-labelledby="files-h"] a', { hasText: '退还凭证.pdf' });
  await shown(link);
  const download = await page.request.get(`${base}${await link.getAttribute('href')}`);
  expect(download.status()).toBe(200);
  expect(Buffer.from(await download.body()).equals(pdf)).toBe(true);

  // 申请销号.
  form = await stepForm(page, '申请销号');
  await form.getByLabel(/^整改完成情况/).fill('补助资金已全部退还，台账已建立');
  await submitStep(page, form);
  expect(await textOf(page.locator('.case-meta'))).toContain('待审核销号');
  await shot(page, 'problem');

  // The leading group opens the problem from its ledger (all problems, with filters, exports and charts) and strikes
  // it off.
  page = await as(leadingGroup);
  await page.getByRole('link', { name: '整改台账' }).click();
  await page.waitForURL(/\/workbench\/ledger/);
  await page.getByLabel('整改状态').selectOption('awaiting-review');
  await page.getByRole('button', { name: '筛选' }).click();
  await page.waitForURL(/state=awaiting-review/);
  expect(await page.locator('li.problem').count()).toBe(1);
  expect(await page.locator('a', { hasText: '下载Excel文件' }).getAttribute('href')).toContain('state=awaiting-review');
  await itemOf(page, immediate).locator('a.task-title').click();
  await page.waitForURL(new RegExp(`/workbench/cases/${immediate}$`));
  expect(await textOf(page.locator('main'))).toContain('补助资金已全部退还，台账已建立');
  form = await stepForm(page, '审核销号申请');
  await form.getByLabel('销号', { exact: true }).check();
  await form.getByLabel(/^审核意见/).fill('整改到位，同意销号');
  await submitStep(page, form);
  expect(await textOf(page.locator('.case-meta'))).toContain('已销号');

  // The unit's ledger: the problem 已销号, with the day it was struck off and no light.
  page = await as(unit);
  const struck = await eventually(async () => {
    await page.goto(`${base}/workbench/ledger`);
    const text = await textOf(itemOf(page, immediate));
    return text.includes('已销号') ? text : undefined;
  });
  expect(struck).toMatch(/[0-9]+年[0-9]+月[0-9]+日销号/);
  expect(await itemOf(page, immediate).locator('.light').count()).toBe(0);
});

test('Issue 35 item 5: the overseers’ ledger exports CSV and Excel and draws open problems per city as charts', async () => {
  const page = await as(office);
  await page.goto(`${base}/workbench/ledger?city=taiyuan`);
  await page.locator('.chart svg').first().waitFor({ state: 'attached', timeout: 15_000 });
  expect(await page.locator('table caption', { hasText: '未销号的问题（按市）' }).count()).toBe(1);
  expect(await axeViolations(page)).toEqual([]);
  await shot(page, 'ledger');
  const csv = await page.request.get(
    `${base}${await page.locator('a', { hasText: '下载CSV文件' }).getAttribute('href')}`,
  );
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('csv');
  expect(await csv.text()).toContain(requirements[1]);
  const xlsx = await page.request.get(
    `${base}${await page.locator('a', { hasText: '下载Excel文件' }).getAttribute('href')}`,
  );
  expect(xlsx.status()).toBe(200);
  expect(
    Buffer.from(await xlsx.body())
      .subarray(0, 2)
      .toString(),
  ).toBe('PK');
  // At a phone's width the list is still read without a horizontal scroll of the page.
  const phone = await as(unit, 375);
  await phone.goto(`${base}/workbench/ledger`);
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  expect(await axeViolations(phone)).toEqual([]);
});

test('Issue 35 item 4: a city’s ledger holds its counties’ problems too, fifty a page, paged by the API’s cursor with its filters kept', async () => {
  const { sys } = running!;
  // 52 problems of 大同市 and 3 of its county 天镇县 (2025), written to the case store as their workflows write them.
  const records = [
    ...Array.from({ length: 52 }, (_, i) => problemRecord({ unit: 'datong', year: 2025, requirement: i + 1 })),
    ...[1, 2, 3].map((n) => problemRecord({ unit: 'datong-tianzhen', year: 2025, requirement: n, term: 'immediate' })),
  ];
  for (const record of records) await sys.store.saveCase({ record, viewers: problemViewers(record) });
  const city = browserOf(sys, people.datong);
  const items = (html: string) => (html.match(/<li class="task problem/g) ?? []).length;
  const first = await city.get('/workbench/ledger?year=2025');
  expect(first.statusCode).toBe(200);
  expect(items(first.body)).toBe(50);
  expect(first.body).toContain('本单位及所辖县（市、区）的整改问题');
  // The city may narrow its list to a county of its own.
  expect(first.body).toMatch(/<option value="datong-tianzhen"[^>]*>天镇县<\/option>/);
  const next = /<a href="(\/workbench\/ledger\?[^"]*cursor=[^"]+)">下一页<\/a>/
    .exec(first.body)![1]!
    .replace(/&amp;/g, '&');
  expect(next).toContain('year=2025');
  const second = await city.get(next);
  expect(items(second.body)).toBe(5);
  expect(second.body).not.toContain('下一页');
  expect(second.body).toContain('回到第一页');
  const county = await city.get('/workbench/ledger?year=2025&unit=datong-tianzhen');
  expect(items(county.body)).toBe(3);
  expect(county.body).toContain('天镇县');
  // The county sees its own three, not the city's.
  const tianzhen = browserOf(sys, { sub: 'unit-tz', role: 'unit', unit: 'datong-tianzhen', name: '天镇县 周斌' });
  expect(items((await tianzhen.get('/workbench/ledger?year=2025')).body)).toBe(3);
  // A cursor the API did not hand out is refused in Chinese, and nothing is listed.
  const forged = await city.get('/workbench/ledger?cursor=AAAA');
  expect(forged.statusCode).toBe(400);
  expect(forged.body).toContain('翻页标记无效');
});

test('Issue 35 item 2 and 4: evidence only from the problem’s own unit and with the page’s token; another unit and the group’s leader see no problem', async () => {
  const { sys } = running!;
  const dated = problems[1]!;
  const unitBrowser = browserOf(sys, people.taiyuan);
  const page = await unitBrowser.get(`/workbench/cases/${dated}`);
  expect(page.body).toContain('上传佐证材料');
  // The unit's upload has no section to choose: the files are the problem's evidence.
  expect(page.body).not.toContain('name="section"');
  const key = /id="upload"[\s\S]*?name="_key" value="([^"]+)"/.exec(page.body)![1]!;
  const forged = await unitBrowser.upload(`/workbench/cases/${dated}/files`, { _csrf: 'forged', _key: key }, [
    { name: '凭证.pdf', bytes: pdf },
  ]);
  expect(forged.statusCode).toBe(403);
  const exe = await unitBrowser.upload(`/workbench/cases/${dated}/files`, { _csrf: csrfOf(page.body), _key: key }, [
    { name: 'setup.exe', bytes: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]) },
  ]);
  expect([exe.statusCode, exe.headers.location]).toEqual([303, `/workbench/cases/${dated}#upload`]);
  expect((await unitBrowser.get(exe.headers.location as string)).body).toContain('不接受文件“setup.exe”的类型');
  const evidence = (await sys.call(people.office, { method: 'GET', url: `/problems/${dated}` })).json<{
    evidence?: unknown[];
  }>().evidence;
  expect(evidence ?? []).toHaveLength(0);
  // The leading group sees the problem but has no upload; another unit's page is one that does not exist.
  expect((await browserOf(sys, people.leadingGroup).get(`/workbench/cases/${dated}`)).body).not.toContain(
    'id="upload"',
  );
  const other = await browserOf(sys, people.datong).get(`/workbench/cases/${dated}`);
  expect(other.statusCode).toBe(404);
  expect(other.body).not.toContain(requirements[1]);
  const leader = await browserOf(sys, people.groupLeader).get('/workbench/ledger');
  expect(leader.statusCode).toBe(403);
  expect(leader.body).not.toContain('class="task problem');
  expect(leader.body).not.toContain('href="/workbench/ledger"');
});
