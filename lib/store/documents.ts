/**
 * Documents (a report's account, an attachment, an issued document) with their bytes (claim check: a workflow keeps
 * only the id and the SHA-256). A document is stored once; their numbers (发文字号) are in numbers.ts.
 */
import type { Selectable } from 'kysely';
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
