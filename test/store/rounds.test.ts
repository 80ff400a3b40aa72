import { record, storeEngines, useStore } from './store-fixtures';

/** lib/store/rounds.ts: rounds, their reports, the annual plans and the yearly reports, as each saved itself last. */
describe.each(storeEngines())('The rounds, plans and reports (lib/store/rounds.ts) on %s', (_engine, location) => {
  const store = useStore(location);

  test('Art. 8: a round is read as it saved itself last; a later trigger of the same round, ended as a duplicate, is never read', async () => {
    const roundId = 'supervision-round-2026';
    await store().saveRound({ workflowId: roundId, roundId, year: 2026, status: 'groups-formed' });
    await store().saveRound({ workflowId: roundId, roundId, year: 2026, status: 'field-work' });
    await store().saveRound({ workflowId: `${roundId}-again`, roundId, year: 2026, status: 'duplicate' });
    expect(await store().roundState(roundId)).toEqual({
      workflowId: roundId,
      roundId,
      year: 2026,
      status: 'field-work',
    });
    expect(await store().roundIds(2026)).toEqual([roundId]);
    expect(await store().roundState('supervision-round-2025')).toBeUndefined();
  });

  test("Art. 8: the year's rounds that started, a further round too; a round with its cases, by unit, in one query", async () => {
    for (const roundId of ['supervision-round-2027', 'supervision-round-2027-2'])
      await store().saveRound({ workflowId: roundId, roundId, year: 2027, status: 'field-work' });
    for (const unit of ['yangquan', 'changzhi', 'datong'])
      await store().saveCase({
        record: record(`supervision-2027-${unit}-9002`, { unit }),
        viewers: [],
        roundId: 'supervision-round-2027-2',
      });
    await store().saveCase({
      record: record('supervision-2027-linfen-0001', { unit: 'linfen' }),
      viewers: [],
      roundId: 'supervision-round-2027',
    });
    expect(await store().roundIds(2027)).toEqual(['supervision-round-2027', 'supervision-round-2027-2']);
    const queries = store().queries;
    const round = await store().round('supervision-round-2027-2');
    expect(store().queries - queries).toBe(1);
    expect(round?.progress).toMatchObject({ roundId: 'supervision-round-2027-2', status: 'field-work' });
    expect(round?.cases.map((c) => c.targetUnit.code)).toEqual(['changzhi', 'datong', 'yangquan']);
    expect(await store().round('supervision-round-2027-3')).toBeUndefined();
  });

  test("Art. 10, 11 (3): a round's report of each kind is replaced by its later draft", async () => {
    const at = '2026-12-01T00:00:00.000Z';
    await store().saveReport({ roundId: 'supervision-round-2026', kind: 'province', title: '报告', text: '初稿', at });
    await store().saveReport({ roundId: 'supervision-round-2026', kind: 'province', title: '报告', text: '定稿', at });
    await store().saveReport({ roundId: 'supervision-round-2026', kind: 'national', title: '报告', text: '全国', at });
    expect(await store().report('supervision-round-2026', 'province')).toBe('定稿');
    expect(await store().report('supervision-round-2026', 'national')).toBe('全国');
    expect(await store().report('supervision-round-2025', 'province')).toBeUndefined();
  });

  test('Art. 16 (3): the yearly patrol rectification report is read as it saved itself last', async () => {
    const reportId = 'patrol-rectification-report-2026';
    await store().saveYearlyReport({ reportId, year: 2026, status: 'drafted' });
    await store().saveYearlyReport({ reportId, year: 2026, status: 'sent' });
    expect(await store().yearlyReport(reportId)).toEqual({ reportId, year: 2026, status: 'sent' });
    expect(await store().yearlyReport('patrol-rectification-report-2025')).toBeUndefined();
  });

  test('Art. 6: the annual plan is replaced only by a newer revision (a retried or late save changes nothing)', async () => {
    const planId = 'supervision-plan-2026';
    await store().savePlan({ planId, year: 2026, stage: 'approved', revision: 3 });
    await store().savePlan({ planId, year: 2026, stage: 'drafted', revision: 2 });
    await store().savePlan({ planId, year: 2026, stage: 'submitted', revision: 3 });
    expect(await store().plan(planId)).toEqual({ planId, year: 2026, stage: 'approved', revision: 3 });
    await store().savePlan({ planId, year: 2026, stage: 'amended', revision: 4 });
    expect(await store().plan(planId)).toMatchObject({ stage: 'amended', revision: 4 });
    expect(await store().plan('supervision-plan-2025')).toBeUndefined();
  });
});
