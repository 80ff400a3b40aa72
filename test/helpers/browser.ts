/** A test system listening on a port of its own, and a headless Chromium to walk its pages (the browser tests). */
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium } from '../../lib/infra/chromium';
import type { TestSystem } from './system';
import { startSystem } from './system';

export interface BrowserSystem {
  sys: TestSystem;
  browser: Browser;
  /** `http://127.0.0.1:<port>`: where the pages are. */
  base: string;
  close(): Promise<void>;
}

export async function startBrowserSystem(): Promise<BrowserSystem> {
  const sys = await startSystem();
  await sys.app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(sys.app.server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  return {
    sys,
    browser,
    base,
    async close() {
      await browser.close();
      await sys.close();
    },
  };
}

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Serious or critical accessibility violations axe-core finds on the page. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }>;
        };
      }
    ).axe;
    return axe.run();
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

// ---- walking pages as a person (the browser tests) ----

/** A person who signs in locally: name, role and unit as the sign-in page asks for them. */
export interface Person {
  name: string;
  role: string;
  unit?: string;
}

export const shown = (locator: Locator) => locator.waitFor({ state: 'visible', timeout: 15_000 });

export const textOf = async (locator: Locator) => {
  await locator.first().waitFor({ state: 'attached', timeout: 15_000 });
  return locator.first().innerText();
};

const signedIn = new WeakMap<Browser, Map<string, Page>>();

/** A person signed in through the local sign-in page, in a browser context of their own (one per person and width). */
export async function pageAs(browser: Browser, base: string, who: Person, width = 1280): Promise<Page> {
  const pages = signedIn.get(browser) ?? new Map<string, Page>();
  signedIn.set(browser, pages);
  const key = `${JSON.stringify(who)}@${width}`;
  const open = pages.get(key);
  if (open) return open;
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${base}/workbench/`);
  await page.getByLabel(/^姓名/).fill(who.name);
  await page.getByLabel(/^身份/).selectOption(who.role);
  if (who.unit) await page.getByLabel(/^所在单位/).selectOption(who.unit);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`${base}/workbench/`);
  pages.set(key, page);
  return page;
}

/** The form of a step on a case's page, by its Chinese title (opening 其他可办理事项 when it is there). */
export async function stepForm(page: Page, title: string): Promise<Locator> {
  const section = page
    .locator('section.step')
    .filter({ has: page.locator('h3', { hasText: new RegExp(`^${title}`) }) });
  if (!(await section.isVisible())) await page.locator('details > summary', { hasText: '其他可办理事项' }).click();
  await shown(section);
  return section;
}

/** Send a step's form and expect it taken (已提交), not refused. */
export async function submitStep(page: Page, section: Locator): Promise<void> {
  await section.locator('button[type="submit"]:not([name]):not(.default-submit)').click();
  await page.waitForLoadState('load');
  expect(await page.locator('p.refusal').count()).toBe(0);
  expect(await textOf(page.locator('p.notice'))).toContain('已提交');
}
