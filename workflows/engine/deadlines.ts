/**
 * The deadline engine every case uses (docs/measures.md, "Deadlines"): wait for a party's
 * submission until a deadline; remind before it; at the deadline mark it overdue and tell the office; after
 * the grace periods escalate up the ladder; follow an extension; accept a late submission and record it as late.
 * Deadlines and the policy come from activities and stay in history; the timers are durable Temporal timers.
 */
import { condition, patched, proxyLocalActivities } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import type { Deadline } from '../../lib/calendar/deadlines';
import type { NoticeTimes } from '../../lib/calendar/notice-times';
import type { DeadlinePolicy, SubmissionPolicy } from '../../lib/calendar/deadline-policy';
import { redNotice, redNoticeToParty, superviseNotice, yellowNotice } from './light-notices';
import type { Actor, SubmissionKind } from '../domain';
import { isCourtesy, roleLabels, ruleUnitLabels } from '../domain';
import type { Notifier } from './notifier';
import type { CaseRecordKeeper } from './record';
import type { DeadlineTrack, Party } from './schemas';
import { isOpenTrack } from './schemas';
import { chineseDate, durationLabel, localToday, youUnit } from './texts';

// Local activities: the policy and the calendar are the worker's own configuration, computed in microseconds; the
// result is kept in history (one marker, no extra workflow task) so a running case keeps the dates it was given.
const { loadDeadlinePolicy, computeDeadline, deadlineOnDate, noticeTimes } = proxyLocalActivities<
  ReturnType<typeof createActivities>
>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: ['CalendarYearNotCovered', 'InvalidDeadline'],
  },
});

/** How long before its instant a long deadline timer is counted again (see `watch`). */
const recountBeforeMs = 60_000;

export interface OpenDeadline {
  /** Unique within the case: `rectification`, `suggestion-1`, `transfer-1`. */
  key: string;
  kind: SubmissionKind;
  label: string;
  party: Party;
  /** The part of the record it belongs to (need to know). */
  section: string;
  /** The step the party submits with, and its path parameters. */
  step: string;
  params?: Record<string, string | number>;
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

  /** The policy (deadlines and limits) of the case: read once, then kept in its history and carried from run to run. */
  async loadPolicy(): Promise<DeadlinePolicy> {
    this.policy ??= await loadDeadlinePolicy.executeWithOptions({ summary: '读取期限规则' }, []);
    return this.policy;
  }

  /**
   * The policy of a kind of item added after the case read its policy (a case that began on an older build): read from
   * the policy in force then, once, and kept with the rest.
   */
  private async policyAdded(kind: SubmissionKind): Promise<SubmissionPolicy> {
    const current = await loadDeadlinePolicy.executeWithOptions({ summary: `读取期限规则：${kind}` }, []);
    this.policy = { ...current, ...this.policy! };
    return this.policy[kind];
  }

  /** The policy once read (steps check the case's limits against it). */
  get currentPolicy(): DeadlinePolicy | undefined {
    return this.policy;
  }

  /** Go on watching the open deadlines of a previous run, under the policy it had. */
  resume(policy: DeadlinePolicy): void {
    this.policy = policy;
    for (const track of this.keeper.deadlines) {
      if (!isOpenTrack(track)) continue;
      const loop = this.watch(track, policy[track.kind]).finally(() => this.loops.delete(loop));
      this.loops.add(loop);
    }
  }

  get(key: string): DeadlineTrack | undefined {
    return this.keeper.deadlines.find((t) => t.key === key);
  }

  /**
   * Compute the deadline for an item (activity) before anything about it is recorded, so that a deadline that
   * cannot be computed (a year without holiday data) refuses the step and changes nothing.
   */
  async compute(kind: SubmissionKind, label: string): Promise<{ deadline: Deadline; issuedAt: string; rule: string }> {
    const policy = (await this.loadPolicy())[kind] ?? (await this.policyAdded(kind));
    const issuedAt = new Date().toISOString();
    const rule = `${policy.rule.amount}${ruleUnitLabels[policy.rule.unit]}`;
    // A term the measures fix that ends on a day off ends on the next working day (the activity knows the holidays).
    const deadline = await computeDeadline.executeWithOptions({ summary: `计算期限：${label}（${rule}）` }, [
      { from: issuedAt, rule: policy.rule, ...(policy.fixedByMeasures ? { toWorkingDay: true } : {}) },
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
      section: input.section,
      step: input.step,
      ...(input.params ? { params: input.params } : {}),
      ...(this.policy?.[input.kind]?.fixedByMeasures ? { fixedByMeasures: true } : {}),
      issuedAt,
      deadline,
      status: 'waiting',
      reminders: [],
      escalations: [],
      extensions: [],
    };
    this.keeper.deadlines.push(track);
    const due = chineseDate(deadline.dueDate);
    // A body outside the leading group's line is asked, not given a date: the date is the office's, for follow-up.
    const [action, summary, subject, body] = isCourtesy(input.kind)
      ? [
          'acknowledgement-requested',
          `请${this.keeper.partyLabel(input.party)}签收；${due}前未签收的，由领导小组办公室跟进`,
          `【${input.label}】${this.keeper.title}`,
          `${this.keeper.title}：${input.detail ?? ''}敬请签收。`,
        ]
      : [
          'deadline-set',
          `${input.label}期限：${rule}，${due}前提交` +
            (deadline.movedFrom
              ? `（期限届满日${chineseDate(deadline.movedFrom)}为${deadline.movedFor ?? '休息日'}，顺延至下一工作日）`
              : ''),
          `【${input.label}】${this.keeper.title}（${due}前）`,
          `${this.keeper.title}：请于${due}前提交${input.label}。${input.detail ?? ''}`,
        ];
    this.note(track, action, summary);
    this.keeper.sync();
    this.notifier.send(`${input.key}:issued`, { to: input.party, subject, body });
    const loop = this.watch(track, this.policy![input.kind]).finally(() => this.loops.delete(loop));
    this.loops.add(loop);
    return track;
  }

  /** Within the unit: the item is signed for (first time) or handed on (转派), to `handler` (workflows/common-steps/assignment.ts). */
  assign(key: string, handler: string, by: Actor, note?: string, handlerId?: string): void {
    const track = this.mustGet(key);
    const before = track.handler;
    track.handler = { name: handler, ...(handlerId ? { id: handlerId } : {}), at: new Date().toISOString(), by };
    const who = by.name ?? by.id;
    this.note(
      track,
      before ? 'reassigned' : 'signed-for',
      before
        ? `${who}将${track.label}转派给${handler}承办（原承办人：${before.name}）`
        : `${who}签收${track.label}，承办人：${handler}`,
      { by, ...(note ? { note } : {}) },
    );
    this.keeper.sync();
  }

  /** The office records how it followed up a courtesy item that is past its date (its follow-up task is then done). */
  followUp(key: string, note: string, by: Actor): void {
    const track = this.mustGet(key);
    (track.followUps ??= []).push({ at: new Date().toISOString(), by, note });
    this.note(track, 'followed-up', `领导小组办公室已跟进${track.label}`, { by, note });
    this.keeper.sync();
  }

  /** Record the submission; a late one is accepted and marked late. Returns the track. */
  submit(key: string, by: Actor): DeadlineTrack {
    const track = this.mustGet(key);
    const now = Date.now();
    track.status = 'submitted';
    track.submittedAt = new Date(now).toISOString();
    track.submittedBy = by;
    track.late = now > Date.parse(track.deadline.dueAt);
    // A body outside the line was given no date (courtesy items): the event it sees never calls it late; the office
    // reads the lateness on the track and in its notice.
    const lateToThem = track.late && !isCourtesy(track.kind);
    this.note(
      track,
      lateToThem ? 'submitted-late' : 'submitted',
      `已提交${track.label}${lateToThem ? '（逾期提交，予以接收并记录）' : ''}`,
      { by },
    );
    this.keeper.sync();
    const due = chineseDate(track.deadline.dueDate);
    this.notifier.send(`${key}:submitted`, {
      to: { role: 'office' },
      subject: `【已提交${track.late ? '·逾期' : ''}】${track.label}：${this.keeper.title}`,
      body: `${this.keeper.title}：${this.keeper.partyLabel(track.party)}已提交${track.label}（限${due}前${track.late ? '，逾期提交' : ''}）。`,
    });
    return track;
  }

  /** The item is no longer asked for (the leading group closed it with a reason): its timers stop. */
  close(key: string, reason: string, by: Actor): DeadlineTrack {
    const track = this.mustGet(key);
    track.status = 'closed';
    this.note(track, 'deadline-closed', `${track.label}不再要求提交`, { by, note: reason });
    this.keeper.sync();
    return track;
  }

  /** Compute the deadline for a new due date (activity), for an extension's validator-approved date. */
  async dateDeadline(dueDate: string): Promise<Deadline> {
    return deadlineOnDate.executeWithOptions({ summary: `延期至${chineseDate(dueDate)}` }, [
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
    const [from, to] = [chineseDate(fromDueDate), chineseDate(deadline.dueDate)];
    this.note(track, 'deadline-extended', `${track.label}期限由${from}延至${to}`, { by });
    this.keeper.sync();
    this.notifier.send(`${key}:extended:${deadline.dueDate}`, {
      to: track.party,
      subject: `【延期】${track.label}延至${to}前：${this.keeper.title}`,
      body: `${this.keeper.title}：${track.label}期限由${from}延至${to}。理由：${reason}`,
    });
    return track;
  }

  /** An event about one deadline: of the deadline's section, concerning its party. */
  private note(
    track: DeadlineTrack,
    action: string,
    summary: string,
    options: { by?: Actor; note?: string } = {},
  ): void {
    this.keeper.note(track.section, action, summary, { ...options, party: track.party });
  }

  private mustGet(key: string): DeadlineTrack {
    const track = this.get(key);
    if (!track) throw new Error(`no deadline "${key}" on this case`);
    return track;
  }

  /** The reminders (with the yellow notice) of a policy, latest first, and its escalations' grace periods. */
  private befores(policy: SubmissionPolicy): number[] {
    const yellow = policy.yellowBeforeMs;
    return [...new Set([...policy.remindersBeforeMs, ...(yellow ? [yellow] : [])])].sort((a, b) => b - a);
  }

  /**
   * When the notices of the current due date go: at the start of working days (activity: the holidays and the policy's
   * workdayStart).
   */
  private async times(track: DeadlineTrack, policy: SubmissionPolicy): Promise<NoticeTimes> {
    const { dueAt, dueDate, rule } = track.deadline;
    return noticeTimes.executeWithOptions({ summary: `提醒时间：${track.label}` }, [
      {
        deadline: { dueAt, dueDate, ...(rule ? { rule } : {}) },
        remindersBeforeMs: this.befores(policy),
        escalationsAfterMs: policy.escalations.map((e) => e.afterMs),
      },
    ]);
  }

  /** The timed steps for the current due date that are still ahead: reminders, overdue, escalations. */
  private plan(track: DeadlineTrack, policy: SubmissionPolicy, now: number, times?: NoticeTimes): Step[] {
    const { dueDate, dueAt } = track.deadline;
    const due = Date.parse(dueAt);
    const steps: Step[] = [];
    // The reminders, and the yellow notice (黄灯) when the item turns yellow: the reminder at that time, if the policy has
    // one, is the yellow notice, never two notices.
    const yellow = policy.yellowBeforeMs;
    const befores = this.befores(policy);
    // Two reminders moved to the same working day's start are one notice: the yellow one, if either is.
    const reminders = new Map<number, number>();
    befores.forEach((beforeMs, i) => {
      const at = times?.reminders[i] ?? due - beforeMs;
      if (!reminders.has(at) || beforeMs === yellow) reminders.set(at, beforeMs);
    });
    for (const [at, beforeMs] of reminders) {
      // A reminder whose time had passed when the date was set is skipped, not sent in a burst.
      if (at > now)
        steps.push({
          at,
          summary: `${beforeMs === yellow ? '黄灯提醒' : '提醒'}：${track.label}截止前${durationLabel(beforeMs)}`,
          fire: () => this.remind(track, beforeMs, beforeMs === yellow, times !== undefined),
        });
    }
    const redAt = times?.redAt ?? due;
    if (track.status !== 'overdue')
      steps.push({ at: redAt, summary: `${track.label}截止 ${dueDate}`, fire: () => this.markOverdue(track) });
    policy.escalations.forEach((e, i) => {
      if (track.escalations.some((x) => x.to === e.to && x.dueDate === dueDate)) return;
      steps.push({
        at: times?.escalations[i] ?? due + e.afterMs,
        summary: `逾期${durationLabel(e.afterMs)}：升级至${roleLabels[e.to]}`,
        fire: () => this.escalate(track, e.to, e.afterMs),
      });
    });
    return steps.sort((a, b) => a.at - b.at);
  }

  private async watch(track: DeadlineTrack, policy: SubmissionPolicy): Promise<void> {
    let armedFor = '';
    let steps: Step[] = [];
    const interrupted = () => !isOpenTrack(track) || track.deadline.dueAt !== armedFor;
    while (isOpenTrack(track)) {
      if (track.deadline.dueAt !== armedFor) {
        armedFor = track.deadline.dueAt;
        // Cases that armed their timers before this change keep the exact times, and plan without waiting (replay).
        const times = patched('reminders-at-start-of-day') ? await this.times(track, policy) : undefined;
        if (interrupted()) continue;
        steps = this.plan(track, policy, Date.now(), times);
      }
      const step = steps[0];
      if (!step) {
        await condition(interrupted);
        continue;
      }
      let wait = step.at - Date.now();
      // A timer counts from when the server records it, at the end of the workflow task that armed it, while its wait
      // was counted from the task's start: a task that also wrote the store and planned notices under a burst of new
      // cases finished seconds later, and its deadline fired that much late. A long wait stops a minute short and is
      // counted again then, in a task that does nothing else (the long timer carries the step's name in Temporal UI, the
      // last minute says it is the recount).
      let summary = step.summary;
      if (wait > 2 * recountBeforeMs && patched('deadline-timer-recounted')) {
        if (await condition(interrupted, wait - recountBeforeMs, { summary })) continue;
        wait = step.at - Date.now();
        summary = `${step.summary}（到点前1分钟重新计时）`;
      }
      if (wait > 0 && (await condition(interrupted, wait, { summary }))) continue;
      steps.shift();
      step.fire();
    }
  }

  private remind(track: DeadlineTrack, beforeMs: number, yellow = false, startOfDay = false): void {
    const { dueDate } = track.deadline;
    const due = chineseDate(dueDate);
    track.reminders.push({ at: new Date().toISOString(), beforeMs, dueDate });
    if (isCourtesy(track.kind)) {
      this.note(track, 'reminder-sent', `提示${this.keeper.partyLabel(track.party)}：${track.label}尚未办理`);
      this.keeper.sync();
      this.notifier.send(`${track.key}:reminder:${dueDate}:${beforeMs}`, {
        to: track.party,
        subject: `【敬请签收】${this.keeper.title}`,
        body: `${this.keeper.title}：${track.label}尚未办理，敬请签收。`,
      });
      return;
    }
    // Sent at the start of a working day, what is left is counted in days to the due date (a reminder moved off a
    // holiday has more left than its policy's offset).
    const daysLeft = Math.round(
      (Date.parse(`${dueDate}T00:00:00+08:00`) - Date.parse(`${localToday()}T00:00:00+08:00`)) / 86_400_000,
    );
    const left = startOfDay && daysLeft >= 1 ? `${daysLeft}天` : durationLabel(beforeMs);
    this.note(
      track,
      'reminder-sent',
      `${yellow ? '黄灯提醒' : '提醒'}${this.keeper.partyLabel(track.party)}：${track.label}须于${due}前提交（还有${left}）`,
    );
    this.keeper.sync();
    this.notifier.send(`${track.key}:reminder:${dueDate}:${beforeMs}`, {
      to: track.party,
      ...(yellow
        ? yellowNotice(this.keeper.title, track.label, due, left)
        : {
            subject: `【提醒】${track.label}须于${due}前提交：${this.keeper.title}`,
            body: `${this.keeper.title}：${track.label}须于${due}前提交，还有${left}。`,
          }),
    });
  }

  private markOverdue(track: DeadlineTrack): void {
    const { dueDate } = track.deadline;
    const due = chineseDate(dueDate);
    track.status = 'overdue';
    track.overdueAt = new Date().toISOString();
    // Cases that saw such a date pass before this change keep the notices they sent (replay).
    if (isCourtesy(track.kind) && patched('courtesy-acknowledgements')) {
      // Not "overdue" to the body, which was given no date: a follow-up task for the office (its /my/tasks).
      track.followUpNeeded = true;
      const body = this.keeper.partyLabel(track.party);
      this.note(track, 'follow-up-needed', `${body}在${due}前尚未签收，请领导小组办公室跟进`);
      this.keeper.sync();
      this.notifier.send(`${track.key}:follow-up:${dueDate}`, {
        to: { role: 'office' },
        subject: `【待跟进】${body}尚未签收：${this.keeper.title}`,
        body: `${this.keeper.title}：${track.label}，${body}在${due}前尚未签收，请与其联系跟进，并在系统中记录跟进情况。`,
      });
      return;
    }
    this.note(track, 'overdue', `${track.label}已逾期（限${due}前提交），已告知领导小组办公室`);
    this.keeper.sync();
    const escalation = this.policy?.[track.kind]?.escalations[0];
    const next = escalation ? { after: durationLabel(escalation.afterMs), to: roleLabels[escalation.to] } : undefined;
    const name = this.keeper.partyLabel(track.party);
    // The office is asked to chase (请督促报送); the party is told to report now (请即报送), as 你市, 你县 or 你单位.
    const target = this.keeper.targetUnit;
    const you =
      track.party.role !== 'unit'
        ? name
        : youUnit({ name, kind: track.party.unit === target.code ? target.kind : 'unknown' });
    const office = { role: 'office' as const };
    this.notifier.send(`${track.key}:overdue:${dueDate}:office`, {
      to: office,
      ...redNotice(this.keeper.title, name, track.label, due, next),
    });
    this.notifier.send(`${track.key}:overdue:${dueDate}:${track.party.role}`, {
      to: track.party,
      ...(track.party.role === 'office'
        ? redNotice(this.keeper.title, name, track.label, due, next)
        : redNoticeToParty(this.keeper.title, you, track.label, due, next)),
    });
  }

  private escalate(track: DeadlineTrack, to: DeadlineTrack['escalations'][number]['to'], afterMs: number): void {
    const { dueDate } = track.deadline;
    track.escalations.push({ at: new Date().toISOString(), to, afterMs, dueDate });
    this.note(track, 'escalated', `${track.label}逾期${durationLabel(afterMs)}仍未提交，已报${roleLabels[to]}`);
    this.keeper.sync();
    this.notifier.send(`${track.key}:escalation:${dueDate}:${to}`, {
      to: { role: to },
      ...superviseNotice(
        this.keeper.title,
        this.keeper.partyLabel(track.party),
        track.label,
        chineseDate(dueDate),
        durationLabel(afterMs),
      ),
    });
  }
}
