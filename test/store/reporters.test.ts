import { storeEngines, useStore } from './store-fixtures';

const report = (n: number) => `public-report-${String(n).padStart(20, '0')}`;
/** Bytes standing for a sealed identity (lib/store/sealing.ts seals them; this area keeps only bytes). */
const sealed = (text: string) => Buffer.from(`SRS1-${text}`);

/** lib/store/reporters.ts: the sealed identities of reporters and objectors, and the walk that re-seals them. */
describe.each(storeEngines())('The sealed reporters (lib/store/reporters.ts) on %s', (_engine, location) => {
  const store = useStore(location);

  test("Art. 3, 5 (the reporter's identity is confidential): a report's sealed identity is kept once, as given; a repeated save keeps the first; deleted, it is gone", async () => {
    await store().saveReporter(report(1), sealed('王秀英'));
    await store().saveReporter(report(1), sealed('someone else'));
    expect(await store().reporter(report(1))).toEqual(sealed('王秀英'));
    await store().deleteReporter(report(1));
    expect(await store().reporter(report(1))).toBeUndefined();
    expect(await store().reporter(report(2))).toBeUndefined();
  });

  test('issue 30 item 5 (npm run store:reseal): the sealed rows are read in id order after a cursor, a batch at a time', async () => {
    for (const n of [14, 11, 13, 12, 15]) await store().saveReporter(report(n), sealed(`r${n}`));
    const first = await store().sealedRows(report(10), 2);
    expect(first).toEqual([
      { id: report(11), sealed: sealed('r11') },
      { id: report(12), sealed: sealed('r12') },
    ]);
    const next = await store().sealedRows(first[1]!.id, 2);
    expect(next.map((r) => r.id)).toEqual([report(13), report(14)]);
    expect((await store().sealedRows(report(14), 2)).map((r) => r.id)).toEqual([report(15)]);
    expect(await store().sealedRows(report(15), 2)).toEqual([]);
  });

  test('issue 30 item 5: a row is re-sealed only if it still holds the bytes that were read; one changed or deleted meanwhile is left alone', async () => {
    await store().saveReporter(report(21), sealed('old'));
    expect(await store().resealRow(report(21), sealed('stale read'), sealed('new'))).toBe(false);
    expect(await store().reporter(report(21))).toEqual(sealed('old'));
    expect(await store().resealRow(report(21), sealed('old'), sealed('new'))).toBe(true);
    expect(await store().reporter(report(21))).toEqual(sealed('new'));
    expect(await store().resealRow(report(21), sealed('old'), sealed('newer'))).toBe(false);
    expect(await store().resealRow(report(22), sealed('old'), sealed('new'))).toBe(false);
    expect(await store().reporter(report(22))).toBeUndefined();
  });
});
