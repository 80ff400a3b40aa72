/**
 * One use of results (结果运用, issue 36 item 2; docs/result-uses.md) as one workflow. 通报批评: the circular goes to every
 * unit it names, each may read it, and it ends. 约谈: the unit is summoned, the office records the talk, the record goes
 * to the unit, and it ends. 挂牌督办: the unit is given its term on the deadline engine (reminders, red light, 督办), may
 * report progress, and the leading group's 摘牌 closes the term and ends it. The case or problem it rests on is left as
 * it is: the record keeps its id.
 */
import {
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import { CaseBase } from '../engine/case';
import { assertInput } from '../engine/failures';
import { isOpenTrack } from '../engine/schemas';
import type { StepHandlers } from '../engine/steps';
import { registerSteps } from '../engine/steps';
import { required } from '../engine/texts';
import type { ResultUseFieldValues, ResultUseInput, ResultUseStage } from './contract';
import { firstStageOf, resultUseContract, resultUseStageLabels, resultUseSteps } from './contract';
import { recordProblem } from './rules';
import { resultUseTexts as t } from './texts';
import { resultUseNotedSignal } from '../common-steps/result-use-notes';

const { circulationUnits } = proxyLocalActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3, nonRetryableErrorTypes: ['UnknownUnit'] },
});

const termKey = 'listing-term';

export class ResultUse extends CaseBase<ResultUseStage, ResultUseFieldValues> {
  /** What the decision issues first is issued (its circular, notice or term): steps wait for it. */
  armed = false;

  constructor(readonly input: ResultUseInput) {
    super({
      kind: 'result-use',
      unit: input.unit,
      initialStage: firstStageOf[input.type],
      stageLabels: resultUseStageLabels,
      initialAwaiting: [],
      fields: {
        type: input.type,
        year: input.year,
        subject: input.subject,
        decision: { reason: input.reason, at: new Date().toISOString(), by: input.by },
        ...(input.circular ? { circular: { ...input.circular, units: [] } } : {}),
        ...(input.interview ? { interview: input.interview } : {}),
        ...(input.listing ? { listing: input.listing, listingProgress: [] } : {}),
      },
      groupWord: '组',
      resume: input.resume,
    });
    this.keeper.ownTitle = t.title(input.unit, input.type);
  }

  /** The decision is recorded; the unit concerned sees it from now on. */
  open(): void {
    const { input } = this;
    this.keeper.note('decision', 'result-use-decided', t.decided(input.unit, input.type, input.subject.description), {
      by: input.by,
    });
    this.keeper.grant(this.unitParty());
  }

  /** What the decision issues: the circular, the summons, or the listing's term. */
  async issue(): Promise<void> {
    await this.tellSubjects();
    if (this.input.type === 'criticism') return this.circulate();
    if (this.input.type === 'interview') return this.summon();
    return this.list();
  }

  /**
   * The case and the problem it rests on record the decision in their own history (the overseers see it there); one
   * that has ended is not told, and the decision says so.
   */
  private async tellSubjects(): Promise<void> {
    const { caseId, problemId } = this.input.subject;
    const note = { resultUseId: this.keeper.caseId, type: this.input.type, unit: this.unit, by: this.input.by };
    for (const id of [caseId, problemId].filter((x): x is string => Boolean(x))) {
      try {
        await getExternalWorkflowHandle(id).signal(resultUseNotedSignal, note);
      } catch {
        this.keeper.note('decision', 'subject-ended', t.subjectEnded, { by: this.input.by });
      }
    }
  }

  /** 通报批评: every unit circulated to (the registry as it stands now) may read the circular and is told of it. */
  private async circulate(): Promise<void> {
    const c = this.c.circular!;
    const codes = c.circulateTo === 'all' ? undefined : [...new Set([this.unit.code, ...c.circulateTo])];
    const { units } = await circulationUnits.executeWithOptions(
      { summary: `通报范围：${codes ? `${codes.length}个单位` : '单位名录中的全部单位'}` },
      [codes ? { codes } : {}],
    );
    // The unit concerned first, then the others as the registry lists them.
    c.units = [...units.filter((u) => u.code === this.unit.code), ...units.filter((u) => u.code !== this.unit.code)];
    c.circulatedAt = this.now();
    for (const u of c.units) {
      const party = { role: 'unit' as const, unit: u.code };
      this.keeper.grant(party);
      this.notifier.send(`circular:${u.code}`, {
        to: party,
        ...t.circularNotice(this.keeper.title, this.unit, u.code === this.unit.code),
      });
    }
    this.keeper.note('circular', 'circulated', t.circulated(c.units.length), { by: this.input.by });
    this.keeper.moveTo('circulated', [], { closed: true });
  }

  /** 约谈: the notice goes to the unit; the office records the talk. */
  private summon(): void {
    const i = this.c.interview!;
    this.keeper.note('interview', 'interview-summoned', t.summoned(i.scheduledAt), { by: this.input.by });
    this.notifier.send('interview-notice', {
      to: this.unitParty(),
      ...t.interviewNotice(this.keeper.title, this.unit, i.scheduledAt, i.place, i.leaders),
    });
    this.keeper.moveTo('summoned', [{ role: 'office', step: 'recordInterview', label: t.awaiting.record }]);
  }

  /** 挂牌督办: the term (the leading group's date, or the policy's `listing-term`) is the unit's, until 摘牌. */
  private async list(): Promise<void> {
    const l = this.c.listing!;
    const computed = l.dueDate
      ? { deadline: await this.deadlines.dateDeadline(l.dueDate), issuedAt: this.now(), rule: '领导小组确定的期限' }
      : await this.deadlines.compute('listing-term', t.termLabel);
    this.keeper.note('listing', 'listed', t.listed, { by: this.input.by });
    this.deadlines.start(
      {
        key: termKey,
        kind: 'listing-term',
        label: t.termLabel,
        party: this.unitParty(),
        section: 'listing',
        step: 'reportListingProgress',
        detail: t.termDetail(l.requirement, l.responsibleLeader),
      },
      computed,
    );
    this.keeper.moveTo('listed', []);
  }

  /** Nothing happens by itself after a step. */
  settle(): void {}

  handlers(): StepHandlers<typeof resultUseSteps> {
    const { keeper, c } = this;
    return {
      recordInterview: {
        conflict: () => (c.interviewRecord ? '约谈记录已录入' : undefined),
        check: (d) => recordProblem(d, c.decision.at),
        apply: (d, by) => {
          c.interviewRecord = { ...d, at: this.now(), by };
          keeper.note('interviewRecord', 'interview-recorded', t.recorded(d.attendees.length, d.commitments.length), {
            by,
          });
          this.notifier.send('interview-record', { to: this.unitParty(), ...t.recordNotice(keeper.title) });
          keeper.moveTo('recorded', [], { closed: true });
        },
      },
      reportListingProgress: {
        check: (d) => required(d.text, '整改进展'),
        apply: (d, by) => {
          const progress = (c.listingProgress ??= []);
          progress.push({ text: d.text, at: this.now(), by });
          keeper.note('listingProgress', 'listing-progress', t.progress(progress.length), { by });
          this.notifier.send(`progress-${progress.length}`, {
            to: { role: 'leading-group' },
            ...t.progressNotice(keeper.title, this.unit),
          });
          keeper.sync();
        },
      },
      delist: {
        check: (d) => required(d.reason, '摘牌理由'),
        apply: (d, by) => {
          const term = this.deadlines.get(termKey);
          if (term && isOpenTrack(term)) this.deadlines.close(termKey, t.delisted, by);
          c.delisting = { reason: d.reason, at: this.now(), by };
          keeper.note('delisting', 'delisted', t.delisted, { by, note: d.reason });
          this.notifier.send('delisted', { to: this.unitParty(), ...t.delistedNotice(keeper.title, d.reason) });
          keeper.moveTo('delisted', [], { closed: true });
        },
      },
    };
  }
}

/**
 * @example
 * await client.workflow.start('resultUse', {
 *   workflowId: resultUseId(2026, 1), taskQueue: 'supervision-patrol',
 *   args: [{ type: 'criticism', year: 2026, unit, subject, reason, circular: { text, circulateTo: 'all' }, by }],
 * });
 */
export async function resultUse(input: ResultUseInput): Promise<{ resultUseId: string; stage: ResultUseStage }> {
  assertInput(input);
  const u = new ResultUse(input);
  const host = u.host();
  registerSteps(resultUseSteps, u.handlers(), { ...host, ready: () => host.ready!() && u.armed }, u.accepted);
  setHandler(resultUseContract.recordQuery, () => u.record());

  await u.begin(() => u.open());
  if (!input.resume) await u.issue();
  u.armed = true;
  await condition(() => u.closed || u.historyFull());
  if (!u.closed) {
    // A listing may run for years: the same decision goes on in a new run.
    await u.readyToContinue();
    return continueAsNew<typeof resultUse>({ ...input, resume: u.carry() });
  }
  await u.finish();
  return { resultUseId: u.keeper.caseId, stage: u.keeper.stage };
}
