/**
 * The case service: starting, reading, stepping and listing cases of every registered kind (workflows/kinds.ts), on
 * the gateway to Temporal (gateway.ts). Lists and to-do lists are read from the case store, as each reader may see
 * them (docs/need-to-know.md); no kind is named here.
 */
import type { Static } from '@sinclair/typebox';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { CaseRow, CaseStore } from '../../lib/store/case-store';
import { StoreUnavailableError } from '../../lib/store/case-store';
import type { Actor, TargetUnit } from '../../workflows/domain';
import type { KindContract, Step, StepSpec } from '../../workflows/engine/contract';
import { stepPath } from '../../workflows/engine/contract';
import type { KindModule, KindRegistry, RecordTraits } from '../../workflows/engine/kind';
import { isOverseer, partyOf, partyTag } from '../../workflows/engine/party';
import type { CaseRecord } from '../../workflows/engine/record';
import { sees } from '../../workflows/engine/view';
import { ids } from '../../workflows/ids';
import { HttpRefusal, caseNotFound } from '../refusal';
import type { CaseSummarySchema, TaskSchema } from '../schemas/cases';
import type { AnyContract, CaseLinks, StepTiming, TemporalGateway } from './gateway';
import { Claim } from './claims';
import { requestKey } from './idempotency';
import { groundsSnippet } from '../../lib/documents/case-identity';

/** A row of a list and an item to do, as the HTTP answers give them (api/schemas/cases.ts). */
export type CaseSummary = Static<typeof CaseSummarySchema>;
export type Task = Static<typeof TaskSchema>;

export interface CaseFilter {
  kind?: string;
  stage?: string;
  unit?: string;
  overdue?: boolean;
  limit: number;
}

export interface StartCaseOptions {
  kind: string;
  year: number;
  serial: number;
  unit: TargetUnit;
  /** One-line Chinese summary shown in Temporal UI: names and kinds only, never confidential text. */
  summary: string;
  /** The workflow's argument. */
  input: unknown;
  /** The stage it starts in (default: the kind's first stage; a patrol the office drafts: `drafted`). */
  stage?: string;
}

/** Start a workflow of a record kind, under its own id (409 with `Location` if it exists). */
export interface StartRecordOptions {
  kind: string;
  workflowId: string;
  unitCode: string;
  summary: string;
  input: unknown;
  stage?: string;
  /** The refusal when it exists already. */
  exists: { message: string; code: string };
}

/** Roles outside the provincial chain see a neutral stage and only their own items (see workflows/engine/view.ts). */
const external = (actor: Actor) => actor.role === 'unit' || actor.role === 'discipline';

export class CaseService {
  constructor(
    private readonly gateway: TemporalGateway,
    private readonly store: CaseStore,
    readonly kinds: KindRegistry,
    private readonly baseUrl: () => string,
    /** The codes a case of this unit takes no group member from (the registry's 回避, lib/registry/units.ts). */
    private readonly recusalOf: (code: string) => string[] = (code) => [code],
  ) {}

  get namespace(): string {
    return this.gateway.namespace;
  }
  get taskQueue(): string {
    return this.gateway.taskQueue;
  }
  links(workflowId: string): CaseLinks {
    return this.gateway.links(workflowId);
  }
  reachable(): Promise<boolean> {
    return this.gateway.reachable();
  }
  workerPollers(): Promise<number | undefined> {
    return this.gateway.workerPollers();
  }
  existing(workflowIds: string[]): Promise<string[]> {
    return this.gateway.existing(workflowIds);
  }

  /** A case, plan or round record as `actor` may see it; 404 when it does not exist or is not theirs to see. */
  read<V>(contract: KindContract<unknown, V>, idValue: string | number, actor: Actor): Promise<V> {
    return this.gateway.read(contract, idValue, actor);
  }

  /** Take one step; answers the record as it stands after the step, as `actor` may see it. */
  async step<V>(
    contract: KindContract<unknown, V>,
    step: Step<string, StepSpec>,
    idValue: string | number,
    input: unknown,
    actor: Actor,
    idempotencyKey?: string,
    timing?: StepTiming,
  ): Promise<V> {
    if (actor.role === 'unit' && step.name !== 'assignItem') {
      await this.signedForFirst(contract.id.workflowId(idValue), step.name, input, actor);
    }
    return this.gateway.step(contract, step, idValue, input, actor, idempotencyKey, timing);
  }

  /**
   * 签收 before 办理: where a unit has more than one person, an item addressed to it is taken only once someone has
   * signed for it and named its handler (承办人). Read from the store (the case as last kept), so a unit with one person
   * pays one query of the people only.
   */
  private async signedForFirst(workflowId: string, step: string, input: unknown, actor: Actor): Promise<void> {
    if (!actor.unit) return;
    let record: CaseRecord | undefined;
    try {
      if ((await this.store.peopleOf(actor.unit)).length < 2) return;
      record = (await this.store.readCase(workflowId))?.record;
    } catch (err) {
      // The store down: the step still reaches the case (nothing a unit sends waits on the store); the page holds 签收.
      if (err instanceof StoreUnavailableError) return;
      throw err;
    }
    if (!record) return;
    const given = input as Record<string, unknown>;
    const item = record.awaiting.find(
      (a) =>
        a.step === step &&
        a.role === 'unit' &&
        a.deadlineKey !== undefined &&
        Object.entries(a.params ?? {}).every(([k, v]) => given[k] === v),
    );
    const track = item && record.deadlines.find((d) => d.key === item.deadlineKey);
    if (item && track && !track.handler) {
      throw new HttpRefusal(409, `本单位有多名工作人员：请先签收“${item.label}”并确定承办人，再办理`, 'NotSignedFor');
    }
  }

  /**
   * A step with a prepare phase (claims.ts): `prepare` stores what the step carries through the claim and answers the
   * step's input; the step is taken; a refusal (or a failure before it) takes back what this request stored.
   */
  async stepWithClaim<V>(
    contract: KindContract<unknown, V>,
    step: Step<string, StepSpec>,
    idValue: string | number,
    actor: Actor,
    key: string | undefined,
    prepare: (claim: Claim) => Promise<unknown>,
  ): Promise<V> {
    const workflowId = contract.id.workflowId(idValue);
    const claim = new Claim(this.store, key ? requestKey(actor, workflowId, key) : undefined, partyTag(partyOf(actor)));
    try {
      return await this.step(contract, step, idValue, await prepare(claim), actor, key);
    } catch (err) {
      await claim.release();
      throw err;
    }
  }

  /** The listed kind (supervision, patrol …) of a case id, or the answer of a case that does not exist. */
  kindOfCase(caseId: string): KindModule & { record: RecordTraits } {
    const kind = this.kinds.ofId(caseId);
    if (!kind?.record?.listed) throw caseNotFound();
    return kind as KindModule & { record: RecordTraits };
  }

  /** The contract of a case id (a listed kind), or the answer of a case that does not exist. */
  contractOf(caseId: string): AnyContract {
    return this.kindOfCase(caseId).contract;
  }

  readCase(caseId: string, actor: Actor): Promise<unknown> {
    return this.read(this.contractOf(caseId), caseId, actor);
  }

  /**
   * A case as the store keeps it, whole, with what `actor` may see of it: for what is built from the record (its
   * documents), one read of the store. 404 when it is not there or not theirs to see.
   */
  async readStored(
    caseId: string,
    actor: Actor,
    /** A kind listed apart (a referral, a use of results) names its contract; a listed kind's is read from the id. */
    of?: AnyContract,
  ): Promise<{ record: CaseRecord; view: Record<string, unknown> }> {
    const contract = of ?? this.contractOf(caseId);
    const stored = await this.store.readCase(caseId);
    if (!stored) throw caseNotFound(contract.notFound);
    return { record: stored.record, view: this.gateway.fromStore(contract, stored, actor) as Record<string, unknown> };
  }

  /** Start a supervision or patrol case under its business id; 409 with `Location` when it exists. */
  async startCase(o: StartCaseOptions): Promise<{ caseId: string; stage: string; links: CaseLinks }> {
    const caseId = ids.case(o.kind, o.year, o.unit.code, o.serial);
    const stage = o.stage ?? this.kindOfCase(caseId).record.firstStage;
    await this.startRecord({
      kind: o.kind,
      workflowId: caseId,
      unitCode: o.unit.code,
      stage,
      summary: o.summary,
      // Art. 7, 13: who may not serve in its group, from the registry as it is when the case starts.
      input: { ...(o.input as object), recusal: this.recusalOf(o.unit.code) },
      exists: { message: '这项督查或巡查已经存在', code: 'CaseAlreadyExists' },
    });
    return { caseId, stage, links: this.links(caseId) };
  }

  /** Start a workflow of any kind with a case record (public reports, award rounds …). */
  async startRecord(o: StartRecordOptions): Promise<void> {
    const kind = this.kinds.get(o.kind);
    if (!kind?.record) throw new Error(`cases: ${o.kind} is not a registered kind with a record`);
    try {
      await this.gateway.start({
        workflowType: kind.contract.workflowType,
        workflowId: o.workflowId,
        kind: o.kind,
        unitCode: o.unitCode,
        stage: o.stage ?? kind.record.firstStage,
        summary: o.summary,
        input: o.input,
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError)
        throw new HttpRefusal(409, o.exists.message, o.exists.code, { location: this.links(o.workflowId).self });
      throw err;
    }
  }

  /**
   * Start a workflow whose input carries what only the store may hold (a public report's account, files and sealed
   * identity, claims.ts): `prepare` stores it through the claim and answers the input; a start that fails keeps nothing.
   * With `keyed` (a request with an `Idempotency-Key`, its claim's key): when the workflow exists already and
   * `isRetry` says it is this request's own (sent twice at once, both name the same pieces), what it stored stays.
   */
  async startRecordWithClaim(
    o: Omit<StartRecordOptions, 'input'>,
    createdBy: string,
    prepare: (claim: Claim) => Promise<unknown>,
    keyed?: { claimKey: string; isRetry: () => Promise<boolean> },
  ): Promise<unknown> {
    const claim = new Claim(this.store, keyed?.claimKey, createdBy);
    try {
      const input = await prepare(claim);
      await this.startRecord({ ...o, input });
      return input;
    } catch (err) {
      const exists = err instanceof HttpRefusal && err.code === o.exists.code;
      if (!(keyed && exists && (await keyed.isRetry()))) await claim.release();
      throw err;
    }
  }

  /** The stages of each listed kind a filter on `stage` names, as the caller sees stages (an outsider sees fewer). */
  private stagesNamed(stage: string, kinds: Array<KindModule & { record: RecordTraits }>, actor: Actor) {
    return Object.fromEntries(
      kinds.map((k) => [
        k.kind,
        k.record.stages.filter((s) => (external(actor) ? k.record.view.externalStage(s) : s) === stage),
      ]),
    );
  }

  /** The supervisions and patrols the caller may see (`kind` narrows to one of them). */
  list(filter: CaseFilter, actor: Actor): Promise<CaseSummary[]> {
    return this.listOf(
      this.kinds.listed.filter((k) => !filter.kind || k.kind === filter.kind),
      filter,
      actor,
    );
  }

  /**
   * The cases of one kind the lists of cases leave out (referrals, uses of results: issue 36), as the caller may see
   * them: the overseers all, anyone else those they are a party to. Newest first.
   */
  listKind(kind: string, filter: Omit<CaseFilter, 'kind'>, actor: Actor): Promise<CaseSummary[]> {
    const module = this.kinds.get(kind);
    if (!module?.record) throw new Error(`no kind ${kind}`);
    return this.listOf([module as KindModule & { record: RecordTraits }], filter, actor);
  }

  /** One SQL query over these kinds: the overseers see every case, anyone else those they are a party to. */
  private async listOf(
    kinds: Array<KindModule & { record: RecordTraits }>,
    filter: Omit<CaseFilter, 'kind'>,
    actor: Actor,
  ): Promise<CaseSummary[]> {
    if (filter.overdue !== undefined && !isOverseer(actor.role)) {
      throw new HttpRefusal(422, '只有领导小组、领导小组办公室和省委、省政府可以按是否逾期筛选', 'FilterNotAllowed');
    }
    if (!kinds.length) return [];
    const rows = await this.store.listCases({
      limit: filter.limit,
      kinds: kinds.map((k) => k.kind),
      ...(filter.stage ? { stages: this.stagesNamed(filter.stage, kinds, actor) } : {}),
      ...(filter.unit ? { unit: filter.unit } : {}),
      ...(filter.overdue !== undefined ? { overdue: filter.overdue } : {}),
      ...(isOverseer(actor.role) ? {} : { viewer: partyTag(partyOf(actor)) }),
      withGrounds: true,
    });
    return rows.map((row) => this.summaryOf(actor, row));
  }

  private summaryOf(actor: Actor, row: CaseRow): CaseSummary {
    const own = partyTag(partyOf(actor));
    const kind = this.kinds.get(row.kind);
    const view = kind?.record?.view;
    // The snippet of the grounds, of the fields the caller's role may see (none when it sees none of them).
    const grant = view?.sections[actor.role];
    const seen = Object.fromEntries(
      Object.entries(row.grounds ?? {}).filter(([field]) => grant !== undefined && sees(grant, field)),
    );
    const snippet = groundsSnippet(seen);
    return {
      ...(snippet ? { snippet } : {}),
      caseId: row.caseId,
      kind: row.kind,
      targetUnit: row.unitCode,
      stage: external(actor) && view ? view.externalStage(row.stage) : row.stage,
      status: row.closed ? 'COMPLETED' : 'RUNNING',
      startedAt: row.startedAt,
      links: this.links(row.caseId),
      ...(isOverseer(actor.role)
        ? { awaiting: row.awaiting, overdue: row.overdue, ...(row.dueAt ? { dueAt: row.dueAt } : {}) }
        : { awaiting: row.awaiting.filter((t) => t === own) }),
    };
  }

  /** What waits for `actor` across every kind with a record, overdue first, then by due time. */
  async tasks(actor: Actor): Promise<Task[]> {
    const tag = partyTag(partyOf(actor));
    const tasks: Task[] = [];
    for (const record of await this.store.openCasesAwaiting(tag, !isOverseer(actor.role))) {
      const contract = this.kinds.get(record.kind)?.contract;
      const view = contract?.view(record, actor) as CaseRecord | undefined;
      if (!contract || !view) continue;
      // The snippet of the grounds as the caller may see them (none when the view has no grounds).
      const snippet = groundsSnippet(view as unknown as Record<string, unknown>);
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
          url: `${this.baseUrl()}/${contract.resource}/${view.caseId}/${stepPath(spec, a.params)}`,
          ...(a.dueAt ? { dueAt: a.dueAt } : {}),
          ...(dueDate ? { dueDate } : {}),
          overdue: a.overdue ?? false,
          ...(track?.handler ? { handler: track.handler.name } : {}),
          ...(track?.handler?.id ? { handlerId: track.handler.id } : {}),
          ...(record.events[0] ? { startedAt: record.events[0].at } : {}),
          ...(snippet ? { snippet } : {}),
          links: this.links(view.caseId),
        });
      }
    }
    return tasks.sort(
      (x, y) => Number(y.overdue) - Number(x.overdue) || (x.dueAt ?? '9999').localeCompare(y.dueAt ?? '9999'),
    );
  }
}
