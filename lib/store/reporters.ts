/**
 * The reporters of public reports, sealed (the API seals and opens them; here are only the bytes), and the walk that
 * re-seals them with the current store key (npm run store:reseal, lib/store/reseal.ts).
 */
import type { StoreAccess } from './access';

export async function saveReporter(store: StoreAccess, reportId: string, sealed: Buffer): Promise<void> {
  await store.run(() =>
    store.db
      .insertInto('reporters')
      .values({ report_id: reportId, sealed, created_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('report_id').doNothing())
      .execute(),
  );
}

export async function deleteReporter(store: StoreAccess, reportId: string): Promise<void> {
  await store.run(() => store.db.deleteFrom('reporters').where('report_id', '=', reportId).execute());
}

export async function reporter(store: StoreAccess, reportId: string): Promise<Buffer | undefined> {
  const row = await store.run(() =>
    store.db.selectFrom('reporters').select('sealed').where('report_id', '=', reportId).executeTakeFirst(),
  );
  return row && Buffer.from(row.sealed);
}

/** The sealed identities (table `reporters`) after a cursor (an id; '' for the first), in id order. */
export async function sealedRows(
  store: StoreAccess,
  after: string,
  limit: number,
): Promise<Array<{ id: string; sealed: Buffer }>> {
  const rows = await store.run(() =>
    store.db
      .selectFrom('reporters')
      .select(['report_id', 'sealed'])
      .where('report_id', '>', after)
      .orderBy('report_id')
      .limit(limit)
      .execute(),
  );
  return rows.map((r) => ({ id: r.report_id, sealed: Buffer.from(r.sealed) }));
}

/** Replace a row's sealed bytes if it still holds `was` (a row deleted or changed meanwhile is left alone). */
export async function resealRow(store: StoreAccess, id: string, was: Buffer, sealed: Buffer): Promise<boolean> {
  const result = await store.run(() =>
    store.db
      .updateTable('reporters')
      .set({ sealed })
      .where('report_id', '=', id)
      .where('sealed', '=', was)
      .executeTakeFirst(),
  );
  return result.numUpdatedRows === 1n;
}
