/**
 * One supervision (督查, Chapter 2, Art. 6–11) as one long-running workflow. The steps are declared in
 * supervision/contract.ts; what each does is in handlers/, a file per stage in the order of the measures (approval,
 * field work, results and rectification). A case of a comprehensive round reports its progress to the round
 * (supervision-round/workflow.ts).
 */
import { condition, continueAsNew, patched, setHandler, sleep } from '@temporalio/workflow';
import { assertInput } from '../engine/failures';
import type { SupervisionStage } from './stages';
import { supervisionTypes } from '../domain';
import { supervisionStageLabels } from './stages';
import { ids } from '../ids';
import { caseProgressSignal } from '../supervision-round/contract';
import type { ProgressState } from '../engine/progress';
import { ProgressReporter } from '../engine/progress';
import { progressOf } from '../supervision-round/progress';
import { CaseBase } from '../engine/case';
import { isOpenTrack } from '../engine/schemas';
import { extensionRequestHandlers } from '../common-steps/extension-requests';
import { extendDeadlineHandler } from '../common-steps/extension';
import { assignHandler } from '../common-steps/assignment';
import type { StepHandlers } from '../engine/steps';
import { registerSteps } from '../engine/steps';
import type { SupervisionCaseInput, SupervisionFields } from './contract';
import { supervisionContract, supervisionSteps } from './contract';
import { approvalHandlers } from './handlers/approval';
import { fieldWorkHandlers } from './handlers/field-work';
import { resultsHandlers } from './handlers/results';
import { followedUpName, supervisionTexts as t } from './texts';

/** The handlers of some of the supervision's steps (a stage's file in handlers/ returns its part). */
export type SupervisionHandlers<K extends keyof typeof supervisionSteps> = Pick<
  StepHandlers<typeof supervisionSteps>,
  K
>;

export class SupervisionCase extends CaseBase<SupervisionStage, SupervisionFields> {
  /** `专项督查（易地扶贫搬迁）`: what is supervised, as notices say it. */
  readonly what: string;
  /** The city that inspects the unit under cross inspection (Art. 5). */
  readonly cross?: { code: string; name: string };
  /** Progress reports to the round (the round drops reports out of order). */
  private readonly progress: ProgressReporter<ReturnType<typeof progressOf>>;
  /** Whether a progress report to the round is still on its way. */
  get signalling(): boolean {
    return this.progress.signalling;
  }

  constructor(readonly input: SupervisionCaseInput) {
    const approvedAlready = input.approvedWithPlan !== undefined;
    const followUp = input.followUp;
    super({
      kind: 'supervision',
      unit: input.targetUnit,
      // A follow-up visit was decided by the leading group when it scheduled it, and waits for its date.
      initialStage: followUp ? 'scheduled' : approvedAlready ? 'forming-group' : 'awaiting-approval',
      stageLabels: supervisionStageLabels,
      initialAwaiting: followUp
        ? []
        : approvedAlready
          ? [{ role: 'office', step: 'formGroup', label: t.awaiting.group }]
          : [{ role: 'leading-group', step: 'decideApproval', label: t.awaiting.approval }],
      fields: {
        ...(followUp
          ? {
              followUp: {
                ...followUp,
                requirements: followUp.requirements.map((r) => ({ ...r })),
                scheduledAt: new Date().toISOString(),
              },
              requirementChecks: [],
              approval: {
                decision: 'approve' as const,
                by: followUp.scheduledBy,
                at: new Date().toISOString(),
                reason: followUp.reason,
              },
            }
          : {}),
        ...(input.citedReports?.length ? { citedReports: input.citedReports } : {}),
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
      },
      groupWord: '督查组',
      roundId: input.round ? (input.round.roundId ?? ids.round(input.year)) : undefined,
      resume: input.resume,
    });
    this.what = `${supervisionTypes[input.type]}${input.topic ? `（${input.topic}）` : ''}`;
    if (input.round?.inspectingCity) this.cross = input.round.inspectingCity;
    this.progress = new ProgressReporter(caseProgressSignal, input.resume?.extra as ProgressState | undefined);
  }

  /** `2026年巡查`: the case a follow-up visit looks at again, as texts name it. */
  private get followedUp(): string {
    return followedUpName(this.c.followUp!);
  }

  /** Art. 6: the item is proposed to the leading group, or comes approved with the annual plan. */
  propose(): void {
    const approved = this.input.approvedWithPlan;
    const followUp = this.input.followUp;
    if (followUp) {
      this.keeper.note(
        'followUp',
        'follow-up-scheduled',
        t.followUpScheduled(this.unit, this.followedUp, followUp.requirements.length),
        { by: followUp.scheduledBy, note: followUp.reason },
      );
    } else if (approved) {
      this.keeper.note('approval', 'item-approved', t.approvedWithPlan(this.what), { by: approved.by });
    } else {
      this.keeper.note('type', 'proposed', t.proposed(this.what), { by: this.input.proposedBy });
      this.notifier.send('approval-requested', {
        to: { role: 'leading-group' },
        ...t.approvalRequest(this.unit, this.what),
      });
    }
    this.reportProgress();
  }

  /**
   * A follow-up visit (回头看) waits for its date on a durable timer (default 6 calendar months after it was scheduled,
   * the deadline policy's `follow-up-visit`), then waits for the office to form its group. A new run waits on.
   */
  async awaitVisit(): Promise<void> {
    const f = this.c.followUp;
    if (!f || this.keeper.stage !== 'scheduled') return;
    if (!f.visitAt) {
      const { deadline } = await this.deadlines.compute('follow-up-visit', '回头看');
      [f.visitOn, f.visitAt] = [deadline.dueDate, deadline.dueAt];
      this.keeper.note('followUp', 'follow-up-visit-set', t.followUpVisitSet(deadline.dueDate));
      this.keeper.sync();
    }
    const wait = Date.parse(f.visitAt) - Date.now();
    if (wait > 0) await sleep(wait, { summary: t.followUpTimer(f.visitOn!) });
    this.keeper.note('followUp', 'follow-up-due', t.followUpDue);
    this.keeper.moveTo('forming-group', [{ role: 'office', step: 'formGroup', label: t.awaiting.group }]);
    this.notifier.send('follow-up-due', {
      to: { role: 'office' },
      ...t.followUpDueNotice(this.unit, this.followedUp, f.visitOn!),
    });
  }

  /** A follow-up visit's report waits until every earlier requirement has been checked. */
  uncheckedProblem(): string | undefined {
    const f = this.c.followUp;
    if (!f) return undefined;
    const left = f.requirements.filter((r) => !this.c.requirementChecks?.some((x) => x.requirement === r.id));
    return left.length
      ? `回头看须逐项检查原整改要求：第${left.map((r) => r.id).join('、')}项尚未检查（POST requirement-checks）`
      : undefined;
  }

  /** One handler per step of the contract, grouped by stage in handlers/ (the compiler refuses a step left out). */
  handlers(): StepHandlers<typeof supervisionSteps> {
    const { deadlines } = this;
    return {
      ...approvalHandlers(this),
      ...fieldWorkHandlers(this),
      ...resultsHandlers(this),

      extendDeadline: extendDeadlineHandler(deadlines, () => this.limits),
      // Art. 11, 16 (2): the unit asks to extend a term the measures fix; the leading group decides (延期申请).
      ...extensionRequestHandlers(this),
      assignItem: assignHandler(deadlines),

      // Art. 10: files of the work plan and the written report, stored by the API; the record keeps their hashes.
      attachFiles: this.attachFiles(),

      // Internal comments, each seen by its audience; the API stored the text first.
      addComment: this.comment(),
      // A notice no channel delivered: the office says what it did (催办未送达).
      handleUndelivered: this.undelivered(),
    };
  }

  /** A supervision closes when the results are out and any rectification is in (and, under review, accepted). */
  settle(): void {
    const review = this.c.rectificationReview;
    const done =
      this.c.results !== undefined && !this.keeper.deadlines.some(isOpenTrack) && (!review || review.complete);
    if (this.closed || !done) return;
    const draft = () => t.specialReport(this.unit, this.what, this.c);
    // Art. 11 (1), (3): a round reports to the committee as a whole; a special supervision reports on its own when it
    // closes, once the leading group has signed the report; one of a plan topic's, in the topic report (special-topic/).
    const own = this.c.type === 'special' && !this.input.round;
    if (own && !this.signOff.ready('special-report', draft)) return;
    this.keeper.note('closing', 'closed', t.closed);
    this.keeper.moveTo('closed', [], { closed: true });
    // (Special supervisions closed before the report existed replay as they ran.)
    if (own && patched('special-supervision-report')) {
      this.notifier.send('final-report', {
        to: { role: 'committee' },
        ...this.signOff.letter('special-report', draft),
      });
    }
  }

  protected override changed(): void {
    super.changed();
    this.reportProgress();
  }

  /** Tell the round (if any) where the case stands: stage, overdue, findings by key content, results. */
  reportProgress(): void {
    const round = this.input.round;
    if (!round) return;
    this.progress.report(round.workflowId, progressOf(this.record()));
  }

  override async finish(): Promise<void> {
    await super.finish();
    await this.progress.drain();
  }

  /** The state of the next run, with the progress reports' sequence (the round drops reports out of order). */
  override carry(): ReturnType<CaseBase<SupervisionStage, SupervisionFields>['carry']> {
    return super.carry({ ...this.progress.state() });
  }
}

/**
 * @example
 * await client.workflow.start<typeof supervisionCase>('supervisionCase', {
 *   workflowId: ids.case('supervision', 2026, 'taiyuan', 2), taskQueue: 'supervision-patrol',
 *   args: [{ targetUnit, type: 'special', topic: '易地扶贫搬迁', year: 2026, memberUnits, proposedBy }],
 * });
 */
export async function supervisionCase(
  input: SupervisionCaseInput,
): Promise<{ caseId: string; stage: SupervisionStage }> {
  assertInput(input);
  const supervision = new SupervisionCase(input);
  registerSteps(supervisionSteps, supervision.handlers(), supervision.host());
  supervision.acceptCitations();
  supervision.acceptResultUses();
  setHandler(supervisionContract.recordQuery, () => supervision.record());

  await supervision.begin(() => supervision.propose());
  await supervision.awaitVisit();
  await condition(() => supervision.closed || supervision.historyFull());
  if (!supervision.closed) {
    // Near the history's limits: the same supervision goes on in a new run, with its whole record.
    await supervision.readyToContinue();
    await condition(() => !supervision.signalling);
    return continueAsNew<typeof supervisionCase>({ ...input, resume: supervision.carry() });
  }
  await supervision.finish();
  return { caseId: supervision.keeper.caseId, stage: supervision.keeper.stage };
}
