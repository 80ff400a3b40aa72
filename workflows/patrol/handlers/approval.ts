/** Art. 12: the proposal. The leading group submits the office's draft; the committee approves or rejects. */
import { approvalProblem } from '../rules';
import { patrolTexts as t } from '../texts';
import type { PatrolCase, PatrolHandlers } from '../workflow';

export function approvalHandlers(p: PatrolCase): PatrolHandlers<'submitProposal' | 'decideApproval'> {
  const { keeper, c } = p;
  return {
    // Art. 12: the leading group submits the office's draft to the committee.
    submitProposal: {
      apply: (d, by) => {
        keeper.moveTo('awaiting-approval', [{ role: 'committee', step: 'decideApproval', label: t.awaiting.approval }]);
        p.submitted(by, d.note);
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
