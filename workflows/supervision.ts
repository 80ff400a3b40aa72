/**
 * One supervision case (督查, Chapter 2, Art. 6–11) as one long-running workflow. It shares the record, the
 * deadline engine, the notifier, the step plumbing and the group/finding rules with the patrol case; a case of a
 * comprehensive round reports its progress to the round (workflows/supervision-round.ts).
 */
import {
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  getExternalWorkflowHandle,
  setHandler,
} from '@temporalio/workflow';
import type { CaseRecord } from './case-record';
import type { ApprovalInput } from './case-steps';
import { openCase } from './case-steps';
import type { Actor, InspectionMethod, SupervisionStage, SupervisionType, TargetUnit } from './domain';
import { supervisionKeyContents, supervisionStageLabels, supervisionTypes } from './domain';
import type { Finding, InspectionGroup } from './inspection';
import { findingProblem, groupProblem } from './inspection';
import type { StepInput } from './steps';
import { required } from './steps';
import type { CaseProgress } from './supervision-round';
import { caseProgressSignal } from './supervision-round';

export interface SupervisionCaseInput {
  targetUnit: TargetUnit;
  type: SupervisionType;
  /** Special supervision: the key work it checks (Art. 8). */
  topic?: string;
  year: number;
  /** Codes of the leading group's member units (Art. 7), from the registry when the case starts. */
  memberUnits: string[];
  proposedBy: Actor;
  /** Items of an approved annual plan are approved with it (Art. 6). */
  approvedWithPlan?: { plan: string; by: Actor; at: string };
  /** The comprehensive round this case belongs to, and the city that inspects it under cross inspection (Art. 5). */
  round?: { workflowId: string; inspectingCity?: { code: string; name: string } };
}

export interface SupervisionCaseRecord extends CaseRecord<SupervisionStage> {
  type: SupervisionType;
  topic?: string;
  year: number;
  round?: SupervisionCaseInput['round'];
  approval?: { decision: 'approve' | 'reject'; reason?: string; by: Actor; at: string; withPlan?: string };
  group?: InspectionGroup & { formedAt: string; formedBy: Actor };
  workPlan?: { summary: string; at: string; by: Actor };
  findings: Array<Finding & { thirdPartyAssessment?: string }>;
  report?: { situation: string; problems: string; opinions: string; suggestions: string; at: string; by: Actor };
  commendation?: { citation: string; at: string; by: Actor };
  results?: { summary: string; rectificationRequirements: string[]; at: string; by: Actor };
  rectification?: { summary: string; measures: string[]; at: string; by: Actor; late: boolean };
}

/** Art. 6: the leading group's decision on a supervision item. */
export type SupervisionApprovalInput = ApprovalInput;
export interface SupervisionGroupInput extends StepInput {
  group: InspectionGroup;
}
export interface SupervisionPlanInput extends StepInput {
  summary: string;
}
export interface SupervisionFindingInput extends StepInput {
  keyContent: number;
  methods: InspectionMethod[];
  summary: string;
  /** Results of a third-party assessment used for this finding (Art. 5). */
  thirdPartyAssessment?: string;
}
export interface SupervisionReportInput extends StepInput {
  situation: string;
  problems: string;
  opinions: string;
  suggestions: string;
}
export interface CommendationInput extends StepInput {
  citation: string;
}
export interface ResultsInput extends StepInput {
  summary: string;
  /** Empty when nothing needs rectifying. */
  rectificationRequirements: string[];
}
export interface SupervisionRectificationInput extends StepInput {
  summary: string;
  measures: string[];
}

export const supervisionRecordQuery = defineQuery<SupervisionCaseRecord>('caseRecord');
type Step<I> = ReturnType<typeof defineUpdate<SupervisionCaseRecord, [I]>>;
export const approveSupervisionUpdate: Step<SupervisionApprovalInput> = defineUpdate('approveSupervisionItem');
export const formSupervisionGroupUpdate: Step<SupervisionGroupInput> = defineUpdate('formSupervisionGroup');
export const submitSupervisionPlanUpdate: Step<SupervisionPlanInput> = defineUpdate('submitSupervisionPlan');
export const recordSupervisionFindingUpdate: Step<SupervisionFindingInput> = defineUpdate('recordSupervisionFinding');
export const submitSupervisionReportUpdate: Step<SupervisionReportInput> = defineUpdate('submitSupervisionReport');
export const commendUnitUpdate: Step<CommendationInput> = defineUpdate('commendUnit');
export const notifyResultsUpdate: Step<ResultsInput> = defineUpdate('notifySupervisionResults');
export const submitSupervisionRectificationUpdate: Step<SupervisionRectificationInput> = defineUpdate(
  'submitSupervisionRectification',
);

/**
 * @example
 * await client.workflow.start(supervisionCase, {
 *   workflowId: 'supervision-2026-taiyuan-0002', taskQueue: 'supervision-patrol',
 *   args: [{ targetUnit, type: 'special', topic: '易地扶贫搬迁', year: 2026, memberUnits, proposedBy }],
 * });
 */
export async function supervisionCase(
  input: SupervisionCaseInput,
): Promise<{ caseId: string; stage: SupervisionStage }> {
  const unit = input.targetUnit;
  const approvedAlready = input.approvedWithPlan !== undefined;
  const c: Omit<SupervisionCaseRecord, keyof CaseRecord> = {
    type: input.type,
    year: input.year,
    findings: [],
    ...(input.topic ? { topic: input.topic } : {}),
    ...(input.round ? { round: input.round } : {}),
    ...(input.approvedWithPlan
      ? {
          approval: {
            decision: 'approve' as const,
            by: input.approvedWithPlan.by,
            at: input.approvedWithPlan.at,
            withPlan: input.approvedWithPlan.plan,
          },
        }
      : {}),
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
  } = openCase<SupervisionStage, typeof c>({
    kind: 'supervision',
    unit,
    initialStage: approvedAlready ? 'forming-group' : 'awaiting-approval',
    stageLabels: supervisionStageLabels,
    initialAwaiting: approvedAlready
      ? [{ role: 'office', action: 'group', label: '组建督查组（Art. 7）' }]
      : [{ role: 'leading-group', action: 'approval', label: '批准督查事项（Art. 6）' }],
    details: c,
    groupWord: '督查组',
  });
  const what = `${supervisionTypes[input.type]}${input.topic ? `（${input.topic}）` : ''}`;
  const cross = input.round?.inspectingCity;

  // Progress to the round: stage, overdue, findings by key content, commendation, rectification.
  const signals = new Set<Promise<void>>();
  let lastProgress = '';
  let seq = 0;
  const reportProgress = () => {
    if (!input.round) return;
    const r = keeper.snapshot();
    const progress: Omit<CaseProgress, 'seq'> = {
      caseId: r.caseId,
      unit,
      stage: r.stage,
      overdue: r.deadlines.some((t) => t.status === 'overdue'),
      findingsByContent: Object.fromEntries(
        Object.keys(supervisionKeyContents).map((k) => [k, c.findings.filter((f) => f.keyItem === Number(k)).length]),
      ),
      commended: c.commendation !== undefined,
      rectificationRequirements: c.results?.rectificationRequirements ?? [],
      ...(c.rectification ? { rectificationLate: c.rectification.late } : {}),
      ...(cross ? { inspectingCity: cross.name } : {}),
    };
    const fingerprint = JSON.stringify(progress);
    if (fingerprint === lastProgress) return;
    lastProgress = fingerprint;
    const sent = getExternalWorkflowHandle(input.round.workflowId)
      .signal(caseProgressSignal, { ...progress, seq: ++seq })
      .catch(() => undefined) // a round that has ended no longer listens; the case goes on
      .finally(() => signals.delete(sent));
    signals.add(sent);
  };
  keeper.onSync = reportProgress;

  // Art. 6: the leading group approves the supervision item.
  defineApproval(approveSupervisionUpdate, {
    by: 'leading-group',
    reasonRequired: '不批准督查事项时必须说明理由',
    approved: {
      action: 'item-approved',
      summary: `领导小组批准督查事项：${what}`,
      next: 'forming-group',
      awaiting: [{ role: 'office', action: 'group', label: '组建督查组（Art. 7）' }],
    },
    rejected: { action: 'item-rejected', summary: '领导小组未批准督查事项', stage: 'rejected' },
    keep: (approval) => (c.approval = approval),
  });

  // Art. 7: a department-rank leader; members from the leading group's member units (or, under cross
  // inspection, the group of the inspecting city); nobody inspects their own unit.
  defineStep(formSupervisionGroupUpdate, {
    ...common,
    stages: ['forming-group'],
    allow: onlyRole('office', 'leading-group'),
    check: (d) => {
      const problem = groupProblem(d.group, unit, 'Art. 7');
      if (problem) return problem;
      if (cross) {
        return d.group.leader.unit === cross.code
          ? undefined
          : `交叉督查（Art. 5）：组长须来自负责检查本单位的${cross.name}`;
      }
      const outsider = d.group.members.find((m) => !input.memberUnits.includes(m.unit));
      return outsider
        ? `督查组成员须从领导小组成员单位抽调（Art. 7）：${outsider.name}所在的 ${outsider.unit} 不是成员单位`
        : undefined;
    },
    apply: (d) => {
      c.group = { ...d.group, formedAt: now(), formedBy: d.by };
      keeper.note(
        'group-formed',
        `组建督查组 ${d.group.id}：组长${d.group.leader.name}（厅级），成员${d.group.members.length}人${cross ? `，由${cross.name}交叉督查` : ''}`,
        d.by,
      );
      keeper.moveTo('planning', [{ ...groupParty(), action: 'work-plan', label: '制定实施方案（Art. 10）' }]);
      return record();
    },
  });

  defineStep(submitSupervisionPlanUpdate, {
    ...common,
    stages: ['planning'],
    allow: ownGroup,
    check: (d) => required(d.summary, '实施方案'),
    apply: (d) => {
      c.workPlan = { summary: d.summary, at: now(), by: d.by };
      keeper.note('work-plan-submitted', '督查组制定实施方案，开始实地督查', d.by);
      keeper.moveTo('field-work', [{ ...groupParty(), action: 'report', label: '实地督查并形成书面报告（Art. 10）' }]);
      notifier.send('field-work', {
        to: { role: 'unit', unit: unit.code },
        subject: `【督查通知】省脱贫攻坚督查组将对${unit.name}开展${what}`,
        body: `${keeper.title}：督查组 ${c.group!.id}（组长${c.group!.leader.name}）将开展实地督查，请予配合。`,
      });
      return record();
    },
  });

  // Art. 9/5: findings under the five key contents, with the methods used; third-party assessment attached.
  defineStep(recordSupervisionFindingUpdate, {
    ...common,
    stages: ['field-work'],
    allow: ownGroup,
    check: (d) =>
      findingProblem(
        { keyItem: d.keyContent, methods: d.methods, summary: d.summary },
        supervisionKeyContents,
        '第九条',
      ),
    apply: (d) => {
      const id = c.findings.length + 1;
      const label = supervisionKeyContents[d.keyContent as keyof typeof supervisionKeyContents];
      c.findings.push({
        id,
        keyItem: d.keyContent,
        keyItemLabel: label,
        methods: d.methods,
        summary: d.summary,
        at: now(),
        by: d.by,
        ...(d.thirdPartyAssessment?.trim() ? { thirdPartyAssessment: d.thirdPartyAssessment } : {}),
      });
      keeper.note('finding-recorded', `记录督查发现 ${id}（第九条第${d.keyContent}项：${label}）`, d.by, d.summary);
      keeper.sync();
      return record();
    },
  });

  // Art. 10 (3): situation, problems, opinions and suggestions.
  defineStep(submitSupervisionReportUpdate, {
    ...common,
    stages: ['field-work'],
    allow: ownGroup,
    check: (d) =>
      required(d.situation, '督查情况') ??
      required(d.problems, '发现的问题') ??
      required(d.opinions, '意见') ??
      required(d.suggestions, '建议'),
    apply: (d) => {
      c.report = {
        situation: d.situation,
        problems: d.problems,
        opinions: d.opinions,
        suggestions: d.suggestions,
        at: now(),
        by: d.by,
      };
      keeper.note('report-submitted', '督查组提交书面报告', d.by);
      keeper.moveTo('results', [
        { role: 'leading-group', action: 'results', label: '通报督查结果并提出整改要求（Art. 11）' },
      ]);
      return record();
    },
  });

  // Art. 11 (1): public commendation of a unit that did well (kept for the awards).
  defineStep(commendUnitUpdate, {
    ...common,
    stages: ['results'],
    allow: onlyRole('leading-group'),
    conflict: () => (c.commendation ? `${unit.name}已获通报表扬` : undefined),
    check: (d) => required(d.citation, '表扬事由'),
    apply: (d) => {
      c.commendation = { citation: d.citation, at: now(), by: d.by };
      keeper.note('unit-commended', `省脱贫攻坚领导小组对${unit.name}予以通报表扬`, d.by, d.citation);
      keeper.sync();
      notifier.send('commendation', {
        to: { role: 'unit', unit: unit.code },
        subject: `【通报表扬】${unit.name}`,
        body: `${keeper.title}：${d.citation}`,
      });
      return record();
    },
  });

  // Art. 11 (2): results and rectification requirements; the unit reports in time (deadline engine).
  defineStep(notifyResultsUpdate, {
    ...common,
    stages: ['results'],
    allow: onlyRole('leading-group'),
    check: (d) =>
      required(d.summary, '督查结果') ??
      d.rectificationRequirements.map((x, i) => required(x, `整改要求${i + 1}`)).find(Boolean),
    apply: async (d) => {
      const needsRectification = d.rectificationRequirements.length > 0;
      const due = needsRectification ? await deadlines.compute('supervision-rectification', '整改情况反馈') : undefined;
      c.results = { summary: d.summary, rectificationRequirements: d.rectificationRequirements, at: now(), by: d.by };
      keeper.note(
        'results-notified',
        `向${unit.name}通报督查结果${needsRectification ? `，提出整改要求${d.rectificationRequirements.length}条` : '，无整改要求'}`,
        d.by,
      );
      notifier.send('results', {
        to: { role: 'unit', unit: unit.code },
        subject: `【督查结果通报】${keeper.title}`,
        body: `${keeper.title}：${d.summary}${needsRectification ? `\n整改要求：${d.rectificationRequirements.map((x, i) => `${i + 1}. ${x}`).join('；')}` : ''}`,
      });
      if (due) {
        keeper.moveTo('rectification', []);
        deadlines.start(
          {
            key: 'rectification',
            kind: 'supervision-rectification',
            label: '整改情况反馈',
            party: { role: 'unit', unit: unit.code },
            action: 'rectification-report',
          },
          due,
        );
      } else {
        keeper.moveTo('results', []);
      }
      return record();
    },
  });

  defineStep(submitSupervisionRectificationUpdate, {
    ...common,
    stages: ['rectification'],
    allow: ownUnit,
    conflict: () => (c.rectification ? '整改情况已反馈' : undefined),
    check: (d) => required(d.summary, '整改情况') ?? (d.measures?.length ? undefined : '须列出整改措施'),
    apply: (d) => {
      const track = deadlines.submit('rectification', d.by, d.summary);
      c.rectification = { summary: d.summary, measures: d.measures, at: now(), by: d.by, late: track.late ?? false };
      return record();
    },
  });

  defineExtendDeadline(['rectification']);
  setHandler(supervisionRecordQuery, record);

  keeper.note(
    approvedAlready ? 'item-approved' : 'proposed',
    approvedAlready ? `督查事项随年度督查计划获批：${what}` : `提出督查事项：${what}`,
    approvedAlready ? input.approvedWithPlan!.by : input.proposedBy,
  );
  if (!approvedAlready) {
    notifier.send('approval-requested', {
      to: { role: 'leading-group' },
      subject: `【待批准】督查事项：${unit.name}${what}`,
      body: `${keeper.title}：请批准督查事项。`,
    });
  }
  reportProgress();

  await condition(() => keeper.closed || c.results !== undefined);
  if (!keeper.closed) {
    // Closed when results are out and any rectification is in.
    await condition(() => keeper.deadlines.every((t) => t.status === 'submitted'));
    keeper.note('closed', '督查事项办结');
    keeper.moveTo('closed', [], { closed: true });
  }
  await notifier.drain();
  await condition(allHandlersFinished);
  while (signals.size) await Promise.all([...signals]);
  return { caseId: keeper.caseId, stage: keeper.stage };
}
