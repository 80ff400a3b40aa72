/**
 * One patrol case (巡查, Chapter 3, Art. 12–16) as one long-running workflow, from proposal to closing.
 * Every human step is an Update with a validator (workflows/steps.ts); every deadline runs on the shared
 * engine (workflows/deadlines.ts); every notice goes through the notifier (workflows/notifier.ts).
 */
import {
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  log,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { CaseRecord } from './case-record';
import type { Actor, GroundsSource, InspectionMethod, PatrolStage, TargetUnit, TransferRecipient } from './domain';
import { groundsSourceLabels, patrolKeyProblems, patrolStageLabels, transferRecipients } from './domain';
import type { Finding, InspectionGroup } from './inspection';
import { findingProblem, groupProblem } from './inspection';
import type { StepInput } from './steps';
import { required } from './steps';
import type { ApprovalInput } from './case-steps';
import { datePattern, openCase } from './case-steps';

// ---- the case record and its parts ----

export interface PatrolGrounds {
  /** Art. 12: what information the proposal rests on. */
  sources: GroundsSource[];
  /** Chinese summary of the grounds. */
  summary: string;
}

export interface PatrolCaseInput {
  targetUnit: TargetUnit;
  grounds: PatrolGrounds;
  proposedBy: Actor;
}

export interface HandlingSuggestion {
  id: number;
  summary: string;
  findingIds: number[];
  at: string;
  by: Actor;
  answer?: { text: string; at: string; by: Actor };
}

export interface HandlingOpinion {
  /** The opinion. */
  text: string;
  /** Facts and rules it rests on (Art. 15: 依据事实和有关规定). */
  basis: string;
}

export interface ViolationTransfer {
  id: number;
  to: TransferRecipient;
  recipientName: string;
  summary: string;
  at: string;
  by: Actor;
  acknowledged?: { at: string; by: Actor; note?: string };
}

export interface PatrolCaseRecord extends CaseRecord<PatrolStage> {
  grounds: PatrolGrounds;
  approval?: { decision: 'approve' | 'reject'; reason?: string; by: Actor; at: string };
  group?: InspectionGroup & { formedAt: string; formedBy: Actor };
  workPlan?: { summary: string; stationedOn: string; at: string; by: Actor };
  findings: Finding[];
  suggestions: HandlingSuggestion[];
  report?: { situation: string; problems: string; opinions: HandlingOpinion[]; at: string; by: Actor };
  requests: Array<{
    summary: string;
    at: string;
    by: Actor;
    decision?: 'approve' | 'send-back';
    remarks?: string;
    decidedAt?: string;
    decidedBy?: Actor;
  }>;
  transfers: ViolationTransfer[];
  feedback?: { situation: string; rectificationOpinions: string[]; at: string; by: Actor };
  rectification?: { summary: string; measures: string[]; publicSummary?: string; at: string; by: Actor; late: boolean };
  summaryToCommittee?: { summary: string; at: string; by: Actor };
  publication?: { text: string; at: string; url: string };
}

export interface PatrolOutcome {
  caseId: string;
  stage: PatrolStage;
}

// ---- messages (the contract the API uses) ----

/** Art. 12: the committee's decision on a proposed patrol. */
export type PatrolApprovalDecision = ApprovalInput;
export interface FormGroupInput extends StepInput {
  group: InspectionGroup;
}
export interface WorkPlanInput extends StepInput {
  summary: string;
  /** Local date the group is stationed at the unit (进驻). */
  stationedOn: string;
}
export interface FindingInput extends StepInput {
  keyProblem: number;
  methods: InspectionMethod[];
  summary: string;
}
export interface HandlingSuggestionInput extends StepInput {
  summary: string;
  findingIds?: number[];
}
export interface SuggestionAnswerInput extends StepInput {
  suggestionId: number;
  answer: string;
}
export interface PatrolReportInput extends StepInput {
  situation: string;
  problems: string;
  opinions: HandlingOpinion[];
}
export interface RequestForInstructionsInput extends StepInput {
  summary: string;
}
export interface InstructionsDecisionInput extends StepInput {
  decision: 'approve' | 'send-back';
  remarks?: string;
}
export interface TransferInput extends StepInput {
  to: TransferRecipient;
  summary: string;
}
export interface TransferAcknowledgementInput extends StepInput {
  transferId: number;
  note?: string;
}
export interface FeedbackInput extends StepInput {
  situation: string;
  rectificationOpinions: string[];
}
export interface RectificationReportInput extends StepInput {
  summary: string;
  measures: string[];
  /** What may be made public (Art. 16 (3)); absent if nothing can be. */
  publicSummary?: string;
}
export interface RectificationSummaryInput extends StepInput {
  summary: string;
  /** Publish the rectification for public oversight (Art. 16 (3)). */
  publish: boolean;
}

/** The whole case record. */
export const patrolRecordQuery = defineQuery<PatrolCaseRecord>('caseRecord');

type Step<I> = ReturnType<typeof defineUpdate<PatrolCaseRecord, [I]>>;
export const decidePatrolApprovalUpdate: Step<PatrolApprovalDecision> = defineUpdate('decidePatrolApproval');
export const formGroupUpdate: Step<FormGroupInput> = defineUpdate('formGroup');
export const submitWorkPlanUpdate: Step<WorkPlanInput> = defineUpdate('submitWorkPlan');
export const recordFindingUpdate: Step<FindingInput> = defineUpdate('recordFinding');
export const sendHandlingSuggestionUpdate: Step<HandlingSuggestionInput> = defineUpdate('sendHandlingSuggestion');
export const answerHandlingSuggestionUpdate: Step<SuggestionAnswerInput> = defineUpdate('answerHandlingSuggestion');
export const submitPatrolReportUpdate: Step<PatrolReportInput> = defineUpdate('submitPatrolReport');
export const sendRequestForInstructionsUpdate: Step<RequestForInstructionsInput> =
  defineUpdate('sendRequestForInstructions');
export const decideInstructionsUpdate: Step<InstructionsDecisionInput> = defineUpdate('decideInstructions');
export const transferViolationUpdate: Step<TransferInput> = defineUpdate('transferViolation');
export const acknowledgeTransferUpdate: Step<TransferAcknowledgementInput> = defineUpdate('acknowledgeTransfer');
export const issueFeedbackUpdate: Step<FeedbackInput> = defineUpdate('issueFeedback');
export const submitRectificationReportUpdate: Step<RectificationReportInput> =
  defineUpdate('submitRectificationReport');
export const reportRectificationSummaryUpdate: Step<RectificationSummaryInput> =
  defineUpdate('reportRectificationSummary');

const { publishRectification } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

const overseers = ['leading-group', 'office'] as const;
/** Stages in which a deadline can be open (suggestions, transfers, rectification). */
const stagesWithDeadlines: PatrolStage[] = [
  'field-work',
  'under-study',
  'awaiting-instructions',
  'issuing-feedback',
  'rectification',
];

/**
 * @example
 * await client.workflow.start(patrolCase, {
 *   workflowId: 'patrol-2026-taiyuan-0001', taskQueue: 'supervision-patrol',
 *   args: [{ targetUnit, grounds: { sources: ['public-report'], summary: '…' }, proposedBy }],
 * });
 */
export async function patrolCase(input: PatrolCaseInput): Promise<PatrolOutcome> {
  const unit = input.targetUnit;
  const c: Omit<PatrolCaseRecord, keyof CaseRecord> = {
    grounds: input.grounds,
    findings: [],
    suggestions: [],
    requests: [],
    transfers: [],
  };
  const {
    keeper,
    notifier,
    deadlines,
    record,
    now,
    groupParty,
    defineStep,
    common,
    onlyRole,
    ownGroup,
    ownUnit,
    defineExtendDeadline,
    defineApproval,
  } = openCase<PatrolStage, typeof c>({
    kind: 'patrol',
    unit,
    initialStage: 'awaiting-approval',
    stageLabels: patrolStageLabels,
    initialAwaiting: [{ role: 'committee', action: 'approval', label: '审批巡查立项（Art. 12）' }],
    details: c,
    groupWord: '巡查组',
  });
  const sources = input.grounds.sources.map((s) => groundsSourceLabels[s]).join('、');

  // Art. 12: the committee approves or rejects.
  defineApproval(decidePatrolApprovalUpdate, {
    by: 'committee',
    reasonRequired: '不批准巡查时必须说明理由（Art. 12）',
    approved: {
      action: 'committee-approved',
      summary: '省委、省政府批准开展巡查',
      next: 'forming-group',
      awaiting: [{ role: 'office', action: 'group', label: '组建巡查组（Art. 13）' }],
    },
    rejected: { action: 'committee-rejected', summary: '省委、省政府未批准巡查', stage: 'rejected' },
    keep: (approval) => (c.approval = approval),
  });

  // Art. 13: the group, led by a department-rank official; nobody patrols their own unit.
  defineStep(formGroupUpdate, {
    ...common,
    stages: ['forming-group'],
    allow: onlyRole(...overseers),
    check: (d) => groupProblem(d.group, unit, 'Art. 13'),
    apply: (d) => {
      c.group = { ...d.group, formedAt: now(), formedBy: d.by };
      keeper.note(
        'group-formed',
        `组建巡查组 ${d.group.id}：组长${d.group.leader.name}（厅级），成员${d.group.members.length}人`,
        d.by,
      );
      keeper.moveTo('planning', [{ ...groupParty(), action: 'work-plan', label: '制定巡查工作方案（Art. 15）' }]);
      return record();
    },
  });

  // Art. 15 (1)(2): work plan, then the group is stationed at the unit.
  defineStep(submitWorkPlanUpdate, {
    ...common,
    stages: ['planning'],
    allow: ownGroup,
    check: (d) =>
      required(d.summary, '工作方案') ??
      (datePattern.test(d.stationedOn ?? '') ? undefined : '进驻日期须为 YYYY-MM-DD'),
    apply: (d) => {
      c.workPlan = { summary: d.summary, stationedOn: d.stationedOn, at: now(), by: d.by };
      keeper.note('work-plan-submitted', `巡查组提交工作方案，${d.stationedOn} 进驻${unit.name}`, d.by);
      keeper.moveTo('field-work', [{ ...groupParty(), action: 'report', label: '实地巡查并形成书面报告（Art. 15）' }]);
      notifier.send('stationed', {
        to: { role: 'unit', unit: unit.code },
        subject: `【巡查进驻】省脱贫攻坚巡查组将于 ${d.stationedOn} 进驻${unit.name}`,
        body: `${keeper.title}：巡查组 ${c.group!.id}（组长${c.group!.leader.name}）将于 ${d.stationedOn} 进驻，请配合开展工作。`,
      });
      return record();
    },
  });

  // Art. 14/5: findings, each under one key problem and with the methods used.
  defineStep(recordFindingUpdate, {
    ...common,
    stages: ['field-work'],
    allow: ownGroup,
    check: (d) =>
      findingProblem({ keyItem: d.keyProblem, methods: d.methods, summary: d.summary }, patrolKeyProblems, '第十四条'),
    apply: (d) => {
      const id = c.findings.length + 1;
      const label = patrolKeyProblems[d.keyProblem as keyof typeof patrolKeyProblems];
      c.findings.push({
        id,
        keyItem: d.keyProblem,
        keyItemLabel: label,
        methods: d.methods,
        summary: d.summary,
        at: now(),
        by: d.by,
      });
      keeper.note('finding-recorded', `记录问题 ${id}（第十四条第${d.keyProblem}项：${label}）`, d.by, d.summary);
      keeper.sync();
      return record();
    },
  });

  // Art. 15 (2): on-site handling suggestion to the unit, at once; the answer is chased on the deadline engine.
  defineStep(sendHandlingSuggestionUpdate, {
    ...common,
    stages: ['field-work'],
    allow: ownGroup,
    check: (d) =>
      required(d.summary, '处理建议') ??
      (d.findingIds ?? [])
        .map((f) => (c.findings.some((x) => x.id === f) ? undefined : `没有编号为 ${f} 的问题`))
        .find(Boolean),
    apply: async (d) => {
      const id = c.suggestions.length + 1;
      const label = `处理建议${id}的答复`;
      const due = await deadlines.compute('handling-suggestion-answer', label);
      c.suggestions.push({ id, summary: d.summary, findingIds: d.findingIds ?? [], at: now(), by: d.by });
      keeper.note('handling-suggestion-sent', `向${unit.name}党委、政府提出处理建议 ${id}`, d.by, d.summary);
      deadlines.start(
        {
          key: `suggestion-${id}`,
          kind: 'handling-suggestion-answer',
          label,
          party: { role: 'unit', unit: unit.code },
          action: `handling-suggestions/${id}/answer`,
          detail: `处理建议：${d.summary}`,
        },
        due,
      );
      return record();
    },
  });

  defineStep(answerHandlingSuggestionUpdate, {
    ...common,
    stages: ['field-work', 'under-study', 'awaiting-instructions', 'issuing-feedback', 'rectification'],
    allow: ownUnit,
    conflict: (d) => {
      const s = c.suggestions.find((x) => x.id === d.suggestionId);
      return !s
        ? `没有编号为 ${d.suggestionId} 的处理建议`
        : s.answer
          ? `处理建议 ${d.suggestionId} 已答复`
          : undefined;
    },
    check: (d) => required(d.answer, '答复'),
    apply: (d) => {
      const s = c.suggestions.find((x) => x.id === d.suggestionId)!;
      s.answer = { text: d.answer, at: now(), by: d.by };
      deadlines.submit(`suggestion-${d.suggestionId}`, d.by, d.answer);
      return record();
    },
  });

  // Art. 15 (3): the written report with handling opinions based on facts and rules.
  defineStep(submitPatrolReportUpdate, {
    ...common,
    stages: ['field-work'],
    allow: ownGroup,
    check: (d) =>
      required(d.situation, '巡查情况') ??
      required(d.problems, '发现的问题') ??
      (d.opinions?.length ? undefined : '书面报告须提出处理意见（Art. 15）') ??
      d.opinions
        .map((o, i) => required(o.text, `处理意见${i + 1}`) ?? required(o.basis, `处理意见${i + 1}所依据的事实和规定`))
        .find(Boolean),
    apply: (d) => {
      c.report = { situation: d.situation, problems: d.problems, opinions: d.opinions, at: now(), by: d.by };
      keeper.note('report-submitted', `巡查组提交书面报告，提出处理意见${d.opinions.length}条`, d.by);
      keeper.moveTo('under-study', [
        {
          role: 'leading-group',
          action: 'request-for-instructions',
          label: '研究巡查报告并向省委、省政府请示（Art. 16）',
        },
      ]);
      return record();
    },
  });

  // Art. 16 (1): the leading group studies the report and asks the committee.
  defineStep(sendRequestForInstructionsUpdate, {
    ...common,
    stages: ['under-study'],
    allow: onlyRole('leading-group'),
    check: (d) => required(d.summary, '请示报告'),
    apply: (d) => {
      c.requests.push({ summary: d.summary, at: now(), by: d.by });
      keeper.note(
        'request-for-instructions-sent',
        `领导小组研究后向省委、省政府请示报告（第${c.requests.length}次）`,
        d.by,
        d.summary,
      );
      keeper.moveTo('awaiting-instructions', [
        { role: 'committee', action: 'instructions', label: '批示巡查情况和处理意见（Art. 16）' },
      ]);
      notifier.send(`request-${c.requests.length}`, {
        to: { role: 'committee' },
        subject: `【请示】${keeper.title}巡查情况和处理意见`,
        body: `${keeper.title}：${d.summary}`,
      });
      return record();
    },
  });

  defineStep(decideInstructionsUpdate, {
    ...common,
    stages: ['awaiting-instructions'],
    allow: onlyRole('committee'),
    check: (d) => (d.decision === 'send-back' && !d.remarks?.trim() ? '退回请示时须写明意见' : undefined),
    apply: (d) => {
      const req = c.requests.at(-1)!;
      Object.assign(req, {
        decision: d.decision,
        decidedAt: now(),
        decidedBy: d.by,
        ...(d.remarks ? { remarks: d.remarks } : {}),
      });
      if (d.decision === 'approve') {
        keeper.note('instructions-approved', '省委、省政府同意巡查情况和处理意见', d.by, d.remarks);
        keeper.moveTo('issuing-feedback', [
          { role: 'leading-group', action: 'feedback', label: '向被巡查单位反馈并提出整改意见（Art. 16）' },
        ]);
      } else {
        keeper.note('instructions-sent-back', '省委、省政府退回请示，请修改后再报', d.by, d.remarks);
        keeper.moveTo('under-study', [
          { role: 'leading-group', action: 'request-for-instructions', label: '按批示修改后重新请示（Art. 16）' },
        ]);
      }
      return record();
    },
  });

  // Art. 16 (1): violations of discipline or law are transferred; the receiving body acknowledges.
  defineStep(transferViolationUpdate, {
    ...common,
    stages: ['issuing-feedback', 'rectification'],
    allow: onlyRole('leading-group'),
    check: (d) => (d.to in transferRecipients ? required(d.summary, '移交事项') : '移交对象须为纪检监察机关或检察机关'),
    apply: async (d) => {
      const id = c.transfers.length + 1;
      const recipient = transferRecipients[d.to];
      const label = `移交${id}的接收确认`;
      const due = await deadlines.compute('transfer-acknowledgement', label);
      c.transfers.push({ id, to: d.to, recipientName: recipient.name, summary: d.summary, at: now(), by: d.by });
      keeper.note('violation-transferred', `按规定将问题线索移交${recipient.name}（移交 ${id}）`, d.by, d.summary);
      deadlines.start(
        {
          key: `transfer-${id}`,
          kind: 'transfer-acknowledgement',
          label,
          party: { role: 'discipline', unit: recipient.unit },
          action: `transfers/${id}/acknowledgement`,
          detail: `移交事项：${d.summary}`,
        },
        due,
      );
      return record();
    },
  });

  defineStep(acknowledgeTransferUpdate, {
    ...common,
    stages: ['issuing-feedback', 'rectification'],
    allow: (by, d) => {
      const t = c.transfers.find((x) => x.id === d.transferId);
      if (by.role !== 'discipline') return '只有接收移交的纪检监察机关或检察机关可以确认接收';
      return t && by.unit !== transferRecipients[t.to].unit ? `移交 ${t.id} 的接收机关是${t.recipientName}` : undefined;
    },
    conflict: (d) => {
      const t = c.transfers.find((x) => x.id === d.transferId);
      return !t ? `没有编号为 ${d.transferId} 的移交` : t.acknowledged ? `移交 ${d.transferId} 已确认接收` : undefined;
    },
    apply: (d) => {
      const t = c.transfers.find((x) => x.id === d.transferId)!;
      t.acknowledged = { at: now(), by: d.by, ...(d.note ? { note: d.note } : {}) };
      deadlines.submit(`transfer-${d.transferId}`, d.by, d.note);
      return record();
    },
  });

  // Art. 16 (2): feedback and rectification opinions; the unit reports within 2 calendar months.
  defineStep(issueFeedbackUpdate, {
    ...common,
    stages: ['issuing-feedback'],
    allow: onlyRole('leading-group'),
    check: (d) =>
      required(d.situation, '反馈的巡查情况') ??
      (d.rectificationOpinions?.length
        ? d.rectificationOpinions.map((o, i) => required(o, `整改意见${i + 1}`)).find(Boolean)
        : '须提出整改意见'),
    apply: async (d) => {
      const due = await deadlines.compute('patrol-rectification', '整改情况反馈');
      c.feedback = { situation: d.situation, rectificationOpinions: d.rectificationOpinions, at: now(), by: d.by };
      keeper.note(
        'feedback-issued',
        `向${unit.name}反馈巡查情况，提出整改意见${d.rectificationOpinions.length}条`,
        d.by,
      );
      keeper.moveTo('rectification', []);
      deadlines.start(
        {
          key: 'rectification',
          kind: 'patrol-rectification',
          label: '整改情况反馈',
          party: { role: 'unit', unit: unit.code },
          action: 'rectification-report',
          detail: `整改意见：${d.rectificationOpinions.map((o, i) => `${i + 1}. ${o}`).join('；')}`,
        },
        due,
      );
      return record();
    },
  });

  defineStep(submitRectificationReportUpdate, {
    ...common,
    stages: ['rectification'],
    allow: ownUnit,
    conflict: () => (c.rectification ? '整改情况已反馈' : undefined),
    check: (d) => required(d.summary, '整改情况') ?? (d.measures?.length ? undefined : '须列出整改措施'),
    apply: (d) => {
      const track = deadlines.submit('rectification', d.by, d.summary);
      c.rectification = {
        summary: d.summary,
        measures: d.measures,
        at: now(),
        by: d.by,
        late: track.late ?? false,
        ...(d.publicSummary?.trim() ? { publicSummary: d.publicSummary } : {}),
      };
      keeper.moveTo('rectification', [
        { role: 'leading-group', action: 'rectification-summary', label: '汇总整改情况并报告省委、省政府（Art. 16）' },
      ]);
      return record();
    },
  });

  // Art. 16 (3): the leading group reports the rectification to the committee and publishes what can be public.
  defineStep(reportRectificationSummaryUpdate, {
    ...common,
    stages: ['rectification'],
    allow: onlyRole('leading-group'),
    conflict: () =>
      !c.rectification ? '被巡查单位尚未反馈整改情况' : c.summaryToCommittee ? '整改情况已报告' : undefined,
    check: (d) =>
      required(d.summary, '整改情况报告') ??
      (d.publish && !c.rectification?.publicSummary ? '被巡查单位未提供可公开的整改情况，不能公开' : undefined),
    apply: async (d) => {
      if (d.publish) {
        const text = c.rectification!.publicSummary!;
        const published = await publishRectification.executeWithOptions({ summary: `公开整改情况：${unit.name}` }, [
          { caseId: keeper.caseId, unitName: unit.name, title: `${unit.name}脱贫攻坚巡查整改情况`, text },
        ]);
        c.publication = { text, at: published.publishedAt, url: published.url };
        keeper.note('rectification-published', '整改情况已向社会公开，接受社会监督（Art. 16）', d.by);
      }
      // Last, so the case closes (main flow) only after this step is complete.
      c.summaryToCommittee = { summary: d.summary, at: now(), by: d.by };
      keeper.note('rectification-reported', '领导小组汇总整改情况，报告省委、省政府', d.by, d.summary);
      notifier.send('rectification-summary', {
        to: { role: 'committee' },
        subject: `【整改情况报告】${keeper.title}`,
        body: `${keeper.title}：${d.summary}`,
      });
      keeper.moveTo('rectification', []);
      return record();
    },
  });

  // Any open deadline: the leading group or office moves it later, with a reason.
  defineExtendDeadline(stagesWithDeadlines);

  setHandler(patrolRecordQuery, record);

  keeper.note('proposed', `领导小组提请巡查${unit.name}，依据：${sources}`, input.proposedBy, input.grounds.summary);
  notifier.send('approval-requested', {
    to: { role: 'committee' },
    subject: `【待审批】巡查${unit.name}（${keeper.caseId}）`,
    body: `省脱贫攻坚领导小组提请对${unit.name}开展巡查，依据：${sources}。${input.grounds.summary}`,
  });

  await condition(() => keeper.stage !== 'awaiting-approval');
  log.info('Committee decided on the patrol', { caseId: keeper.caseId, decision: c.approval?.decision });
  if (keeper.stage !== 'rejected') {
    // The case closes only when everything is done: rectification reported, every suggestion answered and
    // every transfer acknowledged.
    await condition(
      () => c.summaryToCommittee !== undefined && keeper.deadlines.every((t) => t.status === 'submitted'),
    );
    keeper.moveTo('closed', [], { closed: true });
    keeper.note('closed', '巡查工作完成，案件办结，已向省委、省政府报送最终报告');
    notifier.send('final-report', {
      to: { role: 'committee' },
      subject: `【巡查办结报告】${keeper.title}`,
      body: finalReport(unit, c),
    });
  }
  await notifier.drain();
  await condition(allHandlersFinished);
  return { caseId: keeper.caseId, stage: keeper.stage };
}

/** The final report the committee receives when the case closes. */
function finalReport(unit: TargetUnit, c: Omit<PatrolCaseRecord, keyof CaseRecord>): string {
  const byProblem = Object.entries(patrolKeyProblems)
    .map(([n, label]) => `（${n}）${label}：${c.findings.filter((f) => f.keyItem === Number(n)).length}个`)
    .join('\n');
  return [
    `被巡查单位：${unit.name}`,
    `巡查组：${c.group?.id}（组长${c.group?.leader.name}）`,
    `发现问题（按第十四条重点问题）：\n${byProblem}`,
    `现场处理建议：${c.suggestions.length}条，均已答复`,
    `移交：${c.transfers.length}件，均已确认接收`,
    `整改：${c.rectification?.late ? '逾期' : '按期'}反馈；${c.publication ? '已向社会公开' : '未公开'}`,
  ].join('\n');
}
