/**
 * Issue 32 item 8: each person's stock phrases (常用语) for opinion fields, kept as their list in its order. The list is
 * saved whole (the workbench edits it as one text, one phrase a line); a phrase saved again keeps when it was first
 * written. The route (api/routes/phrases.ts) refuses a bad list in Chinese before it gets here; the store keeps its own
 * bounds all the same.
 */
import type { StoreAccess } from './access';

/** At most 50 phrases a person, each one line of at most 200 characters. */
export const phraseLimits = { perPerson: 50, length: 200 } as const;

/** A stock phrase as the store keeps it. */
export interface StoredPhrase {
  text: string;
  createdAt: string;
  updatedAt: string;
}

/** Characters as PostgreSQL's `char_length` counts them (code points, not UTF-16 units). */
export const phraseLength = (text: string): number => [...text].length;

/** Why the store will not keep this list (a caller's bug: the route checks first), or undefined. */
function listProblem(texts: readonly string[]): string | undefined {
  if (texts.length > phraseLimits.perPerson) return `more than ${phraseLimits.perPerson} phrases`;
  for (const t of texts) {
    if (!t || t !== t.trim() || /[\r\n]/.test(t)) return 'a phrase is empty, not trimmed or more than one line';
    if (phraseLength(t) > phraseLimits.length) return `a phrase longer than ${phraseLimits.length} characters`;
  }
  if (new Set(texts).size !== texts.length) return 'a phrase given twice';
  return undefined;
}

/** A person's phrases in their order; none if they never saved a list (or saved an empty one). */
export async function phrasesOf(store: StoreAccess, person: string): Promise<StoredPhrase[]> {
  const rows = await store.run(() =>
    store.db
      .selectFrom('stock_phrases')
      .select(['text', 'created_at', 'updated_at'])
      .where('person', '=', person)
      .orderBy('position')
      .limit(phraseLimits.perPerson)
      .execute(),
  );
  return rows.map((r) => ({
    text: r.text,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  }));
}

/**
 * Keep `texts` as the person's whole list, in this order (one transaction: a reader sees the old list or the new).
 * Two saves at once: the last wins. Throws a RangeError for a list the route should have refused.
 */
export async function savePhrases(store: StoreAccess, person: string, texts: readonly string[], now: Date) {
  const problem = listProblem(texts);
  if (problem) throw new RangeError(`stock phrases of ${person} not saved: ${problem}`);
  for (let attempt = 0; ; attempt++) {
    try {
      await store.run(() =>
        store.db.transaction().execute(async (tx) => {
          const before = await tx
            .selectFrom('stock_phrases')
            .select(['text', 'created_at'])
            .where('person', '=', person)
            .execute();
          const created = new Map(before.map((r) => [r.text, r.created_at]));
          await tx.deleteFrom('stock_phrases').where('person', '=', person).execute();
          if (!texts.length) return;
          await tx
            .insertInto('stock_phrases')
            .values(
              texts.map((text, position) => ({
                person,
                position,
                text,
                created_at: created.get(text) ?? now,
                updated_at: now,
              })),
            )
            .execute();
        }),
      );
      return;
    } catch (err) {
      // 23505: another save of the same person's list came between the delete and the insert; this one goes again.
      if ((err as { code?: string }).code !== '23505' || attempt >= 3) throw err;
    }
  }
}
