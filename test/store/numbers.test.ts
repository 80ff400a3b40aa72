import { storeEngines, useStore } from './store-fixtures';

/** 晋督〔2026〕3号: the format the routes pass (lib/documents/case-documents.ts has the real series). */
const format = (year: number) => (seq: number) => `晋督〔${year}〕${seq}号`;
const ask = (owner: string, key: string, o: { series?: string; year?: number; sha256?: string } = {}) => ({
  owner,
  key,
  series: o.series ?? 'supervision-notice',
  year: o.year ?? 2026,
  sha256: o.sha256 ?? `sha-of-${owner}-${key}`,
});

/** lib/store/numbers.ts: document numbers (发文字号), given once, one sequence per series and year. */
describe.each(storeEngines())('The document numbers (lib/store/numbers.ts) on %s', (_engine, location) => {
  const store = useStore(location);

  test('GB/T 9704 (发文字号): a document keeps the number it was first given, with the SHA-256 of what was issued then', async () => {
    const first = await store().documentNumber(
      ask('supervision-2026-taiyuan-0001', 'notice', { sha256: 'aaa' }),
      format(2026),
    );
    expect(first).toEqual({ number: '晋督〔2026〕1号', sha256: 'aaa' });
    const again = await store().documentNumber(
      ask('supervision-2026-taiyuan-0001', 'notice', { sha256: 'bbb' }),
      format(2026),
    );
    expect(again).toEqual({ number: '晋督〔2026〕1号', sha256: 'aaa' });
  });

  test('GB/T 9704 (发文字号): one sequence per series and year: the next document gets the next number; another series or year starts at 1', async () => {
    const number = async (owner: string, series: string, year: number) =>
      (await store().documentNumber(ask(owner, 'notice', { series, year }), format(year))).number;
    expect(await number('supervision-2030-datong-0001', 'supervision-report', 2030)).toBe('晋督〔2030〕1号');
    expect(await number('supervision-2030-datong-0002', 'supervision-report', 2030)).toBe('晋督〔2030〕2号');
    expect(await number('supervision-2031-datong-0001', 'supervision-report', 2031)).toBe('晋督〔2031〕1号');
    expect(await number('patrol-2030-datong-0001', 'patrol-report', 2030)).toBe('晋督〔2030〕1号');
    expect(await number('supervision-2030-datong-0003', 'supervision-report', 2030)).toBe('晋督〔2030〕3号');
  });

  test('GB/T 9704 (发文字号): callers at once each get a number of their own, and one document asked for twice at once gets one', async () => {
    const owners = ['a', 'b', 'c', 'd', 'e'].map((u) => `supervision-2028-${u}-0001`);
    const given = await Promise.all(
      owners.map((owner) => store().documentNumber(ask(owner, 'notice', { year: 2028 }), format(2028))),
    );
    expect(new Set(given.map((g) => g.number))).toEqual(new Set([1, 2, 3, 4, 5].map((n) => `晋督〔2028〕${n}号`)));
    const twice = await Promise.all(
      [0, 1].map(() => store().documentNumber(ask('supervision-2028-f-0001', 'notice', { year: 2028 }), format(2028))),
    );
    expect(twice[0]).toEqual({ number: '晋督〔2028〕6号', sha256: 'sha-of-supervision-2028-f-0001-notice' });
    expect(twice[1]).toEqual(twice[0]);
  });

  test('issue 30 item 8: reading a number gives none: a document not issued has no number, and asking leaves it without one', async () => {
    const owner = 'patrol-2029-jinzhong-0001';
    expect(await store().givenNumber(owner, 'report')).toBeUndefined();
    expect(await store().givenNumber(owner, 'report')).toBeUndefined();
    expect(await store().numberedKeys(owner)).toEqual(new Set());
    await store().documentNumber(
      ask(owner, 'report', { series: 'patrol-report', year: 2029, sha256: 'ccc' }),
      format(2029),
    );
    await store().documentNumber(
      ask(owner, 'opinion', { series: 'patrol-report', year: 2029, sha256: 'ddd' }),
      format(2029),
    );
    expect(await store().givenNumber(owner, 'report')).toEqual({ number: '晋督〔2029〕1号', sha256: 'ccc' });
    expect(await store().numberedKeys(owner)).toEqual(new Set(['report', 'opinion']));
    expect(await store().numberedKeys('patrol-2029-jinzhong-0002')).toEqual(new Set());
  });
});
