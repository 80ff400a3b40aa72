/**
 * Document numbers (发文字号): one sequence per series and year; a document keeps the number it was first given, with
 * the SHA-256 of what was issued, and two callers at once never get the same one.
 */
import { sql } from 'kysely';
import type { StoreAccess } from './access';

/**
 * The number (发文字号) of a document (`owner`, `key`): the one it was given, or the next of its series and year,
 * formatted by `format(seq)`. Two callers at once get one number each (the unique sequence decides; the loser tries
 * again).
 */
export async function documentNumber(
  store: StoreAccess,
  o: { owner: string; key: string; series: string; year: number; sha256: string },
  format: (seq: number) => string,
): Promise<{ number: string; sha256: string }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await store.run(() =>
        store.db.transaction().execute(async (tx) => {
          const given = await tx
            .selectFrom('document_numbers')
            .select(['number', 'sha256'])
            .where('owner', '=', o.owner)
            .where('key', '=', o.key)
            .executeTakeFirst();
          if (given) return { number: given.number, sha256: given.sha256 ?? o.sha256 };
          const { last } = await tx
            .selectFrom('document_numbers')
            .select(sql<number>`coalesce(max(seq), 0)`.as('last'))
            .where('series', '=', o.series)
            .where('year', '=', o.year)
            .executeTakeFirstOrThrow();
          const seq = Number(last) + 1;
          const number = format(seq);
          await tx
            .insertInto('document_numbers')
            .values({ ...o, seq, number, at: new Date().toISOString() })
            .execute();
          return { number, sha256: o.sha256 };
        }),
      );
    } catch (err) {
      // 23505: another caller took the number (or numbered the document) first.
      if ((err as { code?: string }).code !== '23505' || attempt >= 5) throw err;
    }
  }
}

/**
 * The number a document (`owner`, `key`) was given when it was issued, with the SHA-256 recorded then; undefined
 * when it has none yet. Read only: readers never give numbers (issue 30 item 8), the store writes do.
 */
export async function givenNumber(
  store: StoreAccess,
  owner: string,
  key: string,
): Promise<{ number: string; sha256?: string } | undefined> {
  const row = await store.run(() =>
    store.db
      .selectFrom('document_numbers')
      .select(['number', 'sha256'])
      .where('owner', '=', owner)
      .where('key', '=', key)
      .executeTakeFirst(),
  );
  return row && { number: row.number, ...(row.sha256 ? { sha256: row.sha256 } : {}) };
}

/** The keys of `owner`'s documents that have their number: one query for all of them (each store write asks it). */
export async function numberedKeys(store: StoreAccess, owner: string): Promise<Set<string>> {
  const rows = await store.run(() =>
    store.db.selectFrom('document_numbers').select('key').where('owner', '=', owner).execute(),
  );
  return new Set(rows.map((r) => r.key));
}
