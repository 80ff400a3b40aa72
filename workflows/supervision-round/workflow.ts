/**
 * A comprehensive supervision round (Art. 6, 8, 11): a parent workflow with one child supervision per target
 * unit, started by the annual plan's Temporal Schedule. It assigns cross inspection (Art. 5), follows its cases'
 * progress, and sends the reports up the chain: the consolidated report to the committee when results are out, the
 * rectification report at the date the policy sets (Art. 11 (3)) with a supplement for units that finish later (rounds
 * that started before: when rectification is in, then the round's report to the national leading group). Each
 * report waits for the leading group's signature, the round's one step (contract.ts, `roundSteps`).
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
import type { SupervisionStage } from '../supervision/stages';
import { supervisionStageLabels } from '../supervision/stages';
import { ids } from '../ids';
import { CaseKind, CaseRound, CaseStage, TargetUnit as TargetUnitKey } from '../search-attributes';
import { Notifier } from '../engine/notifier';
import type { StepHandlers, StepHost } from '../engine/steps';
import { flatCall, registerSteps } from '../engine/steps';
import { storedSignature } from '../common-steps/signoff';
import { chineseNumber } from '../engine/texts';
import { supervisionCase } from '../supervision/workflow';
import type { CaseProgress, RoundInput, RoundProgress, RoundReport, RoundReportKind, RoundStatus } from './contract';
import { CaseProgressSchema, caseProgressSignal, roundProgressQuery, roundStatusLabels, roundSteps } from './contract';
import { assignCrossInspection } from './cross-inspection';

const { resolveRoundUnits, writeRoundReport } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});
// The round's own state in the case store (its cases write themselves): a local activity, retried while the store is down.
// The policy and the calendar (Art. 11 (3): the rectification report's date) are the worker's own, as in the deadline engine.
const { saveRound, loadDeadlinePolicy, computeDeadline } = proxyLocalActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const done = (s: SupervisionStage) => s === 'rectification' || s === 'closed' || s === 'rejected';
const finished = (s: SupervisionStage) => s === 'closed' || s === 'rejected';

export class SupervisionRound {
  readonly id: string;
  private readonly n: number;
  /** `2026年度` or `2026年度第二轮`: how texts name the round. */
  private readonly named: string;
  private readonly notifier: Notifier;
  private readonly state: RoundProgress;
  /** Where each case stands, as it last told the round. */
  private readonly progress = new Map<string, CaseProgress>();
  /** How many cases this round started (none: another round of the same id owns them). */
  private started = 0;
  /** Whether reports wait for the leading group's signature (rounds that drafted one before replay as they ran). */
  private signing: boolean | undefined;
  /** Grows with every change of the round's own state (a step's answer says it). */
  private revision = 0;

  constructor(private readonly input: RoundInput) {
    this.n = input.n ?? 1;
    this.id = ids.round(input.year, this.n);
    this.named = `${input.year}年度${this.n > 1 ? `第${chineseNumber(this.n)}轮` : ''}`;
    const notifications: RoundProgress['notifications'] = [];
    this.notifier = new Notifier(notifications, () => undefined);
    this.state = {
      roundId: this.id,
      workflowId: workflowInfo().workflowId,
      year: input.year,
      ...(this.n > 1 ? { n: this.n, reason: input.reason!, decidedBy: input.approvedBy } : {}),
      status: 'starting',
      crossInspection: input.crossInspection,
      assignments: [],
      cases: [],
      byStage: {},
      overdue: [],
      reports: [],
      notifications,
    };
  }

  /** The round with its cases' progress (the `roundProgress` query). */
  view(): RoundProgress {
    const cases = [...this.progress.values()].sort((a, b) => a.unit.code.localeCompare(b.unit.code));
    const byStage: RoundProgress['byStage'] = {};
    for (const c of cases) byStage[c.stage] = (byStage[c.stage] ?? 0) + 1;
    return { ...this.state, cases, byStage, overdue: cases.filter((c) => c.overdue).map((c) => c.unit.code) };
  }

  /**
   * Temporal UI's current details (User Metadata): where the round is, its cases by stage, the overdue ones and the
   * reports that wait for the leading group's signature. Names and counts only. Not a command: replay is unaffected.
   */
  showDetails(): void {
    const v = this.view();
    const waiting = v.reports.filter((r) => r.status === 'awaiting-signature').map((r) => r.title);
    setCurrentDetails(
      [
        `**${this.named}综合督查** · ${roundStatusLabels[this.state.status]}`,
        `督查案件 ${v.cases.length} 件：${
          Object.entries(v.byStage)
            .map(([stage, count]) => `${supervisionStageLabels[stage as SupervisionStage] ?? stage} ${count}`)
            .join('，') || '尚未开始'
        }`,
        ...(v.overdue.length ? [`逾期 ${v.overdue.length} 件`] : []),
        ...(waiting.length ? [`待领导小组审签：${waiting.join('、')}`] : []),
      ].join('\n\n'),
    );
  }

  /** The round in the case store: its status, pairs, reports and notices (its cases write themselves). */
  private store() {
    return saveRound.executeWithOptions({ summary: '存档' }, [{ ...this.view(), cases: [], byStage: {}, overdue: [] }]);
  }

  private moveTo(status: RoundStatus): void {
    this.state.status = status;
    this.revision++;
    upsertSearchAttributes([{ key: CaseStage, value: status }]);
    this.showDetails();
  }

  /** What each case tells the round whenever it changes (reports out of order are dropped). */
  acceptProgress(): void {
    setHandler(caseProgressSignal, (p) => {
      // Only a case of this round reports; anything else (a forged, unsealed signal arrives as a marker) is ignored.
      if (!Value.Check(CaseProgressSchema, p) || ids.kindOf(p.caseId) !== 'supervision') return;
      const known = this.progress.get(p.caseId);
      if (!known || p.seq > known.seq) this.progress.set(p.caseId, p);
      this.showDetails();
    });
  }

  /**
   * Art. 5, 8: the round's units from the registry, the cross-inspection pairs, and one supervision per unit. Answers
   * false when the round was already started (the schedule fired twice, or it was triggered by hand): the first round
   * owns the cases, and this one ends as a duplicate.
   */
  async startCases(): Promise<boolean> {
    const { input, state, named } = this;
    upsertSearchAttributes([
      { key: CaseRound, value: this.id },
      { key: CaseStage, value: 'starting' },
    ]);
    this.showDetails();
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

    for (const unit of units) {
      const inspector = state.assignments.find((a) => a.target === unit.code)?.inspector;
      const inspectingCity = inspector ? units.find((u) => u.code === inspector) : undefined;
      const caseId = ids.case('supervision', input.year, unit.code, ids.roundSerial(this.n));
      try {
        await startChild(supervisionCase, {
          workflowId: caseId,
          parentClosePolicy: ParentClosePolicy.ABANDON,
          staticSummary: `${named}综合督查 ${unit.name}${inspectingCity ? `（${inspectingCity.name}交叉督查）` : ''}`,
          typedSearchAttributes: [
            { key: CaseKind, value: 'supervision' },
            { key: TargetUnitKey, value: unit.code },
            { key: CaseStage, value: 'forming-group' },
            { key: CaseRound, value: this.id },
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
                ...(this.n > 1 ? { roundId: this.id } : {}),
                ...(inspectingCity ? { inspectingCity: { code: inspectingCity.code, name: inspectingCity.name } } : {}),
              },
            },
          ],
        });
        this.started++;
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
    }
    if (this.started === 0) {
      state.note = `${named}综合督查已由先前启动的督查轮次办理，本次不再重复启动`;
      this.moveTo('duplicate');
      await this.store();
      return false;
    }
    this.moveTo('field-work');
    await this.store();
    return true;
  }

  /** The round's one step: the leading group signs a drafted report, which then goes up (`report`). */
  handlers(): StepHandlers<typeof roundSteps> {
    const entry = (kind: RoundReportKind) => this.state.reports.find((r) => r.kind === kind);
    return {
      signReport: {
        conflict: (d) => {
          const report = entry(d.kind);
          return report?.status === 'awaiting-signature' ? undefined : report ? '该报告已签发' : '该报告尚未起草';
        },
        apply: (d, by) => {
          const report = entry(d.kind)!;
          report.signed = storedSignature({ by, ...d }, report.draftSha256);
          report.status = 'signed';
          this.revision++;
        },
        // Rounds signed before the step was in the table (and the API until it sends the step call): `{ kind, by, …}`,
        // answered with the report as signed.
        legacy: { call: flatCall, answer: (d) => entry(d.kind) },
      },
    };
  }

  /** What the step registration reads of the round (overseers only reach it: the API checks the role). */
  host(): StepHost {
    return {
      stage: () => this.state.status,
      stageLabel: (s) => roundStatusLabels[s as RoundStatus] ?? s,
      settle: () => this.showDetails(),
      ack: () => ({ revision: this.revision, stage: this.state.status, closed: this.state.status === 'closed' }),
    };
  }

  /**
   * Art. 11: a report of the round, drafted by the system; it goes to `to` once the leading group has signed it
   * (rounds that drafted a report before signatures existed replay as they ran: sent as drafted).
   */
  private async report(
    kind: RoundReportKind,
    to: 'committee' | 'office',
    subject: string,
    extra: { pending?: string[] } = {},
  ): Promise<void> {
    const { input, state, notifier } = this;
    const written = await writeRoundReport.executeWithOptions({ summary: `生成报告：${kind}` }, [
      {
        kind,
        roundId: this.id,
        year: input.year,
        ...(this.n > 1 ? { n: this.n } : {}),
        cases: this.view().cases,
        crossInspection: input.crossInspection,
        at: new Date().toISOString(),
        ...extra,
      },
    ]);
    this.signing ??= patched('signed-round-reports');
    if (!this.signing) {
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
    this.revision++;
    this.showDetails();
    notifier.send(`report-${kind}:draft`, {
      to: { role: 'leading-group' },
      subject: `【待审签】${written.title}`,
      body: `${written.title}代拟稿已生成，请审核修改后签发（通知附有链接）。`,
    });
    await this.store();
    await condition(() => entry.status === 'signed');
    notifier.send(`report-${kind}`, {
      to: { role: to },
      subject: `${subject}${written.title}`,
      body: `${written.title}已经省脱贫攻坚领导小组审签，请阅（通知附有链接）。`,
    });
    await this.store();
  }

  /**
   * Art. 11 (3) 及时汇总: the rectification report goes up at the date the round's input (or the deadline policy) sets,
   * counted from the feedback, or earlier once every unit has finished; units still rectifying then are listed as
   * 尚未整改到位, and a supplement (补充报告) follows when they finish. The report to the national leading group is the
   * year's, over every round and special supervision (`national-report-2026`, national.ts): rounds no longer send one.
   */
  private async timelyRectificationReport(): Promise<void> {
    const cases = () => [...this.progress.values()];
    const allFinished = () => cases().every((c) => finished(c.stage));
    const rule =
      this.input.rectificationReport ??
      (await loadDeadlinePolicy.executeWithOptions({ summary: '读取期限规则' }, []))['supervision-rectification'].rule;
    const due = await computeDeadline.executeWithOptions({ summary: '计算整改情况报告报送日期' }, [
      { from: new Date().toISOString(), rule },
    ]);
    this.state.rectificationReportDue = { dueAt: due.dueAt, label: due.label };
    this.revision++;
    await this.store();
    const waitMs = Date.parse(due.dueAt) - Date.now();
    if (waitMs > 0) await condition(allFinished, waitMs);
    const pending = cases()
      .filter((c) => !finished(c.stage))
      .map((c) => c.unit.code);
    await this.report('rectification', 'committee', '【整改情况报告】');
    if (!pending.length) return;
    await condition(allFinished);
    await this.report('supplement', 'committee', '【整改情况补充报告】', { pending });
  }

  /** Art. 11: the reports, each when its cases are there, and the round closes. */
  async reportUp(): Promise<void> {
    const cases = () => [...this.progress.values()];
    // Art. 11 (1): when every case's results are out, the consolidated report goes to the committee.
    await condition(() => this.progress.size === this.started && cases().every((c) => done(c.stage)));
    await this.report('consolidated', 'committee', '【督查情况报告】');
    this.moveTo('rectification');
    await this.store();

    if (patched('timely-round-report')) {
      await this.timelyRectificationReport();
      this.moveTo('closed');
      await this.notifier.drain();
      await this.store();
      return;
    }
    // Art. 11 (3): when rectification is in, the rectification report to the committee and the year's report
    // to the national leading group (filed by the office).
    await condition(() => cases().every((c) => c.stage === 'closed' || c.stage === 'rejected'));
    await this.report('rectification', 'committee', '【整改情况报告】');
    await this.report('national', 'office', '【报国务院扶贫开发领导小组】');
    this.moveTo('closed');
    await this.notifier.drain();
    await this.store();
  }
}

/**
 * @example
 * await client.workflow.start('supervisionRound', { workflowId: 'supervision-round-2026', taskQueue, args: [input] });
 */
export async function supervisionRound(input: RoundInput): Promise<RoundProgress> {
  assertInput(input);
  const round = new SupervisionRound(input);
  setHandler(roundProgressQuery, () => round.view());
  round.acceptProgress();
  if (!(await round.startCases())) return round.view();
  registerSteps(roundSteps, round.handlers(), round.host());
  await round.reportUp();
  return round.view();
}
