/**
 * Issue 32, the workbench an official can do a whole day's work in, through real HTTP on a real Temporal server:
 * lists sized by the data (item 1: one row per 整改意见 with its text, 添加一项 / 删除 without JavaScript up to the
 * schema's limit), a refused form answered with a redirect so a reload never sends it again (item 10), and field
 * work in the order of Art. 14, 15 (item 3: findings, suggestions picked from them, a report refused by the case before
 * the stationing date or without a finding, and confirmed before it ends the field work).
 */
import { group, proposePatrol, step, suggestionGrounds, walkPatrol } from '../helpers/patrol';
import type { TestSystem } from '../helpers/system';
import { people, startSystem } from '../helpers/system';
import { browserOf, browserOn, csrfOf, formOf, press, rowTitles, signInLocally } from '../helpers/workbench';

let sys: TestSystem;

beforeAll(async () => {
  sys = await startSystem();
});

afterAll(async () => {
  await sys?.close();
});

test('Issue 32 item 1, Art. 13: the group gets five members through 添加一项 without JavaScript; what was typed stays, 删除 takes a row out, and the group is formed with all five', async () => {
  const id = await walkPatrol(sys, 'taiyuan', 61, 'approved');
  const office = browserOf(sys, people.office);
  const first = await office.get(`/workbench/cases/${id}`);
  expect(rowTitles(formOf(first.body, 'formGroup').html)).toEqual(['第1项']);
  const typed: Record<string, string> = {
    'group.id': 'g-2026-01',
    'group.leader.name': '陈刚',
    'group.leader.rank': 'department',
    'group.leader.unit': 'dept-finance',
  };
  const names = ['周敏', '吴磊', '郑洁', '王芳', '多余的人', '孙浩'];
  for (let i = 0; i < names.length - 1; i++) {
    typed[`group.members.${i}.name`] = names[i]!;
    typed[`group.members.${i}.unit`] = 'dept-agriculture';
    const added = await press(office, id, 'formGroup', { ...typed, _rows: 'group.members:add' });
    // A redirect to the page (303): a reload shows the page, it does not send the form again.
    expect([added.statusCode, added.headers.location]).toEqual([303, `/workbench/cases/${id}#step-group`]);
  }
  let page = await office.get(`/workbench/cases/${id}`);
  let form = formOf(page.body, 'formGroup');
  expect(rowTitles(form.html)).toEqual(['第1项', '第2项', '第3项', '第4项', '第5项', '第6项']);
  expect(form.html).toContain('value="郑洁"');
  // Shown once: the page after it draws the form afresh.
  expect(rowTitles(formOf((await office.get(`/workbench/cases/${id}`)).body, 'formGroup').html)).toEqual(['第1项']);
  // 删除第5项 (多余的人): the sixth row moves up, what was typed in the others stays.
  typed['group.members.5.name'] = names[5]!;
  typed['group.members.5.unit'] = 'dept-audit';
  await press(office, id, 'formGroup', { ...typed, _rows: 'group.members:remove:4' });
  page = await office.get(`/workbench/cases/${id}`);
  form = formOf(page.body, 'formGroup');
  expect(rowTitles(form.html)).toHaveLength(5);
  expect(form.html).not.toContain('多余的人');
  expect(form.html).toMatch(/value="孙浩"[^>]*name="group\.members\.4\.name"/);
  for (const key of Object.keys(typed)) if (key.startsWith('group.members.')) delete typed[key];
  const members = Object.fromEntries(
    [0, 1, 2, 3, 4].flatMap((i) => [
      [`group.members.${i}.name`, ['周敏', '吴磊', '郑洁', '王芳', '孙浩'][i]!],
      [`group.members.${i}.unit`, 'dept-agriculture'],
    ]),
  );
  const sent = await press(office, id, 'formGroup', { ...typed, ...members, '_rows.group.members': '5' });
  expect([sent.statusCode, sent.headers.location]).toEqual([303, `/workbench/cases/${id}?done=formGroup`]);
  const record = (await sys.call(people.office, { method: 'GET', url: `/cases/${id}` })).json<{
    group: { members: Array<{ name: string }> };
  }>();
  expect(record.group.members.map((m) => m.name)).toEqual(['周敏', '吴磊', '郑洁', '王芳', '孙浩']);
});

test('Issue 32 item 10: a refused form comes back with a redirect (303) and its refusal and what was typed, once; a reload sends nothing', async () => {
  const id = await proposePatrol(sys, 'taiyuan', 62);
  const committee = browserOf(sys, people.committee);
  const refused = await press(committee, id, 'decideApproval', { decision: 'reject', reason: '' });
  expect([refused.statusCode, refused.headers.location]).toEqual([303, `/workbench/cases/${id}#step-approval`]);
  const shown = await committee.get(`/workbench/cases/${id}`);
  expect(shown.body).toContain('不批准巡查时须说明理由');
  expect(shown.body).toMatch(/value="reject"[^>]*checked/);
  // A reload: the page, without the refusal, and still nothing decided.
  const again = await committee.get(`/workbench/cases/${id}`);
  expect(again.body).not.toContain('不批准巡查时须说明理由');
  const record = (await sys.call(people.office, { method: 'GET', url: `/cases/${id}` })).json<{ stage: string }>();
  expect(record.stage).toBe('awaiting-approval');
});

test('Issue 32 item 3, Art. 14, 15: the report is not offered before a finding and the case refuses it (and before the stationing date); suggestions pick findings from a list; the report asks to confirm the end of field work', async () => {
  const id = await walkPatrol(sys, 'taiyuan', 63, 'group');
  const leader = browserOf(sys, people.groupLeader);
  // Stationed in the future: the report waits for that day.
  await step(sys, people.groupLeader, id, 'work-plan', { summary: '巡查方案', stationedOn: '2027-06-01' });
  const report = { situation: '情况', problems: '问题', opinions: [{ text: '意见', basis: '依据' }] };
  const early = await sys.call(people.groupLeader, { method: 'POST', url: `/patrols/${id}/report`, payload: report });
  expect(early.statusCode).toBe(422);
  expect(early.json<{ message: string }>().message).toContain('2027年6月1日进驻，进驻之前不能提交书面报告');

  const id2 = await walkPatrol(sys, 'taiyuan', 64, 'field-work');
  const none = await sys.call(people.groupLeader, { method: 'POST', url: `/patrols/${id2}/report`, payload: report });
  expect(none.statusCode).toBe(422);
  expect(none.json<{ message: string }>().message).toContain('尚未记录发现的问题');
  let page = await leader.get(`/workbench/cases/${id2}`);
  expect(page.body).toContain('记录至少一个发现的问题后，才能提交书面报告');
  expect(page.body).not.toContain('/steps/submitReport');
  expect(page.body).toContain('第一步：');

  for (const summary of ['虚报冒领危房改造补助', '扶贫项目资金闲置']) {
    await step(sys, people.groupLeader, id2, 'findings', { keyProblem: 1, methods: ['interview'], summary });
  }
  page = await leader.get(`/workbench/cases/${id2}`);
  const suggestion = formOf(page.body, 'sendHandlingSuggestion');
  expect(suggestion.html).toContain('问题1');
  expect(suggestion.html).toContain('虚报冒领危房改造补助');
  expect(suggestion.html).toMatch(/type="checkbox" name="findingIds" value="2"/);
  const sent = await leader.post(suggestion.action, {
    ...suggestion.values,
    _csrf: csrfOf(page.body),
    summary: '立即停止发放并追回补助',
    ...suggestionGrounds,
    findingIds: ['1', '2'] as unknown as string,
  });
  expect(sent.statusCode).toBe(303);
  const record = (await sys.call(people.office, { method: 'GET', url: `/cases/${id2}` })).json<{
    suggestions: Array<{ findingIds: number[] }>;
  }>();
  expect(record.suggestions[0]!.findingIds).toEqual([1, 2]);

  page = await leader.get(`/workbench/cases/${id2}`);
  const form = formOf(page.body, 'submitReport');
  expect(form.html).toContain('name="_confirm"');
  const fields = {
    ...form.values,
    _csrf: csrfOf(page.body),
    situation: '情况',
    problems: '问题',
    'opinions.0.text': '意见',
    'opinions.0.basis': '依据',
  };
  const unconfirmed = await leader.post(form.action, fields);
  expect(unconfirmed.statusCode).toBe(303);
  expect((await leader.get(`/workbench/cases/${id2}`)).body).toContain('请先勾选确认');
  const stage = async () =>
    (await sys.call(people.office, { method: 'GET', url: `/cases/${id2}` })).json<{ stage: string }>().stage;
  expect(await stage()).toBe('field-work');
  const confirmed = await leader.post(form.action, { ...fields, _confirm: 'yes' });
  expect(confirmed.headers.location).toBe(`/workbench/cases/${id2}?done=submitReport`);
  expect(await stage()).toBe('under-study');
});

test('Issue 32 item 1, Art. 16 (2): five 整改意见 give the unit five rows, each with its opinion; the leading group reviews five rows and sends two back, which come back to the unit as two rows with the reasons', async () => {
  const id = await walkPatrol(sys, 'taiyuan', 65, 'instructed');
  const opinions = ['建立资金台账', '追回违规资金', '问责相关人员', '完善公示制度', '开展回头看'];
  await step(sys, people.leadingGroup, id, 'feedback', { situation: '反馈', rectificationOpinions: opinions });
  const unit = browserOf(sys, people.taiyuan);
  let page = await unit.get(`/workbench/cases/${id}`);
  let form = formOf(page.body, 'submitRectificationReport');
  expect(rowTitles(form.html)).toEqual(opinions.map((o, i) => `第${'一二三四五'[i]}项整改意见：${o}`));
  expect(form.html).not.toContain('添加一项');
  expect(form.html).not.toContain('name="measures"');
  const answers = Object.fromEntries(opinions.map((o, i) => [`items.${i}.measures`, `已${o}`]));
  const reported = await unit.post(form.action, {
    ...form.values,
    _csrf: csrfOf(page.body),
    summary: '整改情况',
    ...answers,
  });
  expect(reported.headers.location).toBe(`/workbench/cases/${id}?done=submitRectificationReport`);

  const lg = browserOf(sys, people.leadingGroup);
  page = await lg.get(`/workbench/cases/${id}`);
  form = formOf(page.body, 'reviewRectification');
  const titles = rowTitles(form.html);
  expect(titles).toHaveLength(5);
  expect(titles[1]).toContain('单位报送的整改措施：已追回违规资金');
  const decisions: Record<string, string> = Object.fromEntries(
    [0, 1, 2, 3, 4].flatMap((i): Array<[string, string]> => [
      [`decisions.${i}.decision`, i === 1 || i === 3 ? 'send-back' : 'accept'],
      ...(i === 1 || i === 3 ? [[`decisions.${i}.reason`, `第${i + 1}项未到位`] as [string, string]] : []),
    ]),
  );
  const reviewed = await lg.post(form.action, { ...form.values, _csrf: csrfOf(page.body), ...decisions });
  expect(reviewed.headers.location).toBe(`/workbench/cases/${id}?done=reviewRectification`);

  page = await unit.get(`/workbench/cases/${id}`);
  form = formOf(page.body, 'submitRectificationReport');
  expect(rowTitles(form.html)).toEqual([
    '第二项整改意见：追回违规资金 （退回重新整改，理由：第2项未到位）',
    '第四项整改意见：完善公示制度 （退回重新整改，理由：第4项未到位）',
  ]);
  expect(form.values['items.0.requirement']).toBe('2');
  expect(form.values['items.1.requirement']).toBe('4');
});

test('Issue 32 item 7, Art. 12: the leading group returns the office’s draft with a reason (退回修改), the office revises it, the leading group submits it and withdraws it (撤回) before the committee decides; each an event of the case', async () => {
  // The office drafts (Art. 12 gives the proposal to the leading group).
  const drafted = await sys.call(people.office, {
    method: 'POST',
    url: '/patrols',
    payload: {
      year: 2026,
      serial: 66,
      targetUnit: 'taiyuan',
      grounds: { sources: ['public-report'], summary: '举报' },
    },
  });
  const id = drafted.json<{ caseId: string }>().caseId;
  const post = (who: (typeof people)[keyof typeof people], path: string, payload: object) =>
    sys.call(who, { method: 'POST', url: `/patrols/${id}/${path}`, payload });
  // Returned: the draft is the office's until revised; the leading group cannot submit it meanwhile.
  const lg = browserOf(sys, people.leadingGroup);
  expect((await lg.get(`/workbench/cases/${id}`)).body).toContain('/steps/returnProposal');
  expect((await post(people.leadingGroup, 'proposal/return', { reason: ' ' })).statusCode).toBe(422);
  expect((await post(people.office, 'proposal/return', { reason: '依据不足' })).statusCode).toBe(403);
  const returned = await press(lg, id, 'returnProposal', { reason: '依据不足，请补充群众举报的核实情况' });
  expect(returned.headers.location).toBe(`/workbench/cases/${id}?done=returnProposal`);
  expect((await post(people.leadingGroup, 'proposal', {})).statusCode).toBe(409);
  const office = browserOf(sys, people.office);
  const officePage = await office.get(`/workbench/cases/${id}`);
  expect(officePage.body).toContain('按领导小组退回意见修改巡查请示代拟稿');
  expect(officePage.body).toContain('依据不足，请补充群众举报的核实情况');
  await press(office, id, 'reviseProposal', { summary: '经核实，群众反映的危房改造问题属实' });
  expect((await post(people.office, 'proposal/revision', { summary: '再改' })).statusCode).toBe(409);
  // Submitted, then withdrawn before the committee acts: a draft again, and the committee no longer asked.
  expect((await post(people.leadingGroup, 'proposal', {})).statusCode).toBe(200);
  const withdrawn = await post(people.leadingGroup, 'proposal/withdrawal', { reason: '需补充材料' });
  expect(withdrawn.statusCode).toBe(200);
  const r = withdrawn.json<{
    stage: string;
    grounds: { summary: string };
    awaiting: Array<{ role: string }>;
    events: Array<{ action: string }>;
  }>();
  expect(r.stage).toBe('drafted');
  expect(r.grounds.summary).toBe('经核实，群众反映的危房改造问题属实');
  expect(r.awaiting.map((a) => a.role)).toEqual(['leading-group']);
  expect(r.events.map((e) => e.action)).toEqual(
    expect.arrayContaining(['draft-returned', 'draft-revised', 'proposed', 'proposal-withdrawn']),
  );
  // Once the committee has decided, there is nothing to withdraw.
  await post(people.leadingGroup, 'proposal', {});
  expect((await post(people.committee, 'approval', { decision: 'approve' })).statusCode).toBe(200);
  expect((await post(people.leadingGroup, 'proposal/withdrawal', { reason: '晚了' })).statusCode).toBe(409);
});

test('Issue 32 item 7, Art. 15 (3): the group withdraws its report (撤回) until the leading group acts on it; then it cannot', async () => {
  const id = await walkPatrol(sys, 'taiyuan', 67, 'reported');
  const leader = browserOf(sys, people.groupLeader);
  expect((await leader.get(`/workbench/cases/${id}`)).body).toContain('/steps/withdrawReport');
  const withdrawn = await press(leader, id, 'withdrawReport', { reason: '补充一个问题' });
  expect(withdrawn.headers.location).toBe(`/workbench/cases/${id}?done=withdrawReport`);
  const r = (await sys.call(people.office, { method: 'GET', url: `/cases/${id}` })).json<{
    stage: string;
    report?: unknown;
  }>();
  expect([r.stage, r.report]).toEqual(['field-work', undefined]);
  await step(sys, people.groupLeader, id, 'report', {
    situation: '情况',
    problems: '问题',
    opinions: [{ text: '意见', basis: '依据' }],
  });
  await step(sys, people.leadingGroup, id, 'request-for-instructions', { summary: '请示' });
  const late = await sys.call(people.groupLeader, {
    method: 'POST',
    url: `/patrols/${id}/report/withdrawal`,
    payload: { reason: '晚了' },
  });
  expect(late.statusCode).toBe(409);
});

test('Issue 32 item 6, Art. 13: the group is decided on unit codes and the registry’s hierarchy: nobody from the county, its city, or a unit typed by name', async () => {
  const id = await walkPatrol(sys, 'taiyuan-loufan', 68, 'approved');
  const form = (unit: string) => ({
    group: {
      ...group,
      members: [
        { name: '周敏', unit: 'dept-agriculture' },
        { name: '吴磊', unit },
      ],
    },
  });
  const post = (body: object) =>
    sys.call(people.office, { method: 'POST', url: `/patrols/${id}/group`, payload: body });
  const refusal = async (body: object) => {
    const res = await post(body);
    return [res.statusCode, res.json<{ message: string }>().message];
  };
  expect(await refusal(form('taiyuan'))).toEqual([
    422,
    '吴磊所在单位与被检查单位娄烦县有上下级隶属关系，须回避（第十三条）',
  ]);
  expect(await refusal(form('太原市财政局'))).toEqual([422, '请从单位名录中选择吴磊的所在单位']);
  expect((await post(form('datong'))).statusCode).toBe(200);
  // The workbench offers the registry's units to pick, not a text to type.
  const page = await browserOf(sys, people.office).get(
    `/workbench/cases/${await walkPatrol(sys, 'taiyuan', 69, 'approved')}`,
  );
  expect(formOf(page.body, 'formGroup').html).toMatch(/<select[^>]*name="group\.members\.0\.unit"/);
});

test('Issue 32 item 8: where a unit has two people, an item is signed for (签收) before it is taken, by the API and the page; the handler is picked from the unit’s people and the item is in that person’s own queue', async () => {
  const id = await walkPatrol(sys, 'taiyuan', 70, 'feedback');
  const lina = browserOn(sys.app);
  const wang = browserOn(sys.app);
  await signInLocally(lina, { name: '李娜', role: 'unit', unit: 'taiyuan' });
  await signInLocally(wang, { name: '王强', role: 'unit', unit: 'taiyuan' });
  const wangId = 'local:unit:taiyuan:王强';
  // The unit's people, to its own people and the office; another unit hears of no such unit.
  const people_ = await sys.call(people.taiyuan, { method: 'GET', url: '/units/taiyuan/people' });
  expect(people_.json<{ people: Array<{ id: string; name: string }> }>().people).toEqual(
    expect.arrayContaining([
      { id: 'local:unit:taiyuan:李娜', name: '李娜' },
      { id: wangId, name: '王强' },
    ]),
  );
  expect((await sys.call(people.datong, { method: 'GET', url: '/units/taiyuan/people' })).statusCode).toBe(404);
  // Not signed for: the API refuses the report, and the page offers 签收 first, with the unit's people to pick.
  const report = { summary: '整改情况', items: [{ requirement: 1, measures: '已整改' }] };
  const early = await sys.call(people.taiyuan, {
    method: 'POST',
    url: `/patrols/${id}/rectification-report`,
    payload: report,
  });
  expect([early.statusCode, early.json<{ message: string }>().message]).toEqual([
    409,
    expect.stringContaining('请先签收') as string,
  ]);
  let page = await lina.get(`/workbench/cases/${id}`);
  expect(page.body).toContain('本单位有多名工作人员：请先签收');
  expect(page.body).not.toContain('/steps/submitRectificationReport');
  const assign = formOf(page.body, 'assignItem');
  expect(assign.html).toMatch(new RegExp(`name="handlerId" value="${wangId}"[^>]*/>王强`));
  const signed = await lina.post(assign.action, { ...assign.values, _csrf: csrfOf(page.body), handlerId: wangId });
  expect(signed.statusCode).toBe(303);
  // In 王强's own queue; and the report is now taken.
  const tasks = (await wang.get('/workbench/')).body;
  expect(tasks).toContain('承办人：王强');
  const mine = await sys.call(people.taiyuan, { method: 'GET', url: '/my/tasks' });
  const task = mine
    .json<{ tasks: Array<{ caseId: string; handler?: string; handlerId?: string }> }>()
    .tasks.find((t) => t.caseId === id);
  expect(task).toMatchObject({ handler: '王强', handlerId: wangId });
  page = await wang.get(`/workbench/cases/${id}`);
  expect(page.body).toContain('/steps/submitRectificationReport');
  const accepted = await sys.call(people.taiyuan, {
    method: 'POST',
    url: `/patrols/${id}/rectification-report`,
    payload: report,
  });
  expect(accepted.statusCode).toBe(200);
});

test('Issue 32: the case list filtered to patrols offers the patrol’s stages only; the office is not offered a review with nothing reported', async () => {
  const office = browserOf(sys, people.office);
  const list = await office.get('/workbench/cases?kind=patrol');
  const stageSelect = /<select id="filter-stage"[\s\S]*?<\/select>/.exec(list.body)![0];
  expect(stageSelect).toContain('实地巡查');
  expect(stageSelect).not.toContain('督查结果运用');
  const all = /<select id="filter-stage"[\s\S]*?<\/select>/.exec((await office.get('/workbench/cases')).body)![0];
  expect(all).toContain('督查结果运用');
  const id = await walkPatrol(sys, 'changzhi', 71, 'feedback');
  expect((await office.get(`/workbench/cases/${id}`)).body).not.toContain('/steps/reviewRectification');
  expect((await browserOf(sys, people.leadingGroup).get(`/workbench/cases/${id}`)).body).toContain(
    '/steps/reviewRectification',
  );
});
