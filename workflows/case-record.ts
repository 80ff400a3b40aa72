import { setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Deadline } from '../lib/deadlines';
import type { EscalationRole, SubmissionKind } from '../lib/deadline-policy';
import type { Actor, CaseKind, Role, TargetUnit as Unit } from './domain';
import { caseKindLabels, roleLabels, transferRecipients } from './domain';
import type { NotificationRecord } from './notifier';
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
  /** Machine name of what happened, e.g. `proposed`, `committee-approved`, `reminder-sent`. */
  action: string;
  /** Chinese sentence for people. */
  summary: string;
  by?: Actor;
  note?: string;
}

/** The party a step or a deadline is waiting for. */
export interface Party {
  role: Role;
  /** Narrows `role` to one unit (`unit`, `discipline`) or one group (`group-leader`). */
  unit?: string;
  group?: string;
}

/** Something the case waits for from one party. */
export interface AwaitedAction extends Party {
  /** Machine name of the step, matching the API route that performs it. */
  action: string;
  /** Chinese label for people. */
  label: string;
  dueAt?: string;
  /** The deadline track behind it, if any. */
  deadlineKey?: string;
  overdue?: boolean;
}

/** A submission a party owes by a deadline, with every reminder, escalation and extension it went through. */
export interface DeadlineTrack {
  key: string;
  kind: SubmissionKind;
  /** Chinese name of what is due, e.g. 整改情况反馈. */
  label: string;
  party: Party;
  /** API action that makes the submission. */
  action: string;
  issuedAt: string;
  deadline: Deadline;
  status: 'waiting' | 'overdue' | 'submitted';
  reminders: Array<{ at: string; beforeMs: number; dueDate: string }>;
  overdueAt?: string;
  escalations: Array<{ at: string; to: EscalationRole; afterMs: number; dueDate: string }>;
  extensions: Array<{ at: string; by: Actor; reason: string; fromDueDate: string; toDueDate: string }>;
  submittedAt?: string;
  submittedBy?: Actor;
  late?: boolean;
}

/** What the API and the `caseRecord` query return: the whole case, readable by people. */
export interface CaseRecord<Stage extends string = string> {
  caseId: string;
  kind: CaseKind;
  targetUnit: Unit;
  stage: Stage;
  stageLabel: string;
  closed: boolean;
  /** Everything the case waits for now: the stage's next step and every open deadline, most urgent first. */
  awaiting: AwaitedAction[];
  events: CaseEvent[];
  deadlines: DeadlineTrack[];
  notifications: NotificationRecord[];
}

/** The tag stored in the CaseAwaiting search attribute for one awaited party. */
export function awaitingTag(a: Party): string {
  if (a.unit) return `${a.role}:${a.unit}`;
  if (a.group) return `${a.role}:${a.group}`;
  return a.role;
}

/**
 * Keeps a case's record and mirrors it where operators and the API look: search attributes (stage, who is
 * awaited, earliest due date, overdue) and the workflow's current details in Temporal UI. Shared by every
 * kind of case so the bookkeeping is written once.
 */
export class CaseRecordKeeper<Stage extends string> {
  private readonly record: CaseRecord<Stage>;
  private stageAwaiting: AwaitedAction[];
  private upserted = '';
  /** Called after every change is mirrored (a supervision case reports its progress to its round here). */
  onSync?: () => void;

  constructor(
    kind: CaseKind,
    targetUnit: Unit,
    initialStage: Stage,
    private readonly stageLabels: Record<Stage, string>,
    initialAwaiting: AwaitedAction[] = [],
  ) {
    this.stageAwaiting = initialAwaiting;
    this.record = {
      caseId: workflowInfo().workflowId,
      kind,
      targetUnit,
      stage: initialStage,
      stageLabel: stageLabels[initialStage],
      closed: false,
      awaiting: [],
      events: [],
      deadlines: [],
      notifications: [],
    };
    this.sync();
  }

  get caseId(): string {
    return this.record.caseId;
  }

  get stage(): Stage {
    return this.record.stage;
  }

  get stageLabel(): string {
    return this.record.stageLabel;
  }

  get closed(): boolean {
    return this.record.closed;
  }

  /** `巡查 太原市（patrol-2026-taiyuan-0001）`: how notices name the case. */
  get title(): string {
    return `${caseKindLabels[this.record.kind]}${this.record.targetUnit.name}（${this.record.caseId}）`;
  }

  /** How notices name a party: the unit's own name, the receiving body, the group, or the role. */
  partyLabel(party: Party): string {
    if (party.role === 'unit' && party.unit === this.record.targetUnit.code) return this.record.targetUnit.name;
    if (party.role === 'discipline') {
      const body = Object.values(transferRecipients).find((r) => r.unit === party.unit);
      if (body) return body.name;
    }
    if (party.role === 'group-leader' && party.group) return `${party.group}组组长`;
    return roleLabels[party.role];
  }

  /** The live lists the deadline engine and the notifier write into. */
  get deadlines(): DeadlineTrack[] {
    return this.record.deadlines;
  }

  get notifications(): NotificationRecord[] {
    return this.record.notifications;
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

  /** Move to a new stage and say what the stage now waits for (nothing, if it closes). */
  moveTo(stage: Stage, awaiting: AwaitedAction[], options: { closed?: boolean } = {}): void {
    this.record.stage = stage;
    this.record.stageLabel = this.stageLabels[stage];
    this.stageAwaiting = awaiting;
    this.record.closed = options.closed ?? false;
    this.sync();
  }

  /** Recompute what the case waits for and mirror it to search attributes and current details. */
  sync(): void {
    const r = this.record;
    const open = r.deadlines.filter((t) => t.status !== 'submitted');
    r.awaiting = [
      ...this.stageAwaiting,
      ...open.map((t) => ({
        ...t.party,
        action: t.action,
        label: t.label,
        dueAt: t.deadline.dueAt,
        deadlineKey: t.key,
        overdue: t.status === 'overdue',
      })),
    ].sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'));
    const due = r.awaiting.find((a) => a.dueAt)?.dueAt;
    const attributes = {
      stage: r.stage,
      awaiting: [...new Set(r.awaiting.map(awaitingTag))],
      overdue: open.some((t) => t.status === 'overdue'),
      due: due ?? null,
    };
    // Upsert only what changed: every upsert is an event in the case's history.
    const fingerprint = JSON.stringify(attributes);
    if (fingerprint !== this.upserted) {
      this.upserted = fingerprint;
      upsertSearchAttributes([
        { key: CaseKindKey, value: r.kind },
        { key: TargetUnit, value: r.targetUnit.code },
        { key: CaseStage, value: attributes.stage },
        { key: CaseAwaiting, value: attributes.awaiting },
        { key: CaseOverdue, value: attributes.overdue },
        { key: CaseDueAt, value: due ? new Date(due) : null },
      ]);
    }
    const waiting = r.awaiting.length
      ? r.awaiting
          .map(
            (a) =>
              `- ${this.partyLabel(a)}：${a.label}` +
              (a.dueAt
                ? `，截止 ${r.deadlines.find((t) => t.key === a.deadlineKey)?.deadline.dueDate ?? a.dueAt}`
                : '') +
              (a.overdue ? '（已逾期）' : ''),
          )
          .join('\n')
      : '- 无';
    setCurrentDetails(
      `**${caseKindLabels[r.kind]} ${r.targetUnit.name}** · 当前阶段：${r.stageLabel}${r.closed ? '（已结束）' : ''}\n\n等待：\n${waiting}`,
    );
    this.onSync?.();
  }
}
