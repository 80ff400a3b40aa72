/**
 * The record every kind of case keeps: events, deadlines, notifications, what it waits for, who may see it. The
 * keeper mirrors it where operators and the API look: search attributes (stage, who is awaited, who may see the
 * case, earliest due date, overdue) and the workflow's current details in Temporal UI.
 */
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Actor, TargetUnit as Unit } from '../domain';
import { recordKindLabels, roleLabels, transferRecipients } from '../domain';
import {
  CaseAwaiting,
  CaseDueAt,
  CaseKind as CaseKindKey,
  CaseOverdue,
  CaseStage,
  CaseViewers,
  TargetUnit,
} from '../search-attributes';
import { partyTag } from './party';
import type { AwaitedAction, CaseEvent, DeadlineTrack, NotificationRecord, Party } from './schemas';
import { isOpenTrack } from './schemas';
import { chineseDate } from './texts';

/** What every case record has; each kind adds its own fields. */
export interface CaseRecord<Stage extends string = string> {
  caseId: string;
  kind: string;
  targetUnit: Unit;
  stage: Stage;
  stageLabel: string;
  closed: boolean;
  revision: number;
  awaiting: AwaitedAction[];
  events: CaseEvent[];
  deadlines: DeadlineTrack[];
  notifications: NotificationRecord[];
}

/** Something a stage waits for, before the deadline engine adds its own. */
export type StageAwaiting = Omit<AwaitedAction, 'dueAt' | 'deadlineKey' | 'overdue'>;

/** The keeper's state, carried when a case continues as a new run. */
export interface KeeperState<Stage extends string> {
  record: CaseRecord<Stage>;
  stageAwaiting: StageAwaiting[];
  viewers: string[];
}

export interface NoteOptions {
  by?: Actor;
  note?: string | undefined;
  /** The one party the event concerns. */
  party?: Party;
}

export class CaseRecordKeeper<Stage extends string> {
  private readonly record: CaseRecord<Stage>;
  private stageAwaiting: StageAwaiting[];
  private readonly viewers = new Set<string>();
  /** The search attribute values last upserted, by key. */
  private readonly upserted = new Map<string, string>();
  private mirroring = false;
  /** Called after every change is mirrored (a supervision case reports its progress to its round here). */
  onSync?: () => void;

  constructor(
    kind: string,
    targetUnit: Unit,
    initialStage: Stage,
    private readonly stageLabels: Record<Stage, string>,
    initialAwaiting: StageAwaiting[] = [],
    /** The record of the previous run, when the case continues as a new run. */
    restore?: KeeperState<Stage>,
  ) {
    this.stageAwaiting = restore?.stageAwaiting ?? initialAwaiting;
    for (const tag of restore?.viewers ?? []) this.viewers.add(tag);
    // What the starter (or the previous run) set already need not be upserted again.
    const given = workflowInfo().typedSearchAttributes;
    for (const key of [CaseKindKey, TargetUnit, CaseStage, CaseAwaiting, CaseViewers, CaseOverdue, CaseDueAt]) {
      const value = given.get(key);
      if (value !== undefined) this.upserted.set(key.name, JSON.stringify(value));
    }
    this.record = restore?.record ?? {
      caseId: workflowInfo().workflowId,
      kind,
      targetUnit,
      stage: initialStage,
      stageLabel: stageLabels[initialStage],
      closed: false,
      revision: 0,
      awaiting: [],
      events: [],
      deadlines: [],
      notifications: [],
    };
    this.sync();
  }

  /** Who besides the overseers may see the case (`CaseViewers`). */
  get viewerTags(): string[] {
    return [...this.viewers];
  }

  /** Whether the case names this party's tag among its viewers. */
  isViewer(tag: string): boolean {
    return this.viewers.has(tag);
  }

  /** What the next run needs to go on with this record. */
  state(): KeeperState<Stage> {
    return { record: this.snapshot(), stageAwaiting: this.stageAwaiting, viewers: [...this.viewers] };
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
  get revision(): number {
    return this.record.revision;
  }
  get targetUnit(): Unit {
    return this.record.targetUnit;
  }

  /** What officials call the kind (巡查): the measures' kinds by the glossary, any other as its module names it. */
  get kindLabel(): string {
    return (recordKindLabels as Record<string, string>)[this.record.kind] ?? this.label ?? this.record.kind;
  }
  /** The label a kind outside the glossary gives itself (CaseOptions.label). */
  label?: string;
  /** A kind that names its records itself (a problem of the ledger: 太原市整改问题（2026年巡查第三项整改要求）). */
  ownTitle?: string;

  /** `对太原市的巡查`: how notices name the case. */
  get title(): string {
    if (this.ownTitle) return this.ownTitle;
    if (this.record.kind === 'public-report') return `群众举报（${this.record.targetUnit.name}）`;
    const year = this.record.caseId.match(/-([0-9]{4})(-|$)/)?.[1] ?? '';
    if (this.record.kind === 'award-round') return `${year}年度全国脱贫攻坚奖推荐工作`;
    if (this.record.kind === 'nomination')
      return `${this.record.targetUnit.name}报送的${year}年度全国脱贫攻坚奖推荐对象`;
    return `对${this.record.targetUnit.name}的${this.kindLabel}`;
  }

  /** Names of the other units a record speaks to (a recommendation round's nominating units). */
  readonly unitNames = new Map<string, string>();

  /** How notices name a party: the unit's own name, the receiving body, the group's leader, or the role. */
  partyLabel(party: Party): string {
    if (party.role === 'unit' && party.unit === this.record.targetUnit.code) return this.record.targetUnit.name;
    if (party.role === 'unit' && party.unit && this.unitNames.has(party.unit)) return this.unitNames.get(party.unit)!;
    if (party.role === 'discipline') {
      const body = Object.values(transferRecipients).find((r) => r.unit === party.unit);
      if (body) return body.name;
    }
    if (party.role === 'group-leader') return `${this.kindLabel}组组长`;
    return roleLabels[party.role];
  }
  /** How the record names one of its notices: to whom, and its subject. */
  noticeLabel(n: NotificationRecord): string {
    return `致${this.partyLabel(n.to)}的通知「${n.subject}」`;
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

  /** Record an event of one section of the record (need to know: who may read it follows from the section). */
  note(section: string, action: string, summary: string, options: NoteOptions = {}): void {
    this.record.events.push({
      at: new Date().toISOString(),
      stage: this.record.stage,
      action,
      summary,
      section,
      ...(options.party ? { party: options.party } : {}),
      ...(options.by ? { by: options.by } : {}),
      ...(options.note ? { note: options.note } : {}),
    });
    this.record.revision++;
  }

  /** Move to a new stage and say what the stage now waits for (nothing, if it closes). */
  moveTo(stage: Stage, awaiting: StageAwaiting[], options: { closed?: boolean } = {}): void {
    this.record.stage = stage;
    this.record.stageLabel = this.stageLabels[stage];
    this.stageAwaiting = awaiting;
    this.record.closed = options.closed ?? false;
    this.record.revision++;
    this.sync();
  }

  /** The unit once the office names it (a public report whose reporter named no unit of the registry). */
  retarget(unit: Unit): void {
    this.record.targetUnit = unit;
    this.record.revision++;
    this.sync();
  }

  /** Let a party other than the overseers see the case from now on (`CaseViewers`). */
  grant(party: Party): void {
    this.viewers.add(partyTag(party));
    this.sync();
  }

  /** A change a reader can see that is not an event (a delivery's outcome). */
  touch(): void {
    this.record.revision++;
    this.sync();
  }

  /** Recompute what the case waits for and mirror it to search attributes and current details. */
  sync(): void {
    const r = this.record;
    const open = r.deadlines.filter(isOpenTrack);
    const awaiting: AwaitedAction[] = [
      ...this.stageAwaiting,
      ...open.flatMap((t): AwaitedAction[] => {
        const own: AwaitedAction = {
          ...t.party,
          step: t.step,
          ...(t.params ? { params: t.params } : {}),
          label: t.label,
          dueAt: t.deadline.dueAt,
          deadlineKey: t.key,
          overdue: t.status === 'overdue',
        };
        // Art. 11, 16 (2): a request to extend a term the measures fix waits for the leading group's decision.
        const request = t.extensionRequests?.find((q) => !q.decision);
        if (request)
          return [
            own,
            {
              role: 'leading-group',
              step: 'decideExtension',
              params: { key: t.key },
              label: `延期申请：${this.partyLabel(t.party)}申请延长${t.label}期限`,
            },
          ];
        if (!t.followUpNeeded || t.followUps?.length) return [own];
        // A body outside the line that has not acknowledged by the date: the office has a follow-up task.
        const followUp: AwaitedAction = {
          role: 'office',
          step: 'followUpDeadline',
          params: { key: t.key },
          label: `跟进：${this.partyLabel(t.party)}尚未${t.label}`,
          dueAt: t.deadline.dueAt,
          deadlineKey: t.key,
          overdue: true,
        };
        return [own, followUp];
      }),
    ];
    // A notice no channel delivered (催办未送达): the office's task, named by the notice's number on the record.
    r.notifications.forEach((n, i) => {
      if (n.undelivered && !n.undelivered.handled)
        awaiting.push({
          role: 'office',
          step: 'handleUndelivered',
          params: { no: i + 1 },
          label: `催办未送达：${this.noticeLabel(n)}`,
        });
    });
    r.awaiting = awaiting.sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'));
    this.mirror();
    const waiting = r.awaiting.length
      ? r.awaiting
          .map((a) => {
            const dueDate = r.deadlines.find((t) => t.key === a.deadlineKey)?.deadline.dueDate;
            return (
              `- ${this.partyLabel(a)}：${a.label}` +
              (dueDate ? `，${chineseDate(dueDate)}前` : '') +
              (a.overdue ? '（已逾期）' : '')
            );
          })
          .join('\n')
      : '- 无';
    setCurrentDetails(
      `**${this.title}** · 当前阶段：${r.stageLabel}${r.closed ? '（已办结）' : ''}\n\n等待：\n${waiting}`,
    );
    this.onSync?.();
  }

  /**
   * Mirror the record to its search attributes once per workflow activation, with only the keys that changed: every
   * upsert is an event in the case's history, and a step often changes several things at once.
   */
  private mirror(): void {
    if (this.mirroring) return;
    this.mirroring = true;
    void Promise.resolve().then(() => {
      this.mirroring = false;
      const r = this.record;
      const open = r.deadlines.filter(isOpenTrack);
      const due = r.awaiting.find((a) => a.dueAt)?.dueAt;
      const values: SearchAttributeUpdatePair[] = [
        { key: CaseKindKey, value: r.kind },
        { key: TargetUnit, value: r.targetUnit.code },
        { key: CaseStage, value: r.stage },
        { key: CaseAwaiting, value: [...new Set(r.awaiting.map(partyTag))] },
        { key: CaseViewers, value: [...this.viewers] },
        { key: CaseOverdue, value: open.some((t) => t.status === 'overdue') },
        { key: CaseDueAt, value: due ? new Date(due) : null },
      ];
      const changed = values.filter((pair) => {
        const value = JSON.stringify(pair.value);
        if (this.upserted.get(pair.key.name) === value) return false;
        this.upserted.set(pair.key.name, value);
        return true;
      });
      if (changed.length) upsertSearchAttributes(changed);
    });
  }
}
