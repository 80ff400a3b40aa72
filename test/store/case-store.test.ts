import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CaseSnapshot } from '../../lib/store/case-store';
import { CaseStore, StoreLockedError, StoreMigrationError, StoreUnavailableError } from '../../lib/store/case-store';
import type { DeadlineTrack } from '../../workflows/engine/schemas';
import type { PostgresServer } from '../helpers/postgres';
import { startPostgres } from '../helpers/postgres';

/** A record as a case writes it, with only what the store reads filled in. */
function record(
  caseId: string,
  o: {
    revision?: number;
    stage?: string;
    closed?: boolean;
    unit?: string;
    events?: string[];
    awaiting?: string[];
    deadlines?: Array<Partial<DeadlineTrack> & Pick<DeadlineTrack, 'key' | 'kind' | 'status'>>;
    findings?: number[];
    transfers?: Array<{ to: string; acknowledged?: boolean }>;
    commended?: boolean;
  } = {},
): CaseSnapshot['record'] {
  const at = '2026-12-01T02:00:00.000Z';
  const unit = o.unit ?? 'taiyuan';
  return {
    caseId,
    kind: caseId.startsWith('patrol') ? 'patrol' : 'supervision',
    targetUnit: { code: unit, name: `${unit}市`, kind: 'city' },
    stage: o.stage ?? 'field-work',
    stageLabel: '',
    closed: o.closed ?? false,
    revision: o.revision ?? 1,
    awaiting: (o.awaiting ?? []).map((tag) => {
      const [role, unitOrGroup] = tag.split(':');
      return {
        role: role as 'unit',
        ...(unitOrGroup ? { unit: unitOrGroup } : {}),
        step: 'reportRectification',
        label: '报送整改情况',
      };
    }),
    events: (o.events ?? ['proposed']).map((action) => ({ at, stage: 'x', action, summary: action, section: 'core' })),
    deadlines: (o.deadlines ?? []).map((d) => ({
      label: '',
      party: { role: 'unit', unit },
      section: 'rectification',
      step: 'reportRectification',
      issuedAt: at,
      deadline: { dueAt: '2027-02-01T15:59:59.999Z', dueDate: '2027-02-01', rule: '' },
      reminders: [],
      escalations: [],
      extensions: [],
      ...d,
    })) as DeadlineTrack[],
    notifications: [],
    findings: (o.findings ?? []).map((keyItem, i) => ({ id: i + 1, keyItem, at })),
    transfers: (o.transfers ?? []).map((t, i) => ({
      id: i + 1,
      to: t.to,
      at,
      ...(t.acknowledged ? { acknowledged: { at } } : {}),
    })),
    ...(o.commended ? { commendation: { text: '通报表扬' } } : {}),
  };
}

const stores: Array<[string, () => Promise<{ location: string; done?: () => Promise<void> }>]> = [
  ['PGlite (embedded)', () => Promise.resolve({ location: 'pglite:memory' })],
  [
    'PostgreSQL (a real server)',
    async () => {
      const pg = await server();
      return { location: await pg.createDatabase() };
    },
  ],
];

let pgServer: PostgresServer | undefined;
const server = async () => (pgServer ??= await startPostgres());
afterAll(async () => pgServer?.stop());

describe.each(stores)('The case store on %s', (_name, make) => {
  let store: CaseStore;
  let location: string;
  beforeAll(async () => {
    location = (await make()).location;
    store = await CaseStore.open(location);
  }, 60_000);
  afterAll(async () => store?.close());

  test('a write is idempotent on (case, revision): an older or the same revision changes nothing, events are appended once and in order', async () => {
    const id = 'patrol-2026-taiyuan-0101';
    expect(
      await store.saveCase({ record: record(id, { revision: 2, events: ['proposed', 'approved'] }), viewers: [] }),
    ).toBe('saved');
    // A retry of the same write, and a late write of an older revision (a replayed activity): nothing changes.
    expect(
      await store.saveCase({ record: record(id, { revision: 2, events: ['proposed', 'approved'] }), viewers: [] }),
    ).toBe('stale');
    expect(await store.saveCase({ record: record(id, { revision: 1, stage: 'awaiting-approval' }), viewers: [] })).toBe(
      'stale',
    );
    expect((await store.readCase(id))?.record).toMatchObject({ revision: 2, stage: 'field-work' });
    await store.saveCase({
      record: record(id, { revision: 5, stage: 'closed', closed: true, events: ['proposed', 'approved', 'closed'] }),
      viewers: ['unit:taiyuan'],
    });
    expect(await store.caseEvents(id)).toEqual([
      { seq: 0, action: 'proposed' },
      { seq: 1, action: 'approved' },
      { seq: 2, action: 'closed' },
    ]);
    expect(await store.readCase(id)).toMatchObject({
      record: { closed: true, revision: 5 },
      viewers: ['unit:taiyuan'],
    });
  });

  test('GET /cases and /my/tasks with 1,000 open cases: one SQL query each, only what the party may see', async () => {
    for (let i = 0; i < 1000; i++) {
      const unit = i % 2 ? 'taiyuan' : 'datong';
      await store.saveCase({
        record: record(`supervision-2026-${unit}-${String(2000 + i).padStart(4, '0')}`, {
          unit,
          awaiting: [`unit:${unit}`],
        }),
        viewers: [`unit:${unit}`],
      });
    }
    let before = store.queries;
    const listed = await store.listCases({ limit: 200, viewer: 'unit:taiyuan', kind: 'supervision' });
    expect(store.queries - before).toBe(1);
    expect(listed).toHaveLength(200);
    expect(listed.every((c) => c.unitCode === 'taiyuan')).toBe(true);

    before = store.queries;
    const waiting = await store.openCasesAwaiting('unit:taiyuan', true);
    expect(store.queries - before).toBe(1);
    expect(waiting).toHaveLength(500);
    expect(waiting.every((r) => r.targetUnit.code === 'taiyuan')).toBe(true);

    // A stage filter as an outsider sees stages: (kind, stage) pairs, still one query.
    before = store.queries;
    const inStage = await store.listCases({ limit: 50, stages: { patrol: ['closed'], supervision: ['field-work'] } });
    expect(store.queries - before).toBe(1);
    expect(new Set(inStage.map((c) => `${c.kind}/${c.stage}`))).toEqual(
      new Set(['patrol/closed', 'supervision/field-work']),
    );
  }, 120_000);

  test('Art. 11, 14, 16: statistics by kind, stage, unit and key item; submissions on time and late; overdue; transfers', async () => {
    await store.saveCase({
      record: record('patrol-2025-linfen-0001', {
        unit: 'linfen',
        stage: 'rectification',
        findings: [3, 3, 2],
        transfers: [{ to: 'discipline-inspection', acknowledged: true }, { to: 'procuratorate' }],
        deadlines: [
          {
            key: 'r',
            kind: 'patrol-rectification',
            status: 'submitted',
            submittedAt: '2026-01-01T00:00:00Z',
            late: true,
          },
          {
            key: 's',
            kind: 'handling-suggestion-answer',
            status: 'overdue',
            escalations: [{ at: '2025-12-01T00:00:00Z', to: 'leading-group', afterMs: 1, dueDate: '2025-11-24' }],
          },
        ],
      }),
      viewers: ['unit:linfen'],
    });
    await store.saveCase({
      record: record('supervision-2025-linfen-0001', {
        unit: 'linfen',
        stage: 'closed',
        closed: true,
        findings: [1],
        commended: true,
        deadlines: [
          {
            key: 'r',
            kind: 'supervision-rectification',
            status: 'submitted',
            submittedAt: '2025-06-01T00:00:00Z',
            late: false,
          },
        ],
      }),
      viewers: ['unit:linfen'],
    });
    const all = await store.statistics({
      year: 2025,
      sections: ['cases', 'findings', 'submissions', 'overdueNow', 'transfers'],
    });
    expect(all.cases).toEqual(
      expect.arrayContaining([
        { kind: 'patrol', stage: 'rectification', unit_code: 'linfen', unit_name: 'linfen市', count: 1, commended: 0 },
        { kind: 'supervision', stage: 'closed', unit_code: 'linfen', unit_name: 'linfen市', count: 1, commended: 1 },
      ]),
    );
    expect(all.cases).toHaveLength(2);
    expect(all.findings).toEqual(
      expect.arrayContaining([
        { kind: 'patrol', unit_code: 'linfen', key_item: 3, count: 2, third_party: 0 },
        { kind: 'patrol', unit_code: 'linfen', key_item: 2, count: 1, third_party: 0 },
        { kind: 'supervision', unit_code: 'linfen', key_item: 1, count: 1, third_party: 0 },
      ]),
    );
    const rect = all.submissions!.find((s) => s.kind === 'patrol-rectification')!;
    expect(rect).toMatchObject({ total: 1, submitted: 1, on_time: 0, late: 1, overdue: 0 });
    expect(all.submissions!.find((s) => s.kind === 'supervision-rectification')).toMatchObject({ on_time: 1, late: 0 });
    expect(all.submissions!.find((s) => s.kind === 'handling-suggestion-answer')).toMatchObject({
      overdue: 1,
      escalations: 1,
    });
    expect(all.overdueNow).toEqual([
      expect.objectContaining({ case_id: 'patrol-2025-linfen-0001', kind: 'handling-suggestion-answer' }),
    ]);
    expect(all.transfers).toEqual(
      expect.arrayContaining([
        { recipient: 'discipline-inspection', unit_code: 'linfen', total: 1, acknowledged: 1 },
        { recipient: 'procuratorate', unit_code: 'linfen', total: 1, acknowledged: 0 },
      ]),
    );
    // A receiving body counts only its own transfers; a unit only its own cases.
    const discipline = await store.statistics({
      year: 2025,
      party: 'discipline:discipline-commission',
      viewer: 'discipline:discipline-commission',
      sections: ['transfers'],
    });
    expect(discipline.transfers).toEqual([
      { recipient: 'discipline-inspection', unit_code: 'linfen', total: 1, acknowledged: 1 },
    ]);
    const other = await store.statistics({
      year: 2025,
      viewer: 'unit:datong',
      party: 'unit:datong',
      sections: ['cases'],
    });
    expect(other.cases).toEqual([]);
  });

  test('Art. 16 (3): a rectification is published once; a repeated publication answers what was published first', async () => {
    const first = await store.publish({
      caseId: 'patrol-2026-taiyuan-0101',
      unitName: '太原市',
      title: '整改',
      text: '一',
    });
    const again = await store.publish({
      caseId: 'patrol-2026-taiyuan-0101',
      unitName: '太原市',
      title: '整改',
      text: '二',
    });
    expect(again).toEqual(first);
    expect((await store.bulletin()).filter((e) => e.caseId === 'patrol-2026-taiyuan-0101')).toHaveLength(1);
  });

  test('a migration that fails stops the start with a clear message naming it', async () => {
    if (location === 'pglite:memory') {
      // An in-memory store is new each time; the same check on a folder.
      const dir = mkdtempSync(path.join(tmpdir(), 'store-'));
      try {
        const folder = `pglite:${path.join(dir, 'db')}`;
        const first = await CaseStore.open(folder);
        await first.db.deleteFrom('kysely_migration').execute();
        await first.close();
        await expect(CaseStore.open(folder)).rejects.toThrow(
          new StoreMigrationError(
            `the case store's migration 2026-11-27-001-cases failed: relation "cases" already exists`,
          ),
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      return;
    }
    const other = await CaseStore.open(location);
    await other.db.deleteFrom('kysely_migration').execute();
    await other.close();
    await expect(CaseStore.open(location)).rejects.toThrow(
      new StoreMigrationError(
        `the case store's migration 2026-11-27-001-cases failed: relation "cases" already exists`,
      ),
    );
  }, 60_000);
});

describe('The store as a service', () => {
  test('PostgreSQL down: reads and writes fail as "unavailable" (503, retry), and work again once it is back', async () => {
    const pg = await server();
    const store = await CaseStore.open(await pg.createDatabase());
    try {
      await pg.kill();
      await expect(store.listCases({ limit: 1 })).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.saveCase({ record: record('patrol-2026-taiyuan-0301'), viewers: [] })).rejects.toBeInstanceOf(
        StoreUnavailableError,
      );
      await pg.start();
      expect(await store.saveCase({ record: record('patrol-2026-taiyuan-0301'), viewers: [] })).toBe('saved');
      expect(await store.listCases({ limit: 5 })).toHaveLength(1);
    } finally {
      await store.close();
    }
  }, 60_000);

  test("a PGlite folder is one process's: a second open is refused, naming the process; after close it opens again", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'store-'));
    const folder = `pglite:${path.join(dir, 'db')}`;
    try {
      const first = await CaseStore.open(folder);
      await expect(CaseStore.open(folder)).rejects.toThrow(StoreLockedError);
      await expect(CaseStore.open(folder)).rejects.toThrow(`open in another process (pid ${process.pid})`);
      await first.close();
      const again = await CaseStore.open(folder);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  test('DATABASE_URL of an unknown kind stops the start, saying what it must be', async () => {
    await expect(CaseStore.open('mysql://x')).rejects.toThrow(
      'DATABASE_URL must be postgres://…, pglite:<folder> or pglite:memory, not "mysql://x"',
    );
  });
});
