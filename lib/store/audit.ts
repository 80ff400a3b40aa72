/**
 * The audit trail's rows (issue 33; the chain is lib/audit/chain.ts, the writer lib/audit/writer.ts). Entries are only
 * appended; the database refuses to change them (migrations/2026-12-07-001-audit-trail.ts), and only `audit.prune`
 * removes whole days past the retention, recording what it removed.
 */
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { AuditEntry } from '../audit/chain';
import type { StoreAccess } from './access';
import type { AuditEntriesTable } from './schema';

const rowOf = (e: AuditEntry) => ({
  chain: e.chain,
  seq: e.seq,
  at: e.at,
  person: e.person,
  role: e.role,
  unit: e.unit,
  grp: e.group,
  access: e.access,
  resource: e.resource,
  section: e.section,
  outcome: e.outcome,
  status: e.status,
  client_address: e.clientAddress,
  request_id: e.requestId,
  prev_hash: e.prevHash,
  hash: e.hash,
});

const entryOf = (r: Selectable<AuditEntriesTable>): AuditEntry => ({
  chain: r.chain,
  seq: r.seq,
  at: new Date(r.at).toISOString(),
  person: r.person,
  role: r.role,
  unit: r.unit,
  group: r.grp,
  access: r.access,
  resource: r.resource,
  section: r.section,
  outcome: r.outcome,
  status: r.status,
  clientAddress: r.client_address,
  requestId: r.request_id,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/** Append entries, all or none (one statement). */
export async function appendAudit(store: StoreAccess, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await store.run(() => store.db.insertInto('audit.entries').values(entries.map(rowOf)).execute());
}

export interface AuditFilter {
  person?: string;
  /** A case, report, document … by id. */
  resource?: string;
  access?: string;
  from?: string;
  to?: string;
  /** Entries before this one (the page before: `<at>|<chain>|<seq>` of the last entry shown). */
  after?: { at: string; chain: string; seq: number };
  limit: number;
}

/** Entries matching the filter, newest first. */
export async function auditEntries(store: StoreAccess, f: AuditFilter): Promise<AuditEntry[]> {
  let q = store.db.selectFrom('audit.entries').selectAll();
  if (f.person) q = q.where('person', '=', f.person);
  if (f.resource) q = q.where('resource', '=', f.resource);
  if (f.access) q = q.where('access', '=', f.access);
  if (f.from) q = q.where('at', '>=', new Date(f.from));
  if (f.to) q = q.where('at', '<', new Date(f.to));
  if (f.after) {
    const { at, chain, seq } = f.after;
    q = q.where(sql<boolean>`(at, chain, seq) < (${at}::timestamptz, ${chain}, ${seq})`);
  }
  const rows = await store.run(() =>
    q.orderBy('at', 'desc').orderBy('chain', 'desc').orderBy('seq', 'desc').limit(f.limit).execute(),
  );
  return rows.map(entryOf);
}

/** Every chain kept (a prune removes whole chains, so each kept one starts at its genesis). */
export async function auditChains(store: StoreAccess): Promise<string[]> {
  const rows = await store.run(() =>
    store.db.selectFrom('audit.entries').select('chain').distinct().orderBy('chain').execute(),
  );
  return rows.map((r) => r.chain);
}

/** One chain's entries in order, `limit` at a time from after `afterSeq`. */
export async function chainEntries(
  store: StoreAccess,
  chain: string,
  afterSeq: number,
  limit: number,
): Promise<AuditEntry[]> {
  const rows = await store.run(() =>
    store.db
      .selectFrom('audit.entries')
      .selectAll()
      .where('chain', '=', chain)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute(),
  );
  return rows.map(entryOf);
}

/**
 * Each person who has made more than `over` allowed entries of `accesses` since `since`, with how many of each kind:
 * one query, counted by person and kind, the people over the threshold kept.
 */
export async function readsSince(
  store: StoreAccess,
  since: string,
  accesses: readonly string[],
  over: number,
): Promise<Array<{ person: string; role: string; count: number; byAccess: Record<string, number> }>> {
  const rows = await store.run(() =>
    store.db
      .selectFrom('audit.entries')
      .select(['person', 'access', sql<string>`max(role)`.as('role'), sql<string>`count(*)`.as('count')])
      .where('at', '>=', new Date(since))
      .where('access', 'in', [...accesses])
      .where('outcome', '=', 'allowed')
      .groupBy(['person', 'access'])
      .execute(),
  );
  const people = new Map<string, { person: string; role: string; count: number; byAccess: Record<string, number> }>();
  for (const r of rows) {
    const p = people.get(r.person) ?? { person: r.person, role: r.role, count: 0, byAccess: {} };
    p.count += Number(r.count);
    p.byAccess[r.access] = Number(r.count);
    people.set(r.person, p);
  }
  return [...people.values()].filter((p) => p.count > over);
}

/** What one prune removed: the entries, the cutoff the database applied, the chains with their last entry. */
export interface PruneResult {
  entries: number;
  /** Absent when nothing went. */
  before?: string;
  chains: Array<{ chain: string; seq: number; hash: string }>;
}

/** Remove whole days before `before` (never younger than 180 days: the database's function decides). */
export async function pruneAudit(store: StoreAccess, before: string, by: string): Promise<PruneResult> {
  const { rows } = await store.run(() =>
    sql<{ pruned: PruneResult }>`select audit.prune(${before}::timestamptz, ${by}) as pruned`.execute(store.db),
  );
  const { entries, before: cutoff, chains } = rows[0]!.pruned;
  return { entries, chains, ...(cutoff ? { before: new Date(cutoff).toISOString() } : {}) };
}

/** A prune as `audit.prunes` records it, newest first: when, by whom, and what went. */
export interface AuditPrune extends Required<PruneResult> {
  at: string;
  by: string;
}

export async function auditPrunes(store: StoreAccess): Promise<AuditPrune[]> {
  const rows = await store.run(() => store.db.selectFrom('audit.prunes').selectAll().orderBy('id', 'desc').execute());
  return rows.map((r) => ({
    at: new Date(r.at).toISOString(),
    before: new Date(r.before).toISOString(),
    entries: r.entries,
    chains: r.chains,
    by: r.by,
  }));
}
