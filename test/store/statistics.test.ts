import { record, storeEngines, useStore } from './store-fixtures';

/** lib/store/statistics.ts: the figures of a year, what the records say of one unit, the gauges of GET /metrics. */
describe.each(storeEngines())('The statistics (lib/store/statistics.ts) on %s', (_engine, location) => {
  const store = useStore(location);

  test('Art. 11, 14, 16: statistics by kind, stage, unit and key item; submissions on time and late; overdue; transfers', async () => {
    await store().saveCase({
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
    await store().saveCase({
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
    const all = await store().statistics({
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
        { recipient: 'discipline-inspection', unit_code: 'linfen', total: 1, acknowledged: 1, reported: 0 },
        { recipient: 'procuratorate', unit_code: 'linfen', total: 1, acknowledged: 0, reported: 0 },
      ]),
    );
    // A receiving body counts only its own transfers; a unit only its own cases.
    const discipline = await store().statistics({
      year: 2025,
      party: 'discipline:discipline-commission',
      viewer: 'discipline:discipline-commission',
      sections: ['transfers'],
    });
    expect(discipline.transfers).toEqual([
      { recipient: 'discipline-inspection', unit_code: 'linfen', total: 1, acknowledged: 1, reported: 0 },
    ]);
    const other = await store().statistics({
      year: 2025,
      viewer: 'unit:datong',
      party: 'unit:datong',
      sections: ['cases'],
    });
    expect(other.cases).toEqual([]);
    // Only the sections asked for are read.
    expect(Object.keys(await store().statistics({ year: 2025, sections: ['findings'] }))).toEqual(['findings']);
  });

  test('Art. 5, 9: a finding that cites a third-party assessment is counted as one; a public report is not a case of the statistics', async () => {
    await store().saveCase({
      record: record('supervision-2024-yuncheng-0001', {
        unit: 'yuncheng',
        findings: [2, { keyItem: 2, thirdPartyAssessment: 'assessment-2024-0001' }],
      }),
      viewers: [],
    });
    await store().saveCase({
      record: record('public-report-bbbbbbbbbbbbbbbbbbbb', { kind: 'public-report', year: 2024, unit: 'yuncheng' }),
      viewers: [],
    });
    const figures = await store().statistics({ year: 2024, sections: ['cases', 'findings'] });
    expect(figures.findings).toEqual([
      { kind: 'supervision', unit_code: 'yuncheng', key_item: 2, count: 2, third_party: 1 },
    ]);
    expect(figures.cases).toEqual([expect.objectContaining({ kind: 'supervision', unit_code: 'yuncheng', count: 1 })]);
  });

  test("award nominations (the cross-checks): a unit's open rectifications, its transfers, its commendations (Art. 11 (1)) and its findings since a year", async () => {
    await store().saveCase({
      record: record('patrol-2022-gujiao-0001', { unit: 'gujiao', findings: [1, 4] }),
      viewers: [],
    });
    await store().saveCase({
      record: record('patrol-2023-gujiao-0001', {
        unit: 'gujiao',
        findings: [5],
        transfers: [{ to: 'procuratorate' }],
        deadlines: [
          { key: 'r', kind: 'patrol-rectification', status: 'overdue' },
          { key: 's', kind: 'handling-suggestion-answer', status: 'overdue' },
        ],
      }),
      viewers: [],
    });
    await store().saveCase({
      record: record('supervision-2023-gujiao-0002', {
        unit: 'gujiao',
        commended: true,
        deadlines: [{ key: 'r', kind: 'supervision-rectification', status: 'submitted' }],
      }),
      viewers: [],
    });
    expect(await store().unitRecord('gujiao', 2023)).toEqual({
      rectifications: [{ caseId: 'patrol-2023-gujiao-0001', status: 'overdue', dueAt: '2027-02-01T15:59:59.999Z' }],
      transfers: [
        { caseId: 'patrol-2023-gujiao-0001', year: 2023, recipient: 'procuratorate', at: '2026-12-01T02:00:00.000Z' },
      ],
      commendations: [{ caseId: 'supervision-2023-gujiao-0002', year: 2023 }],
      findings: [{ caseId: 'patrol-2023-gujiao-0001', year: 2023, n: 1 }],
    });
    expect((await store().unitRecord('gujiao', 2022)).findings).toEqual([
      { caseId: 'patrol-2022-gujiao-0001', year: 2022, n: 2 },
      { caseId: 'patrol-2023-gujiao-0001', year: 2023, n: 1 },
    ]);
  });

  test('GET /metrics: the gauges count open cases by kind and stage, and the deadlines of open cases (waiting, overdue, escalations), in two queries', async () => {
    const before = await store().gauges();
    await store().saveCase({
      record: record('patrol-2021-xiaoyi-0001', {
        unit: 'xiaoyi',
        stage: 'rectification',
        deadlines: [
          { key: 'r', kind: 'patrol-rectification', status: 'waiting' },
          {
            key: 's',
            kind: 'handling-suggestion-answer',
            status: 'overdue',
            escalations: [{ at: '2021-12-01T00:00:00Z', to: 'leading-group', afterMs: 1, dueDate: '2021-11-24' }],
          },
        ],
      }),
      viewers: [],
    });
    await store().saveCase({
      record: record('patrol-2021-xiaoyi-0002', {
        unit: 'xiaoyi',
        stage: 'closed',
        closed: true,
        deadlines: [{ key: 'r', kind: 'patrol-rectification', status: 'overdue' }],
      }),
      viewers: [],
    });
    const queries = store().queries;
    const after = await store().gauges();
    expect(store().queries - queries).toBe(2);
    const open = (g: typeof after, stage: string) =>
      g.open.find((r) => r.kind === 'patrol' && r.stage === stage)?.count ?? 0;
    const deadlines = (g: typeof after, kind: string) =>
      g.deadlines.find((r) => r.kind === kind) ?? { waiting: 0, overdue: 0, escalations: 0 };
    expect(open(after, 'rectification') - open(before, 'rectification')).toBe(1);
    expect(open(after, 'closed')).toBe(0);
    expect(deadlines(after, 'patrol-rectification').waiting - deadlines(before, 'patrol-rectification').waiting).toBe(
      1,
    );
    expect(deadlines(after, 'patrol-rectification').overdue - deadlines(before, 'patrol-rectification').overdue).toBe(
      0,
    );
    expect(deadlines(after, 'handling-suggestion-answer')).toMatchObject({
      overdue: deadlines(before, 'handling-suggestion-answer').overdue + 1,
      escalations: deadlines(before, 'handling-suggestion-answer').escalations + 1,
    });
  });
});
