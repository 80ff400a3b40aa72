/**
 * The annual plan and the comprehensive rounds (Art. 6, 8, 11): starting the year's plan, starting its round now or a
 * further round of the year, a round's progress (one query of the store) and signing the reports a round drafted.
 */
import type { Client } from '@temporalio/client';
import { ScheduleNotFoundError, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { CaseStore } from '../../lib/store/case-store';
import type { Actor } from '../../workflows/domain';
import { roleLabels } from '../../workflows/domain';
import { chineseDate, chineseNumber } from '../../workflows/engine/texts';
import { ids } from '../../workflows/ids';
import type { SupervisionCaseRecord } from '../../workflows/supervision/contract';
import type { AnnualPlanInput, AnnualPlanRecord } from '../../workflows/supervision-plan/contract';
import { planContract } from '../../workflows/supervision-plan/contract';
import type {
  RoundInput,
  RoundProgress,
  RoundReport,
  RoundReportKind,
} from '../../workflows/supervision-round/contract';
import { signRoundReportUpdate } from '../../workflows/supervision-round/contract';
import type { SpecialTopicInput, SpecialTopicRecord } from '../../workflows/special-topic/contract';
import { topicContract, topicId } from '../../workflows/special-topic/contract';
import { progressOf } from '../../workflows/supervision-round/progress';
import { CaseRound, CaseStage } from '../../workflows/search-attributes';
import { HttpRefusal } from '../refusal';
import { signedVersion, signing } from './signing';

export class RoundService {
  constructor(
    private readonly client: Client,
    private readonly store: CaseStore,
    private readonly o: { taskQueue: string; baseUrl: () => string; stepWaitMs: () => number },
  ) {}

  /** Draft the year's plan (409 with `Location` once drafted or approved). */
  async startPlan(input: AnnualPlanInput): Promise<AnnualPlanRecord> {
    const workflowId = ids.plan(input.year);
    const handle = this.client.workflow.getHandle(workflowId);
    const existing = await handle.describe().catch(() => undefined);
    if (existing) {
      const running = existing.status.name === 'RUNNING';
      const current = running ? undefined : await handle.query(planContract.recordQuery).catch(() => undefined);
      if (running || current?.stage === 'scheduled') {
        throw new HttpRefusal(409, `${input.year}年度督查计划已经${running ? '起草，待批准' : '批准'}`, 'PlanExists', {
          location: `${this.o.baseUrl()}/${planContract.resource}/${input.year}`,
        });
      }
    }
    await this.client.workflow.start(planContract.workflowType, {
      workflowId,
      taskQueue: this.o.taskQueue,
      args: [input],
      typedSearchAttributes: [{ key: CaseRound, value: ids.round(input.year) }],
      staticSummary: `${input.year}年度督查计划：综合督查${input.units.length}个单位（${input.month}月）${input.crossInspection ? '，交叉督查' : ''}`,
    });
    return handle.query(planContract.recordQuery);
  }

  /** Start the year's round now (its Schedule, then paused); 409 once it has started. */
  async triggerRound(year: number, actor: Actor): Promise<{ scheduleId: string; roundId: string }> {
    const schedule = this.client.schedule.getHandle(ids.roundSchedule(year));
    const described = await schedule.describe().catch((err: unknown) => {
      if (err instanceof ScheduleNotFoundError) {
        throw new HttpRefusal(409, `${year}年度督查计划尚未批准，没有可启动的综合督查`, 'PlanNotApproved');
      }
      throw err;
    });
    // Once started (by hand, or by the Schedule in its month: the Schedule names its run after the time it started,
    // so the Schedule's own count says so), the year's round is not started again. Started by hand, the Schedule is
    // paused, so that it does not fire in the planned month either.
    const location = { location: `${this.o.baseUrl()}/supervision-rounds/${year}` };
    const acted = (d: typeof described) => d.info.numActionsTaken > 0 || d.info.runningActions.length > 0;
    const answer = { scheduleId: ids.roundSchedule(year), roundId: ids.round(year) };
    if (acted(described) || described.state.paused) {
      throw new HttpRefusal(409, `${year}年度综合督查已经启动`, 'RoundAlreadyStarted', location);
    }
    await schedule.trigger();
    // The Schedule takes a triggered action in its own time, and a pause that reaches it first would hold the action
    // back: pause only once it has taken it (a round not yet taken after the wait is left to the Schedule, unpaused).
    for (const until = Date.now() + this.o.stepWaitMs(); ;) {
      if (acted(await schedule.describe())) break;
      if (Date.now() > until) return answer;
      await new Promise((r) => setTimeout(r, 200));
    }
    await schedule.pause(
      `${chineseDate(new Date().toISOString().slice(0, 10))}由${roleLabels[actor.role]}手动启动，计划月份不再启动`,
    );
    return answer;
  }

  /**
   * Art. 8 ("一般每年1次"): a further comprehensive round of the year, decided by the leading group with its reason,
   * started now (the year's plan must be approved). Answers the round's id and number.
   */
  async startFurtherRound(
    year: number,
    o: { reason: string; units: string[]; crossInspection: boolean },
    actor: Actor,
  ): Promise<{ roundId: string; n: number }> {
    const plan = (await this.store.plan(ids.plan(year))) as AnnualPlanRecord | undefined;
    if (plan?.stage !== 'scheduled') {
      throw new HttpRefusal(409, `${year}年度督查计划尚未批准，不能增加综合督查轮次`, 'PlanNotApproved');
    }
    const rounds = await this.store.roundIds(year);
    const n = Math.max(2, rounds.length + 1);
    const roundId = ids.round(year, n);
    const input: RoundInput = {
      year,
      n,
      reason: o.reason,
      units: o.units,
      crossInspection: o.crossInspection,
      plan: plan.planId,
      approvedBy: actor,
      approvedAt: new Date().toISOString(),
    };
    try {
      await this.client.workflow.start('supervisionRound', {
        workflowId: roundId,
        taskQueue: this.o.taskQueue,
        args: [input],
        typedSearchAttributes: [
          { key: CaseRound, value: roundId },
          { key: CaseStage, value: 'starting' },
        ],
        // Names and numbers only (the reason is on the round's record, not in Temporal UI's list).
        staticSummary: `${year}年度第${chineseNumber(n)}轮综合督查：${o.units.length}个单位（领导小组决定增加）`,
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError)
        throw new HttpRefusal(409, '该轮综合督查已经启动', 'RoundExists', {
          location: `${this.o.baseUrl()}/supervision-rounds/${year}-${n}`,
        });
      throw err;
    }
    return { roundId, n };
  }

  /**
   * Art. 6, 8: the special supervision of a topic of the approved plan, waiting for the leading group's one approval
   * (special-topic/); 409 with `Location` once proposed.
   */
  async startTopic(input: SpecialTopicInput): Promise<SpecialTopicRecord> {
    const workflowId = topicId(input.year, input.n);
    try {
      await this.client.workflow.start(topicContract.workflowType, {
        workflowId,
        taskQueue: this.o.taskQueue,
        args: [input],
        typedSearchAttributes: [{ key: CaseStage, value: 'awaiting-approval' }],
        staticSummary: `${input.year}年${input.topic.slice(0, 40)}专项督查：${input.units.length}个单位`,
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError)
        throw new HttpRefusal(409, '该专项督查已经提出', 'TopicExists', {
          location: `${this.o.baseUrl()}/${topicContract.resource}/${workflowId}`,
        });
      throw err;
    }
    return this.client.workflow.getHandle(workflowId).query(topicContract.recordQuery);
  }

  /** A round by its id (`supervision-round-2026`, `supervision-round-2026-2`), with where each of its cases stands. */
  async roundProgress(roundId: string): Promise<RoundProgress> {
    // One SQL query: the round that owns its cases, and where each of them stands.
    const stored = await this.store.round(roundId);
    if (!stored) throw new HttpRefusal(404, '该轮综合督查尚未启动', 'RoundNotStarted');
    const cases = stored.cases.map((r) => ({
      ...progressOf(r as unknown as SupervisionCaseRecord),
      seq: r.revision,
    }));
    const byStage: RoundProgress['byStage'] = {};
    for (const c of cases) byStage[c.stage] = (byStage[c.stage] ?? 0) + 1;
    return {
      ...(stored.progress as RoundProgress),
      cases,
      byStage,
      overdue: cases.filter((c) => c.overdue).map((c) => c.unit.code),
    };
  }

  /** A round's report entry as the store last has it (undefined: not drafted). */
  async roundReport(roundId: string, kind: RoundReportKind): Promise<RoundReport | undefined> {
    const progress = (await this.store.roundState(roundId)) as RoundProgress | undefined;
    return progress?.reports.find((r) => r.kind === kind);
  }

  /**
   * Art. 11 (ours): the leading group signs a report the round drafted, as drafted or edited (the edited text is
   * stored first; the round keeps its hash), and the round sends it up.
   */
  async signRoundReport(
    roundId: string,
    kind: RoundReportKind,
    body: { text?: string | undefined; note?: string | undefined },
    actor: Actor,
  ): Promise<RoundReport> {
    // The round's own state only (its cases are not needed to sign).
    const progress = (await this.store.roundState(roundId)) as RoundProgress | undefined;
    const entry = progress?.reports.find((r) => r.kind === kind);
    if (!progress || !entry) throw new HttpRefusal(404, '报告尚未起草', 'ReportNotReady');
    if (entry.status !== 'awaiting-signature') throw new HttpRefusal(409, '该报告已签发', 'ReportSigned');
    const signed = await signedVersion(this.store, {
      owner: roundId,
      kind,
      title: entry.title,
      draftSha256: entry.draftSha256!,
      text: body.text,
    });
    return signing(this.client, this.o.stepWaitMs(), () =>
      this.client.workflow.getHandle(progress.workflowId).executeUpdate(signRoundReportUpdate, {
        args: [{ kind, by: actor, ...signed, ...(body.note?.trim() ? { note: body.note } : {}) }],
      }),
    );
  }
}
