import { storeEngines, useStore } from './store-fixtures';

/** lib/store/bulletin.ts: the public bulletin of rectifications (Art. 16 (3)). */
describe.each(storeEngines())('The bulletin (lib/store/bulletin.ts) on %s', (_engine, location) => {
  const store = useStore(location);

  test('Art. 16 (3): a rectification is published once; a repeated publication answers what was published first', async () => {
    const first = await store().publish({
      caseId: 'patrol-2026-taiyuan-0101',
      unitName: '太原市',
      title: '整改',
      text: '一',
    });
    const again = await store().publish({
      caseId: 'patrol-2026-taiyuan-0101',
      unitName: '太原市',
      title: '整改',
      text: '二',
    });
    expect(again).toEqual(first);
    expect(first).toMatchObject({ caseId: 'patrol-2026-taiyuan-0101', unitName: '太原市', title: '整改', text: '一' });
    expect((await store().bulletin()).filter((e) => e.caseId === 'patrol-2026-taiyuan-0101')).toHaveLength(1);
    expect(await store().bulletinEntry('patrol-2026-taiyuan-0101')).toEqual(first);
  });

  test('Art. 16 (3): the bulletin lists the newest publications first, up to its limit; a case not published has no entry', async () => {
    for (const n of [1, 2, 3]) {
      await store().publish({ caseId: `patrol-2026-datong-000${n}`, unitName: '大同市', title: `第${n}号`, text: '' });
      // Publication times are the store's clock: apart, so the order is theirs.
      await new Promise((done) => setTimeout(done, 5));
    }
    expect((await store().bulletin(2)).map((e) => e.caseId)).toEqual([
      'patrol-2026-datong-0003',
      'patrol-2026-datong-0002',
    ]);
    expect(await store().bulletinEntry('patrol-2026-datong-0009')).toBeUndefined();
  });
});
