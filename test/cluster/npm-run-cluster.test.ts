import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../lib/infra/tools';
import { freePortRange } from '../../scripts/cluster';

/**
 * Issue 37 (the defect it names first): `npm run cluster` itself, as a person runs it, from a fresh checkout of this
 * tree (its tracked and new files; no .data, no dist), as root (as on these machines and in containers, where
 * PostgreSQL runs as the user `postgres` and must pass through the checkout's 0700 `.data/`) and as an ordinary user.
 * What the checkout would download or build (node_modules, `.tools/` with the Temporal server built from the Go module
 * proxy) is linked from this checkout: `.ci/run` on a fresh clone proves those installs.
 */
const nobody = { uid: 65534, gid: 65534 };

/** A fresh checkout of the working tree in a new folder (owned by `owner`), with the installs linked. */
function freshCheckout(owner?: { uid: number; gid: number }, dist?: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'npm-run-cluster-'));
  execFileSync(
    'sh',
    [
      '-c',
      'git ls-files -z --cached --others --exclude-standard | tar -c --null -T - -f - | tar -x -f - -C "$1"',
      'sh',
      dir,
    ],
    { cwd: projectRoot, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (owner) {
    // The checkout is the user's; the linked installs stay root's (read-only to the user, as a shared cache would be).
    execFileSync('chown', ['-R', `${owner.uid}:${owner.gid}`, dir]);
    mkdirSync(path.join(dir, '.home'), { recursive: true });
    execFileSync('chown', [`${owner.uid}:${owner.gid}`, path.join(dir, '.home')]);
  }
  for (const installed of ['node_modules', '.tools'])
    execFileSync('cp', ['-al', path.join(projectRoot, installed), path.join(dir, installed)]);
  // The build of the first checkout, when given (the same sources: `npm run cluster` finds it up to date).
  if (dist) execFileSync('cp', ['-a', dist, path.join(dir, 'dist')]);
  return dir;
}

/** `npm run cluster -- --base-port …` in `dir`, as root or as `owner`, in a process group of its own (Ctrl-C's). */
function npmRunCluster(dir: string, basePort: number, owner?: { uid: number; gid: number }) {
  const env = {
    PATH: process.env.PATH!,
    LANG: 'C.UTF-8',
    ...(owner ? { HOME: path.join(dir, '.home'), npm_config_cache: path.join(dir, '.home', '.npm') } : {}),
    ...(process.env.POSTGRES_BIN_DIR ? { POSTGRES_BIN_DIR: process.env.POSTGRES_BIN_DIR } : {}),
  };
  const child = spawn('npm', ['run', 'cluster', '--', '--base-port', String(basePort)], {
    cwd: dir,
    env: owner ? env : { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output };
}

/** Whether any process of the group `pgid` still runs. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until<T>(what: string, probe: () => T | undefined, ms: number, output: () => string): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 1000))) {
    const found = probe();
    if (found !== undefined) return found;
  }
  throw new Error(`${what} within ${ms / 1000} s; the command printed:\n${output().slice(-6000)}`);
}

/** Up, answering on its first API, and stopped in order by Ctrl-C (exit 0, nothing left listening). */
async function walk(dir: string, owner?: { uid: number; gid: number }): Promise<void> {
  const basePort = await freePortRange();
  const run = npmRunCluster(dir, basePort, owner);
  let child: ChildProcess | undefined = run.child;
  try {
    const api = await until(
      'the cluster did not say it runs',
      () => /API:\s+(http:\/\/\S+)/.exec(run.output())?.[1],
      600_000,
      run.output,
    );
    const health = await fetch(`${api}/health`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok', temporal: true }]);
    // PostgreSQL's data is where the README says, and `.data/` still lets nobody list it.
    expect(statSync(path.join(dir, '.data', 'cluster', 'postgres', 'data', 'PG_VERSION')).isFile()).toBe(true);
    expect(statSync(path.join(dir, '.data')).mode & 0o044).toBe(0);
    // Ctrl-C reaches the whole group (npm ends on it at once, as it does in a terminal); the cluster stops its parts
    // in order, and then nothing of it is left: no process of the group, no API, no PostgreSQL.
    process.kill(-run.child.pid!, 'SIGINT');
    await until('the cluster did not stop', () => (groupAlive(run.child.pid!) ? undefined : true), 120_000, run.output);
    child = undefined;
    expect(run.output()).toContain('SIGINT: stopping the APIs, the workers, Temporal and PostgreSQL');
    await expect(fetch(`${api}/health`)).rejects.toThrow();
    expect(existsSync(path.join(dir, '.data', 'cluster', 'postgres', 'data', 'postmaster.pid'))).toBe(false);
  } finally {
    if (child?.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

describe('npm run cluster from a fresh checkout (issue 37)', () => {
  const made: string[] = [];
  let dist: string | undefined;
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  // Root can walk both; an ordinary user is the ordinary user's case itself.
  const root = process.getuid?.() === 0;
  test(
    root
      ? 'as root: PostgreSQL (the user postgres) passes through the 0700 .data/ of the checkout; the cluster comes up, answers, and stops on Ctrl-C'
      : 'as this ordinary user: the cluster comes up, answers, and stops on Ctrl-C',
    async () => {
      const dir = freshCheckout();
      made.push(dir);
      await walk(dir);
      dist = path.join(dir, 'dist');
    },
    900_000,
  );

  if (root)
    test('as an ordinary user (nobody, in a checkout of its own): the same, with PostgreSQL run as that user', async () => {
      const dir = freshCheckout(nobody, dist);
      made.push(dir);
      await walk(dir, nobody);
    }, 900_000);
});
