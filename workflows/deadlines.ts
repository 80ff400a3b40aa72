/**
 * The deadline engine every case uses (DOMAIN.md "Deadlines, reminders, escalation"): wait for a party's
 * submission until a deadline; remind before it; at the deadline mark it overdue and tell the office; after
 * the grace periods escalate up the ladder; follow an extension; accept a late submission and record it as late.
 * Deadlines and the policy come from activities and stay in history; the timers are durable Temporal timers.
 */
import { condition, proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { Deadline } from '../lib/deadlines';
import type { DeadlinePolicy, SubmissionKind, SubmissionPolicy } from '../lib/deadline-policy';
import type { CaseRecordKeeper, DeadlineTrack, Party } from './case-record';
import type { Actor } from './domain';
import { durationLabel, roleLabels, ruleUnitLabels } from './domain';
import type { Notifier } from './notifier';

const { loadDeadlinePolicy, computeDeadline, deadlineOnDate } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: ['CalendarYearNotCovered', 'InvalidDeadline'],
  },
});

export interface OpenDeadline {
  /** Unique within the case: `rectification`, `suggestion-1`, `transfer-1`. */
  key: string;
  kind: SubmissionKind;
  label: string;
  party: Party;
  /** API action the party uses to submit. */
  action: string;
  /** Extra sentence for the issue notice (what is asked). */
  detail?: string;
}

interface Step {
  at: number;
  summary: string;
  fire: () => void;
}

export class DeadlineBoard {
  private policy?: DeadlinePolicy;
  private readonly loops = new Set<Promise<void>>();

  constructor(
    private readonly keeper: CaseRecordKeeper<string>,
    private readonly notifier: Notifier,
  ) {}

  get(key: string): DeadlineTrack | undefined {
    return this.keeper.deadlines.find((t) => t.key === key);
  }

  /**
   * Compute the deadline for an item (activity) before anything about it is recorded, so that a deadline that
   * cannot be computed (a year without holiday data) refuses the step and changes nothing.
   */
  async compute(kind: SubmissionKind, label: string): Promise<{ deadline: Deadline; issuedAt: string; rule: string }> {
    this.policy ??= await loadDeadlinePolicy.executeWithOptions({ summary: '读取期限规则' }, []);
    const policy = this.policy[kind];
    const issuedAt = new Date().toISOString();
    const rule = `${policy.rule.amount}${ruleUnitLabels[policy.rule.unit]}`;
    const deadline = await computeDeadline.executeWithOptions({ summary: `计算期限：${label}（${rule}）` }, [
      { from: issuedAt, rule: policy.rule },
    ]);
    return { deadline, issuedAt, rule };
  }

  /** Record a computed deadline, tell the party, and start watching it. */
  start(input: OpenDeadline, computed: { deadline: Deadline; issuedAt: string; rule: string }): DeadlineTrack {
    const { deadline, issuedAt, rule } = computed;
    const track: DeadlineTrack = {
      key: input.key,
      kind: input.kind,
      label: input.label,
      party: input.party,
      action: input.action,
      issuedAt,
      deadline,
      status: 'waiting',
      reminders: [],
      escalations: [],
      extensions: [],
    };
    this.keeper.deadlines.push(track);
    this.keeper.note('deadline-set', `${input.label}期限：${rule}，截止 ${deadline.label}`);
    this.keeper.sync();
    this.notifier.send(`${input.key}:issued`, {
      to: input.party,
      subject: `【${input.label}】${this.keeper.title}，截止 ${deadline.dueDate}`,
      body: `${this.keeper.title}：请于 ${deadline.label} 前提交${input.label}。${input.detail ?? ''}`,
    });
    const loop = this.watch(track, this.policy![input.kind]).finally(() => this.loops.delete(loop));
    this.loops.add(loop);
    return track;
  }

  /** Record the submission; a late one is accepted and marked late. Returns the track. */
  submit(key: string, by: Actor, note?: string): DeadlineTrack {
    const track = this.mustGet(key);
    const now = Date.now();
    track.status = 'submitted';
    track.submittedAt = new Date(now).toISOString();
    track.submittedBy = by;
    track.late = now > Date.parse(track.deadline.dueAt);
    this.keeper.note(
      track.late ? 'submitted-late' : 'submitted',
      `已提交${track.label}${track.late ? '（逾期提交，予以接收并记录）' : ''}`,
      by,
      note,
    );
    this.keeper.sync();
    this.notifier.send(`${key}:submitted`, {
      to: { role: 'office' },
      subject: `【已提交${track.late ? '·逾期' : ''}】${track.label}：${this.keeper.title}`,
      body: `${this.keeper.title}：${this.keeper.partyLabel(track.party)}已提交${track.label}（截止 ${track.deadline.dueDate}${track.late ? '，逾期提交' : ''}）。`,
    });
    return track;
  }

  /** Compute the deadline for a new due date (activity), for an extension's validator-approved date. */
  async dateDeadline(dueDate: string): Promise<Deadline> {
    return deadlineOnDate.executeWithOptions({ summary: `延期至 ${dueDate}` }, [
      { from: new Date().toISOString(), dueDate },
    ]);
  }

  /** Move a deadline later; the timers follow the new date and an overdue item is waiting again. */
  extend(key: string, deadline: Deadline, reason: string, by: Actor): DeadlineTrack {
    const track = this.mustGet(key);
    const fromDueDate = track.deadline.dueDate;
    track.extensions.push({ at: new Date().toISOString(), by, reason, fromDueDate, toDueDate: deadline.dueDate });
    track.deadline = deadline;
    if (track.status === 'overdue') track.status = 'waiting';
    this.keeper.note(
      'deadline-extended',
      `${track.label}截止日期由 ${fromDueDate} 延至 ${deadline.dueDate}`,
      by,
      reason,
    );
    this.keeper.sync();
    this.notifier.send(`${key}:extended:${deadline.dueDate}`, {
      to: track.party,
      subject: `【延期】${track.label}截止日期延至 ${deadline.dueDate}：${this.keeper.title}`,
      body: `${this.keeper.title}：${track.label}截止日期由 ${fromDueDate} 延至 ${deadline.label}。理由：${reason}`,
    });
    return track;
  }

  /** Wait until every watched deadline has ended (all submitted). */
  async drain(): Promise<void> {
    while (this.loops.size) await Promise.all([...this.loops]);
  }

  private mustGet(key: string): DeadlineTrack {
    const track = this.get(key);
    if (!track) throw new Error(`no deadline "${key}" on this case`);
    return track;
  }

  /** The timed steps for the current due date that are still ahead: reminders, overdue, escalations. */
  private plan(track: DeadlineTrack, policy: SubmissionPolicy, now: number): Step[] {
    const { dueDate, dueAt } = track.deadline;
    const due = Date.parse(dueAt);
    const steps: Step[] = [];
    for (const beforeMs of policy.remindersBeforeMs) {
      const at = due - beforeMs;
      // A reminder whose time had passed when the date was set is skipped, not sent in a burst.
      if (at > now)
        steps.push({
          at,
          summary: `提醒：${track.label}截止前${durationLabel(beforeMs)}`,
          fire: () => this.remind(track, beforeMs),
        });
    }
    if (track.status !== 'overdue')
      steps.push({ at: due, summary: `${track.label}截止 ${dueDate}`, fire: () => this.markOverdue(track) });
    for (const e of policy.escalations) {
      if (track.escalations.some((x) => x.to === e.to && x.dueDate === dueDate)) continue;
      steps.push({
        at: due + e.afterMs,
        summary: `逾期${durationLabel(e.afterMs)}：升级至${roleLabels[e.to]}`,
        fire: () => this.escalate(track, e.to, e.afterMs),
      });
    }
    return steps.sort((a, b) => a.at - b.at);
  }

  private async watch(track: DeadlineTrack, policy: SubmissionPolicy): Promise<void> {
    let armedFor = '';
    let steps: Step[] = [];
    const interrupted = () => track.status === 'submitted' || track.deadline.dueAt !== armedFor;
    while (track.status !== 'submitted') {
      if (track.deadline.dueAt !== armedFor) {
        armedFor = track.deadline.dueAt;
        steps = this.plan(track, policy, Date.now());
      }
      const step = steps[0];
      if (!step) {
        await condition(interrupted);
        continue;
      }
      const wait = step.at - Date.now();
      if (wait > 0 && (await condition(interrupted, wait, { summary: step.summary }))) continue;
      steps.shift();
      step.fire();
    }
  }

  private remind(track: DeadlineTrack, beforeMs: number): void {
    const { dueDate, label } = track.deadline;
    track.reminders.push({ at: new Date().toISOString(), beforeMs, dueDate });
    this.keeper.note(
      'reminder-sent',
      `提醒${this.keeper.partyLabel(track.party)}：${track.label}将于 ${dueDate} 截止（还有${durationLabel(beforeMs)}）`,
    );
    this.keeper.sync();
    this.notifier.send(`${track.key}:reminder:${dueDate}:${beforeMs}`, {
      to: track.party,
      subject: `【提醒】${track.label}将于 ${dueDate} 截止：${this.keeper.title}`,
      body: `${this.keeper.title}：${track.label}须于 ${label} 前提交，还有${durationLabel(beforeMs)}。`,
    });
  }

  private markOverdue(track: DeadlineTrack): void {
    const { dueDate } = track.deadline;
    track.status = 'overdue';
    track.overdueAt = new Date().toISOString();
    this.keeper.note('overdue', `${track.label}已逾期（截止 ${dueDate}），已告知领导小组办公室`);
    this.keeper.sync();
    for (const to of [{ role: 'office' as const }, track.party]) {
      this.notifier.send(`${track.key}:overdue:${dueDate}:${to.role}`, {
        to,
        subject: `【逾期】${track.label}（截止 ${dueDate}）未提交：${this.keeper.title}`,
        body: `${this.keeper.title}：${this.keeper.partyLabel(track.party)}未在 ${track.deadline.label} 前提交${track.label}。`,
      });
    }
  }

  private escalate(track: DeadlineTrack, to: DeadlineTrack['escalations'][number]['to'], afterMs: number): void {
    const { dueDate } = track.deadline;
    track.escalations.push({ at: new Date().toISOString(), to, afterMs, dueDate });
    this.keeper.note('escalated', `${track.label}逾期${durationLabel(afterMs)}仍未提交，已升级至${roleLabels[to]}`);
    this.keeper.sync();
    this.notifier.send(`${track.key}:escalation:${dueDate}:${to}`, {
      to: { role: to },
      subject: `【督办升级】${track.label}逾期${durationLabel(afterMs)}未提交：${this.keeper.title}`,
      body: `${this.keeper.title}：${this.keeper.partyLabel(track.party)}的${track.label}截止 ${dueDate}，已逾期${durationLabel(afterMs)}，请督办。`,
    });
  }
}
