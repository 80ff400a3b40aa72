/**
 * 延期申请 (Art. 11, 16 (2)): a term the measures fix (the policy's `fixedByMeasures`: a patrol's two months of
 * rectification, a supervision's rectification) is extended only by the leading group, on the unit's request with a
 * reason and a proposed date. The leading group grants it, to a date it chooses, or refuses it with a reason; each is
 * an event in the record, and the unit is told the decision.
 */
import { Type } from '@sinclair/typebox';
import type { StepSpec } from '../engine/contract';
import type { DeadlineBoard } from '../engine/deadlines';
import type { Notifier } from '../engine/notifier';
import type { CaseRecordKeeper } from '../engine/record';
import type { CaseLimits } from '../domain';
import { LocalDate, Text, isOpenTrack, literals } from '../engine/schemas';
import type { DeadlineTrack } from '../engine/schemas';
import type { StepHandler } from '../engine/steps';
import { chineseDate, required } from '../engine/texts';
import { atExtensionLimit, extendDeadlineInput, fixedByMeasures, notLater } from './extension';

export const requestExtensionInput = Type.Object({
  key: extendDeadlineInput.properties.key,
  dueDate: Type.String({ format: 'local-date', pattern: LocalDate.pattern, description: '申请延至的日期' }),
  reason: Text('申请延期的理由', 500),
});

export const decideExtensionInput = Type.Object({
  key: extendDeadlineInput.properties.key,
  decision: literals(['approve', 'reject'] as const),
  dueDate: Type.Optional(
    Type.String({
      format: 'local-date',
      pattern: LocalDate.pattern,
      description: '批准延至的日期（不填则按申请的日期）',
    }),
  ),
  reason: Type.Optional(Text('决定的理由（不批准时必填）', 500)),
});

/** The unit asks for more time on a term the measures fix. */
export function requestExtensionStep<S extends string>(stages: readonly S[]) {
  return {
    path: 'deadlines/:key/extension-request',
    input: requestExtensionInput,
    roles: ['unit'],
    scope: 'own-unit',
    stages,
    summary:
      'Art. 11, 16 (2): the unit asks the leading group to extend a term the measures fix, with a reason and a proposed date (延期申请)',
    description:
      'Only for a term the deadline policy marks `fixedByMeasures`, while it is open; one request at a time. The leading group decides (`extension-request/decision`).',
  } as const satisfies StepSpec<S>;
}

/** The leading group grants the unit's request (to a date it chooses) or refuses it with a reason. */
export function decideExtensionStep<S extends string>(stages: readonly S[]) {
  return {
    path: 'deadlines/:key/extension-request/decision',
    input: decideExtensionInput,
    roles: ['leading-group'],
    stages,
    summary:
      "Art. 11, 16 (2): the leading group grants the unit's request for an extension, to a date it chooses, or refuses it with a reason (批准或不批准延期申请)",
    description:
      'Granted: the deadline moves to `dueDate` (the proposed date when absent) and the timers follow it. Refused: the deadline stays. Either way the unit is told.',
  } as const satisfies StepSpec<S>;
}

type Request = NonNullable<DeadlineTrack['extensionRequests']>[number];
const pending = (t: DeadlineTrack | undefined): Request | undefined => t?.extensionRequests?.find((r) => !r.decision);

/** The two steps' handlers, for a case with deadlines (`extensionRequestHandlers(this)` in its `handlers()`). */
export function extensionRequestHandlers(c: {
  deadlines: DeadlineBoard;
  keeper: Pick<CaseRecordKeeper<string>, 'note' | 'sync' | 'partyLabel' | 'title'>;
  notifier: Notifier;
  readonly limits: CaseLimits;
}): {
  requestExtension: StepHandler<typeof requestExtensionInput.static>;
  decideExtension: StepHandler<typeof decideExtensionInput.static>;
} {
  const { deadlines, keeper, notifier } = c;
  const atLimit = (track: DeadlineTrack) => atExtensionLimit(track, c.limits);
  return {
    requestExtension: {
      conflict: (d) => {
        const t = deadlines.get(d.key);
        if (!t) return '没有这项期限';
        if (!fixedByMeasures(deadlines, d.key))
          return `${t.label}的期限不是《办法》规定的期限，无需申请延期，可与领导小组办公室联系`;
        if (!isOpenTrack(t)) return `${t.label}已提交或不再要求提交，无需延期`;
        return pending(t) ? `${t.label}已有延期申请，正待领导小组决定` : undefined;
      },
      check: (d) => {
        const t = deadlines.get(d.key)!;
        return required(d.reason, '申请延期的理由') ?? atLimit(t) ?? notLater(t, d.dueDate);
      },
      apply: (d, by) => {
        const t = deadlines.get(d.key)!;
        (t.extensionRequests ??= []).push({
          at: new Date().toISOString(),
          by,
          reason: d.reason,
          proposedDueDate: d.dueDate,
        });
        const n = t.extensionRequests.length;
        const [from, to] = [chineseDate(t.deadline.dueDate), chineseDate(d.dueDate)];
        const who = keeper.partyLabel(t.party);
        keeper.note(t.section, 'extension-requested', `${who}申请将${t.label}期限由${from}延至${to}`, {
          by,
          note: d.reason,
          party: t.party,
        });
        keeper.sync();
        notifier.send(`${d.key}:extension-request:${n}`, {
          to: { role: 'leading-group' },
          subject: `【延期申请】${t.label}：${keeper.title}`,
          body: `${keeper.title}：${who}申请将${t.label}期限由${from}延至${to}，请领导小组研究决定。理由：${d.reason}`,
        });
      },
    },

    decideExtension: {
      conflict: (d) => {
        const t = deadlines.get(d.key);
        if (!pending(t)) return '没有待决定的延期申请';
        return isOpenTrack(t!) ? undefined : `${t!.label}已提交或不再要求提交，无需延期`;
      },
      check: (d) => {
        const t = deadlines.get(d.key)!;
        if (d.decision === 'reject') return required(d.reason, '不批准延期申请的理由');
        return atLimit(t) ?? notLater(t, d.dueDate ?? pending(t)!.proposedDueDate);
      },
      apply: async (d, by) => {
        const t = deadlines.get(d.key)!;
        const request = pending(t)!;
        const n = t.extensionRequests!.indexOf(request) + 1;
        const reason = d.reason?.trim() ? d.reason : request.reason;
        const at = new Date().toISOString();
        if (d.decision === 'approve') {
          const toDueDate = d.dueDate ?? request.proposedDueDate;
          const deadline = await deadlines.dateDeadline(toDueDate);
          request.decision = { at, by, decision: 'approve', reason, toDueDate };
          const differs =
            toDueDate !== request.proposedDueDate ? `（申请延至${chineseDate(request.proposedDueDate)}）` : '';
          keeper.note(
            t.section,
            'extension-granted',
            `领导小组批准延期申请：${t.label}期限延至${chineseDate(toDueDate)}${differs}`,
            {
              by,
              note: reason,
              party: t.party,
            },
          );
          // The deadline moves, its timers follow, and the unit is told the new date (deadlines.ts).
          deadlines.extend(d.key, deadline, reason, by);
          return;
        }
        request.decision = { at, by, decision: 'reject', reason };
        const due = chineseDate(t.deadline.dueDate);
        keeper.note(t.section, 'extension-refused', `领导小组不批准${t.label}的延期申请，期限仍为${due}`, {
          by,
          note: reason,
          party: t.party,
        });
        keeper.sync();
        notifier.send(`${d.key}:extension-refused:${n}`, {
          to: t.party,
          subject: `【延期申请未获批准】${t.label}：${keeper.title}`,
          body: `${keeper.title}：关于将${t.label}期限延至${chineseDate(request.proposedDueDate)}的申请，领导小组决定不予批准，请于${due}前提交。理由：${reason}`,
        });
      },
    },
  };
}
