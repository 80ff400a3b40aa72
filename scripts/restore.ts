// `npm run restore -- --in <file>`: a backup of `npm run backup` into the empty case store of DATABASE_URL
// (lib/store/restore.ts), with the backup's BACKUP_KEY and the store keys its identities are sealed with
// (STORE_SEALING_KEYS, or the data folder's for the embedded store). Refused, changing nothing, if the store holds
// anything. docs/operations.md has the restore drill.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../lib/config';
import { dataDir } from '../lib/infra/local-secret';
import { createLogger } from '../lib/infra/logger';
import { BackupError, loadBackupKey } from '../lib/store/backup-file';
import { StoreLockedError, storeLocation } from '../lib/store/case-store';
import { restoreStore } from '../lib/store/restore';
import { loadStoreKeys } from '../lib/store/sealing';

const config = loadConfig(process.env, ['common', 'store']);
const log = createLogger('restore', config.common);

/** The store keys configured now; none is generated here (a new key would open nothing of the backup). */
function storeKeyIds(location: string): Set<string> {
  const { STORE_SEALING_KEYS, STORE_SEALING_KEYS_FILE } = config.store;
  if (
    !STORE_SEALING_KEYS &&
    !STORE_SEALING_KEYS_FILE &&
    !existsSync(path.join(dataDir(config.store), 'store-sealing-keys'))
  )
    return new Set();
  return new Set(loadStoreKeys(config.store, location).keys.keys());
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { in: { type: 'string' } } });
  if (!values.in) throw new BackupError('name the backup to restore: npm run restore -- --in <file>');
  const key = loadBackupKey(config.store);
  const location = storeLocation(config.store);
  const { header, sessionsEnded, owners } = await restoreStore({
    location,
    file: values.in,
    key,
    storeKeyIds: storeKeyIds(location),
    env: process.env,
  });
  process.stdout.write(
    `restored the backup of ${header.createdAt} into the case store: ${header.rows.cases} cases, ` +
      `${header.rows.documents} documents (accounts and files), ${header.rows.reporters} sealed identities, as its header counts; migrations ` +
      `run; ${sessionsEnded} workbench sessions open in the backup ended\n`,
  );
  if (owners && !owners.kept) {
    process.stdout.write(
      `  everything is owned by ${owners.restorer}, not by the backup's owners (${owners.roles.join(', ')}), which it ` +
        'cannot all take: restore as the server’s superuser to keep them (the audit trail’s owner keeps it apart ' +
        'from the application)\n',
    );
  }
  if (header.oldFormatRows) {
    process.stdout.write(
      `  ${header.oldFormatRows} identities are still sealed with the payload keys: run npm run store:reseal with CODEC_KEYS\n`,
    );
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof BackupError) log.error(`restore refused: ${err.message}`);
    else if (err instanceof StoreLockedError) log.error(`${err.message}. Stop npm start, restore, then start again`);
    else log.error({ err }, 'restore failed');
    process.exit(1);
  },
);
