/**
 * PostgreSQL's own programs for `npm run backup` and `npm run restore` (`pg_dump`, `pg_restore`), found as the tests
 * find the server's (lib/infra/tools.ts): `POSTGRES_BIN_DIR`, else Debian's folders (/usr/lib/postgresql/<major>/bin),
 * else the PATH. `pg_dump` must be of the server's major version or newer, so the one closest to the server's is
 * taken.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { BackupError } from './backup-file';

const run = promisify(execFile);

export interface PostgresTool {
  path: string;
  /** `pg_dump (PostgreSQL) 15.13 (Debian 15.13-0+deb12u1)` */
  version: string;
  major: number;
}

/** `name` of the given server's major version, or the closest newer one; refused naming what to install. */
export async function postgresTool(name: string, serverMajor: number, env: NodeJS.ProcessEnv): Promise<PostgresTool> {
  const debian = '/usr/lib/postgresql';
  const dirs = env.POSTGRES_BIN_DIR
    ? [env.POSTGRES_BIN_DIR]
    : [
        ...(existsSync(debian) ? readdirSync(debian).map((v) => path.join(debian, v, 'bin')) : []),
        ...(env.PATH ?? '').split(path.delimiter).filter(Boolean),
      ];
  const found: PostgresTool[] = [];
  for (const dir of dirs) {
    const file = path.join(dir, name);
    if (!existsSync(file)) continue;
    const version = await run(file, ['--version']).then(
      (r) => r.stdout.trim(),
      () => '',
    );
    const major = Number(/\(PostgreSQL\)\s+(\d+)/.exec(version)?.[1]);
    if (major) found.push({ path: file, version, major });
  }
  const fit = found.filter((t) => t.major >= serverMajor).sort((a, b) => a.major - b.major)[0];
  if (fit) return fit;
  const where = env.POSTGRES_BIN_DIR ? `POSTGRES_BIN_DIR=${env.POSTGRES_BIN_DIR}` : 'this machine';
  throw new BackupError(
    found.length
      ? `${name} of PostgreSQL ${serverMajor} or newer is needed for this server, and ${where} has ${found
          .map((t) => t.major)
          .join(
            ', ',
          )}: install PostgreSQL ${serverMajor}'s client (Debian: apt-get install postgresql-client-${serverMajor}) or set POSTGRES_BIN_DIR to its folder`
      : `${name} was not found on ${where}: install PostgreSQL ${serverMajor}'s client (Debian: apt-get install postgresql-client-${serverMajor}) or set POSTGRES_BIN_DIR to its folder`,
  );
}

/** A connection URL without its password, which goes to the program in `PGPASSWORD` (never on its command line). */
export function splitPassword(location: string): { url: string; password?: string } {
  const url = new URL(location);
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  url.password = '';
  return { url: url.toString(), ...(password ? { password } : {}) };
}

/**
 * Run a PostgreSQL program with the connection's password in its environment; resolves with its exit code and the end
 * of what it wrote to stderr. `onStdout` receives its output as a stream (pg_dump's dump).
 */
export async function runTool(
  tool: PostgresTool,
  args: string[],
  env: NodeJS.ProcessEnv,
  password: string | undefined,
  onStdout?: (out: NodeJS.ReadableStream) => Promise<void>,
): Promise<{ code: number; stderr: string }> {
  const child = spawn(tool.path, args, {
    env: { ...env, ...(password ? { PGPASSWORD: password } : {}) },
    stdio: ['ignore', onStdout ? 'pipe' : 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code ?? 1));
  });
  try {
    if (onStdout) await onStdout(child.stdout!);
  } catch (err) {
    child.kill();
    await exited.catch(() => undefined);
    throw err;
  }
  return { code: await exited, stderr: stderr.trim() };
}
