/**
 * How a kind of case declares its human steps once. A step is: its input schema (TypeBox), its Update, its URL
 * under the case, who may take it, and in which stages. The workflow registers its handlers from this table
 * (engine/steps.ts) and the API builds its routes from the same table (api/routes/steps.ts), so a step exists in
 * exactly one place.
 */
import type { Static, TObject, TSchema } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor, Role } from '../domain';
import { caseIdPatternOf } from '../ids';
import type { CaseRecord } from './record';
import type { CaseView, ViewSpec } from './view';
import { strictInput } from './schemas';
import { projectCase } from './view';

/**
 * What an Update answers: small, so that history grows with the number of steps, not with their square.
 * The API reads the record afterwards with a query (which costs no history event).
 */
export interface StepAck {
  /** The record's revision after the step. */
  revision: number;
  stage: string;
  closed: boolean;
}

/** The argument of every step's Update: who takes it (from the verified token), the input, and its request key. */
export interface StepCall<I> {
  by: Actor;
  input: I;
  /**
   * From the API's `Idempotency-Key`: `key` names the caller, the case and the key; `fingerprint` the step and the
   * body. A key once accepted for one fingerprint refuses any other (IdempotencyKeyReused).
   */
  idempotency?: { key: string; fingerprint: string };
  /** The latest time (seconds since the epoch) the case may take the step up; after it, refused (StepExpired). */
  notAfter?: number;
}

export interface StepSpec<S extends string = string> {
  /** URL under the case, e.g. `approval`, `handling-suggestions/:suggestionId/answer`; `:name` comes from the input. */
  path: string;
  /** The input: the HTTP body plus the path parameters. */
  input: TObject;
  /** Roles that may take the step (the API refuses others with 403 before anything reaches Temporal). */
  roles: readonly Role[];
  /** Narrows the role: only the leader of this case's group, or only this case's target unit. */
  scope?: 'own-group' | 'own-unit';
  /** Stages in which the step may be taken (409 otherwise). */
  stages: readonly S[];
  /**
   * Taken only by the API itself, never from a request body: no route of its own (a file's reference, after the API
   * has stored the file and computed its hash).
   */
  internal?: boolean;
  /** OpenAPI summary: the article and the Chinese name of the step. */
  summary: string;
  description?: string;
}

export type Step<K extends string, T extends StepSpec> = T & {
  /** The Update's name, as Temporal UI shows it. */
  name: K;
  /** The input fields that come from the URL. */
  pathParams: string[];
  update: UpdateDefinition<StepAck, [StepCall<Static<T['input']>>], K>;
};

export type Steps<T extends Record<string, StepSpec>> = { [K in keyof T & string]: Step<K, T[K]> };

/** The input type of a step. */
export type StepInput<T> = T extends { input: infer I extends TSchema } ? Static<I> : never;

/**
 * Declare a kind's steps (the stage type fixed first, so every step's stages are checked against it).
 *
 * @example
 * export const steps = defineSteps<PatrolStage>()({
 *   decideApproval: { path: 'approval', input: Type.Object({ decision }), roles: ['committee'], stages: ['awaiting-approval'], summary: '…' },
 * });
 */
export function defineSteps<S extends string>() {
  return <T extends Record<string, StepSpec<S>>>(specs: T): Steps<T> =>
    Object.fromEntries(
      Object.entries(specs).map(([name, spec]) => [
        name,
        {
          ...spec,
          input: strictInput(spec.input),
          name,
          pathParams: [...spec.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!),
          update: defineUpdate(name),
        },
      ]),
    ) as Steps<T>;
}

/** The URL of a step under its case, with the path parameters filled in. */
export function stepPath(spec: Pick<StepSpec, 'path'>, params: Record<string, string | number> = {}): string {
  return spec.path.replace(/:([A-Za-z]+)/g, (_, name: string) =>
    encodeURIComponent(String(params[name] ?? `:${name}`)),
  );
}

/** What the API needs to know of a kind of workflow that people act on. */
export interface KindContract<R, V> {
  /** Workflow type name, as the worker registers it. */
  workflowType: string;
  /** URL of the collection: `/patrols`. */
  resource: string;
  /** The path parameter that names one workflow, its schema, and the workflow id it stands for. */
  id: { param: string; schema: TSchema; workflowId: (value: string | number) => string };
  steps: Record<string, Step<string, StepSpec>>;
  /** The whole record, read with a query. */
  recordQuery: QueryDefinition<R>;
  /**
   * Who may reach one workflow of the kind at all, decided before anything is read: the overseers only, or also the
   * parties in the case's `CaseViewers` search attribute. Anyone else gets the answer of a workflow that does not exist.
   */
  access: 'overseers' | 'case-viewers';
  /** The answer for one that does not exist (or is not the caller's to see), if not that of a case. */
  notFound?: string;
  /** What a caller may see of the record (need to know), and its schema (`$id` names it in the OpenAPI document). */
  view(record: R, viewer: Actor): V;
  viewSchema: TObject;
}

/**
 * The contract of a kind of case: reached by its business id (`patrol-2026-taiyuan-0001`), by the parties in its
 * `CaseViewers`, read with the `caseRecord` query and projected with the kind's need-to-know view.
 */
export function caseContract<
  R extends CaseRecord,
  F extends string,
  S extends Record<string, Step<string, StepSpec>>,
>(o: {
  kind: string;
  workflowType: string;
  resource: string;
  steps: S;
  view: ViewSpec<R, F>;
  viewSchema: TObject;
  /** The path parameter and its schema, if not a case id (`caseId`, `patrol-2026-taiyuan-0001`). */
  id?: { param: string; schema: TSchema };
  notFound?: string;
}) {
  return {
    workflowType: o.workflowType,
    resource: o.resource,
    id: {
      ...(o.id ?? {
        param: 'caseId',
        schema: Type.String({
          pattern: caseIdPatternOf(o.kind),
          description: `e.g. ${o.kind}-2026-taiyuan-0001`,
        }),
      }),
      workflowId: (id: string | number) => String(id),
    },
    access: 'case-viewers' as const,
    ...(o.notFound ? { notFound: o.notFound } : {}),
    steps: o.steps,
    recordQuery: defineQuery<R>('caseRecord'),
    view: (record: R, viewer: Actor): CaseView<R> => projectCase(record, viewer, o.view),
    viewSchema: o.viewSchema,
  } satisfies KindContract<R, CaseView<R>>;
}
