/**
 * Issue 33 items 1, 2 and 5: the audit trail in the store. Entries chain by hash, the database refuses to change or
 * remove them (triggers everywhere; on PostgreSQL the application's role has no UPDATE or DELETE at all), audit:verify
 * names the first entry edited or removed behind the database's back, and only the retention's function removes
 * whole days older than 180, recording what it removed.
 */
import { Client } from 'pg';
import { sql } from 'kysely';
import { AuditWriter } from '../../lib/audit/writer';
import { verifyTrail } from '../../lib/audit/verify';
import { CaseStore } from '../../lib/store/case-store';
import type { PostgresServer } from '../helpers/postgres';
import { startPostgres } from '../helpers/postgres';
import { storeEngines, useStore } from './store-fixtures';

const entry = (n: number) => ({
  person: `official-${n % 3}`,
  role: 'office',
  unit: null,
  group: null,
  access: n % 2 ? 'identity' : 'read',
  resource: `patrol-2026-${n}`,
  section: '/cases/:caseId',
  outcome: 'allowed',
  status: 200,
  clientAddress: '10.0.0.1',
  requestId: `req-${n}`,
});

const refused = async (work: Promise<unknown>) => {
  try {
    await work;
  } catch (err) {
    return (err as Error).message;
  }
  return 'not refused';
};

describe.each(storeEngines())('The audit trail in the store (lib/store/audit.ts) on %s', (_engine, location) => {
  const store = useStore(location);

  test('items 1-2: concurrent entries form one unbroken chain; the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    const writer = new AuditWriter(store());
    await Promise.all(Array.from({ length: 40 }, (_, n) => writer.write(entry(n))));
    const kept = await store().auditEntries({ limit: 100 });
    expect(kept).toHaveLength(40);
    expect(new Set(kept.map((e) => e.chain)).size).toBe(1);
    expect(await verifyTrail(store())).toMatchObject({ entries: 40, broken: [] });
    expect(await store().auditEntries({ person: 'official-1', access: 'identity', limit: 100 })).toHaveLength(
      kept.filter((e) => e.person === 'official-1' && e.access === 'identity').length,
    );

    expect(await refused(sql`update audit.entries set person = 'someone-else'`.execute(store().db))).toMatch(
      /append-only|permission denied/,
    );
    expect(await refused(sql`delete from audit.entries`.execute(store().db))).toMatch(/append-only|permission denied/);
    expect(await refused(sql`truncate audit.entries`.execute(store().db))).toMatch(/append-only|permission denied/);
    expect(await store().auditEntries({ limit: 100 })).toHaveLength(40);
  });

  test('item 5: the retention removes whole days older than 180 days only, and records what it removed', async () => {
    const old = new AuditWriter(store(), () => new Date(Date.now() - 200 * 86_400_000));
    await old.write(entry(100));
    await old.write(entry(101));
    // Asked to remove everything up to now, the database keeps the last 180 days anyway.
    expect((await store().pruneAudit(new Date().toISOString(), 'audit-retention')).entries).toBe(2);
    expect(await store().auditEntries({ limit: 100 })).toHaveLength(40);
    const [prune] = await store().auditPrunes();
    expect(prune).toMatchObject({ entries: 2, by: 'audit-retention' });
    expect(prune!.chains).toEqual([expect.objectContaining({ seq: 2 })]);
    expect(await verifyTrail(store())).toMatchObject({ entries: 40, broken: [], pruned: 1 });
  });

  test('item 2: audit:verify names the first entry edited, and the first removed, behind the database’s back', async () => {
    // Whoever holds the database's superuser can switch the triggers off; the chain still tells.
    const db = store().db;
    await sql`alter table audit.entries disable trigger user`.execute(db);
    try {
      const [chain] = await store().auditChains();
      await sql`update audit.entries set resource = 'patrol-2026-other' where chain = ${chain} and seq = 7`.execute(db);
      const edited = (await verifyTrail(store())).broken;
      expect(edited.map((b) => [b.chain, b.seq])).toEqual([[chain, 7]]);
      expect(edited[0]!.problem).toContain('changed');
      await sql`update audit.entries set resource = 'patrol-2026-6' where chain = ${chain} and seq = 7`.execute(db);
      await sql`delete from audit.entries where chain = ${chain} and seq = 12`.execute(db);
      const removed = (await verifyTrail(store())).broken;
      expect(removed.map((b) => [b.chain, b.seq])).toEqual([[chain, 12]]);
      expect(removed[0]!.problem).toContain('missing');
    } finally {
      await sql`alter table audit.entries enable trigger user`.execute(db);
    }
  });
});

describe('On PostgreSQL the application’s own role (issue 33 item 2)', () => {
  let server: PostgresServer;
  let store: CaseStore;
  beforeAll(async () => {
    server = await startPostgres();
    const admin = new Client({ connectionString: server.url });
    await admin.connect();
    await admin.query(`create role app_role login createrole`);
    await admin.query(`create database app_db owner app_role`);
    await admin.end();
    const url = new URL(server.url);
    url.username = 'app_role';
    url.pathname = '/app_db';
    store = await CaseStore.open(url.toString());
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });

  test('inserts and reads entries, and can neither change, remove nor unprotect them', async () => {
    await new AuditWriter(store).write(entry(1));
    expect(await store.auditEntries({ limit: 10 })).toHaveLength(1);
    for (const statement of [
      sql`update audit.entries set person = 'x'`,
      sql`delete from audit.entries`,
      sql`truncate audit.entries`,
      sql`alter table audit.entries disable trigger user`,
      sql`drop table audit.entries`,
      sql`drop schema audit cascade`,
      sql`set role audit_keeper`,
    ]) {
      expect([statement.compile(store.db).sql, await refused(statement.execute(store.db))]).toEqual([
        statement.compile(store.db).sql,
        expect.stringMatching(/permission denied|must be (the )?owner/),
      ]);
    }
    expect(await store.auditEntries({ limit: 10 })).toHaveLength(1);
  });
});
