/**
 * Documents (a report's account, an attachment, an issued document) with their bytes, and their numbers (发文字号):
 * a document keeps the number it was first given, and two callers at once never get the same one.
 */
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { StoreAccess } from './access';
import type { DocumentsTable } from './schema';

/** A document as the store describes it (its bytes apart). */
export interface StoredDocument {
  id: string;
  owner: string;
  section: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: string;
  createdBy: string;
}

function documentOf(r: Omit<Selectable<DocumentsTable>, 'bytes'>): StoredDocument {
  return {
    id: r.id,
    owner: r.owner,
    section: r.section,
    name: r.name,
    contentType: r.content_type,
    size: r.size,
    sha256: r.sha256,
    createdAt: new Date(r.created_at).toISOString(),
    createdBy: r.created_by,
  };
}

/** Store a document; false when one with its id was there already (the same content: a retried request). */
export async function saveDocument(store: StoreAccess, doc: StoredDocument & { bytes: Buffer }): Promise<boolean> {
  const saved = await store.run(() =>
    store.db
      .insertInto('documents')
      .values({
        id: doc.id,
        owner: doc.owner,
        section: doc.section,
        name: doc.name,
        content_type: doc.contentType,
        size: doc.size,
        sha256: doc.sha256,
        bytes: doc.bytes,
        created_at: doc.createdAt,
        created_by: doc.createdBy,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst(),
  );
  return saved !== undefined;
}

export async function deleteDocuments(store: StoreAccess, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await store.run(() => store.db.deleteFrom('documents').where('id', 'in', ids).execute());
}

/** The documents of one owner (without their bytes), oldest first. */
export async function documents(store: StoreAccess, owner: string): Promise<StoredDocument[]> {
  const rows = await store.run(() =>
    store.db
      .selectFrom('documents')
      .select(['id', 'owner', 'section', 'name', 'content_type', 'size', 'sha256', 'created_at', 'created_by'])
      .where('owner', '=', owner)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  );
  return rows.map(documentOf);
}

/** One document with its bytes. */
export async function document(
  store: StoreAccess,
  id: string,
): Promise<(StoredDocument & { bytes: Buffer }) | undefined> {
  const row = await store.run(() =>
    store.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst(),
  );
  return row && { ...documentOf(row), bytes: Buffer.from(row.bytes) };
}

/** The accounts (section `account`) of public reports on a unit since a time: the duplicates' candidates. */
export async function reportAccounts(
  store: StoreAccess,
  unitCode: string,
  since: string,
  limit = 500,
): Promise<Array<{ reportId: string; text: string }>> {
  const rows = await store.run(() =>
    store.db
      .selectFrom('documents as d')
      .innerJoin('cases', 'cases.case_id', 'd.owner')
      .select(['d.owner', 'd.bytes'])
      .where('cases.kind', '=', 'public-report')
      .where('cases.unit_code', '=', unitCode)
      .where('d.section', '=', 'account')
      .where('d.created_at', '>=', new Date(since))
      .orderBy('d.created_at', 'desc')
      .limit(limit)
      .execute(),
  );
  return rows.map((r) => ({ reportId: r.owner, text: Buffer.from(r.bytes).toString('utf8') }));
}

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
