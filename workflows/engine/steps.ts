/**
 * Registers a kind's human steps as Updates with validators, from its contract table. The validator refuses, in
 * order: a reused request key (422), input that does not fit the schema (422), a person who may not act (403), a
 * step out of stage or in conflict with what was done (409), input that breaks a rule (422). A refused step changes
 * nothing and leaves no trace in history. Steps run one at a time; each is checked again when its turn comes.
 */
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { condition, setHandler } from '@temporalio/workflow';
import type { Actor } from '../domain';
import { roleLabels } from '../domain';
import type { Step, StepAck, StepCall, StepInput, StepSpec } from './contract';
import { refuse, refusalTypes } from './failures';
import { ActorSchema } from './schemas';
import { textsProblem } from './texts';

export interface StepHandler<I> {
  /** Refusal (403) beyond the step's roles and scope, when this person may not take it; undefined when allowed. */
  allow?: (by: Actor, input: I) => string | undefined;
  /** Refusal (409) when the step conflicts with what was done already (answered twice, unknown item). */
  conflict?: (input: I) => string | undefined;
  /** Refusal (422) when the input breaks a rule of the measures. */
  check?: (input: I) => string | undefined;
  /**
   * Refusal (422) of a rule checked when the step is sent, and not again when its turn comes: for a rule added while
   * cases run (validators do not run on replay, so a step accepted before the rule still replays as it ran). Only for
   * rules that, once met, stay met (a finding recorded, a date reached).
   */
  admit?: (input: I) => string | undefined;
  /** Apply the step, after every check passed. */
  apply: (input: I, by: Actor) => void | Promise<void>;
  /**
   * The Update's call in the shape it had before the step joined the table (`flatCall`): running cases have it in their
   * history, and a caller may still send it. `call` turns it into a step call (undefined for today's shape); such a
   * call is checked and applied as any other, and answered as it was then (`answer`), not with the step's ack.
   */
  legacy?: { call: (arg: unknown) => StepCall<I> | undefined; answer: (input: I) => unknown };
}

/** One handler for every step of a contract: the compiler refuses a kind that forgets one. */
export type StepHandlers<T extends Record<string, Step<string, StepSpec>>> = {
  [K in keyof T]: StepHandler<StepInput<T[K]>>;
};

/** What the registration reads of the case. */
export interface StepHost {
  stage(): string;
  stageLabel(stage: string): string;
  /** The case's target unit (scope `own-unit`). */
  unit?: { code: string; name: string };
  /** The case's group once formed (scope `own-group`), and what it is called (`巡查组`). */
  groupId?(): string | undefined;
  groupWord?: string;
  /** Whether the case has begun (its policy read); a step waits for it before it is checked for good. */
  ready?(): boolean;
  /**
   * Whether the person may see the case at all (an overseer, or a party its `CaseViewers` names). A step from anyone
   * else is refused first, as if the case did not exist (404), before anything about it could show.
   */
  visibleTo?(by: Actor): boolean;
  /** Automatic transitions after a step (closing when nothing is left), so the step's answer is true. */
  settle(): void;
  ack(): StepAck;
}

/** The envelope of every step's Update: who, what, and the request key (the input is checked against its step). */
const callSchema = Type.Object({
  by: ActorSchema,
  input: Type.Unknown(),
  idempotency: Type.Optional(
    Type.Object({ key: Type.String({ maxLength: 128 }), fingerprint: Type.String({ maxLength: 128 }) }),
  ),
  /**
   * The API's promise to its caller (seconds since the epoch): if the case takes the step up after this, the caller has
   * already been told that it did not happen (503), so it is refused instead of applied late.
   */
  notAfter: Type.Optional(Type.Integer({ minimum: 0 })),
});

/**
 * An Update's argument from before its step joined the table: who and the input's fields in one object
 * (`{ by, kind, version, sha256 }`), without `input`. Undefined for anything else.
 */
export function flatCall<I>(arg: unknown): StepCall<I> | undefined {
  if (!arg || typeof arg !== 'object' || 'input' in arg || !('by' in arg)) return undefined;
  const { by, ...input } = arg as { by: Actor } & Record<string, unknown>;
  return { by, input: input as I };
}

/** Request keys already accepted: key → the fingerprint it was accepted for and the step's answer. */
export type AcceptedRequests = Map<string, { fingerprint: string; ack: StepAck }>;

/**
 * Register every step of `steps` with its handler. Returns the accepted request keys (state the case keeps).
 *
 * @example
 * registerSteps(patrolSteps, patrol.handlers(), patrol.host());
 */
export function registerSteps<T extends Record<string, Step<string, StepSpec>>>(
  steps: T,
  handlers: StepHandlers<T>,
  host: StepHost,
  accepted: AcceptedRequests = new Map(),
): AcceptedRequests {
  // One step at a time per case (this lock lives in the workflow run, not in module state).
  let busy = false;

  /** Throws the refusal; returns true for a replay of an accepted request (answered, not applied again). */
  const validate = (step: Step<string, StepSpec>, handler: StepHandler<unknown>, call: StepCall<unknown>): boolean => {
    // A call that is not a call at all (a forged, unsealed Update reaches the workflow as a marker): refused.
    if (!Value.Check(callSchema, call)) throw refuse(refusalTypes.invalid, '提交的内容不符合要求');
    const request = call.idempotency;
    const earlier = request && accepted.get(request.key);
    if (earlier) {
      if (earlier.fingerprint === request.fingerprint) return true;
      throw refuse(refusalTypes.keyReused, '这个 Idempotency-Key 已用于另一项操作或另一份内容，请为新的请求换一个键');
    }
    if (!Value.Check(step.input, call.input)) {
      const first = Value.Errors(step.input, call.input).First();
      throw refuse(
        refusalTypes.invalid,
        `提交的内容不符合要求${first ? `（${first.path || '/'}：${first.message}）` : ''}`,
      );
    }
    const unsafe = textsProblem(call.input);
    if (unsafe) throw refuse(refusalTypes.invalid, `提交的内容不符合要求（${unsafe}）`);
    const by = call.by;
    if (!step.roles.includes(by.role)) {
      throw refuse(refusalTypes.notAllowed, `只有${step.roles.map((r) => roleLabels[r]).join('或')}可以办理这一步`);
    }
    const group = host.groupId?.();
    if (step.scope === 'own-group' && (by.role !== 'group-leader' || !group || by.group !== group)) {
      throw refuse(refusalTypes.notAllowed, `只有本${host.groupWord ?? '组'}组长可以办理这一步`);
    }
    if (step.scope === 'own-unit' && (by.role !== 'unit' || by.unit !== host.unit?.code)) {
      throw refuse(refusalTypes.notAllowed, `只有${host.unit?.name ?? '被检查单位'}可以办理这一步`);
    }
    const notAllowed = handler.allow?.(by, call.input);
    if (notAllowed) throw refuse(refusalTypes.notAllowed, notAllowed);
    const stage = host.stage();
    if (!step.stages.includes(stage)) {
      throw refuse(refusalTypes.outOfOrder, `当前处于“${host.stageLabel(stage)}”阶段，不能办理这一步`);
    }
    const conflict = handler.conflict?.(call.input);
    if (conflict) throw refuse(refusalTypes.outOfOrder, conflict);
    const invalid = handler.check?.(call.input);
    if (invalid) throw refuse(refusalTypes.invalid, invalid);
    return false;
  };

  for (const [name, step] of Object.entries(steps)) {
    const handler = handlers[name as keyof T] as StepHandler<unknown>;
    setHandler(
      step.update,
      async (arg: StepCall<unknown>) => {
        const legacy = handler.legacy?.call(arg);
        const call = legacy ?? arg;
        await condition(() => !busy && (host.ready?.() ?? true));
        busy = true;
        try {
          if (validate(step, handler, call)) return accepted.get(call.idempotency!.key)!.ack;
          await handler.apply(call.input, call.by);
          host.settle();
          const ack = host.ack();
          if (call.idempotency) accepted.set(call.idempotency.key, { fingerprint: call.idempotency.fingerprint, ack });
          // An old caller gets the answer it always got (the Update's type is the step's: see `legacy`).
          return legacy ? (handler.legacy!.answer(call.input) as StepAck) : ack;
        } finally {
          busy = false;
        }
      },
      {
        validator: (arg: StepCall<unknown>) => {
          const call = handler.legacy?.call(arg) ?? arg;
          // Need to know first: someone the case does not name hears only that there is no such case. (Only here: the
          // handler runs an accepted step, whose caller could see the case then, and viewers are never taken away.)
          if (host.visibleTo && Value.Check(ActorSchema, call?.by) && !host.visibleTo(call.by))
            throw refuse(refusalTypes.unseen, 'not found');
          // Workflow time is the time this task started: a step that waited for a worker past its caller's patience.
          if (typeof call?.notAfter === 'number' && Date.now() > call.notAfter * 1000) {
            throw refuse(
              refusalTypes.expired,
              '系统暂时无法办理（处理服务未在规定时间内响应），本次操作未生效，请稍后重试',
            );
          }
          if (validate(step, handler, call)) return;
          const notYet = handler.admit?.(call.input);
          if (notYet) throw refuse(refusalTypes.invalid, notYet);
        },
      },
    );
  }
  return accepted;
}
