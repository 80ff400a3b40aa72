/**
 * One problem of the rectification ledger (问题整改台账, issue 35; docs/ledger.md) as one long-running workflow: the unit
 * works it under its term (立行立改, 限期整改, or a progress report every so many months for 长期坚持), asks for it to be
 * struck off, the supervising body strikes it off (销号) or sends it back, and for `reopenMonths` after 销号 the leading
 * group or a follow-up visit may reopen it (反弹). Then it ends; the case store keeps its record for good.
 */
import { condition, continueAsNew, setHandler } from '@temporalio/workflow';
import type { Deadline } from '../../lib/calendar/deadlines';
import type { Actor, FollowUpVerdict, SubmissionKind } from '../domain';
import { CaseBase } from '../engine/case';
import { assertInput } from '../engine/failures';
import { isOpenTrack } from '../engine/schemas';
import type { StepHandlers } from '../engine/steps';
import { registerSteps } from '../engine/steps';
import { chineseDate, localToday, required } from '../engine/texts';
import type { ProblemFieldValues, ProblemInput, ProblemStage } from './contract';
import { problemContract, problemReboundSignal, problemStageLabels, problemSteps } from './contract';
import { figuresText, problemTexts as t } from './texts';
import { addFigures, addMonths } from './rules';

/** How long a struck-off problem may be reopened, unless its start says otherwise. */
export const defaultReopenMonths = 12;
/** 佐证材料 one problem keeps at most. */
const maxEvidence = 200;

/** A term or a progress period computed, not yet started (a deadline that cannot be computed changes nothing). */
interface NextTerm {
  key: string;
  kind: SubmissionKind;
  label: string;
  step: 'requestStrikeOff' | 'reportProblemProgress';
  computed: { deadline: Deadline; issuedAt: string; rule: string };
}

export class RectificationProblem extends CaseBase<ProblemStage, ProblemFieldValues> {
  /** Its first term is set: steps wait for it. */
  armed = false;
  /** A reopening is computing its new term (a step and a follow-up visit's signal may come at once). */
  reopening = false;

  constructor(readonly input: ProblemInput) {
    super({
      kind: 'problem',
      unit: input.unit,
      initialStage: 'rectifying',
      stageLabels: problemStageLabels,
      initialAwaiting: [],
      fields: {
        source: input.source,
        requirement: input.requirement,
        term: input.term,
        ...(input.city ? { city: input.city } : {}),
        progress: [],
        evidence: [],
        figures: {},
        strikeOffRequests: [],
        reviews: [],
        reopenings: [],
        ...(input.transferredTo?.length ? { transferredTo: input.transferredTo } : {}),
      },
      groupWord: '组',
      resume: input.resume,
    });
    this.keeper.ownTitle = t.title(input.unit, input.source);
  }

  get longTerm(): boolean {
    return this.c.term.kind === 'long-term';
  }

  /**
   * Need to know: the unit sees its problem from the start; a county's city sees it too (it acts on none of it); a
   * discipline body sees the problem of a case that transferred a violation to it.
   */
  open(): void {
    const { input, keeper } = this;
    keeper.note('requirement', 'problem-started', t.started(input.source, input.term.kind), { by: input.by });
    keeper.grant(this.unitParty());
    if (input.city && input.city !== input.unit.code) keeper.grant({ role: 'unit', unit: input.city });
    for (const body of input.transferredTo ?? []) keeper.grant({ role: 'discipline', unit: body });
  }

  /** The first term: the unit is told of the requirement, its term and its date in the term's notice. */
  async firstTerm(): Promise<void> {
    const { term, source, requirement } = this.c;
    const detail = t.requirementDetail(source, requirement, term.kind);
    if (term.kind === 'long-term') return this.startTerm(await this.period(), detail);
    const kind = term.kind === 'immediate' ? 'problem-immediate' : 'problem-dated';
    const label = t.termLabel(term.kind);
    const computed =
      term.kind === 'dated' && term.dueDate
        ? { deadline: await this.deadlines.dateDeadline(term.dueDate), issuedAt: this.now(), rule: t.datedRule }
        : await this.deadlines.compute(kind, label);
    this.startTerm({ key: this.nextKey('term'), kind, label, step: 'requestStrikeOff', computed }, detail);
  }

  /** The next progress period of a 长期坚持 problem (every `everyMonths`, or the policy's `problem-progress`). */
  private async period(): Promise<NextTerm> {
    const months = this.c.term.everyMonths;
    const key = this.nextKey('progress');
    const label = t.periodLabel(Number(key.split('-')[1]));
    const computed = months
      ? {
          deadline: await this.deadlines.dateDeadline(addMonths(localToday(), months)),
          issuedAt: this.now(),
          rule: t.monthsRule(months),
        }
      : await this.deadlines.compute('problem-progress', label);
    return { key, kind: 'problem-progress', label, step: 'reportProblemProgress', computed };
  }

  /** After a send-back or a reopening: a new term (`label`) to ask for 销号 again, or (长期坚持) the next progress period. */
  private async againTerm(label: string): Promise<NextTerm> {
    if (this.longTerm) return this.period();
    const computed = await this.deadlines.compute('rectification-resubmission', label);
    return { key: this.nextKey('term'), kind: 'rectification-resubmission', label, step: 'requestStrikeOff', computed };
  }

  /** Start a computed term: the deadline belongs to the unit, in the problem's `progress` section. */
  private startTerm(next: NextTerm, detail?: string): void {
    const { key, kind, label, step, computed } = next;
    const party = this.unitParty();
    this.deadlines.start(
      { key, kind, label, party, section: 'progress', step, ...(detail ? { detail } : {}) },
      computed,
    );
  }

  private nextKey(prefix: 'term' | 'progress'): string {
    return `${prefix}-${this.keeper.deadlines.filter((d) => d.key.startsWith(`${prefix}-`)).length + 1}`;
  }

  private openTrack(prefix: 'term' | 'progress') {
    return this.keeper.deadlines.find((d) => d.key.startsWith(`${prefix}-`) && isOpenTrack(d));
  }

  /** 反弹: the problem is open again, with a new term, and the unit is told why. */
  async reopen(reason: string, by: Actor, visit?: { followUp: string; verdict: FollowUpVerdict }): Promise<void> {
    this.reopening = true;
    try {
      const next = await this.againTerm(t.reopenedLabel);
      this.c.reopenings.push({ reason, ...(visit ?? {}), at: this.now(), by });
      delete this.c.struckOffAt;
      const summary = visit ? t.reboundFound(visit.verdict) : t.reopened;
      this.keeper.note('reopenings', 'problem-reopened', summary, { by, note: reason });
      this.keeper.moveTo('rectifying', []);
      this.startTerm(next, t.reopenedDetail(reason));
    } finally {
      this.reopening = false;
    }
  }

  /** A follow-up visit's check: it reopens a problem struck off that it found back; otherwise it is recorded. */
  acceptRebound(): void {
    setHandler(problemReboundSignal, async (d) => {
      const back = d.verdict !== 'rectified';
      if (this.keeper.stage === 'struck-off' && back && !this.closed && !this.reopening) {
        await this.reopen(d.reason, d.by, { followUp: d.followUp, verdict: d.verdict });
        return;
      }
      this.keeper.note('reopenings', 'rebound-checked', t.reboundChecked(d.verdict, this.keeper.stage), {
        by: d.by,
        note: d.reason,
      });
      this.keeper.sync();
    });
  }

  /** When a struck-off problem may no longer be reopened (ms). */
  reopenUntil(): number {
    const at = this.c.struckOffAt!;
    const months = this.input.reopenMonths ?? defaultReopenMonths;
    return Date.parse(`${addMonths(at.slice(0, 10), months)}${at.slice(10)}`);
  }

  /** Nothing was found back within the reopening window: the problem ends, struck off for good. */
  end(): void {
    this.keeper.note('reopenings', 'problem-ended', t.ended(this.input.reopenMonths ?? defaultReopenMonths));
    this.keeper.moveTo('struck-off', [], { closed: true });
  }

  /** Nothing happens by itself after a step: the reopening window is watched by the workflow function. */
  settle(): void {}

  handlers(): StepHandlers<typeof problemSteps> {
    const { keeper, c } = this;
    return {
      reportProblemProgress: {
        check: (d) => required(d.what, '整改进展'),
        apply: async (d, by) => {
          // 长期坚持: the report submits the open period and opens the next (computed first: a failure changes nothing).
          const period = this.longTerm ? this.openTrack('progress') : undefined;
          const next = this.longTerm ? await this.period() : undefined;
          const late = period ? (this.deadlines.submit(period.key, by).late ?? false) : false;
          c.progress.push({
            what: d.what,
            ...(d.measures ? { measures: d.measures } : {}),
            ...(d.figures ? { figures: d.figures } : {}),
            late,
            at: this.now(),
            by,
          });
          addFigures(c.figures, d.figures);
          if (d.responsiblePerson?.trim()) {
            c.responsible = { person: d.responsiblePerson, ...(d.responsiblePost ? { post: d.responsiblePost } : {}) };
            keeper.note(
              'responsible',
              'responsible-named',
              t.responsibleNamed(d.responsiblePerson, d.responsiblePost),
              {
                by,
              },
            );
          }
          keeper.note('progress', 'progress-reported', t.progress(figuresText(d.figures)), { by });
          if (next) this.startTerm(next);
          keeper.sync();
        },
      },
      attachProblemEvidence: {
        conflict: (d) =>
          c.evidence.length + d.files.length > maxEvidence ? `每个问题最多保存${maxEvidence}份佐证材料` : undefined,
        apply: (d, by) => {
          const at = this.now();
          for (const f of d.files) c.evidence.push({ ...f, at, by });
          keeper.note('evidence', 'evidence-attached', t.evidence(d.files.length), { by });
          keeper.sync();
        },
      },
      requestStrikeOff: {
        check: (d) => required(d.summary, '整改完成情况') ?? (c.progress.length ? undefined : t.progressFirst),
        apply: (d, by) => {
          // The term is met by the request; a 长期坚持 problem's open period is no longer asked for.
          const term = this.openTrack('term');
          if (term) this.deadlines.submit(term.key, by);
          const period = this.openTrack('progress');
          if (period) this.deadlines.close(period.key, t.strikeOffRequested, by);
          c.strikeOffRequests.push({ summary: d.summary, at: this.now(), by });
          keeper.note('strikeOffRequests', 'strike-off-requested', t.strikeOffRequested, { by });
          keeper.moveTo('awaiting-review', [
            { role: 'leading-group', step: 'reviewStrikeOff', label: t.awaiting.review },
            { role: 'office', step: 'reviewStrikeOff', label: t.awaiting.review },
          ]);
        },
      },
      reviewStrikeOff: {
        check: (d) => required(d.reason, '审核意见'),
        apply: async (d, by) => {
          const next = d.decision === 'send-back' ? await this.againTerm(t.resubmissionLabel) : undefined;
          c.reviews.push({ decision: d.decision, reason: d.reason, at: this.now(), by });
          if (next) {
            keeper.note('reviews', 'strike-off-sent-back', t.sentBack, { by, note: d.reason });
            keeper.moveTo('rectifying', []);
            this.startTerm(next, t.sentBackDetail(d.reason));
            return;
          }
          c.struckOffAt = this.now();
          keeper.note('reviews', 'struck-off', t.struckOff, { by, note: d.reason });
          keeper.moveTo('struck-off', []);
          this.notifier.send(`struck-off-${c.reviews.length}`, {
            to: this.unitParty(),
            ...t.struckOffNotice(keeper.title, d.reason),
          });
        },
      },
      reopenProblem: {
        conflict: () => (this.closed ? t.endedAlready : this.reopening ? t.reopeningAlready : undefined),
        check: (d) => required(d.reason, '反弹情况'),
        apply: (d, by) => this.reopen(d.reason, by),
      },
    };
  }
}

/**
 * @example
 * await client.workflow.start('rectificationProblem', {
 *   workflowId: problemId('patrol-2026-taiyuan-0001', 3), taskQueue: 'supervision-patrol',
 *   args: [{ source, requirement, unit, term: { kind: 'immediate' }, by }],
 * });
 */
export async function rectificationProblem(input: ProblemInput): Promise<{ problemId: string; stage: ProblemStage }> {
  assertInput(input);
  const p = new RectificationProblem(input);
  const host = p.host();
  registerSteps(problemSteps, p.handlers(), { ...host, ready: () => host.ready!() && p.armed }, p.accepted);
  setHandler(problemContract.recordQuery, () => p.record());
  p.acceptRebound();
  p.acceptResultUses();

  await p.begin(() => p.open());
  if (!input.resume) await p.firstTerm();
  p.armed = true;
  while (!p.closed) {
    if (p.historyFull()) {
      // Near the history's limits (a 长期坚持 problem reports for years): the same problem goes on in a new run.
      await p.readyToContinue();
      return continueAsNew<typeof rectificationProblem>({ ...input, resume: p.carry() });
    }
    if (p.keeper.stage !== 'struck-off') {
      await condition(() => p.keeper.stage === 'struck-off' || p.historyFull());
      continue;
    }
    // 销号: it may be reopened until the window ends (a durable timer), then it ends struck off.
    const until = p.reopenUntil();
    const left = until - Date.now();
    const summary = `销号后可重新打开至${chineseDate(new Date(until + 8 * 3600_000).toISOString())}`;
    const moved =
      left > 0 && (await condition(() => p.keeper.stage !== 'struck-off' || p.historyFull(), left, { summary }));
    if (moved) continue;
    await condition(() => !p.reopening);
    if (p.keeper.stage === 'struck-off' && !p.historyFull()) p.end();
  }
  await p.finish();
  return { problemId: p.keeper.caseId, stage: p.keeper.stage };
}
