import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { PatrolCaseRecord } from '../../workflows/patrol/contract';
import { recordHistory } from '../helpers/histories';
import { group, multipart, pdf, proposePatrol, step, walkPatrol } from '../helpers/patrol';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';

const propose = (sys: TestSystem, unit: string, serial: number) =>
  proposePatrol(sys, unit, serial, {
    grounds: { sources: ['third-party-assessment'], summary: '第三方评估发现精准识别问题' },
  });

const read = (sys: TestSystem, who: (typeof people)[keyof typeof people], id: string) =>
  sys.call(who, { method: 'GET', url: `/cases/${id}` });

/** With RECORD_HISTORIES=1: keep a history for the replay test of this release (test/histories/). */
async function save(id: string, file: string) {
  if (!process.env.RECORD_HISTORIES) return;
  recordHistory(file, historyToJSON(await sys.env.client.workflow.getHandle(id).fetchHistory()));
}

let sys: TestSystem;

describe('Art. 5: unannounced visits, third-party assessments, cross patrols and case files (real Temporal, HTTP)', () => {
  beforeAll(async () => {
    sys = await startSystem();
  });
  afterAll(async () => sys?.close());

  test('Art. 5 (明察暗访): an unannounced patrol sends nothing to the unit and hides itself from it until feedback', async () => {
    const id = await propose(sys, 'taiyuan', 1);
    await step(sys, people.committee, id, 'approval', { decision: 'approve' });
    const formed = await step(sys, people.office, id, 'group', { group, unannounced: true });
    expect(formed.unannounced).toBe(true);
    const planned = await step(sys, people.groupLeader, id, 'work-plan', {
      summary: '暗访方案',
      stationedOn: '2026-12-01',
    });
    expect(planned.stage).toBe('field-work');
    expect(planned.stationing).toBeUndefined();

    // The unit: the patrol looks exactly like one that does not exist, and nothing lists it.
    const hidden = await read(sys, people.taiyuan, id);
    const absent = await read(sys, people.taiyuan, 'patrol-2026-taiyuan-0999');
    expect([hidden.statusCode, hidden.json()]).toEqual([absent.statusCode, absent.json()]);
    expect(hidden.statusCode).toBe(404);
    const listed = await sys.call(people.taiyuan, { method: 'GET', url: '/cases' });
    expect(listed.body).not.toContain(id);

    // No handling suggestion goes to the unit during the visit; findings record that they came from it.
    const suggestion = await sys.call(people.groupLeader, {
      method: 'POST',
      url: `/patrols/${id}/handling-suggestions`,
      payload: { summary: '立即停止违规拨付' },
    });
    expect(suggestion.statusCode).toBe(422);
    expect(suggestion.json<{ message: string }>().message).toContain('暗访');
    const found = await step(sys, people.groupLeader, id, 'findings', {
      keyProblem: 2,
      methods: ['field-survey'],
      summary: '项目停工半年无人过问',
    });
    expect(found.findings[0]).toMatchObject({ unannounced: true, methods: ['field-survey', 'unannounced-visit'] });

    await step(sys, people.groupLeader, id, 'report', {
      situation: '情况',
      problems: '问题',
      opinions: [{ text: '意见', basis: '依据' }],
    });
    await step(sys, people.leadingGroup, id, 'request-for-instructions', { summary: '请示' });
    await step(sys, people.committee, id, 'instructions', { decision: 'approve' });
    // Nothing at all was addressed to the unit so far.
    const office = (await read(sys, people.office, id)).json<PatrolCaseRecord>();
    expect(office.notifications.filter((n) => n.to.role === 'unit')).toEqual([]);
    expect(office.unannounced).toBe(true);

    const fed = await step(sys, people.leadingGroup, id, 'feedback', {
      situation: '反馈',
      rectificationOpinions: ['整改'],
    });
    expect(fed.stage).toBe('rectification');
    // From feedback on, the unit sees the patrol (what concerns it) and is told.
    const seen = await eventually(async () => {
      const r = await read(sys, people.taiyuan, id);
      return r.statusCode === 200 ? r.json<PatrolCaseRecord>() : undefined;
    });
    expect(seen.feedback).toBeDefined();
    expect(seen.unannounced).toBeUndefined();
    expect(seen.findings).toBeUndefined();
    const after = (await read(sys, people.office, id)).json<PatrolCaseRecord>();
    expect(after.notifications.filter((n) => n.to.role === 'unit').length).toBeGreaterThan(0);
    await save(id, 'patrol-unannounced.json');
  });

  test('Art. 5 (明察暗访), Art. 11 (2): an unannounced supervision stays hidden from the unit until its results', async () => {
    const started = await sys.call(people.office, {
      method: 'POST',
      url: '/supervisions',
      payload: { year: 2026, serial: 2, targetUnit: 'changzhi', topic: '易地扶贫搬迁', reportIds: [] },
    });
    expect(started.statusCode).toBe(201);
    const id = started.json<{ caseId: string }>().caseId;
    const act = async (who: (typeof people)[keyof typeof people], path: string, payload: object) => {
      const res = await sys.call(who, { method: 'POST', url: `/supervisions/${id}/${path}`, payload });
      if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body}`);
      return res.json<Record<string, unknown>>();
    };
    await act(people.leadingGroup, 'approval', { decision: 'approve' });
    const members = [{ name: '成员', unit: 'dept-finance' }];
    await act(people.office, 'group', {
      group: { id: 'g-2026-01', leader: { name: '组长', rank: 'department', unit: 'dept-audit' }, members },
      unannounced: true,
    });
    const planned = await act(people.groupLeader, 'work-plan', { summary: '暗访方案' });
    expect(planned.notice).toBeUndefined();
    const changzhi = { sub: 'unit-cz', role: 'unit' as const, unit: 'changzhi', name: '长治市 吴军' };
    expect((await read(sys, changzhi, id)).statusCode).toBe(404);
    await act(people.groupLeader, 'report', {
      situation: '情况',
      problems: '问题',
      opinions: '意见',
      suggestions: '建议',
    });
    expect((await read(sys, changzhi, id)).statusCode).toBe(404);
    const office = (await read(sys, people.office, id)).json<PatrolCaseRecord>();
    expect(office.notifications.filter((n) => n.to.role === 'unit')).toEqual([]);
    await act(people.leadingGroup, 'results', { summary: '督查结果', rectificationRequirements: ['整改'] });
    const seen = await read(sys, changzhi, id);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ results: { summary: '督查结果' } });
  });

  test('Art. 5 (第三方评估): the office keeps a register of assessments; a finding cites one, and statistics count it', async () => {
    const created = await sys.call(people.office, {
      method: 'POST',
      url: '/assessments',
      payload: { year: 2026, assessor: '某大学第三方评估组', unitCodes: ['xinzhou'], summary: '识别准确率偏低' },
    });
    expect(created.statusCode).toBe(201);
    const assessment = created.json<{ id: string }>();
    expect(assessment.id).toBe('assessment-2026-0001');
    const upload = await sys.call(people.office, {
      method: 'POST',
      url: `/assessments/${assessment.id}/files`,
      ...multipart({}, [{ name: '评估报告.pdf', bytes: pdf }], 'files'),
    });
    expect(upload.statusCode).toBe(201);
    expect(upload.json<{ files: Array<{ sha256: string }> }>().files).toHaveLength(1);
    expect(
      (await sys.call(people.groupLeader, { method: 'GET', url: '/assessments?unit=xinzhou' })).json(),
    ).toHaveLength(1);
    expect((await sys.call(people.datong, { method: 'GET', url: '/assessments' })).statusCode).toBe(403);
    const bad = await sys.call(people.office, {
      method: 'POST',
      url: '/assessments',
      payload: { year: 2026, assessor: ' ', unitCodes: ['xinzhou'], summary: 'x' },
    });
    expect(bad.statusCode).toBe(422);

    const id = await walkPatrol(sys, 'xinzhou', 1, 'field-work');
    const unknown = await sys.call(people.groupLeader, {
      method: 'POST',
      url: `/patrols/${id}/findings`,
      payload: {
        keyProblem: 4,
        methods: ['document-review'],
        summary: '识别不准',
        assessmentId: 'assessment-2026-0099',
      },
    });
    expect([unknown.statusCode, unknown.json<{ message: string }>().message]).toEqual([
      422,
      '第三方评估登记簿中没有assessment-2026-0099，请核对评估编号',
    ]);
    expect((await read(sys, people.office, id)).json<PatrolCaseRecord>().findings).toEqual([]);
    const cited = await step(sys, people.groupLeader, id, 'findings', {
      keyProblem: 4,
      methods: ['document-review'],
      summary: '贫困识别不准',
      assessmentId: assessment.id,
    });
    expect(cited.findings[0]).toMatchObject({
      assessment: { id: assessment.id, assessor: '某大学第三方评估组', year: 2026 },
      methods: ['document-review', 'third-party-assessment'],
    });
    const stats = await eventually(async () => {
      const s = (await sys.call(people.office, { method: 'GET', url: '/statistics?year=2026' })).json<{
        findings: { byKeyItem: Array<{ kind: string; keyItem: number; fromThirdPartyAssessment: number }> };
      }>();
      const item = s.findings.byKeyItem.find((x) => x.kind === 'patrol' && x.keyItem === 4);
      return item && item.fromThirdPartyAssessment > 0 ? item : undefined;
    });
    expect(stats.fromThirdPartyAssessment).toBe(1);
    await save(id, 'patrol-finding-cites-assessment.json');
  });

  test('Art. 14 (5) "等问题", Art. 9: a finding outside the five items goes under "other", described; statistics count it apart', async () => {
    const id = await walkPatrol(sys, 'jinzhong', 1, 'field-work');
    const undescribed = await sys.call(people.groupLeader, {
      method: 'POST',
      url: `/patrols/${id}/findings`,
      payload: { keyProblem: 6, methods: ['interview'], summary: '文山会海' },
    });
    expect(undescribed.statusCode).toBe(422);
    expect(undescribed.json<{ message: string }>().message).toContain('须简要说明属于哪类问题');
    const misplaced = await sys.call(people.groupLeader, {
      method: 'POST',
      url: `/patrols/${id}/findings`,
      payload: { keyProblem: 2, methods: ['interview'], summary: '慢作为', otherDescription: '多余' },
    });
    expect(misplaced.statusCode).toBe(422);
    const r = await step(sys, people.groupLeader, id, 'findings', {
      keyProblem: 6,
      methods: ['interview'],
      summary: '基层填表报数负担重',
      otherDescription: '形式主义、官僚主义问题',
    });
    expect(r.findings[0]).toMatchObject({
      keyItem: 6,
      keyItemLabel: '其他：形式主义、官僚主义问题',
      otherDescription: '形式主义、官僚主义问题',
    });
    expect(r.events.at(-1)?.summary).toBe('记录问题1（第十四条所列以外的其他问题：形式主义、官僚主义问题）');
    const item = await eventually(async () => {
      const s = (await sys.call(people.office, { method: 'GET', url: '/statistics?year=2026' })).json<{
        findings: {
          byKeyItem: Array<{ kind: string; keyItem: number; article: string; label: string; count: number }>;
        };
      }>();
      const other = s.findings.byKeyItem.find((x) => x.kind === 'patrol' && x.keyItem === 6);
      return other && other.count > 0 ? other : undefined;
    });
    expect(item).toMatchObject({ article: '第十四条所列以外', label: '其他', count: 1 });
    const csv = (await sys.call(people.office, { method: 'GET', url: '/statistics/units.csv?year=2026' })).body;
    expect(csv).toContain('巡查发现问题：其他');
  });

  test("Art. 10, 15: the group's work-plan files are stored with their hash; the unit never gets them", async () => {
    const id = await propose(sys, 'yangquan', 1);
    await step(sys, people.committee, id, 'approval', { decision: 'approve' });
    await step(sys, people.office, id, 'group', { group });
    const form = multipart({ section: 'workPlan' }, [{ name: '巡查工作方案.pdf', bytes: pdf }]);
    const res = await sys.call(people.groupLeader, { method: 'POST', url: `/cases/${id}/files`, ...form });
    expect(res.statusCode).toBe(200);
    const file = res.json<PatrolCaseRecord>().files![0]!;
    expect(file).toMatchObject({ section: 'workPlan', name: '巡查工作方案.pdf', contentType: 'application/pdf' });
    expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
    await step(sys, people.groupLeader, id, 'work-plan', { summary: '方案', stationedOn: '2026-12-01' });

    const yangquan = { sub: 'unit-yq', role: 'unit' as const, unit: 'yangquan', name: '阳泉市 周平' };
    const asUnit = (await read(sys, yangquan, id)).json<PatrolCaseRecord>();
    expect(asUnit.stationing).toBeDefined();
    expect(asUnit.files).toBeUndefined();
    expect((await sys.call(yangquan, { method: 'GET', url: `/documents/${file.id}` })).statusCode).toBe(404);
    const got = await sys.call(people.groupLeader, { method: 'GET', url: `/documents/${file.id}` });
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(pdf)).toBe(true);
    // Another group's leader may not add files to this patrol, and nothing stays behind.
    const other = { sub: 'gl-2', role: 'group-leader' as const, group: 'g-2026-02' };
    const before = (await sys.store.documents(id)).length;
    const refused = await sys.call(other, { method: 'POST', url: `/cases/${id}/files`, ...form });
    expect(refused.statusCode).toBe(404);
    const exe = multipart({ section: 'report' }, [
      { name: 'x.pdf', bytes: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64)]) },
    ]);
    expect((await sys.call(people.groupLeader, { method: 'POST', url: `/cases/${id}/files`, ...exe })).statusCode).toBe(
      415,
    );
    expect((await sys.store.documents(id)).length).toBe(before);
    await save(id, 'patrol-with-files.json');
  });

  test('Art. 5, 12: the leading group proposes cross patrols; each city is patrolled by a group led from another', async () => {
    const body = {
      year: 2026,
      serial: 5,
      cities: ['jincheng', 'shuozhou', 'jinzhong'],
      grounds: { sources: ['other'], summary: '市际交叉巡查' },
    };
    expect((await sys.call(people.office, { method: 'POST', url: '/cross-patrols', payload: body })).statusCode).toBe(
      403,
    );
    const res = await sys.call(people.leadingGroup, { method: 'POST', url: '/cross-patrols', payload: body });
    expect(res.statusCode).toBe(201);
    const set = res.json<{ setId: string; patrols: Array<{ caseId: string; target: string; inspector: string }> }>();
    expect(set.patrols).toHaveLength(3);
    expect(set.patrols.every((p) => p.target !== p.inspector)).toBe(true);
    expect(new Set(set.patrols.map((p) => p.inspector)).size).toBe(3);

    const first = set.patrols[0]!;
    const r = (await read(sys, people.office, first.caseId)).json<PatrolCaseRecord>();
    expect(r).toMatchObject({ stage: 'awaiting-approval', crossPatrol: { setId: set.setId } });
    expect(r.crossPatrol!.inspectingCity.code).toBe(first.inspector);
    await step(sys, people.committee, first.caseId, 'approval', { decision: 'approve' });
    const wrongLeader = await sys.call(people.office, {
      method: 'POST',
      url: `/patrols/${first.caseId}/group`,
      payload: { group },
    });
    expect(wrongLeader.statusCode).toBe(422);
    expect(wrongLeader.json<{ message: string }>().message).toContain('交叉巡查');
    const crossGroup = { ...group, leader: { ...group.leader, unit: first.inspector } };
    await step(sys, people.office, first.caseId, 'group', { group: crossGroup });
    await save(first.caseId, 'patrol-cross.json');

    expect(
      (await sys.call(people.leadingGroup, { method: 'POST', url: '/cross-patrols', payload: body })).statusCode,
    ).toBe(409);
    const county = await sys.call(people.leadingGroup, {
      method: 'POST',
      url: '/cross-patrols',
      payload: { ...body, serial: 6, cities: ['jincheng', 'taiyuan-loufan'] },
    });
    expect(county.statusCode).toBe(422);
    const self = await sys.call(people.leadingGroup, {
      method: 'POST',
      url: '/cross-patrols',
      payload: { ...body, serial: 7, adjustments: [{ target: 'jincheng', inspector: 'jincheng', reason: '试' }] },
    });
    expect(self.statusCode).toBe(422);
  });
});
