import type { CaseClaims } from '../../lib/infra/tokens';
import { patrolMainPath, proposal, walkPeople } from '../../scripts/patrol-walk';
import type { CaseRecord } from '../../workflows/engine/record';
import type { startSmtpServer } from '../helpers/channels';
import type { MailedSystem } from '../helpers/mailed-system';
import { startMailedSystem } from '../helpers/mailed-system';
import { multipart, pdf } from '../helpers/patrol';
import type { TestSystem } from '../helpers/system';
import { eventually, people } from '../helpers/system';
import { lintTexts as lint, textsOfRecord } from '../helpers/text-lint';
import type { Block } from '../../lib/documents/official-document';
import type { ResultUseRecord } from '../../workflows/result-use/contract';
import { resultUseDocuments } from '../../workflows/result-use/documents';
import { resultUseTexts as rt } from '../../workflows/result-use/texts';

/**
 * The house rules of the Chinese the system writes (issues 14 and 34; the rules are in test/helpers/text-lint.ts):
 * what an official reads never holds an English article citation, a machine id or an API path, an English role name,
 * an ISO timestamp or a stage code, and says things as officials do. This walks a whole patrol, a comprehensive round
 * with a special supervision and a follow-up visit through HTTP on a real server, with a real SMTP server receiving
 * every notice, and reads every text people see: the record's events, awaited steps, deadlines and notices, the mails,
 * the refusals met on the way, the documents, and the summary Temporal UI shows. text-lint-awards.test.ts walks two
 * award rounds, with and without objections, by the same rules.
 */
describe('Issue 34: the rules catch what officials corrected, and let the corrected texts pass', () => {
  test.each([
    ['公示期间收到异议零件，经核查，均不成立。', '公示期间未收到异议。'],
    ['现场处理建议：0条，均已答复', '巡查期间未提出现场处理建议'],
    ['作为patrol-2026-taiyuan-0001的依据', '作为2026年对太原市巡查的依据'],
    ['了结', '不予立项，办结'],
    ['将问题线索移交省纪委监委（纪检监察机关）（移交1）', '向省纪委监委移交问题线索（第1件）'],
    ['省脱贫攻坚领导小组提请对太原市开展巡查。请审批，详情请在系统中查阅。', '妥否，请批示。'],
    ['现移交你们依规依纪依法处理：', '现移交你委依规依纪依法处理：'],
    ['仅限领导小组、办公室和委员会', '仅限省委、省政府和领导小组及其办公室'],
    ['太原市党委、政府：', '中共太原市委、太原市人民政府：'],
    [
      '中共太原市委、太原市人民政府：\n省脱贫攻坚领导小组决定对你单位开展督查',
      '中共太原市委、太原市人民政府：\n决定对你市开展督查',
    ],
    [
      '（1）干部在落实脱贫攻坚目标任务方面存在的失职渎职问题：0个',
      '（一）干部在落实脱贫攻坚目标任务方面存在的失职渎职问题：0个',
    ],
    ['第十四条所列以外的其他问题所列问题（1个）', '第十四条所列以外的其他问题（1个）'],
    [
      '对公示对象有异议的，可通过 /award-rounds/award-round-2026/objections 提出',
      '公示页面：https://dcxc.fpb.test/workbench/public/awards',
    ],
    ['评选公示', '全国脱贫攻坚奖推荐对象公示'],
    ['整改问题problem-patrol-2026-taiyuan-0001-3：struck-off', '太原市整改问题（2026年巡查第三项整改要求）：已销号'],
    ['推荐材料已报国家评选办公室', '推荐材料已报全国脱贫攻坚奖评选委员会办公室'],
    [
      '请审核、修改并签发后报送：POST /supervision-rounds/2027/reports/consolidated/signature',
      '报告代拟稿已生成，请审核修改后签发。',
    ],
  ])('%s → %s', (before, after) => {
    expect(lint([['before', before]])).not.toEqual([]);
    expect(lint([['after', after]])).toEqual([]);
  });

  test('proper names holding 委员会 pass: 省卫生健康委员会, 省纪律检查委员会, 全国脱贫攻坚奖评选委员会办公室', () => {
    const names =
      '省卫生健康委员会、省发展和改革委员会、中共山西省纪律检查委员会、山西省监察委员会、全国脱贫攻坚奖评选委员会办公室';
    expect(lint([['names', names]])).toEqual([]);
    expect(lint([['committee', '报委员会审批']])).toHaveLength(1);
  });
});

describe('House rules of the Chinese the system writes (issues 14, 34): a whole patrol, a round, a special supervision and a follow-up visit', () => {
  let sys: TestSystem;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const texts: Array<[string, string]> = [];
  const seen = (where: string, text: string | undefined) => {
    if (text) texts.push([where, text]);
  };
  /** The mails whose notice id has `prefix`, once there are at least `count` (deliveries are activities). */
  const mailsOf = (prefix: string, count = 1) =>
    eventually(() => {
      const m = smtp.mails.filter((x) => x.notificationId?.startsWith(prefix));
      return Promise.resolve(m.length >= count ? m : undefined);
    }, 20_000);
  const fromRecord = (r: CaseRecord) => {
    for (const [where, text] of textsOfRecord(r)) seen(where, text);
  };

  let mailed: MailedSystem | undefined;
  beforeAll(async () => {
    mailed = await startMailedSystem();
    ({ sys, smtp } = mailed);
  });
  afterAll(async () => {
    await mailed?.close();
  });

  test('a whole patrol: events, awaited steps, deadlines, notices and mails, refusals, documents, Temporal UI', async () => {
    const who = walkPeople('xinzhou-jingle', 'g-2026-07');
    const res = await sys.call(who.leadingGroup, {
      method: 'POST',
      url: '/patrols',
      payload: proposal(2026, 7, 'xinzhou-jingle'),
    });
    expect(res.statusCode).toBe(201);
    const id = res.json<{ caseId: string }>().caseId;
    const refusals: Array<[CaseClaims, string, object]> = [
      [who.unit, 'approval', { decision: 'approve' }], // 403
      [who.leader, 'work-plan', { summary: '方案', stationedOn: '2026-12-01' }], // 404 / 409
      [who.committee, 'approval', { decision: 'reject' }], // 422: a reason
    ];
    for (const [by, p, body] of refusals) {
      const r = await sys.call(by, { method: 'POST', url: `/patrols/${id}/${p}`, payload: body });
      seen(`refusal ${p}`, r.json<{ message?: string }>().message);
    }
    for (const [by, p, body] of patrolMainPath('g-2026-07')) {
      const r = await sys.call(who[by], { method: 'POST', url: `/patrols/${id}/${p}`, payload: body });
      expect([p, r.statusCode, r.statusCode === 200 ? '' : r.body]).toEqual([p, 200, '']);
    }
    const again = await sys.call(who.leadingGroup, {
      method: 'POST',
      url: `/patrols/${id}/feedback`,
      payload: { situation: 'x', rectificationOpinions: ['y'] },
    });
    seen('refusal after closing', again.json<{ message?: string }>().message);
    const record = (await sys.call(people.office, { method: 'GET', url: `/cases/${id}` })).json<CaseRecord>();
    expect(record.closed).toBe(true);
    fromRecord(record);
    const docs = (await sys.call(people.office, { method: 'GET', url: `/cases/${id}/documents` })).json<
      Array<{ title: string; html: string }>
    >();
    for (const d of docs)
      seen(
        `document ${d.title}`,
        (await sys.call(people.office, { method: 'GET', url: d.html })).body.replace(/<[^>]+>/g, ' '),
      );
    const handle = sys.env.client.workflow.getHandle(id);
    seen('Temporal UI summary', await (await handle.describe()).staticSummary());
    const meta = await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
    seen('Temporal UI current details', meta.currentDetails);
    expect(meta.currentDetails).toContain('当前阶段：已办结');
    const mails = await mailsOf(id, record.notifications.length);
    for (const m of mails) {
      seen(`mail ${m.notificationId} subject`, m.subject);
      seen(`mail ${m.notificationId}`, m.text);
    }
    // A mail links to its case (the id in the link only).
    expect(mails[0]!.text).toContain(`在系统中查看：https://dcxc.fpb.test/workbench/cases/${id}`);
    expect(texts.length).toBeGreaterThan(60);
    expect(lint(texts)).toEqual([]);
  });

  test('a comprehensive round of two cities with cross inspection, and a special supervision: the same rules', async () => {
    texts.length = 0;
    const post = async (by: CaseClaims, url: string, body: object = {}, expected = [200, 201, 202]) => {
      const r = await sys.call(by, { method: 'POST', url, payload: body });
      expect([url, expected.includes(r.statusCode) ? 'ok' : r.body]).toEqual([url, 'ok']);
      return r;
    };
    await post(people.office, '/supervision-plans', {
      year: 2027,
      month: 3,
      units: ['taiyuan', 'datong'],
      crossInspection: true,
      specialTopics: [],
    });
    await post(people.leadingGroup, '/supervision-plans/2027/approval', { decision: 'approve' });
    await post(people.office, '/supervision-plans/2027/round');
    const round = await eventually(async () => {
      const r = await sys.call(people.office, { method: 'GET', url: '/supervision-rounds/2027' });
      const p =
        r.statusCode === 200
          ? r.json<{ cases: unknown[]; assignments: Array<{ target: string; inspector: string }> }>()
          : undefined;
      return p?.cases.length === 2 ? p : undefined;
    }, 20_000);
    for (const city of ['taiyuan', 'datong']) {
      const id = `supervision-2027-${city}-0001`;
      const inspector = round.assignments.find((a) => a.target === city)!.inspector;
      const leader = { sub: `gl-${city}`, role: 'group-leader' as const, group: `xg-${city}`, name: `组长 ${city}` };
      await post(people.office, `/supervisions/${id}/group`, {
        group: {
          id: `xg-${city}`,
          leader: { name: '王平', rank: 'department', unit: inspector },
          members: [{ name: '李华', unit: 'dept-audit' }],
        },
      });
      await post(leader, `/supervisions/${id}/work-plan`, { summary: '实施方案' });
      await post(leader, `/supervisions/${id}/findings`, {
        keyContent: 4,
        methods: ['field-survey'],
        summary: '识别不准',
      });
      await post(leader, `/supervisions/${id}/report`, {
        situation: '情况',
        problems: '问题',
        opinions: '意见',
        suggestions: '建议',
      });
      await post(people.leadingGroup, `/supervisions/${id}/results`, {
        summary: '结果',
        rectificationRequirements: [],
      });
      fromRecord((await sys.call(people.office, { method: 'GET', url: `/cases/${id}` })).json<CaseRecord>());
      const desc = await sys.env.client.workflow.getHandle(id).describe();
      seen('Temporal UI summary', await desc.staticSummary());
    }
    await eventually(async () => {
      const r = await sys.call(people.leadingGroup, {
        method: 'POST',
        url: '/supervision-rounds/2027/reports/consolidated/signature',
        payload: {},
      });
      return r.statusCode === 200 ? true : undefined;
    }, 20_000);
    // A special supervision of a provincial department, to its closing (results, rectification, review, signed report).
    const sid = 'supervision-2027-dept-finance-0002';
    const finance = { sub: 'unit-fin', role: 'unit' as const, unit: 'dept-finance', name: '财政厅 联络员' };
    const sleader = { sub: 'gl-fin', role: 'group-leader' as const, group: 'sg-2027-03', name: '组长 孙立' };
    await post(people.office, '/supervisions', {
      year: 2027,
      serial: 2,
      targetUnit: 'dept-finance',
      topic: '扶贫资金监管',
    });
    for (const [by, p, body] of [
      [finance, 'approval', { decision: 'approve' }],
      [people.leadingGroup, 'approval', { decision: 'reject' }],
    ] as const) {
      const r = await sys.call(by, { method: 'POST', url: `/supervisions/${sid}/${p}`, payload: body });
      seen(`refusal ${p}`, r.json<{ message?: string }>().message);
    }
    const steps: Array<[CaseClaims, string, object]> = [
      [people.leadingGroup, 'approval', { decision: 'approve' }],
      [
        people.office,
        'group',
        {
          group: {
            id: 'sg-2027-03',
            leader: { name: '孙立', rank: 'department', unit: 'dept-audit' },
            members: [{ name: '周敏', unit: 'dept-health' }],
          },
        },
      ],
      [sleader, 'work-plan', { summary: '实施方案' }],
      [sleader, 'findings', { keyContent: 5, methods: ['document-review'], summary: '资金拨付滞后' }],
      [sleader, 'report', { situation: '情况', problems: '问题', opinions: '意见', suggestions: '建议' }],
      [people.leadingGroup, 'results', { summary: '结果', rectificationRequirements: ['加快资金拨付'] }],
      [finance, 'rectification-report', { summary: '已整改', items: [{ requirement: 1, measures: '已拨付' }] }],
      [people.leadingGroup, 'rectification-review', { decisions: [{ requirement: 1, decision: 'accept' }] }],
      [people.leadingGroup, 'reports/special-report/signature', {}],
    ];
    for (const [by, p, body] of steps) await post(by, `/supervisions/${sid}/${p}`, body, [200]);
    const special = (await sys.call(people.office, { method: 'GET', url: `/cases/${sid}` })).json<CaseRecord>();
    expect(special.closed).toBe(true);
    fromRecord(special);
    seen('Temporal UI summary', await (await sys.env.client.workflow.getHandle(sid).describe()).staticSummary());
    const specialMails = await mailsOf(sid, special.notifications.length);
    for (const m of specialMails) {
      seen(`mail ${m.notificationId} subject`, m.subject);
      seen(`mail ${m.notificationId}`, m.text);
    }

    // A follow-up visit (回头看) of the special supervision, as it stands once scheduled (the visit itself is months away).
    const visitId = (
      await post(people.leadingGroup, `/cases/${sid}/follow-up`, { reason: '看资金拨付是否到位' }, [201])
    ).json<{ caseId: string }>().caseId;
    const visit = await eventually(async () => {
      const r = await sys.call(people.office, { method: 'GET', url: `/cases/${visitId}` });
      const v = r.statusCode === 200 ? r.json<CaseRecord & { followUp?: { visitOn?: string } }>() : undefined;
      return v?.followUp?.visitOn ? v : undefined;
    }, 20_000);
    fromRecord(visit);
    seen('Temporal UI summary', await (await sys.env.client.workflow.getHandle(visitId).describe()).staticSummary());
    const early = await sys.call(people.office, {
      method: 'POST',
      url: `/supervisions/${visitId}/group`,
      payload: {
        group: { id: 'sg-2027-04', leader: { name: '孙立', rank: 'department', unit: 'dept-audit' }, members: [] },
      },
    });
    seen('refusal of a visit before its date', early.json<{ message?: string }>().message);

    const report = await sys.call(people.committee, {
      method: 'GET',
      url: '/reports/supervision-round-2027/consolidated',
    });
    seen('consolidated report', report.body);
    const mails = await mailsOf('supervision-round-2027');
    for (const m of mails) {
      seen(`mail ${m.notificationId} subject`, m.subject);
      seen(`mail ${m.notificationId}`, m.text);
    }
    expect(texts.length).toBeGreaterThan(20);
    expect(lint(texts)).toEqual([]);
  });

  test('Issue 35: three problems of the ledger (立行立改, 限期整改, 长期坚持) through progress, 销号, a send-back and 反弹: the same rules', async () => {
    texts.length = 0;
    const who = walkPeople('xinzhou-wuzhai', 'g-2026-08');
    const city: CaseClaims = { sub: 'unit-xz', role: 'unit', unit: 'xinzhou', name: '忻州市 联络员' };
    const res = await sys.call(who.leadingGroup, {
      method: 'POST',
      url: '/patrols',
      payload: proposal(2026, 8, 'xinzhou-wuzhai'),
    });
    const id = res.json<{ caseId: string }>().caseId;
    const post = async (by: CaseClaims, url: string, body: object) => {
      const r = await sys.call(by, { method: 'POST', url, payload: body });
      expect([url, r.statusCode, r.statusCode === 200 ? '' : r.body]).toEqual([url, 200, '']);
    };
    /** A step that must be refused: its refusal is a text people read. */
    const refused = async (by: CaseClaims, url: string, body: object, where: string) => {
      const r = await sys.call(by, { method: 'POST', url, payload: body });
      expect([url, r.statusCode >= 400]).toEqual([url, true]);
      seen(`refusal ${where}`, r.json<{ message?: string }>().message);
    };
    for (const [by, p, body] of patrolMainPath('g-2026-08')) {
      if (p === 'feedback') break;
      await post(who[by], `/patrols/${id}/${p}`, body);
    }
    const dueDate = new Date(Date.now() + 100 * 86_400_000).toISOString().slice(0, 10);
    await refused(
      who.leadingGroup,
      `/patrols/${id}/feedback`,
      { situation: '反馈', rectificationOpinions: ['整改'], terms: [{ requirement: 1, kind: 'dated' }] },
      'a dated term without its date',
    );
    await post(who.leadingGroup, `/patrols/${id}/feedback`, {
      situation: '反馈巡查情况',
      rectificationOpinions: ['立即追回被挪用资金', '核实更正脱贫数据', '健全资金监管长效机制'],
      terms: [
        { requirement: 1, kind: 'immediate' },
        { requirement: 2, kind: 'dated', dueDate },
        { requirement: 3, kind: 'long-term', everyMonths: 3 },
      ],
    });
    const [p1, p2, p3] = [1, 2, 3].map((n) => `problem-${id}-${n}`) as [string, string, string];
    const at = (problemId: string, step: string) => `/problems/${problemId}/${step}`;
    for (const problemId of [p1, p2, p3]) {
      await eventually(
        async () =>
          (await sys.call(people.office, { method: 'GET', url: `/problems/${problemId}` })).statusCode === 200
            ? true
            : undefined,
        20_000,
      );
    }
    await refused(who.unit, at(p1, 'strike-off-request'), { summary: '已整改' }, 'a request before any progress');
    await refused(city, at(p1, 'progress'), { what: '代报' }, 'the city acting for its county');
    await refused(who.leadingGroup, at(p1, 'reopening'), { reason: '反弹' }, 'a reopening of an open problem');
    await post(who.unit, at(p1, 'progress'), {
      what: '已追回资金',
      figures: {
        recoveredYuan: 1200000,
        heldAccountable: 2,
        rulesMade: 1,
        other: [{ label: '整改项目数', value: 3, unit: '个' }],
      },
      responsiblePerson: '王强',
      responsiblePost: '副县长',
    });
    const form = multipart({}, [{ name: '凭证.pdf', type: 'application/pdf', bytes: pdf }], 'files');
    const up = await sys.call(who.unit, { method: 'POST', url: at(p1, 'files'), ...form });
    expect(up.statusCode).toBe(200);
    await post(who.unit, at(p1, 'strike-off-request'), { summary: '已整改完成' });
    await refused(
      who.leadingGroup,
      at(p1, 'strike-off-review'),
      { decision: 'strike-off', reason: ' ' },
      'a review without its reason',
    );
    await post(who.leadingGroup, at(p1, 'strike-off-review'), { decision: 'strike-off', reason: '同意销号' });
    await post(who.leadingGroup, at(p1, 'reopening'), { reason: '群众反映资金又被挪用' });
    await post(who.unit, at(p2, 'progress'), { what: '已入户核实' });
    await post(who.unit, at(p2, 'strike-off-request'), { summary: '已更正' });
    await post(people.office, at(p2, 'strike-off-review'), { decision: 'send-back', reason: '未附佐证材料' });
    await post(who.unit, at(p3, 'progress'), { what: '建立监管台账', figures: { rulesMade: 2 } });
    await post(who.unit, at(p3, 'strike-off-request'), { summary: '长效机制已建立' });
    await post(people.office, at(p3, 'strike-off-review'), { decision: 'strike-off', reason: '同意销号' });
    for (const problemId of [p1, p2, p3]) {
      const record = (
        await sys.call(people.office, { method: 'GET', url: `/problems/${problemId}` })
      ).json<CaseRecord>();
      fromRecord(record);
      const handle = sys.env.client.workflow.getHandle(problemId);
      seen('Temporal UI summary', await (await handle.describe()).staticSummary());
      seen(
        'Temporal UI current details',
        (await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata')).currentDetails,
      );
      for (const m of await mailsOf(`${problemId}:`, record.notifications.length)) {
        seen(`mail ${m.notificationId} subject`, m.subject);
        seen(`mail ${m.notificationId}`, m.text);
      }
    }
    // Every kind of text a problem writes was read: its start, terms, progress, evidence, 销号, send-back and 反弹.
    const where = texts.map(([w]) => w).join('\n');
    for (const action of [
      'problem-started',
      'progress-reported',
      'evidence-attached',
      'strike-off-requested',
      'struck-off',
      'strike-off-sent-back',
      'problem-reopened',
    ]) {
      expect([action, where.includes(`event ${action}`)]).toEqual([action, true]);
    }
    expect(texts.some(([w]) => w.startsWith('mail '))).toBe(true);
    expect(lint(texts)).toEqual([]);
  });
});

describe('Issue 36 item 2: every notice and document of a use of results (通报批评, 约谈, 挂牌督办) by the same rules', () => {
  test('the texts of each type, its notices and its documents, built from records as the workflow keeps them', () => {
    const unit = { code: 'taiyuan', name: '太原市', kind: 'city' as const };
    const county = { code: 'taiyuan-loufan', name: '娄烦县', kind: 'county' as const };
    const by = { id: 'lg-1', role: 'leading-group' as const, name: '领导小组 赵强' };
    const at = '2027-01-20T02:00:00.000Z';
    const leader = { name: '张伟', post: '太原市人民政府副市长' };
    const base = {
      caseId: 'result-use-2027-0001',
      kind: 'result-use',
      targetUnit: unit,
      stageLabel: '已通报',
      closed: true,
      revision: 9,
      awaiting: [],
      events: [],
      notifications: [],
      year: 2027,
      subject: { caseId: 'patrol-2026-taiyuan-0001', description: '2026年对太原市的巡查' },
      decision: { reason: '危房改造补助资金长期滞留', at, by },
    };
    const dueDate = '2027-03-31';
    const records = [
      {
        ...base,
        type: 'criticism',
        stage: 'circulated',
        deadlines: [],
        circular: { text: '予以通报批评。', circulateTo: 'all', units: [unit, county], circulatedAt: at },
      },
      {
        ...base,
        type: 'criticism',
        stage: 'circulated',
        deadlines: [],
        circular: { text: '予以通报批评。', circulateTo: ['taiyuan-loufan'], units: [unit, county], circulatedAt: at },
      },
      {
        ...base,
        type: 'interview',
        stage: 'recorded',
        deadlines: [],
        interview: { leaders: [leader], scheduledAt: '2027-01-27T09:30', place: '省乡村振兴局第一会议室' },
        interviewRecord: {
          heldAt: '2027-01-27T09:30',
          attendees: [leader, { name: '刘敏', post: '太原市乡村振兴局局长' }],
          text: '约谈指出问题。',
          commitments: ['一个月内整改到位', '严肃问责'],
          at,
          by,
        },
      },
      {
        ...base,
        type: 'listing',
        stage: 'listed',
        listing: { requirement: '全部追回滞留资金', dueDate, responsibleLeader: leader },
        deadlines: [{ key: 'listing-term', issuedAt: at, deadline: { dueDate, dueAt: '2027-03-31T15:59:59.999Z' } }],
      },
    ] as unknown as ResultUseRecord[];
    const texts: Array<[string, string]> = [];
    const block = (b: Block) => ('text' in b && typeof b.text === 'string' ? b.text : JSON.stringify(b));
    for (const r of records) {
      for (const d of resultUseDocuments(r)) {
        const doc = d.build('晋脱贫发〔2027〕1号');
        texts.push([`${d.key} title`, doc.title], [`${d.key} addressee`, doc.addressee]);
        for (const b of doc.body) texts.push([`${d.key} body`, block(b)]);
      }
    }
    expect(texts.filter(([w]) => w.endsWith('title')).map(([, t]) => t)).toEqual([
      '关于对太原市予以通报批评的通报',
      '关于对太原市予以通报批评的通报',
      '关于约谈太原市有关负责同志的通知',
      '约谈太原市有关负责同志的记录',
      '关于对太原市有关问题挂牌督办的通知',
    ]);
    const title = rt.title(unit, 'listing');
    for (const type of ['criticism', 'interview', 'listing'] as const) {
      texts.push(['title', rt.title(unit, type)], ['event', rt.decided(unit, type, '2026年对太原市的巡查')]);
    }
    const notices = [
      rt.circularNotice(title, unit, true),
      rt.circularNotice(title, unit, false),
      rt.interviewNotice(title, unit, '2027-01-27T09:30', '省乡村振兴局第一会议室', [leader]),
      rt.recordNotice(title),
      rt.progressNotice(title, unit),
      rt.delistedNotice(title, '整改到位'),
    ];
    for (const n of notices) texts.push(['notice subject', n.subject], ['notice', n.body]);
    texts.push(
      ['event', rt.circulated(30)],
      ['event', rt.summoned('2027-01-27T09:30')],
      ['event', rt.recorded(5, 3)],
      ['event', rt.listed],
      ['event', rt.progress(2)],
      ['event', rt.delisted],
      ['deadline', rt.termLabel],
      ['deadline detail', rt.termDetail('全部追回滞留资金', leader)],
      ['refusal', rt.heldInFuture],
      ['refusal', rt.heldBeforeDecision('2027-01-20')],
      ['awaiting', rt.awaiting.record],
    );
    expect(lint(texts)).toEqual([]);
  });
});
