import type { TestSystem } from '../helpers/system';
import { people, startSystem } from '../helpers/system';
import { proposePatrol, step } from '../helpers/patrol';

/**
 * Operators watch runs in Temporal UI: its Stack Trace tab asks a running workflow where it waits (the SDK's
 * `__stack_trace` query, from stacks its promise hook records, mapped through the bundle's source map). The trace must
 * name the case's own code at each place it waits: the bundle the worker runs keeps its source map, and no setting of
 * ours (the shared modules, a shallower stack to save the workflow thread's time: docs/performance.md) may lose it.
 */
describe('Temporal UI: a running case says where it waits', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem();
  });
  afterAll(async () => sys?.close());

  test('Art. 12: an approved patrol waiting for its group names its own frames, through the source map', async () => {
    const id = await proposePatrol(sys, 'taiyuan', 1);
    await step(sys, people.committee, id, 'approval', { decision: 'approve' });
    const trace = await sys.env.client.workflow.getHandle(id).query<string>('__stack_trace');
    const stacks = trace.split('\n\n').filter(Boolean);
    // Several places it waits: the case's own loop, its store writer, its deadlines (the group's formation is due).
    expect(stacks.length).toBeGreaterThan(1);
    for (const s of stacks) expect(s).toMatch(/workflows\/[\w/-]+\.ts:\d+:\d+/);
    expect(trace).toMatch(/workflows\/patrol\/workflow\.ts/);
    expect(trace).toMatch(/workflows\/engine\/store-writer\.ts/);
  });
});
