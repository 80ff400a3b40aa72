/**
 * Issue 34, "Who decides": what the measures give to whom, on a real dev server through HTTP. Each test names the
 * article it proves.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CaseClaims } from '../../lib/infra/tokens';
import type { PatrolCaseRecord } from '../../workflows/patrol/contract';
import type { SupervisionCaseRecord } from '../../workflows/supervision/contract';
import type { NominationRecord } from '../../workflows/nomination/contract';
import { startSmtpServer } from '../helpers/channels';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';
import { proposePatrol, record, step, suggestionGrounds, walkPatrol } from '../helpers/patrol';
import { reportIdOf } from '../../lib/public-reports/receipts';

/** Units with their own address, and the units' default address (every other unit of the registry). */
const unitRoutes = [
  { role: 'unit', unit: 'taiyuan', email: ['taiyuan@units.test'] },
  { role: 'unit', unit: 'taiyuan-loufan', email: ['loufan@units.test'] },
  { role: 'unit', unit: 'dept-audit', email: ['audit@units.test'] },
  { role: 'unit', email: ['units@fpb.test'] },
];

describe('Issue 34: who decides (real dev server, HTTP)', () => {
  let sys: TestSystem;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    const routes = path.join(mkdtempSync(path.join(tmpdir(), 'routes-')), 'routes.json');
    const roles = ['office', 'leading-group', 'committee', 'discipline'].map((role) => ({
      role,
      email: [`${role}@fpb.test`],
    }));
    writeFileSync(routes, JSON.stringify({ webhooks: {}, routes: [...roles, ...unitRoutes] }));
    sys = await startSystem({
      workerEnv: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, NOTIFICATION_ROUTES_FILE: routes },
    });
  });
  afterAll(async () => {
    await sys?.close();
    await smtp?.close();
  });

  const post = (who: Parameters<TestSystem['call']>[0], url: string, payload: object) =>
    sys.call(who, { method: 'POST', url, payload });

  test('Art. 15 (2): a handling suggestion states how the problem is 群众反映强烈、明显违反规定且应当及时解决, else 422 citing 第十五条', async () => {
    const id = await walkPatrol(sys, 'taiyuan', 341, 'field-work');
    const leader = people.groupLeader;
    const url = `/patrols/${id}/handling-suggestions`;
    const none = await post(leader, url, { summary: '立即停止违规拨付' });
    expect(none.statusCode).toBe(422);
    expect(none.json<{ message: string }>().message).toContain('第十五条第（二）项');
    expect(none.json<{ message: string }>().message).toContain('群众反映强烈、明显违反规定、应当及时解决');
    const two = await post(leader, url, { summary: '立即停止违规拨付', ...suggestionGrounds, urgency: ' ' });
    expect(two.statusCode).toBe(422);
    expect(two.json<{ message: string }>().message).toMatch(/请写明应当及时解决的情况$/);
    expect((await record(sys, id)).suggestions).toHaveLength(0);

    const r = await step(sys, leader, id, 'handling-suggestions', {
      summary: '立即停止违规拨付',
      ...suggestionGrounds,
    });
    expect(r.suggestions[0]).toMatchObject({ addressee: '中共太原市委、太原市人民政府', grounds: suggestionGrounds });
    expect(r.events.map((e) => e.summary)).toContain('向中共太原市委、太原市人民政府提出处理建议1');
  });

  test('Art. 15 (2): to a provincial department the suggestion goes to its 党委（党组）', async () => {
    const id = await walkPatrol(sys, 'dept-education', 342, 'field-work');
    const r: PatrolCaseRecord = await step(sys, people.groupLeader, id, 'handling-suggestions', {
      summary: '立即纠正违规收费',
      ...suggestionGrounds,
    });
    expect(r.suggestions[0]!.addressee).toBe('省教育厅党委（党组）');
    expect(r.events.map((e) => e.summary)).toContain('向省教育厅党委（党组）提出处理建议1');
  });

  test('Art. 5, 12: a report the office proposes a patrol on reads 正在研究处理 until the committee approves the patrol, then 作为督查巡查工作的依据', async () => {
    const filed = await sys.call(undefined, {
      method: 'POST',
      url: '/public-reports',
      payload: { targetUnit: 'shuozhou', what: '某村扶贫项目资金被挪用' },
    });
    expect(filed.statusCode).toBe(201);
    const { receipt } = filed.json<{ receipt: string }>();
    const reportId = reportIdOf(receipt);
    const receiptNow = async () =>
      (await sys.call(undefined, { method: 'GET', url: `/public-reports/${receipt}` })).json<{
        status: string;
        statusLabel: string;
      }>();
    const office = async (p: string, body: object) =>
      expect((await post(people.office, `/public-reports/${reportId}/${p}`, body)).statusCode).toBe(200);
    await eventually(async () => ((await receiptNow()).status === 'received' ? true : undefined));
    await office('registration', { summary: '反映扶贫项目资金被挪用' });
    await office('decision', { action: 'propose-patrol', reason: '问题线索具体，建议巡查' });
    expect(await receiptNow()).toMatchObject({ status: 'proposed', statusLabel: '已受理，正在研究处理' });

    // The leading group proposes the patrol on the report: still nothing decided.
    const patrolId = await proposePatrol(sys, 'shuozhou', 348, { reportIds: [reportId] });
    await eventually(async () => ((await record(sys, patrolId)).citedReports?.length ? true : undefined));
    expect((await receiptNow()).status).toBe('proposed');
    // Art. 12: the committee approves; now the report is the patrol's grounds.
    await step(sys, people.committee, patrolId, 'approval', { decision: 'approve' });
    const accepted = await eventually(async () => {
      const x = await receiptNow();
      return x.status === 'accepted' ? x : undefined;
    });
    expect(accepted.statusLabel).toBe('已受理，作为督查巡查工作的依据');
    expect(JSON.stringify(accepted)).not.toContain('patrol');
  });

  /** A special supervision of `unit` walked to field work (Art. 6, 7, 10 (1)). */
  async function supervisionInFieldWork(unit: string, serial: number) {
    const id = `supervision-2026-${unit}-${String(serial).padStart(4, '0')}`;
    const leader: CaseClaims = { sub: `gl-${serial}`, role: 'group-leader', group: `sg-${serial}`, name: '组长 刘强' };
    const act = async (who: CaseClaims, p: string, body: object) => {
      const res = await post(who, `/supervisions/${id}/${p}`, body);
      if (res.statusCode !== 200) throw new Error(`${p}: ${res.statusCode} ${res.body}`);
      return res.json<SupervisionCaseRecord>();
    };
    const started = await post(people.office, '/supervisions', {
      year: 2026,
      serial,
      targetUnit: unit,
      topic: '产业扶贫',
    });
    expect(started.statusCode).toBe(201);
    await act(people.leadingGroup, 'approval', { decision: 'approve' });
    await act(people.office, 'group', {
      group: {
        id: `sg-${serial}`,
        leader: { name: '刘强', rank: 'department', unit: 'dept-poverty-alleviation' },
        members: [{ name: '赵敏', unit: 'dept-finance' }],
      },
    });
    await act(leader, 'work-plan', { summary: '实施方案' });
    return { id, leader, act };
  }

  /** The same, with one finding under `keyContent` (Art. 9) and the written report (Art. 10 (3)). */
  async function supervisionToResults(unit: string, serial: number, keyContent: number) {
    const s = await supervisionInFieldWork(unit, serial);
    const r = await s.act(s.leader, 'findings', {
      keyContent,
      methods: ['document-review'],
      summary: '政策落实不到位',
    });
    await s.act(s.leader, 'report', { situation: '情况', problems: '问题', opinions: '意见', suggestions: '建议' });
    return { ...s, finding: r.findings[0]! };
  }

  test('Art. 11 (1): a commendation after the results, circulated (通报全省) to every city, county and provincial department of the registry', async () => {
    const { id, act } = await supervisionToResults('taiyuan', 343, 1);
    let r = await act(people.leadingGroup, 'results', {
      summary: '总体较好',
      rectificationRequirements: ['加快资金拨付'],
    });
    expect(r.stage).toBe('rectification');
    r = await act(people.leadingGroup, 'commendation', { citation: '产业扶贫经验值得推广', circulate: true });
    expect(r.commendation).toMatchObject({ citation: '产业扶贫经验值得推广', circulated: true });
    // One notice, routed to each unit's own address, and once to the default address for every unit without one.
    const circular = await eventually(async () => {
      const x = (await sys.call(people.office, { method: 'GET', url: `/cases/${id}` })).json<SupervisionCaseRecord>();
      const n = x.notifications.find((m) => m.notificationId === `${id}:commendation-circular`);
      return n?.deliveries.every((d) => d.status === 'delivered') ? n : undefined;
    }, 20_000);
    expect(circular.deliveries.map((d) => d.target).sort()).toEqual(
      ['audit@units.test', 'loufan@units.test', 'taiyuan@units.test', 'units@fpb.test'].sort(),
    );
    const mails = smtp.mails.filter((m) => m.notificationId === `${id}:commendation-circular`);
    expect(mails.flatMap((m) => m.to).sort()).toEqual(circular.deliveries.map((d) => d.target).sort());
    expect(mails[0]!.subject).toContain('予以通报表扬的通报');
    // Once: a second commendation is refused (409).
    expect((await post(people.leadingGroup, `/supervisions/${id}/commendation`, { citation: '再次' })).statusCode).toBe(
      409,
    );
  });

  test('Art. 9 (2): a supervision finding under 《实施意见》和其他重大政策措施落实情况', async () => {
    const { finding } = await supervisionToResults('datong', 344, 2);
    expect(finding).toMatchObject({ keyItem: 2, summary: '政策落实不到位' });
  });

  test('Art. 14 (5): a patrol finding under 违反贫困县约束机制，发生禁止行为事项', async () => {
    const id = await walkPatrol(sys, 'xinzhou', 345, 'field-work');
    const r = await step(sys, people.groupLeader, id, 'findings', {
      keyProblem: 5,
      methods: ['field-survey'],
      summary: '贫困县违规新建楼堂馆所',
    });
    expect(r.findings[0]).toMatchObject({ keyItem: 5, summary: '贫困县违规新建楼堂馆所' });
    expect(r.events.map((e) => e.summary).join('\n')).toContain('记录问题1（第十四条第（五）项');
  });

  test("Art. 4: a supervision's findings are filed under Art. 9's key contents, a patrol's under Art. 14's; the other's list is refused", async () => {
    const sup = await supervisionInFieldWork('yangquan', 346);
    const underArt14 = await post(sup.leader, `/supervisions/${sup.id}/findings`, {
      keyProblem: 3,
      methods: ['document-review'],
      summary: '挪用扶贫资金',
    });
    // Refused at the door (400, in Chinese): the supervision's step has no field for Art. 14's list.
    expect(underArt14.statusCode).toBe(400);
    expect(underArt14.json<{ message: string }>().message).toMatch(/keyContent|keyProblem/);
    const r = await sup.act(sup.leader, 'findings', {
      keyContent: 5,
      methods: ['document-review'],
      summary: '资金整合滞后',
    });
    expect(r.findings.map((f) => f.keyItem)).toEqual([5]);

    const patrolId = await walkPatrol(sys, 'jinzhong', 347, 'field-work');
    const underArt9 = await post(people.groupLeader, `/patrols/${patrolId}/findings`, {
      keyContent: 1,
      methods: ['interview'],
      summary: '目标责任未落实',
    });
    expect(underArt9.statusCode).toBe(400);
    expect(underArt9.json<{ message: string }>().message).toMatch(/keyContent|keyProblem/);
    expect((await record(sys, patrolId)).findings).toHaveLength(0);
  });

  test('奉献奖 (Part 1): both of its conditions are required; the office reviews each, and one not met fails the nomination', async () => {
    const due = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const opened = await post(people.office, '/award-rounds', {
      year: 2026,
      quota: { striving: 0, contribution: 0, dedication: 2, innovation: 0 },
      nominationDue: due,
      units: ['jincheng', 'linfen'],
    });
    expect(opened.statusCode).toBe(201);
    // Units with no case in this file: their records give the reviewer nothing to weigh.
    const jincheng: CaseClaims = { sub: 'unit-jc', role: 'unit', unit: 'jincheng', name: '晋城市 秦' };
    const linfen: CaseClaims = { sub: 'unit-lf', role: 'unit', unit: 'linfen', name: '临汾市 郑' };
    const basic = ['basic-1', 'basic-2', 'basic-3', 'basic-4', 'basic-5', 'basic-6'];
    const conditions = [...basic, 'dedication-1', 'dedication-2'];
    const nominate = async (who: CaseClaims, name: string) => {
      const res = await eventually(async () => {
        const x = await post(who, '/award-rounds/award-round-2026/nominations', {
          award: 'dedication',
          nominee: { kind: 'person', name, workUnit: `${name}所在企业`, position: '董事长', unitCode: who.unit },
          deedsSummary: '企业出资帮扶贫困村发展产业',
          evidence: conditions.map((condition) => ({ condition, statement: `${condition}的事迹说明` })),
        });
        return x.statusCode === 201 ? x : undefined;
      }, 20_000);
      return res.json<{ nominationId: string }>().nominationId;
    };
    const review = async (id: string, verdicts: Array<{ condition: string; verdict: string; reason?: string }>) => {
      await eventually(async () => {
        const x = await sys.call(people.office, { method: 'GET', url: `/nominations/${id}` });
        return x.statusCode === 200 && x.json<NominationRecord>().stage === 'reviewing' ? true : undefined;
      }, 20_000);
      const res = await post(people.office, `/nominations/${id}/review`, { conditions: verdicts, weighing: [] });
      expect([res.statusCode, res.statusCode === 200 ? '' : res.body]).toEqual([200, '']);
      return res.json<NominationRecord>();
    };
    const met = (ids: string[]) => ids.map((condition) => ({ condition, verdict: 'met' }));

    const passes = await review(await nominate(jincheng, '李明'), met(conditions));
    expect([passes.stage, passes.reviews.at(-1)?.passed]).toEqual(['reviewed', true]);
    const fails = await review(await nominate(linfen, '王刚'), [
      ...met([...basic, 'dedication-1']),
      { condition: 'dedication-2', verdict: 'not-met', reason: '帮扶效果尚不显著' },
    ]);
    // 奉献奖 asks for all of its conditions (奋进奖 alone takes one of two).
    expect(fails.reviews.at(-1)?.passed).toBe(false);
  });
});
