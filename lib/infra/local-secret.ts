import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { projectRoot } from './tools';

/** Git-ignored folder for the embedded Temporal database and local secrets (`DATA_DIR`, default `.data`). */
export function dataDir(settings: { DATA_DIR?: string } = {}): string {
  return path.resolve(projectRoot, settings.DATA_DIR ?? '.data');
}

/** Write a file only its owner can read (0600), in a folder only its owner can enter (0700). */
export function writePrivateFile(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, content, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/**
 * The data folder holds the embedded Temporal database and the local keys: it must be the owner's alone. Create it
 * 0700, and bring it and the files in it back to 0700 / 0600 if someone loosened them. Returns what was tightened.
 */
export function securePrivateDir(dir: string): string[] {
  const tightened: string[] = [];
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tighten = (p: string, mode: number) => {
    if ((statSync(p).mode & 0o777) !== mode) {
      chmodSync(p, mode);
      tightened.push(p);
    }
  };
  tighten(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) tightened.push(...securePrivateDir(p));
    else if (entry.isFile()) tighten(p, 0o600);
  }
  return tightened;
}

/**
 * The HS256 secret of the embedded default: `AUTH_JWT_SECRET`, else one generated on first use and kept in
 * `.data/jwt-secret`, so `npm start` and `npm run token` agree without any set-up.
 */
export function localJwtSecret(settings: { AUTH_JWT_SECRET?: string; DATA_DIR?: string }): string {
  if (settings.AUTH_JWT_SECRET) return settings.AUTH_JWT_SECRET;
  const file = path.join(dataDir(settings), 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(48).toString('base64url');
  writePrivateFile(file, secret + '\n');
  return secret;
}

/**
 * Write a private file unless it exists, atomically (written whole under another name, then linked): processes starting
 * at once all end up reading the same secret.
 */
export function writePrivateFileOnce(file: string, content: string): void {
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writePrivateFile(draft, content);
  try {
    linkSync(draft, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    rmSync(draft, { force: true });
  }
}
