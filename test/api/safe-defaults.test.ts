/**
 * Issue 30, safe by default: a deployment nobody walks into.
 * - item 1: local sign-in is off unless asked for, and never with a HOST, PUBLIC_URL or TRUST_PROXY off this machine;
 * - item 3: behind a proxy (TRUST_PROXY), the rate limits are the real client's, and only a named proxy is believed;
 * - item 4: receipts (a reporter's or an objector's key) never reach a log line, over HTTP or in-process;
 * - item 8: statistics CSV cells are never formulas; every secret can come from a file (NAME_FILE).
 * On real parts: a Temporal dev server, the worker, the API listening on a real port.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Client, Connection } from '@temporalio/client';
import { buildApp } from '../../api/app';
import { withSecretFiles } from '../../lib/infra/secret-files';
import { newReceipt } from '../../lib/public-reports/receipts';
import { signToken } from '../../lib/infra/tokens';
import { CaseStore } from '../../lib/store/case-store';
import { parseCodecKeys } from '../../lib/infra/codec';
import type { TestSystem } from '../helpers/system';
import { people, startSystem } from '../helpers/system';
import { browserOf, csrfOf } from '../helpers/workbench';

/** One request over real HTTP from a chosen loopback source address (127.0.0.2 is another peer than 127.0.0.1). */
function request(
  port: number,
  o: { method: string; path: string; from?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: o.method,
        path: o.path,
        localAddress: o.from ?? '127.0.0.1',
        headers: { ...(o.body ? { 'content-type': 'application/json' } : {}), ...o.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

describe('issue 30: the API on a real port, behind a trusted proxy (TRUST_PROXY=127.0.0.1)', () => {
  let sys: TestSystem;
  let port: number;
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const unitsDir = mkdtempSync(path.join(os.tmpdir(), 'safe-defaults-'));
  const unitsFile = path.join(unitsDir, 'units.json');
  const formulaUnit = '=HYPERLINK("http://evil.example/","点击查看")';

  beforeAll(async () => {
    const registry = JSON.parse(readFileSync(path.join(__dirname, '../../data/units.json'), 'utf8')) as {
      units: Array<{ code: string; name: string; kind: string; parent?: string }>;
    };
    registry.units.push({ code: 'formula-county', name: formulaUnit, kind: 'county', parent: 'taiyuan' });
    writeFileSync(unitsFile, JSON.stringify(registry));
    sys = await startSystem({
      logSink: sink,
      apiEnv: {
        TRUST_PROXY: '127.0.0.1',
        WORKBENCH_LOCAL_SIGNIN: 'false',
        PUBLIC_REPORTS_PER_HOUR: '2',
        UNITS_FILE: unitsFile,
      },
    });
    await sys.app.listen({ host: '127.0.0.1', port: 0 });
    port = (sys.app.server.address() as { port: number }).port;
  }, 180_000);
  afterAll(async () => sys?.close());

  // A filing that the schema refuses still counts against the address's hourly limit, and files nothing.
  const fileFrom = (from: string, forwardedFor?: string) =>
    request(port, {
      method: 'POST',
      path: '/public-reports',
      from,
      body: JSON.stringify({ targetUnit: 'taiyuan' }),
      ...(forwardedFor ? { headers: { 'x-forwarded-for': forwardedFor } } : {}),
    });

  test('item 3: from the trusted proxy, each client (X-Forwarded-For) has its own limit of public reports', async () => {
    const a = [await fileFrom('127.0.0.1', '203.0.113.7'), await fileFrom('127.0.0.1', '203.0.113.7')];
    expect(a.map((r) => r.status)).toEqual([400, 400]);
    expect((await fileFrom('127.0.0.1', '203.0.113.7')).status).toBe(429);
    // Another person behind the same proxy is not blocked by the first one's reports.
    expect((await fileFrom('127.0.0.1', '198.51.100.23')).status).toBe(400);
  });

  test('item 3: from a peer that is not a named proxy, X-Forwarded-For is not believed (it cannot dodge the limit)', async () => {
    const statuses: number[] = [];
    for (const forged of ['192.0.2.1', '192.0.2.2', '192.0.2.3'])
      statuses.push((await fileFrom('127.0.0.2', forged)).status);
    expect(statuses).toEqual([400, 400, 429]);
    // The log line names the peer, not the forged address.
    const logged = lines.map((l) => JSON.parse(l) as { req?: { url?: string; remoteAddress?: string } });
    const fromPeer = logged.filter((l) => l.req?.url === '/public-reports' && l.req.remoteAddress === '127.0.0.2');
    expect(fromPeer.length).toBeGreaterThanOrEqual(3);
    expect(logged.some((l) => l.req?.remoteAddress?.startsWith('192.0.2.'))).toBe(false);
  });

  test('item 4: an objection receipt and a report receipt never reach a log line, over HTTP or from the workbench', async () => {
    const objectionReceipt = newReceipt();
    const reportReceipt = newReceipt();
    const viaWorkbenchObjection = newReceipt();
    const viaWorkbenchReport = newReceipt();
    expect(
      (await request(port, { method: 'GET', path: `/award-rounds/award-round-2026/objections/${objectionReceipt}` }))
        .status,
    ).toBe(404);
    expect((await request(port, { method: 'GET', path: `/public-reports/${reportReceipt}` })).status).toBe(404);
    // The workbench's public look-ups call the API in-process with the receipt in the path.
    const visitor = browserOf(sys);
    for (const [url, receipt] of [
      ['/workbench/public/receipt?round=award-round-2026', viaWorkbenchObjection],
      ['/workbench/public/receipt', viaWorkbenchReport],
    ] as const) {
      const page = await visitor.get(url);
      expect(page.statusCode).toBe(200);
      const answer = await visitor.post(url, { _csrf: csrfOf(page.body), receipt });
      expect(answer.statusCode).toBeLessThan(500);
    }
    const text = lines.join('\n');
    // The requests were logged (with the receipt taken out), so their absence is not for want of a log line.
    // Each twice at least: the request over HTTP and the workbench's in-process call.
    const count = (needle: string) => text.split(needle).length - 1;
    expect(count('"url":"/award-rounds/award-round-2026/objections/[receipt]"')).toBeGreaterThanOrEqual(2);
    expect(count('"url":"/public-reports/[receipt]"')).toBeGreaterThanOrEqual(2);
    for (const receipt of [objectionReceipt, reportReceipt, viaWorkbenchObjection, viaWorkbenchReport]) {
      expect([receipt, text.includes(receipt), text.includes(receipt.replace(/-/g, ''))]).toEqual([
        receipt,
        false,
        false,
      ]);
    }
  });

  test('item 8: a unit name that is a spreadsheet formula is written to the statistics CSV as text, not as a formula', async () => {
    const csv = await request(port, {
      method: 'GET',
      path: '/statistics/units.csv?year=2026',
      headers: { authorization: `Bearer ${sys.token(people.office)}` },
    });
    expect(csv.status).toBe(200);
    const row = csv.body.split('\n').find((l) => l.includes('formula-county'))!;
    expect(row).toBeDefined();
    // csv-stringify quotes the cell (it holds quotes and a comma) and prefixes it with ' inside the quotes.
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example/"",""点击查看"")"`);
    for (const l of csv.body.split('\n')) expect(l.split(',').some((cell) => /^"?[=+@]/.test(cell))).toBe(false);
  });

  test('item 1: with WORKBENCH_LOCAL_SIGNIN=false no one signs in by picking a role', async () => {
    const page = await request(port, { method: 'GET', path: '/workbench/signin' });
    expect(page.body).not.toContain('name="role"');
    const post = await request(port, {
      method: 'POST',
      path: '/workbench/signin',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: '张三', role: 'office' }).toString(),
    });
    expect(post.status).toBeGreaterThanOrEqual(400);
    expect(post.headers['set-cookie']?.join(';') ?? '').not.toMatch(/workbench_session=[^;]+\./);
  });
});

describe('issue 30: settings a deployment cannot start with', () => {
  const secret = randomBytes(32).toString('hex');
  let store: CaseStore;
  let connection: Connection;
  const build = (env: Record<string, string>) =>
    buildApp({
      temporalClient: new Client({ connection }),
      store,
      codecKeys: parseCodecKeys(`t:${randomBytes(32).toString('base64')}`),
      env: { MAX_EVENT_LOOP_DELAY_MS: '0', ...env },
    });

  beforeAll(async () => {
    store = await CaseStore.open('pglite:memory');
    // These apps are built and closed: they never reach Temporal.
    connection = Connection.lazy({ address: '127.0.0.1:1' });
  }, 60_000);
  afterAll(async () => {
    await store?.close();
  });

  test('item 1: local sign-in is off by default', async () => {
    const app = await build({ AUTH_JWT_SECRET: secret });
    expect(app.config.WORKBENCH_LOCAL_SIGNIN).toBe(false);
    const page = await app.inject({ method: 'GET', url: '/workbench/signin' });
    expect(page.body).not.toContain('name="role"');
    await app.close();
  });

  test.each([
    ['HOST', { HOST: '0.0.0.0' }],
    ['HOST', { HOST: '::' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'https://fupin.shanxi.gov.cn' }],
    ['TRUST_PROXY', { TRUST_PROXY: '10.0.0.5' }],
  ])('item 1: local sign-in on a network (%s) refuses to start, naming the setting', async (setting, env) => {
    await expect(build({ AUTH_JWT_SECRET: secret, WORKBENCH_LOCAL_SIGNIN: 'true', ...env })).rejects.toThrow(
      new RegExp(`WORKBENCH_LOCAL_SIGNIN.*${setting}=`),
    );
  });

  test('item 1: local sign-in on loopback (what npm start does) starts', async () => {
    const app = await build({
      AUTH_JWT_SECRET: secret,
      WORKBENCH_LOCAL_SIGNIN: 'true',
      HOST: '127.0.0.1',
      PUBLIC_URL: 'http://localhost:3000',
    });
    expect((await app.inject({ method: 'GET', url: '/workbench/signin' })).body).toContain('name="role"');
    await app.close();
  });

  test('item 3: a TRUST_PROXY that is not a list of addresses stops the start, naming it', async () => {
    await expect(build({ AUTH_JWT_SECRET: secret, TRUST_PROXY: '10.0.0.0/99' })).rejects.toThrow(/TRUST_PROXY/);
  });

  test('item 8: every secret can be read from a file (NAME_FILE); both ways at once, or a missing file, stop the start', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'secret-files-'));
    const file = path.join(dir, 'jwt');
    writeFileSync(file, `${secret}\n`);
    const app = await build({ AUTH_JWT_SECRET_FILE: file });
    const who = signToken(secret, people.office);
    expect(
      (await app.inject({ method: 'GET', url: '/cases', headers: { authorization: `Bearer ${who}` } })).statusCode,
    ).not.toBe(401);
    const stranger = signToken(randomBytes(32).toString('hex'), people.office);
    expect(
      (await app.inject({ method: 'GET', url: '/cases', headers: { authorization: `Bearer ${stranger}` } })).statusCode,
    ).toBe(401);
    await app.close();
    await expect(build({ AUTH_JWT_SECRET_FILE: file, AUTH_JWT_SECRET: 'y'.repeat(40) })).rejects.toThrow(
      /AUTH_JWT_SECRET and AUTH_JWT_SECRET_FILE are both set/,
    );
    await expect(build({ AUTH_JWT_SECRET_FILE: path.join(dir, 'missing') })).rejects.toThrow(
      /AUTH_JWT_SECRET_FILE=.*cannot be read/,
    );
    // Files the project reads itself keep their meaning.
    expect(withSecretFiles({ UNITS_FILE: '/nowhere/units.json' })).toEqual({ UNITS_FILE: '/nowhere/units.json' });
    expect(withSecretFiles({ METRICS_TOKEN_FILE: file })).toMatchObject({ METRICS_TOKEN: secret });
  });
});
