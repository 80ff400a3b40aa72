/**
 * The case store's own seal: what the store keeps for years and only the office may read (a public reporter's or an
 * objector's name and contact, a nomination's contacts) is encrypted with the store's keys, never with the Temporal
 * payload keys of lib/infra/codec.ts. The two have different lives: a payload key may be dropped once Temporal's retention has
 * passed; a store key must open every row, and every backup of the store, for as long as they are kept.
 *
 * Keys: `STORE_SEALING_KEYS` (`keyId:base64,…`, 32-byte secrets; the first one seals, all of them open), or
 * `STORE_SEALING_KEYS_FILE` (a file with that same line). Without either, an embedded (PGlite) store gets one secret
 * generated into the data folder (`store-sealing-keys`, mode 0600) on first use; a PostgreSQL store refuses to start
 * without them, since a secret on one machine's disk would not travel with the database and its backups.
 *
 * Each secret is stretched with HKDF-SHA256 into the AES-256-GCM key it stands for, so even a secret reused from
 * `CODEC_KEYS` gives a key the payload codec does not hold. A sealed row is
 *
 *     "SRS1" | key id length (1 byte) | key id | IV (12 bytes) | ciphertext | tag (16 bytes)
 *
 * with the header and the row it belongs to (`reporters/<id>`) as associated data: a blob copied to another row, or with
 * its key id changed, does not open. To rotate: put a new key first, run `npm run store:reseal` (lib/store/reseal.ts),
 * then drop the old key.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { secretKey } from '../infra/secret-key';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCodecKeys } from '../infra/codec';
import { dataDir, writePrivateFileOnce } from '../infra/local-secret';
import { storeLocation } from './case-store';

export interface StoreKeys {
  /** Never a `CodecKeys`: the brand keeps the payload keys out of every function that seals for the store. */
  readonly purpose: 'case-store';
  /** The key that seals new rows. */
  readonly sealWith: string;
  /** Every key that may open one, by id (the AES keys derived from the secrets). */
  readonly keys: ReadonlyMap<string, Buffer>;
}

/** A row that does not open: sealed with a key that is not given, tampered with, another row's, or of the old format. */
export class StoreSealError extends Error {
  override name = 'StoreSealError';
}

const MAGIC = Buffer.from('SRS1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HKDF_INFO = 'supervision-patrol case store sealing v1';

/** The AES-256-GCM key a secret stands for. */
export function deriveStoreKey(secret: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), HKDF_INFO, 32));
}

/**
 * Parse `keyId:base64,keyId:base64` (the format of `CODEC_KEYS`: ids of letters, digits, `.`, `_`, `-`; secrets of
 * exactly 32 bytes) and derive each key.
 *
 * @example
 * parseStoreKeys(`s2027:${randomBytes(32).toString('base64')},s2026:…`)
 */
export function parseStoreKeys(spec: string, source = 'STORE_SEALING_KEYS'): StoreKeys {
  const secrets = parseCodecKeys(spec, source);
  return {
    purpose: 'case-store',
    sealWith: secrets.sealWith,
    keys: new Map([...secrets.keys].map(([id, secret]) => [id, deriveStoreKey(secret)])),
  };
}

/** The store's settings (its section of lib/config; a test names only those it sets). */
export interface StoreSettings {
  STORE_SEALING_KEYS?: string;
  STORE_SEALING_KEYS_FILE?: string;
  DATABASE_URL?: string;
  DATA_DIR?: string;
}

/**
 * The store keys in force: `STORE_SEALING_KEYS`, else `STORE_SEALING_KEYS_FILE`, else, for an embedded (PGlite) store
 * only, the secret generated into the data folder. `location` is the store's (`CaseStore.location`).
 */
export function loadStoreKeys(settings: StoreSettings, location = storeLocation(settings)): StoreKeys {
  if (settings.STORE_SEALING_KEYS) return parseStoreKeys(settings.STORE_SEALING_KEYS);
  if (settings.STORE_SEALING_KEYS_FILE) {
    let text: string;
    try {
      text = readFileSync(settings.STORE_SEALING_KEYS_FILE, 'utf8');
    } catch (err) {
      throw new StoreSealError(
        `STORE_SEALING_KEYS_FILE ${settings.STORE_SEALING_KEYS_FILE}: ${(err as Error).message}`,
      );
    }
    return parseStoreKeys(text, settings.STORE_SEALING_KEYS_FILE);
  }
  if (!location.startsWith('pglite:')) {
    throw new StoreSealError(
      'STORE_SEALING_KEYS (or STORE_SEALING_KEYS_FILE) must be set when the case store is PostgreSQL: the reporters’ ' +
        'identities are sealed with it, and it must travel with the database and its backups (deploy/README.md)',
    );
  }
  const file = path.join(dataDir(settings), 'store-sealing-keys');
  if (!existsSync(file)) writePrivateFileOnce(file, `store-1:${randomBytes(32).toString('base64')}\n`);
  return parseStoreKeys(readFileSync(file, 'utf8'), file);
}

/** The row a reporter's (an objector's, a nomination's contacts') sealed identity belongs to: its associated data. */
export const reporterRow = (reportId: string): string => `reporters/${reportId}`;

/** The id of the key a row is sealed with; undefined for bytes not of this format (a row of before issue 30). */
export function sealedWith(blob: Buffer): string | undefined {
  if (blob.length < MAGIC.length + 1 || !blob.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const idLength = blob[MAGIC.length]!;
  if (!idLength || blob.length < MAGIC.length + 1 + idLength + IV_BYTES + TAG_BYTES) return undefined;
  return blob.subarray(MAGIC.length + 1, MAGIC.length + 1 + idLength).toString('latin1');
}

/**
 * Seal a value for one row of the store with the first key.
 *
 * @example
 * await store.saveReporter(reportId, sealRow(storeKeys, reporterRow(reportId), { name, contact }));
 */
export function sealRow(keys: StoreKeys, row: string, value: unknown): Buffer {
  const key = storeKeysOnly(keys).keys.get(keys.sealWith)!;
  const header = Buffer.concat([MAGIC, Buffer.from([keys.sealWith.length]), Buffer.from(keys.sealWith, 'latin1')]);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', secretKey(key), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associated(header, row));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return Buffer.concat([header, iv, sealed, cipher.getAuthTag()]);
}

/** Open what `sealRow` sealed for this row, with any of the keys; anything else is refused (`StoreSealError`). */
export function openRow<T>(keys: StoreKeys, row: string, blob: Buffer): T {
  const keyId = sealedWith(blob);
  if (keyId === undefined) {
    throw new StoreSealError(
      `${row} is not sealed with a store key (a row of before issue 30, sealed with the payload keys?): run npm run store:reseal`,
    );
  }
  const key = storeKeysOnly(keys).keys.get(keyId);
  if (!key) throw new StoreSealError(`${row} is sealed with the store key "${keyId}", which is not given`);
  const headerLength = MAGIC.length + 1 + keyId.length;
  try {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      secretKey(key),
      blob.subarray(headerLength, headerLength + IV_BYTES),
      {
        authTagLength: TAG_BYTES,
      },
    );
    decipher.setAAD(associated(blob.subarray(0, headerLength), row));
    decipher.setAuthTag(blob.subarray(blob.length - TAG_BYTES));
    const plain = Buffer.concat([
      decipher.update(blob.subarray(headerLength + IV_BYTES, blob.length - TAG_BYTES)),
      decipher.final(),
    ]);
    return JSON.parse(plain.toString('utf8')) as T;
  } catch {
    throw new StoreSealError(`${row} does not open with the store key "${keyId}" (altered, or another row's)`);
  }
}

/** Payload keys passed where store keys belong (JavaScript, a cast) are refused, not used. */
function storeKeysOnly(keys: StoreKeys): StoreKeys {
  if ((keys as { purpose?: unknown }).purpose !== 'case-store') {
    throw new StoreSealError(
      'the case store seals only with its own keys (STORE_SEALING_KEYS), never the payload keys',
    );
  }
  return keys;
}

const associated = (header: Buffer, row: string) => Buffer.concat([header, Buffer.from([0]), Buffer.from(row, 'utf8')]);
