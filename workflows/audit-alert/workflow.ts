/**
 * One audit alert (审计预警, issue 33 item 4) as one workflow, started by the watcher (watch.ts): raised with what the
 * watcher counted, it asks the office to check the person's entries in the audit trail by a deadline (the deadline's
 * notice is the office's notice of the alert), and closes when the office records what it found (已核查).
 */
import { condition, continueAsNew, setHandler } from '@temporalio/workflow';
import type { CaseState } from '../engine/case';
import { CaseBase } from '../engine/case';
import { applicationFailureOf, assertInput } from '../engine/failures';
import type { StepHandlers } from '../engine/steps';
import { registerSteps } from '../engine/steps';
import { required } from '../engine/texts';
import type { AlertStage, AuditAlertFields, AuditAlertInput } from './contract';
import { alertStageLabels, auditAlertContract, auditAlertSteps } from './contract';
import { alertTexts as t, subjectOf } from './texts';

export class AuditAlert extends CaseBase<AlertStage, AuditAlertFields> {
  /** Whether the check's deadline is set (or known not to be computable): the step waits for it. */
  armed = false;

  constructor(input: AuditAlertInput & { resume?: CaseState<AlertStage, AuditAlertFields> }) {
    const { resume, ...alert } = input;
    super({
      kind: 'audit-alert',
      unit: subjectOf(alert),
      initialStage: 'raised',
      stageLabels: alertStageLabels,
      initialAwaiting: [],
      fields: { alert },
      groupWord: '组',
      resume,
    });
  }

  /**
   * The office checks by the policy's deadline (the end of the next calendar day by default); the deadline's notice
   * tells it of the alert. A deadline that cannot be computed never loses the alert: the office is asked without a date.
   */
  async arm(): Promise<void> {
    const a = this.c.alert;
    const detail = `${t.raised(a)}。${t.detail(a)}`;
    try {
      this.deadlines.start(
        {
          key: 'check',
          kind: 'audit-alert-check',
          label: t.checkLabel,
          party: { role: 'office' },
          section: 'check',
          step: 'checkAuditAlert',
          detail,
        },
        await this.deadlines.compute('audit-alert-check', t.checkLabel),
      );
    } catch (err) {
      const problem = applicationFailureOf(err)?.message ?? String(err);
      this.keeper.note('check', 'check-deadline-unknown', t.noDeadline(problem));
      this.keeper.moveTo('raised', [{ role: 'office', step: 'checkAuditAlert', label: t.checkLabel }]);
      this.notifier.send('check:issued', {
        to: { role: 'office' },
        subject: `【${t.checkLabel}】${this.keeper.title}`,
        body: detail,
      });
    } finally {
      this.armed = true;
    }
  }

  /** Nothing happens by itself: the office closes it. */
  settle(): void {}

  handlers(): StepHandlers<typeof auditAlertSteps> {
    const { keeper, deadlines, c } = this;
    return {
      checkAuditAlert: {
        check: (d) => required(d.note, t.checkLabel),
        apply: (d, by) => {
          const track = deadlines.get('check') ? deadlines.submit('check', by) : undefined;
          c.check = { note: d.note, at: this.now(), by, late: track?.late ?? false };
          keeper.note('check', 'audit-alert-checked', t.checked, { by, note: d.note });
          keeper.moveTo('checked', [], { closed: true });
        },
      },
      handleUndelivered: this.undelivered(),
    };
  }
}

/**
 * @example
 * await startChild(auditAlert, { workflowId: 'audit-alert-2026-office-3f9a0c1d', args: [alert] });
 */
export async function auditAlert(
  input: AuditAlertInput & { resume?: CaseState<AlertStage, AuditAlertFields> },
): Promise<{ alertId: string; stage: AlertStage }> {
  assertInput(input);
  const alert = new AuditAlert(input);
  const host = alert.host();
  registerSteps(auditAlertSteps, alert.handlers(), { ...host, ready: () => host.ready!() && alert.armed });
  setHandler(auditAlertContract.recordQuery, () => alert.record());

  await alert.begin(() => alert.keeper.note('alert', 'audit-alert-raised', t.raised(alert.c.alert)));
  if (input.resume) alert.armed = true;
  else await alert.arm();
  await condition(() => alert.closed || alert.historyFull());
  if (!alert.closed) {
    await alert.readyToContinue();
    return continueAsNew<typeof auditAlert>({ ...input, resume: alert.carry() });
  }
  await alert.finish();
  return { alertId: alert.keeper.caseId, stage: alert.keeper.stage };
}
