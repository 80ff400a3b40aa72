// `npm run backup -- --out <file>`: the case store (DATABASE_URL) in one file sealed with BACKUP_KEY (or BACKUP_KEY_FILE),
// lib/store/backup.ts. PostgreSQL is dumped online with pg_dump (of the server's major version or newer: POSTGRES_BIN_DIR);
// the embedded PGlite store only with npm start stopped. docs/operations.md has the schedule and the restore drill.
import { parseArgs } from 'node:util';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/infra/logger';
import { backupStore } from '../lib/store/backup';
import { BackupError, loadBackupKey } from '../lib/store/backup-file';
import { StoreLockedError, storeLocation } from '../lib/store/case-store';

const config = loadConfig(process.env, ['common', 'store']);
const log = createLogger('backup', config.common);

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  if (!values.out) throw new BackupError('name the file to write: npm run backup -- --out cases-$(date +%F).backup');
  const key = loadBackupKey(config.store);
  const header = await backupStore({ location: storeLocation(config.store), out: values.out, key, env: process.env });
  const keys = Object.entries(header.sealingKeyIds).map(([id, n]) => `"${id}" (${n})`);
  process.stdout.write(
    `backed up the case store (${header.kind === 'pg' ? 'PostgreSQL' : 'PGlite'} ${header.server}) to ${values.out}: ` +
      `${header.rows.cases} cases, ${header.rows.documents} documents (accounts and files), ${header.rows.reporters} sealed identities ` +
      `(store keys needed: ${keys.join(', ') || 'none'}); sealed with the backup key ${header.backupKeyId}\n`,
  );
  if (header.oldFormatRows) {
    process.stdout.write(
      `  ${header.oldFormatRows} identities are still sealed with the payload keys: run npm run store:reseal\n`,
    );
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof BackupError) log.error(`backup refused: ${err.message}`);
    else if (err instanceof StoreLockedError) log.error(`${err.message}. Stop npm start, back up, then start again`);
    else log.error({ err }, 'backup failed');
    process.exit(1);
  },
);
