/**
 * The human-step plumbing every kind of case shares: who may act (role, own unit, own group), the deadline
 * extension step, and the stage refusal wording. Patrol and supervision cases build their steps from it.
 */
import type { UpdateDefinition } from '@temporalio/common';
import { defineUpdate } from '@temporalio/workflow';
import type { AwaitedAction, CaseRecord } from './case-record';
import { CaseRecordKeeper } from './case-record';
import { DeadlineBoard } from './deadlines';
import type { Actor, CaseKind, Role, TargetUnit } from './domain';
import { Notifier } from './notifier';
import { roleLabels } from './domain';
import type { StepInput } from './steps';
import { required, stepDefiner } from './steps';

export interface ExtendDeadlineInput extends StepInput {
  key: string;
  /** New local due date, `YYYY-MM-DD`, later than the current one. */
  dueDate: string;
  reason: string;
}

/** Any case kind: move a deadline later with a reason (leading group or office). */
export const extendDeadlineUpdate = defineUpdate<CaseRecord, [ExtendDeadlineInput]>('extendDeadline');

export const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/** An approval decision (Art. 6, 12): a rejection needs a reason and closes the case. */
export interface ApprovalInput extends StepInput {
  decision: 'approve' | 'reject';
  reason?: string;
}

/** What the record keeps of an approval decision. */
export interface ApprovalRecord {
  decision: 'approve' | 'reject';
  reason?: string;
  by: Actor;
  at: string;
}

export interface ApprovalSpec<Stage extends string> {
  /** The role that decides. */
  by: Role;
  /** Refusal for a rejection without a reason. */
  reasonRequired: string;
  approved: { action: string; summary: string; next: Stage; awaiting: AwaitedAction[] };
  rejected: { action: string; summary: string; stage: Stage };
  /** Keep the decision on the kind's record. */
  keep: (approval: ApprovalRecord) => void;
}

export interface CaseStepsContext<Stage extends string, R> {
  keeper: CaseRecordKeeper<Stage>;
  deadlines: DeadlineBoard;
  stageLabels: Record<Stage, string>;
  /** The case record a step answers with. */
  record: () => R;
  /** Chinese name of the target unit, for refusals. */
  unitName: string;
  unitCode: string;
  /** The case's group id once formed. */
  groupId: () => string | undefined;
  /** `巡查组` or `督查组`. */
  groupWord: string;
}

export function caseSteps<Stage extends string, R>(ctx: CaseStepsContext<Stage, R>) {
  const defineStep = stepDefiner();
  const common = {
    currentStage: () => ctx.keeper.stage as string,
    stageLabel: (s: string) => ctx.stageLabels[s as Stage] ?? s,
  };
  const onlyRole =
    (...allowed: Role[]) =>
    (by: Actor) =>
      allowed.includes(by.role) ? undefined : `只有${allowed.map((r) => roleLabels[r]).join('或')}可以办理这一步`;
  const ownGroup = (by: Actor) =>
    by.role !== 'group-leader'
      ? `只有本案${ctx.groupWord}组长可以办理这一步`
      : by.group !== ctx.groupId()
        ? `您不是本案${ctx.groupWord}（${ctx.groupId() ?? '尚未组建'}）的组长`
        : undefined;
  const ownUnit = (by: Actor) =>
    by.role !== 'unit'
      ? `只有被检查单位${ctx.unitName}可以办理这一步`
      : by.unit !== ctx.unitCode
        ? `本案的被检查单位是${ctx.unitName}，不是您的单位`
        : undefined;

  /** The extension step (leading group or office), in the stages where deadlines can be open. */
  function defineExtendDeadline(stages: Stage[]): void {
    const { deadlines } = ctx;
    defineStep(extendDeadlineUpdate, {
      ...common,
      stages,
      allow: onlyRole('leading-group', 'office'),
      conflict: (d) => {
        const t = deadlines.get(d.key);
        return !t
          ? `本案没有名为 ${d.key} 的期限`
          : t.status === 'submitted'
            ? `${t.label}已提交，无需延期`
            : undefined;
      },
      check: (d) =>
        required(d.reason, '延期理由') ??
        (!datePattern.test(d.dueDate ?? '') ? '新的截止日期须为 YYYY-MM-DD' : undefined) ??
        (d.dueDate <= deadlines.get(d.key)!.deadline.dueDate
          ? `新的截止日期须晚于原截止日期 ${deadlines.get(d.key)!.deadline.dueDate}`
          : undefined),
      apply: async (d) => {
        const deadline = await deadlines.dateDeadline(d.dueDate);
        deadlines.extend(d.key, deadline, d.reason, d.by);
        return ctx.record() as unknown as CaseRecord;
      },
    });
  }

  /** The approval step that opens a case (patrol: the committee, Art. 12; supervision item: the leading group, Art. 6). */
  function defineApproval(update: UpdateDefinition<R, [ApprovalInput]>, spec: ApprovalSpec<Stage>): void {
    defineStep(update, {
      ...common,
      stages: ['awaiting-approval'],
      allow: onlyRole(spec.by),
      check: (d) => (d.decision === 'reject' && !d.reason?.trim() ? spec.reasonRequired : undefined),
      apply: (d) => {
        spec.keep({
          decision: d.decision,
          by: d.by,
          at: new Date().toISOString(),
          ...(d.reason ? { reason: d.reason } : {}),
        });
        if (d.decision === 'approve') {
          ctx.keeper.note(spec.approved.action, spec.approved.summary, d.by, d.reason);
          ctx.keeper.moveTo(spec.approved.next, spec.approved.awaiting);
        } else {
          ctx.keeper.note(spec.rejected.action, spec.rejected.summary, d.by, d.reason);
          ctx.keeper.moveTo(spec.rejected.stage, [], { closed: true });
        }
        return ctx.record();
      },
    });
  }

  return { defineStep, common, onlyRole, ownGroup, ownUnit, defineExtendDeadline, defineApproval };
}

export interface OpenCaseOptions<Stage extends string, Details> {
  kind: CaseKind;
  unit: TargetUnit;
  initialStage: Stage;
  stageLabels: Record<Stage, string>;
  initialAwaiting: AwaitedAction[];
  /** The kind's own part of the record (grounds, group, findings …), mutated by its steps. */
  details: Details;
  /** `巡查组` or `督查组`. */
  groupWord: string;
}

/**
 * Everything a case workflow starts with: the record keeper, the notifier, the deadline board, the record
 * (shared part plus the kind's details) and the step plumbing.
 */
export function openCase<Stage extends string, Details extends { group?: { id: string } }>(
  opts: OpenCaseOptions<Stage, Details>,
) {
  const { unit, details } = opts;
  const keeper = new CaseRecordKeeper<Stage>(
    opts.kind,
    unit,
    opts.initialStage,
    opts.stageLabels,
    opts.initialAwaiting,
  );
  const notifier = new Notifier(
    keeper.notifications,
    () => keeper.sync(),
    () => `（案件：${keeper.title}；当前阶段：${keeper.stageLabel}）`,
  );
  const deadlines = new DeadlineBoard(keeper, notifier);
  const record = (): CaseRecord<Stage> & Details => ({
    ...keeper.snapshot(),
    ...(JSON.parse(JSON.stringify(details)) as Details),
  });
  const steps = caseSteps({
    keeper,
    deadlines,
    stageLabels: opts.stageLabels,
    record,
    unitName: unit.name,
    unitCode: unit.code,
    groupId: () => details.group?.id,
    groupWord: opts.groupWord,
  });
  return {
    keeper,
    notifier,
    deadlines,
    record,
    now: () => new Date().toISOString(),
    /** The case's group leader as the party a step waits for. */
    groupParty: () => ({ role: 'group-leader' as const, group: details.group!.id }),
    ...steps,
  };
}
