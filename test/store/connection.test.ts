import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CaseStore, StoreLockedError } from '../../lib/store/case-store';
import { record } from './store-fixtures';

/** lib/store/connection.ts: where the store is, and a PGlite folder held by one process at a time. */
describe('Opening the store (lib/store/connection.ts)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("a PGlite folder is one process's: a second open is refused, naming the process; after close it opens again, with what it held", async () => {
    const folder = `pglite:${path.join(dir, 'db')}`;
    const first = await CaseStore.open(folder);
    await first.saveCase({ record: record('patrol-2026-taiyuan-0001'), viewers: ['unit:taiyuan'] });
    await expect(CaseStore.open(folder)).rejects.toThrow(StoreLockedError);
    await expect(CaseStore.open(folder)).rejects.toThrow(`open in another process (pid ${process.pid})`);
    await first.close();
    const again = await CaseStore.open(folder);
    try {
      expect(await again.readCase('patrol-2026-taiyuan-0001')).toMatchObject({ viewers: ['unit:taiyuan'] });
    } finally {
      await again.close();
    }
  }, 60_000);

  test('a lock left by a process that is gone is taken over, held while the store is open and given up at close', async () => {
    const folder = path.join(dir, 'db');
    // A pid no process can have: Linux's pids stay below 2^22.
    writeFileSync(`${folder}.lock`, String(2 ** 22 + 1));
    const store = await CaseStore.open(`pglite:${folder}`);
    expect(readFileSync(`${folder}.lock`, 'utf8')).toBe(String(process.pid));
    await store.close();
    expect(existsSync(`${folder}.lock`)).toBe(false);
  }, 60_000);

  test('DATABASE_URL of an unknown kind stops the start, saying what it must be', async () => {
    await expect(CaseStore.open('mysql://x')).rejects.toThrow(
      'DATABASE_URL must be postgres://…, pglite:<folder>, pglite:memory or pglite:memory:<dump file>, not "mysql://x"',
    );
  });

  test('pglite:memory:<file> starts in memory from a dumped store (migrated once, as npm test does): each copy its own', async () => {
    // The dump global-setup.ts made of a migrated store.
    const dump = process.env.TEST_STORE_TEMPLATE!;
    expect(existsSync(dump)).toBe(true);
    const one = await CaseStore.open(`pglite:memory:${dump}`);
    const two = await CaseStore.open(`pglite:memory:${dump}`);
    try {
      await one.saveCase({ record: record('patrol-2026-taiyuan-0001'), viewers: ['unit:taiyuan'] });
      expect(await one.readCase('patrol-2026-taiyuan-0001')).toMatchObject({ viewers: ['unit:taiyuan'] });
      expect(await two.readCase('patrol-2026-taiyuan-0001')).toBeUndefined();
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
    const missing = path.join(dir, 'no-such-dump.tar');
    await expect(CaseStore.open(`pglite:memory:${missing}`)).rejects.toThrow(
      `DATABASE_URL pglite:memory:${missing}: the dump of a PGlite data folder cannot be read`,
    );
  }, 60_000);
});
