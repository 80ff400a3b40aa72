import type { Actor } from '../../workflows/domain';
import type { PatrolCaseRecord } from '../../workflows/patrol/contract';
import type { SupervisionCaseRecord } from '../../workflows/supervision/contract';
import type { CaseEvent, DeadlineTrack, Party } from '../../workflows/engine/schemas';
import type { PublicReportRecord } from '../../workflows/public-report/contract';

/** Texts that must reach only the roles DOMAIN.md gives them: each field of a record carries its own marker. */
export const secret = {
  registration: '登记摘要：反映某村危房改造补助资金被截留',
  decisionReason: '决定理由：属于巡查事项',
  grounds: '举报人张三电话13800000000反映资金被挪用',
  approvalReason: '省委同意：情况属实',
  workPlan: '工作方案：暗访三个乡镇',
  finding: '问题线索：县长挪用资金',
  report: '巡查报告：责任人应予处分',
  request: '请示：建议移交纪委',
  remarks: '批示：补充证据后再报',
  transferCommission: '移交纪委：县长挪用资金线索',
  transferProcuratorate: '移交检察院：涉嫌贪污线索',
  summaryToCommittee: '整改情况报告：基本完成',
  suggestion: '处理建议：立即停止拨付',
  feedback: '反馈意见：追回资金',
  rectification: '整改情况：已追回',
};

const at = '2026-12-01T00:00:00.000Z';
const office: Actor = { id: 'o', role: 'office' };
const lg: Actor = { id: 'lg', role: 'leading-group' };
const committee: Actor = { id: 'c', role: 'committee' };
const leader: Actor = { id: 'gl', role: 'group-leader', group: 'g-1' };
const unitActor: Actor = { id: 'u', role: 'unit', unit: 'taiyuan' };

const unit: Party = { role: 'unit', unit: 'taiyuan' };
const commission: Party = { role: 'discipline', unit: 'discipline-commission' };
const procuratorate: Party = { role: 'discipline', unit: 'procuratorate' };

function track(key: string, section: string, party: Party, step: string): DeadlineTrack {
  const kinds: Record<string, DeadlineTrack['kind']> = {
    transfers: 'transfer-acknowledgement',
    suggestions: 'handling-suggestion-answer',
    forwarding: 'forwarded-report-acknowledgement',
  };
  return {
    key,
    kind: kinds[section] ?? 'patrol-rectification',
    label: key,
    party,
    section,
    step,
    issuedAt: at,
    deadline: { from: at, dueDate: '2026-12-08', dueAt: at, label: '' },
    status: 'waiting',
    reminders: [],
    escalations: [],
    extensions: [],
  };
}

const citation = {
  reportId: 'public-report-0123456789abcdef0123',
  receivedOn: '2026-11-20',
  summary: secret.registration,
  by: office,
  at,
};
/** An internal comment to an audience (its text in the store; the record keeps the reference). */
const comment = (id: number, audience: 'overseers' | 'group' | 'unit') => ({
  id,
  audience,
  text: {
    id: `00000000-0000-0000-0000-00000000010${id}`,
    name: 'comment.txt',
    contentType: 'text/plain; charset=utf-8',
    size: 10,
    sha256: 'b'.repeat(64),
  },
  by: lg,
  at,
});
const comments = () => [comment(1, 'overseers'), comment(2, 'group'), comment(3, 'unit')];

const file = (section: 'workPlan' | 'report') => ({
  id: `00000000-0000-0000-0000-00000000000${section === 'workPlan' ? 1 : 2}`,
  name: `${section}.pdf`,
  contentType: 'application/pdf',
  size: 10,
  sha256: 'a'.repeat(64),
  section,
  by: leader,
  at,
});

const event = (section: string, summary: string, extra: Partial<CaseEvent> = {}): CaseEvent => ({
  at,
  stage: 'rectification',
  action: section,
  summary,
  section,
  ...extra,
});

/** A patrol with every field filled, every kind of event, and deadlines of three parties. */
export function fullPatrol(): PatrolCaseRecord {
  return {
    caseId: 'patrol-2026-taiyuan-0001',
    kind: 'patrol',
    targetUnit: { code: 'taiyuan', name: '太原市', kind: 'city' },
    stage: 'awaiting-instructions',
    stageLabel: '请示省委、省政府',
    closed: false,
    revision: 30,
    awaiting: [
      { role: 'committee', step: 'decideInstructions', label: '批示' },
      { ...unit, step: 'submitRectificationReport', label: '整改', deadlineKey: 'rectification', dueAt: at },
      {
        ...commission,
        step: 'acknowledgeTransfer',
        params: { transferId: 1 },
        label: '确认',
        deadlineKey: 'transfer-1',
      },
      {
        ...procuratorate,
        step: 'acknowledgeTransfer',
        params: { transferId: 2 },
        label: '确认',
        deadlineKey: 'transfer-2',
      },
    ],
    events: [
      event('grounds', '提请巡查', { by: office, note: secret.grounds }),
      event('approval', '批准', { by: committee, note: secret.approvalReason }),
      event('group', '组建巡查组', { by: office }),
      event('stationing', '巡查组进驻', { by: leader }),
      event('findings', '记录问题', { by: leader, note: secret.finding }),
      event('suggestions', '提出处理建议', { by: leader, note: secret.suggestion }),
      event('report', '提交报告', { by: leader }),
      event('requests', '请示', { by: lg, note: secret.request }),
      event('requests', '退回', { by: committee, note: secret.remarks }),
      event('transfers', '移交纪委', { by: lg, note: secret.transferCommission, party: commission }),
      event('transfers', '移交检察院', { by: lg, note: secret.transferProcuratorate, party: procuratorate }),
      event('feedback', '反馈', { by: lg }),
      event('rectification', '整改期限', { party: unit }),
      event('summaryToCommittee', '报告', { by: lg, note: secret.summaryToCommittee }),
      event('publication', '公开', { by: lg }),
    ],
    deadlines: [
      track('suggestion-1', 'suggestions', unit, 'answerHandlingSuggestion'),
      track('transfer-1', 'transfers', commission, 'acknowledgeTransfer'),
      track('transfer-2', 'transfers', procuratorate, 'acknowledgeTransfer'),
      track('rectification', 'rectification', unit, 'submitRectificationReport'),
    ],
    notifications: [
      { notificationId: 'n1', at, to: { role: 'committee' }, subject: '请示', deliveries: [] },
      { notificationId: 'n2', at, to: unit, subject: '进驻通知', deliveries: [] },
      { notificationId: 'n3', at, to: commission, subject: '移交', deliveries: [] },
      { notificationId: 'n4', at, to: { role: 'group-leader', group: 'g-1' }, subject: '方案', deliveries: [] },
    ],
    grounds: { sources: ['public-report'], summary: secret.grounds },
    citedReports: [citation],
    crossPatrol: { setId: 'cross-patrol-2026-0001', inspectingCity: { code: 'datong', name: '大同市' } },
    unannounced: true,
    files: [file('workPlan'), file('report')],
    comments: comments(),
    approval: { decision: 'approve', reason: secret.approvalReason, by: committee, at },
    group: {
      id: 'g-1',
      leader: { name: '组长', rank: 'department', unit: 'dept-finance' },
      members: [{ name: '成员', unit: 'dept-audit' }],
      formedAt: at,
      formedBy: office,
    },
    workPlan: { summary: secret.workPlan, stationedOn: '2026-12-01', by: leader, at },
    stationing: { stationedOn: '2026-12-01', groupLeader: '组长', at },
    findings: [
      { id: 1, keyItem: 3, keyItemLabel: 'x', methods: ['public-report'], summary: secret.finding, by: leader, at },
    ],
    suggestions: [{ id: 1, summary: secret.suggestion, findingIds: [1], by: leader, at }],
    report: {
      situation: secret.report,
      problems: secret.report,
      opinions: [{ text: secret.report, basis: 'x' }],
      by: leader,
      at,
    },
    requests: [{ summary: secret.request, by: lg, at, decision: 'send-back', remarks: secret.remarks }],
    transfers: [
      { id: 1, to: 'discipline-inspection', recipientName: '纪委', summary: secret.transferCommission, by: lg, at },
      { id: 2, to: 'procuratorate', recipientName: '检察院', summary: secret.transferProcuratorate, by: lg, at },
    ],
    feedback: { situation: secret.feedback, rectificationOpinions: [secret.feedback], by: lg, at },
    rectification: { summary: secret.rectification, measures: ['x'], by: unitActor, at, late: false },
    summaryToCommittee: { summary: secret.summaryToCommittee, by: lg, at },
    publication: { text: '公开内容', at, url: '/bulletin/patrol-2026-taiyuan-0001' },
  };
}

/** A supervision of a round with every field filled. */
export function fullSupervision(): SupervisionCaseRecord {
  return {
    caseId: 'supervision-2026-taiyuan-0001',
    kind: 'supervision',
    targetUnit: { code: 'taiyuan', name: '太原市', kind: 'city' },
    stage: 'rectification',
    stageLabel: '整改反馈',
    closed: false,
    revision: 12,
    awaiting: [{ ...unit, step: 'submitRectificationReport', label: '整改', deadlineKey: 'rectification', dueAt: at }],
    events: [
      event('approval', '批准', { by: lg, note: secret.approvalReason }),
      event('findings', '发现', { by: leader, note: secret.finding }),
      event('results', '通报结果', { by: lg }),
    ],
    deadlines: [track('rectification', 'rectification', unit, 'submitRectificationReport')],
    notifications: [],
    type: 'comprehensive',
    year: 2026,
    citedReports: [citation],
    unannounced: true,
    files: [file('workPlan'), file('report')],
    comments: comments(),
    round: { workflowId: 'supervision-round-2026', inspectingCity: { code: 'datong', name: '大同市' } },
    approval: { decision: 'approve', reason: secret.approvalReason, by: lg, at, withPlan: 'supervision-plan-2026' },
    group: {
      id: 'g-1',
      leader: { name: '组长', rank: 'department', unit: 'datong' },
      members: [{ name: '成员', unit: 'dept-audit' }],
      formedAt: at,
      formedBy: office,
    },
    workPlan: { summary: secret.workPlan, by: leader, at },
    notice: { groupLeader: '组长', inspectingCity: '大同市', at },
    findings: [
      { id: 1, keyItem: 5, keyItemLabel: 'x', methods: ['document-review'], summary: secret.finding, by: leader, at },
    ],
    report: { situation: secret.report, problems: secret.report, opinions: 'x', suggestions: 'x', by: leader, at },
    commendation: { citation: '表扬', by: lg, at },
    results: { summary: '结果', rectificationRequirements: [secret.feedback], by: lg, at },
    rectification: { summary: secret.rectification, measures: ['x'], by: unitActor, at, late: false },
  };
}

/** A public report forwarded to the discipline commission, with every field filled. */
export function fullPublicReport(): PublicReportRecord {
  const ref = {
    id: '00000000-0000-0000-0000-000000000009',
    name: 'account.json',
    contentType: 'application/json',
    size: 10,
    sha256: 'b'.repeat(64),
  };
  return {
    caseId: 'public-report-0123456789abcdef0123',
    kind: 'public-report',
    targetUnit: { code: 'taiyuan', name: '太原市', kind: 'city' },
    stage: 'forwarded',
    stageLabel: '已转交省纪委监委',
    closed: false,
    revision: 5,
    awaiting: [{ ...commission, step: 'acknowledgeForwardedReport', label: '转交群众举报签收' }],
    events: [
      event('received', '收到群众举报'),
      event('registration', '已登记', { by: office }),
      event('decision', '决定', { by: office, note: secret.decisionReason }),
      event('forwarding', '转交', { by: office, party: commission }),
    ],
    deadlines: [track('acknowledgement', 'forwarding', commission, 'acknowledgeForwardedReport')],
    notifications: [{ notificationId: 'n1', at, to: commission, subject: '转交', deliveries: [] }],
    year: 2026,
    received: {
      at,
      on: '2026-11-20',
      account: ref,
      attachments: [],
      identified: true,
      unitNamed: true,
      possibleDuplicates: [],
    },
    registration: { summary: secret.registration, by: office, at, late: false },
    decision: { action: 'forward', reason: secret.decisionReason, by: office, at },
    forwarding: { recipientName: '省纪委监委（纪检监察机关）', by: office, at },
    reply: { status: 'forwarded', at },
  };
}
