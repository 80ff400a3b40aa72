/**
 * Within a unit (ours, as Chinese supervision offices work: 签收、转派): an item addressed to the unit is signed for by
 * a person of the unit, who names who handles it (承办人); anyone of the unit may later hand it to a colleague. Each is
 * an event of the case (who, when, to whom), and the item's deadline keeps its current handler, so the unit's head
 * sees who holds what. The unit still answers as the unit: the handler is a person, not a new party.
 */
import { Type } from '@sinclair/typebox';
import type { StepSpec } from '../engine/contract';
import type { DeadlineBoard } from '../engine/deadlines';
import { Text, isOpenTrack } from '../engine/schemas';
import type { StepHandler } from '../engine/steps';
import { required } from '../engine/texts';
import { extendDeadlineInput } from './extension';

export const assignInput = Type.Object({
  key: extendDeadlineInput.properties.key,
  handler: Text('承办人（本单位工作人员姓名）', 50),
  handlerId: Type.Optional(
    Type.String({
      maxLength: 200,
      description:
        "The handler's person id (the `sub` of their sign-in), when picked from the unit's people (GET /units/{code}/people): their own queue then holds the item",
    }),
  ),
  note: Type.Optional(Text('备注', 200)),
});

/** The step, open in the stages where a kind has deadlines of the unit. */
export function assignStep<S extends string>(stages: readonly S[]) {
  return {
    path: 'deadlines/:key/assignment',
    input: assignInput,
    roles: ['unit'],
    scope: 'own-unit',
    stages,
    summary: 'Within the unit: sign for an item addressed to it and name who handles it, or hand it on (签收、转派)',
    description:
      'The first time: the item is signed for (签收) by the caller, with its handler (承办人). Later: handed to another handler (转派). Recorded as events of the case; the deadline keeps its current handler.',
  } as const satisfies StepSpec<S>;
}

export function assignHandler(deadlines: DeadlineBoard): StepHandler<typeof assignInput.static> {
  return {
    allow: (by, d) => {
      const t = deadlines.get(d.key);
      return t && t.party.unit && t.party.unit !== by.unit ? '此事项不是交办给本单位的' : undefined;
    },
    conflict: (d) => {
      const t = deadlines.get(d.key);
      if (!t || t.party.role !== 'unit') return '没有交办给本单位的这项事项';
      if (!isOpenTrack(t)) return `${t.label}已办理，无需签收或转派`;
      const same = d.handlerId ? t.handler?.id === d.handlerId : t.handler?.name === d.handler.trim();
      return same ? `${t.label}已由${t.handler!.name}承办` : undefined;
    },
    check: (d) => required(d.handler, '承办人'),
    apply: (d, by) => deadlines.assign(d.key, d.handler.trim(), by, d.note, d.handlerId),
  };
}
