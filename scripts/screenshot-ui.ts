// `npm run screenshot`: Temporal UI in a real browser, opening a sealed case through the API's codec server, as an
// operator of the office sees it. Starts its own instance (ports 7263/8263/3030, data in .data/screenshot), walks a
// patrol a few steps and a year's plan to its round (started by hand), signs in to the codec session, and saves the
// docs' pictures: docs/images/temporal-ui-codec.png (the case), temporal-ui-metadata.png (its User Metadata tab:
// summary and current details), temporal-ui-compact.png (the Compact view: named timers and activities) and
// temporal-ui-schedule.png (the round's Schedule, paused after the manual start).
// Needs Debian's chromium (CHROMIUM_PATH to use another) and a CJK font (fonts-wqy-zenhei); not part of the tests.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../lib/infra/tools';

Object.assign(process.env, {
  DATA_DIR: '.data/screenshot',
  TEMPORAL_PORT: '7263',
  TEMPORAL_UI_PORT: '8263',
  PORT: '3030',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
});

async function main(): Promise<void> {
  rmSync(path.join(projectRoot, '.data/screenshot'), { recursive: true, force: true });
  const { startEverything } = await import('./start');
  const { signToken } = await import('../lib/infra/tokens');
  const { localJwtSecret } = await import('../lib/infra/local-secret');
  const { patrolMainPath, proposal, walkPeople } = await import('./patrol-walk');
  const { launchChromium } = await import('../lib/infra/chromium');

  const system = await startEverything();
  const secret = localJwtSecret(system.config.api);
  const people = walkPeople('taiyuan', 'g-2026-01');
  const token = (who: keyof typeof people) => signToken(secret, people[who]);
  const post = async (who: keyof typeof people, url: string, body: object) => {
    const res = await fetch(`${system.apiUrl}${url}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token(who)}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { caseId?: string };
  };
  const { caseId } = await post('leadingGroup', '/patrols', proposal(2026, 1, 'taiyuan'));
  for (const [who, url, body] of patrolMainPath('g-2026-01').slice(0, 5))
    await post(who, `/patrols/${caseId}/${url}`, body);
  // The year's plan, approved (its round goes on a Schedule), and the round started by hand (the Schedule is paused).
  await post('office', '/supervision-plans', { year: 2026, month: 12, crossInspection: true });
  await post('leadingGroup', '/supervision-plans/2026/approval', { decision: 'approve' });
  await post('leadingGroup', '/supervision-plans/2026/round', {});

  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
    // 1. An office session for the codec server: a cookie only /codec receives.
    await page.goto(`${system.apiUrl}/codec/session`);
    await page.fill('textarea[name=token]', token('office'));
    await page.click('button');
    await page.waitForLoadState('networkidle');
    // 2. Temporal UI's codec settings in this browser: the endpoint, and "Include cross-origin credentials" (the cookie).
    await page.goto(system.uiUrl);
    await page.evaluate(
      `localStorage.setItem('overrideRemoteCodecConfiguration', 'true');
       localStorage.setItem('endpoint', JSON.stringify('${system.apiUrl}/codec'));
       localStorage.setItem('includeCredentials', 'true');`,
    );
    page.on('response', (r) => {
      if (r.url().includes('/codec/'))
        process.stderr.write(`codec ${r.request().method()} ${r.url()} → ${r.status()}\n`);
    });
    // 3. The case, opened: its input, summaries and timers are read through the codec server.
    await page.goto(`${system.uiUrl}/namespaces/${system.namespace}/workflows/${caseId}`);
    await page.getByText('群众反映危房改造资金被截留').first().waitFor({ timeout: 30_000 });
    const out = path.join(projectRoot, 'docs/images/temporal-ui-codec.png');
    mkdirSync(path.dirname(out), { recursive: true });
    await page.screenshot({ path: out, fullPage: false });
    process.stdout.write(`saved ${path.relative(projectRoot, out)}\n`);
    const shot = async (name: string) => {
      const file = path.join(projectRoot, 'docs/images', name);
      await page.waitForTimeout(1500);
      await page.screenshot({ path: file, fullPage: false });
      process.stdout.write(`saved ${path.relative(projectRoot, file)}\n`);
    };
    /** Wait for a text on the page; if it does not show in 15 s, say so and take the picture anyway. */
    const shown = (text: RegExp, what: string) =>
      page
        .getByText(text)
        .first()
        .waitFor({ timeout: 15_000 })
        .catch(() => process.stderr.write(`${what} did not show within 15 s\n`));
    // 4. Its User Metadata tab: the summary and the current details (stage, who is awaited, by when).
    await page
      .getByRole('tab', { name: /User Metadata/i })
      .first()
      .click();
    await shown(/当前阶段/, 'the current details');
    await shot('temporal-ui-metadata.png');
    // 5. The history in the Compact view: timers and activities by name.
    await page
      .getByRole('tab', { name: /History/i })
      .first()
      .click()
      .catch(() => undefined);
    await page
      .getByText(/Compact/i)
      .first()
      .click();
    await shot('temporal-ui-compact.png');
    // 6. The Schedule of the year's round, paused after the manual start.
    await page.goto(`${system.uiUrl}/namespaces/${system.namespace}/schedules/supervision-round-2026`);
    await shown(/手动启动/, 'the Schedule note');
    await shot('temporal-ui-schedule.png');
  } finally {
    await browser.close();
    await system.stop('screenshot taken');
  }
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
