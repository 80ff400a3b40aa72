/**
 * Issue 33 item 6: the restore drill, in CI. A system with an open patrol and a closed public report (a file and a
 * sealed reporter), built through the real API on a real Temporal dev server, is backed up, restored into a fresh empty
 * store, and read back through a fresh API over it: every case, the reporter the office sees, the file to the byte.
 * PostgreSQL through the scripts as an operator runs them (npm run backup / restore), PGlite through their functions.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { build } from 'esbuild';
import { sql } from 'kysely';
import { Client } from 'pg';
import { backupStore } from '../../lib/store/backup';
import { loadBackupKey, parseBackupKey } from '../../lib/store/backup-file';
import { CaseStore } from '../../lib/store/case-store';
import { restoreStore } from '../../lib/store/restore';
import { parseStoreKeys, reporterRow, sealRow } from '../../lib/store/sealing';
import { multipart, pdf, proposePatrol } from '../helpers/patrol';
import type { PostgresServer } from '../helpers/postgres';
import { startPostgres } from '../helpers/postgres';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startDevServer, startSystem, testStoreKeys } from '../helpers/system';

const root = path.join(__dirname, '../..');
const run = promisify(execFile);
/** The spec of `testStoreKeys` (test/helpers/system.ts), as an operator sets it. */
const storeKeysSpec = 'store-test-1:dGVzdC1zdG9yZS1rZXktLXRlc3Qtc3RvcmUta2V5ISE=';
const backupKey = randomBytes(32).toString('base64');
const reporter = { name: '举报人王秀英', contact: '13912345678' };

let env: TestWorkflowEnvironment;
let pg: PostgresServer;
let scripts: { backup: string; restore: string };
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'backup-restore-'));
  // The scripts alone, compiled as npm run build would (their packages from node_modules).
  const compile = build({
    entryPoints: ['backup', 'restore'].map((s) => path.join(root, `scripts/${s}.ts`)),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    outdir: path.join(dir, 'scripts'),
    logLevel: 'silent',
  });
  [env, pg] = await Promise.all([startDevServer(), startPostgres(), compile]);
  scripts = { backup: path.join(dir, 'scripts/backup.js'), restore: path.join(dir, 'scripts/restore.js') };
}, 180_000);
afterAll(async () => {
  await env?.teardown();
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** An open patrol, and a public report with a file and a named reporter, registered and linked to it (closed). */
async function fill(sys: TestSystem, serial: number): Promise<{ patrolId: string; reportId: string }> {
  const patrolId = await proposePatrol(sys, 'taiyuan', serial);
  const form = multipart({ targetUnit: 'taiyuan-loufan', what: '村干部截留危房改造补助资金', ...reporter }, [
    { name: '照片说明.pdf', type: 'application/pdf', bytes: pdf },
  ]);
  expect((await sys.call(undefined, { method: 'POST', url: '/public-reports', ...form })).statusCode).toBe(201);
  const reportId = await eventually(async () => {
    const res = await sys.call(people.office, { method: 'GET', url: '/public-reports' });
    return res.json<Array<{ reportId: string }>>()[0]?.reportId;
  });
  const step = async (p: string, payload: object) => {
    const res = await sys.call(people.office, { method: 'POST', url: `/public-reports/${reportId}/${p}`, payload });
    expect([p, res.statusCode]).toEqual([p, 200]);
  };
  await step('registration', { summary: '反映危房改造补助资金被截留' });
  await step('decision', { action: 'link', caseId: patrolId, reason: '所反映问题属于该巡查事项' });
  await eventually(async () => ((await sys.store.readCase(reportId))?.record.closed ? true : undefined));
  return { patrolId, reportId };
}

/** What the office reads: the lists, each case, the report with its reporter, and its file. */
async function officeReads(sys: TestSystem, ids: { patrolId: string; reportId: string }) {
  const get = async (url: string) => {
    const res = await sys.call(people.office, { method: 'GET', url });
    expect([url, res.statusCode]).toEqual([url, 200]);
    return res;
  };
  const report = (await get(`/public-reports/${ids.reportId}`)).json<{
    reporter: object;
    files: Array<{ url: string; sha256: string }>;
  }>();
  const file = await get(report.files[0]!.url);
  return {
    cases: (await get('/cases')).json<unknown>(),
    reports: (await get('/public-reports')).json<unknown>(),
    patrol: (await get(`/cases/${ids.patrolId}`)).json<unknown>(),
    report,
    file: { bytes: file.rawPayload, sha256: file.headers['x-content-sha256'] },
  };
}

/** Every row of every table of a store (`schema.table`), but the sessions (a restore ends them). */
async function everyRow(store: CaseStore): Promise<Record<string, string[]>> {
  const tables = (await store.db.introspection.getTables()).map((t) => `${t.schema ?? 'public'}.${t.name}`).sort();
  const out: Record<string, string[]> = {};
  for (const t of tables.filter((name) => name !== 'public.workbench_sessions')) {
    out[t] = (
      await store.db
        .selectFrom(t as 'cases')
        .selectAll()
        .execute()
    )
      .map((r) => JSON.stringify(r))
      .sort();
  }
  return out;
}

/**
 * The restored store holds every row the source held, and the source nothing more but the audit entries written
 * after the backup (reads go on while it runs).
 */
async function expectSameRows(restored: CaseStore, source: CaseStore): Promise<void> {
  const [after, before] = [await everyRow(restored), await everyRow(source)];
  expect(Object.keys(after)).toEqual(Object.keys(before));
  for (const [table, rows] of Object.entries(before)) {
    if (table.startsWith('audit.'))
      expect([table, after[table]!.filter((r) => !rows.includes(r))]).toEqual([table, []]);
    else expect([table, after[table]]).toEqual([table, rows]);
  }
}

/** The fresh API over the restored store reads what the office read before, and the store holds every row. */
async function expectRestored(
  source: { store: CaseStore; reads: Awaited<ReturnType<typeof officeReads>>; taskQueue: string },
  restored: CaseStore,
  ids: { patrolId: string; reportId: string },
): Promise<void> {
  await expectSameRows(restored, source.store);
  // The worker and the API start again on the restored store (the same Temporal, the same task queue).
  const fresh = await startSystem({ env, store: restored, taskQueue: source.taskQueue });
  try {
    const reads = await officeReads(fresh, ids);
    expect(reads).toEqual(source.reads);
    expect(reads.report.reporter).toEqual(reporter);
    expect(reads.file.bytes.equals(pdf)).toBe(true);
    expect(reads.file.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    expect(reads.report.files[0]!.sha256).toBe(reads.file.sha256);
    expect(JSON.stringify(reads.cases)).toContain(ids.patrolId);
  } finally {
    await fresh.close();
  }
}

describe('Issue 33 item 6: backup and restore of a PostgreSQL store, with npm run backup and npm run restore', () => {
  let source: CaseStore;
  let sys: TestSystem;
  let ids: { patrolId: string; reportId: string };
  let reads: Awaited<ReturnType<typeof officeReads>>;
  const backup = () => path.join(dir, 'pg.backup');
  /** Whether `sys` still runs (the last test stops it, as a restore of the live store would). */
  let running = false;

  const script = (name: 'backup' | 'restore', args: string[], settings: Record<string, string>) =>
    run(process.execPath, [scripts[name], ...args], {
      cwd: root,
      env: {
        PATH: process.env.PATH!,
        NODE_PATH: path.join(root, 'node_modules'),
        DATA_DIR: mkdtempSync(path.join(dir, 'data-')),
        LOG_PRETTY: 'false',
        ...settings,
      },
    }).then(
      (r) => ({ code: 0, out: r.stdout + r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
    );
  const tablesOf = async (url: string) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(
      "select table_name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')",
    );
    await client.end();
    return rows.length;
  };

  beforeAll(async () => {
    source = await CaseStore.open(await pg.createDatabase());
    sys = await startSystem({ env, store: source });
    running = true;
    ids = await fill(sys, 1);
    reads = await officeReads(sys, ids);
  }, 180_000);
  afterAll(async () => {
    if (running) await sys.close();
    await source?.close();
  });

  test('issue 33 item 6: without BACKUP_KEY the backup is refused, naming it, and writes nothing', async () => {
    const refused = await script('backup', ['--out', backup()], { DATABASE_URL: source.location });
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('BACKUP_KEY (or BACKUP_KEY_FILE) must be set');
    expect(existsSync(backup())).toBe(false);
  });

  test('issue 33 item 6: the backup, taken while the system runs, names the store key its identities need and no identity in clear', async () => {
    const done = await script('backup', ['--out', backup()], { DATABASE_URL: source.location, BACKUP_KEY: backupKey });
    expect(done.out).toContain(
      `${backup()}: 2 cases, 2 documents (accounts and files), 1 sealed identities (store keys needed: "store-test-1" (1))`,
    );
    expect(done.code).toBe(0);
    const bytes = readFileSync(backup());
    const header = JSON.parse(bytes.subarray(0, bytes.indexOf(0x0a)).toString()) as Record<string, unknown>;
    expect(header).toMatchObject({
      kind: 'pg',
      cipher: 'aes-256-gcm',
      backupKeyId: parseBackupKey(backupKey).id,
      sealingKeyIds: { 'store-test-1': 1 },
      rows: { cases: 2, reporters: 1, documents: 2 },
    });
    // Sealed: neither the reporter (sealed twice over), nor the case ids, nor the file's bytes in clear.
    for (const clear of [reporter.name, ids.patrolId, ids.reportId, '%PDF-1.4']) {
      expect([clear, bytes.includes(Buffer.from(clear))]).toEqual([clear, false]);
    }
    // A backup never overwrites one.
    const again = await script('backup', ['--out', backup()], { DATABASE_URL: source.location, BACKUP_KEY: backupKey });
    expect([again.code, again.out]).toEqual([1, expect.stringContaining('exists: give the backup a new name')]);
    expect(readFileSync(backup()).equals(bytes)).toBe(true);
  });

  test('issue 33 item 6: a wrong key, a tampered backup, a missing store key or a store that is not empty are refused, changing nothing', async () => {
    const target = await pg.createDatabase();
    const settings = { DATABASE_URL: target, BACKUP_KEY: backupKey, STORE_SEALING_KEYS: storeKeysSpec };
    const wrong = randomBytes(32).toString('hex');
    const wrongKey = await script('restore', ['--in', backup()], { ...settings, BACKUP_KEY: wrong });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.out).toContain(
      `is sealed with the backup key ${parseBackupKey(backupKey).id}, and BACKUP_KEY is the key ${parseBackupKey(wrong).id}`,
    );

    const bytes = readFileSync(backup());
    const tampered = path.join(dir, 'tampered.backup');
    const body = bytes.indexOf(0x0a) + 1;
    bytes[body + Math.floor((bytes.length - body) / 2)]! ^= 0x01;
    writeFileSync(tampered, bytes);
    const altered = await script('restore', ['--in', tampered], settings);
    expect(altered.code).toBe(1);
    expect(altered.out).toContain('does not authenticate with its key (altered or cut short): nothing was restored');

    const otherKeys = `other-1:${randomBytes(32).toString('base64')}`;
    const noStoreKey = await script('restore', ['--in', backup()], { ...settings, STORE_SEALING_KEYS: otherKeys });
    expect(noStoreKey.code).toBe(1);
    expect(noStoreKey.out).toContain(
      'sealed with the store keys \\"store-test-1\\" (1 row), which are not configured now',
    );

    expect(await tablesOf(target)).toBe(0);
    const filled = await script('restore', ['--in', backup()], { ...settings, DATABASE_URL: source.location });
    expect(filled.code).toBe(1);
    expect(filled.out).toMatch(/the target store is not empty: it holds 2 cases and \d+ migrations/);
  });

  test('issue 33 item 6: a role that cannot take the backup’s owners restores all the same, owning everything, and says so', async () => {
    // A deployment's own role (no superuser, not audit_keeper) and its empty database.
    const admin = new Client({ connectionString: pg.url });
    await admin.connect();
    await admin.query('create role plain_restorer login');
    await admin.query('create database plain_restored owner plain_restorer');
    await admin.end();
    const target = pg.url.replace('postgres@', 'plain_restorer@').replace(/\/postgres$/, '/plain_restored');
    const done = await script('restore', ['--in', backup()], {
      DATABASE_URL: target,
      BACKUP_KEY: backupKey,
      STORE_SEALING_KEYS: storeKeysSpec,
    });
    expect([done.code, done.out]).toEqual([0, expect.stringContaining('everything is owned by plain_restorer')]);
    expect(done.out).toContain("not by the backup's owners (audit_keeper, postgres)");
  });

  test('issue 33 item 6: restored into an empty database, a fresh API reads every case, the reporter and the file back', async () => {
    const target = await pg.createDatabase();
    const restored = await script('restore', ['--in', backup()], {
      DATABASE_URL: target,
      BACKUP_KEY: backupKey,
      STORE_SEALING_KEYS: storeKeysSpec,
    });
    expect([restored.code, restored.out]).toEqual([
      0,
      expect.stringContaining('2 cases, 2 documents (accounts and files), 1 sealed identities'),
    ]);
    running = false;
    await sys.close();
    const store = await CaseStore.open(target);
    try {
      await expectRestored({ store: source, reads, taskQueue: sys.taskQueue }, store, ids);
      // The audit trail came back append-only (its triggers), and every table with its owner (audit_keeper's apart).
      await expect(sql`delete from audit.entries`.execute(store.db)).rejects.toThrow('append-only');
      const owners = (s: CaseStore) =>
        sql`select schemaname, tablename, tableowner from pg_tables where schemaname in ('public', 'audit') order by 1, 2`
          .execute(s.db)
          .then((r) => r.rows);
      expect(await owners(store)).toEqual(await owners(source));
    } finally {
      await store.close();
    }
  }, 180_000);
});

describe('Issue 33 item 6: backup and restore of the embedded (PGlite) store', () => {
  test('issue 33 item 6: refused while the store is open; closed, backed up, restored into a new folder and read back whole', async () => {
    const location = `pglite:${path.join(dir, 'cases-db')}`;
    const source = await CaseStore.open(location);
    const sys = await startSystem({ env, store: source });
    let ids: { patrolId: string; reportId: string };
    let reads: Awaited<ReturnType<typeof officeReads>>;
    const key = parseBackupKey(backupKey);
    const out = path.join(dir, 'pglite.backup');
    const retired = parseStoreKeys(`store-2025:${randomBytes(32).toString('base64')}`);
    const objection = 'award-objection-0000000000000001';
    try {
      ids = await fill(sys, 2);
      reads = await officeReads(sys, ids);
      // An objector's identity still sealed with a store key retired since (not yet resealed).
      await source.saveReporter(objection, sealRow(retired, reporterRow(objection), { name: '异议人赵敏' }));
      // PGlite serves one process: here, this one.
      await expect(backupStore({ location, out, key, env: process.env })).rejects.toThrow(
        `is open in another process (pid ${process.pid})`,
      );
    } finally {
      await sys.close();
      await source.close();
    }
    expect(await backupStore({ location, out, key, env: process.env })).toMatchObject({
      kind: 'pglite',
      sealingKeyIds: { 'store-2025': 1, 'store-test-1': 1 },
      rows: { cases: 2, reporters: 2, documents: 2 },
    });

    const target = `pglite:${path.join(dir, 'restored-db')}`;
    const current = new Set(testStoreKeys.keys.keys());
    await expect(
      restoreStore({ location: target, file: out, key, storeKeyIds: current, env: process.env }),
    ).rejects.toThrow(/sealed with the store keys "store-2025" \(1 row\), which are not configured now/);
    const storeKeyIds = new Set([...current, ...retired.keys.keys()]);
    await expect(restoreStore({ location, file: out, key, storeKeyIds, env: process.env })).rejects.toThrow(
      /the target store is not empty: .* holds 2 cases and \d+ migrations/,
    );
    await restoreStore({ location: target, file: out, key, storeKeyIds, env: process.env });
    // The dump was in clear only in a private temporary folder, which is gone.
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith('case-store-restore-'))).toEqual([]);

    const [before, after] = [await CaseStore.open(location), await CaseStore.open(target)];
    try {
      await expectRestored({ store: before, reads, taskQueue: sys.taskQueue }, after, ids);
    } finally {
      await before.close();
      await after.close();
    }
  }, 240_000);
});

describe('Issue 33 item 6: the backup key', () => {
  test('issue 33 item 6: BACKUP_KEY or BACKUP_KEY_FILE, 32 bytes in base64 or hex; anything else refused naming the setting, never the value', () => {
    const secret = randomBytes(32);
    const file = path.join(dir, 'backup-key');
    writeFileSync(file, `${secret.toString('hex')}\n`, { mode: 0o600 });
    const fromFile = loadBackupKey({ BACKUP_KEY_FILE: file });
    expect(fromFile.id).toBe(loadBackupKey({ BACKUP_KEY: secret.toString('base64') }).id);
    expect(fromFile.id).toMatch(/^[0-9a-f]{16}$/);
    expect(() => loadBackupKey({})).toThrow('BACKUP_KEY (or BACKUP_KEY_FILE) must be set');
    expect(() => loadBackupKey({ BACKUP_KEY: 'c2hvcnQ=' })).toThrow(
      /^BACKUP_KEY must be 32 random bytes in base64 or hex \(openssl rand -base64 32\)$/,
    );
    expect(() => loadBackupKey({ BACKUP_KEY: 'c2hvcnQ=', BACKUP_KEY_FILE: file })).toThrow('both set');
    expect(() => loadBackupKey({ BACKUP_KEY_FILE: path.join(dir, 'none') })).toThrow(/^BACKUP_KEY_FILE .*none: /);
  });
});
