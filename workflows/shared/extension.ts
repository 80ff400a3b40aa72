/**
 * The one step every kind of case with deadlines has: the leading group or the office moves a deadline later,
 * with a reason; the timers follow the new date.
 */
import { Type } from '@sinclair/typebox';
import type { StepSpec } from './contract';
import type { DeadlineBoard } from './deadlines';
import { LocalDate, Text } from './schemas';
import type { StepHandler } from './steps';
import type { CaseLimits } from '../domain';
import { chineseDate, limitProblem, required } from './texts';

export const extendDeadlineInput = Type.Object({
  key: Type.String({
    pattern: '^[a-z0-9-]{1,40}$',
    description: 'The deadline, as the record names it (`rectification`)',
  }),
  dueDate: LocalDate,
  reason: Text('延期理由', 200),
});

/** The extension step, open in the stages where a kind can have deadlines. */
export function extendDeadlineStep<S extends string>(stages: readonly S[]) {
  return {
    path: 'deadlines/:key/extension',
    input: extendDeadlineInput,
    roles: ['leading-group', 'office'],
    stages,
    summary: 'Extend a deadline with a reason (延期); the timers follow the new date',
  } as const satisfies StepSpec<S>;
}

export function extendDeadlineHandler(
  deadlines: DeadlineBoard,
  limits: () => CaseLimits,
): StepHandler<typeof extendDeadlineInput.static> {
  return {
    conflict: (d) => {
      const t = deadlines.get(d.key);
      return !t ? '没有这项期限' : t.status === 'submitted' ? `${t.label}已提交，无需延期` : undefined;
    },
    check: (d) => {
      const track = deadlines.get(d.key)!;
      const current = track.deadline.dueDate;
      return (
        limitProblem(track.extensions.length, limits().extensionsPerDeadline, `${track.label}的延期`) ??
        required(d.reason, '延期理由') ??
        (d.dueDate <= current ? `新的期限须晚于原期限（${chineseDate(current)}）` : undefined)
      );
    },
    apply: async (d, by) => {
      const deadline = await deadlines.dateDeadline(d.dueDate);
      deadlines.extend(d.key, deadline, d.reason, by);
    },
  };
}
