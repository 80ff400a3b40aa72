/**
 * The annual supervision plan (Art. 6, 8): the office drafts it, the leading group approves it, and the approval
 * puts the year's comprehensive round on a Temporal Schedule (Temporal UI → Schedules), to run in the planned
 * month. Special supervisions of the plan's topics are started any time (POST /supervisions).
 */
import {
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { Actor } from './domain';
import { roleLabels } from './domain';
import { Notifier } from './notifier';
import type { NotificationRecord } from './notifier';
import type { StepInput } from './steps';
import { required, stepDefiner } from './steps';
import { CaseRound, CaseStage } from './search-attributes';
import { roundId } from './supervision-round';

export interface SpecialTopic {
  topic: string;
  units: string[];
  /** Planned month, 1–12. */
  month: number;
}

export interface AnnualPlanInput {
  year: number;
  /** Month of the comprehensive round (Art. 8: normally once a year), 1–12. */
  month: number;
  /** Units of the comprehensive round. */
  units: string[];
  crossInspection: boolean;
  specialTopics: SpecialTopic[];
  draftedBy: Actor;
}

export type PlanStage = 'awaiting-approval' | 'scheduled' | 'rejected';

export interface AnnualPlanRecord extends Omit<AnnualPlanInput, 'draftedBy'> {
  planId: string;
  stage: PlanStage;
  draftedBy: Actor;
  draftedAt: string;
  approval?: { decision: 'approve' | 'reject'; reason?: string; by: Actor; at: string };
  schedule?: { scheduleId: string; firesAt: string; roundId: string };
  notifications: NotificationRecord[];
}

export interface PlanDecisionInput extends StepInput {
  decision: 'approve' | 'reject';
  reason?: string;
}

export const planRecordQuery = defineQuery<AnnualPlanRecord>('planRecord');
export const decideAnnualPlanUpdate = defineUpdate<AnnualPlanRecord, [PlanDecisionInput]>('decideAnnualPlan');

const { scheduleComprehensiveRound } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes', nonRetryableErrorTypes: ['ScheduleInvalid'] },
});

export async function supervisionPlan(input: AnnualPlanInput): Promise<AnnualPlanRecord> {
  const notifications: NotificationRecord[] = [];
  const notifier = new Notifier(notifications, () => undefined);
  const plan: AnnualPlanRecord = {
    ...input,
    planId: `supervision-plan-${input.year}`,
    stage: 'awaiting-approval',
    draftedAt: new Date().toISOString(),
    notifications,
  };
  const view = () => JSON.parse(JSON.stringify(plan)) as AnnualPlanRecord;
  const defineStep = stepDefiner();
  upsertSearchAttributes([
    { key: CaseRound, value: roundId(input.year) },
    { key: CaseStage, value: plan.stage },
  ]);
  setHandler(planRecordQuery, view);

  // Art. 6: the leading group approves the annual plan; approval schedules the comprehensive round.
  defineStep(decideAnnualPlanUpdate, {
    stages: ['awaiting-approval'],
    currentStage: () => plan.stage,
    stageLabel: (s) => (s === 'scheduled' ? '已批准并排期' : s === 'rejected' ? '未批准' : '待批准'),
    allow: (by) => (by.role === 'leading-group' ? undefined : `只有${roleLabels['leading-group']}可以批准年度督查计划`),
    check: (d) => (d.decision === 'reject' ? required(d.reason, '不批准的理由') : undefined),
    apply: async (d) => {
      const at = new Date().toISOString();
      if (d.decision === 'reject') {
        plan.approval = { decision: 'reject', by: d.by, at, ...(d.reason ? { reason: d.reason } : {}) };
        plan.stage = 'rejected';
      } else {
        const schedule = await scheduleComprehensiveRound.executeWithOptions(
          { summary: `排期：${input.year}年${input.month}月综合督查` },
          [
            {
              year: input.year,
              month: input.month,
              round: {
                year: input.year,
                units: input.units,
                crossInspection: input.crossInspection,
                plan: plan.planId,
                approvedBy: d.by,
                approvedAt: at,
              },
            },
          ],
        );
        plan.approval = { decision: 'approve', by: d.by, at, ...(d.reason ? { reason: d.reason } : {}) };
        plan.schedule = schedule;
        plan.stage = 'scheduled';
        notifier.send('approved', {
          to: { role: 'office' },
          subject: `【年度督查计划获批】${input.year}年度`,
          body: `${input.year}年度督查计划已获领导小组批准，综合督查定于 ${schedule.firesAt.slice(0, 10)} 启动（计划 ${schedule.scheduleId}）。`,
        });
      }
      upsertSearchAttributes([{ key: CaseStage, value: plan.stage }]);
      return view();
    },
  });

  notifier.send('drafted', {
    to: { role: 'leading-group' },
    subject: `【待批准】${input.year}年度督查计划`,
    body: `${input.year}年度督查计划：综合督查 ${input.units.length} 个单位（${input.month}月${input.crossInspection ? '，市级交叉督查' : ''}），专项督查 ${input.specialTopics.length} 项。`,
  });
  await condition(() => plan.stage !== 'awaiting-approval');
  await notifier.drain();
  return view();
}
