/**
 * `npm run restore`: a backup (backup.ts) into an empty store, never over one that holds anything. Before a byte is
 * written it checks that the backup is of the target's engine, sealed with this backup key, of a version this code
 * knows, and that the store keys configured now open every identity in it; then it opens the backup into a private
 * folder (0700, removed after), where it is authenticated whole before it is used. PostgreSQL: `pg_restore` in one
 * transaction (all or nothing), owned by the restoring role, the grants as the migrations set them. PGlite: its
 * `loadDataDir`. Then the counts are checked against the header, the store's migrations run (those newer than the
 * backup, with their grants), and every workbench session of before the restore is ended.
 */
import { existsSync, mkdirSync, mkdtempSync, openAsBlob, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';
import type { BackupHeader, BackupKey } from './backup-file';
import { BackupError, openBackup, readBackupHeader } from './backup-file';
import type { Query, StoreFacts } from './backup';
import { storeFacts } from './backup';
import { CaseStore } from './case-store';
import { lockFolder } from './connection';
import { migrations } from './migrations';
import { postgresTool, runTool, splitPassword } from './pg-tools';

export interface RestoreOptions {
  /** The empty store to restore into (`DATABASE_URL`, `storeLocation()`). */
  location: string;
  /** The backup file. */
  file: string;
  key: BackupKey;
  /** The ids of the store keys configured now (`STORE_SEALING_KEYS`, or the data folder's; none if none is). */
  storeKeyIds: ReadonlySet<string>;
  /** Where `pg_restore` is found (`POSTGRES_BIN_DIR`, `PATH`): the process's. */
  env: NodeJS.ProcessEnv;
}

/** PostgreSQL: who owned the backup's objects, who restored them, and whether each kept its owner. */
export interface Owners {
  roles: string[];
  restorer: string;
  kept: boolean;
}

export interface RestoreResult {
  header: BackupHeader;
  owners?: Owners;
  /** Workbench sessions of before the restore, ended (everyone signs in again). */
  sessionsEnded: number;
}

/**
 * @example
 * const { header } = await restoreStore({ location, file, key: loadBackupKey(config.store), storeKeyIds, env });
 */
export async function restoreStore(o: RestoreOptions): Promise<RestoreResult> {
  const { header } = await readBackupHeader(o.file);
  const postgres = /^postgres(ql)?:\/\//.test(o.location);
  if (header.kind !== (postgres ? 'pg' : 'pglite')) {
    throw new BackupError(
      header.kind === 'pg'
        ? `${o.file} is a backup of a PostgreSQL store: restore it into DATABASE_URL=postgres://…`
        : `${o.file} is a backup of an embedded (PGlite) store: restore it into DATABASE_URL=pglite:<folder>`,
    );
  }
  if (header.backupKeyId !== o.key.id) {
    throw new BackupError(
      `${o.file} is sealed with the backup key ${header.backupKeyId}, and BACKUP_KEY is the key ${o.key.id}: give the ` +
        'key the backup was made with',
    );
  }
  if (header.lastMigration && !(header.lastMigration in migrations)) {
    throw new BackupError(
      `${o.file} was made by a newer version of the system (its store's migration ${header.lastMigration} is unknown ` +
        'here): restore it with that version or a later one',
    );
  }
  const missing = Object.keys(header.sealingKeyIds).filter((id) => !o.storeKeyIds.has(id));
  if (missing.length) {
    throw new BackupError(
      `the identities in ${o.file} are sealed with the store keys ${missing
        .map((id) => `"${id}" (${header.sealingKeyIds[id]} ${header.sealingKeyIds[id] === 1 ? 'row' : 'rows'})`)
        .join(', ')}, which are not configured now: they could not be opened. Put those keys in STORE_SEALING_KEYS ` +
        '(after the current key) and run the restore again; nothing was restored',
    );
  }
  if (o.location === 'pglite:memory') throw new BackupError('a restore into pglite:memory would be lost at once');
  const target = postgres ? undefined : path.resolve(o.location.slice('pglite:'.length));
  await (target ? refuseFilledFolder(target) : refuseFilledDatabase(o.location));

  // The dump in clear only here: a folder of this user's alone, removed whatever happens.
  let owners: Owners | undefined;
  const tmp = mkdtempSync(path.join(tmpdir(), 'case-store-restore-'));
  try {
    const dump = path.join(tmp, 'dump');
    await openBackup(o.file, o.key, dump);
    let facts: StoreFacts;
    if (target) facts = await loadPGlite(target, dump);
    else ({ facts, owners } = await pgRestore(o, dump));
    const expected: StoreFacts = {
      rows: header.rows,
      lastMigration: header.lastMigration,
      sealingKeyIds: header.sealingKeyIds,
      oldFormatRows: header.oldFormatRows,
    };
    if (JSON.stringify(facts) !== JSON.stringify(expected)) {
      throw new BackupError(
        `the restored store differs from the backup's header (${JSON.stringify(facts)}, not ` +
          `${JSON.stringify(expected)}): do not use it; empty it and restore again`,
      );
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  // The migrations of this version (with their grants and triggers), then no session of before the restore lives on.
  const store = await CaseStore.open(o.location);
  try {
    const ended = await store.db
      .updateTable('workbench_sessions')
      .set({ ended_at: new Date(), ended_why: 'restored from a backup', sealed: null })
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    return { header, sessionsEnded: Number(ended.numUpdatedRows), ...(owners ? { owners } : {}) };
  } finally {
    await store.close();
  }
}

/** What a database holds, in words (`12 cases and 10 migrations, in 21 tables`); undefined if it has no table. */
async function holdings(query: Query): Promise<string | undefined> {
  const tables = (
    await query(
      "select table_name as name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema') order by 1",
    )
  ).map((r) => r.name as string);
  if (!tables.length) return undefined;
  const count = async (table: string) =>
    tables.includes(table) ? Number((await query(`select count(*)::int as n from ${table}`))[0]!.n) : 0;
  return `${await count('cases')} cases and ${await count('kysely_migration')} migrations, in ${tables.length} tables`;
}

async function refuseFilledDatabase(location: string): Promise<void> {
  const client = new Client({ connectionString: location, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const found = await holdings((sql) => client.query(sql).then((r) => r.rows as Array<Record<string, unknown>>));
    if (found) {
      throw new BackupError(
        `the target store is not empty: it holds ${found}. A restore goes into an empty database only: stop the API ` +
          'and the worker (they migrate an empty one at start), drop and create the database, then restore',
      );
    }
  } finally {
    await client.end();
  }
}

async function refuseFilledFolder(folder: string): Promise<void> {
  if (!existsSync(folder) || !readdirSync(folder).length) return;
  let found = 'files';
  if (existsSync(path.join(folder, 'PG_VERSION'))) {
    const release = lockFolder(folder);
    const db = new PGlite(folder);
    try {
      found = (await holdings((sql) => db.query<Record<string, unknown>>(sql).then((r) => r.rows))) ?? 'an empty store';
    } finally {
      await db.close();
      release();
    }
  }
  throw new BackupError(
    `the target store is not empty: ${folder} holds ${found}. A restore writes a new folder: move that one away ` +
      '(with npm start stopped) or give another DATABASE_URL=pglite:<folder>',
  );
}

/**
 * The owners of the backup's objects are kept where the restoring role may take each of them (the server's superuser,
 * or a deployment with one role for everything): the audit trail stays its keeper's (audit_keeper), apart from the
 * application's role. Otherwise everything is the restoring role's (`--no-owner`), and the result says so.
 */
async function pgRestore(o: RestoreOptions, dump: string): Promise<{ facts: StoreFacts; owners: Owners }> {
  const client = new Client({ connectionString: o.location, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number; me: string }>(
      "select current_setting('server_version_num')::int as n, current_user as me",
    );
    const tool = await postgresTool('pg_restore', Math.floor(rows[0]!.n / 10_000), o.env);
    let toc = '';
    const listed = await runTool(tool, ['--list', dump], o.env, undefined, async (out) => {
      for await (const chunk of out) toc += String(chunk);
    });
    if (listed.code !== 0) throw new BackupError(`pg_restore --list failed (exit ${listed.code}): ${listed.stderr}`);
    // Each entry of the table of contents ends with its owner.
    const roles = [
      ...new Set(toc.split('\n').flatMap((line) => (/^\d+;/.test(line) ? [line.trim().split(/\s+/).pop()!] : []))),
    ].sort();
    const takeable = await client.query<{ name: string }>(
      "select rolname as name from pg_roles where rolname = any($1) and pg_has_role(current_user, rolname, 'MEMBER')",
      [roles],
    );
    const owners: Owners = { roles, restorer: rows[0]!.me, kept: takeable.rows.length === roles.length };
    const { url, password } = splitPassword(o.location);
    const { code, stderr } = await runTool(
      tool,
      [
        ...(owners.kept ? [] : ['--no-owner']),
        '--single-transaction',
        '--exit-on-error',
        '--no-password',
        `--dbname=${url}`,
        dump,
      ],
      o.env,
      password,
    );
    if (code !== 0) {
      throw new BackupError(`pg_restore failed (exit ${code}), in one transaction: nothing was restored. ${stderr}`);
    }
    const facts = await storeFacts((sql) => client.query(sql).then((r) => r.rows as Array<Record<string, unknown>>));
    return { facts, owners };
  } finally {
    await client.end();
  }
}

async function loadPGlite(folder: string, dump: string): Promise<StoreFacts> {
  mkdirSync(path.dirname(folder), { recursive: true, mode: 0o700 });
  const release = lockFolder(folder);
  try {
    const db = new PGlite({ dataDir: folder, loadDataDir: await openAsBlob(dump) });
    try {
      await db.waitReady;
      return await storeFacts((sql) => db.query<Record<string, unknown>>(sql).then((r) => r.rows));
    } finally {
      await db.close();
    }
  } catch (err) {
    // The folder was empty or absent: what a failed load left in it goes.
    rmSync(folder, { recursive: true, force: true });
    throw err;
  } finally {
    release();
  }
}
