/**
 * The year's patrol rectification report (Art. 16 (3)): drafted from the case store, signed by the leading group
 * (the report's one step, contract.ts `yearlyReportSteps`), sent to the committee, and the aggregate of what the
 * leading group made public published on the bulletin when it so decides. One workflow per year
 * (`patrol-rectification-report-2026`); its state is in the case store.
 */
import {
  condition,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import { CaseStage } from '../search-attributes';
import { assertInput } from '../engine/failures';
import { Notifier } from '../engine/notifier';
import type { StepHandlers, StepHost } from '../engine/steps';
import { flatCall, registerSteps } from '../engine/steps';
import { storedSignature } from '../common-steps/signoff';
import type { YearlyReport, YearlyReportInput, YearlyReportStatus } from './contract';
import { yearlyReportQuery, yearlyReportStatusLabels, yearlyReportSteps } from './contract';

const { writePatrolRectificationReport, publishRectification } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});
// Its state in the case store: a local activity, retried while the store is down.
const { saveYearlyReport } = proxyLocalActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

type Written = Awaited<ReturnType<ReturnType<typeof createActivities>['writePatrolRectificationReport']>>;

export class YearlyRectificationReport {
  readonly state: YearlyReport;
  private readonly notifier: Notifier;
  /** Grows with every change of the report (a step's answer says it). */
  private revision = 0;

  private constructor(
    input: YearlyReportInput,
    private readonly written: Written,
  ) {
    this.state = {
      reportId: workflowInfo().workflowId,
      year: input.year,
      status: 'awaiting-signature',
      title: written.title,
      url: written.url,
      draftedBy: input.draftedBy,
      at: new Date().toISOString(),
      draftSha256: written.sha256,
      patrols: written.patrols,
      publishable: written.publishable,
      notifications: [],
    };
    this.notifier = new Notifier(this.state.notifications, () => undefined);
  }

  /** The system drafts the report from the case store (the text is stored; history keeps its hash). */
  static async draft(input: YearlyReportInput): Promise<YearlyRectificationReport> {
    const written = await writePatrolRectificationReport.executeWithOptions({ summary: '起草年度巡查整改情况报告' }, [
      { year: input.year, reportId: workflowInfo().workflowId, at: new Date().toISOString() },
    ]);
    return new YearlyRectificationReport(input, written);
  }

  /** The report as the `yearlyReport` query and a legacy signature answer give it (a copy). */
  view(): YearlyReport {
    return JSON.parse(JSON.stringify(this.state)) as YearlyReport;
  }

  private save() {
    return saveYearlyReport.executeWithOptions({ summary: '存档' }, [this.state]);
  }

  /** The leading group signs: the stored text signed, and whether the aggregate goes on the bulletin. */
  handlers(): StepHandlers<typeof yearlyReportSteps> {
    return {
      signReport: {
        conflict: () => (this.state.signed ? '该报告已签发' : undefined),
        apply: (d, by) => {
          this.state.signed = { ...storedSignature({ by, ...d }, this.state.draftSha256), publish: d.publish };
          this.revision++;
        },
        // Reports signed before the step was in the table (and the API until it sends the step call): `{ by, …}`,
        // answered with the report.
        legacy: { call: flatCall, answer: () => this.view() },
      },
    };
  }

  /** What the step registration reads of the report (overseers only reach it: the API checks the role). */
  host(): StepHost {
    return {
      stage: () => this.state.status,
      stageLabel: (s) => yearlyReportStatusLabels[s as YearlyReportStatus] ?? s,
      settle: () => undefined,
      ack: () => ({ revision: this.revision, stage: this.state.status, closed: this.state.status === 'sent' }),
    };
  }

  /** The leading group is asked to sign the draft. */
  async awaitSignature(): Promise<void> {
    upsertSearchAttributes([{ key: CaseStage, value: 'awaiting-signature' }]);
    this.notifier.send('draft', {
      to: { role: 'leading-group' },
      subject: `【待审签】${this.written.title}`,
      body: `${this.written.title}（系统起草稿）已生成，请在工作台审核、修改并签发后报送。`,
    });
    await this.save();
    await condition(() => this.state.signed !== undefined);
  }

  /** Signed: the report goes to the committee, and the public aggregate on the bulletin if the leading group so decided. */
  async send(): Promise<void> {
    const { state, written } = this;
    this.notifier.send('report', {
      to: { role: 'committee' },
      subject: `【报告】${written.title}`,
      body: `${written.title}（经省脱贫攻坚领导小组审签）：${written.url}`,
    });
    // Art. 16 (3): what the leading group made public, in aggregate, for public oversight (the activity retries while the
    // bulletin does not answer).
    if (state.signed!.publish && written.publicText) {
      const published = await publishRectification.executeWithOptions({ summary: '公开年度巡查整改情况' }, [
        {
          caseId: state.reportId,
          unitName: '省脱贫攻坚领导小组',
          title: written.publicTitle,
          text: written.publicText,
        },
      ]);
      state.publication = { at: published.publishedAt, url: published.url };
    }
    state.status = 'sent';
    this.revision++;
    upsertSearchAttributes([{ key: CaseStage, value: 'sent' }]);
    await this.notifier.drain();
    await this.save();
  }
}

/**
 * @example
 * await client.workflow.start('patrolRectificationReport', {
 *   workflowId: 'patrol-rectification-report-2026', taskQueue, args: [{ year: 2026, draftedBy }],
 * });
 */
export async function patrolRectificationReport(input: YearlyReportInput): Promise<YearlyReport> {
  assertInput(input);
  const report = await YearlyRectificationReport.draft(input);
  setHandler(yearlyReportQuery, () => report.view());
  registerSteps(yearlyReportSteps, report.handlers(), report.host());
  await report.awaitSignature();
  await report.send();
  return report.state;
}
