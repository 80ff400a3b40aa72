/**
 * The case service: the only code of the API that talks to Temporal (`client.workflow`, `client.schedule`). It
 * starts, steps, reads and lists cases, plans and rounds; it decides access before anything is read (need to know,
 * docs/need-to-know.md) and projects every record for its reader with the kind's view.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import stringify from 'safe-stable-stringify';
import {
  Client,
  Connection,
  ScheduleNotFoundError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import type { WorkflowHandle } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { CodecKeys } from '../../../lib/infra/codec';
import type { CaseRow, CaseStore, StoredCase } from '../../../lib/store/case-store';
import { StoreUnavailableError } from '../../../lib/store/case-store';
import { sealedDataConverter } from '../../../lib/infra/codec';
import { temporalSettings } from '../../../lib/infra/temporal-config';
import type { Actor, CaseKind, RecordKind, TargetUnit as Unit } from '../../../workflows/domain';
import { caseKinds, patrolStages, roleLabels, supervisionStages } from '../../../workflows/domain';
import { ids } from '../../../workflows/ids';
import { patrolContract } from '../../../workflows/patrol/contract';
import type { AnnualPlanInput, AnnualPlanRecord } from '../../../workflows/supervision-plan/contract';
import { planContract } from '../../../workflows/supervision-plan/contract';
import type {
  RoundInput,
  RoundProgress,
  RoundReport,
  RoundReportKind,
} from '../../../workflows/supervision-round/contract';
import { signRoundReportUpdate } from '../../../workflows/supervision-round/contract';
import { progressOf } from '../../../workflows/supervision-round/progress';
import {
  CaseKind as CaseKindKey,
  CaseRound,
  CaseStage,
  CaseViewers,
  TargetUnit,
} from '../../../workflows/search-attributes';
import type { SupervisionCaseRecord } from '../../../workflows/supervision/contract';
import type { KindContract, Step, StepAck, StepSpec } from '../../../workflows/engine/contract';
import { stepPath } from '../../../workflows/engine/contract';
import { isOverseer, partyOf, partyTag } from '../../../workflows/engine/party';
import type { CaseRecord } from '../../../workflows/engine/record';
import type { ViewSpec } from '../../../workflows/engine/view';
import { patrolView } from '../../../workflows/patrol/contract';
import { supervisionContract, supervisionView } from '../../../workflows/supervision/contract';
import type { PublicReportInput } from '../../../workflows/public-report/contract';
import type { YearlyReport, YearlyReportInput } from '../../../workflows/patrol-rectification-report/contract';
import { signYearlyReportUpdate, yearlyReportQuery } from '../../../workflows/patrol-rectification-report/contract';
import { publicReportContract, publicReportView } from '../../../workflows/public-report/contract';
import type { AwardRoundInput } from '../../../workflows/award-round/contract';
import {
  awardIds,
  provinceUnit,
  awardRoundContract,
  awardRoundView,
  nominationContract,
  nominationView,
} from '../../../workflows/award-round/contract';
import { HttpRefusal, caseNotFound } from '../../refusal';
import { isDeadlineExceeded, isNotFound, isTemporalUnavailable } from '../../temporal-errors';
import { tracedClientOptions } from '../../../lib/infra/tracing';
import { chineseDate, chineseNumber } from '../../../workflows/engine/texts';
import { applicationFailureOf, refusalTypes } from '../../../workflows/engine/failures';

/** A step's refusal because the case does not name the caller among those who may see it. */
const isUnseen = (err: unknown) =>
  err instanceof WorkflowUpdateFailedError && applicationFailureOf(err)?.type === refusalTypes.unseen;

/** The case kinds people act on, by kind. */
export const caseContracts = { patrol: patrolContract, supervision: supervisionContract } as const;
/** Every kind with a case record: the cases and the public reports (their tasks are listed alike). */
export const recordContracts = {
  ...caseContracts,
  'public-report': publicReportContract,
  'award-round': awardRoundContract,
  nomination: nominationContract,
} as const;
const caseViews: Record<RecordKind, ViewSpec<CaseRecord, string>> = {
  patrol: patrolView as unknown as ViewSpec<CaseRecord, string>,
  supervision: supervisionView as unknown as ViewSpec<CaseRecord, string>,
  'public-report': publicReportView as unknown as ViewSpec<CaseRecord, string>,
  'award-round': awardRoundView as unknown as ViewSpec<CaseRecord, string>,
  nomination: nominationView as unknown as ViewSpec<CaseRecord, string>,
};
/** Where a workflow with a record is read, by the start of its id (cases are under /cases). */
export const resourceOf = (workflowId: string): string =>
  workflowId.startsWith('public-report-')
    ? 'public-reports'
    : workflowId.startsWith('award-round-')
      ? 'award-rounds'
      : workflowId.startsWith('nomination-')
        ? 'nominations'
        : 'cases';

/** A contract of any kind, as the service handles them alike. */
export type AnyContract = KindContract<unknown, unknown>;

export interface CaseLinks {
  self: string;
  temporalUi: string;
}

export interface CaseSummary {
  caseId: string;
  kind: string;
  targetUnit: string;
  stage: string;
  awaiting: string[];
  overdue?: boolean;
  dueAt?: string;
  status: string;
  startedAt: string;
  links: CaseLinks;
}

export interface Task {
  caseId: string;
  kind: string;
  unitName: string;
  stage: string;
  stageLabel: string;
  step: string;
  label: string;
  url: string;
  dueAt?: string;
  dueDate?: string;
  overdue: boolean;
  /** Within the unit: who handles it (承办人), once signed for. */
  handler?: string;
  links: CaseLinks;
}

export interface CaseFilter {
  kind?: CaseKind;
  stage?: string;
  unit?: string;
  overdue?: boolean;
  limit: number;
}

export interface StartCaseOptions {
  kind: CaseKind;
  year: number;
  serial: number;
  unit: Unit;
  /** One-line Chinese summary shown in Temporal UI: names and kinds only, never confidential text. */
  summary: string;
  /** The workflow's argument. */
  input: unknown;
  /** The stage it starts in (default `awaiting-approval`; a patrol the office drafts: `drafted`). */
  stage?: string;
}

export interface CaseService {
  namespace: string;
  taskQueue: string;
  /** Whether Temporal answers (within 2 s). */
  reachable(): Promise<boolean>;
  /** How many workers polled the case task queue in the last 90 s (within 2 s; undefined if Temporal does not answer). */
  workerPollers(): Promise<number | undefined>;
  links(workflowId: string): CaseLinks;
  startCase(o: StartCaseOptions): Promise<{ caseId: string; stage: string; links: CaseLinks }>;
  /** Which of these workflow ids Temporal knows (started, running or not). */
  existing(workflowIds: string[]): Promise<string[]>;
  /** Start a public report's workflow (Art. 5); its Temporal UI summary names no reporter and none of their words. */
  startPublicReport(reportId: string, input: PublicReportInput): Promise<void>;
  /** Open the year's award recommendations (Part 1); 409 with `Location` when the year's round exists. */
  startAwardRound(input: AwardRoundInput, summary: string): Promise<{ roundId: string; links: CaseLinks }>;
  /** A case, plan or round record as `actor` may see it; 404 when it does not exist or is not theirs to see. */
  read<V>(contract: KindContract<unknown, V>, idValue: string | number, actor: Actor): Promise<V>;
  readCase(caseId: string, actor: Actor): Promise<unknown>;
  /**
   * A case as the store keeps it, whole, with what `actor` may see of it: for what is built from the record (its
   * documents), one read of the store. 404 when it is not there or not theirs to see.
   */
  readStored(caseId: string, actor: Actor): Promise<{ record: CaseRecord; view: Record<string, unknown> }>;
  /** Take one step; answers the record as it stands after the step, as `actor` may see it. */
  step<V>(
    contract: KindContract<unknown, V>,
    step: Step<string, StepSpec>,
    idValue: string | number,
    input: unknown,
    actor: Actor,
    idempotencyKey?: string,
  ): Promise<V>;
  list(filter: CaseFilter, actor: Actor): Promise<CaseSummary[]>;
  tasks(actor: Actor): Promise<Task[]>;
  startPlan(input: AnnualPlanInput): Promise<AnnualPlanRecord>;
  /** Start the year's round now (its Schedule, then paused); 409 once it has started. */
  triggerRound(year: number, actor: Actor): Promise<{ scheduleId: string; roundId: string }>;
  /**
   * Art. 8 ("一般每年1次"): a further comprehensive round of the year, decided by the leading group with its reason,
   * started now (the year's plan must be approved). Answers the round's id and number.
   */
  startFurtherRound(
    year: number,
    o: { reason: string; units: string[]; crossInspection: boolean },
    actor: Actor,
  ): Promise<{ roundId: string; n: number }>;
  /** A round by its id (`supervision-round-2026`, `supervision-round-2026-2`). */
  roundProgress(roundId: string): Promise<RoundProgress>;
  /**
   * Art. 11 (ours): the leading group signs a report the round drafted, as drafted or edited (the edited text is
   * stored first; the round keeps its hash), and the round sends it up.
   */
  signRoundReport(
    roundId: string,
    kind: RoundReportKind,
    body: { text?: string | undefined; note?: string | undefined },
    actor: Actor,
  ): Promise<RoundReport>;
  /** A round's report entry as the store last has it (undefined: not drafted). */
  roundReport(roundId: string, kind: RoundReportKind): Promise<RoundReport | undefined>;
  /** Art. 16 (3): start drafting the year's patrol rectification report (409 with `Location` if it exists). */
  startYearlyReport(year: number, actor: Actor): Promise<YearlyReport>;
  /** The leading group signs it, as drafted or edited, and decides on the public aggregate; then it goes up. */
  signYearlyReport(
    year: number,
    body: { text?: string | undefined; note?: string | undefined; publish: boolean },
    actor: Actor,
  ): Promise<YearlyReport>;
}

declare module 'fastify' {
  interface FastifyInstance {
    cases: CaseService;
  }
}

export interface CaseServiceOptions {
  /** The payload keys every client of the system seals with (lib/infra/codec.ts). */
  codecKeys: CodecKeys;
  /** The case store: closed cases, lists, tasks and round progress are read from it. */
  store: CaseStore;
  /** An existing client (tests, or an embedding process; it must seal with the same keys); not closed with the app. */
  client?: Client;
  taskQueue?: string;
  /**
   * Temporal's clock as the API reads it, in ms (default `Date.now`: the API's and Temporal's hosts keep time with
   * NTP). A step's `notAfter` is on this clock, since the case compares it with its workflow time. Tests on the
   * time-skipping server hand in its clock.
   */
  clock?: () => number | Promise<number>;
}

const closedCase = () => new HttpRefusal(409, '已办结，不能再办理', 'CaseClosed');

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Roles outside the provincial chain see a neutral stage and only their own items (see workflows/engine/view.ts). */
const external = (actor: Actor) => actor.role === 'unit' || actor.role === 'discipline';

const stagesOf: Record<CaseKind, readonly string[]> = { patrol: patrolStages, supervision: supervisionStages };

/** The stages of each kind a filter on `stage` names, as the caller sees stages (an outsider sees fewer). */
function stagesNamed(stage: string, kinds: readonly CaseKind[], actor: Actor): Partial<Record<CaseKind, string[]>> {
  return Object.fromEntries(
    kinds.map((kind) => [
      kind,
      stagesOf[kind].filter((s) => (external(actor) ? caseViews[kind].externalStage(s) : s) === stage),
    ]),
  );
}

export default fp(
  async function cases(app: FastifyInstance, opts: CaseServiceOptions) {
    const settings = temporalSettings();
    let client: Client;
    if (opts.client) {
      client = opts.client;
    } else {
      const connection = await Connection.connect(settings.connection);
      client = new Client({
        connection,
        namespace: settings.namespace,
        dataConverter: sealedDataConverter(opts.codecKeys),
        ...tracedClientOptions(),
      });
      app.addHook('onClose', async () => connection.close());
    }
    const namespace = client.options.namespace;
    const taskQueue = opts.taskQueue ?? settings.taskQueue;
    const base = () => app.config.PUBLIC_URL ?? '';

    const links = (workflowId: string): CaseLinks => ({
      self: `${base()}/${resourceOf(workflowId)}/${workflowId}`,
      temporalUi: `${app.config.TEMPORAL_UI_URL}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`,
    });

    /** Whether a stored record is the caller's to see (the same rule as `CaseViewers` in Temporal). */
    const mayView = (contract: AnyContract, stored: StoredCase, actor: Actor) =>
      isOverseer(actor.role) || (contract.access !== 'overseers' && stored.viewers.includes(partyTag(partyOf(actor))));

    /**
     * Access to a live execution, decided before any record is read: the overseers reach every case; anyone else only
     * a case whose `CaseViewers` names them (read from the execution's own state, which is consistent at once).
     * `absent` when Temporal does not know the workflow (never started, or deleted after its retention).
     */
    async function liveAccess(
      contract: AnyContract,
      workflowId: string,
      actor: Actor,
    ): Promise<{ access: 'visible' | 'hidden' | 'absent'; running: boolean }> {
      if (!isOverseer(actor.role) && contract.access === 'overseers') return { access: 'hidden', running: false };
      const described = await client.workflow
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
    async function archived(contract: AnyContract, workflowId: string): Promise<StoredCase | 'down' | undefined> {
      try {
        if (contract === (planContract as unknown as AnyContract)) {
          const plan = (await opts.store.plan(workflowId)) as AnnualPlanRecord | undefined;
          return plan && { record: plan as unknown as CaseRecord, viewers: [] };
        }
        return await opts.store.readCase(workflowId);
      } catch (err) {
        if (err instanceof StoreUnavailableError) return 'down';
        throw err;
      }
    }

    /** A stored record as `actor` may see it; a record that is not theirs answers like one that does not exist. */
    function fromStore<V>(contract: KindContract<unknown, V>, stored: StoredCase, actor: Actor): V {
      const view = mayView(contract, stored, actor) ? contract.view(stored.record, actor) : undefined;
      if (view === undefined) throw caseNotFound(contract.notFound);
      return view;
    }

    const readWaitMs = () => app.config.READ_WAIT_SECONDS * 1000;
    const stepWaitMs = () => app.config.STEP_WAIT_SECONDS * 1000;

    async function query<R>(contract: KindContract<R, unknown>, handle: WorkflowHandle): Promise<R> {
      try {
        // A query needs a worker: without one it would wait as long as Temporal lets it. We wait READ_WAIT_SECONDS.
        return await client.withDeadline(Date.now() + readWaitMs(), () => handle.query(contract.recordQuery));
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) throw caseNotFound(contract.notFound);
        throw err;
      }
    }

    /** The record as `actor` may see it (access already decided). */
    async function project<V>(contract: KindContract<unknown, V>, workflowId: string, actor: Actor): Promise<V> {
      const view = contract.view(await query(contract, client.workflow.getHandle(workflowId)), actor);
      if (view === undefined) throw caseNotFound(contract.notFound);
      return view;
    }

    /**
     * One record: a closed one from the store (Temporal may have deleted it after its retention); an open one from
     * Temporal, which is authoritative, falling back to the store when Temporal does not know it. A store that does not
     * answer matters only when Temporal does not have the record either (503, try again).
     */
    async function read<V>(contract: KindContract<unknown, V>, idValue: string | number, actor: Actor): Promise<V> {
      const workflowId = contract.id.workflowId(idValue);
      let live: Awaited<ReturnType<typeof liveAccess>> | undefined;
      try {
        live = await client.withDeadline(Date.now() + readWaitMs(), () => liveAccess(contract, workflowId, actor));
        if (live.access === 'visible' && live.running) return await project(contract, workflowId, actor);
      } catch (err) {
        // Temporal, or every worker, does not answer in time: the record as the case last wrote it to the store (a
        // step behind at most), decided by the store's viewers; without it, 503.
        if (!isTemporalUnavailable(err)) throw err;
        const stored = await archived(contract, workflowId);
        if (typeof stored === 'object') return fromStore(contract, stored, actor);
        throw err;
      }
      if (live.access === 'hidden') throw caseNotFound(contract.notFound);
      // Closed (its final record is in the store; replaying a closed history to query it would cost more), or deleted
      // from Temporal after its retention.
      const stored = await archived(contract, workflowId);
      if (typeof stored === 'object') return fromStore(contract, stored, actor);
      if (live.access === 'visible') return project(contract, workflowId, actor);
      if (stored === 'down') throw new StoreUnavailableError('the case store does not answer');
      throw caseNotFound(contract.notFound);
    }

    /** The contract of a case id, or the answer of a case that does not exist. */
    const contractOf = (caseId: string): AnyContract => {
      const kind = ids.kindOf(caseId);
      if (!kind) throw caseNotFound();
      return caseContracts[kind];
    };

    /**
     * An `Idempotency-Key` becomes an Update id that names the caller, the case, the key, the step and the body: a
     * retry is the same Update (Temporal answers it once), and anything else is a new Update that the workflow refuses
     * as a reused key (it remembers which fingerprint each key was accepted for).
     */
    function idempotency(actor: Actor, workflowId: string, stepName: string, input: unknown, key: string) {
      const who = [actor.id, actor.role, actor.unit ?? '', actor.group ?? ''];
      const request = {
        key: sha256(stringify([...who, workflowId, key])),
        fingerprint: sha256(stringify([stepName, input])),
      };
      return { request, updateId: `${stepName}-${sha256(request.key + request.fingerprint).slice(0, 32)}` };
    }

    async function step<V>(
      contract: KindContract<unknown, V>,
      spec: Step<string, StepSpec>,
      idValue: string | number,
      input: unknown,
      actor: Actor,
      key?: string,
    ): Promise<V> {
      const workflowId = contract.id.workflowId(idValue);
      // A kind only the overseers see: anyone else hears that there is no such case, without asking Temporal. For the
      // other kinds the case itself decides, first thing in its step's validator (it knows its viewers): one call.
      if (!isOverseer(actor.role) && contract.access === 'overseers') throw caseNotFound(contract.notFound);
      const handle = client.workflow.getHandle(workflowId);
      const requested = key ? idempotency(actor, workflowId, spec.name, input, key) : undefined;
      // Every Update has an id we know, so that a step whose answer did not come in time can be looked up.
      const updateId = requested?.updateId ?? `${spec.name}-${randomBytes(9).toString('base64url')}`;
      // The caller waits STEP_WAIT_SECONDS at most. The case refuses the step if it takes it up after that (a worker that
      // comes back later), so a step the caller heard 503 for never happens behind their back.
      const waitMs = stepWaitMs();
      // In whole seconds (history keeps every step's arguments: small is better), rounded up.
      const notAfter = Math.ceil(((await (opts.clock ?? Date.now)()) + waitMs) / 1000);
      const call = { by: actor, input, notAfter, ...(requested ? { idempotency: requested.request } : {}) };
      const send = () =>
        client.withDeadline(Date.now() + waitMs + 1_000, () =>
          handle.executeUpdate(spec.update.name, { args: [call], updateId }),
        );
      let ack: StepAck | undefined;
      try {
        ack = (await send().catch(async (err: unknown) => {
          // A case that continued as a new run at that very moment takes the step in its new run.
          if (err instanceof WorkflowNotFoundError && (await handle.describe()).status.name === 'RUNNING')
            return send();
          throw err;
        })) as StepAck;
      } catch (err) {
        if (isUnseen(err)) throw caseNotFound(contract.notFound);
        // Our wait ran out: as a gRPC deadline, or as the SDK's own "Update call timed out or was cancelled" (its
        // polling loop ends the same way when no worker takes the Update up). No worker answered for the case, so
        // whether the caller may see it is read from Temporal: one they may not see is still "not found".
        if (isDeadlineExceeded(err) || err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
          if ((await liveAccess(contract, workflowId, actor)).access === 'hidden')
            throw caseNotFound(contract.notFound);
          await settleLateStep(handle, updateId, workflowId);
        } else if (err instanceof WorkflowNotFoundError) throw await notRunning(contract, workflowId, actor);
        else throw err;
      }
      if (ack) {
        // The case writes its record to the store in the very workflow task that answers the step, so the store
        // usually holds this revision already: one read here instead of a query, which costs a worker a round trip.
        // A step that closed the case waits for its final record (a query would replay the whole ended history).
        const stored = ack.closed
          ? await closingRecord(contract, workflowId, ack.revision)
          : await archived(contract, workflowId);
        if (typeof stored === 'object' && revisionOf(stored) >= ack.revision) return fromStore(contract, stored, actor);
      }
      try {
        return await project(contract, workflowId, actor);
      } catch (err) {
        // The step was taken: the case exists and the caller may see it, so "not found" here is Temporal catching up
        // (a server that has just restarted), never the answer. The store's record once it has caught up, else 503.
        if (!(err instanceof HttpRefusal && err.statusCode === 404)) throw err;
        const stored = await closingRecord(contract, workflowId, ack?.revision ?? 0);
        if (stored) return fromStore(contract, stored, actor);
        throw new HttpRefusal(503, '已办理，系统正在恢复，请稍后查看该督查或巡查的办理记录', 'StepAnswerPending', {
          'retry-after': '5',
          location: links(workflowId).self,
        });
      }
    }

    /**
     * Why an Update found no running case: it has closed (409, to someone who may see it), or Temporal has deleted it
     * after its retention (409 if the store has it for this caller), or it never existed or is not theirs (404).
     */
    async function notRunning(contract: AnyContract, workflowId: string, actor: Actor): Promise<HttpRefusal> {
      const { access } = await liveAccess(contract, workflowId, actor);
      if (access === 'visible') return closedCase();
      if (access === 'hidden') return caseNotFound(contract.notFound);
      const stored = await archived(contract, workflowId);
      return typeof stored === 'object' && mayView(contract, stored, actor)
        ? closedCase()
        : caseNotFound(contract.notFound);
    }

    const revisionOf = (stored: StoredCase) => (stored.record as { revision?: number }).revision ?? -1;

    /** The record of a case that a step has just closed, once the store has it (within the read wait), or undefined. */
    async function closingRecord(contract: AnyContract, workflowId: string, revision: number) {
      const until = Date.now() + readWaitMs();
      for (;;) {
        const stored = await archived(contract, workflowId);
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
    async function settleLateStep(handle: WorkflowHandle, updateId: string, workflowId: string): Promise<void> {
      const late = async (): Promise<'done' | 'accepted' | 'not-taken'> => {
        try {
          await client.withDeadline(Date.now() + 2_000, () => handle.getUpdateHandle(updateId).result());
          return 'done';
        } catch (err) {
          // Not found: an Update the server had admitted and then lost (it restarted before a worker took it up).
          if (!isDeadlineExceeded(err) && !isNotFound(err) && !(err instanceof WorkflowNotFoundError)) throw err;
        }
        const polled = await client
          .withDeadline(Date.now() + 1_000, () =>
            client.workflowService.pollWorkflowExecutionUpdate({
              namespace,
              updateRef: { workflowExecution: { workflowId }, updateId },
              identity: 'api',
              waitPolicy: { lifecycleStage: 2 /* ACCEPTED */ },
            }),
          )
          .catch(() => undefined);
        return Number(polled?.stage ?? 0) >= 2 ? 'accepted' : 'not-taken';
      };
      const outcome = await late();
      if (outcome === 'done') return;
      if (outcome === 'accepted') {
        throw new HttpRefusal(202, '已受理，正在办理；请稍后查看该督查或巡查的办理记录', 'StepAccepted', {
          location: links(workflowId).self,
        });
      }
      throw new HttpRefusal(
        503,
        '系统暂时无法办理（处理服务未在规定时间内响应），本次操作未生效，请稍后重试',
        'StepNotTaken',
        { 'retry-after': '10' },
      );
    }

    /**
     * Start a workflow with a case record: its business id, the search attributes a list filters on, and a Chinese
     * summary for Temporal UI (names and kinds only). The caller waits STEP_WAIT_SECONDS at most (then 503).
     */
    async function startWorkflow(o: {
      workflowType: string;
      workflowId: string;
      kind: RecordKind;
      unitCode: string;
      stage: string;
      summary: string;
      input: unknown;
    }): Promise<void> {
      await client.withDeadline(Date.now() + stepWaitMs(), () =>
        client.workflow.start(o.workflowType, {
          workflowId: o.workflowId,
          taskQueue,
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

    /**
     * What the leading group signs (Art. 11, 16 (3)): the draft as it is (`kind`, its hash), or the text it edited,
     * stored first under its own name (`kind@hash16`) so that the draft stays as it was and the edit is on record.
     */
    async function signedVersion(
      owner: string,
      kind: string,
      title: string,
      draftSha256: string,
      text: string | undefined,
    ): Promise<{ version: string; sha256: string }> {
      if (text === undefined || sha256(text) === draftSha256) return { version: kind, sha256: draftSha256 };
      const hash = sha256(text);
      const version = `${kind}@${hash.slice(0, 16)}`;
      await opts.store.saveReport({ roundId: owner, kind: version, title, text, at: new Date().toISOString() });
      return { version, sha256: hash };
    }

    /** A signing Update, within the step wait; the workflow's refusal (signed already, not drafted) answers 409. */
    async function signing<T>(update: () => Promise<T>): Promise<T> {
      try {
        return await client.withDeadline(Date.now() + stepWaitMs(), update);
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError)
          throw new HttpRefusal(
            409,
            applicationFailureOf(err)?.message || err.cause?.message || '该报告不能签发',
            'ReportNotAwaitingSignature',
          );
        throw err;
      }
    }

    function summaryOf(actor: Actor, row: CaseRow): CaseSummary {
      const own = partyTag(partyOf(actor));
      return {
        caseId: row.caseId,
        kind: row.kind,
        targetUnit: row.unitCode,
        stage: external(actor) ? caseViews[row.kind].externalStage(row.stage) : row.stage,
        status: row.closed ? 'COMPLETED' : 'RUNNING',
        startedAt: row.startedAt,
        links: links(row.caseId),
        ...(isOverseer(actor.role)
          ? { awaiting: row.awaiting, overdue: row.overdue, ...(row.dueAt ? { dueAt: row.dueAt } : {}) }
          : { awaiting: row.awaiting.filter((t) => t === own) }),
      };
    }

    const service: CaseService = {
      namespace,
      taskQueue,
      links,
      reachable: () =>
        client
          .withDeadline(Date.now() + 2_000, () => client.workflowService.getSystemInfo({}))
          .then(() => true)
          .catch(() => false),

      workerPollers: () =>
        client
          .withDeadline(Date.now() + 2_000, () =>
            client.workflowService.describeTaskQueue({
              namespace,
              taskQueue: { name: taskQueue },
              taskQueueType: 1 /* workflow tasks */,
            }),
          )
          .then((d) => {
            // A worker polls again at least every minute; one that has not for 90 s is gone.
            const recent = Date.now() - 90_000;
            return (d.pollers ?? []).filter((p) => Number(p.lastAccessTime?.seconds ?? 0) * 1000 > recent).length;
          })
          .catch(() => undefined),

      async startCase(o) {
        const caseId = ids.case(o.kind, o.year, o.unit.code, o.serial);
        const stage = o.stage ?? 'awaiting-approval';
        try {
          await startWorkflow({
            workflowType: caseContracts[o.kind].workflowType,
            workflowId: caseId,
            kind: o.kind,
            unitCode: o.unit.code,
            stage,
            summary: o.summary,
            input: o.input,
          });
        } catch (err) {
          if (err instanceof WorkflowExecutionAlreadyStartedError) {
            throw new HttpRefusal(409, '这项督查或巡查已经存在', 'CaseAlreadyExists', { location: links(caseId).self });
          }
          throw err;
        }
        return { caseId, stage, links: links(caseId) };
      },

      async existing(workflowIds) {
        const found = await Promise.all(
          workflowIds.map((id) =>
            client.workflow
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
      },

      startPublicReport: (reportId, input) =>
        startWorkflow({
          workflowType: publicReportContract.workflowType,
          workflowId: reportId,
          kind: 'public-report',
          unitCode: input.targetUnit.code,
          stage: 'received',
          summary: `群众举报：${input.targetUnit.name}（${chineseDate(input.receivedOn)}收到）`,
          input,
        }),

      async startAwardRound(input, summary) {
        const roundId = awardIds.round(input.year);
        try {
          await startWorkflow({
            workflowType: awardRoundContract.workflowType,
            workflowId: roundId,
            kind: 'award-round',
            unitCode: provinceUnit.code,
            stage: 'nominating',
            summary,
            input,
          });
        } catch (err) {
          if (err instanceof WorkflowExecutionAlreadyStartedError) {
            throw new HttpRefusal(409, `${input.year}年度全国脱贫攻坚奖推荐工作已经开展`, 'RoundAlreadyExists', {
              location: links(roundId).self,
            });
          }
          throw err;
        }
        return { roundId, links: links(roundId) };
      },

      read,
      readCase: (caseId, actor) => read(contractOf(caseId), caseId, actor),
      async readStored(caseId, actor) {
        const contract = contractOf(caseId);
        const stored = await opts.store.readCase(caseId);
        if (!stored) throw caseNotFound(contract.notFound);
        return { record: stored.record, view: fromStore(contract, stored, actor) as Record<string, unknown> };
      },
      step,

      async list(filter, actor) {
        if (filter.overdue !== undefined && !isOverseer(actor.role)) {
          throw new HttpRefusal(
            422,
            '只有领导小组、领导小组办公室和省委、省政府可以按是否逾期筛选',
            'FilterNotAllowed',
          );
        }
        const rows = await opts.store.listCases({
          limit: filter.limit,
          ...(filter.kind ? { kind: filter.kind } : {}),
          ...(filter.stage
            ? { stages: stagesNamed(filter.stage, filter.kind ? [filter.kind] : caseKinds, actor) }
            : {}),
          ...(filter.unit ? { unit: filter.unit } : {}),
          ...(filter.overdue !== undefined ? { overdue: filter.overdue } : {}),
          ...(isOverseer(actor.role) ? {} : { viewer: partyTag(partyOf(actor)) }),
        });
        return rows.map((row) => summaryOf(actor, row));
      },

      async tasks(actor) {
        const tag = partyTag(partyOf(actor));
        const tasks: Task[] = [];
        for (const record of await opts.store.openCasesAwaiting(tag, !isOverseer(actor.role))) {
          const contract: AnyContract = recordContracts[record.kind];
          const view = contract.view(record, actor) as CaseRecord | undefined;
          if (!view) continue;
          for (const a of view.awaiting.filter((x) => partyTag(x) === tag)) {
            const spec = contract.steps[a.step];
            if (!spec) continue;
            const track = view.deadlines.find((t) => t.key === a.deadlineKey);
            const dueDate = track?.deadline.dueDate;
            tasks.push({
              caseId: view.caseId,
              kind: record.kind,
              unitName: view.targetUnit.name,
              stage: view.stage,
              stageLabel: view.stageLabel,
              step: a.step,
              label: a.label,
              url: `${base()}/${contract.resource}/${view.caseId}/${stepPath(spec, a.params)}`,
              ...(a.dueAt ? { dueAt: a.dueAt } : {}),
              ...(dueDate ? { dueDate } : {}),
              overdue: a.overdue ?? false,
              ...(track?.handler ? { handler: track.handler.name } : {}),
              links: links(view.caseId),
            });
          }
        }
        return tasks.sort(
          (x, y) => Number(y.overdue) - Number(x.overdue) || (x.dueAt ?? '9999').localeCompare(y.dueAt ?? '9999'),
        );
      },

      async startPlan(input) {
        const workflowId = ids.plan(input.year);
        const handle = client.workflow.getHandle(workflowId);
        const existing = await handle.describe().catch(() => undefined);
        if (existing) {
          const running = existing.status.name === 'RUNNING';
          const current = running ? undefined : await handle.query(planContract.recordQuery).catch(() => undefined);
          if (running || current?.stage === 'scheduled') {
            throw new HttpRefusal(
              409,
              `${input.year}年度督查计划已经${running ? '起草，待批准' : '批准'}`,
              'PlanExists',
              {
                location: `${base()}/${planContract.resource}/${input.year}`,
              },
            );
          }
        }
        await client.workflow.start(planContract.workflowType, {
          workflowId,
          taskQueue,
          args: [input],
          typedSearchAttributes: [{ key: CaseRound, value: ids.round(input.year) }],
          staticSummary: `${input.year}年度督查计划：综合督查${input.units.length}个单位（${input.month}月）${input.crossInspection ? '，交叉督查' : ''}`,
        });
        return handle.query(planContract.recordQuery);
      },

      async triggerRound(year, actor) {
        const schedule = client.schedule.getHandle(ids.roundSchedule(year));
        const described = await schedule.describe().catch((err: unknown) => {
          if (err instanceof ScheduleNotFoundError) {
            throw new HttpRefusal(409, `${year}年度督查计划尚未批准，没有可启动的综合督查`, 'PlanNotApproved');
          }
          throw err;
        });
        // Once started (by hand, or by the Schedule in its month: the Schedule names its run after the time it
        // started, so the Schedule's own count says so), the year's round is not started again. Started by hand, the
        // Schedule is paused, so that it does not fire in the planned month either.
        const location = { location: `${base()}/supervision-rounds/${year}` };
        const acted = (d: typeof described) => d.info.numActionsTaken > 0 || d.info.runningActions.length > 0;
        const answer = { scheduleId: ids.roundSchedule(year), roundId: ids.round(year) };
        if (acted(described) || described.state.paused) {
          throw new HttpRefusal(409, `${year}年度综合督查已经启动`, 'RoundAlreadyStarted', location);
        }
        await schedule.trigger();
        // The Schedule takes a triggered action in its own time, and a pause that reaches it first would hold the action
        // back: pause only once it has taken it (a round not yet taken after the wait is left to the Schedule, unpaused).
        for (const until = Date.now() + stepWaitMs(); ;) {
          if (acted(await schedule.describe())) break;
          if (Date.now() > until) return answer;
          await new Promise((r) => setTimeout(r, 200));
        }
        await schedule.pause(
          `${chineseDate(new Date().toISOString().slice(0, 10))}由${roleLabels[actor.role]}手动启动，计划月份不再启动`,
        );
        return answer;
      },

      async startFurtherRound(year, o, actor) {
        const plan = (await opts.store.plan(ids.plan(year))) as AnnualPlanRecord | undefined;
        if (plan?.stage !== 'scheduled') {
          throw new HttpRefusal(409, `${year}年度督查计划尚未批准，不能增加综合督查轮次`, 'PlanNotApproved');
        }
        const rounds = await opts.store.roundIds(year);
        const n = Math.max(2, rounds.length + 1);
        const roundId = ids.round(year, n);
        const input: RoundInput = {
          year,
          n,
          reason: o.reason,
          units: o.units,
          crossInspection: o.crossInspection,
          plan: plan.planId,
          approvedBy: actor,
          approvedAt: new Date().toISOString(),
        };
        try {
          await client.workflow.start('supervisionRound', {
            workflowId: roundId,
            taskQueue,
            args: [input],
            typedSearchAttributes: [
              { key: CaseRound, value: roundId },
              { key: CaseStage, value: 'starting' },
            ],
            // Names and numbers only (the reason is on the round's record, not in Temporal UI's list).
            staticSummary: `${year}年度第${chineseNumber(n)}轮综合督查：${o.units.length}个单位（领导小组决定增加）`,
          });
        } catch (err) {
          if (err instanceof WorkflowExecutionAlreadyStartedError)
            throw new HttpRefusal(409, '该轮综合督查已经启动', 'RoundExists', {
              location: `${base()}/supervision-rounds/${year}-${n}`,
            });
          throw err;
        }
        return { roundId, n };
      },

      async roundReport(roundId, kind) {
        const progress = (await opts.store.roundState(roundId)) as RoundProgress | undefined;
        return progress?.reports.find((r) => r.kind === kind);
      },

      async startYearlyReport(year, actor) {
        const workflowId = ids.patrolRectificationReport(year);
        const input: YearlyReportInput = { year, draftedBy: actor };
        try {
          await client.workflow.start('patrolRectificationReport', {
            workflowId,
            taskQueue,
            args: [input],
            typedSearchAttributes: [{ key: CaseStage, value: 'drafting' }],
            staticSummary: `${year}年度全省脱贫攻坚巡查整改情况报告（报送省委、省政府）`,
          });
        } catch (err) {
          if (err instanceof WorkflowExecutionAlreadyStartedError)
            throw new HttpRefusal(409, `${year}年度巡查整改情况报告已经起草`, 'ReportExists', {
              location: `${base()}/patrol-rectification-reports/${year}`,
            });
          throw err;
        }
        // The draft is written by an activity: answer once it is there (or the state as it stands then).
        const handle = client.workflow.getHandle(workflowId);
        for (let i = 0; ; i++) {
          const state = await handle.query(yearlyReportQuery).catch(() => undefined);
          if (state || i >= 50) {
            if (state) return state;
            throw new HttpRefusal(503, '报告正在起草，请稍后查看', 'TemporalUnavailable', {
              location: `${base()}/patrol-rectification-reports/${year}`,
            });
          }
          await new Promise((r) => setTimeout(r, 200));
        }
      },

      async signYearlyReport(year, body, actor) {
        const reportId = ids.patrolRectificationReport(year);
        const state = (await opts.store.yearlyReport(reportId)) as YearlyReport | undefined;
        if (!state) throw new HttpRefusal(404, '报告尚未起草', 'ReportNotReady');
        if (state.signed) throw new HttpRefusal(409, '该报告已签发', 'ReportSigned');
        const signed = await signedVersion(reportId, 'report', state.title, state.draftSha256, body.text);
        return signing(() =>
          client.workflow.getHandle(reportId).executeUpdate(signYearlyReportUpdate, {
            args: [{ by: actor, ...signed, publish: body.publish, ...(body.note?.trim() ? { note: body.note } : {}) }],
          }),
        );
      },

      async signRoundReport(roundId, kind, body, actor) {
        // The round's own state only (its cases are not needed to sign).
        const progress = (await opts.store.roundState(roundId)) as RoundProgress | undefined;
        const entry = progress?.reports.find((r) => r.kind === kind);
        if (!progress || !entry) throw new HttpRefusal(404, '报告尚未起草', 'ReportNotReady');
        if (entry.status !== 'awaiting-signature') throw new HttpRefusal(409, '该报告已签发', 'ReportSigned');
        const signed = await signedVersion(roundId, kind, entry.title, entry.draftSha256!, body.text);
        return signing(() =>
          client.workflow.getHandle(progress.workflowId).executeUpdate(signRoundReportUpdate, {
            args: [{ kind, by: actor, ...signed, ...(body.note?.trim() ? { note: body.note } : {}) }],
          }),
        );
      },

      async roundProgress(roundId) {
        // One SQL query: the round that owns its cases, and where each of them stands.
        const stored = await opts.store.round(roundId);
        if (!stored) throw new HttpRefusal(404, '该轮综合督查尚未启动', 'RoundNotStarted');
        const cases = stored.cases.map((r) => ({
          ...progressOf(r as unknown as SupervisionCaseRecord),
          seq: r.revision,
        }));
        const byStage: RoundProgress['byStage'] = {};
        for (const c of cases) byStage[c.stage] = (byStage[c.stage] ?? 0) + 1;
        return {
          ...(stored.progress as RoundProgress),
          cases,
          byStage,
          overdue: cases.filter((c) => c.overdue).map((c) => c.unit.code),
        };
      },
    };
    app.decorate('cases', service);
  },
  { name: 'cases' },
);
