import { storeEngines, useStore } from './store-fixtures';

const start = new Date('2026-12-01T08:00:00.000Z');
const minutes = (n: number) => new Date(start.getTime() + n * 60_000);

/** A session as api/workbench/session/sessions.ts keeps it: 8 hours at most. */
const session = (n: number, person = 'official-1') => ({
  idHash: `hash-${n}`,
  ref: `ref-${n}`,
  person,
  sealed: Buffer.from(`token-${n}`),
  clientAddress: '127.0.0.1',
  userAgent: 'Firefox',
  startedAt: start.toISOString(),
  expiresAt: minutes(8 * 60).toISOString(),
});

/** lib/store/sessions.ts: the workbench's sessions, kept server side (issue 30 item 6). */
describe.each(storeEngines())("The workbench's sessions (lib/store/sessions.ts) on %s", (_engine, location) => {
  const store = useStore(location);

  test('issue 30 item 6: a session is live until it passes its end or lies idle; using it moves its last use', async () => {
    await store().saveSession(session(1));
    // Idle for more than 30 minutes counts from the last use, which each use moves.
    expect(await store().touchSession('hash-1', minutes(20), minutes(-10))).toMatchObject({
      ref: 'ref-1',
      person: 'official-1',
      sealed: Buffer.from('token-1'),
      lastSeenAt: minutes(20).toISOString(),
      expiresAt: minutes(480).toISOString(),
    });
    expect(await store().sessionLive('hash-1', minutes(45), minutes(15))).toBe(true);
    expect(await store().sessionLive('hash-1', minutes(60), minutes(30))).toBe(false);
    expect(await store().touchSession('hash-1', minutes(60), minutes(30))).toBeUndefined();
    // Past its end it is over, however recently used.
    expect(await store().sessionLive('hash-1', minutes(480), minutes(0))).toBe(false);
    expect(await store().sessionLive('hash-unknown', minutes(1), minutes(0))).toBe(false);
  });

  test('issue 30 item 6: an ended session keeps no token, and a later save does not bring it back', async () => {
    await store().saveSession(session(2));
    await store().saveSession({ ...session(2), sealed: Buffer.from('token-2, refreshed') });
    expect((await store().touchSession('hash-2', minutes(1), minutes(-30)))?.sealed).toEqual(
      Buffer.from('token-2, refreshed'),
    );
    expect(await store().endSessions({ idHash: 'hash-2' }, 'signed-out', minutes(2))).toBe(1);
    expect(await store().endSessions({ idHash: 'hash-2' }, 'signed-out', minutes(3))).toBe(0);
    await store().saveSession({ ...session(2), sealed: Buffer.from('token-2, again') });
    expect(await store().touchSession('hash-2', minutes(4), minutes(-30))).toBeUndefined();
    expect(
      await store()
        .db.selectFrom('workbench_sessions')
        .select(['sealed', 'ended_why'])
        .where('id_hash', '=', 'hash-2')
        .executeTakeFirst(),
    ).toEqual({ sealed: null, ended_why: 'signed-out' });
  });

  test('issue 30 item 6: a person sees their live sessions, last used first, and ends one by its handle or all of them', async () => {
    for (const n of [3, 4, 5]) await store().saveSession(session(n, 'official-2'));
    await store().saveSession(session(6, 'official-3'));
    await store().touchSession('hash-4', minutes(5), minutes(-30));
    await store().touchSession('hash-5', minutes(3), minutes(-30));
    expect((await store().sessionsOf('official-2', minutes(6), minutes(-30))).map((s) => s.ref)).toEqual([
      'ref-4',
      'ref-5',
      'ref-3',
    ]);
    expect(await store().endSessions({ person: 'official-2', ref: 'ref-5' }, 'ended-by-person', minutes(7))).toBe(1);
    expect(await store().endSessions({ person: 'official-3', ref: 'ref-4' }, 'ended-by-person', minutes(7))).toBe(0);
    expect((await store().sessionsOf('official-2', minutes(8), minutes(-30))).map((s) => s.ref)).toEqual([
      'ref-4',
      'ref-3',
    ]);
    expect(await store().endSessions({ person: 'official-2' }, 'signed-out-everywhere', minutes(9))).toBe(2);
    expect(await store().sessionsOf('official-2', minutes(10), minutes(-30))).toEqual([]);
    expect(await store().sessionsOf('official-3', minutes(10), minutes(-30))).toHaveLength(1);
  });

  test('issue 30 item 6: sessions past their end are forgotten; the others stay', async () => {
    await store().saveSession({ ...session(7, 'official-4'), expiresAt: minutes(60).toISOString() });
    await store().saveSession(session(8, 'official-4'));
    await store().purgeSessions(minutes(61));
    const left = await store()
      .db.selectFrom('workbench_sessions')
      .select('ref')
      .where('person', '=', 'official-4')
      .execute();
    expect(left).toEqual([{ ref: 'ref-8' }]);
  });
});
