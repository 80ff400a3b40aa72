import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './tools';

/** Git-ignored folder for the embedded Temporal database and local secrets (`DATA_DIR`). */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(projectRoot, env.DATA_DIR ?? '.data');
}

/**
 * The HS256 secret of the embedded default: `AUTH_JWT_SECRET`, else one generated on first use and kept in
 * `.data/jwt-secret`, so `npm start` and `npm run token` agree without any set-up.
 */
export function localJwtSecret(env: NodeJS.ProcessEnv = process.env): string {
  if (env.AUTH_JWT_SECRET) return env.AUTH_JWT_SECRET;
  const file = path.join(dataDir(env), 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
