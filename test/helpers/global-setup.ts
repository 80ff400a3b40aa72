/**
 * Once per `npm test`: the workflow code bundled once (webpack, as `npm run build` does), for every test system's worker
 * (test/helpers/system.ts) instead of each bundling it again at start; and the case store migrated once, for every
 * test's in-memory store to start from. Tests that run other workflow code (upgrades,
 * the toy kind) or trace it bundle their own.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { migrateToLatest } from '../../lib/store/migrations';
import { PGliteDialect } from '../../lib/store/pglite-dialect';
import type { StoreDatabase } from '../../lib/store/schema';
import { buildWorkflowBundle } from '../../scripts/bundle-workflows';

export default async function globalSetup(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'workflow-bundle-'));
  const file = path.join(dir, 'workflow-bundle.js');
  writeFileSync(file, await buildWorkflowBundle());
  // Read by the test workers, which start after this.
  process.env.TEST_WORKFLOW_BUNDLE = file;
  // The case store migrated once and dumped: each test's in-memory store starts from a copy (test/helpers/system.ts).
  const store = path.join(dir, 'case-store.tar');
  writeFileSync(store, await migratedStoreDump());
  process.env.TEST_STORE_TEMPLATE = store;
}

/** A new PGlite database with every migration of the case store applied, as PGlite dumps its data folder. */
async function migratedStoreDump(): Promise<Buffer> {
  const pglite = new PGlite();
  const db = new Kysely<StoreDatabase>({ dialect: new PGliteDialect(pglite) });
  try {
    await migrateToLatest(db);
    return Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer());
  } finally {
    await db.destroy();
  }
}
