/**
 * The database behind a store location: a pool of PostgreSQL connections (`postgres://…`), or PGlite in a folder
 * (`pglite:<folder>`, held by one process at a time through `<folder>.lock`) or in memory (`pglite:memory`, or
 * `pglite:memory:<file>`: in memory from a copy of a data folder PGlite dumped to that file, as the tests start theirs
 * from one migrated store instead of migrating each again).
 */
import { mkdirSync, openAsBlob, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { LogEvent } from 'kysely';
import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import { isAlive } from '../infra/processes';
import { StoreLockedError, StoreMigrationError } from './errors';
import { PGliteDialect } from './pglite-dialect';
import type { StoreDatabase } from './schema';

/**
 * Take `<folder>.lock` for this process, or say who has the folder open. A lock left by a process that is gone is
 * taken over. Returns the release.
 */
export function lockFolder(folder: string): () => void {
  const file = `${folder}.lock`;
  mkdirSync(path.dirname(folder), { recursive: true, mode: 0o700 });
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      const pid = Number(readFileSync(file, 'utf8'));
      if (isAlive(pid)) {
        throw new StoreLockedError(
          `the case store in ${folder} is open in another process (pid ${pid}): PGlite serves one process. Stop that ` +
            'process (npm start runs the worker and the API together), or give every process the same PostgreSQL ' +
            'server in DATABASE_URL',
        );
      }
      rmSync(file, { force: true });
    }
  }
}

/** A PGlite data folder dumped to a file (`dumpDataDir`), as restore.ts reads one, or a start stopped naming the file. */
async function readDump(file: string): Promise<Blob> {
  try {
    return await openAsBlob(file);
  } catch (err) {
    throw new StoreMigrationError(
      `DATABASE_URL pglite:memory:${file}: the dump of a PGlite data folder cannot be read (${(err as Error).message})`,
    );
  }
}

/**
 * Connect to a location, with `log` told of every query; `release` gives up the folder's lock (after `db.destroy()`).
 * An unknown kind of location stops the start, saying what it must be.
 */
export async function connect(
  location: string,
  log: (event: LogEvent) => void,
): Promise<{ db: Kysely<StoreDatabase>; release: () => void }> {
  if (/^postgres(ql)?:\/\//.test(location)) {
    const pool = new Pool({ connectionString: location, max: 10, connectionTimeoutMillis: 5_000 });
    // A connection the server drops (a restart) is replaced on the next query; it must not crash the process.
    pool.on('error', () => undefined);
    return { db: new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool }), log }), release: () => undefined };
  }
  if (location.startsWith('pglite:')) {
    const where = location.slice('pglite:'.length);
    const template = where.startsWith('memory:') ? where.slice('memory:'.length) : undefined;
    const inMemory = where === 'memory' || template !== undefined;
    const release = inMemory ? () => undefined : lockFolder(path.resolve(where));
    try {
      const pglite = template
        ? new PGlite({ loadDataDir: await readDump(template) })
        : new PGlite(inMemory ? undefined : where);
      const db = new Kysely<StoreDatabase>({ dialect: new PGliteDialect(pglite), log });
      await pglite.waitReady;
      return { db, release };
    } catch (err) {
      release();
      throw err;
    }
  }
  throw new StoreMigrationError(
    `DATABASE_URL must be postgres://…, pglite:<folder>, pglite:memory or pglite:memory:<dump file>, not "${location}"`,
  );
}
