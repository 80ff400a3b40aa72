/**
 * The annual supervision plan (Art. 6, 8): the office drafts it, the leading group approves it, and the approval
 * puts the year's comprehensive round on a Temporal Schedule (Temporal UI → Schedules), to run in the planned
 * month. A special topic of the approved plan is started from the plan over the units it names, approved once by the
 * leading group (special-topic/; POST /supervision-plans/{year}/topics/{n}). The plan's one step is the leading
 * group's decision (contract.ts, `planSteps`).
 */
import {
  condition,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { assertInput } from '../engine/failures';
import type { createActivities } from '../../activities';
import { ids } from '../ids';
import { CaseRound, CaseStage } from '../search-attributes';
import { Notifier } from '../engine/notifier';
import type { StepHandlers, StepHost } from '../engine/steps';
import { registerSteps } from '../engine/steps';
import { chineseDate, required } from '../engine/texts';
import { adjustCrossInspection } from '../supervision-round/cross-inspection';
import type { AnnualPlanInput, AnnualPlanRecord, PlanStage } from './contract';
import { planContract, planStageLabels, planSteps } from './contract';

const { scheduleComprehensiveRound } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes', nonRetryableErrorTypes: ['ScheduleInvalid'] },
});
// The plan in the case store: a local activity (the record is its input, which history does not keep), retried for as
// long as the store does not answer.
const { savePlan } = proxyLocalActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export class SupervisionPlan {
  private readonly plan: AnnualPlanRecord;
  private readonly notifier: Notifier;

  constructor(private readonly input: AnnualPlanInput) {
    this.plan = {
      ...input,
      planId: ids.plan(input.year),
      stage: 'awaiting-approval',
      revision: 0,
      draftedAt: new Date().toISOString(),
      notifications: [],
    };
    this.notifier = new Notifier(this.plan.notifications, () => this.plan.revision++);
  }

  /** The plan as the `planRecord` query gives it (a copy). */
  view(): AnnualPlanRecord {
    return JSON.parse(JSON.stringify(this.plan)) as AnnualPlanRecord;
  }

  get stage(): PlanStage {
    return this.plan.stage;
  }

  private moveTo(stage: PlanStage): void {
    this.plan.stage = stage;
    this.plan.revision++;
    upsertSearchAttributes([{ key: CaseStage, value: stage }]);
  }

  private save() {
    return savePlan.executeWithOptions({ summary: '存档' }, [this.view()]);
  }

  handlers(): StepHandlers<typeof planSteps> {
    const { plan, input } = this;
    return {
      // Art. 6: the leading group approves the annual plan; approval schedules the comprehensive round.
      decidePlan: {
        check: (d) => {
          if (d.decision === 'reject') return required(d.reason, '不批准的理由');
          if (!d.crossAdjustments) return undefined;
          if (!plan.crossPairs) return '本年度计划未安排交叉督查，没有可调整的交叉督查安排';
          try {
            adjustCrossInspection(plan.crossPairs, d.crossAdjustments);
            return undefined;
          } catch (err) {
            return (err as Error).message;
          }
        },
        apply: async (d, by) => {
          const at = new Date().toISOString();
          plan.approval = { decision: d.decision, by, at, ...(d.reason ? { reason: d.reason } : {}) };
          if (d.decision === 'reject') return this.moveTo('rejected');
          if (d.crossAdjustments) plan.crossPairs = adjustCrossInspection(plan.crossPairs!, d.crossAdjustments);
          plan.schedule = await scheduleComprehensiveRound.executeWithOptions(
            { summary: `排期：${input.year}年${input.month}月综合督查` },
            [
              {
                year: input.year,
                month: input.month,
                round: {
                  year: input.year,
                  units: input.units,
                  crossInspection: input.crossInspection,
                  ...(plan.crossPairs ? { assignments: plan.crossPairs } : {}),
                  plan: plan.planId,
                  approvedBy: by,
                  approvedAt: at,
                },
              },
            ],
          );
          this.moveTo('scheduled');
          this.notifier.send('approved', {
            to: { role: 'office' },
            subject: `【年度督查计划获批】${input.year}年度`,
            body: `${input.year}年度督查计划已获领导小组批准，综合督查定于${chineseDate(plan.schedule.firesAt.slice(0, 10))}启动。`,
          });
        },
      },
    };
  }

  /** What the step registration reads of the plan (overseers only reach it: its contract says so). */
  host(): StepHost {
    return {
      stage: () => this.plan.stage,
      stageLabel: (s) => planStageLabels[s as PlanStage] ?? s,
      settle: () => undefined,
      ack: () => ({
        revision: this.plan.revision,
        stage: this.plan.stage,
        closed: this.plan.stage !== 'awaiting-approval',
      }),
    };
  }

  /** The office's draft goes to the leading group, and waits for its decision. */
  async awaitDecision(): Promise<void> {
    const { input } = this;
    this.notifier.send('drafted', {
      to: { role: 'leading-group' },
      subject: `【待批准】${input.year}年度督查计划`,
      body: `${input.year}年度督查计划：综合督查${input.units.length}个单位（${input.month}月${input.crossInspection ? '，市级交叉督查' : ''}），专项督查${input.specialTopics.length}项。`,
    });
    await this.save();
    await condition(() => this.plan.stage !== 'awaiting-approval');
    await this.notifier.drain();
    await this.save();
  }
}

/**
 * @example
 * await client.workflow.start('supervisionPlan', { workflowId: 'supervision-plan-2026', taskQueue, args: [input] });
 */
export async function supervisionPlan(input: AnnualPlanInput): Promise<AnnualPlanRecord> {
  assertInput(input);
  const plan = new SupervisionPlan(input);
  upsertSearchAttributes([
    { key: CaseRound, value: ids.round(input.year) },
    { key: CaseStage, value: plan.stage },
  ]);
  setHandler(planContract.recordQuery, () => plan.view());
  registerSteps(planSteps, plan.handlers(), plan.host());
  await plan.awaitDecision();
  return plan.view();
}
