/**
 * The year's patrol rectification report (Art. 16 (3)): drafted from the case store, signed by the leading group,
 * sent to the committee, and the aggregate of what the leading group made public published on the bulletin when it
 * so decides. One workflow per year (`patrol-rectification-report-2026`); its state is in the case store.
 */
import {
  condition,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { Value } from '@sinclair/typebox/value';
import type { createActivities } from '../../activities';
import { CaseStage } from '../search-attributes';
import { assertInput } from '../engine/failures';
import { Notifier } from '../engine/notifier';
import { storedSignature } from '../common-steps/signoff';
import type { YearlyReport, YearlyReportInput } from './contract';
import { SignYearlyReportSchema, signYearlyReportUpdate, yearlyReportQuery } from './contract';

const { writePatrolRectificationReport, publishRectification } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});
// Its state in the case store: a local activity, retried while the store is down.
const { saveYearlyReport } = proxyLocalActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function patrolRectificationReport(input: YearlyReportInput): Promise<YearlyReport> {
  assertInput(input);
  const reportId = workflowInfo().workflowId;
  const written = await writePatrolRectificationReport.executeWithOptions({ summary: '起草年度巡查整改情况报告' }, [
    { year: input.year, reportId, at: new Date().toISOString() },
  ]);
  const state: YearlyReport = {
    reportId,
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
  const notifier = new Notifier(state.notifications, () => undefined);
  const save = () => saveYearlyReport.executeWithOptions({ summary: '存档' }, [state]);
  setHandler(yearlyReportQuery, () => JSON.parse(JSON.stringify(state)) as YearlyReport);
  setHandler(
    signYearlyReportUpdate,
    (d) => {
      state.signed = { ...storedSignature(d, state.draftSha256), publish: d.publish };
      return JSON.parse(JSON.stringify(state)) as YearlyReport;
    },
    {
      validator: (d) => {
        if (!Value.Check(SignYearlyReportSchema, d)) throw new Error('签发报告的请求格式不正确');
        if (state.signed) throw new Error('该报告已签发');
        if (d.by.role !== 'leading-group') throw new Error('报告须由领导小组审签');
      },
    },
  );
  upsertSearchAttributes([{ key: CaseStage, value: 'awaiting-signature' }]);
  notifier.send('draft', {
    to: { role: 'leading-group' },
    subject: `【待审签】${written.title}`,
    body: `${written.title}（系统起草稿）已生成，请在工作台审核、修改并签发后报送。`,
  });
  await save();

  await condition(() => state.signed !== undefined);
  notifier.send('report', {
    to: { role: 'committee' },
    subject: `【报告】${written.title}`,
    body: `${written.title}（经省脱贫攻坚领导小组审签）：${written.url}`,
  });
  // Art. 16 (3): what the leading group made public, in aggregate, for public oversight (the activity retries while the
  // bulletin does not answer).
  if (state.signed!.publish && written.publicText) {
    const published = await publishRectification.executeWithOptions({ summary: '公开年度巡查整改情况' }, [
      { caseId: reportId, unitName: '省脱贫攻坚领导小组', title: written.publicTitle, text: written.publicText },
    ]);
    state.publication = { at: published.publishedAt, url: published.url };
  }
  state.status = 'sent';
  upsertSearchAttributes([{ key: CaseStage, value: 'sent' }]);
  await notifier.drain();
  await save();
  return state;
}
