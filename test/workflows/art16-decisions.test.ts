/**
 * Issue 34 items 2 and 3: what the measures give to the leading group. Art. 16 (3): the leading group decides what is
 * published of a patrol's rectification (the unit's text is a proposal), or not to publish, with a reason. Art. 11,
 * 16 (2): a term the measures fix is extended only by the leading group, on the unit's request (延期申请); the office
 * extends its own working deadlines only. On a real dev server, through HTTP.
 */
import type { CaseClaims } from '../../lib/infra/tokens';
import { resolvePolicy } from '../../lib/calendar/deadline-policy';
import type { PatrolCaseRecord } from '../../workflows/patrol/contract';
import type { DeadlineTrack } from '../../workflows/engine/schemas';
import type { TestSystem } from '../helpers/system';
import { people, startSystem } from '../helpers/system';
import { browserOf, formOf } from '../helpers/workbench';
import { record, step, suggestionGrounds, walkPatrol } from '../helpers/patrol';

const day = 86_400_000;
/** Datong has a member in the test group (Art. 13), so the other patrols are of Jincheng. */
const jincheng = { sub: 'unit-jc', role: 'unit', unit: 'jincheng', name: '晋城市 郭华' } satisfies CaseClaims;
const dateAfter = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * day).toISOString().slice(0, 10);

describe('Issue 34: the leading group decides publication (Art. 16 (3)) and extensions of measures-fixed terms (Art. 11, 16 (2))', () => {
  let sys: TestSystem;

  beforeAll(async () => {
    sys = await startSystem();
  });
  afterAll(async () => sys?.close());

  /** A step's status code and answer, whatever it is. */
  async function post(who: CaseClaims, caseId: string, path: string, body: object) {
    const res = await sys.call(who, { method: 'POST', url: `/patrols/${caseId}/${path}`, payload: body });
    return { status: res.statusCode, body: res.json<PatrolCaseRecord & { message?: string }>() };
  }

  /** A patrol of `unit` whose rectification the unit reported (with `publicSummary` if given) and the leading group accepted. */
  async function rectified(unit: CaseClaims, serial: number, publicSummary?: string): Promise<string> {
    const id = await walkPatrol(sys, unit.unit!, serial, 'feedback');
    await step(sys, unit, id, 'rectification-report', {
      summary: '已追回资金并问责',
      items: [{ requirement: 1, measures: '追回资金120万元' }],
      ...(publicSummary ? { publicSummary } : {}),
    });
    await step(sys, people.leadingGroup, id, 'rectification-review', {
      decisions: [{ requirement: 1, decision: 'accept' }],
    });
    return id;
  }

  const bulletin = (id: string) => sys.app.inject({ method: 'GET', url: `/bulletin/${id}` });

  test("Art. 16 (3): the leading group publishes its own edit of the unit's proposal; the bulletin shows the leading group's text", async () => {
    const proposal = '太原市已追回被挪用资金120万元，对3名责任人问责，并公开了全部整改台账和每名责任人的处分细节。';
    const id = await rectified(people.taiyuan, 1, proposal);
    const r0 = await record(sys, id);
    expect(r0.rectification?.publicSummary).toBe(proposal); // a proposal, kept as the unit wrote it
    // The leading group's form starts from the proposal, which it edits, keeps, or leaves unpublished with a reason.
    const lgForm = formOf(
      (await browserOf(sys, people.leadingGroup).get(`/workbench/cases/${id}`)).body,
      'reportRectificationSummary',
    );
    expect(lgForm.html).toContain(proposal);
    expect(lgForm.html).toContain('name="notPublishedReason"');

    // Only the leading group decides; not publishing needs a reason.
    expect((await post(people.office, id, 'rectification-summary', { summary: '报告', publish: true })).status).toBe(
      403,
    );
    const noReason = await post(people.leadingGroup, id, 'rectification-summary', { summary: '报告', publish: false });
    expect([noReason.status, noReason.body.message]).toEqual([422, '决定不予公开的，须说明理由（第十六条第（三）项）']);

    const edited = '太原市已追回被挪用资金120万元，对3名责任人问责。';
    const r = await step(sys, people.leadingGroup, id, 'rectification-summary', {
      summary: '太原市整改完成',
      publish: true,
      publicText: edited,
    });
    expect(r.publication).toMatchObject({ text: edited, edited: true, by: { role: 'leading-group' } });
    expect(r.events.find((e) => e.action === 'rectification-published')).toMatchObject({
      by: { role: 'leading-group' },
      note: '领导小组审定的公开文本',
    });
    // The public page (no token): the leading group's text, not the unit's.
    const page = await bulletin(id);
    expect(page.statusCode).toBe(200);
    expect(page.json<{ text: string }>().text).toBe(edited);
    const list = await sys.app.inject({ method: 'GET', url: '/bulletin' });
    const entry = list
      .json<{ entries: Array<{ caseId: string; text: string }> }>()
      .entries.find((e) => e.caseId === id);
    expect(entry?.text).toBe(edited);
  });

  test("Art. 16 (3): the leading group may adopt the unit's proposal as it is (publicText left empty)", async () => {
    const proposal = '晋城市已完成全部整改事项。';
    const id = await rectified(jincheng, 2, proposal);
    const r = await step(sys, people.leadingGroup, id, 'rectification-summary', {
      summary: '晋城市整改完成',
      publish: true,
    });
    expect(r.publication).toMatchObject({ text: proposal, edited: false, by: { role: 'leading-group' } });
    expect((await bulletin(id)).json<{ text: string }>().text).toBe(proposal);
  });

  test('Art. 16 (3): with no proposal the leading group writes the text or decides not to publish, with a reason recorded as an event the unit sees', async () => {
    const id = await rectified(people.taiyuan, 3);
    const noText = await post(people.leadingGroup, id, 'rectification-summary', { summary: '报告', publish: true });
    expect([noText.status, noText.body.message]).toEqual([422, '被巡查单位未提出建议公开的稿，请填写公开的整改情况']);

    const reason = '整改情况涉及群众个人信息，不宜公开';
    const r = await step(sys, people.leadingGroup, id, 'rectification-summary', {
      summary: '太原市整改完成',
      publish: false,
      notPublishedReason: reason,
    });
    expect(r.publication).toBeUndefined();
    expect(r.publicationDeclined).toMatchObject({ reason, by: { role: 'leading-group' } });
    expect(r.events.find((e) => e.action === 'publication-declined')).toMatchObject({
      summary: '领导小组决定整改情况不予公开',
      note: reason,
    });
    expect((await bulletin(id)).statusCode).toBe(404);
    const seen = await sys.call(people.taiyuan, { method: 'GET', url: `/cases/${id}` });
    expect(seen.statusCode).toBe(200);
    expect(seen.json<PatrolCaseRecord>().publicationDeclined?.reason).toBe(reason);
  });

  test('Art. 16 (2) 延期申请: the office may not extend the two months; the unit asks with a reason and a date; the leading group grants to a date of its own, or refuses with a reason; the unit is told each decision', async () => {
    const id = await walkPatrol(sys, 'taiyuan', 4, 'feedback');
    const track = (r: PatrolCaseRecord): DeadlineTrack => r.deadlines.find((t) => t.key === 'rectification')!;
    const original = track(await record(sys, id)).deadline.dueDate;
    const proposed = dateAfter(original, 20);

    // The office extends only its own working deadlines.
    const byOffice = await post(people.office, id, 'deadlines/rectification/extension', {
      dueDate: proposed,
      reason: '单位请求',
    });
    expect(byOffice.status).toBe(403);
    expect(byOffice.body.message).toContain('领导小组办公室只能延长本办公室确定的工作期限');

    // Only the unit itself asks, with a reason and a later date.
    const url = 'deadlines/rectification/extension-request';
    // The unit's case page offers the request on its rectification (a term the measures fix), with the form's own fields.
    const unitPage = await browserOf(sys, people.taiyuan).get(`/workbench/cases/${id}`);
    const requestForm = formOf(unitPage.body, 'requestExtension');
    expect(unitPage.body).toContain('延期申请：');
    expect(requestForm.html).toContain('申请延期的理由');
    expect(requestForm.html).toContain('name="dueDate"');
    expect((await post(people.datong, id, url, { dueDate: proposed, reason: '理由' })).status).not.toBe(200);
    expect((await post(people.office, id, url, { dueDate: proposed, reason: '理由' })).status).toBe(403);
    expect((await post(people.taiyuan, id, url, { dueDate: proposed, reason: ' ' })).status).toBe(422);
    expect((await post(people.taiyuan, id, url, { dueDate: original, reason: '理由' })).status).toBe(422);
    let r = await step(sys, people.taiyuan, id, url, { dueDate: proposed, reason: '涉及跨年度资金清算' });
    expect(track(r).extensionRequests).toHaveLength(1);
    expect(track(r).extensionRequests?.[0]).toMatchObject({
      proposedDueDate: proposed,
      reason: '涉及跨年度资金清算',
      by: { role: 'unit', unit: 'taiyuan' },
    });
    expect(track(r).deadline.dueDate).toBe(original); // nothing moves until the leading group decides
    expect(r.events.some((e) => e.action === 'extension-requested' && e.note === '涉及跨年度资金清算')).toBe(true);
    // The leading group is told (the office's view of the record; the unit sees only its own notices).
    const full = await record(sys, id);
    expect(full.notifications.some((n) => n.to.role === 'leading-group' && n.subject.startsWith('【延期申请】'))).toBe(
      true,
    );
    expect(full.awaiting).toContainEqual(
      expect.objectContaining({ role: 'leading-group', step: 'decideExtension', params: { key: 'rectification' } }),
    );
    // One request at a time; only the leading group decides.
    expect((await post(people.taiyuan, id, url, { dueDate: proposed, reason: '再次' })).status).toBe(409);
    const decision = `${url}/decision`;
    expect((await post(people.office, id, decision, { decision: 'approve' })).status).toBe(403);

    // Granted, to a date the leading group chooses (earlier than proposed).
    const chosen = dateAfter(original, 10);
    r = await step(sys, people.leadingGroup, id, decision, {
      decision: 'approve',
      dueDate: chosen,
      reason: '延期10天',
    });
    expect(track(r).deadline.dueDate).toBe(chosen);
    expect(track(r).extensions).toHaveLength(1);
    expect(track(r).extensions[0]).toMatchObject({
      fromDueDate: original,
      toDueDate: chosen,
      by: { role: 'leading-group' },
    });
    expect(track(r).extensionRequests?.[0]?.decision).toMatchObject({ decision: 'approve', toDueDate: chosen });
    expect(r.events.map((e) => e.action)).toEqual(expect.arrayContaining(['extension-granted', 'deadline-extended']));
    expect(r.notifications.some((n) => n.to.role === 'unit' && n.subject.startsWith('【延期】'))).toBe(true);
    expect(r.awaiting.some((a) => a.step === 'decideExtension')).toBe(false);
    expect((await post(people.leadingGroup, id, decision, { decision: 'approve' })).status).toBe(409);

    // Asked again and refused: a refusal needs a reason; the deadline stays; the unit is told.
    r = await step(sys, people.taiyuan, id, url, { dueDate: dateAfter(chosen, 30), reason: '仍需时间' });
    expect((await post(people.leadingGroup, id, decision, { decision: 'reject' })).status).toBe(422);
    r = await step(sys, people.leadingGroup, id, decision, { decision: 'reject', reason: '期限已延长，应按期完成' });
    expect(track(r).deadline.dueDate).toBe(chosen);
    expect(track(r).extensions).toHaveLength(1);
    expect(r.events.find((e) => e.action === 'extension-refused')?.note).toBe('期限已延长，应按期完成');
    const told = r.notifications.find((n) => n.subject.startsWith('【延期申请未获批准】'));
    expect(told?.to).toMatchObject({ role: 'unit', unit: 'taiyuan' });
  });

  test("The office still extends its own working deadlines (a handling suggestion's answer, ours); the unit asks for no extension of those", async () => {
    const id = await walkPatrol(sys, 'jincheng', 5, 'field-work');
    let r = await step(sys, people.groupLeader, id, 'handling-suggestions', {
      summary: '停止违规拨付',
      ...suggestionGrounds,
    });
    const due = r.deadlines.find((t) => t.key === 'suggestion-1')!.deadline.dueDate;
    r = await step(sys, people.office, id, 'deadlines/suggestion-1/extension', {
      dueDate: dateAfter(due, 5),
      reason: '单位正在核查',
    });
    expect(r.deadlines.find((t) => t.key === 'suggestion-1')?.deadline.dueDate).toBe(dateAfter(due, 5));
    const asked = await post(jincheng, id, 'deadlines/suggestion-1/extension-request', {
      dueDate: dateAfter(due, 10),
      reason: '理由',
    });
    expect(asked.status).toBe(409);
  });

  test("Art. 11 延期申请: a supervision's rectification term is the measures' too: the office is refused; the unit asks and the leading group grants the proposed date", async () => {
    const id = 'supervision-2026-jincheng-0007';
    const act = async (who: CaseClaims, path: string, body: object, expected = 200) => {
      const res = await sys.call(who, { method: 'POST', url: `/supervisions/${id}/${path}`, payload: body });
      expect([path, res.statusCode, res.statusCode === expected ? '' : res.body]).toEqual([path, expected, '']);
      return res.json<PatrolCaseRecord>();
    };
    const proposed = await sys.call(people.office, {
      method: 'POST',
      url: '/supervisions',
      payload: { year: 2026, serial: 7, targetUnit: 'jincheng', topic: '易地扶贫搬迁后续扶持' },
    });
    expect(proposed.statusCode).toBe(201);
    const leader = { sub: 'gl-s7', role: 'group-leader', group: 'sg-2026-07', name: '组长 刘强' } satisfies CaseClaims;
    await act(people.leadingGroup, 'approval', { decision: 'approve' });
    await act(people.office, 'group', {
      group: {
        id: 'sg-2026-07',
        leader: { name: '刘强', rank: 'department', unit: 'dept-poverty-alleviation' },
        members: [{ name: '赵敏', unit: 'dept-finance' }],
      },
    });
    await act(leader, 'work-plan', { summary: '实施方案' });
    await act(leader, 'findings', { keyContent: 5, methods: ['document-review'], summary: '资金拨付滞后' });
    await act(leader, 'report', { situation: '情况', problems: '问题', opinions: '意见', suggestions: '建议' });
    let r = await act(people.leadingGroup, 'results', {
      summary: '总体较好',
      rectificationRequirements: ['加快资金拨付'],
    });
    const due = r.deadlines.find((t) => t.key === 'rectification')!.deadline.dueDate;
    const later = dateAfter(due, 15);
    await act(people.office, 'deadlines/rectification/extension', { dueDate: later, reason: '单位请求' }, 403);
    await act(jincheng, 'deadlines/rectification/extension-request', { dueDate: later, reason: '项目跨汛期施工' });
    r = await act(people.leadingGroup, 'deadlines/rectification/extension-request/decision', { decision: 'approve' });
    const track = r.deadlines.find((t) => t.key === 'rectification')!;
    expect(track.deadline.dueDate).toBe(later);
    expect(track.extensions[0]).toMatchObject({ reason: '项目跨汛期施工', by: { role: 'leading-group' } });
    expect(r.notifications.some((n) => n.to.role === 'unit' && n.subject.startsWith('【延期】'))).toBe(true);
  });

  test('The policy says which terms the measures fix (fixedByMeasures): Art. 16 (2), Art. 11 and the sent-back rectification by default; a policy file may say so of others', () => {
    const p = resolvePolicy({});
    expect(
      Object.values(p)
        .filter((k) => typeof k === 'object' && 'fixedByMeasures' in k && k.fixedByMeasures)
        .map((k) => (k as { kind: string }).kind),
    ).toEqual(['patrol-rectification', 'supervision-rectification', 'rectification-resubmission']);
    expect(
      resolvePolicy({ 'public-report-registration': { fixedByMeasures: true } })['public-report-registration']
        .fixedByMeasures,
    ).toBe(true);
    expect(() => resolvePolicy({ 'patrol-rectification': { fixedByMeasures: 'yes' } }, 'policy.json')).toThrow(
      'policy.json: patrol-rectification.fixedByMeasures must be true or false',
    );
  });
});
