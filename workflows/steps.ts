import type { UpdateDefinition } from '@temporalio/common';
import { condition, setHandler } from '@temporalio/workflow';
import type { Actor } from './domain';
import { refuse, refusalTypes } from './failures';

/** Every human step carries who takes it; the API fills `by` from the verified token. */
export interface StepInput {
  by: Actor;
}

export interface StepSpec<I extends StepInput, R> {
  /** Stages in which the step may be taken. */
  stages: readonly string[];
  currentStage: () => string;
  /** Chinese name of the stage, for the refusal message. */
  stageLabel: (stage: string) => string;
  /** Refusal (403) when this person may not take the step; undefined when allowed. */
  allow: (by: Actor, input: I) => string | undefined;
  /** Refusal (409) when the step conflicts with what was done already (answered twice, unknown item). */
  conflict?: (input: I) => string | undefined;
  /** Refusal (422) when the input breaks a rule of the measures. */
  check?: (input: I) => string | undefined;
  /** Apply the step (after every check passed) and return the new case record. */
  apply: (input: I) => R | Promise<R>;
}

function validate<I extends StepInput, R>(spec: StepSpec<I, R>, input: I): void {
  const notAllowed = spec.allow(input.by, input);
  if (notAllowed) throw refuse(refusalTypes.notAllowed, notAllowed);
  const stage = spec.currentStage();
  if (!spec.stages.includes(stage)) {
    throw refuse(refusalTypes.outOfOrder, `本案当前阶段为“${spec.stageLabel(stage)}”，此时不能办理这一步`);
  }
  const conflict = spec.conflict?.(input);
  if (conflict) throw refuse(refusalTypes.outOfOrder, conflict);
  const invalid = spec.check?.(input);
  if (invalid) throw refuse(refusalTypes.invalid, invalid);
}

/**
 * Returns `defineStep`, which registers one human step as an Update with a validator. The validator refuses, in order: a person who may not
 * act (403), a step out of stage (409), a conflict (409), bad input (422). A refused step changes nothing.
 * Steps run one at a time; each is checked again when its turn comes, so two steps accepted together cannot
 * both act on the same state (the second is refused the same way, still changing nothing).
 */
export function stepDefiner() {
  // One step at a time per case (this lock lives in the workflow run, not in module state).
  let busy = false;
  return function defineStep<I extends StepInput, R>(def: UpdateDefinition<R, [I]>, spec: StepSpec<I, R>): void {
    setHandler(
      def,
      async (input: I) => {
        await condition(() => !busy);
        busy = true;
        try {
          validate(spec, input);
          return await spec.apply(input);
        } finally {
          busy = false;
        }
      },
      { validator: (input: I) => validate(spec, input) },
    );
  };
}

/** Non-empty text, or a message saying which field is missing. */
export function required(value: string | undefined, what: string): string | undefined {
  return value?.trim() ? undefined : `${what}不能为空`;
}
