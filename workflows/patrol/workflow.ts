/**
 * One patrol (巡查, Chapter 3, Art. 12–16) as one long-running workflow, from proposal to closing. The steps are
 * declared in patrol/contract.ts; here is what each does, in the order of the measures. Rules are in rules.ts,
 * the Chinese in texts.ts.
 */
import { condition, continueAsNew, log, patched, setHandler } from '@temporalio/workflow';
import { assertInput } from '../engine/failures';
import type { Actor, PatrolStage } from '../domain';
import { groundsSourceLabels, patrolKeyProblems, patrolStageLabels, transferRecipients } from '../domain';
import { CaseBase } from '../engine/case';
import { RectificationReviewer } from '../common-steps/rectification';
import { isOpenTrack } from '../engine/schemas';
import { extendDeadlineHandler, followUpHandler } from '../common-steps/extension';
import { assignHandler } from '../common-steps/assignment';
import { crossGroupProblem, findingProblem, groupProblem } from '../common-steps/inspection';
import { limitProblem } from '../engine/texts';
import type { StepHandlers } from '../engine/steps';
import { registerSteps } from '../engine/steps';
import type { PatrolCaseInput, PatrolFields, PatrolOutcome } from './contract';
import { patrolContract, patrolSteps } from './contract';
import {
  approvalProblem,
  feedbackProblem,
  instructionsProblem,
  reportProblem,
  suggestionProblem,
  summaryProblem,
  workPlanProblem,
} from './rules';
import { patrolTexts as t } from './texts';

export class PatrolCase extends CaseBase<PatrolStage, PatrolFields> {
  private readonly sources: string;

  constructor(private readonly input: PatrolCaseInput) {
    // Art. 12: the leading group proposes; what the office starts is its draft. (Patrols the office started before this
    // rule replay as they ran.)
    const drafted = !input.resume && input.proposedBy.role === 'office' && patched('office-drafts-patrol-proposal');
    super({
      kind: 'patrol',
      unit: input.targetUnit,
      initialStage: drafted ? 'drafted' : 'awaiting-approval',
      stageLabels: patrolStageLabels,
      initialAwaiting: drafted
        ? [{ role: 'leading-group', step: 'submitProposal', label: t.awaiting.proposal }]
        : [{ role: 'committee', step: 'decideApproval', label: t.awaiting.approval }],
      fields: {
        grounds: input.grounds,
        ...(input.citedReports?.length ? { citedReports: input.citedReports } : {}),
        ...(input.crossPatrol ? { crossPatrol: input.crossPatrol } : {}),
        findings: [],
        suggestions: [],
        requests: [],
        transfers: [],
      },
      groupWord: '巡查组',
      resume: input.resume,
    });
    this.sources = input.grounds.sources.map((s) => groundsSourceLabels[s]).join('、');
  }

  /** Art. 12: the leading group's proposal goes to the committee. */
  propose(): void {
    if (this.keeper.stage === 'drafted') {
      this.keeper.note('grounds', 'drafted', t.drafted(this.unit, this.sources), {
        by: this.input.proposedBy,
        note: this.input.grounds.summary,
      });
      this.notifier.send('proposal-drafted', {
        to: { role: 'leading-group' },
        ...t.draftNotice(this.unit, this.sources),
      });
      return;
    }
    this.submitted(this.input.proposedBy);
  }

  /** The proposal goes to the committee (Art. 12). */
  private submitted(by: Actor, note?: string): void {
    this.keeper.note('grounds', 'proposed', t.proposed(this.unit, this.sources), {
      by,
      note: note ?? this.input.grounds.summary,
    });
    this.notifier.send('approval-requested', {
      to: { role: 'committee' },
      ...t.approvalRequest(this.unit, this.sources),
    });
  }

  handlers(): StepHandlers<typeof patrolSteps> {
    const { keeper, notifier, deadlines, c, unit } = this;
    const awaitSummary = () =>
      keeper.moveTo('rectification', [
        { role: 'leading-group', step: 'reportRectificationSummary', label: t.awaiting.summary },
      ]);
    const rectifier = this.reviewer(() => c.feedback?.rectificationOpinions ?? [], awaitSummary);
    return {
      // Art. 12: the leading group submits the office's draft to the committee.
      submitProposal: {
        apply: (d, by) => {
          keeper.moveTo('awaiting-approval', [
            { role: 'committee', step: 'decideApproval', label: t.awaiting.approval },
          ]);
          this.submitted(by, d.note);
        },
      },

      // Art. 12: the committee approves or rejects; a rejection closes the patrol with its reason.
      decideApproval: {
        check: approvalProblem,
        apply: (d, by) => {
          c.approval = { decision: d.decision, by, at: this.now(), ...(d.reason ? { reason: d.reason } : {}) };
          if (d.decision === 'approve') {
            keeper.note('approval', 'committee-approved', t.approved, { by, note: d.reason });
            keeper.moveTo('forming-group', [{ role: 'office', step: 'formGroup', label: t.awaiting.group }]);
          } else {
            keeper.note('approval', 'committee-rejected', t.rejected, { by, note: d.reason });
            keeper.moveTo('rejected', [], { closed: true });
          }
        },
      },

      // Art. 13: a department-rank leader; nobody patrols their own unit.
      formGroup: {
        check: (d) =>
          groupProblem(d.group, unit, 13) ?? crossGroupProblem(d.group, c.crossPatrol?.inspectingCity, '交叉巡查'),
        apply: (d, by) => {
          if (d.unannounced) {
            c.unannounced = true;
            keeper.note('unannounced', 'unannounced-visit', t.unannounced, { by });
          }
          this.groupFormed(
            d.group,
            by,
            t.groupFormed(d.group.leader.name, d.group.members.length),
            t.awaiting.workPlan,
          );
        },
      },

      // Art. 15 (1)(2): the work plan; the group is stationed at the unit, which is told and may now see the patrol.
      submitWorkPlan: {
        check: workPlanProblem,
        apply: (d, by) => {
          const leader = c.group!.leader.name;
          c.workPlan = { summary: d.summary, stationedOn: d.stationedOn, at: this.now(), by };
          if (this.unannounced) {
            keeper.note('workPlan', 'unannounced-visit-began', t.unannouncedBegan(d.stationedOn), { by });
          } else {
            const cross = c.crossPatrol?.inspectingCity.name;
            c.stationing = {
              stationedOn: d.stationedOn,
              groupLeader: leader,
              ...(cross ? { inspectingCity: cross } : {}),
              at: this.now(),
            };
            keeper.note('stationing', 'stationed', t.stationed(unit, d.stationedOn), { by });
          }
          keeper.moveTo('field-work', [{ ...this.groupParty(), step: 'submitReport', label: t.awaiting.report }]);
          this.tellUnit(
            'stationed',
            t.stationingNotice(unit, d.stationedOn, leader, c.crossPatrol?.inspectingCity.name),
          );
        },
      },

      // Art. 14, 5: findings, each under one key problem and with the methods used.
      recordFinding: {
        check: (d) =>
          limitProblem(c.findings.length, this.limits.findings, t.limits.findings) ??
          findingProblem({ keyItem: d.keyProblem, ...d }, patrolKeyProblems, 14),
        apply: async (d, by) => {
          const { finding, named } = await this.newFinding({ ...d, keyItem: d.keyProblem }, patrolKeyProblems, by);
          c.findings.push(finding);
          keeper.note('findings', 'finding-recorded', t.findingRecorded(finding.id, d.keyProblem, named), { by });
          keeper.sync();
        },
      },

      // Art. 15 (2): an on-site handling suggestion to the unit at once; its answer is chased on the deadline engine.
      sendHandlingSuggestion: {
        check: (d) =>
          limitProblem(c.suggestions.length, this.limits.suggestions, t.limits.suggestions) ??
          (this.unannounced && !this.unitKnows ? t.unannouncedSuggestion : undefined) ??
          suggestionProblem(d, c.findings),
        apply: async (d, by) => {
          const id = c.suggestions.length + 1;
          const label = t.suggestionAnswer(id);
          const due = await deadlines.compute('handling-suggestion-answer', label);
          c.suggestions.push({ id, summary: d.summary, findingIds: d.findingIds ?? [], at: this.now(), by });
          keeper.note('suggestions', 'handling-suggestion-sent', t.suggestionSent(unit, id), { by });
          deadlines.start(
            {
              key: `suggestion-${id}`,
              kind: 'handling-suggestion-answer',
              label,
              party: this.unitParty(),
              section: 'suggestions',
              step: 'answerHandlingSuggestion',
              params: { suggestionId: id },
              detail: t.suggestionDetail(d.summary),
            },
            due,
          );
        },
      },

      answerHandlingSuggestion: {
        conflict: (d) => {
          const s = c.suggestions.find((x) => x.id === d.suggestionId);
          return !s
            ? `没有编号为${d.suggestionId}的处理建议`
            : s.answer
              ? `处理建议${d.suggestionId}已答复`
              : undefined;
        },
        check: (d) => (d.answer.trim() ? undefined : '答复不能为空'),
        apply: (d, by) => {
          c.suggestions.find((x) => x.id === d.suggestionId)!.answer = { text: d.answer, at: this.now(), by };
          deadlines.submit(`suggestion-${d.suggestionId}`, by);
        },
      },

      // Art. 15 (3): the written report with handling opinions based on facts and rules.
      submitReport: {
        check: reportProblem,
        apply: (d, by) => {
          c.report = { situation: d.situation, problems: d.problems, opinions: d.opinions, at: this.now(), by };
          keeper.note('report', 'report-submitted', t.reportSubmitted(d.opinions.length), { by });
          keeper.moveTo('under-study', [
            { role: 'leading-group', step: 'sendRequestForInstructions', label: t.awaiting.request },
          ]);
        },
      },

      // Art. 16 (1): the leading group studies the report and asks the committee.
      sendRequestForInstructions: {
        check: (d) =>
          limitProblem(c.requests.length, this.limits.requests, t.limits.requests) ??
          (d.summary.trim() ? undefined : '请示内容不能为空'),
        apply: (d, by) => {
          c.requests.push({ summary: d.summary, at: this.now(), by });
          const n = c.requests.length;
          keeper.note('requests', 'request-for-instructions-sent', t.requestSent(n), { by });
          keeper.moveTo('awaiting-instructions', [
            { role: 'committee', step: 'decideInstructions', label: t.awaiting.instructions },
          ]);
          notifier.send(`request-${n}`, { to: { role: 'committee' }, ...t.instructionsRequest(unit, n) });
        },
      },

      decideInstructions: {
        check: instructionsProblem,
        apply: (d, by) => {
          Object.assign(c.requests.at(-1)!, {
            decision: d.decision,
            decidedAt: this.now(),
            decidedBy: by,
            ...(d.remarks ? { remarks: d.remarks } : {}),
          });
          if (d.decision === 'approve') {
            keeper.note('requests', 'instructions-approved', t.instructionsApproved, { by, note: d.remarks });
            keeper.moveTo('issuing-feedback', [
              { role: 'leading-group', step: 'issueFeedback', label: t.awaiting.feedback },
            ]);
          } else {
            keeper.note('requests', 'instructions-sent-back', t.instructionsSentBack, { by, note: d.remarks });
            keeper.moveTo('under-study', [
              { role: 'leading-group', step: 'sendRequestForInstructions', label: t.awaiting.revisedRequest },
            ]);
          }
        },
      },

      // Art. 16 (1): violations of discipline or law are transferred; the receiving body sees it and acknowledges.
      transferViolation: {
        check: (d) =>
          limitProblem(c.transfers.length, this.limits.transfers, t.limits.transfers) ??
          (d.summary.trim() ? undefined : '移交事项不能为空'),
        apply: async (d, by) => {
          const id = c.transfers.length + 1;
          const recipient = transferRecipients[d.to];
          const party = { role: 'discipline' as const, unit: recipient.unit };
          const label = t.transferAcknowledgement(id);
          const due = await deadlines.compute('transfer-acknowledgement', label);
          c.transfers.push({ id, to: d.to, recipientName: recipient.name, summary: d.summary, at: this.now(), by });
          keeper.note('transfers', 'violation-transferred', t.transferred(recipient.name, id), { by, party });
          keeper.grant(party);
          deadlines.start(
            {
              key: `transfer-${id}`,
              kind: 'transfer-acknowledgement',
              label,
              party,
              section: 'transfers',
              step: 'acknowledgeTransfer',
              params: { transferId: id },
              detail: t.transferDetail(d.summary),
            },
            due,
          );
        },
      },

      acknowledgeTransfer: {
        allow: (by, d) => {
          const transfer = c.transfers.find((x) => x.id === d.transferId);
          return transfer && by.unit !== transferRecipients[transfer.to].unit
            ? `移交${transfer.id}的接收机关是${transfer.recipientName}`
            : undefined;
        },
        conflict: (d) => {
          const transfer = c.transfers.find((x) => x.id === d.transferId);
          return !transfer
            ? `没有编号为${d.transferId}的移交`
            : transfer.acknowledged
              ? `移交${d.transferId}已确认接收`
              : undefined;
        },
        apply: (d, by) => {
          c.transfers.find((x) => x.id === d.transferId)!.acknowledged = {
            at: this.now(),
            by,
            ...(d.note ? { note: d.note } : {}),
          };
          deadlines.submit(`transfer-${d.transferId}`, by);
        },
      },

      // Art. 16 (2): feedback and rectification opinions; the unit reports within 2 calendar months.
      issueFeedback: {
        check: feedbackProblem,
        apply: async (d, by) => {
          const due = await deadlines.compute('patrol-rectification', t.rectification);
          c.feedback = { situation: d.situation, rectificationOpinions: d.rectificationOpinions, at: this.now(), by };
          // Art. 16 (2): the rectification is reviewed per opinion (cases whose feedback went out before this change
          // replay as they ran: the report closes the matter).
          if (patched('rectification-review'))
            c.rectificationReview = RectificationReviewer.open(d.rectificationOpinions.length);
          this.revealToUnit(by);
          keeper.note('feedback', 'feedback-issued', t.feedbackIssued(unit, d.rectificationOpinions.length), { by });
          keeper.moveTo('rectification', []);
          deadlines.start(
            {
              key: 'rectification',
              kind: 'patrol-rectification',
              label: t.rectification,
              party: this.unitParty(),
              section: 'rectification',
              step: 'submitRectificationReport',
              detail: t.feedbackDetail(d.rectificationOpinions),
            },
            due,
          );
        },
      },

      submitRectificationReport: rectifier.reportHandler({
        current: () => c.rectification,
        record: (r) => (c.rectification = r),
        extra: (d) => (d.publicSummary?.trim() ? { publicSummary: d.publicSummary } : {}),
        reported: awaitSummary,
      }),

      // Art. 16 (3): the leading group reports rectification to the committee and publishes what can be public.
      reportRectificationSummary: {
        conflict: () => {
          if (!c.rectification) return '被巡查单位尚未反馈整改情况';
          if (c.rectificationReview?.complete === false) return '整改情况尚未审核通过';
          return c.summaryToCommittee ? '整改情况已报告' : undefined;
        },
        check: (d) => summaryProblem(d, c.rectification),
        apply: async (d, by) => {
          if (d.publish) {
            const text = c.rectification!.publicSummary!;
            const published = await this.publish(`公开整改情况：${unit.name}`, {
              title: t.publicationTitle(unit),
              text,
            });
            c.publication = { text, at: published.publishedAt, url: published.url };
            keeper.note('publication', 'rectification-published', t.published, { by });
          }
          c.summaryToCommittee = { summary: d.summary, at: this.now(), by };
          keeper.note('summaryToCommittee', 'rectification-reported', t.summaryReported, { by });
          notifier.send('rectification-summary', { to: { role: 'committee' }, ...t.summaryReport(unit) });
          keeper.moveTo('rectification', []);
        },
      },

      // Art. 16 (2): the leading group (or the office for it) accepts or sends back each opinion's rectification.
      reviewRectification: rectifier.handler(),

      // The final report goes to the committee once the leading group has signed it.
      signReport: this.signOff.handler(),

      // Any open deadline: the leading group or the office moves it later, with a reason.
      extendDeadline: extendDeadlineHandler(deadlines, () => this.limits),
      assignItem: assignHandler(deadlines),
      followUpDeadline: followUpHandler(deadlines),

      // Art. 15: files of the work plan and the written report, stored by the API; the record keeps their hashes.
      attachFiles: this.attachFiles(),

      // Internal comments, each seen by its audience; the API stored the text first.
      addComment: this.comment(),
      // A notice no channel delivered: the office says what it did (催办未送达).
      handleUndelivered: this.undelivered(),
    };
  }

  /**
   * The patrol closes when everything is done: rectification reported to the committee, every suggestion answered
   * and every transfer acknowledged. The committee receives the final report.
   */
  settle(): void {
    const done = this.c.summaryToCommittee !== undefined && !this.keeper.deadlines.some(isOpenTrack);
    if (this.closed || !done) return;
    const draft = () => t.finalReport(this.unit, this.c);
    if (!this.signOff.ready('final-report', draft)) return;
    this.keeper.note('closing', 'closed', t.closed);
    this.keeper.moveTo('closed', [], { closed: true });
    this.notifier.send('final-report', { to: { role: 'committee' }, ...this.signOff.letter('final-report', draft) });
  }
}

/**
 * @example
 * await client.workflow.start<typeof patrolCase>('patrolCase', {
 *   workflowId: ids.case('patrol', 2026, 'taiyuan', 1), taskQueue: 'supervision-patrol',
 *   args: [{ targetUnit, grounds: { sources: ['public-report'], summary: '…' }, proposedBy }],
 * });
 */
export async function patrolCase(input: PatrolCaseInput): Promise<PatrolOutcome> {
  assertInput(input);
  const patrol = new PatrolCase(input);
  registerSteps(patrolSteps, patrol.handlers(), patrol.host());
  patrol.acceptCitations();
  setHandler(patrolContract.recordQuery, () => patrol.record());

  await patrol.begin(() => patrol.propose());
  await condition(() => patrol.closed || patrol.historyFull());
  if (!patrol.closed) {
    // Near the history's limits: the same patrol goes on in a new run, with its whole record.
    await patrol.readyToContinue();
    return continueAsNew<typeof patrolCase>({ ...input, resume: patrol.carry() });
  }
  log.info('Patrol closed', { caseId: patrol.keeper.caseId, stage: patrol.keeper.stage });
  await patrol.finish();
  return { caseId: patrol.keeper.caseId, stage: patrol.keeper.stage };
}
