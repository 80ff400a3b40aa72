// `npm run audit:verify` (issue 33 item 2): check every hash chain of the audit trail in the case store (DATABASE_URL)
// and name the first entry of each chain that was changed, removed or put in after it was written. Exit 0 when every
// chain holds, 1 when one is broken. Read-only; with the embedded PGlite store, stop `npm start` first (PGlite serves
// one process). Each prune of the retention is listed with the chains it removed.
import { loadConfig } from '../lib/config';
import { verifyTrail } from '../lib/audit/verify';
import { createLogger } from '../lib/infra/logger';
import { CaseStore, StoreLockedError, storeLocation } from '../lib/store/case-store';

const config = loadConfig(process.env, ['common', 'store']);
const log = createLogger('audit-verify', config.common);

async function main(): Promise<number> {
  let store: CaseStore;
  try {
    store = await CaseStore.open(storeLocation(config.store));
  } catch (err) {
    if (err instanceof StoreLockedError) {
      log.error(`${err.message}. Stop npm start, run npm run audit:verify, then start again`);
      return 2;
    }
    throw err;
  }
  try {
    const result = await verifyTrail(store);
    for (const prune of await store.auditPrunes()) {
      process.stdout.write(
        `pruned at ${prune.at} by ${prune.by}: ${prune.entries} entries of ${prune.chains.length} chains before ${prune.before}\n`,
      );
    }
    for (const b of result.broken) {
      process.stdout.write(`BROKEN chain ${b.chain} at entry ${b.seq}: ${b.problem}\n`);
    }
    process.stdout.write(
      `checked ${result.entries} entries in ${result.chains} chains: ` +
        `${result.broken.length ? `${result.broken.length} broken` : 'every chain holds'}\n`,
    );
    return result.broken.length ? 1 : 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log.error({ err }, 'audit verify failed');
    process.exit(1);
  },
);
