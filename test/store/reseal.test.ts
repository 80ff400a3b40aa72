import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { METADATA_ENCODING_KEY } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { CodecKeys } from '../../lib/infra/codec';
import { SealingCodec, openOldStoreRow, parseCodecKeys } from '../../lib/infra/codec';
import { CaseStore } from '../../lib/store/case-store';
import { resealStore } from '../../lib/store/reseal';
import type { StoreKeys } from '../../lib/store/sealing';
import { openRow, parseStoreKeys, reporterRow, sealRow, sealedWith } from '../../lib/store/sealing';
import type { PostgresServer } from '../helpers/postgres';
import { startPostgres } from '../helpers/postgres';

const root = path.join(__dirname, '../..');
const run = promisify(execFile);

/** The identities the store keeps sealed: public reporters, objectors, a nomination's contacts. */
const identities: Record<string, object> = {
  'public-report-00000000000000000001': { name: '举报人王秀英', contact: '13912345678' },
  'public-report-00000000000000000002': { name: '', contact: 'wang@example.cn' },
  'public-report-00000000000000000003': { name: '李建国', contact: '' },
  'award-objection-0000000000000001': { name: '异议人赵敏', contact: '13700000001' },
  'award-objection-0000000000000002': { name: '异议人钱勇', contact: '' },
  'award-nomination-2026-taiyuan-00000001': { person: '张伟', phone: '0351-1234567' },
  'public-report-00000000000000000004': { name: '孙丽', contact: '13800000004' },
};

const secret = () => randomBytes(32).toString('base64');
const keysOf = (spec: string): StoreKeys => parseStoreKeys(spec);

/** A row as the API sealed it before issue 30: a Temporal payload sealed with the payload keys, as bytes. */
async function sealedTheOldWay(codecKeys: CodecKeys, value: unknown): Promise<Buffer> {
  const [sealed] = await new SealingCodec(codecKeys).encode([
    { metadata: { [METADATA_ENCODING_KEY]: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(value)) },
  ]);
  return Buffer.from(temporal.api.common.v1.Payload.encode(sealed!).finish());
}

/** Every identity, opened with these keys only. */
async function readAll(store: CaseStore, keys: StoreKeys, ids = Object.keys(identities)) {
  const out: Record<string, object> = {};
  for (const id of ids) out[id] = openRow<object>(keys, reporterRow(id), (await store.reporter(id))!);
  return out;
}

/** The store holds exactly the identities, sealed with these keys. */
async function seed(store: CaseStore, keys: StoreKeys): Promise<void> {
  for (const r of await store.sealedRows('', 1000)) await store.deleteReporter(r.id);
  for (const [id, value] of Object.entries(identities))
    await store.saveReporter(id, sealRow(keys, reporterRow(id), value));
}

/** The key id of each row. */
async function keyIds(store: CaseStore): Promise<Array<string | undefined>> {
  return (await store.sealedRows('', 1000)).map((r) => sealedWith(r.sealed));
}

let pgServer: PostgresServer | undefined;
const server = async () => (pgServer ??= await startPostgres());
afterAll(async () => pgServer?.stop());

const stores: Array<[string, () => Promise<string>]> = [
  ['PGlite (embedded)', () => Promise.resolve('pglite:memory')],
  ['PostgreSQL (a real server)', async () => (await server()).createDatabase()],
];

describe.each(stores)('Issue 30 item 5: npm run store:reseal on %s', (_name, make) => {
  let store: CaseStore;
  beforeAll(async () => {
    store = await CaseStore.open(await make());
  }, 60_000);
  afterAll(async () => store?.close());

  test('rotate twice (s1 → s2 → s3), reseal after each: every identity reads back, also once the old keys are dropped', async () => {
    const [s1, s2, s3] = [secret(), secret(), secret()];
    await seed(store, keysOf(`s1:${s1}`));
    const total = Object.keys(identities).length;

    // Nothing to do yet: every row is sealed with the current key, and none is rewritten.
    const before = await store.sealedRows('', 1000);
    expect(await resealStore(store, keysOf(`s1:${s1}`))).toEqual({
      examined: total,
      resealed: 0,
      current: total,
      changedMeanwhile: 0,
      failed: [],
    });
    expect(await store.sealedRows('', 1000)).toEqual(before);

    // s2 put first: the reseal moves every row to it; a second run finds nothing to do.
    expect(await resealStore(store, keysOf(`s2:${s2},s1:${s1}`), { batchSize: 3 })).toMatchObject({
      examined: total,
      resealed: total,
      current: 0,
      failed: [],
    });
    expect(new Set(await keyIds(store))).toEqual(new Set(['s2']));
    expect(await resealStore(store, keysOf(`s2:${s2},s1:${s1}`))).toMatchObject({ resealed: 0, current: total });
    expect(await readAll(store, keysOf(`s2:${s2}`))).toEqual(identities);

    // s3 first, s1 already dropped.
    expect(await resealStore(store, keysOf(`s3:${s3},s2:${s2}`), { batchSize: 2 })).toMatchObject({
      resealed: total,
      failed: [],
    });
    expect(new Set(await keyIds(store))).toEqual(new Set(['s3']));
    expect(await readAll(store, keysOf(`s3:${s3}`))).toEqual(identities);
    // With only the dropped keys, nothing opens.
    await expect(readAll(store, keysOf(`s2:${s2},s1:${s1}`))).rejects.toThrow('"s3", which is not given');
  });

  test('a reseal that stops midway leaves every row readable, and a second run finishes', async () => {
    const [s3, s4] = [secret(), secret()];
    await seed(store, keysOf(`s3:${s3}`));
    const keys = keysOf(`s4:${s4},s3:${s3}`);
    const stopped = resealStore(store, keys, {
      batchSize: 3,
      onBatch: (p) => {
        // The process dies after its first batch.
        if (p.examined >= 3) throw new Error('killed');
      },
    });
    await expect(stopped).rejects.toThrow('killed');
    const ids = await keyIds(store);
    expect(ids.filter((k) => k === 's4')).toHaveLength(3);
    expect(ids.filter((k) => k === 's3')).toHaveLength(ids.length - 3);
    expect(await readAll(store, keys)).toEqual(identities);

    const total = Object.keys(identities).length;
    expect(await resealStore(store, keys, { batchSize: 3 })).toEqual({
      examined: total,
      resealed: total - 3,
      current: 3,
      changedMeanwhile: 0,
      failed: [],
    });
    expect(await readAll(store, keysOf(`s4:${s4}`))).toEqual(identities);
  });

  test('two reseals at once (an operator ran it twice): each row is resealed once, the other run leaves it alone', async () => {
    const [s1, s2] = [secret(), secret()];
    await seed(store, keysOf(`s1:${s1}`));
    const keys = keysOf(`s2:${s2},s1:${s1}`);
    const [a, b] = await Promise.all([resealStore(store, keys), resealStore(store, keys)]);
    const total = Object.keys(identities).length;
    expect(a.resealed + b.resealed).toBe(total);
    expect([...a.failed, ...b.failed]).toEqual([]);
    expect(a.resealed + a.current + a.changedMeanwhile).toBe(total);
    expect(await readAll(store, keysOf(`s2:${s2}`))).toEqual(identities);
  });

  test('rows of before issue 30 (sealed with the payload keys) convert with the payload keys, which only the reseal is given', async () => {
    const [s4, s5] = [secret(), secret()];
    await seed(store, keysOf(`s4:${s4}`));
    const codecKeys = parseCodecKeys(`k1:${secret()}`);
    const old: Record<string, object> = {
      'public-report-10000000000000000001': { name: '旧举报人', contact: '13900000000' },
      'award-objection-1000000000000001': { name: '旧异议人', contact: '' },
    };
    for (const [id, value] of Object.entries(old))
      await store.saveReporter(id, await sealedTheOldWay(codecKeys, value));
    const keys = keysOf(`s5:${s5},s4:${s4}`);
    // The API's keys do not open them (it is never given the payload keys).
    await expect(readAll(store, keys, Object.keys(old))).rejects.toThrow('npm run store:reseal');

    // Without the payload keys: reported by id, the rest resealed, and nothing lost.
    const blind = await resealStore(store, keys);
    expect(blind.failed.map((f) => f.id).sort()).toEqual(Object.keys(old).sort());
    expect(blind.failed[0]!.error).toContain('npm run store:reseal');
    expect(blind.resealed).toBe(Object.keys(identities).length);

    const result = await resealStore(store, keys, { openOld: (blob) => openOldStoreRow(codecKeys, blob) });
    expect(result).toMatchObject({ resealed: 2, current: Object.keys(identities).length, failed: [] });
    expect(await readAll(store, keys, Object.keys(old))).toEqual(old);
    expect(await readAll(store, keys)).toEqual(identities);
    for (const id of Object.keys(old)) await store.deleteReporter(id);
  });

  test('a row that does not open (an unknown key, altered) is reported by id; the others are resealed all the same', async () => {
    const [s5, s6, s7] = [secret(), secret(), secret()];
    await seed(store, keysOf(`s5:${s5}`));
    const id = 'public-report-20000000000000000001';
    await store.saveReporter(id, sealRow(keysOf(`lost:${secret()}`), reporterRow(id), { name: '密钥已丢失' }));
    const result = await resealStore(store, keysOf(`s6:${s6},s5:${s5}`));
    expect(result.failed).toEqual([
      { id, error: `${reporterRow(id)} is sealed with the store key "lost", which is not given` },
    ]);
    expect(await readAll(store, keysOf(`s6:${s6}`))).toEqual(identities);
    // A copy of another row's blob does not open on this row either.
    const copied = (await store.reporter('public-report-00000000000000000001'))!;
    await store.deleteReporter(id);
    await store.saveReporter(id, copied);
    expect((await resealStore(store, keysOf(`s7:${s7},s6:${s6}`))).failed.map((f) => f.id)).toEqual([id]);
    await store.deleteReporter(id);
  });
});

describe('Issue 30 item 5: the script (scripts/store-reseal.ts) as an operator runs it, on PostgreSQL', () => {
  let script: string;
  let location: string;
  let store: CaseStore;
  beforeAll(async () => {
    // The script alone, compiled as npm run build would (its packages from node_modules).
    const out = mkdtempSync(path.join(tmpdir(), 'store-reseal-'));
    script = path.join(out, 'store-reseal.js');
    await build({
      entryPoints: [path.join(root, 'scripts/store-reseal.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      packages: 'external',
      outfile: script,
      logLevel: 'silent',
    });
    location = await (await server()).createDatabase();
    store = await CaseStore.open(location);
  }, 120_000);
  afterAll(async () => store?.close());

  const reseal = (env: Record<string, string>) =>
    run(process.execPath, [script], {
      cwd: root,
      env: {
        PATH: process.env.PATH!,
        NODE_PATH: path.join(root, 'node_modules'),
        DATABASE_URL: location,
        DATA_DIR: mkdtempSync(path.join(tmpdir(), 'reseal-data-')),
        LOG_PRETTY: 'false',
        ...env,
      },
    }).then(
      (r) => ({ code: 0, out: r.stdout + r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
    );

  test('counts, exit 1 naming the rows that do not open, old rows converted with CODEC_KEYS, then exit 0', async () => {
    const codecKeys = `k1:${secret()}`;
    const [t1, t2] = [secret(), secret()];
    const ids = Object.keys(identities);
    for (const id of ids.slice(0, 5)) {
      await store.saveReporter(id, sealRow(keysOf(`t1:${t1}`), reporterRow(id), identities[id]));
    }
    for (const id of ids.slice(5)) {
      await store.saveReporter(id, await sealedTheOldWay(parseCodecKeys(codecKeys), identities[id]));
    }

    // A PostgreSQL store without its keys: refused, naming the setting; nothing touched.
    const refused = await reseal({});
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('STORE_SEALING_KEYS (or STORE_SEALING_KEYS_FILE) must be set');

    // Rotated to t2, without the payload keys: the two old rows cannot be opened.
    const first = await reseal({ STORE_SEALING_KEYS: `t2:${t2},t1:${t1}` });
    expect(first.code).toBe(1);
    expect(first.out).toContain(
      'examined 7 sealed rows with the store key "t2": 5 resealed, 0 already current, 0 changed meanwhile, 2 failed',
    );
    for (const id of ids.slice(5)) expect(first.out).toContain(`  ${id}: `);
    expect(first.out).toContain('set CODEC_KEYS');

    // With the payload keys as well: converted; then a run with nothing to do.
    const second = await reseal({ STORE_SEALING_KEYS: `t2:${t2},t1:${t1}`, CODEC_KEYS: codecKeys });
    expect([second.code, second.out]).toEqual([0, expect.stringContaining('2 resealed, 5 already current') as string]);
    const third = await reseal({ STORE_SEALING_KEYS: `t2:${t2}` });
    expect([third.code, third.out]).toEqual([0, expect.stringContaining('0 resealed, 7 already current') as string]);
    expect(await readAll(store, keysOf(`t2:${t2}`))).toEqual(identities);
    // No name or contact in what it printed.
    expect(third.out + second.out + first.out).not.toMatch(/王秀英|13912345678|张伟/);
  });
});

describe('Issue 30 item 5: the payload keys open old store rows in the reseal script only', () => {
  test('no code of the API, the worker or the activities opens a store row with the payload keys (only the reseal: the script, and npm start)', () => {
    const users: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir)) {
        const p = path.join(dir, entry);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.tsx?$/.test(entry) && readFileSync(p, 'utf8').includes('openOldStoreRow')) {
          users.push(path.relative(root, p));
        }
      }
    };
    for (const dir of ['api', 'worker', 'activities', 'workflows', 'lib', 'scripts']) walk(path.join(root, dir));
    // npm start (scripts/start.ts) holds both keys in its one process and reseals at start, as the script does.
    expect(users.sort()).toEqual(['lib/infra/codec.ts', 'scripts/start.ts', 'scripts/store-reseal.ts']);
  });
});
