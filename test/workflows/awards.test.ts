import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { LightMyRequestResponse } from 'fastify';
import type { CaseClaims } from '../../lib/infra/tokens';
import type { AwardRoundRecord } from '../../workflows/award-round/contract';
import type { NominationRecord } from '../../workflows/nomination/contract';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';
import { startSmtpServer } from '../helpers/channels';
import { browserOf, csrfOf } from '../helpers/workbench';
import { multipart, pdf, record, walkPatrol } from '../helpers/patrol';
import { recordHistory } from '../helpers/histories';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { ChineseCalendar } from '../../lib/calendar/calendar';
import { noticeTimes } from '../../lib/calendar/notice-times';

const day = 86_400_000;
const round = 'award-round-2026';
const yangquan = { sub: 'unit-yq', role: 'unit' as const, unit: 'yangquan', name: '阳泉市 郭亮' };
const finance = { sub: 'unit-fin', role: 'unit' as const, unit: 'dept-finance', name: '省财政厅 钱进' };
const basic = ['basic-1', 'basic-2', 'basic-3', 'basic-4', 'basic-5', 'basic-6'];
const evidence = (conditions: string[]) =>
  conditions.map((condition) => ({ condition, statement: `${condition}的事迹说明` }));
const nominee = (name: string, unitCode: string) => ({
  kind: 'person',
  name,
  workUnit: `${name}所在单位`,
  position: '村党支部书记',
  unitCode,
});
const allMet = (conditions: string[]) => conditions.map((condition) => ({ condition, verdict: 'met' }));

/**
 * Part 1 of the source (全国脱贫攻坚奖): the province's recommendations, from the office's opening to the materials sent
 * to the national office, on the time-skipping server, through HTTP, with a real SMTP server as the national office.
 */
describe('Part 1: national poverty-alleviation award recommendations (time-skipping server, through HTTP)', () => {
  let sys: TestSystem;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const ids = { zhang: '', li: '', wang: '', zhao: '', late1: '', late2: '' };
  let patrolId = '';
  const today = DateTime.now().setZone('Asia/Shanghai');
  const nominationDue = today.plus({ days: 80 }).toISODate()!;

  const post = (who: CaseClaims | undefined, url: string, payload: object, headers: Record<string, string> = {}) =>
    sys.call(who, { method: 'POST', url, payload, headers });
  const get = (who: CaseClaims | undefined, url: string) => sys.call(who, { method: 'GET', url });
  const expectStatus = (res: LightMyRequestResponse, status: number) =>
    expect([res.statusCode, res.statusCode === status ? '' : res.body]).toEqual([status, '']);
  const roundRecord = async () => (await get(people.office, `/award-rounds/${round}`)).json<AwardRoundRecord>();
  const nomination = async (id: string, who: CaseClaims = people.office) =>
    (await get(who, `/nominations/${id}`)).json<NominationRecord & { contacts?: unknown }>();
  /** The round knows a nomination's stage once the nomination has told it (a signal). */
  const roundSees = (id: string, stage: string) =>
    eventually(async () =>
      (await roundRecord()).nominations.find((n) => n.nominationId === id)?.stage === stage ? true : undefined,
    );
  async function nominate(who: CaseClaims, body: object, status = 201): Promise<string> {
    const res = await post(who, `/award-rounds/${round}/nominations`, body);
    expectStatus(res, status);
    return res.json<{ nominationId: string }>().nominationId;
  }

  let calendar: ChineseCalendar;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    const routes = path.join(mkdtempSync(path.join(tmpdir(), 'routes-')), 'routes.json');
    writeFileSync(
      routes,
      JSON.stringify({
        webhooks: {},
        routes: [{ role: 'office', email: ['office@fpb.example.gov.cn'] }],
        nationalOffice: { email: ['pingxuan@cpad.example.gov.cn'] },
      }),
    );
    // The round runs into 2027, whose holiday schedule the State Council has not published yet: the office adds a year
    // as a data file (this one is the test's own, with New Year's Day only).
    const holidays = mkdtempSync(path.join(tmpdir(), 'holidays-'));
    writeFileSync(
      path.join(holidays, '2027.json'),
      JSON.stringify({ year: 2027, holidays: { '2027-01-01': '元旦' }, workdays: {} }),
    );
    calendar = ChineseCalendar.load(holidays);
    sys = await startSystem({
      timeSkipping: true,
      workerEnv: {
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        NOTIFICATION_ROUTES_FILE: routes,
        HOLIDAYS_DIR: holidays,
      },
    });
    // The system's own records of 阳泉市: a patrol whose rectification is due (Art. 16 (2)).
    patrolId = await walkPatrol(sys, 'yangquan', 1, 'feedback');
  });
  afterAll(async () => {
    await sys?.close();
    await smtp?.close();
  });

  test('the office opens the year’s round: quota per award, a nomination deadline on the deadline engine, every nominating unit told', async () => {
    const body = {
      year: 2026,
      quota: { striving: 1, contribution: 1, dedication: 0, innovation: 1 },
      nominationDue,
      units: ['taiyuan', 'datong', 'yangquan', 'dept-finance', 'jinzhong'],
    };
    expectStatus(await post(people.taiyuan, '/award-rounds', body), 403);
    expectStatus(
      await post(people.office, '/award-rounds', {
        ...body,
        quota: { striving: 0, contribution: 0, dedication: 0, innovation: 0 },
      }),
      422,
    );
    expectStatus(await post(people.office, '/award-rounds', { ...body, units: ['nowhere'] }), 422);
    expectStatus(await post(people.office, '/award-rounds', body), 201);
    const again = await post(people.office, '/award-rounds', body);
    expectStatus(again, 409);
    expect(again.headers.location).toMatch(/\/award-rounds\/award-round-2026$/);
    const r = await eventually(async () => {
      const x = await roundRecord();
      return x.deadlines?.length === 5 ? x : undefined;
    });
    expect(r.stage).toBe('nominating');
    expect(r.deadlines.map((t) => [t.kind, t.party.unit, t.deadline.dueDate])).toContainEqual([
      'award-nomination',
      'taiyuan',
      nominationDue,
    ]);
    expect(r.notifications.filter((n) => n.to.role === 'unit').length).toBeGreaterThanOrEqual(4);
    // The unit's to-do list shows the nomination due.
    const { tasks } = (await get(people.taiyuan, '/my/tasks')).json<{
      tasks: Array<{ url: string; dueDate?: string }>;
    }>();
    expect(tasks).toContainEqual(
      expect.objectContaining({ url: `/award-rounds/${round}/nominations`, dueDate: nominationDue }),
    );
  });

  test('基本条件 and 奋进奖: a nomination missing evidence for a basic condition cannot pass review until the unit supplies it', async () => {
    const without6 = evidence([...basic.slice(0, 5), 'striving-1']);
    expectStatus(
      await post(people.taiyuan, `/award-rounds/${round}/nominations`, {
        award: 'dedication',
        nominee: nominee('某', 'taiyuan'),
        deedsSummary: '事迹',
        evidence: without6,
      }),
      422, // 奉献奖 has no quota this year
    );
    const res = await post(people.taiyuan, `/award-rounds/${round}/nominations`, {
      award: 'striving',
      nominee: nominee('张三', 'taiyuan'),
      deedsSummary: '带领全村发展香菇产业，人均收入翻番',
      contacts: { phone: '13800000000' },
      evidence: without6,
    });
    expectStatus(res, 201);
    expect(res.json<{ incomplete?: string }>().incomplete).toContain('群众认可、社会公认');
    ids.zhang = res.json<{ nominationId: string }>().nominationId;
    await roundSees(ids.zhang, 'reviewing');

    // The office may not find a condition met that no evidence supports.
    const conditions = [...basic, 'striving-1', 'striving-2'];
    const met = await post(people.office, `/nominations/${ids.zhang}/review`, {
      conditions: allMet(conditions),
      weighing: [],
    });
    expectStatus(met, 422);
    expect(met.body).toContain('没有推荐单位提交的证明材料');
    // Not every condition reviewed: refused.
    expectStatus(
      await post(people.office, `/nominations/${ids.zhang}/review`, {
        conditions: allMet(basic.slice(0, 5)),
        weighing: [],
      }),
      422,
    );
    // Needs more: asked on the deadline engine.
    const asked = await post(people.office, `/nominations/${ids.zhang}/review`, {
      conditions: [
        ...allMet(basic.slice(0, 5)),
        { condition: 'basic-6', verdict: 'needs-more', reason: '请补充群众评议材料' },
        { condition: 'striving-1', verdict: 'met' },
        { condition: 'striving-2', verdict: 'not-met', reason: '本人脱贫，未带领他人' },
      ],
      weighing: [],
    });
    expectStatus(asked, 200);
    let n = asked.json<NominationRecord>();
    expect(n.stage).toBe('more-requested');
    expect(n.deadlines.find((t) => t.kind === 'award-evidence')?.party).toEqual({ role: 'unit', unit: 'taiyuan' });
    // Only the nominating unit supplies it; another unit cannot even see the nomination.
    expectStatus(
      await post(people.datong, `/nominations/${ids.zhang}/evidence`, { evidence: evidence(['basic-6']) }),
      404,
    );
    expectStatus(
      await post(people.taiyuan, `/nominations/${ids.zhang}/evidence`, { evidence: evidence(['basic-1']) }),
      422,
    );
    n = (
      await post(people.taiyuan, `/nominations/${ids.zhang}/evidence`, { evidence: evidence(['basic-6']) })
    ).json<NominationRecord>();
    expect(n.stage).toBe('reviewing');
    // Supporting files per condition, in the case store: the nominating unit and the overseers read them, nobody else.
    const upload = multipart({ condition: 'basic-5' }, [{ name: '产业台账.pdf', type: 'application/pdf', bytes: pdf }]);
    expectStatus(
      await sys.call(people.taiyuan, { method: 'POST', url: `/nominations/${ids.zhang}/files`, ...upload }),
      200,
    );
    const unseen = multipart({ condition: 'basic-6' }, [{ name: 'x.pdf', type: 'application/pdf', bytes: pdf }]);
    expectStatus(
      await sys.call(people.datong, { method: 'POST', url: `/nominations/${ids.zhang}/files`, ...unseen }),
      404,
    );
    const file = (await nomination(ids.zhang)).evidence.find((e) => e.condition === 'basic-5')!.attachments[0]!;
    expect(file.name).toBe('产业台账.pdf');
    expectStatus(await get(people.taiyuan, `/documents/${file.id}`), 200);
    expectStatus(await get(people.datong, `/documents/${file.id}`), 404);
    n = (
      await post(people.office, `/nominations/${ids.zhang}/review`, {
        conditions: [
          ...allMet([...basic, 'striving-1']),
          { condition: 'striving-2', verdict: 'not-met', reason: '本人脱贫' },
        ],
        weighing: [],
      })
    ).json<NominationRecord>();
    // 奋进奖: one of its two conditions suffices.
    expect([n.stage, n.reviews.at(-1)?.passed]).toEqual(['reviewed', true]);
    // The statements are in the case store; the nominating unit and the office read them and the sealed contacts.
    const seen = await nomination(ids.zhang, people.taiyuan);
    expect(seen.contacts).toEqual({ phone: '13800000000' });
    expect((seen.evidence as Array<{ statementText?: string }>)[0]!.statementText).toBe('basic-1的事迹说明');
    expect((await nomination(ids.zhang, people.leadingGroup)).contacts).toBeUndefined();
  });

  test('贡献奖 and the cross-checks: a unit with an overdue rectification shows it as a fact; the reviewer records how it was weighed', async () => {
    // Two calendar months and a day after feedback, and past the working morning after the due date: 阳泉市's
    // rectification is overdue (Art. 16 (2); issue 34 item 6).
    const rectification = (await record(sys, patrolId)).deadlines.find((t) => t.key === 'rectification')!;
    const { redAt } = noticeTimes(rectification.deadline, { remindersBeforeMs: [], escalationsAfterMs: [] }, calendar);
    await sys.advanceTo(Math.max((await sys.env.currentTimeMs()) + 63 * day, redAt + 60_000));
    await eventually(async () => {
      const r = await sys.store.unitRecord('yangquan', 2025);
      return r.rectifications.some((x) => x.status === 'overdue') ? true : undefined;
    });
    ids.li = await nominate(yangquan, {
      award: 'contribution',
      nominee: nominee('李四', 'yangquan'),
      deedsSummary: '驻村六年',
      evidence: evidence([...basic, 'contribution-1', 'contribution-2']),
    });
    const n = await eventually(async () => {
      const x = await nomination(ids.li);
      return x.crossChecks?.facts.length ? x : undefined;
    });
    const fact = n.crossChecks.facts.find((f) => f.kind === 'overdue-rectification');
    expect(fact).toMatchObject({ caseId: patrolId });
    expect(fact!.text).toContain('已逾期');
    // Need to know: the nominating unit sees neither the facts nor how they were weighed.
    const own = await nomination(ids.li, yangquan);
    expect([own.crossChecks, own.weighing, own.stage]).toEqual([undefined, undefined, 'reviewing']);
    const conditions = [
      ...allMet([...basic, 'contribution-1']),
      { condition: 'contribution-2', verdict: 'not-met', reason: '任务完成情况一般' },
    ];
    const unweighed = await post(people.office, `/nominations/${ids.li}/review`, { conditions, weighing: [] });
    expectStatus(unweighed, 422);
    expect(unweighed.body).toContain('本系统记录');
    const weighing = n.crossChecks.facts.map((f) => ({ fact: f.id, note: '整改逾期由市级承担，与本人履职无直接关系' }));
    const reviewed = (
      await post(people.office, `/nominations/${ids.li}/review`, { conditions, weighing })
    ).json<NominationRecord>();
    // 贡献奖 asks for every one of its conditions: not passed.
    expect([reviewed.stage, reviewed.reviews.at(-1)?.passed, reviewed.weighing.length]).toEqual([
      'reviewed',
      false,
      weighing.length,
    ]);
  });

  test('创新奖 and the rest of the field: reviewed and passed', async () => {
    // A retried request (the same Idempotency-Key) is the same nomination, once.
    const wang = {
      award: 'innovation',
      nominee: nominee('王五', 'datong'),
      deedsSummary: '首创“扶贫车间”模式',
      evidence: evidence([...basic, 'innovation-1', 'innovation-2']),
    };
    const first = await post(people.datong, `/award-rounds/${round}/nominations`, wang, {
      'idempotency-key': 'wang-nomination-1',
    });
    const retried = await post(people.datong, `/award-rounds/${round}/nominations`, wang, {
      'idempotency-key': 'wang-nomination-1',
    });
    expectStatus(retried, 201);
    ids.wang = first.json<{ nominationId: string }>().nominationId;
    expect(retried.json<{ nominationId: string }>().nominationId).toBe(ids.wang);
    const reused = await post(
      people.datong,
      `/award-rounds/${round}/nominations`,
      { ...wang, deedsSummary: '另一份' },
      { 'idempotency-key': 'wang-nomination-1' },
    );
    expectStatus(reused, 422);
    expect((await roundRecord()).nominations.filter((n) => n.nominee.name === '王五')).toHaveLength(1);
    ids.zhao = await nominate(finance, {
      award: 'striving',
      nominee: nominee('赵六', 'taiyuan'),
      deedsSummary: '自主创业脱贫',
      evidence: evidence([...basic, 'striving-1']),
    });
    for (const [id, conditions] of [
      [ids.wang, [...basic, 'innovation-1', 'innovation-2']],
      [ids.zhao, [...basic, 'striving-1', 'striving-2']],
    ] as const) {
      const n = await eventually(async () => {
        const x = await nomination(id);
        return x.crossChecks?.at && x.stage === 'reviewing' ? x : undefined;
      });
      const review = {
        conditions: conditions.map((c) =>
          n.evidence.some((e) => e.condition === c)
            ? { condition: c, verdict: 'met' }
            : { condition: c, verdict: 'not-met', reason: '未涉及' },
        ),
        weighing: n.crossChecks.facts.map((f) => ({ fact: f.id, note: '不影响' })),
      };
      const r = (await post(people.office, `/nominations/${id}/review`, review)).json<NominationRecord>();
      expect([r.stage, r.reviews.at(-1)?.passed]).toEqual(['reviewed', true]);
    }
  });

  test('a late nomination is recorded as late and goes forward only if the office accepts it with a reason', async () => {
    await sys.advanceTo(DateTime.fromISO(nominationDue, { zone: 'Asia/Shanghai' }).endOf('day').toMillis() + day);
    await eventually(async () => ((await roundRecord()).stage === 'reviewing' ? true : undefined));
    ids.late1 = await nominate(people.datong, {
      award: 'innovation',
      nominee: nominee('周八', 'datong'),
      deedsSummary: '逾期报送',
      evidence: evidence([...basic, 'innovation-1', 'innovation-2']),
    });
    ids.late2 = await nominate(finance, {
      award: 'contribution',
      nominee: nominee('孙七', 'dept-finance'),
      deedsSummary: '统筹整合涉农资金',
      evidence: evidence([...basic, 'contribution-1', 'contribution-2']),
    });
    const late = await eventually(async () => {
      const x = await nomination(ids.late1);
      return x.stage === 'late-pending' ? x : undefined;
    });
    expect(late.submitted.late).toBe(true);
    // Not reviewed while the office has not accepted it.
    expectStatus(
      await post(people.office, `/nominations/${ids.late1}/review`, { conditions: allMet(basic), weighing: [] }),
      409,
    );
    expectStatus(
      await post(people.office, `/nominations/${ids.late1}/late-decision`, { accept: true, reason: ' ' }),
      422,
    );
    expectStatus(
      await post(people.datong, `/nominations/${ids.late1}/late-decision`, { accept: true, reason: '理由' }),
      403,
    );
    const refused = (
      await post(people.office, `/nominations/${ids.late1}/late-decision`, {
        accept: false,
        reason: '超过截止日期且无正当理由',
      })
    ).json<NominationRecord>();
    expect([refused.stage, refused.closed]).toEqual(['refused', true]);
    await eventually(async () => ((await nomination(ids.late2)).stage === 'late-pending' ? true : undefined));
    const accepted = (
      await post(people.office, `/nominations/${ids.late2}/late-decision`, {
        accept: true,
        reason: '因系统故障延误，经核实予以接收',
      })
    ).json<NominationRecord>();
    expect(accepted.stage).toBe('reviewing');
    const n = await nomination(ids.late2);
    const r = (
      await post(people.office, `/nominations/${ids.late2}/review`, {
        conditions: allMet([...basic, 'contribution-1', 'contribution-2']),
        weighing: n.crossChecks.facts.map((f) => ({ fact: f.id, note: '不影响' })),
      })
    ).json<NominationRecord>();
    expect(r.reviews.at(-1)?.passed).toBe(true);
  });

  test('the leading group decides the list within the quota per award, with a reason for each rejection', async () => {
    for (const id of [ids.zhang, ids.li, ids.wang, ids.zhao, ids.late2]) await roundSees(id, 'reviewed');
    await roundSees(ids.late1, 'refused');
    expectStatus(await post(people.leadingGroup, `/award-rounds/${round}/review-closed`, {}), 403);
    const closed = await post(people.office, `/award-rounds/${round}/review-closed`, { note: '审核完毕' });
    expectStatus(closed, 200);
    // 晋中市 neither nominated nor said it had nobody: its item was overdue, and is no longer waited for.
    const jinzhong = closed.json<AwardRoundRecord>().deadlines.find((t) => t.party.unit === 'jinzhong');
    expect([jinzhong?.status, closed.json<AwardRoundRecord>().awaiting.map((a) => a.role)]).toEqual([
      'closed',
      ['leading-group'],
    ]);
    const both = await post(people.leadingGroup, `/award-rounds/${round}/list`, {
      selected: [ids.zhang, ids.zhao, ids.wang, ids.late2],
      rejected: [{ nominationId: ids.li, reason: '审核未通过' }],
    });
    expectStatus(both, 422);
    expect(both.body).toContain('奋进奖推荐名额为1名');
    const failed = await post(people.leadingGroup, `/award-rounds/${round}/list`, {
      selected: [ids.zhang, ids.wang, ids.li],
      rejected: [
        { nominationId: ids.zhao, reason: '名额所限' },
        { nominationId: ids.late2, reason: '名额所限' },
      ],
    });
    expectStatus(failed, 422);
    expect(failed.body).toContain('未通过审核');
    expectStatus(
      await post(people.leadingGroup, `/award-rounds/${round}/list`, {
        selected: [ids.zhang, ids.wang, ids.late2],
        rejected: [{ nominationId: ids.zhao, reason: '名额所限' }],
      }),
      422, // 李四 neither listed nor rejected
    );
    const decided = await post(people.leadingGroup, `/award-rounds/${round}/list`, {
      selected: [ids.zhang, ids.wang, ids.late2],
      rejected: [
        { nominationId: ids.zhao, reason: '名额所限，事迹相对较弱' },
        { nominationId: ids.li, reason: '审核未通过' },
      ],
    });
    expectStatus(decided, 200);
    const r = decided.json<AwardRoundRecord>();
    expect(r.stage).toBe('publicizing');
    const zhao = await eventually(async () => {
      const x = await nomination(ids.zhao, finance);
      return x.closed ? x : undefined;
    });
    expect([zhao.stage, zhao.outcome?.reason]).toEqual(['not-selected', '名额所限，事迹相对较弱']);
  });

  test('公示: the list is published without contacts; the period runs on the deadline engine; an objection blocks the close until decided', async () => {
    const r = await roundRecord();
    expect(r.publicity?.rule).toBe('5个工作日');
    const published = await eventually(async () => {
      const res = await get(undefined, `/award-rounds/${round}/publicity`);
      return res.statusCode === 200 ? res : undefined;
    });
    expect(published.json<{ entries: unknown[] }>().entries).toHaveLength(3);
    expect(published.body).toContain('带领全村发展香菇产业');
    expect(published.body).not.toContain('13800000000');
    expect((await get(undefined, `/bulletin/${round}`)).body).not.toContain('13800000000');

    const lodge = (nominationId: string, what: string) =>
      post(undefined, `/award-rounds/${round}/objections`, {
        nominationId,
        what,
        name: '匿名群众',
        contact: '13900000000',
      });
    expectStatus(await lodge(ids.zhao, '不在名单上'), 422);
    const first = await lodge(ids.zhang, '张三家庭收入来源不实');
    expectStatus(first, 201);
    const receipt = first.json<{ receipt: string }>().receipt;
    // The workbench's public page (no sign-in): the list without contacts, and the objection form, anonymous.
    const visitor = browserOf(sys);
    const listPage = await visitor.get('/workbench/public/awards');
    expect(listPage.statusCode).toBe(200);
    expect(listPage.body).toContain('2026年度全国脱贫攻坚奖推荐对象公示');
    expect(listPage.body).toContain('带领全村发展香菇产业');
    expect(listPage.body).not.toContain('13800000000');
    expect((await get(undefined, '/award-publicity')).json<{ lists: Array<{ roundId: string }> }>().lists).toEqual([
      expect.objectContaining({ roundId: round }),
    ]);
    const blank = await visitor.post(`/workbench/public/awards/${round}/objection`, {
      _csrf: csrfOf(listPage.body),
      nominationId: ids.wang,
      what: '   ',
    });
    // Refused with the case's own reason, what was chosen kept, nothing lodged.
    expect([blank.statusCode, blank.body.includes('请写明异议内容')]).toEqual([422, true]);
    expect(blank.body).toMatch(new RegExp(`value="${ids.wang}"[^>]*(checked|selected)`));
    expect((await roundRecord()).objections).toHaveLength(1);
    const lodged = await visitor.post(`/workbench/public/awards/${round}/objection`, {
      _csrf: csrfOf(blank.body),
      nominationId: ids.wang,
      what: '王五的模式并非首创',
    });
    expect(lodged.statusCode).toBe(201);
    const wangReceipt = /<p class="receipt mono">([^<]+)<\/p>/.exec(lodged.body)![1]!;
    const lookup = await visitor.get(`/workbench/public/receipt?round=${round}`);
    const status = await visitor.post(`/workbench/public/receipt?round=${round}`, {
      _csrf: csrfOf(lookup.body),
      receipt: wangReceipt,
    });
    expect([status.statusCode, status.body.includes('已受理，正在核查')]).toEqual([200, true]);
    expect((await get(undefined, `/award-rounds/${round}/objections/${receipt}`)).json()).toMatchObject({
      status: 'received',
    });
    // The objector's identity never reaches the round.
    const withObjections = await roundRecord();
    expect(withObjections.objections).toHaveLength(2);
    expect(JSON.stringify(withObjections)).not.toContain('13900000000');
    // The office reads who objected; the leading group reads what, never who.
    const objectionUrl = `/award-rounds/${round}/objections/${withObjections.objections[0]!.objectionId}`;
    const forOffice = (await get(people.office, objectionUrl)).json<{ what: string; objector?: { contact: string } }>();
    expect([forOffice.what, forOffice.objector?.contact]).toEqual(['张三家庭收入来源不实', '13900000000']);
    const forLeadingGroup = await get(people.leadingGroup, objectionUrl);
    expect(forLeadingGroup.json()).toMatchObject({ what: '张三家庭收入来源不实' });
    expect(forLeadingGroup.body).not.toContain('13900000000');
    expectStatus(await get(people.taiyuan, objectionUrl), 404);

    // The period ends; the round waits for the objections to be decided, and takes no more.
    await sys.advanceTo(Date.parse(r.publicity!.dueAt) + 60_000);
    const ended = await eventually(async () => {
      const x = await roundRecord();
      return x.publicity?.ended ? x : undefined;
    });
    expect(ended.stage).toBe('publicizing');
    expectStatus(await lodge(ids.late2, '公示期后的异议'), 409);

    const [zhangObjection, wangObjection] = ended.objections;
    const decide = (o: typeof zhangObjection, upheld: boolean, reason: string) =>
      post(people.leadingGroup, `/award-rounds/${round}/objections/${o!.objectionId}/decision`, { upheld, reason });
    expectStatus(await decide(zhangObjection, true, '核查属实'), 409); // not investigated yet
    for (const o of [zhangObjection, wangObjection])
      expectStatus(
        await post(people.office, `/award-rounds/${round}/objections/${o!.objectionId}/investigation`, {
          findings: '经实地核查',
        }),
        200,
      );
    expectStatus(await decide(zhangObjection, true, '经核查，家庭收入来源与申报不符'), 200);
    expect((await roundRecord()).stage).toBe('publicizing');
    expectStatus(await decide(wangObjection, false, '经核查，该模式系其首创'), 200);
    expect((await get(undefined, `/award-rounds/${round}/objections/${receipt}`)).json()).toMatchObject({
      status: 'upheld',
    });

    const zhang = await eventually(async () => {
      const x = await nomination(ids.zhang, people.taiyuan);
      return x.stage === 'withdrawn' ? x : undefined;
    });
    expect(zhang.outcome?.reason).toBe('经核查，家庭收入来源与申报不符');
    const list = (await get(undefined, `/award-rounds/${round}/publicity`)).json<{
      entries: Array<{ name: string; status: string }>;
    }>();
    expect(list.entries.find((e) => e.name === '张三')?.status).toBe('withdrawn');
  });

  test('the materials (推荐报告, 推荐表) are signed by the leading group and sent to the national office; the round records it', async () => {
    const drafted = await eventually(async () => {
      const x = await roundRecord();
      return x.stage === 'signing' ? x : undefined;
    });
    expect(drafted.materials!.documents.map((d) => d.id)).toEqual(['report', `form-${ids.wang}`, `form-${ids.late2}`]);
    const form = await get(people.office, `/award-rounds/${round}/documents/form-${ids.wang}?format=html`);
    expectStatus(form, 200);
    expect(form.body).toContain('王五');
    expect(form.body).toContain('innovation-1的事迹说明');
    const report = await get(people.leadingGroup, `/award-rounds/${round}/documents/report?format=html`);
    expect(report.body).toContain('关于推荐2026年度全国脱贫攻坚奖候选对象的报告');
    expect(report.body).not.toContain('张三');
    expectStatus(await get(people.taiyuan, `/award-rounds/${round}/documents`), 403);
    expectStatus(await post(people.office, `/award-rounds/${round}/materials/signature`, {}), 403);
    expectStatus(
      await post(people.leadingGroup, `/award-rounds/${round}/materials/signature`, { note: '同意报送' }),
      200,
    );
    const sent = await eventually(async () => {
      const x = await roundRecord();
      return x.closed ? x : undefined;
    }, 20_000);
    expect([sent.stage, sent.materials?.sent?.channel, sent.materials?.sent?.to]).toEqual([
      'submitted',
      'email',
      ['pingxuan@cpad.example.gov.cn'],
    ]);
    const mail = await eventually(() =>
      Promise.resolve(smtp.mails.find((m) => m.to.includes('pingxuan@cpad.example.gov.cn'))),
    );
    expect(mail.attachments).toHaveLength(3);
    expect(mail.subject).toContain('关于推荐2026年度全国脱贫攻坚奖候选对象的报告');
    // Issue 30 item 8: the covering report was numbered when it was signed (the round's store write); the reading shows it.
    const given = await sys.store.givenNumber(round, 'report');
    expect(given?.number).toMatch(/^晋脱贫报〔\d{4}〕\d+号$/);
    const numbered = await get(people.leadingGroup, `/award-rounds/${round}/documents/report?format=html`);
    expect([numbered.body.includes(given!.number), numbered.headers['x-document-number']]).toEqual([true, undefined]);
    await eventually(async () => ((await nomination(ids.wang)).stage === 'submitted' ? true : undefined));
    if (process.env.RECORD_HISTORIES) {
      for (const [id, file] of [
        [round, 'award-round.json'],
        [ids.wang, 'award-nomination-submitted.json'],
        [ids.zhang, 'award-nomination-withdrawn.json'],
        [ids.late1, 'award-nomination-late-refused.json'],
      ] as const)
        recordHistory(file, historyToJSON(await sys.env.client.workflow.getHandle(id).fetchHistory()));
    }

    const stats = (await get(people.committee, `/award-rounds/${round}/statistics`)).json<{
      byAward: Array<Record<string, unknown>>;
    }>();
    expect(stats.byAward.find((a) => a.award === 'striving')).toMatchObject({
      nominated: 2,
      listed: 1,
      withdrawn: 1,
      objectionsUpheld: 1,
    });
    expect(stats.byAward.find((a) => a.award === 'contribution')).toMatchObject({
      nominated: 2,
      late: 1,
      submitted: 1,
    });
  });

  test('need to know: a nominating unit sees its own nominations only; other roles see nothing of the round', async () => {
    const own = (await get(people.taiyuan, `/award-rounds/${round}`)).json<AwardRoundRecord>();
    expect(own.nominations.map((n) => n.nominationId)).toEqual([ids.zhang]);
    expect([own.objections, own.list, own.materials]).toEqual([undefined, undefined, undefined]);
    expectStatus(await get(people.groupLeader, `/award-rounds/${round}`), 404);
    expectStatus(await get(people.discipline, `/nominations/${ids.wang}`), 404);
    expectStatus(await get(people.datong, `/nominations/${ids.zhang}`), 404);
    expectStatus(await get(undefined, `/award-rounds/${round}`), 401);
  });
});
