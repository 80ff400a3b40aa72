/**
 * The file `npm run backup` writes: a header line anyone may read (`head -n 1 cases.backup`), then the dump sealed with
 * the backup key (AES-256-GCM, streamed):
 *
 *     header (one line of JSON, "\n") | IV (12 bytes) | ciphertext | tag (16 bytes)
 *
 * The header is the associated data: a backup whose header, dump or end was changed does not open. The key is
 * `BACKUP_KEY` (or `BACKUP_KEY_FILE`): 32 random bytes in base64 or hex, stretched with HKDF-SHA256 into the AES key;
 * its id, a short hash of it, is in the header, so a wrong key is told apart from a damaged file before anything is
 * read.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';

/** A backup or a restore that is refused (no key, a wrong key, a store in use, a target that is not empty …). */
export class BackupError extends Error {
  override name = 'BackupError';
}

export interface BackupHeader {
  format: typeof FORMAT;
  version: 1;
  /** `pg`: a custom-format `pg_dump`; `pglite`: PGlite's `dumpDataDir()` (a gzipped tar of its data folder). */
  kind: 'pg' | 'pglite';
  createdAt: string;
  cipher: 'aes-256-gcm';
  /** The id of the backup key it is sealed with. */
  backupKeyId: string;
  /** The store keys (`STORE_SEALING_KEYS` ids) the sealed identities in it need, each with its count of rows. */
  sealingKeyIds: Record<string, number>;
  /** Sealed rows of before issue 30 (the payload keys open them, through npm run store:reseal). */
  oldFormatRows: number;
  /** Rows of the main tables, checked again after a restore. */
  rows: { cases: number; reporters: number; documents: number };
  /** The store's last migration: a restore refuses a backup of a newer version than its own code. */
  lastMigration: string | null;
  /** What made the dump (`pg_dump (PostgreSQL) 15.13`, `PGlite 0.5.16`) and the server's version. */
  tool: string;
  server: string;
}

export interface BackupKey {
  id: string;
  /** The AES-256-GCM key. */
  key: Buffer;
}

const FORMAT = 'supervision-patrol case store backup';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HKDF_INFO = 'supervision-patrol case store backup v1';
const MAX_HEADER = 64 * 1024;

/**
 * The backup key from `BACKUP_KEY` or `BACKUP_KEY_FILE`; without either, or both, refused naming the setting.
 *
 * @example
 * const key = loadBackupKey(config.store); // BACKUP_KEY=$(openssl rand -base64 32)
 */
export function loadBackupKey(settings: { BACKUP_KEY?: string; BACKUP_KEY_FILE?: string }): BackupKey {
  if (settings.BACKUP_KEY && settings.BACKUP_KEY_FILE) {
    throw new BackupError('BACKUP_KEY and BACKUP_KEY_FILE are both set: give the backup key one way only');
  }
  if (settings.BACKUP_KEY) return parseBackupKey(settings.BACKUP_KEY, 'BACKUP_KEY');
  if (settings.BACKUP_KEY_FILE) {
    let text: string;
    try {
      text = readFileSync(settings.BACKUP_KEY_FILE, 'utf8');
    } catch (err) {
      throw new BackupError(`BACKUP_KEY_FILE ${settings.BACKUP_KEY_FILE}: ${(err as Error).message}`);
    }
    return parseBackupKey(text, settings.BACKUP_KEY_FILE);
  }
  throw new BackupError(
    'BACKUP_KEY (or BACKUP_KEY_FILE) must be set: 32 random bytes in base64 or hex (openssl rand -base64 32), kept ' +
      'apart from the backups (docs/operations.md)',
  );
}

/** 32 bytes, base64 or hex; `source` names the setting in the refusal (never the value). */
export function parseBackupKey(text: string, source = 'BACKUP_KEY'): BackupKey {
  const given = text.trim();
  const secret = /^[0-9a-fA-F]{64}$/.test(given)
    ? Buffer.from(given, 'hex')
    : /^[A-Za-z0-9+/]{43}=$/.test(given)
      ? Buffer.from(given, 'base64')
      : undefined;
  if (secret?.length !== 32) {
    throw new BackupError(`${source} must be 32 random bytes in base64 or hex (openssl rand -base64 32)`);
  }
  return {
    id: createHash('sha256').update('backup key id\0').update(secret).digest('hex').slice(0, 16),
    key: Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), HKDF_INFO, 32)),
  };
}

/** Write `dump` sealed to `file` (created 0600; it must not exist). */
export async function writeBackup(
  file: string,
  header: Omit<BackupHeader, 'format' | 'version' | 'cipher' | 'backupKeyId'>,
  key: BackupKey,
  dump: AsyncIterable<Uint8Array>,
): Promise<BackupHeader> {
  const full: BackupHeader = { format: FORMAT, version: 1, cipher: 'aes-256-gcm', backupKeyId: key.id, ...header };
  const line = Buffer.from(`${JSON.stringify(full)}\n`, 'utf8');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(line);
  async function* sealed() {
    yield line;
    yield iv;
    for await (const chunk of dump) yield cipher.update(chunk);
    yield cipher.final();
    yield cipher.getAuthTag();
  }
  await pipeline(sealed(), createWriteStream(file, { flags: 'wx', mode: 0o600 }));
  return full;
}

/** The header of a backup file, read without the key; anything else is refused. */
export async function readBackupHeader(file: string): Promise<{ header: BackupHeader; raw: Buffer }> {
  const handle = await open(file, 'r').catch((err: Error) => {
    throw new BackupError(`${file}: ${err.message}`);
  });
  try {
    const start = Buffer.alloc(MAX_HEADER);
    const { bytesRead } = await handle.read(start, 0, MAX_HEADER, 0);
    const end = start.subarray(0, bytesRead).indexOf(0x0a);
    let header: Partial<BackupHeader> | undefined;
    try {
      header = end > 0 ? (JSON.parse(start.subarray(0, end).toString('utf8')) as Partial<BackupHeader>) : undefined;
    } catch {
      header = undefined;
    }
    if (header?.format !== FORMAT) throw new BackupError(`${file} is not a backup of the case store (npm run backup)`);
    if (header.version !== 1) throw new BackupError(`${file} is a backup of format ${header.version}, unknown here`);
    return { header: header as BackupHeader, raw: Buffer.from(start.subarray(0, end + 1)) };
  } finally {
    await handle.close();
  }
}

/**
 * Open a backup into `into` (a file in a private folder; created 0600). Only a backup that authenticates is kept:
 * one altered or cut short is refused and `into` removed.
 */
export async function openBackup(file: string, key: BackupKey, into: string): Promise<BackupHeader> {
  const { header, raw } = await readBackupHeader(file);
  if (header.backupKeyId !== key.id) {
    throw new BackupError(
      `${file} is sealed with the backup key ${header.backupKeyId}, and BACKUP_KEY is the key ${key.id}: give the key ` +
        'the backup was made with',
    );
  }
  const handle = await open(file, 'r');
  const { size } = await handle.stat();
  const iv = Buffer.alloc(IV_BYTES);
  const tag = Buffer.alloc(TAG_BYTES);
  const bodyStart = raw.length + IV_BYTES;
  const damaged = () =>
    new BackupError(`${file} does not authenticate with its key (altered or cut short): nothing was restored`);
  try {
    if (size < bodyStart + TAG_BYTES) throw damaged();
    await handle.read(iv, 0, IV_BYTES, raw.length);
    await handle.read(tag, 0, TAG_BYTES, size - TAG_BYTES);
  } finally {
    await handle.close();
  }
  const decipher = createDecipheriv('aes-256-gcm', key.key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(raw);
  decipher.setAuthTag(tag);
  try {
    await pipeline(
      size - TAG_BYTES > bodyStart ? createReadStream(file, { start: bodyStart, end: size - TAG_BYTES - 1 }) : [],
      decipher,
      createWriteStream(into, { flags: 'wx', mode: 0o600 }),
    );
  } catch (err) {
    rmSync(into, { force: true });
    // GCM's refusal: the tag does not match what was read.
    if (/authenticate/.test((err as Error).message)) throw damaged();
    throw err;
  }
  return header;
}
