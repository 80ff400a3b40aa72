/**
 * The year's patrol rectification report (Art. 16 (3)): drafted by its workflow from the year's patrols, signed by the
 * leading group as drafted or edited, with its decision on the public aggregate, then sent up.
 */
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { CaseStore } from '../../lib/store/case-store';
import type { Actor } from '../../workflows/domain';
import { ids } from '../../workflows/ids';
import type { YearlyReport, YearlyReportInput } from '../../workflows/patrol-rectification-report/contract';
import {
  redraftYearlyReportUpdate,
  signYearlyReportUpdate,
  yearlyReportQuery,
} from '../../workflows/patrol-rectification-report/contract';
import { nationalReportId } from '../../workflows/supervision-round/national';
import { CaseStage } from '../../workflows/search-attributes';
import { HttpRefusal } from '../refusal';
import { signedVersion, signing } from './signing';

/** Which yearly report: the patrols' rectification (Art. 16 (3)) or the report to the national leading group. */
export type Subject = 'national' | undefined;

/** What each yearly report is called where it is named: its workflow, its page, its name in refusals and in Temporal UI. */
const subjects = {
  patrol: {
    id: ids.patrolRectificationReport,
    path: 'patrol-rectification-reports',
    name: (y: number) => `${y}年度巡查整改情况报告`,
    summary: (y: number) => `${y}年度全省脱贫攻坚巡查整改情况报告（报送省委、省政府）`,
  },
  national: {
    id: nationalReportId,
    path: 'national-reports',
    name: (y: number) => `${y}年度督查工作情况报告`,
    summary: (y: number) => `${y}年度脱贫攻坚督查工作情况报告（报送国务院扶贫开发领导小组）`,
  },
};

/** Where a yearly report is read: `/patrol-rectification-reports/2026`, `/national-reports/2026`. */
export const yearlyReportPath = (year: number, subject?: Subject) => `/${subjects[subject ?? 'patrol'].path}/${year}`;

export class YearlyReportService {
  constructor(
    private readonly client: Client,
    private readonly store: CaseStore,
    private readonly o: { taskQueue: string; baseUrl: () => string; stepWaitMs: () => number },
  ) {}

  /**
   * Start drafting the year's report; answers once the draft is there. Drafted already: drafted again while it waits
   * for the signature (issue 34), 409 with `Location` once signed.
   */
  async start(year: number, actor: Actor, subject?: Subject): Promise<YearlyReport & { redrafted?: true }> {
    const of = subjects[subject ?? 'patrol'];
    const workflowId = of.id(year);
    const location = `${this.o.baseUrl()}${yearlyReportPath(year, subject)}`;
    const input: YearlyReportInput = { year, draftedBy: actor, ...(subject ? { subject } : {}) };
    const signedAlready = new HttpRefusal(409, `${of.name(year)}已经签发，不能重新起草`, 'ReportExists', {
      location,
    });
    // Signed, its workflow has ended: it is not started again.
    if (((await this.store.yearlyReport(workflowId)) as YearlyReport | undefined)?.signed) throw signedAlready;
    try {
      await this.client.workflow.start('patrolRectificationReport', {
        workflowId,
        taskQueue: this.o.taskQueue,
        args: [input],
        typedSearchAttributes: [{ key: CaseStage, value: 'drafting' }],
        staticSummary: of.summary(year),
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      const redrafted = await signing(this.client, this.o.stepWaitMs(), () =>
        this.client.workflow.getHandle(workflowId).executeUpdate(redraftYearlyReportUpdate, { args: [{ by: actor }] }),
      ).catch((e: unknown) => {
        throw e instanceof HttpRefusal && e.message.includes('已签发') ? signedAlready : e;
      });
      return { ...redrafted, redrafted: true };
    }
    // The draft is written by an activity: answer once it is there (or the state as it stands then).
    const handle = this.client.workflow.getHandle(workflowId);
    for (let i = 0; ; i++) {
      const state = await handle.query(yearlyReportQuery).catch(() => undefined);
      if (state) return state;
      if (i >= 50) throw new HttpRefusal(503, '报告正在起草，请稍后查看', 'TemporalUnavailable', { location });
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** The leading group signs it, as drafted or edited, and decides on the public aggregate; then it goes up. */
  async sign(
    year: number,
    body: { text?: string | undefined; note?: string | undefined; publish: boolean },
    actor: Actor,
    subject?: Subject,
  ): Promise<YearlyReport> {
    const reportId = subjects[subject ?? 'patrol'].id(year);
    const state = (await this.store.yearlyReport(reportId)) as YearlyReport | undefined;
    if (!state) throw new HttpRefusal(404, '报告尚未起草', 'ReportNotReady');
    if (state.signed) throw new HttpRefusal(409, '该报告已签发', 'ReportSigned');
    const signed = await signedVersion(this.store, {
      owner: reportId,
      kind: 'report',
      title: state.title,
      draftSha256: state.draftSha256,
      text: body.text,
    });
    return signing(this.client, this.o.stepWaitMs(), () =>
      this.client.workflow.getHandle(reportId).executeUpdate(signYearlyReportUpdate, {
        args: [{ by: actor, ...signed, publish: body.publish, ...(body.note?.trim() ? { note: body.note } : {}) }],
      }),
    );
  }
}
