import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { METADATA_ENCODING_KEY } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { SealingCodec, parseCodecKeys } from '../../lib/infra/codec';
import {
  StoreSealError,
  deriveStoreKey,
  loadStoreKeys,
  openRow,
  parseStoreKeys,
  reporterRow,
  sealRow,
  sealedWith,
} from '../../lib/store/sealing';

const secret = () => randomBytes(32).toString('base64');
const identity = { name: '举报人王秀英', contact: '13912345678' };
const row = reporterRow('public-report-0123456789abcdef0123');

/** HKDF-SHA256 written out from RFC 5869 (no salt: a string of zeros; one block of output). */
function rfc5869(ikm: Buffer, info: string): Buffer {
  const prk = createHmac('sha256', Buffer.alloc(32)).update(ikm).digest();
  return createHmac('sha256', prk)
    .update(Buffer.concat([Buffer.from(info), Buffer.from([1])]))
    .digest();
}

describe('Issue 30 item 5: the case store seals with its own key (HKDF, key ids, rotation), without a server', () => {
  test('each key is HKDF-SHA256 of its secret (RFC 5869), not the secret itself', () => {
    const raw = randomBytes(32);
    const keys = parseStoreKeys(`s1:${raw.toString('base64')}`);
    expect(keys.keys.get('s1')).toEqual(rfc5869(raw, 'supervision-patrol case store sealing v1'));
    expect(deriveStoreKey(raw)).toEqual(keys.keys.get('s1'));
    expect(keys.keys.get('s1')!.equals(raw)).toBe(false);
  });

  test('a sealed row carries the id of its key, says nothing in clear, and opens with its key', () => {
    const keys = parseStoreKeys(`s1:${secret()}`);
    const blob = sealRow(keys, row, identity);
    expect(sealedWith(blob)).toBe('s1');
    expect(blob.includes(Buffer.from(identity.name))).toBe(false);
    expect(blob.includes(Buffer.from(identity.contact))).toBe(false);
    expect(openRow(keys, row, blob)).toEqual(identity);
    // A fresh IV each time: the same identity never gives the same bytes.
    expect(sealRow(keys, row, identity).equals(blob)).toBe(false);
  });

  test('rotation: the first key seals; an older key still opens what it sealed; dropped, it is named', () => {
    const [s1, s2] = [secret(), secret()];
    const before = parseStoreKeys(`s1:${s1}`);
    const after = parseStoreKeys(`s2:${s2},s1:${s1}`);
    const old = sealRow(before, row, identity);
    const fresh = sealRow(after, row, identity);
    expect(sealedWith(fresh)).toBe('s2');
    expect([openRow(after, row, old), openRow(after, row, fresh)]).toEqual([identity, identity]);
    expect(() => openRow(parseStoreKeys(`s2:${s2}`), row, old)).toThrow(
      'sealed with the store key "s1", which is not given',
    );
  });

  test('a wrong key is refused: another secret under the same id does not open it', () => {
    const blob = sealRow(parseStoreKeys(`s1:${secret()}`), row, identity);
    expect(() => openRow(parseStoreKeys(`s1:${secret()}`), row, blob)).toThrow(StoreSealError);
    expect(() => openRow(parseStoreKeys(`s1:${secret()}`), row, blob)).toThrow('does not open with the store key "s1"');
  });

  test('tampering is refused: a changed byte, a changed key id, or a row copied to another row', () => {
    const [s1, s2] = [secret(), secret()];
    const keys = parseStoreKeys(`s1:${s1},s2:${s2}`);
    const blob = sealRow(keys, row, identity);
    const flipped = Buffer.from(blob);
    flipped[blob.length - 20]! ^= 1;
    expect(() => openRow(keys, row, flipped)).toThrow(StoreSealError);
    // The key id is in the associated data: relabelled "s2", the row is not opened (not even with s2).
    const relabelled = Buffer.from(blob);
    relabelled[6] = 's2'.charCodeAt(1);
    expect(sealedWith(relabelled)).toBe('s2');
    expect(() => openRow(keys, row, relabelled)).toThrow('does not open with the store key "s2"');
    // The row is in the associated data: another report's identity cannot be moved onto this one.
    expect(() => openRow(keys, reporterRow('public-report-ffffffffffffffffffff'), blob)).toThrow(StoreSealError);
    expect(() => openRow(keys, row, blob.subarray(0, 10))).toThrow(StoreSealError);
  });

  test('never the payload keys: a secret reused from CODEC_KEYS gives a key the payload codec cannot open with', async () => {
    const shared = secret();
    const blob = sealRow(parseStoreKeys(`k1:${shared}`), row, identity);
    const asPayload = {
      metadata: { [METADATA_ENCODING_KEY]: Buffer.from('binary/encrypted'), 'encryption-key-id': Buffer.from('k1') },
      data: blob,
    };
    const codec = new SealingCodec(parseCodecKeys(`k1:${shared}`), 'pass');
    expect(await codec.decode([asPayload])).toEqual([asPayload]);
    await expect(new SealingCodec(parseCodecKeys(`k1:${shared}`)).decode([asPayload])).rejects.toThrow(
      'it does not open with its key',
    );
  });

  test('a row of before issue 30 (a payload sealed with the payload keys) is refused, naming npm run store:reseal', async () => {
    const codecKeys = parseCodecKeys(`k1:${secret()}`);
    const [sealed] = await new SealingCodec(codecKeys).encode([
      { metadata: { [METADATA_ENCODING_KEY]: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(identity)) },
    ]);
    const old = Buffer.from(temporal.api.common.v1.Payload.encode(sealed!).finish());
    expect(sealedWith(old)).toBeUndefined();
    expect(() => openRow(parseStoreKeys(`k1:${secret()}`), row, old)).toThrow('npm run store:reseal');
  });

  test('the payload keys are refused where store keys belong, by the type checker and at run time', () => {
    const codecKeys = parseCodecKeys(`k1:${secret()}`);
    // @ts-expect-error the payload keys have no `purpose: 'case-store'`: they cannot seal a store row
    expect(() => sealRow(codecKeys, row, identity)).toThrow('never the payload keys');
    const blob = sealRow(parseStoreKeys(`k1:${secret()}`), row, identity);
    // @ts-expect-error nor open one
    expect(() => openRow(codecKeys, row, blob)).toThrow('never the payload keys');
  });
});

describe('Issue 30 item 5: where the store keys come from', () => {
  const dataDir = () => path.join(mkdtempSync(path.join(tmpdir(), 'store-keys-')), 'data');

  test('STORE_SEALING_KEYS, else STORE_SEALING_KEYS_FILE; each problem named with its setting', () => {
    const dir = dataDir();
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'keys-')), 'store-keys');
    writeFileSync(file, `file-1:${secret()}\n`);
    expect(loadStoreKeys({ DATA_DIR: dir, STORE_SEALING_KEYS_FILE: file }).sealWith).toBe('file-1');
    expect(
      loadStoreKeys({ DATA_DIR: dir, STORE_SEALING_KEYS: `env-1:${secret()}`, STORE_SEALING_KEYS_FILE: file }).sealWith,
    ).toBe('env-1');
    expect(() => loadStoreKeys({ STORE_SEALING_KEYS: 's1:c2hvcnQ=' })).toThrow(
      /^STORE_SEALING_KEYS: key "s1" must be 32 bytes/,
    );
    expect(() => loadStoreKeys({ STORE_SEALING_KEYS_FILE: path.join(dir, 'missing') })).toThrow(
      'STORE_SEALING_KEYS_FILE',
    );
  });

  test('a PostgreSQL store without them refuses to start, naming STORE_SEALING_KEYS (a key on one disk would not travel with the database)', () => {
    expect(() => loadStoreKeys({ DATA_DIR: dataDir(), DATABASE_URL: 'postgres://cases@db:5432/cases' })).toThrow(
      /^STORE_SEALING_KEYS \(or STORE_SEALING_KEYS_FILE\) must be set when the case store is PostgreSQL/,
    );
    expect(() => loadStoreKeys({ DATA_DIR: dataDir() }, 'postgres://cases@db:5432/cases')).toThrow(StoreSealError);
  });

  test('the embedded store generates its secret once, into a 0600 file of the data folder, and keeps it', () => {
    const dir = dataDir();
    const keys = loadStoreKeys({ DATA_DIR: dir });
    expect(keys.sealWith).toBe('store-1');
    const file = path.join(dir, 'store-sealing-keys');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const again = loadStoreKeys({ DATA_DIR: dir }, `pglite:${path.join(dir, 'cases-db')}`);
    expect(again.keys.get('store-1')).toEqual(keys.keys.get('store-1'));
    // Its own file, beside the payload key's, and no draft left over.
    expect(readFileSync(file, 'utf8')).toMatch(/^store-1:[A-Za-z0-9+/]{43}=\n$/);
    expect(readdirSync(dir)).toEqual(['store-sealing-keys']);
    expect(loadStoreKeys({ DATA_DIR: dir }).keys.get('store-1')).toEqual(keys.keys.get('store-1'));
  });
});
