/**
 * Art. 7, 9, 10 (and Art. 5 under cross inspection): the group formed, its work plan and the unit told, findings under
 * the five key contents, a follow-up visit's check of each earlier requirement, and the written report.
 */
import { patched } from '@temporalio/workflow';
import { followUpVerdicts } from '../../domain';
import { ledgerTexts, reportRebound } from '../../common-steps/problem-ledger';
import { supervisionKeyContents } from '../stages';
import { findingProblem } from '../../common-steps/inspection';
import { limitProblem } from '../../engine/texts';
import { reportProblem, supervisionGroupProblem, workPlanProblem } from '../rules';
import { supervisionTexts as t } from '../texts';
import type { SupervisionCase, SupervisionHandlers } from '../workflow';

export function fieldWorkHandlers(
  s: SupervisionCase,
): SupervisionHandlers<'formGroup' | 'submitWorkPlan' | 'recordFinding' | 'checkRequirement' | 'submitReport'> {
  const { keeper, c, unit } = s;
  return {
    // Art. 7 (and Art. 5 under cross inspection).
    formGroup: {
      check: (d) => supervisionGroupProblem(d.group, unit, s.input.memberUnits, s.cross, s.input.recusal),
      apply: (d, by) => {
        if (d.unannounced) {
          c.unannounced = true;
          keeper.note('unannounced', 'unannounced-visit', t.unannounced, { by });
        }
        const summary = t.groupFormed(d.group.leader.name, d.group.members.length, s.cross?.name);
        s.groupFormed(d.group, by, summary, t.awaiting.workPlan);
      },
    },

    // Art. 10 (1)(2): the work plan; field work begins and the unit is notified (and may now see the supervision).
    submitWorkPlan: {
      check: workPlanProblem,
      apply: (d, by) => {
        const leader = c.group!.leader.name;
        c.workPlan = { summary: d.summary, at: s.now(), by };
        if (s.unannounced) {
          keeper.note('workPlan', 'unannounced-visit-began', t.unannouncedBegan, { by });
        } else {
          c.notice = {
            groupLeader: leader,
            at: s.now(),
            ...(s.cross ? { inspectingCity: s.cross.name } : {}),
          };
          keeper.note('notice', 'field-work-started', t.fieldWork, { by });
        }
        keeper.moveTo('field-work', [
          {
            ...s.groupParty(),
            step: c.followUp ? 'checkRequirement' : 'submitReport',
            label: c.followUp ? t.awaiting.checks : t.awaiting.report,
          },
        ]);
        s.tellUnit('field-work', t.fieldWorkNotice(unit, s.what, leader, s.cross?.name));
      },
    },

    // Art. 9, 5: findings under the five key contents, with the methods used.
    recordFinding: {
      check: (d) =>
        limitProblem(c.findings.length, s.limits.findings, '本次督查记录的发现') ??
        findingProblem({ keyItem: d.keyContent, ...d }, supervisionKeyContents, 9),
      apply: async (d, by) => {
        const { finding, named } = await s.newFinding({ ...d, keyItem: d.keyContent }, supervisionKeyContents, by);
        c.findings.push({
          ...finding,
          ...(d.thirdPartyAssessment?.trim() ? { thirdPartyAssessment: d.thirdPartyAssessment } : {}),
        });
        keeper.note('findings', 'finding-recorded', t.findingRecorded(finding.id, d.keyContent, named), { by });
        keeper.sync();
      },
    },

    // A follow-up visit (回头看): what the group found of each earlier requirement.
    checkRequirement: {
      conflict: (d) =>
        c.requirementChecks?.some((x) => x.requirement === d.requirement)
          ? `原第${d.requirement}项整改要求已检查`
          : undefined,
      check: (d) =>
        !c.followUp
          ? '只有回头看才逐项检查原整改要求'
          : !c.followUp.requirements.some((r) => r.id === d.requirement)
            ? `原督查、巡查没有第${d.requirement}项整改要求（共${c.followUp.requirements.length}项）`
            : !d.summary.trim()
              ? '须写明回头看情况'
              : undefined,
      apply: async (d, by) => {
        (c.requirementChecks ??= []).push({ ...d, at: s.now(), by });
        keeper.note('requirementChecks', 'requirement-checked', t.requirementChecked(d.requirement, d.verdict), {
          by,
        });
        if (!s.uncheckedProblem())
          keeper.moveTo('field-work', [{ ...s.groupParty(), step: 'submitReport', label: t.awaiting.report }]);
        else keeper.sync();
        // Issue 35: a requirement found not or only partly rectified reopens its problem of the ledger (反弹). Checks
        // recorded before replay as they ran (the signal is a command their histories do not have).
        if (d.verdict !== 'rectified' && patched('problem-ledger')) {
          const rebound = { reason: d.summary, followUp: keeper.caseId, verdict: d.verdict, by };
          const heard = await reportRebound(c.followUp!.of, d.requirement, rebound);
          keeper.note(
            'requirementChecks',
            heard ? 'problem-rebound' : 'problem-not-in-ledger',
            heard
              ? ledgerTexts.rebound(d.requirement, followUpVerdicts[d.verdict])
              : ledgerTexts.noProblem(d.requirement),
            { by },
          );
          keeper.sync();
        }
      },
    },

    // Art. 10 (3): situation, problems, opinions and suggestions.
    submitReport: {
      check: (d) => s.uncheckedProblem() ?? reportProblem(d),
      apply: (d, by) => {
        c.report = { ...d, at: s.now(), by };
        keeper.note('report', 'report-submitted', t.reportSubmitted, { by });
        keeper.moveTo('results', [{ role: 'leading-group', step: 'notifyResults', label: t.awaiting.results }]);
      },
    },
  };
}
