/**
 * A kind of case as one module (issue 31): everything the rest of the system needs to know of a kind, declared once in
 * `workflows/<kind>/index.ts` and listed once in `workflows/kinds.ts`. The step routes, the case service, the store's
 * lists, the statistics, the workbench's filters and forms and the documents iterate the registry; none of them names
 * a kind. Pure data and functions: the API, the activities and the tests import it (workflow code does not need it:
 * `workflows/index.ts` lists the workflow functions the worker registers).
 */
import { caseIdPatternFor } from '../ids';
import type { KindContract } from './contract';
import type { CaseDocument } from './documents';
import type { CaseRecord } from './record';
import type { ViewSpec } from './view';

/** A kind whose workflows keep a case record (`CaseRecord`): the store keeps it, to-do lists and pages show it. */
export interface RecordTraits {
  /** Its stages in order, as the record's `stage` names them, with the labels officials read. */
  stages: readonly string[];
  stageLabels: Record<string, string>;
  /** The need-to-know view (its `externalStage` is how the unit and the receiving bodies see a stage). */
  view: ViewSpec<CaseRecord, string>;
  /**
   * Listed as a supervision or patrol case (督查、巡查): under `GET /cases`, in the workbench's case list and in the
   * statistics. Public reports and the awards keep records too, but are listed where they belong.
   */
  listed: boolean;
  /** The stage a new case starts in, unless its start says otherwise. */
  firstStage: string;
  /**
   * Stages off the main line (a rejection that closes a case early, 未获批准; a stage only some cases pass, 回头看待开展):
   * the workbench's flow diagram shows one only while the case is in it. Absent: every stage is on the main line.
   */
  sideStages?: readonly string[];
  /** The case refuses its written report before a finding is recorded (the patrol's, Art. 14, 15 (3)). */
  reportRestsOnFinding?: boolean;
}

/** What a kind's findings are counted under in the statistics (Art. 9 key contents, Art. 14 key problems). */
export interface KeyItems {
  /** The article that lists them (9, 14): exports put the kinds in the order of their articles. */
  articleNumber: number;
  /** The items, numbered as the article numbers them, with their labels. */
  labels: Record<number, string>;
  /** The citation of one item (`第九条第（一）项`). */
  article(item: number): string;
}

export interface KindModule {
  /** The kind's name in ids, the store, search attributes and filters: `patrol`. */
  kind: string;
  /** What officials call it: 巡查. */
  label: string;
  /** The OpenAPI tag of its routes. */
  tag: string;
  /** Its workflow type, resource, id scheme, steps, record query and need-to-know view. */
  contract: KindContract<unknown, unknown>;
  /** Present when its workflows keep a case record. */
  record?: RecordTraits;
  /** Present when its findings count in the statistics by key item. */
  keyItems?: KeyItems;
  /** The official documents (公文) a record has at the stage it has reached. */
  documents?: (record: CaseRecord) => CaseDocument[];
  /**
   * The documents whoever takes a step reads first, by step (the 请示 beside 批准, the draft beside 审签): keys of
   * `documents`; `:name` is a parameter of the step (`:key`), `request-*` the latest of a series.
   */
  stepDocuments?: Record<string, readonly string[]>;
}

/** Declare a kind (checks the shape; the contract's types are widened to the registry's). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any contract: the registry widens its types
export function defineKind<C extends KindContract<any, any>>(
  o: Omit<KindModule, 'contract' | 'documents' | 'stepDocuments'> & {
    contract: C;
    documents?: (record: never) => CaseDocument[];
    /** Only the kind's own steps. */
    stepDocuments?: Partial<Record<keyof C['steps'] & string, readonly string[]>>;
  },
): KindModule {
  return o as unknown as KindModule;
}

/** The registered kinds, and the questions every consumer asks of them. */
export class KindRegistry {
  private readonly byName: Map<string, KindModule>;
  private readonly patterns: Array<[RegExp, KindModule]>;
  /** The kinds whose workflows keep a case record. */
  readonly withRecords: ReadonlyArray<KindModule & { record: RecordTraits }>;
  /** The supervision and patrol kinds (listed as cases, counted in statistics). */
  readonly listed: ReadonlyArray<KindModule & { record: RecordTraits }>;
  /** The kinds people act on by steps (they have routes). */
  readonly withSteps: readonly KindModule[];
  /** The pattern of a listed case's id (`patrol-2026-taiyuan-0001`), as routes under /cases take it. */
  readonly caseIdPattern: string;

  constructor(readonly all: readonly KindModule[]) {
    this.byName = new Map(all.map((k) => [k.kind, k]));
    if (this.byName.size !== all.length) throw new Error('kinds: two modules declare the same kind');
    this.patterns = all.map((k) => [new RegExp(String((k.contract.id.schema as { pattern?: string }).pattern)), k]);
    this.withRecords = all.filter((k): k is KindModule & { record: RecordTraits } => k.record !== undefined);
    this.listed = this.withRecords.filter((k) => k.record.listed);
    this.withSteps = all.filter((k) => Object.values(k.contract.steps).some((s) => !s.internal));
    this.caseIdPattern = caseIdPatternFor(this.listed.map((k) => k.kind));
  }

  /** A registry with one more kind (tests, and a deployment's own kinds). */
  with(...more: KindModule[]): KindRegistry {
    return new KindRegistry([...this.all, ...more]);
  }

  get(kind: string): KindModule | undefined {
    return this.byName.get(kind);
  }

  /** The kind a workflow id belongs to (by its contract's id pattern), or undefined. */
  ofId(workflowId: string): KindModule | undefined {
    return this.patterns.find(([pattern]) => pattern.test(workflowId))?.[1];
  }
}
