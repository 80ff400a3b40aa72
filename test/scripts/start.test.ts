import type { ChildProcess } from 'node:child_process';
import { freePort } from '../../lib/infra/processes';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { signToken } from '../../lib/infra/tokens';
import { npmStart } from '../helpers/npm-start';

const root = path.join(__dirname, '../..');

/** `npm start`'s program (dist/scripts/start.js), as a user runs it: embedded Temporal, worker, API; Ctrl-C stops all. */
describe('npm start: the embedded default runs everything, stops cleanly on Ctrl-C and keeps the cases', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'start-'));
  let ports: { temporal: number; ui: number; api: number };

  beforeAll(async () => {
    execFileSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'ignore' });
    ports = { temporal: await freePort(), ui: await freePort(), api: await freePort() };
  }, 120_000);

  const start = () => npmStart(dataDir, ports);

  async function stop(child: ChildProcess): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    return exited;
  }

  test('it prints the URLs, serves the API and Temporal UI, takes a case, stops on Ctrl-C, and the case is there after a restart', async () => {
    const first = await start();
    expect(first.output()).toContain(`API docs     http://localhost:${ports.api}/docs`);
    expect(first.output()).toContain(`Temporal UI  http://localhost:${ports.ui}/namespaces/default/workflows`);
    expect((await fetch(`http://localhost:${ports.ui}/`)).status).toBe(200);
    expect((await fetch(`http://localhost:${ports.api}/docs/`)).status).toBe(200);

    const secret = readFileSync(path.join(dataDir, 'jwt-secret'), 'utf8').trim();
    const office = `Bearer ${signToken(secret, { sub: 'o', role: 'office' })}`;
    const started = await fetch(`http://localhost:${ports.api}/patrols`, {
      method: 'POST',
      headers: { authorization: office, 'content-type': 'application/json' },
      body: JSON.stringify({
        year: 2026,
        serial: 1,
        targetUnit: 'jinzhong',
        grounds: { sources: ['other'], summary: '重启后仍在' },
      }),
    });
    expect(started.status).toBe(201);

    expect(await stop(first.child)).toBe(0);
    // Everything is down: the API port and Temporal's port refuse connections.
    await expect(fetch(`http://localhost:${ports.api}/health`)).rejects.toThrow();
    await expect(fetch(`http://localhost:${ports.ui}/`)).rejects.toThrow();

    const second = await start();
    try {
      const res = await fetch(`http://localhost:${ports.api}/cases/patrol-2026-jinzhong-0001`, {
        headers: { authorization: office },
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { grounds: { summary: string } }).grounds.summary).toBe('重启后仍在');
    } finally {
      expect(await stop(second.child)).toBe(0);
    }
  }, 180_000);

  test('issue 30 item 1: npm start on a network address (HOST=0.0.0.0) refuses to start, naming the settings, and starts nothing', async () => {
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'start-unsafe-'));
    const refused = npmStart(elsewhere, ports, { HOST: '0.0.0.0' });
    await expect(refused).rejects.toThrow(/WORKBENCH_LOCAL_SIGNIN=true[^\n]*HOST=0\.0\.0\.0/);
    // Refused before the embedded Temporal server was started: none was left behind.
    expect(existsSync(path.join(elsewhere, 'temporal.pid'))).toBe(false);
  }, 60_000);

  test('after kill -9 of npm start, the next start stops the dev server it left behind (on purpose, and says so) and runs as usual', async () => {
    const first = await start();
    const pidFile = path.join(dataDir, 'temporal.pid');
    const serverPid = Number(readFileSync(pidFile, 'utf8'));
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    // The server outlived it (its own process group): it still answers on its port.
    expect(() => process.kill(serverPid, 0)).not.toThrow();
    expect((await fetch(`http://localhost:${ports.ui}/`)).status).toBe(200);

    const second = await start();
    try {
      expect(second.output()).toContain('a Temporal dev server left by an earlier npm start');
      expect(() => process.kill(serverPid, 0)).toThrow();
      expect(Number(readFileSync(pidFile, 'utf8'))).not.toBe(serverPid);
      expect((await fetch(`http://localhost:${ports.api}/health/live`)).status).toBe(200);
      const ready = await fetch(`http://localhost:${ports.api}/health/ready`);
      expect([ready.status, await ready.json()]).toEqual([
        200,
        { status: 'ready', temporal: true, store: true, workers: 1 },
      ]);
    } finally {
      expect(await stop(second.child)).toBe(0);
    }
    expect(existsSync(pidFile)).toBe(false);
  }, 180_000);
});
