import { setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Actor, CaseKind, Role, TargetUnit as Unit } from './domain';
import { caseKindLabels, roleLabels } from './domain';
import {
  CaseAwaiting,
  CaseDueAt,
  CaseKind as CaseKindKey,
  CaseOverdue,
  CaseStage,
  TargetUnit,
} from './search-attributes';

/** One line of a case's record: what happened, when, and who did it. */
export interface CaseEvent {
  /** ISO instant (workflow time, so replay gives the same value). */
  at: string;
  stage: string;
  /** Machine name of what happened, e.g. `proposed`, `committee-approved`. */
  action: string;
  /** Chinese sentence for people. */
  summary: string;
  by?: Actor;
  note?: string;
}

/** Something the case waits for from one party. */
export interface AwaitedAction {
  role: Role;
  /** Narrows `role` to one unit (`unit` role) or group (`group-leader` role). */
  unit?: string;
  group?: string;
  /** Machine name of the step, matching the API route that performs it. */
  action: string;
  /** Chinese label for people. */
  label: string;
  dueAt?: string;
}

/** What the API and the `caseRecord` query return: the whole case, readable by people. */
export interface CaseRecord<Stage extends string = string> {
  caseId: string;
  kind: CaseKind;
  targetUnit: Unit;
  stage: Stage;
  stageLabel: string;
  closed: boolean;
  awaiting: AwaitedAction[];
  events: CaseEvent[];
}

/** The tag stored in the CaseAwaiting search attribute for one awaited action. */
export function awaitingTag(a: Pick<AwaitedAction, 'role' | 'unit' | 'group'>): string {
  if (a.unit) return `${a.role}:${a.unit}`;
  if (a.group) return `${a.role}:${a.group}`;
  return a.role;
}

/**
 * Keeps a case's record and mirrors it where operators and the API look: search attributes
 * (stage, who is awaited, earliest due date) and the workflow's current details in Temporal UI.
 * Shared by every kind of case so the stage bookkeeping is written once.
 */
export class CaseRecordKeeper<Stage extends string> {
  private readonly record: CaseRecord<Stage>;

  constructor(
    kind: CaseKind,
    targetUnit: Unit,
    initialStage: Stage,
    private readonly stageLabels: Record<Stage, string>,
    initialAwaiting: AwaitedAction[] = [],
  ) {
    this.record = {
      caseId: workflowInfo().workflowId,
      kind,
      targetUnit,
      stage: initialStage,
      stageLabel: stageLabels[initialStage],
      closed: false,
      awaiting: initialAwaiting,
      events: [],
    };
    this.sync();
  }

  get stage(): Stage {
    return this.record.stage;
  }

  get closed(): boolean {
    return this.record.closed;
  }

  /** A deep copy, so a query result can never alias workflow state. */
  snapshot(): CaseRecord<Stage> {
    return JSON.parse(JSON.stringify(this.record)) as CaseRecord<Stage>;
  }

  /** Record an event in the current stage. */
  note(action: string, summary: string, by?: Actor, note?: string): void {
    this.record.events.push({
      at: new Date().toISOString(),
      stage: this.record.stage,
      action,
      summary,
      ...(by ? { by } : {}),
      ...(note ? { note } : {}),
    });
  }

  /** Move to a new stage and say what the case now waits for (nothing, if it closes). */
  moveTo(stage: Stage, awaiting: AwaitedAction[], options: { closed?: boolean } = {}): void {
    this.record.stage = stage;
    this.record.stageLabel = this.stageLabels[stage];
    this.record.awaiting = awaiting;
    this.record.closed = options.closed ?? false;
    this.sync();
  }

  private sync(): void {
    const r = this.record;
    const due = r.awaiting
      .map((a) => a.dueAt)
      .filter((d): d is string => d !== undefined)
      .sort()[0];
    upsertSearchAttributes([
      { key: CaseKindKey, value: r.kind },
      { key: TargetUnit, value: r.targetUnit.code },
      { key: CaseStage, value: r.stage },
      { key: CaseAwaiting, value: r.awaiting.map(awaitingTag) },
      { key: CaseOverdue, value: false },
      { key: CaseDueAt, value: due ? new Date(due) : null },
    ]);
    const waiting = r.awaiting.length
      ? r.awaiting
          .map(
            (a) =>
              `- ${roleLabels[a.role]}${a.unit ? `（${a.unit}）` : ''}：${a.label}${a.dueAt ? `，截止 ${a.dueAt}` : ''}`,
          )
          .join('\n')
      : '- 无';
    setCurrentDetails(
      `**${caseKindLabels[r.kind]} ${r.targetUnit.name}** · 当前阶段：${r.stageLabel}${r.closed ? '（已结束）' : ''}\n\n等待：\n${waiting}`,
    );
  }
}
