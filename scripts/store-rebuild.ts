// `npm run store:rebuild`: bring the case store (DATABASE_URL) up to date from every execution Temporal still has,
// idempotently (lib/store/rebuild.ts). It reads each one with a query, so the worker must be running. With the
// embedded PGlite store, which `npm start` holds open, use `npm start -- --rebuild-store` instead.
import { Client, Connection } from '@temporalio/client';
import { loadCodecKeys, sealedDataConverter } from '../lib/infra/codec';
import { createLogger } from '../lib/infra/logger';
import { CaseStore, StoreLockedError, storeLocation } from '../lib/store/case-store';
import { rebuildStore } from '../lib/store/rebuild';
import { temporalSettings } from '../lib/infra/temporal-config';

const log = createLogger('store-rebuild');

async function main(): Promise<number> {
  const settings = temporalSettings();
  let store: CaseStore;
  try {
    store = await CaseStore.open(storeLocation());
  } catch (err) {
    if (err instanceof StoreLockedError) {
      log.error(`${err.message}. With npm start, run: npm start -- --rebuild-store`);
      return 2;
    }
    throw err;
  }
  const connection = await Connection.connect(settings.connection);
  try {
    const client = new Client({
      connection,
      namespace: settings.namespace,
      dataConverter: sealedDataConverter(loadCodecKeys()),
    });
    const result = await rebuildStore(client, store, log);
    process.stdout.write(
      `read ${result.read} executions: ${result.written} written, ${result.current} already current, ${result.failed.length} failed; ${result.numbered} documents numbered\n`,
    );
    for (const f of result.failed) process.stdout.write(`  ${f.workflowId} (${f.runId}): ${f.error}\n`);
    return result.failed.length ? 1 : 0;
  } finally {
    await connection.close();
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
