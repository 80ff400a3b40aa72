/**
 * The people who have signed in to the workbench, as their tokens named them (name, role, unit, group): the directory a
 * unit picks its 承办人 from (签收、转派), and what tells whether a unit has more than one person (签收 before 办理).
 * One row per person, brought up to date at each sign-in; nothing confidential (a name and where they work).
 */
import type { StoreAccess } from './access';

export interface Person {
  id: string;
  name: string;
  role: string;
  unit?: string;
  group?: string;
  lastSignedInAt: string;
}

/** Keep what a sign-in's token says of its person. */
export async function rememberPerson(store: StoreAccess, p: Omit<Person, 'lastSignedInAt'>, at: Date): Promise<void> {
  const row = { name: p.name, role: p.role, unit: p.unit ?? null, grp: p.group ?? null, last_signed_in_at: at };
  await store.run(() =>
    store.db
      .insertInto('people')
      .values({ person: p.id, ...row })
      .onConflict((oc) => oc.column('person').doUpdateSet(row))
      .execute(),
  );
}

/** The people of a unit (role `unit`), by name; at most `limit`. */
export async function peopleOf(store: StoreAccess, unit: string, limit = 200): Promise<Person[]> {
  const rows = await store.run(() =>
    store.db
      .selectFrom('people')
      .selectAll()
      .where('role', '=', 'unit')
      .where('unit', '=', unit)
      .orderBy('name')
      .orderBy('person')
      .limit(limit)
      .execute(),
  );
  return rows.map((r) => ({
    id: r.person,
    name: r.name,
    role: r.role,
    ...(r.unit ? { unit: r.unit } : {}),
    ...(r.grp ? { group: r.grp } : {}),
    lastSignedInAt: new Date(r.last_signed_in_at).toISOString(),
  }));
}
