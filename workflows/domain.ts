/**
 * The vocabulary of the measures (docs/measures.md, glossary), shared by workflows, activities and the API.
 * Pure data and types only: this file is bundled into workflow code.
 */

/** Who may act (docs/need-to-know.md). */
export const roles = [
  'office',
  'leading-group',
  'committee',
  'group-leader',
  'unit',
  'discipline',
  'public',
  'auditor',
] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  office: '领导小组办公室',
  'leading-group': '省脱贫攻坚领导小组',
  committee: '省委、省政府',
  'group-leader': '组长',
  unit: '被督查/被巡查单位',
  discipline: '纪检监察/检察机关',
  public: '群众',
  auditor: '审计员',
};

/** The channels a notice goes by, as officials name them (the delivery record, the summaries in Temporal UI). */
export const channelLabels = {
  email: '邮件',
  webhook: '接口推送',
  dingtalk: '钉钉',
  wecom: '企业微信',
  sms: '短信',
} as const;
export type Channel = keyof typeof channelLabels;
export const channels = Object.keys(channelLabels) as Channel[];

/**
 * The person behind a decision. The API builds it from the verified token, never from the request body,
 * and every decision a workflow receives carries it.
 */
export interface Actor {
  /** Stable subject id from the token (`sub`). */
  id: string;
  /** Display name, if the token carries one. */
  name?: string;
  role: Role;
  /** For `unit` (and `discipline`): the unit code the person acts for. */
  unit?: string;
  /** For `group-leader`: the group the person leads. */
  group?: string;
}

export const caseKinds = ['patrol', 'supervision'] as const;
export type CaseKind = (typeof caseKinds)[number];
export const caseKindLabels: Record<CaseKind, string> = { patrol: '巡查', supervision: '督查' };

/**
 * Every kind of workflow with a case record: the supervisions and patrols, and the public reports that may lead to
 * them (Art. 5, 12). Lists and statistics of "cases" count the first two only.
 */
export const recordKinds = [
  ...caseKinds,
  'public-report',
  'award-round',
  'nomination',
  'audit-alert',
  'problem',
  'referral',
  'result-use',
] as const;
export type RecordKind = (typeof recordKinds)[number];
export const recordKindLabels: Record<RecordKind, string> = {
  ...caseKindLabels,
  'public-report': '群众举报',
  'award-round': '全国脱贫攻坚奖推荐工作',
  nomination: '全国脱贫攻坚奖推荐对象',
  'audit-alert': '审计预警',
  problem: '整改问题',
  referral: '交办核查',
  'result-use': '结果运用',
};

/**
 * 交办核查 (issue 36, docs/referrals.md): where a referral comes from. A public report the office registered, a
 * finding of a case (a patrol's or a supervision's), or the office's own motion.
 */
export const referralSources = {
  'public-report': '群众举报',
  finding: '督查巡查发现的问题',
  office: '领导小组办公室交办',
} as const;
export type ReferralSource = keyof typeof referralSources;

/** What the referred unit found when it verified (核查结论). */
export const referralVerdicts = { true: '属实', 'partly-true': '部分属实', untrue: '不属实' } as const;
export type ReferralVerdict = keyof typeof referralVerdicts;

/**
 * Uses of results besides 通报表扬 (Art. 11 (1); issue 36 item 2): decisions of the leading group on a case or a
 * problem, each with its official document.
 */
export const resultUseTypes = { criticism: '通报批评', interview: '约谈', listing: '挂牌督办' } as const;
export type ResultUseType = keyof typeof resultUseTypes;

/** What a discipline body or the procuratorate reports back on a transfer (courtesy only; issue 36 item 3). */
export const transferOutcomeStages = { 'preliminary-check': '初核', 'case-filed': '立案', concluded: '了结' } as const;
export type TransferOutcomeStage = keyof typeof transferOutcomeStages;

/** 问题整改台账 (issue 35, docs/ledger.md): the term a problem of the ledger must be fixed in. */
export const problemTermKinds = { immediate: '立行立改', dated: '限期整改', 'long-term': '长期坚持' } as const;
export type ProblemTermKind = keyof typeof problemTermKinds;

/** Where a problem of the ledger was found. */
export const problemSources = {
  patrol: '巡查',
  supervision: '督查',
  'follow-up': '回头看',
  'public-report': '群众举报',
  referral: '交办核查',
} as const;
export type ProblemSource = keyof typeof problemSources;

/**
 * The unit of a public report whose reporter named no unit of the registry (free text): the office names the unit
 * when it registers the report.
 */
export const unnamedUnit: TargetUnit = { code: 'unnamed', name: '待确定的单位', kind: 'county' };

/** Art. 2: who can be supervised or patrolled. */
export const unitKinds = ['city', 'county', 'department'] as const;
export type UnitKind = (typeof unitKinds)[number];
export const unitKindLabels: Record<UnitKind, string> = { city: '市', county: '县', department: '省直部门' };

/** A target unit as the case keeps it (resolved from the units registry when the case starts). */
export interface TargetUnit {
  /** Registry code, lower-case ASCII (used in workflow ids and search attributes), e.g. `taiyuan`. */
  code: string;
  /** Chinese name, e.g. 太原市. */
  name: string;
  kind: UnitKind;
}

/** Art. 12: the information a patrol proposal rests on. */
export const groundsSources = ['public-report', 'supervision-finding', 'third-party-assessment', 'other'] as const;
export type GroundsSource = (typeof groundsSources)[number];
export const groundsSourceLabels: Record<GroundsSource, string> = {
  'public-report': '群众举报',
  'supervision-finding': '督查发现',
  'third-party-assessment': '第三方评估',
  other: '其他掌握情况',
};

/**
 * The open end of the lists (Art. 14 (5) ends with "等问题"; Art. 9 names key contents, not every content): a finding
 * that fits none of the five is filed under item 6, "other", with a short description; statistics count it apart.
 */
export const otherKeyItem = 6;
export const otherKeyItemLabel = '其他';

/** Art. 5: the methods recorded on every finding. */
export const inspectionMethods = {
  symposium: '召开座谈会',
  'document-review': '查阅资料',
  'field-survey': '实地调查',
  questionnaire: '问卷调查',
  interview: '个别访谈',
  briefing: '听取汇报',
  'public-report': '受理群众举报',
  'unannounced-visit': '明察暗访',
  'third-party-assessment': '运用第三方评估成果',
} as const;
export type InspectionMethod = keyof typeof inspectionMethods;

/** Ranks of a group leader; Art. 7 and 13 require department rank (厅级). */
export const leaderRanks = { department: '厅级', division: '处级', section: '科级', other: '其他' } as const;
export type LeaderRank = keyof typeof leaderRanks;

/** Art. 16: where violations of discipline or law are transferred; the unit code the receiving body's tokens carry. */
export const transferRecipients = {
  'discipline-inspection': { unit: 'discipline-commission', name: '省纪委监委（纪检监察机关）' },
  procuratorate: { unit: 'procuratorate', name: '省人民检察院（检察机关）' },
} as const;
export type TransferRecipient = keyof typeof transferRecipients;

/**
 * Art. 8: comprehensive (yearly, every unit) or special (one topic, any time); and (ours, Art. 11 (2), 16 (2)) the
 * follow-up visit (回头看) the leading group schedules after a case closes, to look again at its rectification.
 */
export const supervisionTypes = { comprehensive: '综合督查', special: '专项督查', 'follow-up': '回头看' } as const;
export type SupervisionType = keyof typeof supervisionTypes;

/** Units of a deadline rule (lib/calendar/deadlines.ts says how each is counted). */
export const ruleUnits = ['calendar-months', 'calendar-days', 'working-days', 'minutes'] as const;
export type RuleUnit = (typeof ruleUnits)[number];

/** Every item a party must submit by a deadline (lib/calendar/deadline-policy.ts holds the policy of each). */
export const submissionKinds = [
  'patrol-rectification',
  'supervision-rectification',
  'rectification-resubmission',
  'handling-suggestion-answer',
  'transfer-acknowledgement',
  'public-report-registration',
  'forwarded-report-acknowledgement',
  'follow-up-visit',
  'award-nomination',
  'award-evidence',
  'award-publicity',
  'audit-alert-check',
  'problem-immediate',
  'problem-dated',
  'problem-progress',
  'referral-reply',
  'listing-term',
] as const;
export type SubmissionKind = (typeof submissionKinds)[number];
/**
 * What bodies outside the leading group's line give (DOMAIN.md, Art. 16): the discipline commission and the
 * procuratorate are not subordinate to it. Their acknowledgements are asked for, with courtesy reminders; when one is
 * late, the office is given a follow-up task. No date is "set" on them and nothing is "escalated".
 */
export const courtesyKinds = [
  'transfer-acknowledgement',
  'forwarded-report-acknowledgement',
] as const satisfies readonly SubmissionKind[];
export const isCourtesy = (kind: string): boolean => (courtesyKinds as readonly string[]).includes(kind);

/** The submissions of supervisions and patrols, which their statistics count (a public report's are not theirs). */
export const caseSubmissionKinds = [
  'patrol-rectification',
  'supervision-rectification',
  'rectification-resubmission',
  'handling-suggestion-answer',
  'transfer-acknowledgement',
] as const satisfies readonly SubmissionKind[];
export const submissionKindLabels: Record<SubmissionKind, string> = {
  'patrol-rectification': '巡查整改情况报告',
  'supervision-rectification': '督查整改情况报告',
  'rectification-resubmission': '退回整改事项的整改情况报告',
  'handling-suggestion-answer': '处理建议办理情况回复',
  'transfer-acknowledgement': '移交问题线索签收',
  'public-report-registration': '群众举报登记',
  'forwarded-report-acknowledgement': '转交群众举报签收',
  'follow-up-visit': '回头看',
  'award-nomination': '全国脱贫攻坚奖推荐材料',
  'award-evidence': '推荐对象补充材料',
  'award-publicity': '推荐对象公示期',
  'audit-alert-check': '审计预警核查',
  'problem-immediate': '立行立改问题整改',
  'problem-dated': '限期整改问题整改',
  'problem-progress': '长期坚持问题整改进展',
  'referral-reply': '交办事项核查情况报告',
  'listing-term': '挂牌督办问题整改',
};

/** How a follow-up visit (回头看) found the rectification of one earlier requirement. */
export const followUpVerdicts = {
  rectified: '已整改到位',
  partly: '部分整改',
  'not-rectified': '未整改',
} as const;
export type FollowUpVerdict = keyof typeof followUpVerdicts;

/** Who an escalation goes to, in ladder order (the office is told at the deadline itself). */
export const escalationRoles = ['leading-group', 'committee'] as const;
export type EscalationRole = (typeof escalationRoles)[number];

/** Units of a deadline rule, with how people read them. */
export const ruleUnitLabels = {
  'calendar-months': '个月',
  'calendar-days': '日',
  'working-days': '个工作日',
  minutes: '分钟',
} as const;

/**
 * How much one case may hold (ours; `limits` in the policy file): they keep a case's record, which Temporal carries
 * from run to run, within its payload limit, and a step beyond them is refused (422) saying the limit.
 */
export interface CaseLimits {
  /** Findings of a patrol or supervision (Art. 9, 14). */
  findings: number;
  /** On-site handling suggestions of a patrol (Art. 15 (2)). */
  suggestions: number;
  /** Transfers of a patrol (Art. 16 (1)). */
  transfers: number;
  /** Requests for instructions of a patrol, the first and each after a send-back (Art. 16 (1)). */
  requests: number;
  /** Files of a case's work plan and written report (references; the files are in the case store). */
  files: number;
  /** Extensions of one deadline. */
  extensionsPerDeadline: number;
  /** Internal comments on a case (references; the texts are in the case store). */
  comments: number;
  /** A case continues as a new run (same id, same record) once its history has this many events. */
  historyEvents: number;
}

export const defaultCaseLimits: CaseLimits = {
  findings: 100,
  suggestions: 30,
  transfers: 20,
  requests: 10,
  files: 100,
  extensionsPerDeadline: 5,
  comments: 200,
  historyEvents: 5000,
};

/** Where one rectification requirement stands in the leading group's review (Art. 11 (2), 16 (2)). */
export const rectificationItemStatuses = ['awaiting-report', 'reported', 'accepted', 'sent-back', 'closed'] as const;
export type RectificationItemStatus = (typeof rectificationItemStatuses)[number];
export const rectificationItemStatusLabels: Record<RectificationItemStatus, string> = {
  'awaiting-report': '待报送',
  reported: '待审核',
  accepted: '整改到位',
  'sent-back': '退回重新整改',
  closed: '领导小组结束整改',
};
