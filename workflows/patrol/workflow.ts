/**
 * One patrol (巡查, Chapter 3, Art. 12–16) as one long-running workflow, from proposal to closing. The steps are
 * declared in patrol/contract.ts; what each does is in handlers/, a file per stage in the order of the measures
 * (approval, field work, study, rectification). Rules are in rules.ts, the Chinese in texts.ts.
 */
import { condition, continueAsNew, log, patched, setHandler } from '@temporalio/workflow';
import { assertInput } from '../engine/failures';
import type { Actor } from '../domain';
import type { PatrolStage } from './stages';
import { groundsSourceLabels } from '../domain';
import { patrolStageLabels } from './stages';
import { CaseBase } from '../engine/case';
import { isOpenTrack } from '../engine/schemas';
import { extensionRequestHandlers } from '../common-steps/extension-requests';
import { extendDeadlineHandler, followUpHandler } from '../common-steps/extension';
import { assignHandler } from '../common-steps/assignment';
import type { StepHandlers } from '../engine/steps';
import { registerSteps } from '../engine/steps';
import type { PatrolCaseInput, PatrolFields, PatrolOutcome } from './contract';
import { patrolContract, patrolSteps } from './contract';
import { approvalHandlers } from './handlers/approval';
import { fieldWorkHandlers } from './handlers/field-work';
import { rectificationHandlers } from './handlers/rectification';
import { studyHandlers } from './handlers/study';
import { patrolTexts as t } from './texts';

/** The handlers of some of the patrol's steps (a stage's file in handlers/ returns its part). */
export type PatrolHandlers<K extends keyof typeof patrolSteps> = Pick<StepHandlers<typeof patrolSteps>, K>;

export class PatrolCase extends CaseBase<PatrolStage, PatrolFields> {
  private readonly sources: string;
  /** Art. 13: the units the group may not come from (absent in cases started before the registry decided it). */
  get recusal(): readonly string[] | undefined {
    return this.input.recusal;
  }
  /** The grounds' sources in words (`群众举报、…`), for the texts of notices. */
  get sourcesText(): string {
    return this.sources;
  }

  constructor(private readonly input: PatrolCaseInput) {
    // Art. 12: the leading group proposes; what the office starts is its draft. (Patrols the office started before this
    // rule replay as they ran.)
    const drafted = !input.resume && input.proposedBy.role === 'office' && patched('office-drafts-patrol-proposal');
    super({
      kind: 'patrol',
      unit: input.targetUnit,
      initialStage: drafted ? 'drafted' : 'awaiting-approval',
      stageLabels: patrolStageLabels,
      initialAwaiting: drafted
        ? [{ role: 'leading-group', step: 'submitProposal', label: t.awaiting.proposal }]
        : [{ role: 'committee', step: 'decideApproval', label: t.awaiting.approval }],
      fields: {
        grounds: input.grounds,
        ...(input.citedReports?.length ? { citedReports: input.citedReports } : {}),
        ...(input.crossPatrol ? { crossPatrol: input.crossPatrol } : {}),
        findings: [],
        suggestions: [],
        requests: [],
        transfers: [],
      },
      groupWord: '巡查组',
      resume: input.resume,
    });
    this.sources = input.grounds.sources.map((s) => groundsSourceLabels[s]).join('、');
  }

  /** Art. 12: the leading group's proposal goes to the committee. */
  propose(): void {
    if (this.keeper.stage === 'drafted') {
      this.keeper.note('grounds', 'drafted', t.drafted(this.unit, this.sources), {
        by: this.input.proposedBy,
        note: this.input.grounds.summary,
      });
      this.notifier.send('proposal-drafted', {
        to: { role: 'leading-group' },
        ...t.draftNotice(this.unit, this.sources),
      });
      return;
    }
    this.submitted(this.input.proposedBy);
  }

  /** The proposal goes to the committee (Art. 12). */
  submitted(by: Actor, note?: string): void {
    this.keeper.note('grounds', 'proposed', t.proposed(this.unit, this.sources), {
      by,
      note: note ?? this.c.grounds.summary,
    });
    this.notifier.send('approval-requested', {
      to: { role: 'committee' },
      ...t.approvalRequest(this.unit, this.sources),
    });
  }

  /** One handler per step of the contract, grouped by stage in handlers/ (the compiler refuses a step left out). */
  handlers(): StepHandlers<typeof patrolSteps> {
    const { deadlines } = this;
    return {
      ...approvalHandlers(this),
      ...fieldWorkHandlers(this),
      ...studyHandlers(this),
      ...rectificationHandlers(this),

      // Any open deadline: the leading group moves it later, with a reason; the office only its own working deadlines.
      extendDeadline: extendDeadlineHandler(deadlines, () => this.limits),
      // Art. 11, 16 (2): the unit asks to extend a term the measures fix; the leading group decides (延期申请).
      ...extensionRequestHandlers(this),
      assignItem: assignHandler(deadlines),
      followUpDeadline: followUpHandler(deadlines),

      // Art. 15: files of the work plan and the written report, stored by the API; the record keeps their hashes.
      attachFiles: this.attachFiles(),

      // Internal comments, each seen by its audience; the API stored the text first.
      addComment: this.comment(),
      // A notice no channel delivered: the office says what it did (催办未送达).
      handleUndelivered: this.undelivered(),
    };
  }

  /**
   * The patrol closes when everything is done: rectification reported to the committee, every suggestion answered
   * and every transfer acknowledged. The committee receives the final report.
   */
  settle(): void {
    const done = this.c.summaryToCommittee !== undefined && !this.keeper.deadlines.some(isOpenTrack);
    if (this.closed || !done) return;
    const draft = () => t.finalReport(this.unit, this.c);
    if (!this.signOff.ready('final-report', draft)) return;
    this.keeper.note('closing', 'closed', t.closed);
    this.keeper.moveTo('closed', [], { closed: true });
    this.notifier.send('final-report', { to: { role: 'committee' }, ...this.signOff.letter('final-report', draft) });
  }
}

/**
 * @example
 * await client.workflow.start<typeof patrolCase>('patrolCase', {
 *   workflowId: ids.case('patrol', 2026, 'taiyuan', 1), taskQueue: 'supervision-patrol',
 *   args: [{ targetUnit, grounds: { sources: ['public-report'], summary: '…' }, proposedBy }],
 * });
 */
export async function patrolCase(input: PatrolCaseInput): Promise<PatrolOutcome> {
  assertInput(input);
  const patrol = new PatrolCase(input);
  registerSteps(patrolSteps, patrol.handlers(), patrol.host());
  patrol.acceptCitations();
  patrol.acceptResultUses();
  setHandler(patrolContract.recordQuery, () => patrol.record());

  await patrol.begin(() => patrol.propose());
  await condition(() => patrol.closed || patrol.historyFull());
  if (!patrol.closed) {
    // Near the history's limits: the same patrol goes on in a new run, with its whole record.
    await patrol.readyToContinue();
    return continueAsNew<typeof patrolCase>({ ...input, resume: patrol.carry() });
  }
  log.info('Patrol closed', { caseId: patrol.keeper.caseId, stage: patrol.keeper.stage });
  await patrol.finish();
  return { caseId: patrol.keeper.caseId, stage: patrol.keeper.stage };
}
