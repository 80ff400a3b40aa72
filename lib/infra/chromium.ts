import type { Browser } from 'playwright-core';

/**
 * Headless Chromium for the workbench's browser tests and the screenshots: Debian's `chromium` (the bootstrap installs
 * it; `CHROMIUM_PATH` names another), with no sandbox (it runs as root here) and none of its background connections,
 * which this machine's closed network refuses many at a time.
 */
export async function launchChromium(): Promise<Browser> {
  // playwright-core is a development dependency: loaded only by the scripts and tests that drive a browser. Its path
  // is a tool's, not a setting of the system (docs/configuration.md, "Tests and tools").
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
