import { patrolMainPath, proposal, walkPeople } from '../../scripts/patrol-walk';
import { CaseStore } from '../../lib/store/case-store';
import type { PatrolCaseRecord } from '../../workflows/patrol/contract';
import type { PostgresServer } from '../helpers/postgres';
import { startPostgres } from '../helpers/postgres';
import type { TestSystem } from '../helpers/system';
import { eventually, startSystem } from '../helpers/system';

/**
 * The store down for a minute in the middle of a patrol: the case goes on (its steps answer from Temporal), reads that
 * need the store answer 503 with Retry-After, and once the store is back the case catches up: every event once, in
 * order, and the record as Temporal has it.
 */
describe('The case store down for a minute during a patrol (PostgreSQL)', () => {
  let pg: PostgresServer;
  let store: CaseStore;
  let sys: TestSystem;
  beforeAll(async () => {
    pg = await startPostgres();
    store = await CaseStore.open(await pg.createDatabase());
    sys = await startSystem({ store });
  }, 120_000);
  afterAll(async () => {
    await sys?.close();
    await store?.close();
    await pg?.stop();
  });

  test('Art. 12–16: nothing is lost and nothing is doubled; the store catches up after the outage', async () => {
    const walkers = walkPeople('yangquan', 'g-outage');
    const started = await sys.call(walkers.leadingGroup, {
      method: 'POST',
      url: '/patrols',
      payload: proposal(2026, 3, 'yangquan'),
    });
    const caseId = started.json<{ caseId: string }>().caseId;
    const steps = patrolMainPath('g-outage');
    const take = async (from: number, to: number) => {
      let last: PatrolCaseRecord | undefined;
      for (const [who, url, body] of steps.slice(from, to)) {
        const res = await sys.call(walkers[who], { method: 'POST', url: `/patrols/${caseId}/${url}`, payload: body });
        expect([url, res.statusCode]).toEqual([url, 200]);
        last = res.json<PatrolCaseRecord>();
      }
      return last!;
    };
    const before = await take(0, 4);
    await eventually(async () =>
      (await store.readCase(caseId))?.record.revision === before.revision ? true : undefined,
    );

    // The store goes down for a minute; the patrol goes on.
    const down = Date.now();
    await pg.kill();
    const during = await take(4, 9);
    // An open case is read from Temporal; a list needs the store: 503, try again later.
    const read = await sys.call(walkers.office, { method: 'GET', url: `/cases/${caseId}` });
    expect(read.json<PatrolCaseRecord>().revision).toBe(during.revision);
    const list = await sys.call(walkers.office, { method: 'GET', url: '/cases' });
    expect([list.statusCode, list.headers['retry-after'], list.json<{ code: string }>().code]).toEqual([
      503,
      '30',
      'StoreUnavailable',
    ]);
    await new Promise((r) => setTimeout(r, Math.max(0, 60_000 - (Date.now() - down))));
    await pg.start();

    // The rest of the patrol, to its close: the case completes only once the store has its final record.
    await take(9, steps.length);
    const handle = sys.env.client.workflow.getHandle(caseId);
    await handle.result();
    const final = await handle.query<PatrolCaseRecord>('caseRecord');
    const stored = (await store.readCase(caseId))!.record;
    expect(stored).toEqual(final);
    const events = await store.caseEvents(caseId);
    expect(events).toEqual(final.events.map((e, seq) => ({ seq, action: e.action })));
    expect((await sys.call(walkers.office, { method: 'GET', url: '/cases?unit=yangquan' })).statusCode).toBe(200);
  }, 300_000);
});
