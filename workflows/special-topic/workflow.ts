/**
 * A special supervision of a plan topic (专项督查, Art. 6, 8, 11): a parent workflow like the comprehensive round
 * (supervision-round/workflow.ts). The leading group approves it once; then one supervision per unit the plan named
 * starts as a child (type `special`, approved with the topic, waiting for its group), each telling the topic where it
 * stands; when every case has finished, the topic report is drafted, signed by the leading group and goes to 省委、省政府.
 */
import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  patched,
  proxyLocalActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { Value } from '@sinclair/typebox/value';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { createActivities } from '../../activities';
import { assertInput } from '../engine/failures';
import { ids } from '../ids';
import { CaseKind, CaseRound, CaseStage, TargetUnit as TargetUnitKey } from '../search-attributes';
import { Notifier } from '../engine/notifier';
import type { StepHandlers, StepHost } from '../engine/steps';
import { registerSteps } from '../engine/steps';
import { required } from '../engine/texts';
import { CaseProgressSchema, caseProgressSignal } from '../supervision-round/contract';
import { supervisionCase } from '../supervision/workflow';
import type { SpecialTopicInput, SpecialTopicRecord, TopicStage } from './contract';
import { groupsProblem, topicContract, topicSerial, topicStageLabels, topicSteps } from './contract';
import { topicTexts as t } from './texts';

const finished = (stage: string) => stage === 'closed' || stage === 'rejected';

// The topic in the case store (its cases write themselves): a local activity, retried while the store is down.
const { saveTopic } = proxyLocalActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export class SpecialTopic {
  private readonly record: SpecialTopicRecord;
  private readonly notifier: Notifier;

  constructor(private readonly input: SpecialTopicInput) {
    this.record = {
      topicId: workflowInfo().workflowId,
      year: input.year,
      n: input.n,
      topic: input.topic,
      month: input.month,
      plan: input.plan,
      units: input.units,
      groups: input.groups,
      stage: 'awaiting-approval',
      revision: 0,
      proposedBy: input.proposedBy,
      proposedAt: new Date().toISOString(),
      cases: [],
      progress: [],
      notifications: [],
    };
    this.notifier = new Notifier(this.record.notifications, () => this.record.revision++);
  }

  /** The topic as the `topicRecord` query gives it (a copy). */
  view(): SpecialTopicRecord {
    return JSON.parse(JSON.stringify(this.record)) as SpecialTopicRecord;
  }

  /**
   * The topic as it stands, in the case store, past Temporal's retention: at each decision and the report. Topics that
   * ran before this write replay without it.
   */
  private async archive(): Promise<void> {
    if (!patched('topic-archived')) return;
    await saveTopic.executeWithOptions({ summary: '存档' }, [this.view()]);
  }

  private moveTo(stage: TopicStage): void {
    this.record.stage = stage;
    this.record.revision++;
    upsertSearchAttributes([{ key: CaseStage, value: stage }]);
  }

  /** What each case tells the topic whenever it changes (reports out of order are dropped). */
  acceptProgress(): void {
    setHandler(caseProgressSignal, (p) => {
      // Only a case of this topic reports; anything else is ignored.
      if (!Value.Check(CaseProgressSchema, p) || !this.record.cases.some((c) => c.caseId === p.caseId)) return;
      const i = this.record.progress.findIndex((x) => x.caseId === p.caseId);
      if (i < 0) this.record.progress.push(p);
      else if (p.seq > this.record.progress[i]!.seq) this.record.progress[i] = p;
      else return;
      this.record.revision++;
    });
  }

  handlers(): StepHandlers<typeof topicSteps> {
    const { record } = this;
    const nameOf = (code: string) => record.units.find((u) => u.code === code)?.name ?? code;
    return {
      // Art. 6, 8: one approval for every unit of the topic; the cases start approved with it.
      decideTopic: {
        check: (d) => {
          if (d.decision === 'reject') return required(d.reason, '不批准的理由');
          return d.groups
            ? groupsProblem(
                record.units.map((u) => u.code),
                d.groups,
                nameOf,
              )
            : undefined;
        },
        apply: async (d, by) => {
          const at = new Date().toISOString();
          record.approval = { decision: d.decision, by, at, ...(d.reason ? { reason: d.reason } : {}) };
          if (d.decision === 'reject') {
            this.moveTo('rejected');
            return this.archive();
          }
          if (d.groups) record.groups = d.groups.map((g) => ({ name: g.name, units: [...g.units] }));
          await this.startCases(by, at);
          this.moveTo('under-way');
          this.notifier.send('approved', { to: { role: 'office' }, ...t.approved(record) });
          await this.archive();
        },
      },
      // Art. 11 (1): the topic report goes up once the leading group has signed it.
      signTopicReport: {
        conflict: () => (record.report?.signed ? '专项督查报告已签发' : undefined),
        apply: async (d, by) => {
          record.report!.signed = { by, at: new Date().toISOString(), ...(d.note ? { note: d.note } : {}) };
          this.notifier.send('report', {
            to: { role: 'committee' },
            ...t.reportUp(record.report!.title, record.report!.text),
          });
          this.moveTo('closed');
          await this.archive();
        },
      },
    };
  }

  /** One supervision per unit, each approved with the topic (a case that exists already is the topic's own). */
  private async startCases(by: SpecialTopicInput['proposedBy'], at: string): Promise<void> {
    const { input, record } = this;
    for (const group of record.groups) {
      for (const code of group.units) {
        const unit = input.units.find((u) => u.code === code)!;
        const caseId = ids.case('supervision', input.year, code, topicSerial(input.n));
        record.cases.push({ caseId, unit: code, group: group.name });
        try {
          await startChild(supervisionCase, {
            workflowId: caseId,
            parentClosePolicy: ParentClosePolicy.ABANDON,
            staticSummary: t.caseSummary(record, unit.name, group.name),
            typedSearchAttributes: [
              { key: CaseKind, value: 'supervision' },
              { key: TargetUnitKey, value: code },
              { key: CaseStage, value: 'forming-group' },
              { key: CaseRound, value: record.topicId },
            ],
            args: [
              {
                targetUnit: unit,
                type: 'special',
                topic: input.topic,
                year: input.year,
                memberUnits: input.memberUnits,
                proposedBy: input.proposedBy,
                approvedWithPlan: { plan: record.topicId, by, at },
                round: { workflowId: record.topicId, roundId: record.topicId },
              },
            ],
          });
        } catch (err) {
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        }
      }
    }
  }

  host(): StepHost {
    return {
      stage: () => this.record.stage,
      stageLabel: (s) => topicStageLabels[s as TopicStage] ?? s,
      settle: () => undefined,
      ack: () => ({ revision: this.record.revision, stage: this.record.stage, closed: finished(this.record.stage) }),
    };
  }

  /** Proposed to the leading group; approved, the cases run; finished, the report is drafted and waits to be signed. */
  async run(): Promise<void> {
    const { record } = this;
    this.notifier.send('proposed', { to: { role: 'leading-group' }, ...t.approvalRequest(record) });
    await condition(() => record.stage !== 'awaiting-approval');
    if (record.stage === 'rejected') return this.notifier.drain();
    await condition(
      () => record.progress.length === record.cases.length && record.progress.every((c) => finished(c.stage)),
    );
    const at = new Date().toISOString();
    record.report = { title: t.reportTitle(record), text: t.report(record, at), at };
    this.moveTo('reporting');
    this.notifier.send('report:draft', { to: { role: 'leading-group' }, ...t.reportDrafted(record.report.title) });
    await this.archive();
    // Closed by the signature, whose step still writes the archive: the workflow ends once every step has answered.
    await condition(() => record.stage === 'closed' && allHandlersFinished());
    await this.notifier.drain();
  }
}

/**
 * @example
 * await client.workflow.start('specialTopic', { workflowId: 'special-topic-2026-1', taskQueue, args: [input] });
 */
export async function specialTopic(input: SpecialTopicInput): Promise<SpecialTopicRecord> {
  assertInput(input);
  const topic = new SpecialTopic(input);
  upsertSearchAttributes([{ key: CaseStage, value: 'awaiting-approval' }]);
  setHandler(topicContract.recordQuery, () => topic.view());
  topic.acceptProgress();
  registerSteps(topicSteps, topic.handlers(), topic.host());
  await topic.run();
  return topic.view();
}
