import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { CaseStore, StoreMigrationError } from '../../lib/store/case-store';
import { migrations } from '../../lib/store/migrations';
import { storeEngines } from './store-fixtures';

const folder = path.join(__dirname, '../../lib/store/migrations');

/** The tables the migrations make (lib/store/schema.ts describes them to Kysely). */
const tables = [
  'assessments',
  'bulletin',
  'case_deadlines',
  'case_events',
  'case_findings',
  'case_transfers',
  'cases',
  'document_numbers',
  'documents',
  'kysely_migration',
  'kysely_migration_lock',
  'people',
  'plans',
  'problems',
  'readings',
  'reporters',
  'reports',
  'rounds',
  'stock_phrases',
  'transfer_outcomes',
  'workbench_sessions',
  'yearly_reports',
];

test('issue 31 item 4: the migrations folder and its index agree: every file listed once, under its own name, in the order they run', () => {
  const files = readdirSync(folder)
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .map((f) => f.replace(/\.ts$/, ''));
  const listed = Object.keys(migrations);
  expect(listed).toEqual(files.sort());
  // Kysely runs them in name order, whatever the order of the index: the index reads as they run.
  expect(listed).toEqual([...listed].sort());
  for (const name of listed) expect(name).toMatch(/^\d{4}-\d{2}-\d{2}-\d{3}-[a-z-]+$/);
});

describe.each(storeEngines())('The migrations (lib/store/migrations/) on %s', (_engine, location) => {
  let where: string;
  let dir: string | undefined;
  beforeAll(async () => {
    where = await location();
    if (where === 'pglite:memory') {
      // An in-memory store is new at each open; the same checks on a folder.
      dir = mkdtempSync(path.join(tmpdir(), 'store-'));
      where = `pglite:${path.join(dir, 'db')}`;
    }
  });
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  test('a new store runs every migration once, in order, and has their tables; opened again, it runs none', async () => {
    const first = await CaseStore.open(where);
    const ran = async (store: CaseStore) =>
      (await store.db.selectFrom('kysely_migration').select('name').orderBy('timestamp').orderBy('name').execute()).map(
        (r) => r.name,
      );
    try {
      expect(await ran(first)).toEqual(Object.keys(migrations));
      const { rows } = await sql<{ name: string }>`
        select table_name as name from information_schema.tables where table_schema = 'public' order by table_name
      `.execute(first.db);
      expect(rows.map((r) => r.name)).toEqual(tables);
    } finally {
      await first.close();
    }
    const again = await CaseStore.open(where);
    try {
      expect(await ran(again)).toEqual(Object.keys(migrations));
    } finally {
      await again.close();
    }
  }, 60_000);

  test('a migration that fails stops the start with a clear message naming it', async () => {
    const store = await CaseStore.open(where);
    await store.db.deleteFrom('kysely_migration').execute();
    await store.close();
    await expect(CaseStore.open(where)).rejects.toThrow(
      new StoreMigrationError(
        `the case store's migration 2026-11-27-001-cases failed: relation "cases" already exists`,
      ),
    );
  }, 60_000);
});
