/** The public bulletin (Art. 16 (3)): a case is published once, and a repeated publication answers the first. */
import type { StoreAccess } from './access';

export interface BulletinEntry {
  caseId: string;
  unitName: string;
  title: string;
  text: string;
  publishedAt: string;
}

const bulletinOf = (row: {
  case_id: string;
  unit_name: string;
  title: string;
  text: string;
  published_at: Date | string;
}) => ({
  caseId: row.case_id,
  unitName: row.unit_name,
  title: row.title,
  text: row.text,
  publishedAt: new Date(row.published_at).toISOString(),
});

/** Publish once per case: a repeated publication returns what was published first. */
export async function publish(
  store: StoreAccess,
  entry: { caseId: string; unitName: string; title: string; text: string },
): Promise<BulletinEntry> {
  return store.run(async () => {
    await store.db
      .insertInto('bulletin')
      .values({
        case_id: entry.caseId,
        unit_name: entry.unitName,
        title: entry.title,
        text: entry.text,
        published_at: new Date().toISOString(),
      })
      .onConflict((oc) => oc.column('case_id').doNothing())
      .execute();
    return (await bulletinEntry(store, entry.caseId))!;
  });
}

export async function bulletinEntry(store: StoreAccess, caseId: string): Promise<BulletinEntry | undefined> {
  const row = await store.run(() =>
    store.db.selectFrom('bulletin').selectAll().where('case_id', '=', caseId).executeTakeFirst(),
  );
  return row && bulletinOf(row);
}

export async function bulletin(store: StoreAccess, limit = 200): Promise<BulletinEntry[]> {
  const rows = await store.run(() =>
    store.db.selectFrom('bulletin').selectAll().orderBy('published_at', 'desc').limit(limit).execute(),
  );
  return rows.map(bulletinOf);
}
