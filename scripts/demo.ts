// `npm run demo`: one patrol case from proposal to closing, driven through the HTTP API of a demo instance
// (its own ports and data in .data/demo, and a compressed deadline policy: rectification due in 1 minute,
// reminders 30/15/5 seconds before, escalations 10 and 20 seconds after). It prints each step and the
// Temporal UI link, then keeps running until Ctrl-C so you can look around.
// `npm run demo:supervision`: this year's annual plan and comprehensive round of the 11 cities with cross
// inspection (a Temporal Schedule and 11 child cases), walked to the consolidated report.
// `npm run demo:awards`: the year's national poverty-alleviation award recommendations (Part 1) with two awards: two
// nominations reviewed condition by condition, the list decided and published (公示), one objection upheld and one
// dismissed, the materials signed and filed.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { projectRoot } from '../lib/infra/tools';

const demoEnv = {
  DATA_DIR: '.data/demo',
  TEMPORAL_PORT: '7243',
  TEMPORAL_UI_PORT: '8243',
  PORT: '3010',
  DEADLINE_POLICY_FILE: path.join(projectRoot, 'data', 'deadline-policy.demo.json'),
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
};
Object.assign(process.env, { ...demoEnv, ...pick(process.env, ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE']) });

function pick(env: NodeJS.ProcessEnv, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.filter((k) => env[k]).map((k) => [k, env[k]!]));
}

type Json = Record<string, unknown> & { stage?: string; stageLabel?: string };

async function main(): Promise<void> {
  rmSync(path.join(projectRoot, demoEnv.DATA_DIR, 'temporal.sqlite'), { force: true });
  rmSync(path.join(projectRoot, demoEnv.DATA_DIR, 'bulletin'), { recursive: true, force: true });
  // The case store goes with Temporal's database: a second run starts as new as the first.
  rmSync(path.join(projectRoot, demoEnv.DATA_DIR, 'cases-db'), { recursive: true, force: true });
  // Imported after the environment is set: they read it when they load.
  const { startEverything, stopOnSignals } = await import('./start');
  const { signToken } = await import('../lib/infra/tokens');
  const { localJwtSecret } = await import('../lib/infra/local-secret');

  const system = await startEverything();
  stopOnSignals(system);
  const secret = localJwtSecret(system.config.api);
  const supervisionMode = process.argv.includes('supervision');
  const year = new Date().getFullYear();
  const caseId = `patrol-${year}-xinzhou-jingle-0001`;
  const ui = `${system.uiUrl}/namespaces/${system.namespace}/workflows/${caseId}`;
  const who = {
    office: signToken(secret, { sub: 'demo-office', role: 'office', name: '办公室 李明' }),
    leadingGroup: signToken(secret, { sub: 'demo-lg', role: 'leading-group', name: '领导小组 赵强' }),
    committee: signToken(secret, { sub: 'demo-committee', role: 'committee', name: '省委 王丽' }),
    leader: signToken(secret, { sub: 'demo-leader', role: 'group-leader', group: 'g-demo-01', name: '组长 陈刚' }),
    unit: signToken(secret, { sub: 'demo-unit', role: 'unit', unit: 'xinzhou-jingle', name: '静乐县 马丽' }),
    discipline: signToken(secret, {
      sub: 'demo-disc',
      role: 'discipline',
      unit: 'discipline-commission',
      name: '纪委 孙敏',
    }),
  };

  const say = (line: string) => process.stdout.write(`${line}\n`);
  async function call(token: string, method: 'GET' | 'POST', url: string, body?: object): Promise<Json> {
    const res = await fetch(`${system.apiUrl}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json()) as Json;
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  }
  async function stepBy(token: string, label: string, stepPath: string, body: object): Promise<Json> {
    const r = await call(token, 'POST', `/patrols/${caseId}/${stepPath}`, body);
    say(`  ✔ ${label.padEnd(34)} → ${r.stageLabel}`);
    return r;
  }

  if (process.argv.includes('awards')) return awardsDemo();
  if (supervisionMode) return supervisionDemo();
  return patrolDemo();

  async function patrolDemo(): Promise<void> {
    say(`\n巡查演示 / Patrol demo — ${caseId}`);
    say(`  Watch it in Temporal UI: ${ui}`);
    say(`  API docs: ${system.apiUrl}/docs\n`);

    await call(who.leadingGroup, 'POST', '/patrols', {
      year,
      serial: 1,
      targetUnit: 'xinzhou-jingle',
      grounds: {
        sources: ['public-report', 'third-party-assessment'],
        summary: '群众反映危房改造资金被截留，第三方评估显示识别不准',
      },
    });
    say('  ✔ Art. 12 领导小组提请巡查                 → 待省委、省政府批准');
    await stepBy(who.committee, 'Art. 12 省委、省政府批准', 'approval', {
      decision: 'approve',
      reason: '同意开展巡查',
    });
    await stepBy(who.office, 'Art. 13 组建巡查组（厅级组长）', 'group', {
      group: {
        id: 'g-demo-01',
        leader: { name: '陈刚', rank: 'department', unit: 'dept-finance' },
        members: [
          { name: '周敏', unit: 'dept-agriculture' },
          { name: '吴磊', unit: 'datong', locality: '大同市' },
        ],
      },
    });
    await stepBy(who.leader, 'Art. 15 制定方案、进驻', 'work-plan', {
      summary: '走访12个村，查阅资金账目',
      stationedOn: new Date().toISOString().slice(0, 10),
    });
    await stepBy(who.leader, 'Art. 14 记录问题（第三项）', 'findings', {
      keyProblem: 3,
      methods: ['document-review', 'field-survey'],
      summary: '危房改造资金120万元被挪用',
    });
    await stepBy(who.leader, 'Art. 15 现场提出处理建议', 'handling-suggestions', {
      summary: '立即追回被挪用资金',
      findingIds: [1],
      publicConcern: '群众多次来信反映',
      violation: '违反财政专项扶贫资金管理办法',
      urgency: '资金尚未追回',
    });
    await stepBy(who.unit, 'Art. 15 被巡查单位答复建议', 'handling-suggestions/1/answer', { answer: '已追回资金' });
    await stepBy(who.leader, 'Art. 15 书面报告与处理意见', 'report', {
      situation: '巡查组进驻静乐县',
      problems: '资金挪用',
      opinions: [{ text: '对责任人给予党纪处分', basis: '问题1；《中国共产党纪律处分条例》' }],
    });
    await stepBy(who.leadingGroup, 'Art. 16 研究后请示省委、省政府', 'request-for-instructions', {
      summary: '建议移交并责令整改',
    });
    await stepBy(who.committee, 'Art. 16 省委、省政府批示同意', 'instructions', { decision: 'approve' });
    await stepBy(who.leadingGroup, 'Art. 16 移交纪检监察机关', 'transfers', {
      to: 'discipline-inspection',
      summary: '挪用资金问题线索',
    });
    await stepBy(who.discipline, 'Art. 16 纪检监察机关确认接收', 'transfers/1/acknowledgement', { note: '已登记' });
    const feedbackOpinions = ['追回资金', '问责'];
    let r = await stepBy(who.leadingGroup, 'Art. 16 反馈并提出整改意见', 'feedback', {
      situation: '反馈巡查情况',
      rectificationOpinions: feedbackOpinions,
    });

    const rect = () =>
      (
        r.deadlines as Array<{
          key: string;
          status: string;
          deadline: { label: string };
          reminders: unknown[];
          escalations: Array<{ to: string }>;
        }>
      ).find((t) => t.key === 'rectification')!;
    say(`\n  Rectification due ${rect().deadline.label} (compressed policy: 1 minute). Watching the deadline engine…`);
    const seen = new Set<string>();
    for (let i = 0; i < 120 && rect().escalations.length < 2; i++) {
      await sleep(1000);
      r = await call(who.office, 'GET', `/cases/${caseId}`);
      for (const e of r.events as Array<{ action: string; summary: string; at: string }>) {
        const key = `${e.at}:${e.action}`;
        if (['reminder-sent', 'overdue', 'escalated'].includes(e.action) && !seen.has(key)) {
          seen.add(key);
          say(`  ⏰ ${e.summary}`);
        }
      }
    }
    await stepBy(who.unit, 'Art. 16 逐项反馈整改情况（逾期，仍予接收）', 'rectification-report', {
      summary: '已追回全部资金',
      items: [
        { requirement: 1, measures: '追回资金120万元' },
        { requirement: 2, measures: '对3名责任人问责' },
      ],
      publicSummary: '静乐县已追回被挪用的危房改造资金120万元，并对3名责任人问责。',
    });
    await stepBy(who.leadingGroup, 'Art. 16 逐项审核整改情况（通过）', 'rectification-review', {
      decisions: feedbackOpinions.map((_, i) => ({ requirement: i + 1, decision: 'accept' })),
    });
    await stepBy(who.leadingGroup, 'Art. 16 汇总报告并向社会公开', 'rectification-summary', {
      summary: '整改完成',
      publish: true,
    });
    await stepBy(who.leadingGroup, '审签巡查工作报告，报送省委、省政府', 'reports/final-report/signature', {
      note: '同意报送',
    });
    for (let i = 0; i < 20 && r.stage !== 'closed'; i++) {
      await sleep(500);
      r = await call(who.office, 'GET', `/cases/${caseId}`);
    }
    say(
      `\n  Case ${r.stage === 'closed' ? 'closed（已办结）' : `is at ${r.stageLabel}`}. Public bulletin (no token): ${system.apiUrl}/bulletin`,
    );
    say(`  Temporal UI: ${ui}`);
    say('  The demo system keeps running so you can look around. Stop: Ctrl-C\n');
  }

  async function supervisionDemo(): Promise<void> {
    const cities = [
      ...((await call(who.office, 'GET', '/units')).units as Array<{ code: string; name: string; kind: string }>),
    ].filter((u) => u.kind === 'city');
    say(`\n督查演示 / Supervision demo — ${year}年度综合督查（11个市，交叉督查）`);
    say(`  Schedules in Temporal UI: ${system.uiUrl}/namespaces/${system.namespace}/schedules`);
    say(
      `  The round's cases:        ${system.uiUrl}/namespaces/${system.namespace}/workflows?query=${encodeURIComponent(`CaseRound="supervision-round-${year}"`)}\n`,
    );
    await call(who.office, 'POST', '/supervision-plans', {
      year,
      month: 12,
      crossInspection: true,
      specialTopics: [{ topic: '易地扶贫搬迁后续扶持', units: ['lvliang-linxian'], month: 6 }],
    });
    say('  ✔ Art. 6  办公室起草年度督查计划（综合督查12月，交叉督查）');
    const plan = await call(who.leadingGroup, 'POST', `/supervision-plans/${year}/approval`, { decision: 'approve' });
    say(
      `  ✔ Art. 6  领导小组批准计划 → 排期 ${(plan.schedule as { scheduleId: string }).scheduleId}（Temporal Schedule）`,
    );
    await call(who.leadingGroup, 'POST', `/supervision-plans/${year}/round`);
    say('  ✔ Art. 8  立即启动综合督查（触发 Schedule）');
    let round: Json = {};
    for (let i = 0; i < 60 && ((round.cases as unknown[] | undefined)?.length ?? 0) < cities.length; i++) {
      await sleep(500);
      round = await call(who.leadingGroup, 'GET', `/supervision-rounds/${year}`).catch(() => ({}));
    }
    const assignments = round.assignments as Array<{ target: string; inspector: string }>;
    const name = (code: string) => cities.find((c) => c.code === code)?.name ?? code;
    say(`  ✔ Art. 5  交叉督查：${assignments.map((a) => `${name(a.inspector)}→${name(a.target)}`).join('，')}`);
    for (const city of cities) {
      const id = `supervision-${year}-${city.code}-0001`;
      const inspector = assignments.find((a) => a.target === city.code)!.inspector;
      const leader = signToken(secret, { sub: `demo-gl-${city.code}`, role: 'group-leader', group: `xg-${city.code}` });
      const post = (token: string, p: string, body: object) => call(token, 'POST', `/supervisions/${id}/${p}`, body);
      await post(who.office, 'group', {
        group: {
          id: `xg-${city.code}`,
          leader: { name: `${name(inspector)}组长`, rank: 'department', unit: inspector },
          // Art. 7: members from the leading group's member units; the leader from the inspecting city (Art. 5).
          members: [{ name: '成员', unit: 'dept-audit' }],
        },
      });
      await post(leader, 'work-plan', { summary: '实施方案' });
      await post(leader, 'findings', {
        keyContent: 4,
        methods: ['document-review', 'field-survey'],
        summary: '个别贫困户识别不准',
      });
      await post(leader, 'report', {
        situation: '督查情况',
        problems: '识别不准',
        opinions: '加强核查',
        suggestions: '建立动态监测',
      });
      if (city.code === 'taiyuan') await post(who.leadingGroup, 'commendation', { citation: '目标责任落实到位' });
      await post(who.leadingGroup, 'results', {
        summary: '督查结果',
        rectificationRequirements: city.code === 'datong' ? ['重新核查建档立卡户'] : [],
      });
      say(`  ✔ Art. 10/11 ${city.name.padEnd(4)} 组建督查组、实地督查、书面报告、通报结果`);
    }
    type Report = { kind: string; status?: string };
    /** Wait until the round has drafted a report of this kind, then the leading group signs it (Art. 11, 审签). */
    const signWhenDrafted = async (kind: string, body: object, label: string) => {
      for (let i = 0; i < 60; i++) {
        round = await call(who.leadingGroup, 'GET', `/supervision-rounds/${year}`);
        if ((round.reports as Report[]).some((r) => r.kind === kind && r.status === 'awaiting-signature')) break;
        await sleep(500);
      }
      await call(who.leadingGroup, 'POST', `/supervision-rounds/${year}/reports/${kind}/signature`, body);
      say(`  ✔ Art. 11 ${label}`);
    };
    const reportUrl = `${system.apiUrl}/reports/supervision-round-${year}/consolidated`;
    await signWhenDrafted('consolidated', {}, '系统起草综合督查情况报告，领导小组审签后报送省委、省政府');
    const report = await fetch(reportUrl, { headers: { authorization: `Bearer ${who.committee}` } }).then((r) =>
      r.text(),
    );
    say(`\n  Art. 11 综合督查情况报告（报送省委、省政府），共 ${report.split('\n').length} 行：\n`);
    say(
      report
        .split('\n')
        .slice(0, 20)
        .map((l) => `    ${l}`)
        .join('\n'),
    );
    say(
      `\n  Whole report: GET ${system.apiUrl}/reports/supervision-round-${year}/consolidated (committee, leading group, office)`,
    );
    // Art. 11 (2): Datong reports its rectification; the leading group sends it back once, then accepts it.
    const datong = `supervision-${year}-datong-0001`;
    const unitToken = signToken(secret, { sub: 'demo-unit-datong', role: 'unit', unit: 'datong', name: '大同市' });
    const datongStep = (token: string, p: string, body: object) =>
      call(token, 'POST', `/supervisions/${datong}/${p}`, body);
    await datongStep(unitToken, 'rectification-report', {
      summary: '已完成核查',
      items: [{ requirement: 1, measures: '对全市建档立卡户重新核查' }],
    });
    say('\n  ✔ Art. 11 大同市逐项反馈整改情况');
    await datongStep(who.leadingGroup, 'rectification-review', {
      decisions: [{ requirement: 1, decision: 'send-back', reason: '未附核查名单和纠正情况' }],
    });
    say('  ✔ Art. 11 领导小组审核：第一项退回重新整改（新的期限：30日）');
    await datongStep(unitToken, 'rectification-report', {
      summary: '补充报告',
      items: [{ requirement: 1, measures: '附核查名单，纠正识别不准12户' }],
    });
    await datongStep(who.leadingGroup, 'rectification-review', { decisions: [{ requirement: 1, decision: 'accept' }] });
    say('  ✔ Art. 11 大同市补报整改情况，领导小组审核通过');
    await signWhenDrafted('rectification', {}, '整改情况报告经领导小组审签，报送省委、省政府');
    await signWhenDrafted('national', {}, '年度督查工作报告经领导小组审签，由办公室报国务院扶贫开发领导小组');
    say(`  Datong in Temporal UI: ${system.uiUrl}/namespaces/${system.namespace}/workflows/${datong}`);

    // Follow-up visit (回头看, ours): the leading group looks again at Datong's rectification once the case has closed.
    for (let i = 0; i < 60 && !(await call(who.office, 'GET', `/cases/${datong}`)).closed; i++) await sleep(500);
    const visit = (
      await call(who.leadingGroup, 'POST', `/cases/${datong}/follow-up`, { reason: '整改曾被退回，看核查纠正是否到位' })
    ).caseId as string;
    say(`\n  ✔ 回头看 领导小组安排对大同市整改情况回头看：${visit}（演示期限：1分钟后开展，默认6个月）`);
    say(`  Its durable timer in Temporal UI: ${system.uiUrl}/namespaces/${system.namespace}/workflows/${visit}`);
    let visitRecord: Json = {};
    for (let i = 0; i < 180 && visitRecord.stage !== 'forming-group'; i++) {
      await sleep(1000);
      visitRecord = await call(who.office, 'GET', `/cases/${visit}`);
    }
    const visitLeader = signToken(secret, { sub: 'demo-gl-visit', role: 'group-leader', group: 'vg-datong' });
    const visitStep = (token: string, p: string, body: object) =>
      call(token, 'POST', `/supervisions/${visit}/${p}`, body);
    await visitStep(who.office, 'group', {
      group: {
        id: 'vg-datong',
        leader: { name: '回头看组长', rank: 'department', unit: 'dept-poverty-alleviation' },
        members: [{ name: '成员', unit: 'dept-audit' }],
      },
    });
    await visitStep(visitLeader, 'work-plan', { summary: '回头看方案：逐项核查原整改要求' });
    await visitStep(visitLeader, 'requirement-checks', {
      requirement: 1,
      verdict: 'rectified',
      summary: '核查名单齐全，12户已纠正',
      methods: ['document-review', 'field-survey'],
    });
    await visitStep(visitLeader, 'report', {
      situation: '回头看情况',
      problems: '无新问题',
      opinions: '整改到位',
      suggestions: '巩固成果',
    });
    const closedVisit = await visitStep(who.leadingGroup, 'results', {
      summary: '原整改要求已整改到位',
      rectificationRequirements: [],
    });
    say(`  ✔ 回头看 组建督查组、逐项检查原整改要求（已整改到位）、书面报告、通报结果 → ${closedVisit.stageLabel}`);
    say(`  The earlier case's visits: GET ${system.apiUrl}/cases/${datong}/follow-ups`);
    say('  The demo system keeps running so you can look around. Stop: Ctrl-C\n');
  }
  async function awardsDemo(): Promise<void> {
    const round = `award-round-${year}`;
    const taiyuan = signToken(secret, { sub: 'demo-ty', role: 'unit', unit: 'taiyuan', name: '太原市 张伟' });
    const datong = signToken(secret, { sub: 'demo-dt', role: 'unit', unit: 'datong', name: '大同市 刘洋' });
    say(`\n全国脱贫攻坚奖推荐演示 / Award recommendations demo — ${round}`);
    say(`  In Temporal UI: ${system.uiUrl}/namespaces/${system.namespace}/workflows/${round}\n`);
    await call(who.office, 'POST', '/award-rounds', {
      year,
      quota: { striving: 1, contribution: 1, dedication: 0, innovation: 0 },
      units: ['taiyuan', 'datong', 'dept-finance'],
    });
    say('  ✔ 办公室开展推荐工作：奋进奖1名、贡献奖1名，推荐截止（演示：1分钟后），通知太原市、大同市、省财政厅');
    const conditions = (award: string): Array<{ condition: string; statement: string }> =>
      ['basic-1', 'basic-2', 'basic-3', 'basic-4', 'basic-5', 'basic-6', `${award}-1`, `${award}-2`].map(
        (condition) => ({
          condition,
          statement: `对照条件${condition}的事迹说明（演示）`,
        }),
      );
    const nominations: string[] = [];
    for (const [token, award, name, unit, deeds] of [
      [taiyuan, 'striving', '张三', 'taiyuan', '带领全村发展香菇产业，人均收入翻番'],
      [datong, 'contribution', '王五', 'datong', '驻村六年，完成易地扶贫搬迁安置'],
    ] as const) {
      let r: Json = {};
      for (let tries = 0; tries < 20; tries++) {
        const res = await fetch(`${system.apiUrl}/award-rounds/${round}/nominations`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            award,
            nominee: { kind: 'person', name, workUnit: `${name}所在村`, position: '村党支部书记', unitCode: unit },
            deedsSummary: deeds,
            contacts: { phone: '13800000000' },
            evidence: conditions(award),
          }),
        });
        r = (await res.json()) as Json;
        if (res.status === 201) break;
        await sleep(500); // the round is opening
      }
      nominations.push(r.nominationId as string);
      say(`  ✔ ${name}（${award === 'striving' ? '奋进奖' : '贡献奖'}）推荐报送：${r.nominationId as string}`);
    }
    for (const id of nominations) {
      let n: Json = {};
      for (let tries = 0; tries < 40 && !(n.crossChecks as object | undefined); tries++) {
        n = await call(who.office, 'GET', `/nominations/${id}`);
        if (!n.crossChecks) await sleep(250);
      }
      const award = n.award as string;
      const reviewed = await call(who.office, 'POST', `/nominations/${id}/review`, {
        conditions: conditions(award).map((c) => ({ condition: c.condition, verdict: 'met' })),
        weighing: (n.crossChecks as { facts: Array<{ id: string }> }).facts.map((f) => ({
          fact: f.id,
          note: '不影响',
        })),
      });
      say(`  ✔ 办公室逐项审核 ${id} → ${reviewed.stageLabel}`);
    }
    say('  … 等待推荐截止（演示：1分钟）');
    let state: Json = {};
    for (;;) {
      state = await call(who.office, 'GET', `/award-rounds/${round}`);
      const seen = (state.nominations as Array<{ stage: string }>).every((n) => n.stage === 'reviewed');
      if (state.stage === 'reviewing' && seen) break;
      await sleep(2000);
    }
    await call(who.office, 'POST', `/award-rounds/${round}/review-closed`, { note: '审核完毕' });
    const decided = await call(who.leadingGroup, 'POST', `/award-rounds/${round}/list`, {
      selected: nominations,
      rejected: [],
    });
    say(`  ✔ 领导小组确定推荐名单 → ${decided.stageLabel}`);
    say(`  公示名单（无需登录）: GET ${system.apiUrl}/award-rounds/${round}/publicity`);
    const objections: string[] = [];
    for (const [id, what] of [
      [nominations[0]!, '反映张三家庭收入来源与申报不符'],
      [nominations[1]!, '反映王五驻村时间不足'],
    ] as const) {
      const res = await fetch(`${system.apiUrl}/award-rounds/${round}/objections`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ nominationId: id, what }),
      });
      const receipt = ((await res.json()) as { receipt: string }).receipt;
      say(`  ✔ 群众提出异议（不署名），受理编号 ${receipt}`);
      objections.push(receipt);
    }
    state = await call(who.office, 'GET', `/award-rounds/${round}`);
    const lodged = state.objections as Array<{ objectionId: string; nominationId: string }>;
    for (const o of lodged) {
      await call(who.office, 'POST', `/award-rounds/${round}/objections/${o.objectionId}/investigation`, {
        findings: '经实地核查并听取村民意见',
      });
      const upheld = o.nominationId === nominations[0];
      await call(who.leadingGroup, 'POST', `/award-rounds/${round}/objections/${o.objectionId}/decision`, {
        upheld,
        reason: upheld ? '经核查，家庭收入来源与申报不符' : '经核查，驻村时间符合要求',
      });
      say(`  ✔ 办公室核查、领导小组决定：异议${upheld ? '成立，撤销推荐' : '不成立'}`);
    }
    say('  … 等待公示期满（演示：1分钟）');
    for (;;) {
      state = await call(who.office, 'GET', `/award-rounds/${round}`);
      if (state.stage === 'signing') break;
      await sleep(2000);
    }
    const signed = await call(who.leadingGroup, 'POST', `/award-rounds/${round}/materials/signature`, {
      note: '同意报送',
    });
    say(`  ✔ 领导小组审签推荐材料 → ${signed.stageLabel}`);
    for (;;) {
      state = await call(who.office, 'GET', `/award-rounds/${round}`);
      if (state.closed) break;
      await sleep(1000);
    }
    const stats = await call(who.committee, 'GET', `/award-rounds/${round}/statistics`);
    for (const a of stats.byAward as Array<Record<string, number | string>>)
      if (Number(a.quota) > 0)
        say(
          `  ${String(a.label)}：推荐${a.nominated}，列入名单${a.listed}，异议成立${a.objectionsUpheld}，报送${a.submitted}`,
        );
    say(
      `  Materials (推荐报告、推荐表): GET ${system.apiUrl}/award-rounds/${round}/documents (office, leading group, committee)`,
    );
    say(`  Objection receipt: GET ${system.apiUrl}/award-rounds/${round}/objections/${objections[0]!}`);
    say('  The demo system keeps running so you can look around. Stop: Ctrl-C\n');
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
