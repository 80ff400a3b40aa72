/**
 * A case record, as the API answered it to the caller, turned into what the case page shows: sections of labelled
 * Chinese text, the deadlines with their traffic lights, and the timeline of events. Only what is in the answer is
 * shown, and only fields with a Chinese label (anything else stays out of the page rather than appear in English).
 */
import type { Actor } from '../../../workflows/domain';
import { channelLabels, roleLabels, transferRecipients } from '../../../workflows/domain';
import type { CaseRecord } from '../../../workflows/engine/record';
import type { Party } from '../../../workflows/engine/schemas';
import type { CaseEventItem, DeadlineItem, NoticeItem, RecordSection } from './views/case-page';
import { chineseDate, chineseDateTime, dueStatus } from '../components/format';
import { fieldLabel, valueLabel } from '../components/labels';
import { publicReportSections } from './public-report-view';
import { problemSections } from './problem-view';
import { referralSections } from './referral-view';
import { groupLabel } from '../../../lib/documents/case-identity';

/** Sections of the record, in the order a case goes through them, with their Chinese titles. */
const sectionTitles: Record<string, string> = {
  grounds: '提请依据',
  citedReports: '引用的群众举报',
  draftReturns: '退回修改',
  withdrawals: '撤回',
  approval: '批准情况',
  group: '组成人员',
  workPlan: '工作方案',
  stationing: '进驻',
  findings: '发现的问题',
  suggestions: '处理建议',
  report: '书面报告',
  requests: '请示',
  transfers: '移交',
  feedback: '反馈意见',
  commendations: '通报表扬',
  results: '督查结果',
  rectification: '整改情况',
  rectificationReview: '整改审核',
  summaryToCommittee: '整改情况报告',
  publication: '公开',
  publicationDeclined: '不予公开',
  alert: '审计预警',
  check: '核查情况',
};

/** Record fields (beyond the step inputs' names) with their Chinese labels. */
const recordLabels: Record<string, string> = {
  what: '撤回的事项',
  revised: '修改后重新报送',
  summary: '内容',
  situation: '情况',
  problems: '问题',
  text: '意见',
  basis: '依据',
  keyItemLabel: '类别',
  otherDescription: '其他问题类别',
  groupLeader: '组长',
  inspectingCity: '巡查组所在市',
  recipientName: '接收机关',
  acknowledged: '签收',
  answer: '答复',
  measures: '整改措施',
  publicSummary: '建议公开的整改情况',
  edited: '经领导小组修改',
  late: '逾期提交',
  remarks: '批示意见',
  note: '备注',
  rectificationOpinions: '整改意见',
  rectificationRequirements: '整改要求',
  sources: '依据来源',
  suggestions: '建议',
  opinions: '意见',
  reason: '理由',
  status: '状态',
  items: '逐项',
  findingIds: '所涉问题',
  requirement: '整改要求',
  reports: '反馈次数',
  reportedAt: '反馈时间',
  sentBack: '退回次数',
  complete: '审核办结',
  submissions: '反馈',
  requirements: '涉及的整改要求',
  serial: '序号',
};

/**
 * Labels that depend on the section: a number (`id`) is a finding's in 发现的问题, a suggestion's in 处理建议, a
 * transfer's in 移交, and names the group in 组成人员. The publication's address is the API's, not a page: not shown.
 */
const sectionLabels: Record<string, Record<string, string | null>> = {
  group: { id: '组别' },
  findings: { id: '问题编号', summary: '问题描述' },
  suggestions: { id: '建议编号', summary: '处理建议' },
  transfers: { id: '移交编号', summary: '移交事项', to: '移交机关' },
  publication: { text: '公开的内容', url: null },
  alert: {
    person: '人员编号',
    role: null,
    reads: null,
    total: '一小时内查阅身份信息和文件（次）',
    threshold: '每小时上限（次）',
    since: '统计起始',
    until: '统计截止',
    auditLink: '审计日志',
  },
};

/** What turns a unit's code into its name (the registry's), when the page has one. */
export type UnitNames = (code: string) => string | undefined;

interface Context {
  section: string;
  unitName?: UnitNames | undefined;
  /** The findings the reader sees (a number referring to another is not shown). */
  findingIds?: ReadonlySet<number> | undefined;
}

const labelOf = (key: string, c: Context): string | undefined => {
  const own = sectionLabels[c.section]?.[key];
  return own === null ? undefined : (own ?? recordLabels[key] ?? fieldLabel(key));
};

/** The receiving bodies' names, each with the short name it has where a parenthesis follows it. */
const recipientNames: Array<[string, string]> = Object.values(transferRecipients).map((r) => [
  `${r.name}（`,
  `${r.name.replace(/（[^（）]*）$/, '')}（`,
]);

/**
 * A text the case wrote, without parentheses in a row: `将问题线索移交省纪委监委（纪检监察机关）（移交1）` →
 * `将问题线索移交省纪委监委（移交1）` (records keep the texts they were written with; cases since issue 34 write
 * `向省纪委监委移交问题线索（第1件）`).
 */
export function singleParentheses(text: string): string {
  return recipientNames.reduce((t, [full, short]) => t.split(full).join(short), text);
}

export const personLabel = (by: Actor): string => `${by.name ?? by.id}，${roleLabels[by.role]}`;

/** A date (`2026-12-01`) or an instant as officials write it; any other string as it is. */
function dated(value: string): string {
  if (/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value)) return chineseDate(value);
  if (/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9:]+)$/.test(value)) return chineseDateTime(value);
  return value;
}

/** One plain value in Chinese: an enumeration by its field's labels, a date in Chinese, a unit code by its name. */
function plainText(key: string, value: string | number, c: Context): string {
  if (typeof value === 'number') {
    return key === 'findingIds' || key === 'requirement' || key === 'requirements' ? `第${value}项` : String(value);
  }
  if (key === 'id' && c.section === 'group') return groupLabel(value);
  if (key === 'unit' && c.unitName) return c.unitName(value) ?? value;
  return valueLabel(value, key) ?? dated(value);
}

function text(key: string, value: unknown, c: Context): string | undefined {
  if (typeof value === 'string' || typeof value === 'number') return plainText(key, value, c);
  // The problems of the ledger the requirements became (issue 35): how many, never their ids (each has its own page).
  if (
    key === 'problems' &&
    Array.isArray(value) &&
    value.every((v) => typeof v === 'string' && v.startsWith('problem-'))
  )
    return `已列入整改台账，共${value.length}个问题`;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    const shown =
      key === 'findingIds' ? value.filter((v) => typeof v === 'number' && c.findingIds?.has(v)) : (value as unknown[]);
    return shown.map((v) => plainText(key, v as string | number, c)).join(key === 'findingIds' ? '、' : '；');
  }
  return undefined;
}

function entriesOf(value: unknown, prefix: string, out: Array<[string, string]>, c: Context): void {
  if (Array.isArray(value) && value.some((v) => v && typeof v === 'object')) {
    value.forEach((v, i) => entriesOf(v, `${prefix}第${i + 1}项·`, out, c));
    return;
  }
  const plain = text('', value, c);
  if (plain !== undefined) {
    out.push([prefix.replace(/·$/, '') || '内容', plain]);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const o = value as Record<string, unknown>;
  for (const [key, v] of Object.entries(o)) {
    if (key === 'at' || key === 'by' || key === 'decidedAt' || key === 'decidedBy') continue;
    const label = labelOf(key, c);
    if (!label || v === undefined) continue;
    if (v && typeof v === 'object' && !Array.isArray(v)) entriesOf(v, `${prefix}${label}·`, out, c);
    else {
      const t = text(key, v, c);
      if (t === '') continue; // a list of which the reader may see nothing (所涉问题 it may not see)
      if (t !== undefined) out.push([`${prefix}${label}`, t]);
      else entriesOf(v, `${prefix}${label}·`, out, c);
    }
  }
  const by = o.by as Actor | undefined;
  // Art. 16 (3): when it was published, and who decided (the leading group, in cases since issue 34).
  if (typeof o.at === 'string' && c.section === 'publication') {
    out.push([`${prefix}公开时间`, chineseDateTime(o.at)]);
    if (by) out.push([`${prefix}决定公开`, personLabel(by)]);
  } else if (by && typeof o.at === 'string')
    out.push([`${prefix}办理`, `${personLabel(by)}，${chineseDateTime(o.at)}`]);
}

/**
 * The sections of the record the caller was given, in Chinese. `unitName` names the units a record holds by code (a
 * group's members); a finding's number appears only where the reader sees that finding.
 */
export function recordSections(view: Record<string, unknown>, unitName?: UnitNames): RecordSection[] {
  const findings = view.findings as Array<{ id?: unknown }> | undefined;
  const findingIds = new Set((findings ?? []).map((f) => f.id).filter((id): id is number => typeof id === 'number'));
  const sections: RecordSection[] = [
    ...publicReportSections(view),
    ...problemSections(view, unitName),
    ...referralSections(view),
  ];
  for (const [key, title] of Object.entries(sectionTitles)) {
    const value = view[key];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    const entries: Array<[string, string]> = [];
    entriesOf(value, '', entries, { section: key, unitName, findingIds });
    if (entries.length) sections.push({ title, entries });
  }
  return sections;
}

/** Who a party is, in Chinese: `太原市（被督查/被巡查单位）`. */
export function partyLabel(party: Party, unitName: (code: string) => string | undefined): string {
  const who = party.unit ? unitName(party.unit) : party.group ? groupLabel(party.group) : undefined;
  // A receiving body's name says what it is already (省纪委监委（纪检监察机关）): no second parentheses.
  if (who && /[)）]$/.test(who)) return who;
  return who ? `${who}（${roleLabels[party.role]}）` : roleLabels[party.role];
}

const deadlineStatus: Record<string, string> = {
  waiting: '等待提交',
  overdue: '已逾期',
  submitted: '已提交',
  closed: '不再要求',
};

export function deadlineItems(
  record: CaseRecord,
  today: string,
  yellowDays: number,
  unitName: (code: string) => string | undefined,
): DeadlineItem[] {
  return record.deadlines.map((d) => {
    const open = d.status === 'waiting' || d.status === 'overdue';
    return {
      label: singleParentheses(d.label),
      party: `${partyLabel(d.party, unitName)}${d.handler ? `，承办人：${d.handler.name}` : ''}`,
      dueDate: d.deadline.dueDate,
      statusLabel: deadlineStatus[d.status] ?? d.status,
      ...(open ? { due: dueStatus(d.deadline.dueDate, today, yellowDays, d.status === 'overdue') } : {}),
      reminders: d.reminders.map((r) => `${chineseDateTime(r.at)}已提醒（截止${chineseDate(r.dueDate)}）`),
      escalations: d.escalations.map((e) => `${chineseDateTime(e.at)}已督办，报${roleLabels[e.to]}`),
      extensions: d.extensions.map(
        (e) =>
          `${chineseDateTime(e.at)}由${personLabel(e.by)}延期：${chineseDate(e.fromDueDate)}延至${chineseDate(e.toDueDate)}，理由：${e.reason}`,
      ),
    };
  });
}

const deliveryStatus: Record<string, string> = { sending: '发送中', delivered: '已送达', failed: '未送达' };

/**
 * The notices the caller may see (the API's answer: the overseers all, anyone else only theirs) with their delivery
 * record: channel, outcome, when and after how many attempts (issue 19), and whether the office still has to handle one
 * that no channel delivered (催办未送达).
 */
export function noticeItems(record: CaseRecord, unitName: (code: string) => string | undefined): NoticeItem[] {
  return record.notifications.map((n) => ({
    at: n.at,
    to: partyLabel(n.to, unitName),
    subject: singleParentheses(n.subject),
    deliveries: n.deliveries.map(
      (d) =>
        `${channelLabels[d.channel]} ${d.target}：${deliveryStatus[d.status] ?? d.status}` +
        (d.settledAt ? `（${chineseDateTime(d.settledAt)}` + (d.attempts ? `，第${d.attempts}次尝试）` : '）') : ''),
    ),
    waitsForOffice: Boolean(n.undelivered && !n.undelivered.handled),
    ...(n.undelivered
      ? {
          undelivered: n.undelivered.handled
            ? `催办未送达，已处理：${valueLabel(n.undelivered.handled.how, 'how') ?? n.undelivered.handled.how}`
            : '催办未送达，待办公室处理',
        }
      : {}),
  }));
}

export function eventItems(record: CaseRecord): CaseEventItem[] {
  return record.events.map((e) => ({
    at: e.at,
    summary: singleParentheses(e.summary),
    ...(e.by ? { by: personLabel(e.by) } : {}),
    ...(e.note ? { note: e.note } : {}),
  }));
}
