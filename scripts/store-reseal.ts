// `npm run store:reseal`: seal every sealed row of the case store (DATABASE_URL) again with the current store key, the
// first of STORE_SEALING_KEYS (lib/store/reseal.ts). Run it after putting a new key first, and once after upgrading to
// the store's own key: rows of before then were sealed with the payload keys, which this script alone is given
// (CODEC_KEYS, CODEC_KEYS_FILE or the data folder's codec-keys) to convert them. Idempotent: run it again after a crash.
// With the embedded PGlite store, stop `npm start` first (PGlite serves one process).
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TemporalConfig } from '../lib/config';
import { loadConfig } from '../lib/config';
import type { CodecKeys } from '../lib/infra/codec';
import { loadCodecKeys, openOldStoreRow } from '../lib/infra/codec';
import { dataDir } from '../lib/infra/local-secret';
import { createLogger } from '../lib/infra/logger';
import { CaseStore, StoreLockedError, storeLocation } from '../lib/store/case-store';
import { resealStore } from '../lib/store/reseal';
import { loadStoreKeys } from '../lib/store/sealing';

// The store and its keys, and the payload keys of the Temporal section (secrets may come from files, NAME_FILE).
const config = loadConfig(process.env, ['common', 'temporal', 'store']);
const log = createLogger('store-reseal', config.common);

/** The payload keys, if this machine has any: never generated here (a new key would open nothing). */
function payloadKeys(temporal: TemporalConfig): CodecKeys | undefined {
  if (temporal.CODEC_KEYS || temporal.CODEC_KEYS_FILE || existsSync(path.join(dataDir(temporal), 'codec-keys'))) {
    return loadCodecKeys(temporal);
  }
  return undefined;
}

async function main(): Promise<number> {
  const location = storeLocation(config.store);
  const keys = loadStoreKeys(config.store, location);
  const codecKeys = payloadKeys(config.temporal);
  let store: CaseStore;
  try {
    store = await CaseStore.open(location);
  } catch (err) {
    if (err instanceof StoreLockedError) {
      log.error(`${err.message}. Stop npm start, run npm run store:reseal, then start again`);
      return 2;
    }
    throw err;
  }
  try {
    const result = await resealStore(store, keys, {
      ...(codecKeys ? { openOld: (blob: Buffer) => openOldStoreRow(codecKeys, blob) } : {}),
      onBatch: (p) =>
        void process.stdout.write(`… ${p.examined} examined, ${p.resealed} resealed (up to ${p.cursor})\n`),
    });
    process.stdout.write(
      `examined ${result.examined} sealed rows with the store key "${keys.sealWith}": ${result.resealed} resealed, ` +
        `${result.current} already current, ${result.changedMeanwhile} changed meanwhile, ${result.failed.length} failed\n`,
    );
    for (const f of result.failed) process.stdout.write(`  ${f.id}: ${f.error}\n`);
    if (result.failed.length && !codecKeys) {
      process.stdout.write('  (no payload keys were found to open rows of the old format: set CODEC_KEYS)\n');
    }
    return result.failed.length ? 1 : 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log.error({ err }, 'store reseal failed');
    process.exit(1);
  },
);
