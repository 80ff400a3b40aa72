/** A test system listening on a port of its own, and a headless Chromium to walk its pages (the browser tests). */
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
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
