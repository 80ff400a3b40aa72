import { sql } from 'kysely';
import { record, storeEngines, useStore } from './store-fixtures';

/** lib/store/cases.ts: the write of a case as it stands, one case read back, the next free serial. */
describe.each(storeEngines())('The cases (lib/store/cases.ts) on %s', (_engine, location) => {
  const store = useStore(location);

  test('Art. 12–16: a write is idempotent on (case, revision): an older or the same revision changes nothing, events are appended once and in order', async () => {
    const id = 'patrol-2026-taiyuan-0101';
    expect(
      await store().saveCase({ record: record(id, { revision: 2, events: ['proposed', 'approved'] }), viewers: [] }),
    ).toBe('saved');
    // A retry of the same write, and a late write of an older revision (a replayed activity): nothing changes.
    expect(
      await store().saveCase({ record: record(id, { revision: 2, events: ['proposed', 'approved'] }), viewers: [] }),
    ).toBe('stale');
    expect(
      await store().saveCase({ record: record(id, { revision: 1, stage: 'awaiting-approval' }), viewers: [] }),
    ).toBe('stale');
    expect((await store().readCase(id))?.record).toMatchObject({ revision: 2, stage: 'field-work' });
    await store().saveCase({
      record: record(id, { revision: 5, stage: 'closed', closed: true, events: ['proposed', 'approved', 'closed'] }),
      viewers: ['unit:taiyuan'],
    });
    expect(await store().caseEvents(id)).toEqual([
      { seq: 0, action: 'proposed' },
      { seq: 1, action: 'approved' },
      { seq: 2, action: 'closed' },
    ]);
    expect(await store().readCase(id)).toMatchObject({
      record: { closed: true, revision: 5 },
      viewers: ['unit:taiyuan'],
    });
  });

  test('Art. 9, 14, 16 (2): a newer revision rewrites the findings, deadlines and transfers the statistics count; none is doubled or left behind', async () => {
    const id = 'patrol-2026-jinzhong-0001';
    const rows = async () => {
      const count = (table: 'case_findings' | 'case_deadlines' | 'case_transfers') =>
        store()
          .db.selectFrom(table)
          .select(sql<number>`count(*)::int`.as('n'))
          .where('case_id', '=', id)
          .executeTakeFirstOrThrow()
          .then((r) => r.n);
      return {
        findings: await count('case_findings'),
        deadlines: await count('case_deadlines'),
        transfers: await count('case_transfers'),
      };
    };
    await store().saveCase({
      record: record(id, {
        unit: 'jinzhong',
        findings: [3, 3],
        transfers: [{ to: 'procuratorate' }],
        deadlines: [{ key: 'r', kind: 'patrol-rectification', status: 'waiting' }],
      }),
      viewers: [],
    });
    expect(await rows()).toEqual({ findings: 2, deadlines: 1, transfers: 1 });
    await store().saveCase({
      record: record(id, {
        unit: 'jinzhong',
        revision: 2,
        findings: [3, 3, 2],
        deadlines: [
          { key: 'r', kind: 'patrol-rectification', status: 'submitted', submittedAt: '2027-01-10T00:00:00Z' },
          { key: 's', kind: 'handling-suggestion-answer', status: 'waiting' },
        ],
      }),
      viewers: [],
    });
    expect(await rows()).toEqual({ findings: 3, deadlines: 2, transfers: 0 });
    // The transfer to the procuratorate is filed for the discipline party of the receiving body (its statistics).
    await store().saveCase({
      record: record(id, { unit: 'jinzhong', revision: 3, transfers: [{ to: 'procuratorate', acknowledged: true }] }),
      viewers: [],
    });
    expect(
      await store()
        .db.selectFrom('case_transfers')
        .select(['recipient', 'party', 'year', 'unit_code'])
        .where('case_id', '=', id)
        .execute(),
    ).toEqual([{ recipient: 'procuratorate', party: 'discipline:procuratorate', year: 2026, unit_code: 'jinzhong' }]);
  });

  test('Art. 5, 12: a public report, whose id carries no year, is filed under the year its record names', async () => {
    const id = 'public-report-0123456789abcdef0123';
    await store().saveCase({ record: record(id, { kind: 'public-report', year: 2027, unit: 'datong' }), viewers: [] });
    expect(
      await store().db.selectFrom('cases').select(['kind', 'year', 'unit_code']).where('case_id', '=', id).execute(),
    ).toEqual([{ kind: 'public-report', year: 2027, unit_code: 'datong' }]);
    expect(await store().readCase('public-report-ffffffffffffffffffff')).toBeUndefined();
  });

  test('Art. 8: the next serial of a kind, year and unit follows the highest below 9000 (a further round has 9001 and up), and is at least `from`', async () => {
    for (const id of [
      'supervision-2028-taiyuan-0001',
      'supervision-2028-taiyuan-0007',
      'supervision-2028-taiyuan-9002',
      'patrol-2028-taiyuan-0011',
      'supervision-2029-taiyuan-0020',
      'supervision-2028-datong-0030',
    ])
      await store().saveCase({ record: record(id, { unit: id.split('-')[2] }), viewers: [] });
    expect(await store().nextSerial('supervision', 2028, 'taiyuan')).toBe(8);
    expect(await store().nextSerial('patrol', 2028, 'taiyuan')).toBe(12);
    expect(await store().nextSerial('supervision', 2028, 'yangquan')).toBe(2);
    expect(await store().nextSerial('supervision', 2028, 'taiyuan', 20)).toBe(20);
  });
});
