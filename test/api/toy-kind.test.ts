/**
 * Issue 31, "a kind is one module": a toy kind of case (test/toy-kind/, one folder) added with one line to the
 * registry gets, from the registry alone, its step routes, its OpenAPI entries, its workbench forms, its store
 * projection and lists, its to-do items, its statistics and its documents list, on the real system (a Temporal dev
 * server, the worker with the toy's workflow, the API and the workbench).
 */
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';
import { browserOf, csrfOf, keyOf } from '../helpers/workbench';
import { kinds } from '../../workflows/kinds';
import { toyInspection } from '../toy-kind';

let sys: TestSystem;
const taiyuan = { code: 'taiyuan', name: '太原市', kind: 'city' as const };
const caseId = 'toy-inspection-2026-taiyuan-0001';

beforeAll(async () => {
  sys = await startSystem({
    workflows: { workflowsPath: require.resolve('../toy-kind/workflows') },
    // The one line: the registry with the toy kind.
    kinds: kinds.with(toyInspection),
  });
  await sys.app.cases.startCase({
    kind: 'toy-inspection',
    year: 2026,
    serial: 1,
    unit: taiyuan,
    summary: '对太原市的自查',
    input: { unit: taiyuan, question: '请对照扶贫资金管理规定开展自查' },
  });
  // The unit is named among the case's viewers in its first workflow task.
  await eventually(async () =>
    (await sys.call(people.taiyuan, { method: 'GET', url: `/cases/${caseId}` })).statusCode === 200 ? true : undefined,
  );
}, 120_000);
afterAll(() => sys?.close());

test('its steps have routes and OpenAPI entries, with the roles and the view of its contract', async () => {
  const doc = (await sys.call(undefined, { method: 'GET', url: '/docs/json' })).json<{
    paths: Record<string, Record<string, { tags: string[]; summary: string }>>;
    components: { schemas: Record<string, unknown> };
  }>();
  expect(doc.paths['/toy-inspections/{caseId}/self-inspection']?.post).toMatchObject({
    tags: ['toy'],
    summary: 'Toy kind (报送自查情况)',
  });
  expect(doc.paths['/toy-inspections/{caseId}/closing']?.post?.tags).toEqual(['toy']);
  expect(Object.keys(doc.components.schemas)).toContain('ToyInspectionView');
  // A case of the kind is one of the cases: GET /cases/{id} takes its id.
  expect(doc.paths['/cases/{caseId}']?.get).toBeDefined();
});

test('need to know and roles hold on its steps: another unit hears "not found", the office is not the unit', async () => {
  const url = `/toy-inspections/${caseId}/self-inspection`;
  const payload = { answer: '已完成自查，未发现问题' };
  expect((await sys.call(people.datong, { method: 'POST', url, payload })).statusCode).toBe(404);
  expect((await sys.call(people.office, { method: 'POST', url, payload })).statusCode).toBe(403);
  const read = await sys.call(people.datong, { method: 'GET', url: `/cases/${caseId}` });
  expect(read.statusCode).toBe(404);
});

test('the workbench shows its form and takes its step; the store lists it; the office gets the next item to do', async () => {
  const unit = browserOf(sys, people.taiyuan);
  const page = await unit.get(`/workbench/cases/${caseId}`);
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('报送自查情况');
  expect(page.body).toContain(`/workbench/cases/${caseId}/steps/answerToy`);
  const sent = await unit.post(`/workbench/cases/${caseId}/steps/answerToy`, {
    _csrf: csrfOf(page.body),
    _key: keyOf(page.body),
    answer: '已完成自查，发现两项问题并已整改',
  });
  expect([200, 303]).toContain(sent.statusCode);

  // The store's projection: the list of cases (by its kind) and the case read by the unit.
  const listed = await eventually(async () => {
    const res = await sys.call(people.office, { method: 'GET', url: '/cases?kind=toy-inspection' });
    const cases = res.json<{ cases: Array<{ caseId: string; stage: string }> }>().cases;
    return cases.find((c) => c.caseId === caseId && c.stage === 'answered');
  });
  expect(listed).toMatchObject({ caseId, stage: 'answered' });
  const all = (await sys.call(people.office, { method: 'GET', url: '/cases' })).json<{
    cases: Array<{ caseId: string }>;
  }>();
  expect(all.cases.map((c) => c.caseId)).toContain(caseId);
  const read = (await sys.call(people.taiyuan, { method: 'GET', url: `/cases/${caseId}` })).json<{
    answer: string;
    stageLabel: string;
  }>();
  expect(read).toMatchObject({ answer: '已完成自查，发现两项问题并已整改', stageLabel: '待办公室审核' });

  const tasks = (await sys.call(people.office, { method: 'GET', url: '/my/tasks' })).json<{
    tasks: Array<{ caseId: string; step: string; url: string }>;
  }>();
  expect(tasks.tasks.find((t) => t.caseId === caseId)).toMatchObject({
    step: 'closeToy',
    url: expect.stringMatching(new RegExp(`/toy-inspections/${caseId}/closing$`)) as unknown,
  });
});

test('its statistics and its documents list come from its module', async () => {
  const stats = (await sys.call(people.office, { method: 'GET', url: '/statistics' })).json<{
    cases: { byKind: Array<{ kind: string; label: string; count: number }> };
  }>();
  expect(stats.cases.byKind).toContainEqual({ kind: 'toy-inspection', label: '自查', count: 1 });

  const documents = await sys.call(people.office, { method: 'GET', url: `/cases/${caseId}/documents` });
  expect(documents.statusCode).toBe(200);
  expect(documents.json<Array<{ title: string }>>().map((d) => d.title)).toEqual(['太原市自查情况报告']);
  // Another unit may not see the case, so not its documents either.
  expect((await sys.call(people.datong, { method: 'GET', url: `/cases/${caseId}/documents` })).statusCode).toBe(404);
});
