/**
 * One public report (受理群众举报, Art. 5) as one workflow: received, registered by the office within its deadline,
 * then linked to a case as grounds, proposed as grounds of a patrol or a special supervision, forwarded to the
 * discipline commission (whose acknowledgement is chased), or closed. The steps are declared in contract.ts.
 */
import {
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  patched,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import type { TargetUnit } from '../domain';
import { referralVerdicts } from '../domain';
import { applicationFailureOf, assertInput, failureType, refuse, refusalTypes } from '../engine/failures';
import { CaseBase } from '../engine/case';
import { extendDeadlineHandler, followUpHandler } from '../common-steps/extension';
import { required } from '../engine/texts';
import type { StepHandlers } from '../engine/steps';
import { registerSteps } from '../engine/steps';
import type { PublicReportFields, PublicReportInput, ReportStage } from './contract';
import { forwardRecipient, publicReportContract, publicReportSteps, reportStageLabels } from './contract';
import { publicReportTexts as t } from './texts';
import { reportCitedSignal } from '../common-steps/citations';
import { referralConcludedSignal, referredSignal } from '../referral/contract';

const { resolveRoundUnits } = proxyLocalActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3, nonRetryableErrorTypes: ['UnknownUnit'] },
});

/** A unit of the registry, or the refusal of the step that names an unknown one. */
async function registeredUnit(code: string): Promise<TargetUnit> {
  try {
    const { units } = await resolveRoundUnits.executeWithOptions({ summary: `单位名录：${code}` }, [{ codes: [code] }]);
    const { name, kind } = units[0]!;
    return { code, name, kind };
  } catch (err) {
    if (failureType(err) === 'UnknownUnit') {
      throw refuse(refusalTypes.invalid, `单位名录中没有代码为“${code}”的单位，请从名录中选择`);
    }
    throw err;
  }
}

export class PublicReport extends CaseBase<ReportStage, PublicReportFields> {
  /** Whether the registration deadline is set (or known not to be computable): steps wait for it. */
  armed = false;

  constructor(private readonly input: PublicReportInput) {
    super({
      kind: 'public-report',
      unit: input.targetUnit,
      initialStage: 'received',
      stageLabels: reportStageLabels,
      initialAwaiting: [],
      fields: {
        year: input.year,
        received: {
          at: input.receivedAt,
          on: input.receivedOn,
          account: input.account,
          attachments: input.attachments,
          identified: input.identified,
          unitNamed: input.targetUnit.code !== 'unnamed',
          possibleDuplicates: input.possibleDuplicates,
        },
        reply: { status: 'received', at: input.receivedAt },
      },
      groupWord: '组',
      resume: input.resume,
    });
  }

  receive(): void {
    this.keeper.note('received', 'report-received', t.received(this.unit, this.c.received.unitNamed));
  }

  /**
   * The office registers within the policy's deadline (5 working days by default). A deadline that cannot be computed
   * (a year whose holiday schedule nobody has loaded) never loses the report: the office is asked to register it
   * without a date, and told why.
   */
  async armRegistration(): Promise<void> {
    const open = {
      key: 'registration',
      kind: 'public-report-registration' as const,
      label: t.registration,
      party: { role: 'office' as const },
      section: 'registration',
      step: 'registerReport',
      detail: t.registrationDetail,
    };
    try {
      this.deadlines.start(open, await this.deadlines.compute('public-report-registration', t.registration));
    } catch (err) {
      const problem = applicationFailureOf(err)?.message ?? String(err);
      this.keeper.note('registration', 'registration-deadline-unknown', t.noDeadline(problem));
      this.keeper.moveTo('received', [{ role: 'office', step: 'registerReport', label: t.awaiting.registration }]);
      this.notifier.send('registration', {
        to: { role: 'office' },
        subject: `【待登记】${this.keeper.title}`,
        body: `${t.noDeadline(problem)}。${t.registrationDetail}`,
      });
    } finally {
      this.armed = true;
    }
  }

  private reply(status: PublicReportFields['reply']['status'], text?: string): void {
    this.c.reply = { status, at: this.now(), ...(text?.trim() ? { text } : {}) };
  }

  handlers(): StepHandlers<typeof publicReportSteps> {
    const { keeper, deadlines, c } = this;
    return {
      registerReport: {
        check: (d) =>
          required(d.summary, '登记摘要') ??
          (!d.targetUnit && !c.received.unitNamed
            ? '举报人未写明登记在册的单位，登记时须从单位名录中选择被反映单位'
            : undefined),
        apply: async (d, by) => {
          // The unit from the registry as it stands now (an activity: the registry is data that changes); an unknown
          // code refuses the step, which then changes nothing.
          if (d.targetUnit) keeper.retarget(await registeredUnit(d.targetUnit));
          const track = deadlines.get('registration') ? deadlines.submit('registration', by) : undefined;
          c.registration = { summary: d.summary, at: this.now(), by, late: track?.late ?? false };
          keeper.note('registration', 'report-registered', t.registered(keeper.targetUnit), { by });
          this.reply('registered');
          keeper.moveTo('registered', [{ role: 'office', step: 'decideReport', label: t.awaiting.decision }]);
        },
      },

      decideReport: {
        check: (d) =>
          required(d.reason, '理由') ??
          (d.action === 'link' && !d.caseId ? '作为已有督查或巡查的依据时，须写明其编号（caseId）' : undefined) ??
          (d.action !== 'link' && d.caseId ? '只有作为已有督查或巡查的依据时才写明编号（caseId）' : undefined),
        apply: async (d, by) => {
          const decision = { action: d.action, reason: d.reason, at: this.now(), by };
          if (d.action === 'link') {
            // The case is told first: a case that does not exist or has closed refuses the decision, which changes nothing.
            const citation = {
              reportId: keeper.caseId,
              receivedOn: c.received.on,
              summary: c.registration!.summary,
              at: this.now(),
              by,
            };
            try {
              await getExternalWorkflowHandle(d.caseId!).signal(reportCitedSignal, citation);
            } catch {
              throw refuse(refusalTypes.invalid, `没有正在办理的${d.caseId}，不能作为其依据`);
            }
            c.decision = { ...decision, caseId: d.caseId! };
            keeper.note('decision', 'report-linked', t.linked(d.caseId!, keeper.targetUnit), { by, note: d.reason });
            this.reply('accepted', d.reply);
            keeper.moveTo('closed', [], { closed: true });
          } else if (d.action === 'propose-patrol' || d.action === 'propose-supervision') {
            const what = d.action === 'propose-patrol' ? '开展巡查' : '开展专项督查';
            c.decision = decision;
            keeper.note('decision', 'report-proposed', t.proposed(what), { by, note: d.reason });
            this.notifier.send('proposal', {
              to: { role: 'leading-group' },
              ...t.proposal(keeper.targetUnit, what, c.received.on),
            });
            // Nothing is decided yet: the receipt says so until a case resting on it is approved (issue 34).
            this.reply('proposed', d.reply);
            keeper.moveTo('closed', [], { closed: true });
          } else if (d.action === 'forward') {
            const party = { role: 'discipline' as const, unit: forwardRecipient.unit };
            const due = await deadlines.compute('forwarded-report-acknowledgement', t.acknowledgement);
            c.decision = decision;
            c.forwarding = { recipientName: forwardRecipient.name, at: this.now(), by };
            keeper.note('forwarding', 'report-forwarded', t.forwarded(forwardRecipient.name), {
              by,
              note: d.reason,
              party,
            });
            keeper.grant(party);
            this.reply('forwarded', d.reply);
            keeper.moveTo('forwarded', []);
            deadlines.start(
              {
                key: 'acknowledgement',
                kind: 'forwarded-report-acknowledgement',
                label: t.acknowledgement,
                party,
                section: 'forwarding',
                step: 'acknowledgeForwardedReport',
                detail: t.forwardNotice(c.received.on).body,
              },
              due,
            );
          } else {
            c.decision = decision;
            keeper.note('decision', 'report-closed', t.closed, { by, note: d.reason });
            this.reply('closed', d.reply);
            keeper.moveTo('closed', [], { closed: true });
          }
        },
      },

      acknowledgeForwardedReport: {
        allow: (by) => (by.unit !== forwardRecipient.unit ? `这件举报转交的是${forwardRecipient.name}` : undefined),
        conflict: () => (c.forwarding?.acknowledged ? '已签收' : undefined),
        apply: (d, by) => {
          c.forwarding!.acknowledged = { at: this.now(), by, ...(d.note ? { note: d.note } : {}) };
          deadlines.submit('acknowledgement', by);
          keeper.note('forwarding', 'report-acknowledged', t.acknowledged(forwardRecipient.name), { by });
        },
      },

      extendDeadline: extendDeadlineHandler(deadlines, () => this.limits),
      followUpDeadline: followUpHandler(deadlines),
      handleUndelivered: this.undelivered(),
    };
  }

  /**
   * Issue 36 (交办核查): a referral started on the registered report refers it; when the office accepts the unit's
   * reply, the report is verified and closes, its receipt showing the reply the office approved (never the unit's own
   * words). Behind the patch `referrals`.
   */
  acceptReferrals(): void {
    setHandler(referredSignal, (d) => {
      if (!patched('referrals') || this.closed || this.keeper.stage !== 'registered') return;
      this.c.decision = {
        action: 'refer',
        caseId: d.referralId,
        reason: t.referred(d.unitName),
        at: this.now(),
        by: d.by,
      };
      this.keeper.note('decision', 'report-referred', t.referred(d.unitName), { by: d.by });
      this.reply('referred');
      this.keeper.moveTo('referred', []);
    });
    setHandler(referralConcludedSignal, (d) => {
      if (!patched('referrals') || this.keeper.stage !== 'referred' || this.c.decision?.caseId !== d.referralId) return;
      this.keeper.note('decision', 'report-verified', t.verified(referralVerdicts[d.verdict]), { by: d.by });
      this.reply('verified', d.publicReply);
      this.keeper.moveTo('closed', [], { closed: true });
    });
  }

  /** A forwarded report closes once the discipline commission has acknowledged it. */
  settle(): void {
    if (this.closed || this.keeper.stage !== 'forwarded' || !this.c.forwarding?.acknowledged) return;
    this.keeper.note('closing', 'closed', '已办结');
    this.keeper.moveTo('closed', [], { closed: true });
  }
}

/**
 * @example
 * await client.workflow.start('publicReport', { workflowId: ids.publicReport(sha256(receipt)), taskQueue, args: [input] });
 */
export async function publicReport(input: PublicReportInput): Promise<{ reportId: string; stage: ReportStage }> {
  assertInput(input);
  const report = new PublicReport(input);
  const host = report.host();
  registerSteps(publicReportSteps, report.handlers(), { ...host, ready: () => host.ready!() && report.armed });
  setHandler(publicReportContract.recordQuery, () => report.record());
  report.acceptReferrals();

  await report.begin(() => report.receive());
  if (input.resume) report.armed = true;
  else await report.armRegistration();
  await condition(() => report.closed || report.historyFull());
  if (!report.closed) {
    await report.readyToContinue();
    return continueAsNew<typeof publicReport>({ ...input, resume: report.carry() });
  }
  await report.finish();
  return { reportId: report.keeper.caseId, stage: report.keeper.stage };
}
