import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import {
  CodecKeysError,
  PayloadNotSealedError,
  SealingCodec,
  UNSEALED_MARKER,
  loadCodecKeys,
  parseCodecKeys,
} from '../../lib/infra/codec';
import { securePrivateDir, writePrivateFile } from '../../lib/infra/local-secret';

const key = () => randomBytes(32).toString('base64');
const payload = (value: unknown) => defaultPayloadConverter.toPayload(value);
const value = (p: Parameters<typeof defaultPayloadConverter.fromPayload>[0]) => defaultPayloadConverter.fromPayload(p);

describe('Sealed payloads (AES-256-GCM), without a server', () => {
  test('a sealed payload opens with its key and says nothing in clear', async () => {
    const codec = new SealingCodec(parseCodecKeys(`k1:${key()}`));
    const [sealed] = await codec.encode([payload({ grounds: '举报人张三' })]);
    expect(Buffer.from(sealed!.data!).includes(Buffer.from('张三'))).toBe(false);
    expect(Buffer.from(sealed!.metadata!['encryption-key-id']!).toString()).toBe('k1');
    expect(value((await codec.decode([sealed!]))[0]!)).toEqual({ grounds: '举报人张三' });
  });

  test('rotation: the first key seals; an older key still opens what it sealed', async () => {
    const [oldKey, newKey] = [key(), key()];
    const before = new SealingCodec(parseCodecKeys(`k1:${oldKey}`));
    const after = new SealingCodec(parseCodecKeys(`k2:${newKey},k1:${oldKey}`));
    const [old] = await before.encode([payload('旧')]);
    const [fresh] = await after.encode([payload('新')]);
    expect(Buffer.from(fresh!.metadata!['encryption-key-id']!).toString()).toBe('k2');
    expect((await after.decode([old!, fresh!])).map(value)).toEqual(['旧', '新']);
  });

  test('what is not sealed, sealed with an unknown key, or tampered with is refused (clients), marked (worker) or passed (UI)', async () => {
    const keys = parseCodecKeys(`k1:${key()}`);
    const [sealed] = await new SealingCodec(keys).encode([payload('x')]);
    const tampered = { ...sealed!, data: Buffer.from(sealed!.data!).map((b, i) => (i === 20 ? b ^ 1 : b)) };
    const [foreign] = await new SealingCodec(parseCodecKeys(`k9:${key()}`)).encode([payload('x')]);
    for (const bad of [payload('clear'), tampered, foreign!]) {
      await expect(new SealingCodec(keys).decode([bad])).rejects.toBeInstanceOf(PayloadNotSealedError);
      expect(value((await new SealingCodec(keys, 'mark').decode([bad]))[0]!)).toBe(UNSEALED_MARKER);
      expect(await new SealingCodec(keys, 'pass').decode([bad])).toEqual([bad]);
    }
  });

  test('keys are checked: 32 bytes, an id, no duplicates; each problem named', () => {
    expect(() => parseCodecKeys('k1:c2hvcnQ=')).toThrow(CodecKeysError);
    expect(() => parseCodecKeys(`:${key()}`)).toThrow('keyId:base64');
    const k = key();
    expect(() => parseCodecKeys(`k1:${k},k1:${k}`)).toThrow('given twice');
    expect(() => parseCodecKeys('')).toThrow('no key given');
  });
});

describe('The data folder is the owner’s alone', () => {
  test('the embedded default generates its key once, into a 0600 file of a 0700 folder', () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'data-')), 'data');
    const keys = loadCodecKeys({ DATA_DIR: dir });
    expect(keys.sealWith).toBe('local-1');
    expect(statSync(path.join(dir, 'codec-keys')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(loadCodecKeys({ DATA_DIR: dir }).keys.get('local-1')).toEqual(keys.keys.get('local-1'));
    // CODEC_KEYS wins; CODEC_KEYS_FILE next.
    const file = path.join(dir, 'given');
    writeFileSync(file, `prod-1:${key()}\n`);
    expect(loadCodecKeys({ DATA_DIR: dir, CODEC_KEYS_FILE: file }).sealWith).toBe('prod-1');
    expect(loadCodecKeys({ DATA_DIR: dir, CODEC_KEYS: `env-1:${key()}`, CODEC_KEYS_FILE: file }).sealWith).toBe(
      'env-1',
    );
  });

  test('a folder or a file someone loosened is tightened back at start, and said so', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'data-'));
    writePrivateFile(path.join(dir, 'jwt-secret'), 'secret');
    writeFileSync(path.join(dir, 'temporal.sqlite'), 'db');
    chmodSync(path.join(dir, 'temporal.sqlite'), 0o644);
    chmodSync(dir, 0o755);
    expect(securePrivateDir(dir).sort()).toEqual([dir, path.join(dir, 'temporal.sqlite')].sort());
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dir, 'temporal.sqlite')).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(dir, 'jwt-secret'), 'utf8')).toBe('secret');
    expect(securePrivateDir(dir)).toEqual([]);
  });
});
