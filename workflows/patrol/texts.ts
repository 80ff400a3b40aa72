/**
 * What a patrol writes for people (pure, tested without a server): its events, what it waits for, and its notices.
 * Notices carry what the addressee needs to act, never the confidential content of the record (grounds, requests,
 * deliberations): that is read in the system, with the need-to-know views.
 */
import type { TargetUnit } from '../domain';
import { patrolKeyProblems } from './stages';
import { article, chineseDate, chineseNumber, keyItemCitation, partyOrgan } from '../engine/texts';
import type { PatrolFields } from './contract';

export const patrolTexts = {
  // ---- events (the record's history, for people) ----
  proposed: (unit: TargetUnit, sources: string) => `领导小组提请对${unit.name}开展巡查，依据：${sources}`,
  drafted: (unit: TargetUnit, sources: string) => `领导小组办公室起草对${unit.name}开展巡查的提请，依据：${sources}`,
  draftNotice: (unit: TargetUnit, sources: string) => ({
    subject: `【待提请】关于对${unit.name}开展巡查的请示（办公室代拟稿）`,
    body: `领导小组办公室代拟了对${unit.name}开展巡查的请示（依据：${sources}），请领导小组审定后报省委、省政府（第十二条）。`,
  }),
  draftReturned: '领导小组将代拟稿退回办公室修改',
  draftRevised: '办公室按退回意见修改代拟稿，重新报领导小组审定',
  draftWithOffice: '代拟稿已退回办公室修改，待办公室修改后再办理',
  proposalWithdrawn: '领导小组撤回提请，省委、省政府尚未审批',
  reportWithdrawn: '巡查组撤回书面报告，继续实地巡查',
  reportActedOn: '领导小组已就书面报告请示或移交，不能再撤回',
  draftReturnedNotice: (unit: TargetUnit) => ({
    subject: `【退回修改】关于对${unit.name}开展巡查的请示（办公室代拟稿）`,
    body: `领导小组将对${unit.name}开展巡查的请示代拟稿退回修改，退回理由请在系统中查阅，修改后请重新报送。`,
  }),
  proposalWithdrawnNotice: (unit: TargetUnit) => ({
    subject: `【撤回】关于对${unit.name}开展巡查的请示`,
    body: `省脱贫攻坚领导小组已撤回对${unit.name}开展巡查的请示，无需审批。`,
  }),
  approved: '省委、省政府批准开展巡查',
  rejected: '省委、省政府不批准开展巡查',
  groupFormed: (leader: string, members: number) => `组建巡查组：组长${leader}（厅级），成员${members}人`,
  unannounced: '以暗访方式开展巡查（第五条）：不向被巡查单位发送任何通知，反馈前被巡查单位看不到本次巡查',
  unannouncedBegan: (date: string) => `巡查组定于${chineseDate(date)}开始暗访`,
  unannouncedSuggestion:
    '暗访期间不向被巡查单位发送处理建议（第五条）；须立即处理的问题，请在反馈时一并提出，或报领导小组研究',
  stationed: (unit: TargetUnit, date: string) => `巡查组定于${chineseDate(date)}进驻${unit.name}`,
  findingRecorded: (id: number, keyProblem: number, label: string) =>
    `记录问题${id}（${keyItemCitation(14, keyProblem)}：${label}）`,
  suggestionSent: (unit: TargetUnit, id: number) => `向${partyOrgan(unit)}提出处理建议${id}`,
  reportSubmitted: (opinions: number) => `巡查组提交书面报告，提出处理意见${opinions}条`,
  requestSent: (n: number) => `领导小组研究巡查报告后向省委、省政府请示（第${n}次）`,
  instructionsApproved: '省委、省政府同意巡查情况和处理意见',
  instructionsSentBack: '省委、省政府退回请示，请按批示修改后再报',
  transferred: (recipient: string, id: number) =>
    `向${recipient.replace(/（[^（）]*）$/, '')}移交问题线索（第${id}件）`,
  feedbackIssued: (unit: TargetUnit, opinions: number) => `向${unit.name}反馈巡查情况，提出整改意见${opinions}条`,
  published: `整改情况已向社会公开，接受社会监督（${article(16)}）`,
  summaryReported: '领导小组汇总整改情况，报告省委、省政府',
  closed: '巡查办结',

  // ---- the limits of a patrol (`limits` in the policy file) ----
  limits: {
    findings: '本次巡查记录的问题',
    suggestions: '本次巡查提出的处理建议',
    transfers: '本次巡查的移交',
    requests: '本次巡查的请示',
  },

  // ---- what the patrol waits for ----
  awaiting: {
    proposal: '审定办公室代拟的巡查请示并报省委、省政府',
    revision: '按领导小组退回意见修改巡查请示代拟稿',
    approval: '审批是否开展巡查',
    group: '组建巡查组',
    workPlan: '制定巡查工作方案',
    report: '实地巡查并形成书面报告',
    request: '研究巡查报告并向省委、省政府请示',
    instructions: '对巡查情况和处理意见作出批示',
    revisedRequest: '按批示修改后重新请示',
    feedback: '向被巡查单位反馈巡查情况并提出整改意见',
    summary: '汇总整改情况并报告省委、省政府',
  },

  // ---- deadlines ----
  suggestionAnswer: (id: number) => `处理建议${id}的答复`,
  transferAcknowledgement: (id: number) => `移交问题线索（第${id}件）的接收确认`,
  rectification: '整改情况反馈',

  // ---- notices ----
  approvalRequest: (unit: TargetUnit, sources: string) => ({
    subject: `【请示】关于对${unit.name}开展巡查的请示`,
    body: `省脱贫攻坚领导小组拟对${unit.name}开展巡查，依据：${sources}。请示全文请在系统中查阅。妥否，请批示。`,
  }),
  stationingNotice: (unit: TargetUnit, date: string, leader: string, inspectingCity?: string) => ({
    subject: `【巡查进驻通知】省脱贫攻坚巡查组将于${chineseDate(date)}进驻${unit.name}`,
    body: `省脱贫攻坚巡查组（${inspectingCity ? `交叉巡查，由${inspectingCity}派出，` : ''}组长${leader}）将于${chineseDate(date)}进驻${unit.name}开展巡查，请予配合。`,
  }),
  suggestionDetail: (summary: string) => `处理建议：${summary}`,
  instructionsRequest: (unit: TargetUnit, n: number) => ({
    subject: `【请示】关于${unit.name}巡查情况和处理意见的请示${n > 1 ? `（第${n}次）` : ''}`,
    body: `省脱贫攻坚领导小组已研究对${unit.name}的巡查报告，现就巡查情况和处理意见请示，请审阅后批示。详情请在系统中查阅。`,
  }),
  transferDetail: (summary: string) => `移交事项：${summary}`,
  feedbackDetail: (opinions: string[]) => `整改意见：${opinions.map((o, i) => `${i + 1}. ${o}`).join('；')}`,
  summaryReport: (unit: TargetUnit) => ({
    subject: `【报告】关于${unit.name}巡查整改情况的报告`,
    body: `${unit.name}已反馈巡查整改情况，省脱贫攻坚领导小组已汇总，现予报告。详情请在系统中查阅。`,
  }),
  publicationTitle: (unit: TargetUnit) => `${unit.name}脱贫攻坚巡查整改情况`,

  /** The final report the committee receives when the patrol closes: counts only, no confidential content. */
  finalReport(unit: TargetUnit, c: PatrolFields): { subject: string; body: string } {
    const count = (n: number) => c.findings.filter((f) => f.keyItem === n).length;
    // Art. 14's five problems, and those outside them (item 6) where the group recorded any.
    const items: Array<[number, string]> = [
      ...Object.entries(patrolKeyProblems).map(([n, label]): [number, string] => [Number(n), label]),
      ...(count(6) ? [[6, keyItemCitation(14, 6)] as [number, string]] : []),
    ];
    const byProblem = items.map(([n, label], i) => `（${chineseNumber(i + 1)}）${label}：${count(n)}个`).join('\n');
    return {
      subject: `【报告】关于对${unit.name}巡查工作的报告`,
      body: [
        `被巡查单位：${unit.name}`,
        `巡查组组长：${c.group?.leader.name ?? '—'}`,
        `发现问题（按${article(14)}所列重点问题）：\n${byProblem}`,
        c.suggestions.length ? `现场处理建议：${c.suggestions.length}条，均已答复` : '巡查期间未提出现场处理建议',
        c.transfers.length ? `移交问题线索：${c.transfers.length}件，均已确认接收` : '未移交问题线索',
        `整改：${c.rectification?.late ? '逾期' : '按期'}反馈；${c.publication ? '已向社会公开' : '未公开'}`,
      ].join('\n'),
    };
  },
};
