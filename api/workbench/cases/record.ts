/**
 * A case record, as the API answered it to the caller, turned into what the case page shows: sections of labelled
 * Chinese text, the deadlines with their traffic lights, and the timeline of events. Only what is in the answer is
 * shown, and only fields with a Chinese label (anything else stays out of the page rather than appear in English).
 */
import type { Actor } from '../../../workflows/domain';
import { channelLabels, roleLabels } from '../../../workflows/domain';
import type { CaseRecord } from '../../../workflows/engine/record';
import type { Party } from '../../../workflows/engine/schemas';
import type { CaseEventItem, DeadlineItem, NoticeItem, RecordSection } from './views/case-page';
import { chineseDate, chineseDateTime, dueStatus } from '../components/format';
import { fieldLabel, valueLabel } from '../components/labels';

/** Sections of the record, in the order a case goes through them, with their Chinese titles. */
const sectionTitles: Record<string, string> = {
  grounds: '提请依据',
  citedReports: '引用的群众举报',
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
};

/** Record fields (beyond the step inputs' names) with their Chinese labels. */
const recordLabels: Record<string, string> = {
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
  publicSummary: '可以公开的情况',
  late: '逾期提交',
  remarks: '批示意见',
  note: '备注',
  url: '公开地址',
  rectificationOpinions: '整改意见',
  rectificationRequirements: '整改要求',
  sources: '依据来源',
  suggestions: '建议',
  opinions: '意见',
  reason: '理由',
  status: '状态',
  items: '逐项',
};

const labelOf = (key: string): string | undefined => recordLabels[key] ?? fieldLabel(key);

export const personLabel = (by: Actor): string => `${by.name ?? by.id}，${roleLabels[by.role]}`;

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return valueLabel(value) ?? value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    return value.map((v) => (typeof v === 'string' ? (valueLabel(v) ?? v) : String(v))).join('；');
  }
  return undefined;
}

function entriesOf(value: unknown, prefix: string, out: Array<[string, string]>): void {
  if (Array.isArray(value) && value.some((v) => v && typeof v === 'object')) {
    value.forEach((v, i) => entriesOf(v, `${prefix}第${i + 1}项·`, out));
    return;
  }
  const plain = text(value);
  if (plain !== undefined) {
    out.push([prefix.replace(/·$/, '') || '内容', plain]);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const o = value as Record<string, unknown>;
  for (const [key, v] of Object.entries(o)) {
    if (key === 'at' || key === 'by' || key === 'decidedAt' || key === 'decidedBy') continue;
    const label = labelOf(key);
    if (!label || v === undefined) continue;
    if (v && typeof v === 'object' && !Array.isArray(v)) entriesOf(v, `${prefix}${label}·`, out);
    else {
      const t = text(v);
      if (t !== undefined) out.push([`${prefix}${label}`, t]);
      else entriesOf(v, `${prefix}${label}·`, out);
    }
  }
  const by = o.by as Actor | undefined;
  if (by && typeof o.at === 'string') out.push([`${prefix}办理`, `${personLabel(by)}，${chineseDateTime(o.at)}`]);
}

/** The sections of the record the caller was given, in Chinese. */
export function recordSections(view: Record<string, unknown>): RecordSection[] {
  const sections: RecordSection[] = [];
  for (const [key, title] of Object.entries(sectionTitles)) {
    const value = view[key];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    const entries: Array<[string, string]> = [];
    entriesOf(value, '', entries);
    if (entries.length) sections.push({ title, entries });
  }
  return sections;
}

/** Who a party is, in Chinese: `太原市（被督查/被巡查单位）`. */
export function partyLabel(party: Party, unitName: (code: string) => string | undefined): string {
  const who = party.unit ? unitName(party.unit) : party.group ? `${party.group}组` : undefined;
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
      label: d.label,
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
    subject: n.subject,
    deliveries: n.deliveries.map(
      (d) =>
        `${channelLabels[d.channel]} ${d.target}：${deliveryStatus[d.status] ?? d.status}` +
        (d.settledAt ? `（${chineseDateTime(d.settledAt)}` + (d.attempts ? `，第${d.attempts}次尝试）` : '）') : ''),
    ),
    waitsForOffice: Boolean(n.undelivered && !n.undelivered.handled),
    ...(n.undelivered
      ? {
          undelivered: n.undelivered.handled
            ? `催办未送达，已处理：${valueLabel(n.undelivered.handled.how) ?? n.undelivered.handled.how}`
            : '催办未送达，待办公室处理',
        }
      : {}),
  }));
}

export function eventItems(record: CaseRecord): CaseEventItem[] {
  return record.events.map((e) => ({
    at: e.at,
    summary: e.summary,
    ...(e.by ? { by: personLabel(e.by) } : {}),
    ...(e.note ? { note: e.note } : {}),
  }));
}
