/**
 * Art. 13–15: the group formed, its work plan and stationing, findings, on-site handling suggestions and their
 * answers, and the written report.
 */
import { patrolKeyProblems } from '../stages';
import { crossGroupProblem, findingProblem, groupProblem } from '../../common-steps/inspection';
import { limitProblem } from '../../engine/texts';
import { suggestionAddressee, suggestionGroundsProblem, suggestionSent } from '../handling-suggestion';
import { reportProblem, reportReadyProblem, suggestionProblem, workPlanProblem } from '../rules';
import { localToday } from '../../engine/texts';
import { patrolTexts as t } from '../texts';
import type { PatrolCase, PatrolHandlers } from '../workflow';

export function fieldWorkHandlers(
  p: PatrolCase,
): PatrolHandlers<
  | 'formGroup'
  | 'submitWorkPlan'
  | 'recordFinding'
  | 'sendHandlingSuggestion'
  | 'answerHandlingSuggestion'
  | 'submitReport'
  | 'withdrawReport'
> {
  const { keeper, deadlines, c, unit } = p;
  return {
    // Art. 13: a department-rank leader; nobody patrols their own unit.
    formGroup: {
      check: (d) =>
        groupProblem(d.group, unit, 13, p.recusal) ??
        crossGroupProblem(d.group, c.crossPatrol?.inspectingCity, '交叉巡查'),
      apply: (d, by) => {
        if (d.unannounced) {
          c.unannounced = true;
          keeper.note('unannounced', 'unannounced-visit', t.unannounced, { by });
        }
        p.groupFormed(d.group, by, t.groupFormed(d.group.leader.name, d.group.members.length), t.awaiting.workPlan);
      },
    },

    // Art. 15 (1)(2): the work plan; the group is stationed at the unit, which is told and may now see the patrol.
    submitWorkPlan: {
      check: workPlanProblem,
      apply: (d, by) => {
        const leader = c.group!.leader.name;
        c.workPlan = { summary: d.summary, stationedOn: d.stationedOn, at: p.now(), by };
        if (p.unannounced) {
          keeper.note('workPlan', 'unannounced-visit-began', t.unannouncedBegan(d.stationedOn), { by });
        } else {
          const cross = c.crossPatrol?.inspectingCity.name;
          c.stationing = {
            stationedOn: d.stationedOn,
            groupLeader: leader,
            ...(cross ? { inspectingCity: cross } : {}),
            at: p.now(),
          };
          keeper.note('stationing', 'stationed', t.stationed(unit, d.stationedOn), { by });
        }
        keeper.moveTo('field-work', [{ ...p.groupParty(), step: 'submitReport', label: t.awaiting.report }]);
        p.tellUnit('stationed', t.stationingNotice(unit, d.stationedOn, leader, c.crossPatrol?.inspectingCity.name));
      },
    },

    // Art. 14, 5: findings, each under one key problem and with the methods used.
    recordFinding: {
      check: (d) =>
        limitProblem(c.findings.length, p.limits.findings, t.limits.findings) ??
        findingProblem({ keyItem: d.keyProblem, ...d }, patrolKeyProblems, 14),
      apply: async (d, by) => {
        const { finding, named } = await p.newFinding({ ...d, keyItem: d.keyProblem }, patrolKeyProblems, by);
        c.findings.push(finding);
        keeper.note('findings', 'finding-recorded', t.findingRecorded(finding.id, d.keyProblem, named), { by });
        keeper.sync();
      },
    },

    // Art. 15 (2): an on-site handling suggestion to the unit at once; its answer is chased on the deadline engine.
    sendHandlingSuggestion: {
      check: (d) =>
        limitProblem(c.suggestions.length, p.limits.suggestions, t.limits.suggestions) ??
        (p.unannounced && !p.unitKnows ? t.unannouncedSuggestion : undefined) ??
        suggestionProblem(d, c.findings),
      // Art. 15 (2): only for problems that meet all three conditions (checked when sent: older ones replay as they ran).
      admit: (d) => suggestionGroundsProblem(d),
      apply: async (d, by) => {
        const id = c.suggestions.length + 1;
        const label = t.suggestionAnswer(id);
        const due = await deadlines.compute('handling-suggestion-answer', label);
        const { publicConcern, violation, urgency } = d;
        const grounds = publicConcern && violation && urgency ? { publicConcern, violation, urgency } : undefined;
        const addressee = suggestionAddressee(unit);
        c.suggestions.push({
          id,
          summary: d.summary,
          findingIds: d.findingIds ?? [],
          addressee,
          ...(grounds ? { grounds } : {}),
          at: p.now(),
          by,
        });
        keeper.note('suggestions', 'handling-suggestion-sent', suggestionSent(addressee, id), { by });
        deadlines.start(
          {
            key: `suggestion-${id}`,
            kind: 'handling-suggestion-answer',
            label,
            party: p.unitParty(),
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
        return !s ? `没有编号为${d.suggestionId}的处理建议` : s.answer ? `处理建议${d.suggestionId}已答复` : undefined;
      },
      check: (d) => (d.answer.trim() ? undefined : '答复不能为空'),
      apply: (d, by) => {
        c.suggestions.find((x) => x.id === d.suggestionId)!.answer = { text: d.answer, at: p.now(), by };
        deadlines.submit(`suggestion-${d.suggestionId}`, by);
      },
    },

    // Art. 15 (3): the written report with handling opinions based on facts and rules.
    submitReport: {
      check: reportProblem,
      admit: () => reportReadyProblem(c.findings.length, c.workPlan?.stationedOn, localToday()),
      apply: (d, by) => {
        c.report = { situation: d.situation, problems: d.problems, opinions: d.opinions, at: p.now(), by };
        keeper.note('report', 'report-submitted', t.reportSubmitted(d.opinions.length), { by });
        keeper.moveTo('under-study', [
          { role: 'leading-group', step: 'sendRequestForInstructions', label: t.awaiting.request },
        ]);
      },
    },

    // The group takes its report back until the leading group acts on it (a request, a transfer): field work goes on.
    withdrawReport: {
      conflict: () => (c.requests.length || c.transfers.length ? t.reportActedOn : undefined),
      check: (d) => (d.reason.trim() ? undefined : '撤回须说明理由'),
      apply: (d, by) => {
        (c.withdrawals ??= []).push({ what: 'report', reason: d.reason, at: p.now(), by });
        delete c.report;
        keeper.note('report', 'report-withdrawn', t.reportWithdrawn, { by, note: d.reason });
        keeper.moveTo('field-work', [{ ...p.groupParty(), step: 'submitReport', label: t.awaiting.report }]);
      },
    },
  };
}
