/**
 * The gateway to Temporal (issue 31): the only code of the API that calls `client.workflow`. It starts workflows,
 * takes steps (Updates) and reads records, deciding access before anything is read (need to know,
 * docs/need-to-know.md); what a kind does with them is in the services beside it. Every method is a method of its own,
 * so each is tested alone (test/api/gateway.test.ts).
 */
import { performance } from 'node:perf_hooks';
import type { Static } from '@sinclair/typebox';
import type { Client, WorkflowHandle } from '@temporalio/client';
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { CaseStore, StoredCase } from '../../lib/store/case-store';
import { StoreUnavailableError } from '../../lib/store/case-store';
import type { Actor } from '../../workflows/domain';
import type { KindContract, Step, StepAck, StepSpec } from '../../workflows/engine/contract';
import { applicationFailureOf, refusalTypes } from '../../workflows/engine/failures';
import { isOverseer, partyOf, partyTag } from '../../workflows/engine/party';
import type { CaseRecord } from '../../workflows/engine/record';
import type { KindRegistry } from '../../workflows/engine/kind';
import { CaseKind as CaseKindKey, CaseStage, CaseViewers, TargetUnit } from '../../workflows/search-attributes';
import { HttpRefusal, caseNotFound } from '../refusal';
import type { CaseLinksSchema } from '../schemas/cases';
import { isDeadlineExceeded, isNotFound, isTemporalUnavailable } from '../temporal-errors';
import { freshUpdateId, stepRequest } from './idempotency';

/**
 * Our wait for an Update ran out: a gRPC deadline, or the SDK's own "Update call timed out or was cancelled" (its
 * polling loop ends so when no worker takes the Update up, or on a busy server).
 */
const waitRanOut = (err: unknown) => isDeadlineExceeded(err) || err instanceof WorkflowUpdateRPCTimeoutOrCancelledError;

/** A contract of any kind, as the gateway handles them alike. */
export type AnyContract = KindContract<unknown, unknown>;

/** Where a case is read over HTTP and where operators watch it (api/schemas/cases.ts). */
export type CaseLinks = Static<typeof CaseLinksSchema>;

export interface GatewayOptions {
  client: Client;
  store: CaseStore;
  kinds: KindRegistry;
  taskQueue: string;
  /** The API's public base URL (links), read when a link is made. */
  baseUrl: () => string;
  temporalUiUrl: () => string;
  /** How long a read waits for Temporal or a worker, and a step for its answer (ms). */
  readWaitMs: () => number;
  stepWaitMs: () => number;
  /**
   * Temporal's clock as the API reads it, in ms (default `Date.now`). A step's `notAfter` is on this clock, since the
   * case compares it with its workflow time; tests on the time-skipping server hand in its clock.
   */
  clock?: () => number | Promise<number>;
}

/**
 * Where a step's time went, in ms (the answer's `Server-Timing`): the Update, as the API waited for it (Temporal, the
 * worker and the case's own store write), and the read of the record it answers with.
 */
export interface StepTiming {
  updateMs?: number;
  recordMs?: number;
}

/** Whether a live execution may be read by the caller: decided from its own `CaseViewers` before any record. */
export interface LiveAccess {
  access: 'visible' | 'hidden' | 'absent';
  running: boolean;
}

export const closedCase = () => new HttpRefusal(409, '已办结，不能再办理', 'CaseClosed');

/** A step's refusal because the case does not name the caller among those who may see it. */
const isUnseen = (err: unknown) =>
  err instanceof WorkflowUpdateFailedError && applicationFailureOf(err)?.type === refusalTypes.unseen;

const revisionOf = (stored: StoredCase) => (stored.record as { revision?: number }).revision ?? -1;

export class TemporalGateway {
  readonly client: Client;
  readonly namespace: string;
  readonly taskQueue: string;

  constructor(private readonly o: GatewayOptions) {
    this.client = o.client;
    this.namespace = o.client.options.namespace;
    this.taskQueue = o.taskQueue;
  }

  /** Where a workflow is read (its kind's resource; cases are under /cases) and where operators watch it. */
  links(workflowId: string): CaseLinks {
    const kind = this.o.kinds.ofId(workflowId);
    const resource = kind?.record && !kind.record.listed ? kind.contract.resource : 'cases';
    return {
      self: `${this.o.baseUrl()}/${resource}/${workflowId}`,
      temporalUi: `${this.o.temporalUiUrl()}/namespaces/${encodeURIComponent(this.namespace)}/workflows/${encodeURIComponent(workflowId)}`,
    };
  }

  /** Whether a stored record is the caller's to see (the same rule as `CaseViewers` in Temporal). */
  mayView(contract: AnyContract, stored: StoredCase, actor: Actor): boolean {
    return (
      isOverseer(actor.role) || (contract.access !== 'overseers' && stored.viewers.includes(partyTag(partyOf(actor))))
    );
  }

  /**
   * Access to a live execution, decided before any record is read: the overseers reach every case; anyone else only a
   * case whose `CaseViewers` names them (read from the execution's own state, consistent at once). `absent` when
   * Temporal does not know the workflow (never started, or deleted after its retention).
   */
  async liveAccess(contract: AnyContract, workflowId: string, actor: Actor): Promise<LiveAccess> {
    if (!isOverseer(actor.role) && contract.access === 'overseers') return { access: 'hidden', running: false };
    const described = await this.client.workflow
      .getHandle(workflowId)
      .describe()
      .catch((err: unknown) => {
        if (err instanceof WorkflowNotFoundError) return undefined;
        throw err;
      });
    if (!described) return { access: 'absent', running: false };
    const running = described.status.name === 'RUNNING';
    if (isOverseer(actor.role)) return { access: 'visible', running };
    const viewers = described.typedSearchAttributes.get(CaseViewers) ?? [];
    return { access: viewers.includes(partyTag(partyOf(actor))) ? 'visible' : 'hidden', running };
  }

  /** The record as the store keeps it (a case, or a plan); `down` when the store does not answer. */
  async archived(contract: AnyContract, workflowId: string): Promise<StoredCase | 'down' | undefined> {
    try {
      // A kind without a case record (the annual plan) keeps its record apart.
      if (this.o.kinds.all.some((k) => k.contract === contract && !k.record)) {
        const plan = (await this.o.store.plan(workflowId)) as CaseRecord | undefined;
        return plan && { record: plan, viewers: [] };
      }
      return await this.o.store.readCase(workflowId);
    } catch (err) {
      if (err instanceof StoreUnavailableError) return 'down';
      throw err;
    }
  }

  /** A stored record as `actor` may see it; a record that is not theirs answers like one that does not exist. */
  fromStore<V>(contract: KindContract<unknown, V>, stored: StoredCase, actor: Actor): V {
    const view = this.mayView(contract, stored, actor) ? contract.view(stored.record, actor) : undefined;
    if (view === undefined) throw caseNotFound(contract.notFound);
    return view;
  }

  /** The whole record, by the kind's query; a worker must answer within the read wait. */
  async query<R>(contract: KindContract<R, unknown>, handle: WorkflowHandle): Promise<R> {
    try {
      return await this.client.withDeadline(Date.now() + this.o.readWaitMs(), () => handle.query(contract.recordQuery));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw caseNotFound(contract.notFound);
      throw err;
    }
  }

  /** The record as `actor` may see it (access already decided). */
  async project<V>(contract: KindContract<unknown, V>, workflowId: string, actor: Actor): Promise<V> {
    const view = contract.view(await this.query(contract, this.client.workflow.getHandle(workflowId)), actor);
    if (view === undefined) throw caseNotFound(contract.notFound);
    return view;
  }

  /**
   * One record: a closed one from the store (Temporal may have deleted it after its retention); an open one from
   * Temporal, which is authoritative, falling back to the store when Temporal does not know it. A store that does not
   * answer matters only when Temporal does not have the record either (503, try again).
   */
  async read<V>(contract: KindContract<unknown, V>, idValue: string | number, actor: Actor): Promise<V> {
    const any = contract as AnyContract;
    const workflowId = contract.id.workflowId(idValue);
    let live: LiveAccess;
    try {
      live = await this.client.withDeadline(Date.now() + this.o.readWaitMs(), () =>
        this.liveAccess(any, workflowId, actor),
      );
      if (live.access === 'visible' && live.running) return await this.project(contract, workflowId, actor);
    } catch (err) {
      // Temporal, or every worker, does not answer in time: the record as the case last wrote it to the store (a
      // step behind at most), decided by the store's viewers; without it, 503.
      if (!isTemporalUnavailable(err)) throw err;
      const stored = await this.archived(any, workflowId);
      if (typeof stored === 'object') return this.fromStore(contract, stored, actor);
      throw err;
    }
    if (live.access === 'hidden') throw caseNotFound(contract.notFound);
    // Closed (its final record is in the store; replaying a closed history to query it would cost more), or deleted
    // from Temporal after its retention.
    const stored = await this.archived(any, workflowId);
    if (typeof stored === 'object') return this.fromStore(contract, stored, actor);
    if (live.access === 'visible') return this.project(contract, workflowId, actor);
    if (stored === 'down') throw new StoreUnavailableError('the case store does not answer');
    throw caseNotFound(contract.notFound);
  }

  /**
   * Take one step (an Update), within the step wait; answers the record as it stands after the step, as `actor` may
   * see it. With an `Idempotency-Key`, a retry is the same Update (idempotency.ts).
   */
  async step<V>(
    contract: KindContract<unknown, V>,
    spec: Step<string, StepSpec>,
    idValue: string | number,
    input: unknown,
    actor: Actor,
    key?: string,
    timing: StepTiming = {},
  ): Promise<V> {
    const any = contract as AnyContract;
    const workflowId = contract.id.workflowId(idValue);
    // A kind only the overseers see: anyone else hears that there is no such case, without asking Temporal. For the
    // other kinds the case itself decides, first thing in its step's validator (it knows its viewers): one call.
    if (!isOverseer(actor.role) && contract.access === 'overseers') throw caseNotFound(contract.notFound);
    const handle = this.client.workflow.getHandle(workflowId);
    const requested = key ? stepRequest(actor, workflowId, spec.name, input, key) : undefined;
    const updateId = requested?.updateId ?? freshUpdateId(spec.name);
    // The caller waits STEP_WAIT_SECONDS at most. The case refuses the step if it takes it up after that (a worker that
    // comes back later), so a step the caller heard 503 for never happens behind their back. In whole seconds
    // (history keeps every step's arguments: small is better), rounded up.
    const waitMs = this.o.stepWaitMs();
    const notAfter = Math.ceil(((await (this.o.clock ?? Date.now)()) + waitMs) / 1000);
    const call = { by: actor, input, notAfter, ...(requested ? { idempotency: requested.request } : {}) };
    const send = () =>
      this.client.withDeadline(Date.now() + waitMs + 1_000, () =>
        handle.executeUpdate(spec.update.name, { args: [call], updateId }),
      );
    let ack: StepAck | undefined;
    const sent = performance.now();
    try {
      ack = (await send().catch(async (err: unknown) => {
        // A case that continued as a new run at that very moment takes the step in its new run.
        if (err instanceof WorkflowNotFoundError && (await handle.describe()).status.name === 'RUNNING') return send();
        throw err;
      })) as StepAck;
    } catch (err) {
      if (isUnseen(err)) throw caseNotFound(contract.notFound);
      // Our wait ran out: as a gRPC deadline, or as the SDK's own "Update call timed out or was cancelled" (its polling
      // loop ends the same way when no worker takes the Update up). No worker answered for the case, so whether the
      // caller may see it is read from Temporal: one they may not see is still "not found".
      if (waitRanOut(err)) {
        if ((await this.liveAccess(any, workflowId, actor)).access === 'hidden') throw caseNotFound(contract.notFound);
        await this.settleLateStep(handle, updateId, workflowId);
      } else if (err instanceof WorkflowNotFoundError) throw await this.notRunning(any, workflowId, actor);
      else throw err;
    }
    const answered = performance.now();
    timing.updateMs = answered - sent;
    try {
      return await this.answerOfStep(contract, workflowId, actor, ack);
    } finally {
      timing.recordMs = performance.now() - answered;
    }
  }

  /**
   * The record after a step. The case writes it to the store in the very workflow task that answers the step, so the
   * store usually holds this revision already: one read instead of a query (which costs a worker a round trip). A step
   * that closed the case waits for its final record (a query would replay the whole ended history).
   */
  private async answerOfStep<V>(
    contract: KindContract<unknown, V>,
    workflowId: string,
    actor: Actor,
    ack: StepAck | undefined,
  ): Promise<V> {
    const any = contract as AnyContract;
    if (ack) {
      const stored = ack.closed
        ? await this.closingRecord(any, workflowId, ack.revision)
        : await this.archived(any, workflowId);
      if (typeof stored === 'object' && revisionOf(stored) >= ack.revision)
        return this.fromStore(contract, stored, actor);
    }
    try {
      return await this.project(contract, workflowId, actor);
    } catch (err) {
      // The step was taken: the case exists and the caller may see it, so "not found" here is Temporal catching up (a
      // server that has just restarted), never the answer; nor is a query that did not come back within the read wait (a
      // busy worker replaying the history of a case the step has just closed). The store's record once it has caught up,
      // else 503.
      const notFound = err instanceof HttpRefusal && err.statusCode === 404;
      if (!notFound && !isTemporalUnavailable(err) && !isDeadlineExceeded(err)) throw err;
      const stored = await this.closingRecord(any, workflowId, ack?.revision ?? 0);
      if (stored) return this.fromStore(contract, stored, actor);
      throw new HttpRefusal(503, '已办理，系统正在恢复，请稍后查看该督查或巡查的办理记录', 'StepAnswerPending', {
        'retry-after': '5',
        location: this.links(workflowId).self,
      });
    }
  }

  /**
   * Why an Update found no running case: it has closed (409, to someone who may see it), or Temporal has deleted it
   * after its retention (409 if the store has it for this caller), or it never existed or is not theirs (404).
   */
  async notRunning(contract: AnyContract, workflowId: string, actor: Actor): Promise<HttpRefusal> {
    const { access } = await this.liveAccess(contract, workflowId, actor);
    if (access === 'visible') return closedCase();
    if (access === 'hidden') return caseNotFound(contract.notFound);
    const stored = await this.archived(contract, workflowId);
    return typeof stored === 'object' && this.mayView(contract, stored, actor)
      ? closedCase()
      : caseNotFound(contract.notFound);
  }

  /** The record of a case that a step has just closed, once the store has it (within the read wait), or undefined. */
  async closingRecord(contract: AnyContract, workflowId: string, revision: number): Promise<StoredCase | undefined> {
    const until = Date.now() + this.o.readWaitMs();
    for (;;) {
      const stored = await this.archived(contract, workflowId);
      if (typeof stored === 'object' && revisionOf(stored) >= revision) return stored;
      if (stored === 'down' || Date.now() > until) return undefined;
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /**
   * A step whose answer did not come within the caller's wait (no worker took it up): look once more, briefly. Its
   * answer if it came meanwhile (returns); 202 if the case has accepted it and is still at it; otherwise 503 (it was
   * not taken up, and the case will refuse it if a worker takes it up later).
   */
  async settleLateStep(handle: WorkflowHandle, updateId: string, workflowId: string): Promise<void> {
    const outcome = await this.lateOutcome(handle, updateId, workflowId);
    if (outcome === 'done') return;
    if (outcome === 'accepted') {
      throw new HttpRefusal(202, '已受理，正在办理；请稍后查看该督查或巡查的办理记录', 'StepAccepted', {
        location: this.links(workflowId).self,
      });
    }
    throw new HttpRefusal(
      503,
      '系统暂时无法办理（处理服务未在规定时间内响应），本次操作未生效，请稍后重试',
      'StepNotTaken',
      { 'retry-after': '10' },
    );
  }

  private async lateOutcome(
    handle: WorkflowHandle,
    updateId: string,
    workflowId: string,
  ): Promise<'done' | 'accepted' | 'not-taken'> {
    try {
      await this.client.withDeadline(Date.now() + 2_000, () => handle.getUpdateHandle(updateId).result());
      return 'done';
    } catch (err) {
      // Not found: an Update the server had admitted and then lost (it restarted before a worker took it up).
      if (!waitRanOut(err) && !isNotFound(err) && !(err instanceof WorkflowNotFoundError)) throw err;
    }
    const polled = await this.client
      .withDeadline(Date.now() + 1_000, () =>
        this.client.workflowService.pollWorkflowExecutionUpdate({
          namespace: this.namespace,
          updateRef: { workflowExecution: { workflowId }, updateId },
          identity: 'api',
          waitPolicy: { lifecycleStage: 2 /* ACCEPTED */ },
        }),
      )
      .catch(() => undefined);
    return Number(polled?.stage ?? 0) >= 2 ? 'accepted' : 'not-taken';
  }

  /**
   * Start a workflow with a case record: its business id, the search attributes a list filters on, and a Chinese
   * summary for Temporal UI (names and kinds only). The caller waits STEP_WAIT_SECONDS at most (then 503).
   */
  async start(o: {
    workflowType: string;
    workflowId: string;
    kind: string;
    unitCode: string;
    stage: string;
    summary: string;
    input: unknown;
  }): Promise<void> {
    await this.client.withDeadline(Date.now() + this.o.stepWaitMs(), () =>
      this.client.workflow.start(o.workflowType, {
        workflowId: o.workflowId,
        taskQueue: this.taskQueue,
        args: [o.input],
        typedSearchAttributes: new TypedSearchAttributes([
          { key: CaseKindKey, value: o.kind },
          { key: TargetUnit, value: o.unitCode },
          { key: CaseStage, value: o.stage },
        ]),
        staticSummary: o.summary,
      }),
    );
  }

  /** Which of these workflow ids Temporal knows (started, running or not). */
  async existing(workflowIds: string[]): Promise<string[]> {
    const found = await Promise.all(
      workflowIds.map((id) =>
        this.client.workflow
          .getHandle(id)
          .describe()
          .then(() => id)
          .catch((err: unknown) => {
            if (err instanceof WorkflowNotFoundError) return undefined;
            throw err;
          }),
      ),
    );
    return found.filter((id): id is string => id !== undefined);
  }

  /** Whether Temporal answers (within 2 s). */
  reachable(): Promise<boolean> {
    return this.client
      .withDeadline(Date.now() + 2_000, () => this.client.workflowService.getSystemInfo({}))
      .then(() => true)
      .catch(() => false);
  }

  /** How many workers polled the task queue in the last 90 s (within 2 s; undefined if Temporal does not answer). */
  workerPollers(): Promise<number | undefined> {
    return this.client
      .withDeadline(Date.now() + 2_000, () =>
        this.client.workflowService.describeTaskQueue({
          namespace: this.namespace,
          taskQueue: { name: this.taskQueue },
          taskQueueType: 1 /* workflow tasks */,
        }),
      )
      .then((d) => {
        // A worker polls again at least every minute; one that has not for 90 s is gone.
        const recent = Date.now() - 90_000;
        return (d.pollers ?? []).filter((p) => Number(p.lastAccessTime?.seconds ?? 0) * 1000 > recent).length;
      })
      .catch(() => undefined);
  }
}
