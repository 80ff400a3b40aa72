import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { WorkflowNotFoundError } from '@temporalio/client';
import { patrolMainPath, proposal, walkPeople } from '../../scripts/patrol-walk';
import type { Statistics } from '../../api/schemas';
import { CaseStore } from '../../lib/store/case-store';
import { rebuildStore } from '../../lib/store/rebuild';
import { temporalCliPath } from '../../lib/infra/tools';
import type { PatrolCaseRecord } from '../../workflows/patrol/contract';
import type { PostgresServer } from '../helpers/postgres';
import { startPostgres } from '../helpers/postgres';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';

const run = promisify(execFile);

let pgServer: PostgresServer | undefined;
afterAll(async () => pgServer?.stop());

const stores: Array<[string, () => Promise<string>]> = [
  ['PGlite', () => Promise.resolve('pglite:memory')],
  ['PostgreSQL', async () => (pgServer ??= await startPostgres()).createDatabase()],
];

/**
 * Temporal is the engine, not the archive: a case lives on in the case store after Temporal has forgotten it (its
 * retention, here a `temporal workflow delete` as retention would do it), in full, in lists and in the statistics.
 */
describe.each(stores)('Nothing lost when Temporal forgets a case (case store on %s)', (_name, location) => {
  let sys: TestSystem;
  let store: CaseStore;
  beforeAll(async () => {
    store = await CaseStore.open(await location());
    sys = await startSystem({ store });
  }, 120_000);
  afterAll(async () => {
    await sys?.close();
    await store?.close();
  });

  const walkers = walkPeople('taiyuan', 'g-archive');
  let closedId: string;

  test('Art. 12–16: a closed patrol deleted from Temporal is still read in full, listed, counted, published, and refuses steps as closed', async () => {
    const started = await sys.call(walkers.leadingGroup, {
      method: 'POST',
      url: '/patrols',
      payload: proposal(2026, 7, 'taiyuan'),
    });
    expect(started.statusCode).toBe(201);
    closedId = started.json<{ caseId: string }>().caseId;
    for (const [who, url, body] of patrolMainPath('g-archive')) {
      const res = await sys.call(walkers[who], { method: 'POST', url: `/patrols/${closedId}/${url}`, payload: body });
      expect([url, res.statusCode]).toEqual([url, 200]);
    }
    const handle = sys.env.client.workflow.getHandle(closedId);
    await handle.result();
    const read = async (who: (typeof walkers)[keyof typeof walkers]) =>
      sys.call(who, { method: 'GET', url: `/cases/${closedId}` });
    const whole = (await read(walkers.office)).json<PatrolCaseRecord>();
    const asUnit = (await read(walkers.unit)).json<PatrolCaseRecord>();
    expect(whole).toMatchObject({ closed: true, stage: 'closed' });
    const stats = async (who = walkers.office) =>
      (await sys.call(who, { method: 'GET', url: '/statistics?year=2026' })).json<Statistics>();
    const counted = await stats();

    // What retention does after its days: the execution and its history are gone from Temporal (the server deletes
    // a closed execution a little while after it is asked to).
    await run(temporalCliPath(), [
      'workflow',
      'delete',
      '--yes',
      '--workflow-id',
      closedId,
      '--address',
      sys.env.address,
    ]);
    await eventually(
      async () =>
        handle.describe().then(
          () => undefined,
          (err: unknown) => (err instanceof WorkflowNotFoundError ? true : undefined),
        ),
      150_000,
    );

    // Read in full, and each role sees what it saw before: the store answers with the same views.
    expect((await read(walkers.office)).json()).toEqual(whole);
    expect((await read(walkers.unit)).json()).toEqual(asUnit);
    const foreign = await read(people.datong);
    const missing = await sys.call(people.datong, { method: 'GET', url: '/cases/patrol-2026-taiyuan-0999' });
    expect([foreign.statusCode, foreign.body]).toEqual([404, missing.body]);

    // Listed, and counted as before.
    const listed = await sys.call(walkers.office, { method: 'GET', url: '/cases?kind=patrol&unit=taiyuan' });
    expect(listed.json<{ cases: Array<{ caseId: string; status: string; stage: string }> }>().cases).toContainEqual(
      expect.objectContaining({ caseId: closedId, status: 'COMPLETED', stage: 'closed' }),
    );
    expect(await stats()).toEqual(counted);
    expect(counted.cases!.byKind).toContainEqual({ kind: 'patrol', label: '巡查', count: 1 });
    expect(counted.findings!.byKeyItem).toContainEqual(
      expect.objectContaining({ kind: 'patrol', keyItem: 3, article: '第十四条第（三）项', count: 1 }),
    );
    expect(counted.submissions).toContainEqual(
      expect.objectContaining({ kind: 'patrol-rectification', submitted: 1, onTime: 1, late: 0, onTimeRate: 1 }),
    );
    expect(counted.transfers).toMatchObject({ total: 1, acknowledged: 1 });

    // The per-unit table of the year (成效考核), with Chinese headers.
    const csv = await sys.call(walkers.office, { method: 'GET', url: '/statistics/units.csv?year=2026' });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(header).toMatch(/^单位代码,单位名称,督查（项）,巡查（项）,/);
    expect(header).toContain('巡查发现问题：第十四条第（三）项');
    const taiyuan = rows.find((r) => r.startsWith('taiyuan,'))!.split(',');
    const column = (name: string) => taiyuan[header!.split(',').indexOf(name)];
    expect([
      column('巡查（项）'),
      column('巡查发现问题：第十四条第（三）项'),
      column('整改报告：按期'),
      column('移交问题线索（件）'),
    ]).toEqual(['1', '1', '1', '1']);

    // Roles count only their own: the receiving body its transfers, nothing else; the public nothing.
    const discipline = await stats(walkers.discipline);
    expect(Object.keys(discipline).sort()).toEqual(['scope', 'transfers', 'year']);
    expect(discipline.transfers).toMatchObject({ total: 1, acknowledged: 1 });
    const unit = await stats(walkers.unit);
    expect([unit.scope, Object.keys(unit).sort()]).toEqual([
      'own',
      ['cases', 'overdueNow', 'scope', 'submissions', 'year'],
    ]);
    expect(unit.cases!.byKind).toContainEqual({ kind: 'patrol', label: '巡查', count: 1 });
    const otherUnit = await stats(people.datong);
    expect(otherUnit.scope).toBe('own');
    expect(JSON.stringify(otherUnit)).not.toMatch(/taiyuan|太原/);
    expect((await sys.call(people.public, { method: 'GET', url: '/statistics' })).statusCode).toBe(403);
    expect((await sys.call(walkers.unit, { method: 'GET', url: '/statistics/units.csv?year=2026' })).statusCode).toBe(
      403,
    );

    // Art. 16 (3): still published; and a step on it is refused as closed, not as unknown.
    expect((await sys.call(undefined, { method: 'GET', url: `/bulletin/${closedId}` })).statusCode).toBe(200);
    const late = await sys.call(walkers.leadingGroup, {
      method: 'POST',
      url: `/patrols/${closedId}/transfers`,
      payload: { to: 'procuratorate', summary: '再次移交' },
    });
    expect([late.statusCode, late.json<{ code: string }>().code]).toEqual([409, 'CaseClosed']);
  }, 180_000);

  test('npm run store:rebuild: the store is brought up to date from what Temporal still has, and a second run writes nothing', async () => {
    const res = await sys.call(people.leadingGroup, {
      method: 'POST',
      url: '/patrols',
      payload: proposal(2026, 8, 'datong'),
    });
    const openId = res.json<{ caseId: string }>().caseId;
    const approved = await sys.call(people.committee, {
      method: 'POST',
      url: `/patrols/${openId}/approval`,
      payload: { decision: 'approve' },
    });
    const revision = approved.json<PatrolCaseRecord>().revision;
    await eventually(async () => ((await store.readCase(openId))?.record.revision === revision ? true : undefined));
    // The store lost it (restored from an old backup, say).
    await store.db.deleteFrom('case_events').where('case_id', '=', openId).execute();
    await store.db.deleteFrom('cases').where('case_id', '=', openId).execute();
    await eventually(async () => {
      for await (const wf of sys.env.client.workflow.list({ query: `WorkflowId = '${openId}'` })) return wf;
      return undefined;
    });

    const first = await rebuildStore(sys.env.client, store);
    expect(first.failed).toEqual([]);
    expect(first.written).toBeGreaterThanOrEqual(1);
    expect((await store.readCase(openId))?.record).toMatchObject({ revision, stage: 'forming-group' });
    const events = await store.caseEvents(openId);
    expect(events.map((e) => e.seq)).toEqual(events.map((_e, i) => i));

    const second = await rebuildStore(sys.env.client, store);
    expect(second).toMatchObject({ failed: [], written: 0, current: second.read });
    expect(await store.caseEvents(openId)).toEqual(events);
    // The deleted case is not in Temporal any more, and still in the store.
    expect((await store.readCase(closedId))?.record.closed).toBe(true);
  }, 120_000);

  test('GET /cases and /my/tasks with 1,000 open cases: one SQL query each, with the same views', async () => {
    const template = (await store.readCase('patrol-2026-datong-0008'))!;
    for (let i = 0; i < 1000; i++) {
      const caseId = `patrol-2026-taiyuan-${String(1000 + i)}`;
      await store.saveCase({
        record: { ...template.record, caseId, targetUnit: { ...template.record.targetUnit, code: 'taiyuan' } },
        viewers: i % 2 ? ['unit:taiyuan'] : [],
      });
    }
    let before = store.queries;
    const audited = store.auditWrites;
    const list = await sys.call(people.office, { method: 'GET', url: '/cases?limit=200' });
    expect(store.queries - before).toBe(1);
    // And the request's entry in the audit trail (issue 33), an append of its own.
    expect(store.auditWrites - audited).toBe(1);
    expect(list.json<{ cases: unknown[] }>().cases).toHaveLength(200);

    before = store.queries;
    const tasks = await sys.call(people.office, { method: 'GET', url: '/my/tasks' });
    expect(store.queries - before).toBe(1);
    const all = tasks.json<{ tasks: Array<{ step: string; url: string }> }>().tasks;
    expect(all.length).toBeGreaterThanOrEqual(1000);
    expect(all[0]?.step).toBe('formGroup');
    expect(all[0]?.url).toMatch(/\/patrols\/patrol-2026-.+\/group$/);

    // A unit lists only what it may see, in one query too.
    before = store.queries;
    const own = await sys.call(people.taiyuan, { method: 'GET', url: '/cases?limit=200&kind=patrol' });
    expect(store.queries - before).toBe(1);
    const ownCases = own.json<{ cases: Array<{ caseId: string }> }>().cases;
    expect(ownCases).toHaveLength(200);
    expect(ownCases.every((c) => Number(c.caseId.slice(-4)) % 2 === 1 || c.caseId === closedId)).toBe(true);
  }, 120_000);
});
