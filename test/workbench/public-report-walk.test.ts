/**
 * Issue 32 item 2 (done when: a second browser test registers a public report with a file as the office from its case
 * page), Art. 3 and 5 in real Chromium with the pages' real security policy: a member of the public files a report with
 * a file on the public form; the office opens the report's case page, reads the account (反映的问题), downloads the
 * file (the same bytes) and sees the reporter, which only the office may see, and registers it (登记) there. The
 * leading group reads the account without the reporter; a unit gets the page of a case that does not exist.
 *
 * Needs Debian's chromium and a CJK font (the bootstrap installs both).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { reportIdOf } from '../../lib/public-reports/receipts';
import type { BrowserSystem } from '../helpers/browser';
import type { Person } from '../helpers/browser';
import { axeViolations, pageAs, startBrowserSystem } from '../helpers/browser';

jest.setTimeout(240_000);

const account = '吕梁市某县扶贫车间补贴资金被村干部冒领，涉及十余户贫困户，群众多次反映未果。';
const reporter = { name: '举报人周桂兰', contact: '13712345678' };
/** A small PDF (the API checks the type from the bytes), with bytes of its own to compare after the download. */
const evidence = Buffer.from(`%PDF-1.4\n% 补贴发放表 ${Date.now()}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);
const notFound = '没有找到这个事项';

let running: BrowserSystem | undefined;
let browser: Browser;
let base: string;

beforeAll(async () => {
  running = await startBrowserSystem();
  ({ browser, base } = running);
});

afterAll(async () => {
  await running?.close();
});

const shown = (locator: Locator) => locator.first().waitFor({ state: 'visible', timeout: 15_000 });

/** A person signed in through the local sign-in page, in a browser context of their own (the real CSP in force). */
const as = (who: Person) => pageAs(browser, base, who);

describe('Issue 32 item 2, Art. 3 and 5: the office reads and registers a public report with a file from its case page', () => {
  let receipt = '';

  test('Art. 5: a member of the public files a report with a file on the public form (multipart, a key, the CSP on)', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN' });
    const visitor = await context.newPage();
    const blocked: string[] = [];
    visitor.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) blocked.push(m.text());
    });
    await visitor.goto(`${base}/workbench/public/report`);
    // The form carries the request's key, so a double submit files one report.
    expect(await visitor.locator('form input[name="_key"]').getAttribute('value')).toMatch(/^wb-/);
    await visitor.getByLabel(/^被反映的单位（知道时选择）/).selectOption('lvliang');
    await visitor.getByLabel(/^反映的问题/).fill(account);
    await visitor.getByLabel(/^举报人姓名/).fill(reporter.name);
    await visitor.getByLabel(/^联系方式/).fill(reporter.contact);
    await visitor
      .getByLabel(/^附件/)
      .setInputFiles({ name: '补贴发放表.pdf', mimeType: 'application/pdf', buffer: evidence });
    await visitor.getByRole('button', { name: '提交举报' }).click();
    await visitor.waitForLoadState('load');
    expect(await visitor.locator('p.refusal').count()).toBe(0);
    await shown(visitor.locator('p.receipt'));
    receipt = (await visitor.locator('p.receipt').innerText()).trim();
    expect(receipt).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]{4}$/);
    // The receipt is never in an address.
    expect(visitor.url()).not.toContain(receipt);
    expect(blocked).toEqual([]);
    await context.close();
  });

  test('Art. 5 and the need-to-know table: the office sees the account, downloads the file, sees the reporter, and registers it there (登记)', async () => {
    expect(receipt).not.toBe('');
    const reportId = reportIdOf(receipt);
    const page = await as({ name: '办公室 李明', role: 'office' });
    // The office finds the report waiting in its inbox (once the case has written itself to the store).
    const task = page.locator(`li.task a[href*="/cases/${reportId}"]`);
    for (let i = 0; i < 30 && !(await task.count()); i++) {
      await page.waitForTimeout(500);
      await page.reload();
    }
    await task.first().click();
    await page.waitForURL(new RegExp(`/workbench/cases/${reportId}`));
    const main = page.locator('main');
    await shown(main.locator('h2', { hasText: '反映的问题' }));
    const text = await main.innerText();
    expect(text).toContain(account);
    expect(text).toContain(reporter.name);
    expect(text).toContain(reporter.contact);
    expect(text).toContain('举报附件');

    // The file: a link on the page, and its download the very bytes the reporter sent.
    const link = page.getByRole('link', { name: '补贴发放表.pdf' });
    await shown(link);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const saved = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'report-')), 'download.pdf');
    await download.saveAs(saved);
    expect(fs.readFileSync(saved).equals(evidence)).toBe(true);

    // 登记 from the case page.
    const form = page.locator('section.step').filter({ has: page.locator('h3', { hasText: /^登记群众举报/ }) });
    await shown(form);
    await form.getByLabel(/^登记摘要/).fill('反映吕梁市某县扶贫车间补贴被冒领，需核实。');
    await form.locator('button[type="submit"]').click();
    await page.waitForLoadState('load');
    expect(await page.locator('p.refusal').count()).toBe(0);
    expect(await page.locator('p.notice').innerText()).toContain('已提交');
    expect(await page.locator('.case-meta').innerText()).toContain('待决定处理方式');
    const after = await main.innerText();
    expect(after).toContain('反映吕梁市某县扶贫车间补贴被冒领，需核实。');
    // The account stays on the page for the next step (决定处理方式).
    expect(after).toContain(account);
    await page.context().close();
  });

  test('Need to know: the leading group reads the account without the reporter; a unit gets the page of a case that does not exist', async () => {
    const reportId = reportIdOf(receipt);
    const leadingGroup = await as({ name: '领导小组 赵强', role: 'leading-group' });
    await leadingGroup.goto(`${base}/workbench/cases/${reportId}`);
    await shown(leadingGroup.locator('main h2', { hasText: '反映的问题' }));
    const seen = await leadingGroup.locator('main').innerText();
    expect(seen).toContain(account);
    expect(seen).not.toContain(reporter.name);
    expect(seen).not.toContain(reporter.contact);
    await leadingGroup.context().close();

    const unit = await as({ name: '吕梁市 郭静', role: 'unit', unit: 'lvliang' });
    const answer = await unit.goto(`${base}/workbench/cases/${reportId}`);
    expect(answer?.status()).toBe(404);
    const shownToUnit = await unit.locator('main').innerText();
    expect(shownToUnit).toContain(notFound);
    expect(shownToUnit).not.toContain(account);
    expect(shownToUnit).not.toContain(reporter.name);
    await unit.context().close();
  });

  test('Issue 33 item 3: the auditor finds in 审计日志 that the office opened the reporter, on a phone, never who it is', async () => {
    const reportId = reportIdOf(receipt);
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) blocked.push(m.text());
    });
    await page.goto(`${base}/workbench/`);
    await page.getByLabel(/^姓名/).fill('审计员 吴静');
    await page.getByLabel(/^身份/).selectOption('auditor');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${base}/workbench/audit`);
    await page.getByLabel('访问类型').selectOption({ label: '查阅举报人或异议人身份' });
    await page.getByLabel(/^对象编号/).fill(reportId);
    await page.getByRole('button', { name: '筛选' }).click();
    const table = page.locator('main table');
    await shown(table);
    const rows = await table.locator('tbody tr').allInnerTexts();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toContain('领导小组办公室');
      expect(row).toContain('查阅举报人或异议人身份');
      expect(row).toContain(reportId);
    }
    const seen = await page.locator('body').innerText();
    expect(seen).not.toContain(reporter.name);
    expect(seen).not.toContain(reporter.contact);
    // The auditor's navigation has the trail and nothing else.
    expect(await page.locator('nav[aria-label="主导航"] a').allInnerTexts()).toEqual(['审计日志']);
    expect(await page.locator('a[href="/workbench/phrases"]').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    expect(blocked).toEqual([]);
    await page.screenshot({ path: path.join(os.tmpdir(), 'audit-log-375.png'), fullPage: true });
    await context.close();
  });
});
