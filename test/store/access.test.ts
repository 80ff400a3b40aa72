import { unavailable } from '../../lib/store/access';
import { CaseStore, StoreUnavailableError } from '../../lib/store/case-store';
import type { PostgresServer } from '../helpers/postgres';
import { startPostgres } from '../helpers/postgres';
import { record, storeEngines, useStore } from './store-fixtures';

const assessment = {
  id: 'assessment-2026-0001',
  year: 2026,
  assessor: '山西大学',
  unitCodes: ['taiyuan'],
  summary: '',
  createdBy: {},
  createdAt: '2026-03-01T00:00:00.000Z',
};

/** lib/store/access.ts: what every area's queries run through, which tells an outage (503, retry) from a bug. */
describe.each(storeEngines())('The access to the store (lib/store/access.ts) on %s', (_engine, location) => {
  const store = useStore(location);

  test('an error of the SQL itself (here a constraint) is not an outage: it passes as it is, and changes nothing', async () => {
    await store().saveAssessment(assessment);
    const refused = await store()
      .saveAssessment({ ...assessment, summary: '第二次' })
      .catch((err: unknown) => err);
    expect(refused).not.toBeInstanceOf(StoreUnavailableError);
    expect(refused).toMatchObject({ code: '23505' });
    expect((await store().assessment(assessment.id))?.summary).toBe('');
  });
});

describe('The store as a service (lib/store/access.ts)', () => {
  let pg: PostgresServer | undefined;
  afterAll(async () => pg?.stop());

  test('PostgreSQL down: reads and writes fail as "unavailable" (503, retry), and work again once it is back', async () => {
    pg = await startPostgres();
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

  test('what counts as an outage: a lost connection (SQLSTATE class 08, or no code at all) is; data and syntax errors are not', () => {
    const coded = (code: string) => Object.assign(new Error(code), { code });
    expect(unavailable(coded('ECONNREFUSED'))).toBeInstanceOf(StoreUnavailableError);
    expect(unavailable(coded('08006'))).toBeInstanceOf(StoreUnavailableError);
    expect(unavailable(coded('57P01'))).toBeInstanceOf(StoreUnavailableError);
    expect(unavailable(new Error('Connection terminated unexpectedly'))).toMatchObject({
      name: 'StoreUnavailableError',
      message: 'the case store does not answer: Connection terminated unexpectedly',
    });
    for (const code of ['23505', '42P01', '22P02']) {
      const err = coded(code);
      expect(unavailable(err)).toBe(err);
    }
  });
});
