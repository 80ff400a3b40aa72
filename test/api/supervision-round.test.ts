import { recordHistory } from '../helpers/histories';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { RoundProgress } from '../../workflows/supervision-round/contract';
import type { SupervisionCaseRecord } from '../../workflows/supervision/contract';
import type { AnnualPlanRecord } from '../../workflows/supervision-plan/contract';
import type { CaseClaims } from '../../lib/infra/tokens';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';
import JSZip from 'jszip';

/** The text of a .docx (the runs of word/document.xml). */
const docxText = async (bytes: Buffer) =>
  [
    ...(await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string')).matchAll(
      /<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g,
    ),
  ]
    .map((m) => m[1])
    .join('');

const cities = [
  'changzhi',
  'datong',
  'jincheng',
  'jinzhong',
  'linfen',
  'lvliang',
  'shuozhou',
  'taiyuan',
  'xinzhou',
  'yangquan',
  'yuncheng',
];

/**
 * The annual plan and its comprehensive round (Art. 5, 6, 8, 11) on a real dev server, through HTTP: the plan is
 * approved, the round is a Temporal Schedule, the round starts one child case per city with cross inspection, and
 * the reports go up the chain as the cases progress.
 */
describe('Chapter 2: the annual plan, the comprehensive round of the 11 cities with cross inspection, and its reports', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem();
  });
  afterAll(async () => sys?.close());

  const progress = async () => {
    const res = await sys.call(people.leadingGroup, { method: 'GET', url: '/supervision-rounds/2026' });
    return res.statusCode === 200 ? res.json<RoundProgress>() : undefined;
  };
  const act = async (who: CaseClaims, caseId: string, path: string, body: object, expected = 200) => {
    const res = await sys.call(who, { method: 'POST', url: `/supervisions/${caseId}/${path}`, payload: body });
    expect([caseId, path, res.statusCode, res.statusCode === expected ? '' : res.body]).toEqual([
      caseId,
      path,
      expected,
      '',
    ]);
    return res.json<SupervisionCaseRecord>();
  };

  let adjusted: { target: string; inspector: string };

  test("Art. 6, 8: the office drafts the year's plan; only the leading group approves it; approval puts the round on a Schedule", async () => {
    const draft = await sys.call(people.office, {
      method: 'POST',
      url: '/supervision-plans',
      payload: {
        year: 2026,
        month: 12,
        crossInspection: true,
        specialTopics: [{ topic: '易地扶贫搬迁', units: ['lvliang-linxian'], month: 6 }],
      },
    });
    expect(draft.statusCode).toBe(201);
    const plan = draft.json<AnnualPlanRecord>();
    expect(plan.stage).toBe('awaiting-approval');
    expect([...plan.units].sort()).toEqual(cities); // default: every city of the registry
    expect(
      (
        await sys.call(people.office, {
          method: 'POST',
          url: '/supervision-plans',
          payload: { year: 2026, month: 3, crossInspection: false, specialTopics: [] },
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await sys.call(people.committee, {
          method: 'POST',
          url: '/supervision-plans/2026/approval',
          payload: { decision: 'approve' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await sys.call(people.leadingGroup, { method: 'POST', url: '/supervision-plans/2026/round' })).statusCode,
    ).toBe(409);

    // Art. 5: the formula proposes the pairs with the draft; the leading group changes two, each with a reason, and the
    // rules are checked again (a change that makes a city inspect itself is refused and changes nothing).
    const pairs = plan.crossPairs!;
    expect(pairs.map((p) => p.target).sort()).toEqual(cities);
    const [a, b] = pairs.flatMap((p) =>
      pairs.filter((q) => q !== p && p.target !== q.inspector && q.target !== p.inspector).map((q) => [p, q] as const),
    )[0]!;
    // Issue 14: the plan as the leading group's report to the committee; a draft until approved.
    const planDraft = await sys.call(people.office, {
      method: 'GET',
      url: '/supervision-plans/2026/document?format=html',
    });
    expect(planDraft.body).toContain('<h1>关于2026年度全省脱贫攻坚督查计划的报告</h1>');
    expect(planDraft.body).toContain('征求意见稿（未签发）');
    expect(
      (await sys.call(people.taiyuan, { method: 'GET', url: '/supervision-plans/2026/document' })).statusCode,
    ).toBe(403);
    const selfInspection = await sys.call(people.leadingGroup, {
      method: 'POST',
      url: '/supervision-plans/2026/approval',
      payload: { decision: 'approve', crossAdjustments: [{ target: a.target, inspector: a.target, reason: '试' }] },
    });
    expect(selfInspection.statusCode).toBe(422);
    const approved = await sys.call(people.leadingGroup, {
      method: 'POST',
      url: '/supervision-plans/2026/approval',
      payload: {
        decision: 'approve',
        crossAdjustments: [
          { target: a.target, inspector: b.inspector, reason: '回避：督查组长曾在该市任职' },
          { target: b.target, inspector: a.inspector, reason: '对调' },
        ],
      },
    });
    expect(approved.statusCode).toBe(200);
    adjusted = { target: a.target, inspector: b.inspector };
    expect(approved.json<AnnualPlanRecord>().crossPairs).toContainEqual({
      ...adjusted,
      reason: '回避：督查组长曾在该市任职',
    });
    expect(approved.json<AnnualPlanRecord>()).toMatchObject({
      stage: 'scheduled',
      schedule: {
        scheduleId: 'supervision-round-2026',
        firesAt: '2026-12-01T01:00:00.000Z',
        roundId: 'supervision-round-2026',
      },
    });
    const schedule = await sys.env.client.schedule.getHandle('supervision-round-2026').describe();
    expect(schedule.spec.calendars?.[0]).toMatchObject({
      year: [{ start: 2026, end: 2026, step: 1 }],
      month: [{ start: 'DECEMBER', end: 'DECEMBER', step: 1 }],
    });
    expect(schedule.spec.timezone).toBe('Asia/Shanghai');
    expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'supervisionRound' });
    // Issue 30 item 8: numbered by the plan's store write after the approval, a moment after the answer; never by a read.
    const planDoc = await eventually(async () => {
      const res = await sys.call(people.committee, { method: 'GET', url: '/supervision-plans/2026/document' });
      return res.headers['x-document-number'] === 'awaiting' ? undefined : docxText(res.rawPayload);
    });
    expect(planDoc).toContain('关于2026年度全省脱贫攻坚督查计划的报告');
    expect(planDoc).toMatch(/晋脱贫报〔2026〕\d+号/);
    expect(planDoc).not.toContain('征求意见稿');
    expect(planDoc).toContain('回避：督查组长曾在该市任职'); // the pairs' table keeps the leading group's reasons
    expect(planDoc).toContain('易地扶贫搬迁（6月，临县）');
  });

  test('Art. 5, 8: started now, the round has one child case per city, each inspected by another city', async () => {
    const started = await sys.call(people.leadingGroup, { method: 'POST', url: '/supervision-plans/2026/round' });
    expect(started.statusCode).toBe(202);
    const p = await eventually(async () => {
      const x = await progress();
      return x && x.cases.length === 11 ? x : undefined;
    }, 20_000);
    expect(p.status).toBe('field-work');
    expect(p.byStage).toEqual({ 'forming-group': 11 });
    expect(p.assignments.map((a) => a.target).sort()).toEqual(cities);
    expect(p.assignments.every((a) => a.inspector !== a.target)).toBe(true);
    expect(new Set(p.assignments.map((a) => a.inspector)).size).toBe(11);
    // The round took the pairs the leading group approved.
    expect(p.assignments).toContainEqual(adjusted);
    const taiyuan = (
      await sys.call(people.office, { method: 'GET', url: '/cases/supervision-2026-taiyuan-0001' })
    ).json<SupervisionCaseRecord>();
    expect(taiyuan).toMatchObject({
      type: 'comprehensive',
      stage: 'forming-group',
      approval: { withPlan: 'supervision-plan-2026' },
    });
    expect(taiyuan.round?.inspectingCity?.code).toBe(p.assignments.find((a) => a.target === 'taiyuan')?.inspector);
  });

  test('Art. 8 (once a year): started by hand, the Schedule is paused so that its month does not start it again; a second start is 409 with the round', async () => {
    const schedule = await sys.env.client.schedule.getHandle('supervision-round-2026').describe();
    expect(schedule.state.paused).toBe(true);
    expect(schedule.state.note).toMatch(/由省脱贫攻坚领导小组手动启动，计划月份不再启动/);
    const again = await sys.call(people.office, { method: 'POST', url: '/supervision-plans/2026/round' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'RoundAlreadyStarted', message: '2026年度综合督查已经启动' });
    expect(again.headers.location).toMatch(/\/supervision-rounds\/2026$/);
  });

  test('Art. 5, 7: under cross inspection the group is led from the inspecting city, its members from member units or the inspecting city, never the inspected one', async () => {
    const record = (
      await sys.call(people.office, { method: 'GET', url: '/cases/supervision-2026-datong-0001' })
    ).json<SupervisionCaseRecord>();
    const inspector = record.round!.inspectingCity!.code;
    const other = cities.find((c) => c !== inspector && c !== 'datong')!;
    const group = (leaderUnit: string, memberUnit = 'dept-audit') => ({
      group: {
        id: 'xg-datong',
        leader: { name: '组长', rank: 'department', unit: leaderUnit },
        members: [{ name: '成员', unit: memberUnit }],
      },
    });
    await act(people.office, 'supervision-2026-datong-0001', 'group', group(other), 422);
    // Art. 5, 7: a member from another city's county, or from no unit of the leading group, is refused; and nobody
    // from the inspected city (回避).
    await act(people.office, 'supervision-2026-datong-0001', 'group', group(inspector, 'datong'), 422);
    for (const outsider of [other, 'taiyuan-loufan', '某某科技有限公司']) {
      const res = await sys.call(people.office, {
        method: 'POST',
        url: '/supervisions/supervision-2026-datong-0001/group',
        payload: group(inspector, outsider),
      });
      expect([outsider, res.statusCode, res.json<{ message: string }>().message]).toEqual([
        outsider,
        422,
        expect.stringContaining('成员单位'),
      ]);
    }
    // Issue 34: the inspecting city's own officials serve in its group, beside members from member units.
    const formed = await act(people.office, 'supervision-2026-datong-0001', 'group', {
      group: {
        id: 'xg-datong',
        leader: { name: '组长', rank: 'department', unit: inspector },
        members: [
          { name: '成员甲', unit: inspector },
          { name: '成员乙', unit: 'dept-audit' },
        ],
      },
    });
    expect(formed.group?.members.map((m) => m.unit)).toEqual([inspector, 'dept-audit']);
  });

  test('Art. 10, 11: every case is walked to its results; the consolidated report is drafted, edited and signed by the leading group, then goes to the committee', async () => {
    // Art. 5: one finding rests on a third-party assessment of the register; the report counts it.
    const assessment = await sys.call(people.office, {
      method: 'POST',
      url: '/assessments',
      payload: { year: 2026, assessor: '第三方评估机构', unitCodes: ['datong'], summary: '精准识别评估' },
    });
    expect(assessment.statusCode).toBe(201);
    for (const city of cities) {
      const caseId = `supervision-2026-${city}-0001`;
      const record = (
        await sys.call(people.office, { method: 'GET', url: `/cases/${caseId}` })
      ).json<SupervisionCaseRecord>();
      const inspector = record.round!.inspectingCity!.code;
      const leader = { sub: `gl-${city}`, role: 'group-leader' as const, group: `xg-${city}` };
      if (record.stage === 'forming-group') {
        await act(people.office, caseId, 'group', {
          group: {
            id: `xg-${city}`,
            leader: { name: '组长', rank: 'department', unit: inspector },
            members: [{ name: '成员', unit: 'dept-finance' }],
          },
        });
      }
      await act(leader, caseId, 'work-plan', { summary: '实施方案' });
      await act(leader, caseId, 'findings', {
        keyContent: city === 'taiyuan' ? 1 : 4,
        methods: ['document-review'],
        summary: `${city} 发现`,
        ...(city === 'datong' ? { assessmentId: assessment.json<{ id: string }>().id } : {}),
      });
      await act(leader, caseId, 'report', {
        situation: '情况',
        problems: '问题',
        opinions: '意见',
        suggestions: '建议',
      });
      if (city === 'taiyuan') await act(people.leadingGroup, caseId, 'commendation', { citation: '目标责任落实到位' });
      const requirements = ['datong', 'linfen'].includes(city) ? ['精准识别问题整改'] : [];
      await act(people.leadingGroup, caseId, 'results', {
        summary: '督查结果',
        rectificationRequirements: requirements,
      });
    }
    const p = await eventually(async () => {
      const x = await progress();
      return x?.reports.some((r) => r.kind === 'consolidated') ? x : undefined;
    }, 20_000);
    expect(p.byStage).toEqual({ closed: 9, rectification: 2 });
    // Drafted by the system, not yet sent: the leading group is asked to review and sign it; the committee cannot
    // read it yet, and has been told nothing.
    expect(p.reports).toEqual([
      expect.objectContaining({ kind: 'consolidated', status: 'awaiting-signature', to: 'committee' }),
    ]);
    expect(p.notifications.some((n) => n.to.role === 'leading-group' && n.subject.startsWith('【待审签】'))).toBe(true);
    expect(p.notifications.some((n) => n.to.role === 'committee')).toBe(false);
    const url = '/reports/supervision-round-2026/consolidated';
    expect((await sys.call(people.committee, { method: 'GET', url })).statusCode).toBe(404);
    const draft = await sys.call(people.leadingGroup, { method: 'GET', url });
    expect([draft.statusCode, draft.headers['x-report-status']]).toEqual([200, 'awaiting-signature']);
    // As an official document, a draft says so and has no number yet (issue 14).
    const draftDocx = await docxText(
      (await sys.call(people.office, { method: 'GET', url: `${url}?format=docx` })).rawPayload,
    );
    expect(draftDocx).toContain('征求意见稿（未签发）');
    expect(draftDocx).not.toContain('晋脱贫报'); // numbered once signed
    expect((await sys.call(people.committee, { method: 'GET', url: `${url}?format=docx` })).statusCode).toBe(404);
    const signature = '/supervision-rounds/2026/reports/consolidated/signature';
    // Only the leading group signs; a report not yet drafted cannot be signed.
    expect((await sys.call(people.office, { method: 'POST', url: signature, payload: {} })).statusCode).toBe(403);
    expect(
      (
        await sys.call(people.leadingGroup, {
          method: 'POST',
          url: '/supervision-rounds/2026/reports/national/signature',
          payload: {},
        })
      ).statusCode,
    ).toBe(404);
    // The leading group edits the draft and signs it: the edit is recorded (both texts kept, both hashes on the round).
    const edited = `${draft.body}\n领导小组审签补充：请各市举一反三。\n`;
    const signed = await sys.call(people.leadingGroup, {
      method: 'POST',
      url: signature,
      payload: { text: edited, note: '同意报送' },
    });
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({
      status: 'signed',
      signed: { edited: true, note: '同意报送', by: { role: 'leading-group' } },
    });
    expect((await sys.call(people.leadingGroup, { method: 'POST', url: signature, payload: {} })).statusCode).toBe(409);
    const sent = await eventually(async () => {
      const x = await progress();
      return x?.status === 'rectification' ? x : undefined;
    }, 20_000);
    expect(sent.notifications.some((n) => n.to.role === 'committee' && n.subject.includes('综合督查情况的报告'))).toBe(
      true,
    );
    const asDrafted = await sys.call(people.office, { method: 'GET', url: `${url}?version=draft` });
    expect(asDrafted.body).toBe(draft.body);

    const res = await sys.call(people.committee, {
      method: 'GET',
      url: '/reports/supervision-round-2026/consolidated',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/markdown');
    const md = res.body;
    expect(md).toContain('# 关于2026年度全省脱贫攻坚综合督查情况的报告');
    expect(md).toContain('领导小组审签补充：请各市举一反三。');
    expect(md).toContain('报送：省委、省政府');
    for (const name of [
      '太原市',
      '大同市',
      '阳泉市',
      '长治市',
      '晋城市',
      '朔州市',
      '晋中市',
      '运城市',
      '忻州市',
      '临汾市',
      '吕梁市',
    ])
      expect(md).toContain(`| ${name} |`);
    expect(md).toMatch(/\| （一）脱贫攻坚目标责任落实情况 \|( \d+ \|){11} 1 \|/);
    expect(md).toMatch(/\| （四）精准识别、精准帮扶、精准退出情况 \|( \d+ \|){11} 10 \|/);
    expect(md).toContain('其中运用第三方评估成果（第五条）的发现1个。');
    expect(md).toContain('## 三、通报表扬\n\n- 太原市');
    expect(md).toContain('- **大同市**：1. 精准识别问题整改');
    expect(
      (await sys.call(people.taiyuan, { method: 'GET', url: '/reports/supervision-round-2026/consolidated' }))
        .statusCode,
    ).toBe(403);
    // The signed report as an official document to the committee: numbered, signed, tables kept, no Markdown marks.
    const docx = await sys.call(people.committee, { method: 'GET', url: `${url}?format=docx` });
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    const text = await docxText(docx.rawPayload);
    expect(text).toContain('关于2026年度全省脱贫攻坚综合督查情况的报告');
    expect(text).toContain('省委、省政府：');
    expect(text).toMatch(/晋脱贫报〔2026〕\d+号/);
    expect(text).toContain('一、督查对象');
    expect(text).toContain('领导小组审签补充：请各市举一反三。');
    expect(text).not.toMatch(/\*\*|\|/);
    const page = await sys.call(people.committee, { method: 'GET', url: `${url}?format=html` });
    expect(page.body).toContain('<th>被督查单位</th>');
    const listed = await sys.call(people.committee, { method: 'GET', url: '/supervision-rounds/2026/documents' });
    expect(listed.json()).toEqual([
      expect.objectContaining({ id: 'consolidated', status: 'signed', href: `${url}?format=docx` }),
    ]);
  });

  test("Art. 11 (3): when rectification is in before the policy's date, the rectification report to the committee; the year's report to the national leading group is drafted once for the year", async () => {
    for (const city of ['datong', 'linfen']) {
      const u = { sub: `unit-${city}`, role: 'unit' as const, unit: city };
      const caseId = `supervision-2026-${city}-0001`;
      const requirements = (await sys.call(people.office, { method: 'GET', url: `/cases/${caseId}` })).json<{
        results: { rectificationRequirements: string[] };
      }>().results.rectificationRequirements;
      const items = requirements.map((_, i) => ({ requirement: i + 1, measures: '重新核查建档立卡户' }));
      await act(u, caseId, 'rectification-report', { summary: '已整改', items });
      if (city === 'datong') {
        // Art. 11 (2): Datong's answer is sent back once; it reports again on it.
        await act(people.leadingGroup, caseId, 'rectification-review', {
          decisions: [{ requirement: 1, decision: 'send-back', reason: '核查名单未附' }],
        });
        await act(u, caseId, 'rectification-report', {
          summary: '补报',
          items: [{ requirement: 1, measures: '已附核查名单' }],
        });
      }
      // The leading group accepts each requirement (the case closes then).
      const decisions = items.map((i) => ({ requirement: i.requirement, decision: 'accept' }));
      await act(people.leadingGroup, caseId, 'rectification-review', { decisions });
    }
    // The report up waits for the leading group's signature; signed as drafted here.
    await eventually(async () => {
      const x = await progress();
      return x?.reports.find((r) => r.kind === 'rectification')?.status === 'awaiting-signature' ? x : undefined;
    }, 20_000);
    const signed = await sys.call(people.leadingGroup, {
      method: 'POST',
      url: '/supervision-rounds/2026/reports/rectification/signature',
      payload: {},
    });
    expect([signed.statusCode, signed.json<{ signed?: { edited: boolean } }>().signed?.edited]).toEqual([200, false]);
    const p = await eventually(async () => {
      const x = await progress();
      return x?.status === 'closed' ? x : undefined;
    }, 20_000);
    // Every unit finished before the policy's date: no supplement, and no report of the round's own to the national group.
    expect(p.reports.map((r) => [r.kind, r.status])).toEqual([
      ['consolidated', 'signed'],
      ['rectification', 'signed'],
    ]);
    expect(p.rectificationReportDue?.label).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日前$/);
    const rect = (
      await sys.call(people.committee, { method: 'GET', url: '/reports/supervision-round-2026/rectification' })
    ).body;
    expect(rect).toContain('应反馈整改情况2个单位，已反馈2个，其中逾期反馈0个');
    expect(rect).toContain('经领导小组逐项审核，退回重新整改1项（大同市1项）');
    expect(rect).not.toContain('尚未整改到位的单位');
    // Issue 34: the year's report to the national leading group is the year's (test/workflows/timely-reports.test.ts).
    if (process.env.RECORD_HISTORIES) {
      const save = async (id: string, file: string) =>
        recordHistory(file, historyToJSON(await sys.env.client.workflow.getHandle(id).fetchHistory()));
      await save(p.workflowId, 'supervision-round.json');
      await save('supervision-plan-2026', 'supervision-plan.json');
      await save('supervision-2026-datong-0001', 'supervision-round-case.json');
    }
  });

  test('Art. 8 ("一般每年1次"), Art. 2: the leading group decides a further round this year, with its reason, on units chosen from the registry', async () => {
    const further = (who: CaseClaims, body: object, year = 2026) =>
      sys.call(who, { method: 'POST', url: `/supervision-plans/${year}/rounds`, payload: body });
    const body = {
      reason: '年中发现易地搬迁资金问题集中，需再开展一轮综合督查',
      scope: ['department'],
      crossInspection: false,
    };
    for (const who of [people.office, people.committee, people.taiyuan])
      expect((await further(who, body)).statusCode).toBe(403);
    expect((await further(people.leadingGroup, { ...body, reason: ' ' })).statusCode).toBe(422);
    expect((await further(people.leadingGroup, { reason: '再督查', crossInspection: false })).statusCode).toBe(422);
    expect((await further(people.leadingGroup, { ...body, units: ['atlantis'] })).statusCode).toBe(422);
    expect((await further(people.leadingGroup, body, 2031)).statusCode).toBe(409); // no approved plan that year
    const res = await further(people.leadingGroup, body);
    expect([res.statusCode, res.statusCode === 201 ? '' : res.body]).toEqual([201, '']);
    expect(res.json()).toEqual({ roundId: 'supervision-round-2026-2', n: 2, progress: '/supervision-rounds/2026-2' });
    const second = await eventually(async () => {
      const r = await sys.call(people.committee, { method: 'GET', url: '/supervision-rounds/2026-2' });
      const x = r.statusCode === 200 ? r.json<RoundProgress>() : undefined;
      return x?.cases.length === 11 ? x : undefined;
    }, 20_000);
    // Every provincial department of the registry, its cases numbered for the round (9002), the reason kept.
    expect(second).toMatchObject({
      roundId: 'supervision-round-2026-2',
      n: 2,
      reason: body.reason,
      status: 'field-work',
    });
    expect(second.decidedBy).toMatchObject({ role: 'leading-group' });
    expect(second.cases.every((c) => c.unit.code.startsWith('dept-') && c.caseId.endsWith('-9002'))).toBe(true);
    // The year's first round is still read as it was.
    const first = (
      await sys.call(people.committee, { method: 'GET', url: '/supervision-rounds/2026' })
    ).json<RoundProgress>();
    expect(first).toMatchObject({ roundId: 'supervision-round-2026', status: 'closed' });
    expect(first.cases.every((c) => c.caseId.endsWith('-0001'))).toBe(true);
    // A third is round 3; the round the URL does not name does not exist.
    expect((await sys.call(people.office, { method: 'GET', url: '/supervision-rounds/2026-7' })).statusCode).toBe(404);
    expect((await sys.call(people.office, { method: 'GET', url: '/supervision-rounds/2026-1' })).statusCode).toBe(400);
    if (process.env.RECORD_HISTORIES) {
      const history = await sys.env.client.workflow.getHandle('supervision-round-2026-2').fetchHistory();
      recordHistory('supervision-round-further.json', historyToJSON(history));
    }
  });
});
