import type { OutcomeTransfer } from '../../lib/store/case-store';
import { record, storeEngines, useStore } from './store-fixtures';

/**
 * lib/store/transfer-outcomes.ts: what the discipline bodies and the procuratorate report back on a transfer (issue 36
 * item 3), a version a report, the latest current; the figures the year's patrol rectification report counts.
 */
const body = { id: 'disc-1', role: 'discipline' as const, unit: 'discipline-commission', name: '纪委 孙敏' };
const transfer = (caseId: string, transferId = 1, o: Partial<OutcomeTransfer> = {}): OutcomeTransfer => ({
  caseId,
  transferId,
  caseKind: 'patrol',
  year: 2026,
  unit: { code: 'taiyuan', name: '太原市' },
  recipient: 'discipline-inspection',
  recipientUnit: 'discipline-commission',
  ...o,
});

describe.each(storeEngines())('Transfer outcomes (lib/store/transfer-outcomes.ts) on %s', (_engine, location) => {
  const store = useStore(location);

  test('Issue 36 item 3: each report is a new version, the latest is current; the same report again adds none', async () => {
    const t = transfer('patrol-2026-taiyuan-0001');
    expect(await store().transferOutcomeVersions(t.caseId, 1)).toEqual([]);
    const first = await store().reportTransferOutcome(
      t,
      { stage: 'preliminary-check', disciplined: 0, heldAccountable: 0 },
      body,
      new Date('2027-01-10T02:00:00Z'),
    );
    expect(first).toMatchObject({ added: true, outcome: { version: 1, stage: 'preliminary-check' } });
    const report = {
      stage: 'case-filed' as const,
      disciplined: 2,
      heldAccountable: 3,
      prosecuted: 1,
      note: '已立案审查',
    };
    const second = await store().reportTransferOutcome(t, report, body, new Date('2027-03-01T02:00:00Z'));
    expect(second.outcome).toEqual({
      ...t,
      ...report,
      version: 2,
      reportedAt: '2027-03-01T02:00:00.000Z',
      reportedBy: body,
    });
    // A retried request: nothing new.
    expect(await store().reportTransferOutcome(t, report, body)).toEqual({ outcome: second.outcome, added: false });
    expect((await store().transferOutcomeVersions(t.caseId, 1)).map((o) => [o.version, o.stage])).toEqual([
      [1, 'preliminary-check'],
      [2, 'case-filed'],
    ]);
    expect(await store().currentTransferOutcomes({ caseIds: [t.caseId] })).toEqual([second.outcome]);
  });

  test('Issue 36 item 3: two reports at once take versions one after the other', async () => {
    const t = transfer('patrol-2026-taiyuan-0002');
    const results = await Promise.all(
      [1, 2, 3].map((n) =>
        store().reportTransferOutcome(t, { stage: 'case-filed', disciplined: n, heldAccountable: 0 }, body),
      ),
    );
    expect(results.map((r) => r.outcome.version).sort()).toEqual([1, 2, 3]);
  });

  test('Issue 36 item 3: current outcomes by year and by receiving body; the figures of a year’s cases', async () => {
    const other = transfer('patrol-2027-datong-0001', 2, {
      year: 2027,
      recipient: 'procuratorate',
      recipientUnit: 'procuratorate',
    });
    await store().reportTransferOutcome(other, { stage: 'concluded', disciplined: 0, heldAccountable: 1 }, body);
    expect((await store().currentTransferOutcomes({ year: 2027 })).map((o) => o.caseId)).toEqual([other.caseId]);
    expect(
      (await store().currentTransferOutcomes({ recipientUnit: 'discipline-commission' })).map((o) => o.caseId),
    ).toEqual(['patrol-2026-taiyuan-0001', 'patrol-2026-taiyuan-0002']);
    expect(await store().currentTransferOutcomes({ caseIds: [] })).toEqual([]);
    // 0001 is at 立案 (2 处分, 3 问责, 1 移送); 0002's last report is one of 1 to 3 处分; 2027's is 了结 with 1 问责.
    const summary = await store().transferOutcomeSummary([
      'patrol-2026-taiyuan-0001',
      'patrol-2026-taiyuan-0002',
      'patrol-2027-datong-0001',
    ]);
    expect(summary).toMatchObject({ reported: 3, caseFiled: 2, heldAccountable: 4, prosecuted: 1 });
    expect(summary.disciplined).toBeGreaterThanOrEqual(3);
    expect(await store().transferOutcomeSummary([])).toEqual({
      reported: 0,
      caseFiled: 0,
      disciplined: 0,
      heldAccountable: 0,
      prosecuted: 0,
    });
  });

  test('Issue 36 item 3: the statistics count the transfers whose body reported an outcome', async () => {
    const caseId = 'patrol-2025-jinzhong-0001';
    await store().saveCase({
      record: record(caseId, {
        year: 2025,
        unit: 'jinzhong',
        transfers: [{ to: 'discipline-inspection', acknowledged: true }, { to: 'procuratorate' }],
      }),
      viewers: ['unit:jinzhong'],
    });
    const counted = async () =>
      (await store().statistics({ year: 2025, sections: ['transfers'] })).transfers!.map((t) => [
        t.recipient,
        t.total,
        t.reported,
      ]);
    expect(await counted()).toEqual(
      expect.arrayContaining([
        ['discipline-inspection', 1, 0],
        ['procuratorate', 1, 0],
      ]),
    );
    await store().reportTransferOutcome(
      transfer(caseId, 1, { year: 2025, unit: { code: 'jinzhong', name: '晋中市' } }),
      { stage: 'case-filed', disciplined: 1, heldAccountable: 0 },
      body,
    );
    expect(await counted()).toEqual(
      expect.arrayContaining([
        ['discipline-inspection', 1, 1],
        ['procuratorate', 1, 0],
      ]),
    );
  });
});
