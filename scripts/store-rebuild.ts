// `npm run store:rebuild`: bring the case store (DATABASE_URL) up to date from every execution Temporal still has,
// idempotently (lib/store/rebuild.ts). It reads each one with a query, so the worker must be running. With the
// embedded PGlite store, which `npm start` holds open, use `npm start -- --rebuild-store` instead.
import { loadConfig } from '../lib/config';
import { loadCodecKeys } from '../lib/infra/codec';
import { createLogger } from '../lib/infra/logger';
import { CaseStore, StoreLockedError, storeLocation } from '../lib/store/case-store';
import { rebuildStore } from '../lib/store/rebuild';
import { connectClient } from '../lib/infra/temporal-client';
import { temporalSettings } from '../lib/infra/temporal-config';

// The store, Temporal, and the registry and number formats the documents are numbered with (the worker's section).
const config = loadConfig(process.env, ['common', 'worker', 'temporal', 'store']);
const log = createLogger('store-rebuild', config.common);

async function main(): Promise<number> {
  const settings = temporalSettings(config.temporal);
  let store: CaseStore;
  try {
    store = await CaseStore.open(storeLocation(config.store));
  } catch (err) {
    if (err instanceof StoreLockedError) {
      log.error(`${err.message}. With npm start, run: npm start -- --rebuild-store`);
      return 2;
    }
    throw err;
  }
  const client = await connectClient(settings, loadCodecKeys(config.temporal));
  try {
    const result = await rebuildStore(client, store, log, config.worker);
    process.stdout.write(
      `read ${result.read} executions: ${result.written} written, ${result.current} already current, ${result.failed.length} failed; ${result.numbered} documents numbered\n`,
    );
    for (const f of result.failed) process.stdout.write(`  ${f.workflowId} (${f.runId}): ${f.error}\n`);
    return result.failed.length ? 1 : 0;
  } finally {
    await client.connection.close();
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log.error({ err }, 'store rebuild failed');
    process.exit(1);
  },
);
