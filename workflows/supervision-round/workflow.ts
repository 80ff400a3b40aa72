/**
 * A comprehensive supervision round (Art. 6, 8, 11): a parent workflow with one child supervision per target
 * unit, started by the annual plan's Temporal Schedule. It assigns cross inspection (Art. 5), follows its cases'
 * progress, and sends the reports up the chain: the consolidated report to the committee when results are out,
 * the rectification report when rectification is in, and the year's report to the national leading group.
 */
import {
  ParentClosePolicy,
  condition,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { assertInput } from '../engine/failures';
import { Value } from '@sinclair/typebox/value';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { createActivities } from '../../activities';
import type { SupervisionStage } from '../domain';
import { supervisionStageLabels } from '../domain';
import { ids } from '../ids';
import { CaseKind, CaseRound, CaseStage, TargetUnit as TargetUnitKey } from '../search-attributes';
import { Notifier } from '../engine/notifier';
import { storedSignature } from '../common-steps/signoff';
import { chineseNumber } from '../engine/texts';
import { supervisionCase } from '../supervision/workflow';
import type { CaseProgress, RoundInput, RoundProgress, RoundReport, RoundReportKind } from './contract';
import {
  CaseProgressSchema,
  SignRoundReportSchema,
  caseProgressSignal,
  roundProgressQuery,
  signRoundReportUpdate,
} from './contract';
import { assignCrossInspection } from './cross-inspection';

const { resolveRoundUnits, writeRoundReport } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});
// The round's own state in the case store (its cases write themselves): a local activity, retried while the store is down.
const { saveRound } = proxyLocalActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const done = (s: SupervisionStage) => s === 'rectification' || s === 'closed' || s === 'rejected';

const roundStatusLabels: Record<RoundProgress['status'], string> = {
  starting: '启动中',
  'field-work': '督查中',
  rectification: '整改中',
  closed: '已办结',
  duplicate: '重复启动，未办理',
};

export async function supervisionRound(input: RoundInput): Promise<RoundProgress> {
  assertInput(input);
  const n = input.n ?? 1;
  const id = ids.round(input.year, n);
  /** `2026年度` or `2026年度第二轮`: how texts name the round. */
  const named = `${input.year}年度${n > 1 ? `第${chineseNumber(n)}轮` : ''}`;
  const notifications: RoundProgress['notifications'] = [];
  const notifier = new Notifier(notifications, () => undefined);
  const state: RoundProgress = {
    roundId: id,
    workflowId: workflowInfo().workflowId,
    year: input.year,
    ...(n > 1 ? { n, reason: input.reason!, decidedBy: input.approvedBy } : {}),
    status: 'starting',
    crossInspection: input.crossInspection,
    assignments: [],
    cases: [],
    byStage: {},
    overdue: [],
    reports: [],
    notifications,
  };
  const progress = new Map<string, CaseProgress>();
  const view = (): RoundProgress => {
    const cases = [...progress.values()].sort((a, b) => a.unit.code.localeCompare(b.unit.code));
    const byStage: RoundProgress['byStage'] = {};
    for (const c of cases) byStage[c.stage] = (byStage[c.stage] ?? 0) + 1;
    return { ...state, cases, byStage, overdue: cases.filter((c) => c.overdue).map((c) => c.unit.code) };
  };
  setHandler(roundProgressQuery, view);
  /**
   * Temporal UI's current details (User Metadata): where the round is, its cases by stage, the overdue ones and the
   * reports that wait for the leading group's signature. Names and counts only. Not a command: replay is unaffected.
   */
  const showDetails = () => {
    const v = view();
    const waiting = v.reports.filter((r) => r.status === 'awaiting-signature').map((r) => r.title);
    setCurrentDetails(
      [
        `**${named}综合督查** · ${roundStatusLabels[state.status]}`,
        `督查案件 ${v.cases.length} 件：${
          Object.entries(v.byStage)
            .map(([stage, count]) => `${supervisionStageLabels[stage as SupervisionStage] ?? stage} ${count}`)
            .join('，') || '尚未开始'
        }`,
        ...(v.overdue.length ? [`逾期 ${v.overdue.length} 件`] : []),
        ...(waiting.length ? [`待领导小组审签：${waiting.join('、')}`] : []),
      ].join('\n\n'),
    );
  };
  /** The round in the case store: its status, pairs, reports and notices (its cases write themselves). */
  const store = () =>
    saveRound.executeWithOptions({ summary: '存档' }, [{ ...view(), cases: [], byStage: {}, overdue: [] }]);
  setHandler(caseProgressSignal, (p) => {
    // Only a case of this round reports; anything else (a forged, unsealed signal arrives as a marker) is ignored.
    if (!Value.Check(CaseProgressSchema, p) || ids.kindOf(p.caseId) !== 'supervision') return;
    const known = progress.get(p.caseId);
    if (!known || p.seq > known.seq) progress.set(p.caseId, p);
    showDetails();
  });
  upsertSearchAttributes([
    { key: CaseRound, value: id },
    { key: CaseStage, value: 'starting' },
  ]);
  showDetails();

  const { units, memberUnits } = await resolveRoundUnits.executeWithOptions(
    { summary: `读取单位名录（${input.units.length}个单位）` },
    [{ codes: input.units }],
  );
  const cities = units.filter((u) => u.kind === 'city').map((u) => u.code);
  if (input.crossInspection) {
    state.assignments = input.assignments
      ? input.assignments.map(({ target, inspector }) => ({ target, inspector }))
      : assignCrossInspection(cities, cities, input.year);
  }

  let started = 0;
  for (const unit of units) {
    const inspector = state.assignments.find((a) => a.target === unit.code)?.inspector;
    const inspectingCity = inspector ? units.find((u) => u.code === inspector) : undefined;
    const caseId = ids.case('supervision', input.year, unit.code, ids.roundSerial(n));
    try {
      await startChild(supervisionCase, {
        workflowId: caseId,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        staticSummary: `${named}综合督查 ${unit.name}${inspectingCity ? `（${inspectingCity.name}交叉督查）` : ''}`,
        typedSearchAttributes: [
          { key: CaseKind, value: 'supervision' },
          { key: TargetUnitKey, value: unit.code },
          { key: CaseStage, value: 'forming-group' },
          { key: CaseRound, value: id },
        ],
        args: [
          {
            targetUnit: { code: unit.code, name: unit.name, kind: unit.kind },
            type: 'comprehensive',
            year: input.year,
            memberUnits,
            proposedBy: input.approvedBy,
            approvedWithPlan: { plan: input.plan, by: input.approvedBy, at: input.approvedAt },
            round: {
              workflowId: workflowInfo().workflowId,
              ...(n > 1 ? { roundId: id } : {}),
              ...(inspectingCity ? { inspectingCity: { code: inspectingCity.code, name: inspectingCity.name } } : {}),
            },
          },
        ],
      });
      started++;
    } catch (err) {
      // The round was already started (the schedule fired twice, or it was triggered by hand): the first round owns the cases.
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
  if (started === 0) {
    state.status = 'duplicate';
    state.note = `${named}综合督查已由先前启动的督查轮次办理，本次不再重复启动`;
    upsertSearchAttributes([{ key: CaseStage, value: 'duplicate' }]);
    showDetails();
    await store();
    return view();
  }
  state.status = 'field-work';
  upsertSearchAttributes([{ key: CaseStage, value: 'field-work' }]);
  showDetails();
  await store();

  // Art. 11 (ours, DOMAIN.md): a report goes up only once the leading group has signed it (rounds that drafted a report
  // before this change replay as they ran: sent as drafted).
  let signing: boolean | undefined;
  setHandler(
    signRoundReportUpdate,
    (d) => {
      const entry = state.reports.find((r) => r.kind === d.kind)!;
      entry.signed = storedSignature(d, entry.draftSha256);
      entry.status = 'signed';
      showDetails();
      return entry;
    },
    {
      validator: (d) => {
        if (!Value.Check(SignRoundReportSchema, d)) throw new Error('签发报告的请求格式不正确');
        const entry = state.reports.find((r) => r.kind === d.kind);
        if (entry?.status !== 'awaiting-signature') throw new Error(entry ? '该报告已签发' : '该报告尚未起草');
        if (d.by.role !== 'leading-group') throw new Error('报告须由领导小组审签');
      },
    },
  );

  const report = async (kind: RoundReportKind, to: 'committee' | 'office', subject: string) => {
    const written = await writeRoundReport.executeWithOptions({ summary: `生成报告：${kind}` }, [
      {
        kind,
        roundId: id,
        year: input.year,
        ...(n > 1 ? { n } : {}),
        cases: view().cases,
        crossInspection: input.crossInspection,
        at: new Date().toISOString(),
      },
    ]);
    signing ??= patched('signed-round-reports');
    if (!signing) {
      state.reports.push({ kind, title: written.title, url: written.url, at: new Date().toISOString() });
      notifier.send(`report-${kind}`, {
        to: { role: to },
        subject: `${subject}${written.title}`,
        body: `${written.title}已生成：${written.url}`,
      });
      return;
    }
    const entry: RoundReport = {
      kind,
      title: written.title,
      url: written.url,
      at: new Date().toISOString(),
      status: 'awaiting-signature',
      to,
      draftSha256: written.sha256,
    };
    state.reports.push(entry);
    showDetails();
    notifier.send(`report-${kind}:draft`, {
      to: { role: 'leading-group' },
      subject: `【待审签】${written.title}`,
      body: `${written.title}（系统起草稿）已生成，请在工作台审核、修改并签发后报送。`,
    });
    await store();
    await condition(() => entry.status === 'signed');
    notifier.send(`report-${kind}`, {
      to: { role: to },
      subject: `${subject}${written.title}`,
      body: `${written.title}（经省脱贫攻坚领导小组审签）：${written.url}`,
    });
    await store();
  };

  // Art. 11 (1): when every case's results are out, the consolidated report goes to the committee.
  await condition(() => progress.size === started && [...progress.values()].every((c) => done(c.stage)));
  await report('consolidated', 'committee', '【督查情况报告】');
  state.status = 'rectification';
  upsertSearchAttributes([{ key: CaseStage, value: 'rectification' }]);
  showDetails();
  await store();

  // Art. 11 (3): when rectification is in, the rectification report to the committee and the year's report
  // to the national leading group (filed by the office).
  await condition(() => [...progress.values()].every((c) => c.stage === 'closed' || c.stage === 'rejected'));
  await report('rectification', 'committee', '【整改情况报告】');
  await report('national', 'office', '【报国务院扶贫开发领导小组】');
  state.status = 'closed';
  upsertSearchAttributes([{ key: CaseStage, value: 'closed' }]);
  showDetails();
  await notifier.drain();
  await store();
  return view();
}
