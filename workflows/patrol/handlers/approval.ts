/** Art. 12: the proposal. The leading group submits the office's draft; the committee approves or rejects. */
import { approvalProblem } from '../rules';
import { patrolTexts as t } from '../texts';
import type { PatrolCase, PatrolHandlers } from '../workflow';

export function approvalHandlers(
  p: PatrolCase,
): PatrolHandlers<'submitProposal' | 'returnProposal' | 'reviseProposal' | 'withdrawProposal' | 'decideApproval'> {
  const { keeper, notifier, c, unit } = p;
  /** The draft is with the office: returned, and not revised yet. */
  const withOffice = () => c.draftReturns?.at(-1) !== undefined && !c.draftReturns.at(-1)!.revised;
  return {
    // Art. 12: the leading group submits the office's draft to the committee.
    submitProposal: {
      conflict: () => (withOffice() ? t.draftWithOffice : undefined),
      apply: (d, by) => {
        keeper.moveTo('awaiting-approval', [{ role: 'committee', step: 'decideApproval', label: t.awaiting.approval }]);
        p.submitted(by, d.note);
      },
    },

    // Art. 12: the leading group returns the office's draft with a reason (退回修改); the office revises it.
    returnProposal: {
      conflict: () => (withOffice() ? t.draftWithOffice : undefined),
      check: (d) => (d.reason.trim() ? undefined : '退回修改须说明理由'),
      apply: (d, by) => {
        (c.draftReturns ??= []).push({ reason: d.reason, at: p.now(), by });
        const n = c.draftReturns.length;
        keeper.note('draftReturns', 'draft-returned', t.draftReturned, { by, note: d.reason });
        keeper.moveTo('drafted', [{ role: 'office', step: 'reviseProposal', label: t.awaiting.revision }]);
        notifier.send(`draft-returned-${n}`, { to: { role: 'office' }, ...t.draftReturnedNotice(unit) });
      },
    },

    reviseProposal: {
      conflict: () => (withOffice() ? undefined : '领导小组没有退回这份代拟稿，无需修改'),
      check: (d) => (d.summary.trim() ? undefined : '须写明修改后的提请依据'),
      apply: (d, by) => {
        c.draftReturns!.at(-1)!.revised = { summary: d.summary, at: p.now(), by };
        c.grounds = { ...c.grounds, summary: d.summary };
        keeper.note('draftReturns', 'draft-revised', t.draftRevised, { by, note: d.summary });
        keeper.moveTo('drafted', [{ role: 'leading-group', step: 'submitProposal', label: t.awaiting.proposal }]);
        notifier.send(`draft-revised-${c.draftReturns!.length}`, {
          to: { role: 'leading-group' },
          ...t.draftNotice(unit, p.sourcesText),
        });
      },
    },

    // Art. 12: the leading group takes its proposal back before the committee has decided (撤回).
    withdrawProposal: {
      check: (d) => (d.reason.trim() ? undefined : '撤回须说明理由'),
      apply: (d, by) => {
        (c.withdrawals ??= []).push({ what: 'proposal', reason: d.reason, at: p.now(), by });
        keeper.note('withdrawals', 'proposal-withdrawn', t.proposalWithdrawn, { by, note: d.reason });
        keeper.moveTo('drafted', [{ role: 'leading-group', step: 'submitProposal', label: t.awaiting.proposal }]);
        notifier.send(`proposal-withdrawn-${c.withdrawals.length}`, {
          to: { role: 'committee' },
          ...t.proposalWithdrawnNotice(unit),
        });
      },
    },

    // Art. 12: the committee approves or rejects; a rejection closes the patrol with its reason.
    decideApproval: {
      check: approvalProblem,
      apply: (d, by) => {
        c.approval = { decision: d.decision, by, at: p.now(), ...(d.reason ? { reason: d.reason } : {}) };
        if (d.decision === 'approve') {
          keeper.note('approval', 'committee-approved', t.approved, { by, note: d.reason });
          keeper.moveTo('forming-group', [{ role: 'office', step: 'formGroup', label: t.awaiting.group }]);
        } else {
          keeper.note('approval', 'committee-rejected', t.rejected, { by, note: d.reason });
          keeper.moveTo('rejected', [], { closed: true });
        }
      },
    },
  };
}
