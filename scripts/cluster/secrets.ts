// The cluster's secrets, as compose's .env holds them.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writePrivateFile } from '../../lib/infra/local-secret';
import type { Env } from './types';

/** The cluster's secrets, made once and kept 0600 in its data folder (like compose's .env). */
export function secrets(dataDir: string): Env {
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as Env;
    const before = JSON.stringify(kept);
    kept.METRICS_TOKEN ??= randomBytes(24).toString('hex');
    kept.STORE_SEALING_KEYS ??= `s1:${randomBytes(32).toString('base64')}`;
    kept.SESSION_SECRET ??= randomBytes(32).toString('hex');
    if (JSON.stringify(kept) !== before) writePrivateFile(file, JSON.stringify(kept, null, 2));
    return kept;
  }
  const made: Env = {
    POSTGRES_PASSWORD: randomBytes(18).toString('hex'),
    CASES_DB_PASSWORD: randomBytes(18).toString('hex'),
    AUTH_JWT_SECRET: randomBytes(32).toString('hex'),
    CODEC_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    STORE_SEALING_KEYS: `s1:${randomBytes(32).toString('base64')}`,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    METRICS_TOKEN: randomBytes(24).toString('hex'),
  };
  writePrivateFile(file, JSON.stringify(made, null, 2));
  return made;
}
