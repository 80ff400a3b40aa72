/**
 * The workbench's sessions as rows (api/workbench/session/sessions.ts hashes the ids and seals the tokens): a session is live
 * until it ends, passes its end or lies idle; an ended one keeps no token.
 */
import type { Selectable } from 'kysely';
import type { StoreAccess } from './access';
import type { WorkbenchSessionsTable } from './schema';

/** A workbench session as the store keeps it (api/workbench/session/sessions.ts). */
export interface StoredSession {
  ref: string;
  person: string;
  sealed: Buffer | null;
  clientAddress: string;
  userAgent: string;
  startedAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

const sessionOf = (r: Selectable<WorkbenchSessionsTable>): StoredSession => ({
  ref: r.ref,
  person: r.person,
  sealed: r.sealed && Buffer.from(r.sealed),
  clientAddress: r.client_address,
  userAgent: r.user_agent,
  startedAt: new Date(r.started_at).toISOString(),
  lastSeenAt: new Date(r.last_seen_at).toISOString(),
  expiresAt: new Date(r.expires_at).toISOString(),
});

/** Keep a session: the whole row as it starts; later only its sealed part, and never once it has ended. */
export async function saveSession(
  store: StoreAccess,
  s: Omit<StoredSession, 'lastSeenAt'> & { idHash: string; sealed: Buffer },
): Promise<void> {
  await store.run(() =>
    store.db
      .insertInto('workbench_sessions')
      .values({
        id_hash: s.idHash,
        ref: s.ref,
        person: s.person,
        sealed: s.sealed,
        client_address: s.clientAddress,
        user_agent: s.userAgent,
        started_at: s.startedAt,
        last_seen_at: s.startedAt,
        expires_at: s.expiresAt,
      })
      .onConflict((oc) =>
        oc.column('id_hash').doUpdateSet({ sealed: s.sealed }).where('workbench_sessions.ended_at', 'is', null),
      )
      .execute(),
  );
}

/**
 * The live session of `idHash`, its last use moved to `now` (one query); undefined when it has ended, was last used
 * before `idleSince`, or has passed its end.
 */
export async function touchSession(
  store: StoreAccess,
  idHash: string,
  now: Date,
  idleSince: Date,
): Promise<StoredSession | undefined> {
  const row = await store.run(() =>
    store.db
      .updateTable('workbench_sessions')
      .set({ last_seen_at: now })
      .where('id_hash', '=', idHash)
      .where('ended_at', 'is', null)
      .where('expires_at', '>', now)
      .where('last_seen_at', '>', idleSince)
      .returningAll()
      .executeTakeFirst(),
  );
  return row && sessionOf(row);
}

/** Whether the session is still live, without touching it (before each call made with its token). */
export async function sessionLive(store: StoreAccess, idHash: string, now: Date, idleSince: Date): Promise<boolean> {
  const row = await store.run(() =>
    store.db
      .selectFrom('workbench_sessions')
      .select('ref')
      .where('id_hash', '=', idHash)
      .where('ended_at', 'is', null)
      .where('expires_at', '>', now)
      .where('last_seen_at', '>', idleSince)
      .executeTakeFirst(),
  );
  return row !== undefined;
}

/**
 * End sessions that have not ended yet: one by its id's hash, one of a person's by its handle, or all of a person's.
 * Their tokens are erased. Answers how many ended.
 */
export async function endSessions(
  store: StoreAccess,
  which: { idHash: string } | { person: string; ref?: string },
  why: string,
  now: Date,
) {
  const result = await store.run(() => {
    let q = store.db
      .updateTable('workbench_sessions')
      .set({ ended_at: now, ended_why: why, sealed: null })
      .where('ended_at', 'is', null);
    if ('idHash' in which) q = q.where('id_hash', '=', which.idHash);
    else {
      q = q.where('person', '=', which.person);
      if (which.ref !== undefined) q = q.where('ref', '=', which.ref);
    }
    return q.executeTakeFirst();
  });
  return Number(result.numUpdatedRows);
}

/** A person's live sessions, the last used first. */
export async function sessionsOf(
  store: StoreAccess,
  person: string,
  now: Date,
  idleSince: Date,
): Promise<StoredSession[]> {
  const rows = await store.run(() =>
    store.db
      .selectFrom('workbench_sessions')
      .selectAll()
      .where('person', '=', person)
      .where('ended_at', 'is', null)
      .where('expires_at', '>', now)
      .where('last_seen_at', '>', idleSince)
      .orderBy('last_seen_at', 'desc')
      .limit(100)
      .execute(),
  );
  return rows.map(sessionOf);
}

/** Forget the sessions whose end has passed: they can never be used again. */
export async function purgeSessions(store: StoreAccess, now: Date): Promise<void> {
  await store.run(() => store.db.deleteFrom('workbench_sessions').where('expires_at', '<', now).execute());
}
