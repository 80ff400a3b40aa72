import { record, storeEngines, useStore } from './store-fixtures';

/** lib/store/case-lists.ts: lists, tasks, follow-up visits and what one person did, one SQL query each. */
describe.each(storeEngines())('The lists and tasks (lib/store/case-lists.ts) on %s', (_engine, location) => {
  const store = useStore(location);

  test('GET /cases and /my/tasks with 1,000 open cases: one SQL query each, only what the party may see', async () => {
    await store().saveCase({
      record: record('patrol-2026-taiyuan-0101', { stage: 'closed', closed: true }),
      viewers: ['unit:taiyuan'],
    });
    for (let i = 0; i < 1000; i++) {
      const unit = i % 2 ? 'taiyuan' : 'datong';
      await store().saveCase({
        record: record(`supervision-2026-${unit}-${String(2000 + i).padStart(4, '0')}`, {
          unit,
          awaiting: [`unit:${unit}`],
        }),
        viewers: [`unit:${unit}`],
      });
    }
    let before = store().queries;
    const listed = await store().listCases({ limit: 200, viewer: 'unit:taiyuan', kind: 'supervision' });
    expect(store().queries - before).toBe(1);
    expect(listed).toHaveLength(200);
    expect(listed.every((c) => c.unitCode === 'taiyuan')).toBe(true);

    before = store().queries;
    const waiting = await store().openCasesAwaiting('unit:taiyuan', true);
    expect(store().queries - before).toBe(1);
    expect(waiting).toHaveLength(500);
    expect(waiting.every((r) => r.targetUnit.code === 'taiyuan')).toBe(true);

    // A stage filter as an outsider sees stages: (kind, stage) pairs, still one query.
    before = store().queries;
    const inStage = await store().listCases({ limit: 50, stages: { patrol: ['closed'], supervision: ['field-work'] } });
    expect(store().queries - before).toBe(1);
    expect(new Set(inStage.map((c) => `${c.kind}/${c.stage}`))).toEqual(
      new Set(['patrol/closed', 'supervision/field-work']),
    );
  }, 120_000);

  test('Art. 11, 16: a list shows supervisions and patrols (a public report only when asked for), newest first, by year, unit and overdue, in pages', async () => {
    const at = (day: number) => `2030-03-${String(day).padStart(2, '0')}T00:00:00.000Z`;
    const save = (id: string, day: number, o: Parameters<typeof record>[1] = {}) =>
      store().saveCase({ record: record(id, { ...o, events: [{ action: 'proposed', at: at(day) }] }), viewers: [] });
    await save('patrol-2030-xinzhou-0001', 1, { unit: 'xinzhou' });
    await save('supervision-2030-xinzhou-0002', 3, {
      unit: 'xinzhou',
      deadlines: [{ key: 'r', kind: 'supervision-rectification', status: 'overdue' }],
    });
    await save('patrol-2030-lvliang-0003', 2, { unit: 'lvliang' });
    await save('public-report-aaaaaaaaaaaaaaaaaaaa', 4, { kind: 'public-report', year: 2030, unit: 'xinzhou' });

    const ids = async (filter: Partial<Parameters<ReturnType<typeof store>['listCases']>[0]>) =>
      (await store().listCases({ limit: 10, year: 2030, ...filter })).map((c) => c.caseId);
    expect(await ids({})).toEqual([
      'supervision-2030-xinzhou-0002',
      'patrol-2030-lvliang-0003',
      'patrol-2030-xinzhou-0001',
    ]);
    expect(await ids({ unit: 'xinzhou' })).toEqual(['supervision-2030-xinzhou-0002', 'patrol-2030-xinzhou-0001']);
    expect(await ids({ overdue: true })).toEqual(['supervision-2030-xinzhou-0002']);
    expect(await ids({ limit: 1, offset: 1 })).toEqual(['patrol-2030-lvliang-0003']);
    expect(await ids({ kind: 'public-report' })).toEqual(['public-report-aaaaaaaaaaaaaaaaaaaa']);
    const [row] = await store().listCases({ limit: 1, year: 2030, overdue: true });
    expect(row).toEqual({
      caseId: 'supervision-2030-xinzhou-0002',
      kind: 'supervision',
      unitCode: 'xinzhou',
      stage: 'field-work',
      closed: false,
      awaiting: [],
      overdue: true,
      startedAt: at(3),
    });
    const [withRecord] = await store().listCases({ limit: 1, year: 2030, overdue: true, withRecord: true });
    expect(withRecord?.record).toMatchObject({ caseId: 'supervision-2030-xinzhou-0002', revision: 1 });
  });

  test("/my/tasks: a party's open cases waiting for it, soonest due first; one that oversees all gets them without being a viewer; a closed case waits for no one", async () => {
    const save = (id: string, dueAt: string, viewers: string[], closed = false) =>
      store().saveCase({
        record: record(id, { unit: 'shuozhou', closed, awaiting: [{ tag: 'unit:shuozhou', dueAt }, 'office'] }),
        viewers,
      });
    await save('patrol-2031-shuozhou-0002', '2031-05-01T15:59:59.999Z', ['unit:shuozhou']);
    await save('patrol-2031-shuozhou-0001', '2031-03-01T15:59:59.999Z', ['unit:shuozhou']);
    await save('patrol-2031-shuozhou-0004', '2031-02-01T15:59:59.999Z', []);
    await save('patrol-2031-shuozhou-0003', '2031-01-01T15:59:59.999Z', ['unit:shuozhou'], true);
    const ids = async (tag: string, mustView: boolean, limit?: number) =>
      (await store().openCasesAwaiting(tag, mustView, limit)).map((r) => r.caseId);
    expect(await ids('unit:shuozhou', true)).toEqual(['patrol-2031-shuozhou-0001', 'patrol-2031-shuozhou-0002']);
    expect(await ids('office', false)).toEqual([
      'patrol-2031-shuozhou-0004',
      'patrol-2031-shuozhou-0001',
      'patrol-2031-shuozhou-0002',
    ]);
    expect(await ids('office', true)).toEqual([]);
    expect(await ids('office', false, 1)).toEqual(['patrol-2031-shuozhou-0004']);
  });

  test('Art. 11 (2) (ours, issue 13: 回头看): the follow-up visits of a closed case, and those of a year, oldest first', async () => {
    const save = (id: string, day: number, of?: string) =>
      store().saveCase({
        record: record(id, {
          unit: 'jincheng',
          events: [{ action: 'proposed', at: `2032-04-0${day}T00:00:00.000Z` }],
          ...(of ? { followUp: { of } } : {}),
        }),
        viewers: [],
      });
    await save('supervision-2032-jincheng-0001', 1);
    await save('supervision-2032-jincheng-0003', 3, 'supervision-2032-jincheng-0001');
    await save('supervision-2032-jincheng-0002', 2, 'supervision-2032-jincheng-0001');
    await save('supervision-2033-jincheng-0004', 4, 'supervision-2032-jincheng-0002');
    expect((await store().followUps({ of: 'supervision-2032-jincheng-0001' })).map((r) => r.caseId)).toEqual([
      'supervision-2032-jincheng-0002',
      'supervision-2032-jincheng-0003',
    ]);
    expect((await store().followUps({ year: 2033 })).map((r) => r.caseId)).toEqual(['supervision-2033-jincheng-0004']);
  });

  test("the workbench's 已办: what one person did, newest first, with the case each belongs to, in one query", async () => {
    await store().saveCase({
      record: record('patrol-2034-changzhi-0001', {
        unit: 'changzhi',
        events: [
          { action: 'proposed', by: 'official-1', at: '2034-01-01T00:00:00.000Z' },
          { action: 'approved', by: 'official-2', at: '2034-01-02T00:00:00.000Z' },
          { action: 'group-formed', by: 'official-1', at: '2034-01-03T00:00:00.000Z' },
        ],
      }),
      viewers: [],
    });
    await store().saveCase({
      record: record('supervision-2034-changzhi-0002', {
        unit: 'changzhi',
        closed: true,
        events: [{ action: 'proposed', by: 'official-1', at: '2034-01-02T12:00:00.000Z' }],
      }),
      viewers: [],
    });
    const before = store().queries;
    const done = await store().eventsBy('official-1');
    expect(store().queries - before).toBe(1);
    expect(done).toEqual([
      {
        caseId: 'patrol-2034-changzhi-0001',
        kind: 'patrol',
        unitName: 'changzhi市',
        closed: false,
        at: '2034-01-03T00:00:00.000Z',
        action: 'group-formed',
        summary: 'group-formed',
      },
      expect.objectContaining({ caseId: 'supervision-2034-changzhi-0002', closed: true, action: 'proposed' }),
      expect.objectContaining({ caseId: 'patrol-2034-changzhi-0001', action: 'proposed' }),
    ]);
    expect(await store().eventsBy('official-1', 1)).toHaveLength(1);
    expect(await store().eventsBy('official-3')).toEqual([]);
  });
});
