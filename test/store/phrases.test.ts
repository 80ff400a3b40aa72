import { phraseLimits } from '../../lib/store/phrases';
import { storeEngines, useStore } from './store-fixtures';

const at = (minutes: number) => new Date(Date.UTC(2026, 11, 6, 2, minutes));

/** lib/store/phrases.ts: each person's stock phrases, 常用语 (issue 32 item 8). */
describe.each(storeEngines())("The people's stock phrases (lib/store/phrases.ts) on %s", (_engine, location) => {
  const store = useStore(location);

  test('issue 32 item 8: a person has no phrases until they save a list; the list comes back in its order, theirs only', async () => {
    expect(await store().phrases('committee-1')).toEqual([]);
    await store().savePhrases('committee-1', ['同意。', '请补充相关材料。', '请按意见修改后再报。'], at(0));
    await store().savePhrases('lg-1', ['已阅。'], at(0));
    expect((await store().phrases('committee-1')).map((p) => p.text)).toEqual([
      '同意。',
      '请补充相关材料。',
      '请按意见修改后再报。',
    ]);
    expect((await store().phrases('lg-1')).map((p) => p.text)).toEqual(['已阅。']);
    expect(await store().phrases('unit-ty')).toEqual([]);
  });

  test('issue 32 item 8: saved again, the list is replaced whole; a phrase kept keeps when it was first written', async () => {
    await store().savePhrases('office-1', ['拟同意。', '请补充材料。'], at(1));
    await store().savePhrases('office-1', ['请补充材料。', '已核实，拟同意。'], at(5));
    expect(await store().phrases('office-1')).toEqual([
      { text: '请补充材料。', createdAt: at(1).toISOString(), updatedAt: at(5).toISOString() },
      { text: '已核实，拟同意。', createdAt: at(5).toISOString(), updatedAt: at(5).toISOString() },
    ]);
    // An empty list: none left.
    await store().savePhrases('office-1', [], at(6));
    expect(await store().phrases('office-1')).toEqual([]);
  });

  test('issue 32 item 8: 50 phrases of 200 characters are kept; one more phrase, a longer one, a repeated or an untrimmed one is refused and the list stays as it was', async () => {
    const fifty = Array.from({ length: phraseLimits.perPerson }, (_, i) => `第${i + 1}条：${'意'.repeat(190)}`);
    const longest = '见'.repeat(phraseLimits.length);
    fifty[0] = longest;
    await store().savePhrases('gl-1', fifty, at(2));
    expect((await store().phrases('gl-1')).map((p) => p.text)).toEqual(fifty);
    for (const bad of [
      [...fifty, '第五十一条'],
      [`${longest}。`],
      ['同意。', '同意。'],
      [' 同意。'],
      ['同意。\n不同意。'],
      [''],
    ]) {
      await expect(store().savePhrases('gl-1', bad, at(3))).rejects.toThrow(RangeError);
    }
    expect((await store().phrases('gl-1')).map((p) => p.text)).toEqual(fifty);
  });

  test('issue 32 item 8: the table itself refuses a phrase over 200 characters (the bound holds for any writer)', async () => {
    const row = { person: 'disc-1', position: 0, created_at: at(0), updated_at: at(0) };
    await expect(
      store()
        .db.insertInto('stock_phrases')
        .values({ ...row, text: '长'.repeat(201) })
        .execute(),
    ).rejects.toMatchObject({ code: '23514' });
    await expect(
      store()
        .db.insertInto('stock_phrases')
        .values({ ...row, position: 50, text: '同意。' })
        .execute(),
    ).rejects.toMatchObject({ code: '23514' });
    expect(await store().phrases('disc-1')).toEqual([]);
  });

  test('issue 32 item 8: two saves of one list at once leave one of them whole', async () => {
    const a = ['甲一', '甲二', '甲三'];
    const b = ['乙一', '乙二'];
    await Promise.all([store().savePhrases('unit-dt', a, at(7)), store().savePhrases('unit-dt', b, at(7))]);
    expect([a, b]).toContainEqual((await store().phrases('unit-dt')).map((p) => p.text));
  });
});
