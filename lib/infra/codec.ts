/**
 * Sealed payloads: every payload the worker and the clients exchange through Temporal (workflow and activity inputs and
 * results, Update arguments, query results, failures, summaries) is encrypted with AES-256-GCM before it leaves the
 * process, and a payload that is not sealed with a known key is refused. So Temporal's database, its history, the CLI
 * and Temporal UI hold ciphertext only, and nobody who merely reaches the Temporal port can put a decision into a case.
 *
 * Keys: `CODEC_KEYS` (`keyId:base64,…`, 32-byte keys; the first one seals, all of them open, so a key can be rotated
 * by putting a new one first), or `CODEC_KEYS_FILE` (a file with that same line). Without either, the embedded default
 * generates one key into the data folder (`codec-keys`, mode 0600) on first use. An old key may be dropped once no
 * history Temporal keeps holds payloads sealed with it. These keys seal nothing in the case store, which has its own
 * (lib/store/sealing.ts).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { secretKey } from './secret-key';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { METADATA_ENCODING_KEY, ValueError } from '@temporalio/common';
import { decode, encode } from '@temporalio/common/lib/encoding';
import { temporal } from '@temporalio/proto';
import { dataDir, writePrivateFile } from './local-secret';

export const SEALED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface CodecKeys {
  /** The key that seals new payloads. */
  sealWith: string;
  /** Every key that may open one, by id. */
  keys: Map<string, Buffer>;
}

export class CodecKeysError extends Error {
  override name = 'CodecKeysError';
}

/** A payload that is not sealed with a known key: refused, never passed on. */
export class PayloadNotSealedError extends ValueError {
  override name = 'PayloadNotSealedError';
}

const keyIdPattern = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Parse `keyId:base64,keyId:base64`: ids of letters, digits, `.`, `_`, `-`; keys of exactly 32 bytes.
 *
 * @example
 * parseCodecKeys(`k2026:${randomBytes(32).toString('base64')}`)
 */
export function parseCodecKeys(spec: string, source = 'CODEC_KEYS'): CodecKeys {
  const keys = new Map<string, Buffer>();
  const problems: string[] = [];
  const entries = spec
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const at = entry.indexOf(':');
    const id = entry.slice(0, at);
    const key = Buffer.from(entry.slice(at + 1), 'base64');
    if (at < 1 || !keyIdPattern.test(id)) problems.push(`"${entry.slice(0, 20)}…" must be keyId:base64`);
    else if (key.length !== 32)
      problems.push(`key "${id}" must be 32 bytes (base64 of 32 random bytes), not ${key.length}`);
    else if (keys.has(id)) problems.push(`key "${id}" is given twice`);
    else keys.set(id, key);
  }
  if (!entries.length) problems.push('no key given');
  if (problems.length) throw new CodecKeysError(`${source}: ${problems.join('; ')}`);
  return { sealWith: entries[0]!.slice(0, entries[0]!.indexOf(':')), keys };
}

/**
 * The keys in force: `CODEC_KEYS`, else `CODEC_KEYS_FILE`, else the embedded default in the data folder (the Temporal
 * section of lib/config).
 */
export function loadCodecKeys(settings: {
  CODEC_KEYS?: string;
  CODEC_KEYS_FILE?: string;
  DATA_DIR?: string;
}): CodecKeys {
  if (settings.CODEC_KEYS) return parseCodecKeys(settings.CODEC_KEYS);
  if (settings.CODEC_KEYS_FILE) {
    let text: string;
    try {
      text = readFileSync(settings.CODEC_KEYS_FILE, 'utf8');
    } catch (err) {
      throw new CodecKeysError(`CODEC_KEYS_FILE ${settings.CODEC_KEYS_FILE}: ${(err as Error).message}`);
    }
    return parseCodecKeys(text, settings.CODEC_KEYS_FILE);
  }
  const file = path.join(dataDir(settings), 'codec-keys');
  if (!existsSync(file)) writePrivateFile(file, `local-1:${randomBytes(32).toString('base64')}\n`);
  return parseCodecKeys(readFileSync(file, 'utf8'), file);
}

/**
 * What to do with a payload that is not sealed with a known key:
 * - `refuse` (every client): throw, nothing is passed on;
 * - `mark` (the worker): hand the workflow a marker it refuses, so a forged Update is rejected by its validator, a
 *   forged signal is ignored and a forged start fails at once, without ever failing a workflow task (which would stall
 *   the case until the next deploy);
 * - `pass` (the codec server for Temporal UI): show it as it is; only sealed payloads are opened.
 */
export type UnsealedPolicy = 'refuse' | 'mark' | 'pass';

/** What a workflow receives in place of a payload that was not sealed (`mark`). */
export const UNSEALED_MARKER = '__unsealed_payload_refused__';
const marker: Payload = {
  metadata: { [METADATA_ENCODING_KEY]: encode('json/plain') },
  data: encode(JSON.stringify(UNSEALED_MARKER)),
};

/** Seals each payload whole (data and metadata) with AES-256-GCM; opens only what a known key sealed. */
export class SealingCodec implements PayloadCodec {
  constructor(
    private readonly keys: CodecKeys,
    private readonly unsealed: UnsealedPolicy = 'refuse',
  ) {}

  // eslint-disable-next-line @typescript-eslint/require-await -- the codec interface is async
  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.keys.keys.get(this.keys.sealWith)!;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', secretKey(key), iv, { authTagLength: TAG_BYTES });
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { [METADATA_ENCODING_KEY]: encode(SEALED_ENCODING), [KEY_ID_METADATA]: encode(this.keys.sealWith) },
        data: sealed,
      };
    });
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- the codec interface is async
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const opened = this.open(payload);
      if (typeof opened !== 'string') return opened;
      if (this.unsealed === 'mark') return marker;
      if (this.unsealed === 'pass') return payload;
      throw new PayloadNotSealedError(`payload refused: ${opened}`);
    });
  }

  /** The payload a known key sealed, or why it is refused. */
  private open(payload: Payload): Payload | string {
    const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
    if (!encoding || decode(encoding) !== SEALED_ENCODING || !payload.data) return 'it is not sealed';
    const keyId = payload.metadata?.[KEY_ID_METADATA];
    const key = keyId && this.keys.keys.get(decode(keyId));
    if (!key) return 'it is sealed with an unknown key';
    const data = Buffer.from(payload.data);
    if (data.length < IV_BYTES + TAG_BYTES) return 'it is too short';
    try {
      const decipher = createDecipheriv('aes-256-gcm', secretKey(key), data.subarray(0, IV_BYTES), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return temporal.api.common.v1.Payload.decode(plain);
    } catch {
      return 'it does not open with its key';
    }
  }
}

/**
 * The data converter of every process that talks to Temporal: payloads sealed, and failures' messages and stack traces
 * sealed too (`encodeCommonAttributes`). Clients refuse what is not sealed; the worker marks it (see `UnsealedPolicy`).
 *
 * @example
 * const client = new Client({ connection, namespace, dataConverter: sealedDataConverter(loadCodecKeys(config.temporal)) });
 */
export function sealedDataConverter(keys: CodecKeys, unsealed: UnsealedPolicy = 'refuse'): DataConverter {
  return {
    payloadCodecs: [new SealingCodec(keys, unsealed)],
    failureConverterPath: require.resolve('./failure-converter'),
  };
}

/**
 * Open a case-store row of before issue 30, which sealed the reporters' identities with these payload keys (a sealed
 * payload's bytes). The store has its own keys now (lib/store/sealing.ts); only `npm run store:reseal`
 * (scripts/store-reseal.ts) calls this, to convert such rows. The API never opens a store row with the payload keys.
 */
export async function openOldStoreRow(keys: CodecKeys, bytes: Buffer): Promise<unknown> {
  const [opened] = await new SealingCodec(keys).decode([temporal.api.common.v1.Payload.decode(bytes)]);
  return JSON.parse(decode(opened!.data!)) as unknown;
}
