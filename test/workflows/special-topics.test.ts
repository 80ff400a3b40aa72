import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { recordHistory } from '../helpers/histories';
import type { AnnualPlanRecord } from '../../workflows/supervision-plan/contract';
import type { SpecialTopicRecord } from '../../workflows/special-topic/contract';
import { groupsProblem } from '../../workflows/special-topic/contract';
import { topicTexts } from '../../workflows/special-topic/texts';
import type { SupervisionCaseRecord } from '../../workflows/supervision/contract';
import type { CaseClaims } from '../../lib/infra/tokens';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';

const units = ['changzhi', 'datong', 'taiyuan'];
const topicUrl = '/special-topics/special-topic-2026-1';
const caseOf = (unit: string) => `supervision-2026-${unit}-8001`;

/**
 * Art. 6, 8, 11: a special topic of the approved annual plan over three cities, on a real dev server through HTTP:
 * started from the plan with the units it named, approved once by the leading group, one supervision per city as
 * children, and one topic report drawn from them when they finish.
 */
describe('Art. 6, 8: a special supervision of a plan topic covers the units the plan named, with one approval', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem();
  });
  afterAll(async () => sys?.close());

  const post = (who: CaseClaims, url: string, payload: object = {}) => sys.call(who, { method: 'POST', url, payload });
  const topic = async (who: CaseClaims = people.office) =>
    (await sys.call(who, { method: 'GET', url: topicUrl })).json<SpecialTopicRecord>();
  const act = async (who: CaseClaims, caseId: string, path: string, body: object) => {
    const res = await post(who, `/supervisions/${caseId}/${path}`, body);
    expect([caseId, path, res.statusCode, res.statusCode === 200 ? '' : res.body]).toEqual([caseId, path, 200, '']);
    return res.json<SupervisionCaseRecord>();
  };

  test('Art. 6, 8: a topic of the plan starts only once the plan is approved, with the units the plan named, split into valid groups', async () => {
    const draft = await post(people.office, '/supervision-plans', {
      year: 2026,
      month: 12,
      units: ['taiyuan'],
      crossInspection: false,
      specialTopics: [{ topic: '易地扶贫搬迁后续扶持', units, month: 6 }],
    });
    expect(draft.statusCode).toBe(201);
    const early = await post(people.office, '/supervision-plans/2026/topics/1');
    expect([early.statusCode, early.json<{ message: string }>().message]).toEqual([
      409,
      expect.stringContaining('尚未批准'),
    ]);
    const approved = await post(people.leadingGroup, '/supervision-plans/2026/approval', { decision: 'approve' });
    expect(approved.json<AnnualPlanRecord>().stage).toBe('scheduled');

    // The plan has one topic; a unit in two groups, or one left out, is refused, and nothing starts.
    expect((await post(people.office, '/supervision-plans/2026/topics/2')).statusCode).toBe(404);
    for (const [groups, message] of [
      [
        [
          { name: '第一督查组', units: ['taiyuan', 'datong'] },
          { name: '第二督查组', units: ['datong', 'changzhi'] },
        ],
        '同一单位只能由一个督查组督查：大同市',
      ],
      [[{ name: '第一督查组', units: ['taiyuan', 'datong'] }], '以下单位未分配督查组：长治市'],
      [[{ name: '第一督查组', units: [...units, 'jinzhong'] }], '督查计划的该专项未列入：晋中市'],
    ] as const) {
      const res = await post(people.office, '/supervision-plans/2026/topics/1', { groups });
      expect([res.statusCode, res.json<{ message: string }>().message]).toEqual([422, message]);
    }
    expect((await sys.call(people.office, { method: 'GET', url: topicUrl })).statusCode).toBe(404);
    // A unit does not start the plan's topics.
    expect((await post(people.taiyuan, '/supervision-plans/2026/topics/1')).statusCode).toBe(403);
  });

  test('Art. 8: a special supervision over three cities is approved once by the leading group; each city gets its own case, approved with the topic', async () => {
    const started = await post(people.office, '/supervision-plans/2026/topics/1', {
      groups: [
        { name: '第一督查组', units: ['taiyuan', 'datong'] },
        { name: '第二督查组', units: ['changzhi'] },
      ],
    });
    expect([started.statusCode, started.headers.location]).toEqual([201, topicUrl]);
    expect(started.json<SpecialTopicRecord>().units.map((u) => `${u.code} ${u.name}`)).toEqual([
      'changzhi 长治市',
      'datong 大同市',
      'taiyuan 太原市',
    ]);
    expect(started.json<SpecialTopicRecord>()).toMatchObject({
      stage: 'awaiting-approval',
      topic: '易地扶贫搬迁后续扶持',
      cases: [],
    });
    expect((await post(people.office, '/supervision-plans/2026/topics/1')).statusCode).toBe(409);
    // The leading group asked once, naming every city.
    const asked = (await topic()).notifications.filter((n) => n.to.role === 'leading-group');
    expect(asked.map((n) => n.subject)).toEqual(['【待批准】2026年易地扶贫搬迁后续扶持专项督查']);
    // Only the leading group approves; a rejection needs its reason.
    expect((await post(people.office, `${topicUrl}/approval`, { decision: 'approve' })).statusCode).toBe(403);
    expect((await post(people.leadingGroup, `${topicUrl}/approval`, { decision: 'reject' })).statusCode).toBe(422);

    const res = await post(people.leadingGroup, `${topicUrl}/approval`, { decision: 'approve' });
    expect(res.statusCode).toBe(200);
    const approved = res.json<SpecialTopicRecord>();
    expect(approved.stage).toBe('under-way');
    expect(approved.cases).toEqual([
      { caseId: caseOf('taiyuan'), unit: 'taiyuan', group: '第一督查组' },
      { caseId: caseOf('datong'), unit: 'datong', group: '第一督查组' },
      { caseId: caseOf('changzhi'), unit: 'changzhi', group: '第二督查组' },
    ]);
    expect((await post(people.leadingGroup, `${topicUrl}/approval`, { decision: 'approve' })).statusCode).toBe(409);

    // Each case is a special supervision of the topic, approved with it: nobody is asked to approve it again.
    for (const unit of units) {
      const r = await eventually(async () => {
        const got = await sys.call(people.office, { method: 'GET', url: `/cases/${caseOf(unit)}` });
        return got.statusCode === 200 ? got.json<SupervisionCaseRecord>() : undefined;
      }, 20_000);
      expect(r).toMatchObject({
        type: 'special',
        topic: '易地扶贫搬迁后续扶持',
        stage: 'forming-group',
        approval: { decision: 'approve', withPlan: 'special-topic-2026-1', by: { role: 'leading-group' } },
      });
      expect(r.awaiting.map((a) => a.step)).toEqual(['formGroup']);
      expect(r.notifications.some((n) => n.to.role === 'leading-group')).toBe(false);
    }
  });

  test("Art. 10: the special supervision's notice to each city states its topic, not the five key contents of Art. 9", async () => {
    for (const unit of units) {
      const id = caseOf(unit);
      const group = `tg-${unit}`;
      await act(people.office, id, 'group', {
        group: {
          id: group,
          leader: { name: '刘强', rank: 'department', unit: 'dept-poverty-alleviation' },
          members: [{ name: '赵敏', unit: 'dept-finance' }],
        },
      });
      await act({ sub: `gl-${unit}`, role: 'group-leader', group }, id, 'work-plan', { summary: '实施方案' });
    }
    const notice = await sys.call(people.office, {
      method: 'GET',
      url: `/cases/${caseOf('datong')}/documents/notice?format=html`,
    });
    expect(notice.statusCode).toBe(200);
    expect(notice.body).toContain('围绕易地扶贫搬迁后续扶持开展专项督查');
    expect(notice.body).not.toContain('脱贫攻坚目标责任落实情况');
  });

  test('Art. 11 (1): when every case has finished, one topic report drawn from them is signed by the leading group and goes to the committee', async () => {
    for (const unit of units) {
      const id = caseOf(unit);
      const leader = { sub: `gl-${unit}`, role: 'group-leader' as const, group: `tg-${unit}` };
      await act(leader, id, 'findings', {
        keyContent: 3,
        methods: ['field-survey'],
        summary: `${unit} 后续产业未落实`,
      });
      if (unit === 'datong') {
        await act(leader, id, 'findings', { keyContent: 5, methods: ['document-review'], summary: '资金拨付滞后' });
      }
      await act(leader, id, 'report', { situation: '情况', problems: '问题', opinions: '意见', suggestions: '建议' });
      const closed = await act(people.leadingGroup, id, 'results', {
        summary: '督查结果',
        rectificationRequirements: [],
      });
      // A case of the topic closes without a report of its own: the topic reports for all its cities.
      expect(closed.stage).toBe('closed');
      expect(closed.notifications.some((n) => n.to.role === 'committee')).toBe(false);
    }
    const drafted = await eventually(async () => {
      const t = await topic();
      return t.stage === 'reporting' ? t : undefined;
    }, 20_000);
    expect(drafted.report!.title).toBe('关于2026年易地扶贫搬迁后续扶持专项督查情况的报告');
    const text = drafted.report!.text;
    expect(text).toContain('省委、省政府：');
    expect(text).toContain('对3个单位开展了易地扶贫搬迁后续扶持专项督查，组成2个督查组');
    expect(text).toContain('共发现问题4个，提出整改要求0条');
    expect(text).toContain('（一）长治市：发现问题1个');
    expect(text).toContain('（二）大同市：发现问题2个');
    expect(text).toContain('（三）太原市：发现问题1个');
    expect(text).not.toMatch(/supervision-|special-topic|\/cases\//);
    expect(drafted.notifications.filter((n) => n.to.role === 'committee')).toEqual([]);

    // Only the leading group signs; then the report goes up, once.
    expect((await post(people.office, `${topicUrl}/report/signature`, {})).statusCode).toBe(403);
    const signed = await post(people.leadingGroup, `${topicUrl}/report/signature`, { note: '同意报送' });
    expect(signed.statusCode).toBe(200);
    expect(signed.json<SpecialTopicRecord>()).toMatchObject({
      stage: 'closed',
      report: { signed: { note: '同意报送', by: { role: 'leading-group' } } },
    });
    expect((await post(people.leadingGroup, `${topicUrl}/report/signature`, {})).statusCode).toBe(409);
    const sent = await eventually(async () => {
      const t = await topic(people.committee);
      return t.notifications.some((n) => n.to.role === 'committee') ? t : undefined;
    }, 20_000);
    expect(sent.notifications.filter((n) => n.to.role === 'committee').map((n) => n.subject)).toEqual([
      '【报告】关于2026年易地扶贫搬迁后续扶持专项督查情况的报告',
    ]);
    // Need to know: the topic is the provincial chain's; a city sees its own case, not the topic.
    expect((await sys.call(people.taiyuan, { method: 'GET', url: topicUrl })).statusCode).toBe(403);
    // Nothing lost to Temporal's retention: the topic keeps itself in the case store at each decision and its report.
    const stored = (await sys.app.store.roundState('special-topic-2026-1')) as SpecialTopicRecord;
    expect([stored.stage, stored.groups, Boolean(stored.report?.signed)]).toEqual([
      'closed',
      (await topic(people.leadingGroup)).groups,
      true,
    ]);
    expect(stored.report?.text).toBe((await topic(people.leadingGroup)).report?.text);
    // A topic gone from Temporal (here: one only the store holds) is read from the store, by the overseers only.
    const elsewhere: SpecialTopicRecord = { ...stored, topicId: 'special-topic-2026-9', n: 9 };
    await sys.app.store.saveTopic(elsewhere);
    const gone = await sys.call(people.committee, { method: 'GET', url: '/special-topics/special-topic-2026-9' });
    expect([gone.statusCode, gone.json<SpecialTopicRecord>().report?.text]).toEqual([200, stored.report?.text]);
    expect(
      (await sys.call(people.taiyuan, { method: 'GET', url: '/special-topics/special-topic-2026-9' })).statusCode,
    ).toBe(403);
    // Never counted as a round of the year (the national report counts rounds and special supervisions apart).
    expect(await sys.app.store.roundIds(2026)).not.toContain('special-topic-2026-1');
    if (process.env.RECORD_HISTORIES) {
      const handle = sys.env.client.workflow.getHandle('special-topic-2026-1');
      recordHistory('special-topic.json', historyToJSON(await handle.fetchHistory()));
    }
  });
});

describe('Art. 8, 11 (1): the topic rules and the topic report, without a server', () => {
  const unit = (code: string, name: string) => ({ code, name, kind: 'city' as const });
  const progress = (code: string, name: string, stage: 'closed', requirements: string[], late = false) => ({
    seq: 1,
    caseId: `supervision-2026-${code}-8001`,
    unit: unit(code, name),
    stage,
    overdue: false,
    findingsByContent: { 1: 0, 2: 0, 3: requirements.length, 4: 0, 5: 0 },
    commended: code === 'taiyuan',
    rectificationRequirements: requirements,
    ...(requirements.length ? { rectificationLate: late } : {}),
  });

  test('Art. 8: one group or several, every unit of the topic in exactly one', () => {
    const codes = ['taiyuan', 'datong'];
    expect(groupsProblem(codes, [{ name: '督查组', units: codes }])).toBeUndefined();
    expect(
      groupsProblem(codes, [
        { name: '第一督查组', units: ['taiyuan'] },
        { name: '第二督查组', units: ['datong'] },
      ]),
    ).toBeUndefined();
    expect(
      groupsProblem(codes, [
        { name: '第一督查组', units: ['taiyuan'] },
        { name: '第一督查组', units: ['datong'] },
      ]),
    ).toBe('督查组名称不能重复');
    expect(groupsProblem(codes, [{ name: ' ', units: codes }])).toBe('须写明督查组名称');
  });

  test('Art. 11 (1): the topic report names each city, counts what the cases found, numbered （一）（二）', () => {
    const text = topicTexts.report(
      {
        year: 2026,
        topic: '产业扶贫',
        units: [unit('taiyuan', '太原市'), unit('datong', '大同市')],
        groups: [{ name: '督查组', units: ['taiyuan', 'datong'] }],
        approval: { decision: 'approve', by: { id: 'lg-1', role: 'leading-group' }, at: '2026-06-01T02:00:00.000Z' },
        progress: [
          progress('taiyuan', '太原市', 'closed', ['整改一', '整改二']),
          progress('datong', '大同市', 'closed', ['整改三'], true),
        ],
      },
      '2026-09-30T02:00:00.000Z',
    );
    expect(text.split('\n')).toEqual([
      '省委、省政府：',
      '按照2026年度全省脱贫攻坚督查计划，省脱贫攻坚领导小组于2026年6月1日批准对2个单位开展了产业扶贫专项督查，组成1个督查组。现将有关情况报告如下：',
      '一、基本情况',
      '共发现问题3个，提出整改要求3条，对太原市予以通报表扬。',
      '二、各单位情况',
      '（一）大同市：发现问题1个，提出整改要求1条，整改情况已逾期反馈。',
      '（二）太原市：发现问题2个，提出整改要求2条，整改情况已按期反馈。',
      '特此报告。',
      '省脱贫攻坚领导小组',
      '2026年9月30日',
    ]);
  });
});
