/**
 * What a supervision writes for people (pure, tested without a server): its events, what it waits for, and its
 * notices. Notices carry what the addressee needs to act; the record is read in the system.
 */
import type { FollowUpVerdict, TargetUnit } from '../domain';
import { caseKindLabels, followUpVerdicts } from '../domain';
import type { SupervisionFields } from './contract';
import { chineseDate, keyItemCitation } from '../engine/texts';

/** `2026年巡查`: the closed case a follow-up visit (回头看) looks at again, as texts name it (never by its id). */
export const followedUpName = (f: { of: string; ofKind: 'patrol' | 'supervision' }) =>
  `${f.of.split('-')[1]}年${caseKindLabels[f.ofKind]}`;

export const supervisionTexts = {
  // ---- events ----
  proposed: (what: string) => `提出督查事项：${what}`,
  approvedWithPlan: (what: string) => `督查事项随年度督查计划获批：${what}`,
  approved: (what: string) => `领导小组批准督查事项：${what}`,
  rejected: '领导小组不批准督查事项',
  groupFormed: (leader: string, members: number, inspectingCity?: string) =>
    `组建督查组：组长${leader}（厅级），成员${members}人${inspectingCity ? `，由${inspectingCity}交叉督查` : ''}`,
  fieldWork: '督查组制定实施方案，开始实地督查',
  unannounced: '以暗访方式开展督查（第五条）：不向被督查单位发送任何通知，通报结果前被督查单位看不到本次督查',
  unannouncedBegan: '督查组制定实施方案，开始暗访',
  findingRecorded: (id: number, keyContent: number, label: string) =>
    `记录督查发现${id}（${keyItemCitation(9, keyContent)}：${label}）`,
  reportSubmitted: '督查组提交书面报告',
  commended: (unit: TargetUnit) => `省脱贫攻坚领导小组对${unit.name}予以通报表扬`,
  resultsNotified: (unit: TargetUnit, requirements: number) =>
    `向${unit.name}通报督查结果${requirements ? `，提出整改要求${requirements}条` : '，无整改要求'}`,
  closed: '督查事项办结',
  followUpScheduled: (unit: TargetUnit, ofWhat: string, requirements: number) =>
    `领导小组决定对${unit.name}${ofWhat}整改情况开展回头看（原整改要求${requirements}条）`,
  followUpVisitSet: (visitOn: string) => `回头看定于${chineseDate(visitOn)}后开展`,
  followUpDue: '回头看时间已到，待组建督查组',
  requirementChecked: (id: number, verdict: FollowUpVerdict) =>
    `回头看检查原第${id}项整改要求：${followUpVerdicts[verdict]}`,

  // ---- what the supervision waits for ----
  awaiting: {
    approval: '批准督查事项',
    group: '组建督查组',
    workPlan: '制定实施方案',
    report: '实地督查并形成书面报告',
    results: '通报督查结果并提出整改要求',
    /** A follow-up visit's group checks every earlier requirement before its report. */
    checks: '逐项检查原整改要求并形成书面报告',
  },
  followUpTimer: (visitOn: string) => `回头看：${chineseDate(visitOn)}后开展`,
  followUpDueNotice: (unit: TargetUnit, ofWhat: string, visitOn: string) => ({
    subject: `【回头看】${unit.name}${ofWhat}整改情况回头看`,
    body: `领导小组决定的${unit.name}${ofWhat}整改情况回头看定于${chineseDate(visitOn)}后开展，请组建督查组。`,
  }),
  rectification: '整改情况反馈',

  // ---- notices ----
  approvalRequest: (unit: TargetUnit, what: string) => ({
    subject: `【待批准】督查事项：${unit.name}${what}`,
    body: `请批准对${unit.name}的${what}。详情请在系统中查阅。`,
  }),
  fieldWorkNotice: (unit: TargetUnit, what: string, leader: string, inspectingCity?: string) => ({
    subject: `【督查通知】省脱贫攻坚督查组将对${unit.name}开展${what}`,
    body: `省脱贫攻坚督查组（组长${leader}${inspectingCity ? `，${inspectingCity}交叉督查` : ''}）将对${unit.name}开展实地督查，请予配合。`,
  }),
  commendationNotice: (unit: TargetUnit, citation: string) => ({
    subject: `【通报表扬】${unit.name}`,
    body: `省脱贫攻坚领导小组对${unit.name}予以通报表扬：${citation}`,
  }),
  /** Art. 11 (1): what a special supervision reports to the committee when it closes; the record is in the system. */
  specialReport: (unit: TargetUnit, what: string, c: SupervisionFields) => ({
    subject: `【报告】关于对${unit.name}开展${what}情况的报告`,
    body: `省委、省政府：\n省脱贫攻坚领导小组对${unit.name}开展了${what}，发现问题${c.findings.length}个，${c.commendation ? '予以通报表扬，' : ''}${c.results?.rectificationRequirements.length ? `提出整改要求${c.results.rectificationRequirements.length}条，整改情况已${c.rectification?.late ? '逾期' : '按期'}反馈` : '未提出整改要求'}。详细情况请登录系统查阅。\n省脱贫攻坚领导小组`,
  }),
  commendationTitle: (unit: TargetUnit) => `关于对${unit.name}予以通报表扬的通报`,
  commendationCircular: (unit: TargetUnit, citation: string) => ({
    subject: `【通报】关于对${unit.name}予以通报表扬的通报`,
    body: `各市、县（区）党委和政府，省直各有关单位：\n省脱贫攻坚领导小组对${unit.name}予以通报表扬。${citation}\n希望各地各部门学习借鉴，推动脱贫攻坚各项工作落实。`,
  }),
  resultsNotice: (unit: TargetUnit, summary: string, requirements: string[]) => ({
    subject: `【督查结果通报】${unit.name}`,
    body: `${summary}${requirements.length ? `\n整改要求：${requirements.map((x, i) => `${i + 1}. ${x}`).join('；')}` : ''}`,
  }),
};
