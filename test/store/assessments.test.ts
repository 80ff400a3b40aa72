import type { Assessment } from '../../lib/store/case-store';
import { storeEngines, useStore } from './store-fixtures';

const assessment = (id: string, year: number, unitCodes: string[], createdAt: string): Assessment => ({
  id,
  year,
  assessor: '山西大学',
  unitCodes,
  summary: `${id} 的评估结论`,
  createdBy: { id: 'official-1', role: 'office' },
  createdAt,
});

/** lib/store/assessments.ts: the register of third-party assessments (第三方评估, Art. 5). */
describe.each(storeEngines())('The assessments (lib/store/assessments.ts) on %s', (_engine, location) => {
  const store = useStore(location);

  test('Art. 5: an assessment is read back as it was registered; a year counts its own (the next serial follows the count)', async () => {
    const a = assessment('assessment-2026-0001', 2026, ['taiyuan', 'datong'], '2026-03-01T00:00:00.000Z');
    expect(await store().assessmentCount(2026)).toBe(0);
    await store().saveAssessment(a);
    expect(await store().assessment(a.id)).toEqual(a);
    expect(await store().assessment('assessment-2026-0099')).toBeUndefined();
    await store().saveAssessment(assessment('assessment-2026-0002', 2026, ['taiyuan'], '2026-04-01T00:00:00.000Z'));
    await store().saveAssessment(assessment('assessment-2025-0001', 2025, ['taiyuan'], '2025-04-01T00:00:00.000Z'));
    expect(await store().assessmentCount(2026)).toBe(2);
    expect(await store().assessmentCount(2025)).toBe(1);
  });

  test('Art. 5: the register lists the newest first, of one year or covering one unit, a page at a time', async () => {
    for (const [id, units, at] of [
      ['assessment-2027-0001', ['xinzhou'], '2027-01-01T00:00:00.000Z'],
      ['assessment-2027-0002', ['xinzhou', 'shuozhou'], '2027-02-01T00:00:00.000Z'],
      ['assessment-2027-0003', ['shuozhou'], '2027-03-01T00:00:00.000Z'],
    ] as const)
      await store().saveAssessment(assessment(id, 2027, [...units], at));
    await store().saveAssessment(assessment('assessment-2028-0001', 2028, ['xinzhou'], '2028-01-01T00:00:00.000Z'));
    const ids = async (filter: { year?: number; unit?: string; limit?: number; offset?: number }) =>
      (await store().assessments({ limit: 10, ...filter })).map((a) => a.id);
    expect(await ids({ year: 2027 })).toEqual(['assessment-2027-0003', 'assessment-2027-0002', 'assessment-2027-0001']);
    expect(await ids({ unit: 'xinzhou' })).toEqual([
      'assessment-2028-0001',
      'assessment-2027-0002',
      'assessment-2027-0001',
    ]);
    expect(await ids({ year: 2027, unit: 'shuozhou' })).toEqual(['assessment-2027-0003', 'assessment-2027-0002']);
    expect(await ids({ year: 2027, limit: 1, offset: 1 })).toEqual(['assessment-2027-0002']);
  });
});
