/**
 * A notice that failed on every channel (催办未送达, issue 19): it does not disappear. The case gives the office a task,
 * and the office says what it did: sent it again (the failed channels are tried anew; a new task if they fail again),
 * or reached the addressee another way (by telephone, in person), with a note. Both are events of the `deliveries`
 * section, which only the overseers see.
 */
import { Type } from '@sinclair/typebox';
import { channelLabels } from '../domain';
import type { StepSpec } from '../engine/contract';
import type { Notifier } from '../engine/notifier';
import type { CaseRecordKeeper } from '../engine/record';
import type { NotificationRecord } from '../engine/schemas';
import { literals, Text } from '../engine/schemas';
import type { StepHandler } from '../engine/steps';
import { required } from '../engine/texts';

export const undeliveredActions = ['resend', 'reached'] as const;
export const undeliveredActionLabels: Record<(typeof undeliveredActions)[number], string> = {
  resend: '重新发送',
  reached: '已通过其他方式通知',
};

export const handleUndeliveredInput = Type.Object({
  no: Type.Integer({ minimum: 1, description: 'The notice, by its number on the record (from 1)' }),
  how: literals(undeliveredActions, 'resend: try its channels again; reached: told another way'),
  note: Type.Optional(Text('处理情况', 500)),
});

/** The office's step on a notice no channel delivered; open in every stage (a closing notice can fail too). */
export function handleUndeliveredStep<S extends string>(stages: readonly S[]) {
  return {
    path: 'notices/:no/undelivered',
    input: handleUndeliveredInput,
    roles: ['office'],
    stages,
    summary: 'Issue 19 (ours): the office handles a notice that failed on every channel (催办未送达)',
    description:
      'Every channel of the notice failed for the routes file’s giveUpAfter: the office sends it again, or records how it reached the addressee otherwise (a note is then required).',
  } as const satisfies StepSpec<S>;
}

/** The event that gives the office its task (the record's `awaiting` names the task itself). */
export function noteUndelivered(keeper: CaseRecordKeeper<string>, record: NotificationRecord): void {
  const failed = [...new Set(record.deliveries.map((d) => channelLabels[d.channel]))].join('、');
  keeper.note(
    'deliveries',
    'notice-undelivered',
    `催办未送达：${keeper.noticeLabel(record)}在所有渠道（${failed}）均未送达，请办公室处理`,
  );
  keeper.sync();
}

export function handleUndeliveredHandler(
  notifier: Notifier,
  keeper: CaseRecordKeeper<string>,
  now: () => string,
): StepHandler<typeof handleUndeliveredInput.static> {
  return {
    conflict: (d) => (notifier.undelivered(d.no) ? undefined : '这条通知没有待处理的未送达情况'),
    check: (d) => (d.how === 'reached' ? required(d.note, '处理情况') : undefined),
    apply: (d, by) => {
      const record = notifier.undelivered(d.no)!;
      notifier.handle(d.no, { how: d.how, ...(d.note ? { note: d.note } : {}), at: now(), by });
      keeper.note(
        'deliveries',
        d.how === 'resend' ? 'notice-resent' : 'notice-reached',
        `${undeliveredActionLabels[d.how]}：${keeper.noticeLabel(record)}`,
        { by, ...(d.note ? { note: d.note } : {}) },
      );
      keeper.sync();
    },
  };
}
