/**
 * The year's patrol rectification report (Art. 16 (3)): drafted from the case store, signed by the leading group
 * (the report's one step, contract.ts `yearlyReportSteps`), sent to the committee, and the aggregate of what the
 * leading group made public published on the bulletin when it so decides. One workflow per year
 * (`patrol-rectification-report-2026`); its state is in the case store.
 */
import {
  ApplicationFailure,
  condition,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import type { Actor } from '../domain';
import { CaseStage } from '../search-attributes';
import { assertInput } from '../engine/failures';
import { Notifier } from '../engine/notifier';
import type { StepHandlers, StepHost } from '../engine/steps';
import { flatCall, registerSteps } from '../engine/steps';
import { storedSignature } from '../common-steps/signoff';
import type { YearlyReport, YearlyReportInput, YearlyReportStatus } from './contract';
import { redraftYearlyReportUpdate, yearlyReportQuery, yearlyReportStatusLabels, yearlyReportSteps } from './contract';

const { writePatrolRectificationReport, writeNationalReport, publishRectification } = proxyActivities<
  ReturnType<typeof createActivities>
>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});
// Its state in the case store: a local activity, retried while the store is down.
const { saveYearlyReport } = proxyLocalActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

type Written = Awaited<ReturnType<ReturnType<typeof createActivities>['writePatrolRectificationReport']>> & {
  covers?: YearlyReport['covers'];
};

/** The system drafts the report from the case store (the text is stored; history keeps its hash). */
function write(input: { year: number; subject?: 'national' | undefined }, again = false): Promise<Written> {
  const at = new Date().toISOString();
  const reportId = workflowInfo().workflowId;
  return input.subject === 'national'
    ? writeNationalReport.executeWithOptions(
        { summary: again ? '重新起草年度督查工作情况报告' : '起草年度督查工作情况报告' },
        [{ year: input.year, reportId, at }],
      )
    : writePatrolRectificationReport.executeWithOptions(
        { summary: again ? '重新起草年度巡查整改情况报告' : '起草年度巡查整改情况报告' },
        [{ year: input.year, reportId, at }],
      );
}

export class YearlyRectificationReport {
  readonly state: YearlyReport;
  private readonly notifier: Notifier;
  /** Grows with every change of the report (a step's answer says it). */
  private revision = 0;
  /** A redraft is being written (a signature waits for it). */
  private redrafting = false;

  private constructor(
    input: YearlyReportInput,
    private written: Written,
  ) {
    this.state = {
      reportId: workflowInfo().workflowId,
      year: input.year,
      ...(input.subject ? { subject: input.subject } : {}),
      ...(written.covers ? { covers: written.covers } : {}),
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
    return new YearlyRectificationReport(input, await write(input));
  }

  /**
   * Issue 34: drafted again from the case store as it stands, until signed (the `redraft` Update). The new draft
   * replaces the old one in the store; the leading group is asked again. Registered with the query: a new Update only,
   * so running reports replay as they ran.
   */
  acceptRedraft(): void {
    setHandler(
      redraftYearlyReportUpdate,
      async ({ by }: { by: Actor }): Promise<YearlyReport> => {
        this.redrafting = true;
        try {
          const written = await write(this.state, true);
          const { state } = this;
          this.written = written;
          Object.assign(state, {
            title: written.title,
            url: written.url,
            draftedBy: by,
            at: new Date().toISOString(),
            draftSha256: written.sha256,
            patrols: written.patrols,
            publishable: written.publishable,
            ...(written.covers ? { covers: written.covers } : {}),
            redrafts: (state.redrafts ?? 0) + 1,
          });
          this.revision++;
          this.notifier.send(`draft-${state.redrafts}`, {
            to: { role: 'leading-group' },
            subject: `【待审签】${written.title}（重新起草）`,
            body: `${written.title}代拟稿已按最新督查巡查情况重新起草，请审核修改后签发（通知附有链接）。`,
          });
          await this.save();
          return this.view();
        } finally {
          this.redrafting = false;
        }
      },
      {
        validator: (_call: { by: Actor }) => {
          if (this.state.signed)
            throw ApplicationFailure.create({ type: 'ReportSigned', message: '该报告已签发，不能重新起草' });
          if (this.redrafting)
            throw ApplicationFailure.create({ type: 'ReportRedrafting', message: '报告正在重新起草' });
        },
      },
    );
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
        conflict: () =>
          this.state.signed ? '该报告已签发' : this.redrafting ? '报告正在重新起草，请稍后签发' : undefined,
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
      body: `${this.written.title}代拟稿已生成，请审核修改后签发（通知附有链接）。`,
    });
    await this.save();
    await condition(() => this.state.signed !== undefined);
  }

  /** Signed: the report goes to the committee, and the public aggregate on the bulletin if the leading group so decided. */
  async send(): Promise<void> {
    const { state, written } = this;
    // The national report is filed by the office (it reaches the national leading group outside this system).
    this.notifier.send(
      'report',
      state.subject === 'national'
        ? {
            to: { role: 'office' },
            subject: `【报国务院扶贫开发领导小组】${written.title}`,
            body: `${written.title}已经省脱贫攻坚领导小组审签，请报送国务院扶贫开发领导小组（通知附有链接）。`,
          }
        : {
            to: { role: 'committee' },
            subject: `【报告】${written.title}`,
            body: `${written.title}已经省脱贫攻坚领导小组审签，请阅（通知附有链接）。`,
          },
    );
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
  report.acceptRedraft();
  registerSteps(yearlyReportSteps, report.handlers(), report.host());
  await report.awaitSignature();
  await report.send();
  return report.state;
}
