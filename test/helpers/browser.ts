/** A test system listening on a port of its own, and a headless Chromium to walk its pages (the browser tests). */
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
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
