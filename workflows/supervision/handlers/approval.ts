/** Art. 6: the leading group approves the supervision item (a round's cases come approved with the annual plan). */
import { approvalProblem } from '../rules';
import { supervisionTexts as t } from '../texts';
import type { SupervisionCase, SupervisionHandlers } from '../workflow';

export function approvalHandlers(s: SupervisionCase): SupervisionHandlers<'decideApproval'> {
  const { keeper, c } = s;
  return {
    decideApproval: {
      check: approvalProblem,
      apply: (d, by) => {
        c.approval = { decision: d.decision, by, at: s.now(), ...(d.reason ? { reason: d.reason } : {}) };
        if (d.decision === 'approve') {
          keeper.note('approval', 'item-approved', t.approved(s.what), { by, note: d.reason });
          keeper.moveTo('forming-group', [{ role: 'office', step: 'formGroup', label: t.awaiting.group }]);
        } else {
          keeper.note('approval', 'item-rejected', t.rejected, { by, note: d.reason });
          keeper.moveTo('rejected', [], { closed: true });
        }
      },
    },
  };
}
