/**
 * One patrol case (巡查, Chapter 3, Art. 12–16) as one long-running workflow.
 * Built so far: the proposal and the committee's approval (Art. 12). Later stages follow DOMAIN.md.
 */
import {
  condition,
  allHandlersFinished,
  defineQuery,
  defineUpdate,
  log,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { CaseRecord } from './case-record';
import { CaseRecordKeeper } from './case-record';
import type { Actor, GroundsSource, PatrolStage, TargetUnit } from './domain';
import { groundsSourceLabels, patrolStageLabels, roleLabels } from './domain';
import { refuse, refusalTypes } from './failures';

// ---- messages (the contract the API uses) ----

export interface PatrolGrounds {
  /** Art. 12: what information the proposal rests on. */
  sources: GroundsSource[];
  /** Chinese summary of the grounds. */
  summary: string;
}

export interface PatrolCaseInput {
  targetUnit: TargetUnit;
  grounds: PatrolGrounds;
  proposedBy: Actor;
}

export interface PatrolCaseRecord extends CaseRecord<PatrolStage> {
  grounds: PatrolGrounds;
  approval?: { decision: 'approve' | 'reject'; reason?: string; by: Actor; at: string };
}

export interface PatrolApprovalDecision {
  decision: 'approve' | 'reject';
  /** Required for a rejection (kept on the closed case), optional for an approval. */
  reason?: string;
  by: Actor;
}

export interface PatrolOutcome {
  caseId: string;
  stage: PatrolStage;
}

/** The whole case record. */
export const patrolRecordQuery = defineQuery<PatrolCaseRecord>('caseRecord');

/** Art. 12: the committee approves or rejects a proposed patrol. Returns the case record after the decision. */
export const decidePatrolApprovalUpdate = defineUpdate<PatrolCaseRecord, [PatrolApprovalDecision]>(
  'decidePatrolApproval',
);

const { notify } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * @example
 * await client.workflow.start(patrolCase, {
 *   workflowId: 'patrol-2026-taiyuan-0001', taskQueue: 'supervision-patrol',
 *   args: [{ targetUnit, grounds: { sources: ['public-report'], summary: '…' }, proposedBy }],
 * });
 */
export async function patrolCase(input: PatrolCaseInput): Promise<PatrolOutcome> {
  const keeper = new CaseRecordKeeper<PatrolStage>('patrol', input.targetUnit, 'awaiting-approval', patrolStageLabels, [
    { role: 'committee', action: 'approval', label: '审批巡查立项（Art. 12）' },
  ]);
  let approval: PatrolCaseRecord['approval'];
  const record = (): PatrolCaseRecord => ({
    ...keeper.snapshot(),
    grounds: input.grounds,
    ...(approval ? { approval } : {}),
  });

  setHandler(patrolRecordQuery, record);

  setHandler(
    decidePatrolApprovalUpdate,
    (d) => {
      approval = {
        decision: d.decision,
        by: d.by,
        at: new Date().toISOString(),
        ...(d.reason ? { reason: d.reason } : {}),
      };
      if (d.decision === 'approve') {
        keeper.note('committee-approved', '省委、省政府批准开展巡查', d.by, d.reason);
        keeper.moveTo('forming-group', [{ role: 'office', action: 'form-group', label: '组建巡查组（Art. 13）' }]);
      } else {
        keeper.note('committee-rejected', '省委、省政府未批准巡查', d.by, d.reason);
        keeper.moveTo('rejected', [], { closed: true });
      }
      return record();
    },
    {
      validator: (d: PatrolApprovalDecision) => {
        if (d.by.role !== 'committee') {
          throw refuse(refusalTypes.notAllowed, `只有${roleLabels.committee}可以审批巡查（Art. 12）`);
        }
        if (keeper.stage !== 'awaiting-approval') {
          throw refuse(
            refusalTypes.outOfOrder,
            `本案当前阶段为“${patrolStageLabels[keeper.stage]}”，审批已作出，不能再次审批`,
          );
        }
        if (d.decision === 'reject' && !d.reason?.trim()) {
          throw refuse(refusalTypes.invalid, '不批准巡查时必须说明理由（Art. 12）');
        }
      },
    },
  );

  const sources = input.grounds.sources.map((s) => groundsSourceLabels[s]).join('、');
  keeper.note(
    'proposed',
    `领导小组提请巡查${input.targetUnit.name}，依据：${sources}`,
    input.proposedBy,
    input.grounds.summary,
  );

  const caseId = keeper.snapshot().caseId;
  await notify.executeWithOptions({ summary: '通知省委、省政府：巡查待批准' }, [
    {
      notificationId: `${caseId}:approval-requested`,
      caseId,
      to: { role: 'committee' },
      subject: `【待审批】巡查${input.targetUnit.name}（${caseId}）`,
      body: `省脱贫攻坚领导小组提请对${input.targetUnit.name}开展巡查，依据：${sources}。${input.grounds.summary}`,
    },
  ]);

  await condition(() => approval !== undefined);
  log.info('Committee decided on the patrol', { caseId, decision: approval?.decision });

  if (keeper.stage === 'rejected') {
    await condition(allHandlersFinished);
    return { caseId, stage: keeper.stage };
  }

  // Art. 13 onwards arrive with the patrol-case issue; the case stays open and waits for them.
  await condition(() => keeper.closed);
  await condition(allHandlersFinished);
  return { caseId, stage: keeper.stage };
}
