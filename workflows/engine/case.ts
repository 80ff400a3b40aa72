/**
 * What every kind of case starts with: the record keeper, the notifier, the deadline board, the kind's own fields,
 * and what the step registration reads of it. A kind extends it with one handler per step of its contract; its
 * handlers, grouped by stage in `workflows/<kind>/handlers/`, use the helpers below (hence public).
 *
 * A case lives for months and its history grows with every step, notice and timer. Before it nears Temporal's limits
 * (the server's suggestion, or `limits.historyEvents`), it continues as a new run of the same workflow id, carrying its
 * whole state (`CaseState`); the new run re-arms the open deadlines and delivers what was still on its way.
 */
import type { Notification } from '../../activities';
import type { DeadlinePolicy } from '../../lib/calendar/deadline-policy';
import type { createActivities } from '../../activities';
import {
  allHandlersFinished,
  condition,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Actor, CaseLimits, InspectionMethod, TargetUnit } from '../domain';
import { defaultCaseLimits, otherKeyItem, otherKeyItemLabel } from '../domain';
import type { StepAck } from './contract';
import { DeadlineBoard } from './deadlines';
import { Notifier } from './notifier';
import { handleUndeliveredHandler, noteUndelivered } from '../common-steps/undelivered';
import type { CaseRecord, KeeperState, StageAwaiting } from './record';
import { CaseRecordKeeper } from './record';
import type { RectificationReview } from '../common-steps/rectification';
import { RectificationReviewer } from '../common-steps/rectification';
import type { ReportUp } from '../common-steps/signoff';
import { SignOff } from '../common-steps/signoff';
import type { AssessmentCitation, Finding, InspectionGroup, Party } from './schemas';
import type { ReportCitation } from '../common-steps/citations';
import { reportCitedSignal } from '../common-steps/citations';
import type { ResultUseNote } from '../common-steps/result-use-notes';
import { resultUseNotedSignal, resultUseNoteText } from '../common-steps/result-use-notes';
import { failureType, refuse, refusalTypes } from './failures';
import { isOverseer, partyOf, partyTag } from './party';
import { chineseDate } from './texts';
import type { AcceptedRequests, StepHost } from './steps';
import { StoreWriter } from './store-writer';
import { attachFilesHandler } from '../common-steps/files';
import { commentHandler } from '../common-steps/comments';

// The register of third-party assessments is in the case store, read when a finding cites one.
const { assessmentCitation } = proxyLocalActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3, nonRetryableErrorTypes: ['AssessmentNotFound'] },
});

// The public bulletin (Art. 11 (1), 16 (3)): what the leading group decides to publish.
const { publishRectification } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});
type Publication = Parameters<ReturnType<typeof createActivities>['publishRectification']>[0];

/** Everything a case carries into its next run. */
export interface CaseState<Stage extends string, Fields> {
  keeper: KeeperState<Stage>;
  fields: Fields;
  policy: DeadlinePolicy;
  accepted: Array<[string, { fingerprint: string; ack: StepAck }]>;
  notices: Notification[];
  /** A kind's own bookkeeping (a supervision's progress reports to its round). */
  extra?: Record<string, unknown>;
}

export interface CaseOptions<Stage extends string, Fields> {
  kind: string;
  /** What officials call a kind the glossary does not name (the measures' kinds are named in workflows/domain.ts). */
  label?: string;
  unit: TargetUnit;
  initialStage: Stage;
  stageLabels: Record<Stage, string>;
  initialAwaiting: StageAwaiting[];
  /** The kind's own part of the record (grounds, group, findings …), changed by its steps. */
  fields: Fields;
  /** `巡查组` or `督查组`. */
  groupWord: string;
  /** The comprehensive round the case belongs to, in the case store. */
  roundId?: string | undefined;
  /** The state of the previous run, when the case continues as a new run. */
  resume?: CaseState<Stage, Fields> | undefined;
}

/** What a supervision or a patrol keeps of its rectification review and its reports up. */
type WithReview = { rectificationReview?: RectificationReview; reportsUp?: ReportUp[] };

/** The group a case may have (a public report has none). */
type WithGroup = { group?: { id: string; leader: { name: string } } };

export abstract class CaseBase<Stage extends string, Fields extends object> {
  readonly keeper: CaseRecordKeeper<Stage>;
  readonly notifier: Notifier;
  readonly deadlines: DeadlineBoard;
  readonly c: Fields;
  readonly unit: TargetUnit;
  /** Request keys accepted by this case's steps (carried from run to run). */
  readonly accepted: AcceptedRequests;
  /** Writes the case to the case store at every change a reader can see. */
  readonly writer: StoreWriter;
  /** Work a step started that its answer does not wait for (the ledger's problem starts); see `afterAnswer`. */
  private readonly unanswered = new Set<Promise<unknown>>();

  constructor(private readonly options: CaseOptions<Stage, Fields>) {
    this.unit = options.unit;
    this.c = options.resume?.fields ?? options.fields;
    this.accepted = new Map(options.resume?.accepted ?? []);
    this.keeper = new CaseRecordKeeper<Stage>(
      options.kind,
      options.unit,
      options.initialStage,
      options.stageLabels,
      options.initialAwaiting,
      options.resume?.keeper,
    );
    if (options.label) this.keeper.label = options.label;
    this.notifier = new Notifier(
      this.keeper.notifications,
      () => this.keeper.touch(),
      () => `（${this.keeper.title}；当前阶段：${this.keeper.stageLabel}）`,
      (record) => noteUndelivered(this.keeper, record),
    );
    this.deadlines = new DeadlineBoard(this.keeper, this.notifier);
    this.writer = new StoreWriter(
      () => ({
        record: this.record(),
        viewers: this.keeper.viewerTags,
        ...(options.roundId ? { roundId: options.roundId } : {}),
      }),
      () => this.keeper.revision,
    );
    this.keeper.onSync = () => this.changed();
  }

  /** A change a reader can see: the case store gets it (a kind adds what else must follow a change). */
  protected changed(): void {
    this.writer.changed();
  }

  get closed(): boolean {
    return this.keeper.closed;
  }

  /** The limits of the case (the defaults until the policy is read, at the very start). */
  get limits(): CaseLimits {
    // A case that read its policy before a limit existed has the default for it.
    return { ...defaultCaseLimits, ...this.deadlines.currentPolicy?.limits };
  }

  /**
   * Begin the run: a new case reads its policy and then does `open` (its proposal); a continued case takes up its
   * deadlines and notices where the previous run left them.
   */
  async begin(open: () => void): Promise<void> {
    const resume = this.options.resume;
    if (resume) {
      this.deadlines.resume(resume.policy);
      this.notifier.resume(resume.notices);
      this.changed();
      return;
    }
    await this.deadlines.loadPolicy();
    open();
    // The case is in the store from its first moment (lists, tasks and the round's progress read the store).
    this.changed();
  }

  /** Temporal suggests a new run, or the history has reached the case's limit. */
  historyFull(): boolean {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= this.limits.historyEvents;
  }

  /** The state the next run goes on with (call once every step has finished). */
  carry(extra?: Record<string, unknown>): CaseState<Stage, Fields> {
    return {
      keeper: this.keeper.state(),
      fields: JSON.parse(JSON.stringify(this.c)) as Fields,
      policy: this.deadlines.currentPolicy!,
      // The latest request keys: a retry comes within minutes, not after a hundred more steps.
      accepted: [...this.accepted].slice(-100),
      notices: this.notifier.inFlight(),
      ...(extra ? { extra } : {}),
    };
  }

  /** The whole record (a deep copy): the shared part and the kind's own. */
  record(): CaseRecord<Stage> & Fields {
    return { ...this.keeper.snapshot(), ...(JSON.parse(JSON.stringify(this.c)) as Fields) };
  }

  /**
   * Work a step starts and does not answer after (issue 37: the ledger's problems start after the feedback's answer).
   * The case does not end or continue as a new run before it is done; a failure fails the workflow task (Temporal UI
   * shows it, the task is retried), as it would have failed the step.
   */
  afterAnswer(job: Promise<unknown>): void {
    const tracked = job.finally(() => this.unanswered.delete(tracked));
    this.unanswered.add(tracked);
  }

  /** Until every job of `afterAnswer` is done (none: no command, so earlier histories replay). */
  private async answeredWorkDone(): Promise<void> {
    while (this.unanswered.size) await Promise.all([...this.unanswered]);
  }

  /** Automatic transitions after every step: a kind closes itself here when nothing is left to do. */
  abstract settle(): void;

  /** What the step registration reads of the case. */
  host(): StepHost {
    return {
      stage: () => this.keeper.stage,
      stageLabel: (s) => this.options.stageLabels[s as Stage] ?? s,
      unit: this.unit,
      groupId: () => (this.c as WithGroup).group?.id,
      groupWord: this.options.groupWord,
      visibleTo: (by) => isOverseer(by.role) || this.keeper.isViewer(partyTag(partyOf(by))),
      settle: () => {
        this.settle();
        this.changed();
      },
      ready: () => this.deadlines.currentPolicy !== undefined,
      ack: (): StepAck => ({ revision: this.keeper.revision, stage: this.keeper.stage, closed: this.keeper.closed }),
    };
  }

  /**
   * Before the workflow returns: every notice delivered, every step finished, and the case store holding the final
   * record (so Temporal's retention can never take what the store does not have).
   */
  async finish(): Promise<void> {
    await this.answeredWorkDone();
    await this.notifier.drain();
    // A notice no channel delivered is the office's task (催办未送达): the case waits for it, then for what it sent.
    while (this.notifier.waitingForOffice) {
      await condition(() => !this.notifier.waitingForOffice);
      await this.notifier.drain();
    }
    await condition(allHandlersFinished);
    await this.writer.flush();
  }

  /** Before the case continues as a new run: every step finished and the store up to date. */
  async readyToContinue(): Promise<void> {
    await condition(allHandlersFinished);
    await this.answeredWorkDone();
    await this.writer.flush();
    await condition(allHandlersFinished);
  }

  now(): string {
    return new Date().toISOString();
  }

  /** The case's group leader, as the party a step waits for. */
  groupParty(): Party & { role: 'group-leader' } {
    return { role: 'group-leader', group: (this.c as WithGroup).group!.id };
  }

  unitParty(): Party & { role: 'unit' } {
    return { role: 'unit', unit: this.unit.code };
  }

  /** Publish on the bulletin (the activity retries while the bulletin does not answer); `summary` names it in Temporal UI. */
  publish(summary: string, item: Omit<Publication, 'caseId' | 'unitName'>) {
    return publishRectification.executeWithOptions({ summary }, [
      { caseId: this.keeper.caseId, unitName: this.unit.name, ...item },
    ]);
  }

  /** The office's task for a notice that failed on every channel (催办未送达). */
  protected undelivered() {
    return handleUndeliveredHandler(this.notifier, this.keeper, () => this.now());
  }

  /** Internal comments between the roles that may see them (texts in the case store). */
  protected comment() {
    return commentHandler(
      () => this.c,
      this.keeper,
      () => this.now(),
      () => this.limits,
    );
  }

  /** Art. 10, 15: files of the work plan and the written report (references; the files are in the case store). */
  protected attachFiles() {
    return attachFilesHandler(
      () => this.c,
      this.keeper,
      () => this.now(),
      () => this.limits,
    );
  }

  /** The rectification, reviewed per requirement (Art. 11 (2), 16 (2)); `completed` says where the case goes then. */
  reviewer(requirements: () => string[], completed: () => void): RectificationReviewer {
    const c = this.c as WithReview;
    return new RectificationReviewer({
      review: () => c.rectificationReview,
      requirements,
      deadlines: this.deadlines,
      keeper: this.keeper,
      unitParty: () => this.unitParty(),
      now: () => this.now(),
      completed,
    });
  }

  private signOffs?: SignOff;
  /** Reports up to the committee: drafted, signed by the leading group, then sent. */
  get signOff(): SignOff {
    const c = this.c as WithReview;
    return (this.signOffs ??= new SignOff({
      reports: () => c.reportsUp,
      setReports: (reports) => (c.reportsUp = reports),
      keeper: this.keeper,
      notifier: this.notifier,
      now: () => this.now(),
    }));
  }

  /**
   * The group is formed (Art. 7, 13): kept on the record, its leader may see the case from now on, and the case waits
   * for the leader's work plan.
   */
  groupFormed(group: InspectionGroup, by: Actor, summary: string, workPlanLabel: string): void {
    (this.c as { group?: unknown }).group = { ...group, formedAt: this.now(), formedBy: by };
    this.keeper.note('group', 'group-formed', summary, { by });
    this.keeper.grant(this.groupParty());
    this.keeper.moveTo('planning' as Stage, [{ ...this.groupParty(), step: 'submitWorkPlan', label: workPlanLabel }]);
  }

  /**
   * The unit is told of the case (Art. 10 (2), 15 (2)), and from now on sees what of it concerns the unit. Not on an
   * unannounced visit (暗访): the unit is told nothing until feedback (`revealToUnit`).
   */
  tellUnit(key: string, notice: { subject: string; body: string }): void {
    if (this.unannounced) return;
    this.keeper.grant(this.unitParty());
    this.notifier.send(key, { to: this.unitParty(), ...notice });
  }

  /** Art. 5 (明察暗访): the group was formed for an unannounced visit. */
  get unannounced(): boolean {
    return (this.c as { unannounced?: boolean }).unannounced === true;
  }

  /** Whether the unit may see the case (it was told of it). */
  get unitKnows(): boolean {
    return this.keeper.viewerTags.includes(partyTag(this.unitParty()));
  }

  /** Feedback (Art. 11 (2), 16 (2)) ends an unannounced visit's secrecy: the unit sees the case from now on. */
  revealToUnit(by: Actor): void {
    if (this.unitKnows) return;
    this.keeper.note('unannounced', 'unannounced-visit-disclosed', '暗访结束，向被检查单位反馈', { by });
    this.keeper.grant(this.unitParty());
  }

  /**
   * A new finding (Art. 9, 14; item 6 "other" with its description), with what it records besides its content: the
   * assessment it cites (read from the register; an unknown one refuses the step, which then changes nothing), and
   * the mark of an unannounced visit with its method. `named` is its key item as the timeline names it.
   */
  async newFinding(
    d: {
      keyItem: number;
      otherDescription?: string | undefined;
      summary: string;
      methods: InspectionMethod[];
      assessmentId?: string | undefined;
    },
    keyItems: Record<number, string>,
    by: Actor,
  ): Promise<{ finding: Finding; named: string }> {
    let assessment: AssessmentCitation | undefined;
    if (d.assessmentId) {
      try {
        assessment = await assessmentCitation.executeWithOptions({ summary: `引用第三方评估：${d.assessmentId}` }, [
          d.assessmentId,
        ]);
      } catch (err) {
        if (failureType(err) === 'AssessmentNotFound') {
          throw refuse(refusalTypes.invalid, `第三方评估登记簿中没有${d.assessmentId}，请核对评估编号`);
        }
        throw err;
      }
    }
    const methods = new Set(d.methods);
    if (assessment) methods.add('third-party-assessment');
    if (this.unannounced) methods.add('unannounced-visit');
    const other = d.keyItem === otherKeyItem;
    const named = other ? d.otherDescription! : keyItems[d.keyItem]!;
    const finding: Finding = {
      id: (this.c as { findings: Finding[] }).findings.length + 1,
      keyItem: d.keyItem,
      keyItemLabel: other ? `${otherKeyItemLabel}：${named}` : named,
      ...(other ? { otherDescription: named } : {}),
      summary: d.summary,
      methods: [...methods],
      ...(assessment ? { assessment } : {}),
      ...(this.unannounced ? { unannounced: true } : {}),
      at: this.now(),
      by,
    };
    return { finding, named };
  }

  /**
   * Issue 36 item 2: a use of results (通报批评, 约谈, 挂牌督办) the leading group decided on this case or problem is
   * recorded as an event the overseers see (section `resultUses`); the same decision told twice is recorded once.
   */
  acceptResultUses(): void {
    const noted = new Set<string>();
    setHandler(resultUseNotedSignal, (n: ResultUseNote) => {
      if (noted.has(n.resultUseId)) return;
      noted.add(n.resultUseId);
      this.keeper.note('resultUses', 'result-use-noted', resultUseNoteText(n), { by: n.by });
      this.keeper.sync();
    });
  }

  /** Art. 12: public reports the office links to the case arrive as a signal and join its grounds, without reporters. */
  acceptCitations(): void {
    setHandler(reportCitedSignal, (citation: ReportCitation) => {
      const c = this.c as { citedReports?: ReportCitation[] };
      c.citedReports ??= [];
      if (c.citedReports.some((x) => x.reportId === citation.reportId)) return;
      c.citedReports.push(citation);
      this.keeper.note(
        'citedReports',
        'report-cited',
        `引用群众举报（${chineseDate(citation.receivedOn)}收到）作为依据：${citation.summary}`,
        { by: citation.by },
      );
      this.keeper.sync();
    });
  }
}
