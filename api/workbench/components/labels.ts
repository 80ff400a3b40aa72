/**
 * The Chinese words of the workbench for what the contracts name in English: input fields, enumeration values and
 * steps. A step's input field whose schema `description` is Chinese is labelled by it; the rest are named here once.
 * test/api/workbench-forms.test.ts walks every step of every contract and fails on any field, value or step this
 * module cannot put in Chinese, so a new step shows up in the workbench with at most a line added here.
 */
import type { StepSpec } from '../../../workflows/engine/contract';
import {
  followUpVerdicts,
  groundsSourceLabels,
  inspectionMethods,
  leaderRanks,
  otherKeyItem,
  otherKeyItemLabel,
  problemTermKinds,
  rectificationItemStatusLabels,
  referralSources,
  referralVerdicts,
  resultUseTypes,
  supervisionTypes,
  transferRecipients,
} from '../../../workflows/domain';
import { patrolKeyProblems } from '../../../workflows/patrol/stages';
import { supervisionKeyContents } from '../../../workflows/supervision/stages';
import { article } from '../../../workflows/engine/texts';
import { conditionVerdicts } from '../../../workflows/nomination/conditions';
import { undeliveredActionLabels } from '../../../workflows/common-steps/undelivered';

/** Chinese, with no Latin letters: what a label must be. */
export const isChinese = (text: string): boolean => /\p{Script=Han}/u.test(text) && !/[A-Za-z]/.test(text);

/** Fields whose schema has no Chinese description. */
const fieldLabels: Record<string, string> = {
  year: '年度',
  serial: '序号（本年度、本单位内）',
  grounds: '提请依据',
  reportIds: '引用的群众举报受理编号（每行一个）',
  decision: '决定',
  id: '组号',
  group: '组成人员',
  leader: '组长',
  members: '成员',
  name: '姓名',
  rank: '职级',
  unit: '单位',
  locality: '所在地',
  unannounced: '暗访（不通知被巡查单位）',
  stationedOn: '进驻日期',
  keyProblem: '问题类别（第十四条）',
  keyContent: '督查内容类别（第九条）',
  methods: '工作方式（第五条）',
  assessmentId: '登记在册的第三方评估编号',
  findingIds: '所涉问题编号（以逗号分隔）',
  suggestionId: '处理建议编号',
  opinions: '处理意见',
  to: '移交机关',
  transferId: '移交编号',
  requirement: '整改要求序号',
  items: '逐项整改情况',
  publish: '公开整改情况',
  key: '报告',
  dueDate: '新的截止日期',
  verdict: '整改情况评价',
  circulate: '在全省通报',
  target: '被督查单位',
  inspector: '督查单位',
  targetUnit: '被反映单位',
  receipt: '受理编号',
  action: '处理方式',
  caseId: '关联的督查或巡查',
  reviews: '逐项审核',
  sources: '依据来源',
  reason: '理由',
  decisions: '逐项审核',
  thirdPartyAssessment: '运用的第三方评估成果（第五条）',
  crossAdjustments: '交叉督查的调整',
  selected: '确定的推荐对象',
  objectionId: '异议编号',
  accept: '接受',
  conditions: '条件审核',
  rejected: '不予确定的推荐对象',
  upheld: '异议成立',
  condition: '条件',
  nominationId: '推荐对象编号',
  weighing: '综合考量',
  fact: '事实',
  no: '通知序号',
  handlerId: '承办人（从本单位人员中选择）',
  how: '处理方式',
  // Issue 35: a problem's progress report (its figures) and the review of its 申请销号.
  figures: '整改成效（数字）',
  terms: '各项整改要求的时限（不填的，按整改期限限期整改）',
  kind: '整改时限类型',
  everyMonths: '每几个月报告一次进展（长期坚持）',
  other: '其他指标',
  value: '数值',
  // Issue 36: a referral (交办核查) and its review.
  publicReply: '给举报人的答复',
  problems: '列入问题整改台账的问题（核查属实或部分属实时填写）',
  // Issue 36: a use of results (结果运用): the talk of a 约谈.
  heldAt: '约谈时间',
  circular: '通报批评（通报批评时填写）',
  interview: '约谈（约谈时填写）',
  listing: '挂牌督办（挂牌督办时填写）',
  responsibleLeader: '责任领导',
  // A special topic's approval may split its units into groups (Art. 7, 8).
  groups: '督查组及其督查的单位（不填的，全部单位为一个督查组）',
  units: '督查的单位',
  term: '整改时限',
  proposePatrol: '建议作为巡查依据',
};

const transferRecipientNames = Object.fromEntries(Object.entries(transferRecipients).map(([k, v]) => [k, v.name]));

/** Values of enumerations, in Chinese. */
const valueLabels: Record<string, string> = {
  approve: '批准',
  reject: '不批准',
  'send-back': '退回',
  accept: '通过',
  close: '结束',
  link: '关联到已有督查或巡查',
  'propose-patrol': '建议开展巡查',
  'propose-supervision': '建议开展督查',
  forward: '转有关机关办理',
  'strike-off': '销号',
  ...problemTermKinds,
  ...inspectionMethods,
  ...groundsSourceLabels,
  // Without its field (a form built before fields were passed), `other` is a rank's: 其他.
  ...leaderRanks,
  ...followUpVerdicts,
  ...conditionVerdicts,
  ...undeliveredActionLabels,
  ...transferRecipientNames,
};

/**
 * Values whose Chinese depends on the field they are in: `other` is 其他 as a leader's rank and 其他掌握情况 as a
 * source of grounds; `public-report` a source (群众举报) or a method (受理群众举报); a requirement's `status`.
 */
const fieldValueLabels: Record<string, Record<string, string>> = {
  rank: leaderRanks,
  sources: groundsSourceLabels,
  methods: inspectionMethods,
  status: { ...rectificationItemStatusLabels, 'awaiting-signature': '待签发', signed: '已签发' },
  ended: { accepted: rectificationItemStatusLabels.accepted, closed: rectificationItemStatusLabels.closed },
  to: transferRecipientNames,
  type: { ...supervisionTypes, ...resultUseTypes },
  verdict: { ...followUpVerdicts, ...conditionVerdicts, ...referralVerdicts },
  kind: { ...problemTermKinds, ...referralSources },
  how: undeliveredActionLabels,
  // What was withdrawn (撤回): the proposal, the group's report.
  what: { proposal: '提请', report: '书面报告' },
};

/** Integer fields whose values are the numbered items of an article. */
export const numberedItems: Record<string, Record<number, string>> = {
  keyProblem: { ...patrolKeyProblems, [otherKeyItem]: otherKeyItemLabel },
  keyContent: { ...supervisionKeyContents, [otherKeyItem]: otherKeyItemLabel },
};

/** Step names whose summary carries no Chinese name in parentheses, or one that is not the step's name. */
const stepLabels: Record<string, string> = {
  recordFinding: '记录发现的问题',
  attachFiles: '上传工作方案或报告的文件',
  approvePlan: '批准年度督查计划',
  decideReport: '决定群众举报的处理方式',
  signMaterials: '审签推荐材料',
  issueFeedback: '反馈巡查情况、提出整改意见',
  decidePlan: '审批年度督查计划',
  decideLateNomination: '决定是否受理逾期推荐',
  decideObjection: '决定异议的处理',
  decideList: '确定推荐对象名单',
  reviewNomination: '审核推荐对象',
  // Issue 35: where the summary's words in parentheses name something else (the figures, 销号 alone, 反弹 alone).
  reportProblemProgress: '报告整改进展',
  attachProblemEvidence: '上传佐证材料',
  reviewStrikeOff: '审核销号申请',
  reopenProblem: '认定反弹、重新整改',
  // Issue 36: 交办核查.
  signReferral: '签收交办函',
  attachReferralEvidence: '上传佐证材料',
  replyReferral: '报送核查情况',
  reviewReferral: '审核核查情况',
  reportListingProgress: '报告挂牌督办事项整改进展',
  decideTopic: '审批专项督查',
};

/** The label of an input field: its Chinese description, or the name given here; undefined if neither. */
export function fieldLabel(name: string, description?: string): string | undefined {
  if (description && isChinese(description)) return description;
  return fieldLabels[name];
}

/**
 * The Chinese of an enumeration value in `field` (the property's name: `rank`, `sources`, `status` …), or undefined.
 * Without the field, the value's most common reading.
 */
export const valueLabel = (value: string, field?: string): string | undefined =>
  (field !== undefined ? fieldValueLabels[field]?.[value] : undefined) ?? valueLabels[value];

/**
 * A step's Chinese name: the name given here, or the last Chinese words in parentheses of its summary
 * (`…(批准/不批准巡查)` → 批准/不批准巡查).
 */
export function stepLabel(step: Pick<StepSpec, 'summary'> & { name: string }): string | undefined {
  const named = [...step.summary.matchAll(/[(（]([^()（）]+)[)）]/g)].map((m) => m[1]!).filter(isChinese);
  return stepLabels[step.name] ?? named.at(-1);
}

/** The articles a step's summary cites (`Art. 16 (2): …` → 第十六条第（二）项). */
export function stepCitation(summary: string): string | undefined {
  const m = summary.match(/^Art\. ([0-9]+)(?: \(([0-9]+)\))?/);
  if (!m) return undefined;
  return article(Number(m[1]), m[2] ? Number(m[2]) : undefined);
}
