import type { CaseClaims } from '../../lib/infra/tokens';
import { patrolMainPath, proposal, walkPeople } from '../../scripts/patrol-walk';
import type { CaseRecord } from '../../workflows/engine/record';
import { roles } from '../../workflows/domain';
import { patrolStages } from '../../workflows/patrol/stages';
import { supervisionStages } from '../../workflows/supervision/stages';
import { routesFile, startSmtpServer } from '../helpers/channels';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';

/**
 * The house rules of the Chinese the system writes (issue 14): what an official reads never holds an English article
 * citation, a machine id (a case, round or group id), an English role name, an ISO timestamp or a stage code. This walks
 * a whole patrol and a whole special supervision through HTTP on a real server, with a real SMTP server receiving every
 * notice, and reads every text people see: the record's events, awaited steps, deadlines and notices, the mails, the
 * refusals met on the way, the documents, and the summary Temporal UI shows.
 */
const rules: Array<[string, RegExp]> = [
  ['English article citation', /\bArt\.\s*\d/],
  ['case id', /\b(?:patrol|supervision)-\d{4}-[a-z][a-z0-9-]*-\d{4}\b/],
  ['round or plan id', /\bsupervision-(?:round|plan)-\d{4}/],
  ['group id', /\b[a-z]*g-\d{4}-\d{2}\b/],
  [
    'English role name',
    new RegExp(`(?<![A-Za-z/-])(?:${roles.filter((r) => r !== 'unit' && r !== 'public').join('|')})(?![A-Za-z-])`),
  ],
  ['ISO timestamp', /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/],
  ['date not written in Chinese', /\b\d{4}-\d{2}-\d{2}\b|23:59:59/],
  ['"案件" for a supervision or patrol', /案件/],
  ['an order up the hierarchy', /请督办|【待审批】/],
  ['spaces around a number in Chinese', /[\u4e00-\u9fa5] \d+ [\u4e00-\u9fa5]/],
  ['a machine word', /\b(?:COMPLETED|RUNNING|TERMINATED)\b|（允许：/],
  [
    'stage code',
    new RegExp(
      `(?<![A-Za-z/-])(?:${[...new Set([...patrolStages, ...supervisionStages])].filter((s) => s.includes('-')).join('|')})(?![A-Za-z-])`,
    ),
  ],
];

/** Every rule a text breaks, with the text (an id may stand in a link, which people open, not read). */
function lint(texts: Array<[string, string]>): string[] {
  return texts.flatMap(([where, text]) => {
    const prose = text.replace(/https?:\/\/\S+/g, '');
    return rules.filter(([, re]) => re.test(prose)).map(([rule]) => `${rule} in ${where}: ${text}`);
  });
}

describe('House rules of the Chinese the system writes (issue 14): a whole patrol and a whole supervision', () => {
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
    seen('stage', r.stageLabel);
    for (const e of r.events) seen(`event ${e.action}`, e.summary);
    for (const a of r.awaiting) seen(`awaiting ${a.step}`, a.label);
    for (const d of r.deadlines) {
      seen(`deadline ${d.key}`, d.label);
      seen(`deadline ${d.key} due`, d.deadline.label);
    }
    for (const n of r.notifications) seen(`notice ${n.notificationId}`, n.subject);
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    const routes = routesFile(
      roles.filter((r) => r !== 'public').map((role) => ({ role, email: [`${role}@fpb.test`] })),
    );
    sys = await startSystem({
      workerEnv: {
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        NOTIFICATION_ROUTES_FILE: routes,
        PUBLIC_URL: 'https://dcxc.fpb.test',
      },
    });
  });
  afterAll(async () => {
    await sys?.close();
    await smtp?.close();
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
});
