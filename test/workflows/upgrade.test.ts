import { Worker } from '@temporalio/worker';
import { sealedDataConverter } from '../../lib/infra/codec';
import { buildWorkflowBundle } from '../../scripts/bundle-workflows';
import { patrolMainPath, proposal, walkPeople } from '../../scripts/patrol-walk';
import type { TestSystem } from '../helpers/system';
import { startSystem, testCodecKeys } from '../helpers/system';

/**
 * The upgrade procedure (docs/upgrades.md), proved on a real server: cases start on build A (the released workflows),
 * a change to the patrol ships as build B (test/upgrade/build-b.ts, guarded by patched()), the worker is replaced by
 * one on B while cases are half-way, the old cases finish correctly on B and new ones take B's path. The same change
 * without its guard (build-b-unpatched.ts) cannot replay a case started on A: the test can fail.
 */
describe('Upgrades of running cases: build A → build B with a patched change (docs/upgrades.md)', () => {
  let sys: TestSystem;
  let buildB: string;
  let buildBUnpatched: string;
  beforeAll(async () => {
    [buildB, buildBUnpatched] = await Promise.all([
      buildWorkflowBundle(require.resolve('../upgrade/build-b')),
      buildWorkflowBundle(require.resolve('../upgrade/build-b-unpatched')),
    ]);
    sys = await startSystem({ workflows: { workflowsPath: require.resolve('../../workflows') } });
  }, 180_000);
  afterAll(async () => sys?.close());

  const unit = 'lvliang';
  const walk = async (caseId: string, group: string, from: number, to: number) => {
    const people = walkPeople(unit, group);
    for (const [who, url, body] of patrolMainPath(group).slice(from, to)) {
      const res = await sys.call(people[who], { method: 'POST', url: `/patrols/${caseId}/${url}`, payload: body });
      expect([url, res.statusCode]).toEqual([url, 200]);
    }
  };
  const propose = async (serial: number) => {
    const res = await sys.call(walkPeople(unit, 'x').leadingGroup, {
      method: 'POST',
      url: '/patrols',
      payload: proposal(2026, serial, unit),
    });
    expect(res.statusCode).toBe(201);
    return res.json<{ caseId: string }>().caseId;
  };
  const replay = (code: string, history: unknown, id: string) =>
    Worker.runReplayHistory(
      { workflowBundle: { code }, dataConverter: sealedDataConverter(testCodecKeys, 'mark') },
      history,
      id,
    );
  const memoEvents = async (caseId: string) =>
    ((await sys.env.client.workflow.getHandle(caseId).fetchHistory()).events ?? []).filter(
      (e) => e.workflowPropertiesModifiedEventAttributes,
    ).length;

  test('Art. 12–16: a patrol started on build A finishes correctly on build B; a new patrol runs B; the unguarded change is refused by replay', async () => {
    // Build A: a patrol half-way (proposal, approval, group, work plan, a finding).
    const old = await propose(1);
    await walk(old, 'g-upgrade-1', 0, 4);
    const halfWay = await sys.env.client.workflow.getHandle(old).fetchHistory();

    // Before B ships: the replay check the procedure requires. Unguarded, the change breaks the running case.
    await expect(replay(buildBUnpatched, halfWay, old)).rejects.toMatchObject({ name: 'DeterminismViolationError' });
    await expect(replay(buildB, halfWay, old)).resolves.toBeUndefined();

    // B ships: the worker on A stops (finishing its tasks), a worker on B takes over the same task queue.
    await sys.restartWorker({ workflowBundle: { code: buildB } });
    await walk(old, 'g-upgrade-1', 4, patrolMainPath('g').length);
    const oldHandle = sys.env.client.workflow.getHandle(old);
    await expect(oldHandle.result()).resolves.toEqual({ caseId: old, stage: 'closed' });
    // The old case kept A's path: no new command in its history, nothing in its memo.
    expect(await memoEvents(old)).toBe(0);
    expect((await oldHandle.describe()).memo?.startedOnBuild).toBeUndefined();

    // A case started on B takes B's path, and walks to its end.
    const fresh = await propose(2);
    await walk(fresh, 'g-upgrade-2', 0, patrolMainPath('g').length);
    const freshHandle = sys.env.client.workflow.getHandle(fresh);
    await expect(freshHandle.result()).resolves.toEqual({ caseId: fresh, stage: 'closed' });
    expect(await memoEvents(fresh)).toBe(1);
    expect((await freshHandle.describe()).memo?.startedOnBuild).toBe('B');

    // Both whole histories replay on B (the replay set of the next release).
    await expect(replay(buildB, await oldHandle.fetchHistory(), old)).resolves.toBeUndefined();
    await expect(replay(buildB, await freshHandle.fetchHistory(), fresh)).resolves.toBeUndefined();
  });
});
