import type { RoundInput, RoundProgress } from '../../workflows/supervision-round/contract';
import type { YearlyReport } from '../../workflows/patrol-rectification-report/contract';
import type { CaseClaims } from '../../lib/infra/tokens';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';

/**
 * Issue 34 item 4, timely reporting, on a real (time-skipping) Temporal server through the API: the round's
 * rectification report goes up at the date the policy sets, not when the slowest unit finishes, with a supplement when
 * the rest are done; the year's patrol aggregate is drafted again until it is signed.
 */
describe('Issue 34 item 4: reports go up when the measures say', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem({ timeSkipping: true });
  });
  afterAll(async () => sys?.close());

  const day = 24 * 3_600_000;
  const call = async (who: CaseClaims, method: 'GET' | 'POST', url: string, payload?: object, expected = 200) => {
    const res = await sys.call(who, { method, url, ...(payload ? { payload } : {}) });
    expect([url, res.statusCode, res.statusCode === expected ? '' : res.body]).toEqual([url, expected, '']);
    return res;
  };
  const progress = async () => {
    const res = await sys.call(people.leadingGroup, { method: 'GET', url: '/supervision-rounds/2032' });
    return res.statusCode === 200 ? res.json<RoundProgress>() : undefined;
  };
  const drafted = (kind: string) =>
    eventually(async () => {
      const r = await progress();
      return r?.reports.find((x) => x.kind === kind)?.status === 'awaiting-signature' ? r : undefined;
    }, 30_000);
  const draftText = async (kind: string) =>
    (await call(people.leadingGroup, 'GET', `/reports/supervision-round-2032/${kind}?version=draft`)).body;
  const sign = (kind: string) =>
    call(people.leadingGroup, 'POST', `/supervision-rounds/2032/reports/${kind}/signature`, {});

  /** A case of the round walked to its results by the office, its group and the leading group. */
  const walkToResults = async (city: string, requirements: string[]) => {
    const caseId = `supervision-2032-${city}-0001`;
    const group = `sg-2032-${city}`;
    const leader = { sub: `gl-${city}`, role: 'group-leader' as const, group, name: '组长 刘强' };
    const step = (who: CaseClaims, path: string, body: object) =>
      call(who, 'POST', `/supervisions/${caseId}/${path}`, body);
    await eventually(async () =>
      (await sys.call(people.office, { method: 'GET', url: `/cases/${caseId}` })).statusCode === 200 ? true : undefined,
    );
    await step(people.office, 'group', {
      group: {
        id: group,
        leader: { name: '刘强', rank: 'department', unit: 'dept-poverty-alleviation' },
        members: [{ name: '赵敏', unit: 'dept-finance' }],
      },
    });
    await step(leader, 'work-plan', { summary: '实施方案' });
    await step(leader, 'report', { situation: '情况', problems: '问题', opinions: '意见', suggestions: '建议' });
    await step(people.leadingGroup, 'results', { summary: '督查结果', rectificationRequirements: requirements });
    return caseId;
  };

  test('Art. 11 (3): the rectification report goes up at the policy date with the units still rectifying as 尚未整改到位, and a supplement (补充报告) when they finish', async () => {
    // The round as the plan's Schedule starts it (the time-skipping server has no Schedules): two cities.
    const input: RoundInput = {
      year: 2032,
      units: ['taiyuan', 'datong'],
      crossInspection: false,
      plan: 'supervision-plan-2032',
      approvedBy: { id: 'lg-1', role: 'leading-group', name: '领导小组 赵强' },
      approvedAt: new Date(await sys.env.currentTimeMs()).toISOString(),
    };
    await sys.env.client.workflow.start('supervisionRound', {
      workflowId: 'supervision-round-2032',
      taskQueue: sys.taskQueue,
      args: [input],
    });
    await eventually(async () => ((await progress())?.status === 'field-work' ? true : undefined), 30_000);

    // Taiyuan has nothing to rectify (it closes with its results); Datong has one requirement and is slow.
    await walkToResults('taiyuan', []);
    const datong = await walkToResults('datong', ['重新核查建档立卡户']);
    await drafted('consolidated');
    await sign('consolidated');

    // The date the policy sets (the units' own rectification term, 30 calendar days by default) from the feedback.
    const due = await eventually(async () => (await progress())?.rectificationReportDue, 30_000);
    expect(due.label).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日前$/);
    const dueAt = Date.parse(due.dueAt);
    expect(dueAt - (await sys.env.currentTimeMs())).toBeGreaterThan(28 * day);
    // Nothing goes up before the date while Datong is still rectifying.
    await sys.advanceTo(dueAt - day);
    expect((await progress())!.reports.map((r) => r.kind)).toEqual(['consolidated']);

    // At the date, the report goes up without Datong: it names Datong as 尚未整改到位 and promises a supplement.
    await sys.advanceTo(dueAt + 3_600_000);
    const atDate = await drafted('rectification');
    expect(atDate.status).toBe('rectification');
    const report = await draftText('rectification');
    expect(report).toContain('尚未整改到位的单位');
    expect(report).toMatch(/大同市等1个单位尚未整改到位.*整改到位后另行补充报告/);
    expect(report).not.toMatch(/太原市等/);
    expect(report).not.toMatch(/POST |\/supervision-rounds\//);
    expect(atDate.notifications.find((n) => n.notificationId.endsWith('report-rectification:draft'))).toBeDefined();
    await sign('rectification');
    await eventually(async () =>
      (await progress())?.notifications.some((n) => n.notificationId.endsWith(':report-rectification'))
        ? true
        : undefined,
    );

    // Datong reports and the leading group accepts: the supplement follows, and then the round closes.
    const items = [{ requirement: 1, measures: '已重新核查，名单附后' }];
    await call(
      { sub: 'unit-datong', role: 'unit', unit: 'datong' },
      'POST',
      `/supervisions/${datong}/rectification-report`,
      {
        summary: '已整改',
        items,
      },
    );
    await call(people.leadingGroup, 'POST', `/supervisions/${datong}/rectification-review`, {
      decisions: [{ requirement: 1, decision: 'accept' }],
    });
    const supplementDrafted = await drafted('supplement');
    expect(supplementDrafted.reports.find((r) => r.kind === 'supplement')!.title).toBe(
      '关于2032年度全省脱贫攻坚综合督查整改情况的补充报告',
    );
    const supplement = await draftText('supplement');
    expect(supplement).toContain('报告单位');
    expect(supplement).toMatch(/尚未整改到位的1个单位（大同市），现已全部完成整改/);
    await sign('supplement');
    const closed = await eventually(async () => {
      const r = await progress();
      return r?.status === 'closed' ? r : undefined;
    }, 30_000);
    // The round sends no report of its own to the national leading group: that is the year's, over every round.
    expect(closed.reports.map((r) => [r.kind, r.status])).toEqual([
      ['consolidated', 'signed'],
      ['rectification', 'signed'],
      ['supplement', 'signed'],
    ]);
    expect(closed.notifications.filter((n) => n.to.role === 'committee').map((n) => n.subject)).toEqual([
      '【督查情况报告】关于2032年度全省脱贫攻坚综合督查情况的报告',
      '【整改情况报告】关于2032年度全省脱贫攻坚综合督查整改情况的报告',
      '【整改情况补充报告】关于2032年度全省脱贫攻坚综合督查整改情况的补充报告',
    ]);
  });

  test('Issue 34 (开展督查工作情况): one report a year to the national leading group over every round and special supervision, redrafted until signed, filed by the office', async () => {
    // A special supervision of the same year (Art. 6, 8), approved by the leading group.
    const special = await call(
      people.office,
      'POST',
      '/supervisions',
      { year: 2032, serial: 2, targetUnit: 'linfen-daning', topic: '易地扶贫搬迁后续扶持' },
      201,
    );
    const specialId = special.json<{ caseId: string }>().caseId;
    await call(people.leadingGroup, 'POST', `/supervisions/${specialId}/approval`, { decision: 'approve' });

    expect((await sys.call(people.office, { method: 'GET', url: '/national-reports/2032' })).statusCode).toBe(404);
    expect(
      (await sys.call(people.committee, { method: 'POST', url: '/national-reports', payload: { year: 2032 } }))
        .statusCode,
    ).toBe(403);
    const first = (await call(people.office, 'POST', '/national-reports', { year: 2032 }, 201)).json<YearlyReport>();
    expect(first).toMatchObject({
      reportId: 'national-report-2032',
      subject: 'national',
      status: 'awaiting-signature',
      title: '关于山西省2032年度脱贫攻坚督查工作情况的报告',
      covers: { rounds: ['supervision-round-2032'], specialSupervisions: 1 },
    });
    const text = (await call(people.leadingGroup, 'GET', '/national-reports/2032/text?version=draft')).body;
    expect(text).toContain('报送：国务院扶贫开发领导小组');
    expect(text).toMatch(/开展综合督查1轮、专项督查1项，共督查3个（次）单位/);
    expect(text).toContain('易地扶贫搬迁后续扶持');
    expect(text).toContain('大宁县');
    expect(text).not.toMatch(/POST |\/national-reports/);
    // Nothing claims what the data cannot show (the performance assessment is not in this system).
    expect(text).not.toContain('考核');
    // A later special supervision is counted when the report is drafted again before signing.
    const later = await call(
      people.office,
      'POST',
      '/supervisions',
      { year: 2032, serial: 3, targetUnit: 'lvliang-linxian', topic: '产业扶贫' },
      201,
    );
    await call(people.leadingGroup, 'POST', `/supervisions/${later.json<{ caseId: string }>().caseId}/approval`, {
      decision: 'approve',
    });
    const again = (await call(people.office, 'POST', '/national-reports', { year: 2032 }, 200)).json<YearlyReport>();
    expect(again).toMatchObject({
      redrafts: 1,
      covers: { rounds: ['supervision-round-2032'], specialSupervisions: 2 },
    });
    expect(again.draftSha256).not.toBe(first.draftSha256);

    const signed = await call(people.leadingGroup, 'POST', '/national-reports/2032/signature', { note: '同意报送' });
    expect(signed.json<YearlyReport>().signed).toMatchObject({ note: '同意报送', edited: false });
    const sent = await eventually(async () => {
      const s = (await sys.store.yearlyReport('national-report-2032')) as YearlyReport;
      return s.status === 'sent' ? s : undefined;
    });
    expect(sent.notifications.find((n) => n.to.role === 'office')?.subject).toBe(
      '【报国务院扶贫开发领导小组】关于山西省2032年度脱贫攻坚督查工作情况的报告',
    );
    expect((await call(people.office, 'GET', '/national-reports/2032/text')).body).toContain('产业扶贫');
    const refused = await call(people.office, 'POST', '/national-reports', { year: 2032 }, 409);
    expect(refused.json()).toMatchObject({
      code: 'ReportExists',
      message: '2032年度督查工作情况报告已经签发，不能重新起草',
    });
  });

  test("Art. 16 (3): the year's patrol aggregate is drafted again while it waits for the signature; once signed, 409", async () => {
    const first = await call(people.office, 'POST', '/patrol-rectification-reports', { year: 2033 }, 201);
    expect(first.json<YearlyReport>()).toMatchObject({ status: 'awaiting-signature', patrols: 0 });
    expect(first.json<YearlyReport>().redrafts).toBeUndefined();
    const again = await call(people.leadingGroup, 'POST', '/patrol-rectification-reports', { year: 2033 }, 200);
    expect(again.headers.location).toMatch(/\/patrol-rectification-reports\/2033$/);
    const redrafted = again.json<YearlyReport>();
    expect(redrafted).toMatchObject({
      status: 'awaiting-signature',
      redrafts: 1,
      draftedBy: { role: 'leading-group' },
    });
    // The leading group is asked again, in words a person reads (the notice carries the link, not an API path).
    const asked = redrafted.notifications.filter((n) => n.to.role === 'leading-group');
    expect(asked.map((n) => n.notificationId.split(':').pop())).toEqual(['draft', 'draft-1']);
    for (const n of asked) {
      expect(n.subject).toMatch(/^【待审签】关于2033年度全省脱贫攻坚巡查整改情况的报告/);
    }
    const stored = (await sys.store.yearlyReport('patrol-rectification-report-2033')) as YearlyReport;
    expect(stored.redrafts).toBe(1);

    await call(people.leadingGroup, 'POST', '/patrol-rectification-reports/2033/signature', { publish: false });
    await eventually(async () =>
      ((await sys.store.yearlyReport('patrol-rectification-report-2033')) as YearlyReport).status === 'sent'
        ? true
        : undefined,
    );
    const signed = await call(people.office, 'POST', '/patrol-rectification-reports', { year: 2033 }, 409);
    expect(signed.json()).toMatchObject({
      code: 'ReportExists',
      message: '2033年度巡查整改情况报告已经签发，不能重新起草',
    });
    expect(signed.headers.location).toMatch(/\/patrol-rectification-reports\/2033$/);
  });
});
