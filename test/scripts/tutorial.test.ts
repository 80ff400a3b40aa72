import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../lib/infra/processes';
import { signToken } from '../../lib/infra/tokens';
import { npmStart, stopStart } from '../helpers/npm-start';

const root = path.join(__dirname, '../..');
const bootstrap = path.join(root, 'scripts/bootstrap.js');

/** The bash blocks of docs/tutorial.md, in order: what a reader pastes. */
const tutorialCommands = () =>
  [...readFileSync(path.join(root, 'docs/tutorial.md'), 'utf8').matchAll(/```bash\n([\s\S]*?)```/g)]
    .map((m) => m[1])
    .join('\n');

/**
 * docs/tutorial.md, run as written against a fresh `npm start` (its own ports and data folder): every command of it in
 * one bash with `set -euo pipefail`, so a step the API refuses (curl --fail-with-body) fails this test. The patrol it
 * walks (Chapter 3, Art. 12–16) must end closed, and its tokens come from `npm run token`.
 */
describe('docs/tutorial.md: one patrol with curl, from proposal to closing (Art. 12–16)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tutorial-'));
  let api: string;
  let child: ChildProcess;

  beforeAll(async () => {
    // Builds once if dist/ is older than the sources (as the first `npm run token` would).
    execFileSync(process.execPath, [bootstrap, 'token', '--help'], { cwd: root, stdio: 'ignore' });
    const ports = { temporal: await freePort(), ui: await freePort(), api: await freePort() };
    api = `http://localhost:${ports.api}`;
    const started = await npmStart(dataDir, ports);
    child = started.child;
  }, 240_000);

  afterAll(async () => {
    if (child) await stopStart(child);
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  test('npm run token -- --help prints every option and an example for each role, and exits 0', () => {
    const help = spawnSync(process.execPath, [bootstrap, 'token', '--help'], { cwd: root, encoding: 'utf8' });
    expect(help.status).toBe(0);
    for (const option of ['--role', '--unit', '--group', '--name', '--sub', '--expires', '--help'])
      expect(help.stdout).toContain(option);
    for (const role of ['office', 'leading-group', 'committee', 'group-leader', 'unit', 'discipline', 'public'])
      expect(help.stdout).toContain(`--role ${role}`);
    expect(help.stdout).toContain('--role discipline --unit discipline-commission');
    const wrong = spawnSync(process.execPath, [bootstrap, 'token', '--role', 'mayor'], { cwd: root, encoding: 'utf8' });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('--role is required');
  });

  test('every command of the tutorial succeeds, in order, and the patrol ends closed', () => {
    const run = spawnSync('bash', ['-c', `set -euo pipefail\n${tutorialCommands()}`], {
      cwd: root,
      env: { ...process.env, API: api, DATA_DIR: dataDir },
      encoding: 'utf8',
      timeout: 240_000,
    });
    if (run.status !== 0) throw new Error(`the tutorial stopped (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
    const answers = run.stdout.trim().split('\n');
    // One answer per call, each JSON; the last is the office's view of the closed case.
    expect(answers).toHaveLength(tutorialCommands().match(/^call /gm)!.length);
    expect(JSON.parse(answers.at(-1)!)).toMatchObject({ caseId: 'patrol-2026-taiyuan-0001', stage: 'closed' });
  }, 300_000);

  test('the unit of the tutorial never sees the grounds or who reported (Art. 12, need to know)', async () => {
    const secret = readFileSync(path.join(dataDir, 'jwt-secret'), 'utf8').trim();
    const unit = signToken(secret, { sub: 'u', role: 'unit', unit: 'taiyuan' });
    const res = await fetch(`${api}/cases/patrol-2026-taiyuan-0001`, { headers: { authorization: `Bearer ${unit}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('已核实，补助资金将于本月补发到户');
    expect(text).not.toContain('群众反映危房改造资金被截留');
  });
});
