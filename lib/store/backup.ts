/**
 * `npm run backup`: the case store in one file sealed with the backup key (backup-file.ts). PostgreSQL: a
 * custom-format `pg_dump`, taken online, in the same snapshot as the header's counts and key ids. PGlite: its own
 * `dumpDataDir()`, with the store closed (a PGlite folder is one process's). The dump goes from the dumper through the
 * cipher to the file: it is never on disk in clear.
 *
 * The header names the store keys the sealed identities need (their ids, from each row's seal, sealing.ts): a restore
 * refuses to start without them, and an operator can see which retired keys a backup still needs.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';
import type { BackupHeader, BackupKey } from './backup-file';
import { BackupError, writeBackup } from './backup-file';
import { lockFolder } from './connection';
import { postgresTool, runTool, splitPassword } from './pg-tools';
import { sealedWith } from './sealing';

/** One SQL statement's rows, on either engine. */
export type Query = (sql: string) => Promise<Array<Record<string, unknown>>>;

/** What the header says of a store: the counts of its main tables, its last migration, the keys its seals need. */
export type StoreFacts = Pick<BackupHeader, 'rows' | 'lastMigration' | 'sealingKeyIds' | 'oldFormatRows'>;

/** The facts of a store (both engines). A seal's key id is in its first bytes: the first 300 are enough. */
export async function storeFacts(query: Query): Promise<StoreFacts> {
  const [counts] = await query(
    'select (select count(*) from cases)::int as cases, (select count(*) from reporters)::int as reporters, ' +
      '(select count(*) from documents)::int as documents, (select max(name) from kysely_migration) as last_migration',
  );
  const sealingKeyIds: Record<string, number> = {};
  let oldFormatRows = 0;
  for (const row of await query('select substring(sealed from 1 for 300) as head from reporters')) {
    const id = sealedWith(Buffer.from(row.head as Uint8Array));
    if (id === undefined) oldFormatRows++;
    else sealingKeyIds[id] = (sealingKeyIds[id] ?? 0) + 1;
  }
  return {
    rows: { cases: Number(counts!.cases), reporters: Number(counts!.reporters), documents: Number(counts!.documents) },
    lastMigration: (counts!.last_migration as string | null) ?? null,
    // In the order of their ids, whatever the order the rows came in: a restore compares the two.
    sealingKeyIds: Object.fromEntries(Object.entries(sealingKeyIds).sort(([a], [b]) => a.localeCompare(b))),
    oldFormatRows,
  };
}

export interface BackupOptions {
  /** The store (`DATABASE_URL`, `storeLocation()`). */
  location: string;
  /** The file to write (it must not exist). */
  out: string;
  key: BackupKey;
  /** Where `pg_dump` is found (`POSTGRES_BIN_DIR`, `PATH`) and what it is given (`PGSSLMODE` …): the process's. */
  env: NodeJS.ProcessEnv;
}

/**
 * Back the store up into `out`; returns the header written.
 *
 * @example
 * const header = await backupStore({ location: storeLocation(config.store), out, key: loadBackupKey(config.store), env });
 */
export async function backupStore(o: BackupOptions): Promise<BackupHeader> {
  if (existsSync(o.out)) throw new BackupError(`${o.out} exists: give the backup a new name (it is never overwritten)`);
  const partial = `${o.out}.partial`;
  rmSync(partial, { force: true });
  try {
    const header = /^postgres(ql)?:\/\//.test(o.location)
      ? await backupPostgres(o, partial)
      : await backupPGlite(o, partial);
    if (existsSync(o.out)) throw new BackupError(`${o.out} appeared while the backup ran: it is left alone`);
    renameSync(partial, o.out);
    return header;
  } finally {
    rmSync(partial, { force: true });
  }
}

async function backupPostgres(o: BackupOptions, file: string): Promise<BackupHeader> {
  const client = new Client({ connectionString: o.location, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    // One snapshot for the header and the dump: the counts and key ids are those of the rows in the dump.
    await client.query('begin isolation level repeatable read read only');
    const snapshot = (await client.query<{ id: string }>('select pg_export_snapshot() as id')).rows[0]!.id;
    const facts = await storeFacts((sql) => client.query(sql).then((r) => r.rows as Array<Record<string, unknown>>));
    const { rows } = await client.query<{ v: string; n: number }>(
      "select current_setting('server_version') as v, current_setting('server_version_num')::int as n",
    );
    const server = rows[0]!.v;
    const pgDump = await postgresTool('pg_dump', Math.floor(rows[0]!.n / 10_000), o.env);
    const { url, password } = splitPassword(o.location);
    let header: BackupHeader | undefined;
    const { code, stderr } = await runTool(
      pgDump,
      ['--format=custom', '--no-password', `--snapshot=${snapshot}`, `--dbname=${url}`],
      o.env,
      password,
      async (dump) => {
        header = await writeBackup(
          file,
          { kind: 'pg', createdAt: new Date().toISOString(), tool: pgDump.version, server, ...facts },
          o.key,
          dump as AsyncIterable<Buffer>,
        );
      },
    );
    if (code !== 0 || !header) throw new BackupError(`pg_dump failed (exit ${code}): ${stderr}`);
    return header;
  } finally {
    await client.query('rollback').catch(() => undefined);
    await client.end();
  }
}

async function backupPGlite(o: BackupOptions, file: string): Promise<BackupHeader> {
  const where = o.location.slice('pglite:'.length);
  if (where === 'memory') throw new BackupError('pglite:memory is kept in no file: there is nothing to back up');
  const folder = path.resolve(where);
  if (!existsSync(path.join(folder, 'PG_VERSION'))) throw new BackupError(`there is no case store in ${folder}`);
  // Refused, naming the process, while npm start (or anything else) has the store open.
  const release = lockFolder(folder);
  try {
    const db = new PGlite(folder);
    let dump: Blob;
    let facts: StoreFacts;
    let server: string;
    try {
      await db.waitReady;
      facts = await storeFacts((sql) => db.query<Record<string, unknown>>(sql).then((r) => r.rows));
      server = (await db.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]!.v;
      dump = await db.dumpDataDir('gzip');
    } finally {
      await db.close();
    }
    return await writeBackup(
      file,
      { kind: 'pglite', createdAt: new Date().toISOString(), tool: 'PGlite dumpDataDir (gzip)', server, ...facts },
      o.key,
      dump.stream() as unknown as AsyncIterable<Uint8Array>,
    );
  } finally {
    release();
  }
}
