/**
 * One referral for verification (交办核查, issue 36 item 1; docs/referrals.md) as one workflow: the unit is sent the
 * 交办函 (the reply deadline's notice, on the deadline engine with its reminders, lights and escalation), signs for it,
 * verifies and replies; the office accepts the reply or sends it back with a new term. On acceptance the true part may
 * enter the rectification ledger (problems with source `referral`) or be proposed to the leading group as grounds of a
 * patrol, and a public report it rests on is told the verified outcome in the words the office approved.
 */
import { condition, continueAsNew, getExternalWorkflowHandle, setHandler } from '@temporalio/workflow';
import type { Deadline } from '../../lib/calendar/deadlines';
import type { SubmissionKind } from '../domain';
import { CaseBase } from '../engine/case';
import { assertInput } from '../engine/failures';
import { isOpenTrack } from '../engine/schemas';
import type { StepHandlers } from '../engine/steps';
import { registerSteps } from '../engine/steps';
import { required } from '../engine/texts';
import { startProblems } from '../common-steps/problem-ledger';
import { termsProblem } from '../common-steps/problem-terms';
import type { ReferralFieldValues, ReferralInput, ReferralStage } from './contract';
import {
  referralConcludedSignal,
  referralContract,
  referralStageLabels,
  referralSteps,
  referredSignal,
} from './contract';
import { referralTexts as t } from './texts';

/** 佐证材料 one referral keeps at most. */
const maxEvidence = 100;

/** A term computed, not yet started (a deadline that cannot be computed changes nothing). */
type Computed = { deadline: Deadline; issuedAt: string; rule: string };

export class ReferralCase extends CaseBase<ReferralStage, ReferralFieldValues> {
  /** Its first term is set: steps wait for it. */
  armed = false;

  constructor(readonly input: ReferralInput) {
    super({
      kind: 'referral',
      unit: input.unit,
      initialStage: 'verifying',
      stageLabels: referralStageLabels,
      initialAwaiting: [],
      fields: {
        year: input.year,
        serial: input.serial,
        source: input.source,
        matter: input.matter,
        signatures: [],
        replies: [],
        evidence: [],
        reviews: [],
      },
      groupWord: '组',
      resume: input.resume,
    });
    this.keeper.ownTitle = t.title(input.year, input.serial, input.unit);
  }

  /** The unit sees the referral from the start; where it came from is the overseers' section. */
  open(): void {
    const { input, keeper } = this;
    keeper.note('matter', 'referral-started', t.started(input.unit), { by: input.by });
    keeper.note('source', 'referral-source', t.source(input.source.kind), { by: input.by });
    keeper.grant(this.unitParty());
  }

  /** A public report it rests on is referred (its receipt says so); one that has moved on is noted for the office. */
  async tellReport(): Promise<void> {
    const reportId = this.c.source.kind === 'public-report' ? this.c.source.publicReportId : undefined;
    if (!reportId) return;
    const told = { referralId: this.keeper.caseId, unitName: this.unit.name, by: this.input.by };
    try {
      await getExternalWorkflowHandle(reportId).signal(referredSignal, told);
      this.keeper.note('source', 'report-referred', t.reportReferred, { by: this.input.by });
    } catch {
      this.keeper.note('source', 'report-not-told', t.reportNotTold);
    }
  }

  /** The 交办函: the unit is told what to verify and by when, in the reply deadline's notice. */
  async firstTerm(): Promise<void> {
    const { dueDate, matter } = this.input;
    const computed = dueDate
      ? { deadline: await this.deadlines.dateDeadline(dueDate), issuedAt: this.now(), rule: t.datedRule }
      : await this.deadlines.compute('referral-reply', t.replyLabel);
    this.startTerm('referral-reply', t.replyLabel, computed, t.matterDetail(this.unit, matter));
  }

  private startTerm(kind: SubmissionKind, label: string, computed: Computed, detail: string): void {
    const key = `reply-${this.keeper.deadlines.filter((d) => d.key.startsWith('reply-')).length + 1}`;
    const party = this.unitParty();
    this.deadlines.start({ key, kind, label, party, section: 'replies', step: 'replyReferral', detail }, computed);
  }

  private openTrack() {
    return this.keeper.deadlines.find((d) => d.key.startsWith('reply-') && isOpenTrack(d));
  }

  /** Nothing happens by itself after a step. */
  settle(): void {}

  handlers(): StepHandlers<typeof referralSteps> {
    const { keeper, c } = this;
    return {
      signReferral: {
        conflict: () => {
          const handler = this.openTrack()?.handler;
          return handler ? t.signedAlready(handler.name) : undefined;
        },
        apply: (d, by) => {
          const handler = d.handler?.trim() || (by.name ?? by.id).replace(/^.*\s/, '');
          c.signatures.push({ handler, at: this.now(), by });
          const track = this.openTrack();
          if (track) this.deadlines.assign(track.key, handler, by, undefined, d.handler?.trim() ? undefined : by.id);
          else keeper.note('signatures', 'referral-signed', t.signed(handler), { by });
          keeper.sync();
        },
      },
      attachReferralEvidence: {
        conflict: (d) => (c.evidence.length + d.files.length > maxEvidence ? t.maxEvidence(maxEvidence) : undefined),
        apply: (d, by) => {
          const at = this.now();
          for (const f of d.files) c.evidence.push({ ...f, at, by });
          keeper.note('evidence', 'evidence-attached', t.evidence(d.files.length), { by });
          keeper.sync();
        },
      },
      replyReferral: {
        conflict: () => (c.signatures.length ? undefined : t.signFirst),
        check: (d) => required(d.findings, '核查情况') ?? required(d.actions, '处理情况'),
        apply: (d, by) => {
          const track = this.openTrack();
          // A reply after the date is received and recorded as late (the engine marks it and tells the office).
          const late = track ? (this.deadlines.submit(track.key, by).late ?? false) : false;
          c.replies.push({ verdict: d.verdict, findings: d.findings, actions: d.actions, late, at: this.now(), by });
          keeper.note('replies', 'referral-replied', t.replied(d.verdict), { by });
          keeper.moveTo('awaiting-review', [{ role: 'office', step: 'reviewReferral', label: t.awaiting.review }]);
        },
      },
      reviewReferral: {
        check: (d) => {
          const fromReport = c.source.kind === 'public-report';
          const verdict = c.replies.at(-1)?.verdict;
          if (d.decision === 'send-back') {
            return (
              required(d.reason, '审核意见') ??
              (d.publicReply || d.problems || d.proposePatrol ? t.onlyOnAccept : undefined)
            );
          }
          const empty = d.problems?.findIndex((p) => !p.requirement.trim()) ?? -1;
          return (
            required(d.reason, '审核意见') ??
            (fromReport && !d.publicReply?.trim() ? t.publicReplyNeeded : undefined) ??
            (!fromReport && d.publicReply ? t.noPublicReply : undefined) ??
            (d.problems?.length && verdict === 'untrue' ? t.untrueNoProblems : undefined) ??
            (empty >= 0 ? t.emptyRequirement(empty + 1) : undefined) ??
            (d.problems?.length
              ? termsProblem(
                  d.problems.map((p, i) => ({ requirement: i + 1, ...p.term })),
                  d.problems.length,
                )
              : undefined)
          );
        },
        apply: async (d, by) => {
          if (d.decision === 'send-back') {
            const computed = await this.deadlines.compute('rectification-resubmission', t.againLabel);
            c.reviews.push({ decision: d.decision, reason: d.reason, at: this.now(), by });
            keeper.note('reviews', 'referral-sent-back', t.sentBack, { by, note: d.reason });
            keeper.moveTo('verifying', []);
            this.startTerm('rectification-resubmission', t.againLabel, computed, t.sentBackDetail(d.reason));
            return;
          }
          const verdict = c.replies.at(-1)!.verdict;
          // The true part into the ledger first: the problems' ids are the referral's and a number, so a retry is safe.
          const problems = d.problems?.length
            ? await startProblems(
                {
                  kind: 'referral',
                  caseId: keeper.caseId,
                  year: c.year,
                  unit: this.unit,
                  requirements: d.problems.map((p) => p.requirement),
                  terms: d.problems.map((p) => p.term),
                  by,
                },
                this,
              )
            : undefined;
          c.reviews.push({ decision: d.decision, reason: d.reason, at: this.now(), by });
          c.conclusion = {
            verdict,
            ...(d.publicReply?.trim() ? { publicReply: d.publicReply } : {}),
            ...(problems ? { problems } : {}),
            ...(d.proposePatrol ? { proposePatrol: true } : {}),
            at: this.now(),
          };
          keeper.note('reviews', 'referral-accepted', t.accepted(verdict), { by, note: d.reason });
          if (problems) keeper.note('conclusion', 'referral-problems-listed', t.listed(problems.length), { by });
          await this.answerReport(verdict, d.publicReply ?? '', by);
          if (d.proposePatrol) {
            keeper.note('conclusion', 'patrol-proposed', t.patrolProposed, { by });
            this.notifier.send('patrol-proposal', {
              to: { role: 'leading-group' },
              ...t.patrolProposal(keeper.title, this.unit, verdict),
            });
          }
          this.notifier.send(`accepted-${c.reviews.length}`, {
            to: this.unitParty(),
            ...t.acceptedNotice(keeper.title, verdict, d.reason, problems?.length ?? 0),
          });
          keeper.moveTo('concluded', [], { closed: true });
        },
      },
    };
  }

  /** The public report it rests on: verified, with the reply the office approved (never the unit's own words). */
  private async answerReport(
    verdict: ReferralFieldValues['replies'][number]['verdict'],
    publicReply: string,
    by: ReferralInput['by'],
  ): Promise<void> {
    const reportId = this.c.source.kind === 'public-report' ? this.c.source.publicReportId : undefined;
    if (!reportId) return;
    try {
      await getExternalWorkflowHandle(reportId).signal(referralConcludedSignal, {
        referralId: this.keeper.caseId,
        verdict,
        publicReply,
        by,
      });
      this.keeper.note('conclusion', 'report-answered', t.reportAnswered, { by });
    } catch {
      this.keeper.note('conclusion', 'report-not-told', t.reportNotTold);
    }
  }
}

/**
 * @example
 * await client.workflow.start('referralCase', {
 *   workflowId: referralId(2026, 7), taskQueue: 'supervision-patrol',
 *   args: [{ year: 2026, serial: 7, source: { kind: 'office' }, unit, matter: '核查……', by }],
 * });
 */
export async function referralCase(input: ReferralInput): Promise<{ referralId: string; stage: ReferralStage }> {
  assertInput(input);
  const r = new ReferralCase(input);
  const host = r.host();
  registerSteps(referralSteps, r.handlers(), { ...host, ready: () => host.ready!() && r.armed }, r.accepted);
  setHandler(referralContract.recordQuery, () => r.record());

  await r.begin(() => r.open());
  if (!input.resume) {
    await r.tellReport();
    await r.firstTerm();
  }
  r.armed = true;
  await condition(() => r.closed || r.historyFull());
  if (!r.closed) {
    await r.readyToContinue();
    return continueAsNew<typeof referralCase>({ ...input, resume: r.carry() });
  }
  await r.finish();
  return { referralId: r.keeper.caseId, stage: r.keeper.stage };
}
