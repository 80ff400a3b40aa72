/**
 * Art. 16 (1): the leading group studies the report: it asks the committee for instructions (sent back, it asks
 * again), and transfers violations of discipline or law, which the receiving body acknowledges.
 */
import { transferRecipients } from '../../domain';
import { limitProblem } from '../../engine/texts';
import { instructionsProblem } from '../rules';
import { patrolTexts as t } from '../texts';
import type { PatrolCase, PatrolHandlers } from '../workflow';

export function studyHandlers(
  p: PatrolCase,
): PatrolHandlers<'sendRequestForInstructions' | 'decideInstructions' | 'transferViolation' | 'acknowledgeTransfer'> {
  const { keeper, notifier, deadlines, c, unit } = p;
  return {
    // Art. 16 (1): the leading group studies the report and asks the committee.
    sendRequestForInstructions: {
      check: (d) =>
        limitProblem(c.requests.length, p.limits.requests, t.limits.requests) ??
        (d.summary.trim() ? undefined : '请示内容不能为空'),
      apply: (d, by) => {
        c.requests.push({ summary: d.summary, at: p.now(), by });
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
          decidedAt: p.now(),
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
        limitProblem(c.transfers.length, p.limits.transfers, t.limits.transfers) ??
        (d.summary.trim() ? undefined : '移交事项不能为空'),
      apply: async (d, by) => {
        const id = c.transfers.length + 1;
        const recipient = transferRecipients[d.to];
        const party = { role: 'discipline' as const, unit: recipient.unit };
        const label = t.transferAcknowledgement(id);
        const due = await deadlines.compute('transfer-acknowledgement', label);
        c.transfers.push({ id, to: d.to, recipientName: recipient.name, summary: d.summary, at: p.now(), by });
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
          at: p.now(),
          by,
          ...(d.note ? { note: d.note } : {}),
        };
        deadlines.submit(`transfer-${d.transferId}`, by);
      },
    },
  };
}
