/**
 * A PostgreSQL server run from the machine's binaries (`initdb`, `postgres`; scripts/bootstrap.js installs Debian's
 * `postgresql` for `npm test` and `npm run cluster` when they are missing), listening on 127.0.0.1 only.
 *
 * - Throwaway (tests): a temporary folder, trust authentication, no fsync; `stop()` removes it.
 * - Kept (`npm run cluster`): a folder of the data directory that survives restarts, a superuser with a password
 *   (scram-sha-256), fsync on; initialised once.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from './processes';
import { postgresBinDir } from './tools';

const run = promisify(execFile);

export interface PostgresServer {
  /** `postgres://<superuser>[:password]@127.0.0.1:<port>/postgres` */
  url: string;
  port: number;
  /** A new, empty database on this server; its URL. */
  createDatabase(): Promise<string>;
  /** Stop the server (fast shutdown); a throwaway server's folder is removed. */
  stop(): Promise<void>;
  /** Stop without removing anything (an outage); `start()` brings it back on the same port. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** The server's process id while it runs. */
  pid(): number | undefined;
}

export interface PostgresOptions {
  /** A folder to keep the cluster in (created and initialised once); default: a new temporary folder, removed at stop. */
  folder?: string;
  /** Default `postgres`. */
  superuser?: string;
  /** With a password: scram-sha-256 on 127.0.0.1; without: trust. */
  password?: string;
  /** Default: a free port. */
  port?: number;
}

/** The server refuses to run as root: as root, it runs as the `postgres` user (Debian's package creates it). */
async function serverUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const { stdout: uid } = await run('id', ['-u', 'postgres']);
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

async function ready(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited (${child.exitCode}): ${log()}`);
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`postgres did not start: ${(err as Error).message}: ${log()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL binaries not found: run "npm test" (it installs them) or set POSTGRES_BIN_DIR');
  const throwaway = !options.folder;
  const dir = options.folder ? path.resolve(options.folder) : mkdtempSync(path.join(tmpdir(), 'pg-'));
  const data = path.join(dir, 'data');
  const superuser = options.superuser ?? 'postgres';
  const user = await serverUser();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (user) chownSync(dir, user.uid, user.gid);
  if (!existsSync(path.join(data, 'PG_VERSION'))) {
    const auth = options.password ? ['--auth=scram-sha-256', `--pwfile=${path.join(dir, 'pwfile')}`] : ['--auth=trust'];
    if (options.password) {
      writeFileSync(path.join(dir, 'pwfile'), options.password, { mode: 0o600 });
      if (user) chownSync(path.join(dir, 'pwfile'), user.uid, user.gid);
    }
    try {
      await run(path.join(bin, 'initdb'), ['-D', data, '-U', superuser, ...auth, '--encoding=UTF8', '--locale=C'], {
        ...user,
        cwd: dir,
      });
    } finally {
      rmSync(path.join(dir, 'pwfile'), { force: true });
    }
  }
  const port = options.port ?? (await freePort());
  const credentials = options.password ? `${superuser}:${encodeURIComponent(options.password)}` : superuser;
  const url = `postgres://${credentials}@127.0.0.1:${port}/postgres`;
  let child: ChildProcess | undefined;
  let output = '';
  const start = async () => {
    const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1'];
    args.push('-c', 'max_connections=200');
    if (throwaway) args.push('-c', 'fsync=off', '-c', 'full_page_writes=off');
    const started = spawn(path.join(bin, 'postgres'), args, { ...user, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    started.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    started.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    await ready(url, started, () => output);
  };
  const kill = async () => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((r) => running.once('exit', r));
    // SIGINT: fast shutdown (open connections are cut, as in an outage).
    running.kill('SIGINT');
    await exited;
  };
  await start();
  return {
    url,
    port,
    pid: () => (child && child.exitCode === null && child.signalCode === null ? child.pid : undefined),
    async createDatabase() {
      const name = `cases_${randomUUID().replace(/-/g, '')}`;
      const admin = new Client({ connectionString: url });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      return url.replace(/\/postgres$/, `/${name}`);
    },
    kill,
    start,
    async stop() {
      await kill();
      if (throwaway) rmSync(dir, { recursive: true, force: true });
    },
  };
}
