/**
 * Bring the case store up to date from what Temporal still has: every case, plan and round execution it keeps (open,
 * and closed within its retention), each read with its own query and written as the workflow would write it. Writes
 * are idempotent on revision, so running it again, or while the cases write themselves, changes nothing twice.
 *
 * Queries need a worker on the task queue (closed executions are replayed to answer): run it while the system runs.
 * Then it numbers the issued documents the store holds without a number (lib/documents/numbers.ts): those issued before
 * numbers were given at issuance, when they were given on first reading, and never read.
 */
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { ids } from '../../workflows/ids';
import type { KindRegistry } from '../../workflows/engine/kind';
import { kinds } from '../../workflows/kinds';
import { planContract } from '../../workflows/supervision-plan/contract';
import { roundProgressQuery } from '../../workflows/supervision-round/contract';
import { CaseViewers } from '../../workflows/search-attributes';
import type { CaseRecord } from '../../workflows/engine/record';
import { numberStoredDocuments } from '../documents/numbers';
import { numberFormats } from '../documents/case-documents';
import { loadUnitRegistry } from '../registry/units';
import type { CaseStore } from './case-store';

export interface RebuildResult {
  /** Executions read (a case that continued as new runs counts each run). */
  read: number;
  /** Written: newer than what the store had, or not there at all. */
  written: number;
  /** The store already had this revision or a newer one. */
  current: number;
  /** Issued documents given their number (发文字号) now. */
  numbered: number;
  failed: Array<{ workflowId: string; runId: string; error: string }>;
}

/** What a rebuild reads: the cases of the listed kinds (workflows/kinds.ts), the annual plans and the rounds. */
const typesOf = (registry: KindRegistry) => [
  ...registry.listed.map((k) => k.contract.workflowType),
  planContract.workflowType,
  'supervisionRound',
];

/**
 * `settings`: the registry and the number formats the issued documents are numbered with (`UNITS_FILE`,
 * `DOCUMENT_NUMBERS_FILE` of the worker's section of lib/config; default the files in data/).
 *
 * @example
 * const result = await rebuildStore(client, store, logger, config.worker);
 * // { read: 42, written: 3, current: 39, numbered: 0, failed: [] }
 */
export async function rebuildStore(
  client: Client,
  store: CaseStore,
  log?: Logger,
  settings: { UNITS_FILE?: string; DOCUMENT_NUMBERS_FILE?: string } = {},
  registry: KindRegistry = kinds,
): Promise<RebuildResult> {
  const result: RebuildResult = { read: 0, written: 0, current: 0, numbered: 0, failed: [] };
  const query = `WorkflowType IN (${typesOf(registry)
    .map((t) => `'${t}'`)
    .join(', ')})`;
  for await (const wf of client.workflow.list({ query })) {
    const handle = client.workflow.getHandle(wf.workflowId, wf.runId);
    try {
      result.read++;
      if (wf.type === planContract.workflowType) {
        await store.savePlan(await handle.query(planContract.recordQuery));
        result.written++;
      } else if (wf.type === 'supervisionRound') {
        await store.saveRound(await handle.query(roundProgressQuery));
        result.written++;
      } else {
        const kind = registry.listed.find((k) => k.contract.workflowType === wf.type)!;
        const record = (await handle.query(kind.contract.recordQuery)) as CaseRecord & {
          round?: unknown;
          year?: number;
        };
        const outcome = await store.saveCase({
          record,
          viewers: wf.typedSearchAttributes.get(CaseViewers) ?? [],
          ...(record.round && record.year
            ? { roundId: (record.round as { roundId?: string }).roundId ?? ids.round(record.year) }
            : {}),
        });
        result[outcome === 'saved' ? 'written' : 'current']++;
      }
    } catch (err) {
      result.failed.push({ workflowId: wf.workflowId, runId: wf.runId, error: (err as Error).message });
      log?.warn({ workflowId: wf.workflowId, runId: wf.runId, err }, 'could not bring this execution into the store');
    }
  }
  const units = loadUnitRegistry(settings.UNITS_FILE);
  result.numbered = await numberStoredDocuments(
    store,
    numberFormats(settings.DOCUMENT_NUMBERS_FILE),
    (code) => units.get(code)?.name ?? code,
  );
  log?.info(
    {
      read: result.read,
      written: result.written,
      current: result.current,
      numbered: result.numbered,
      failed: result.failed.length,
    },
    'case store rebuilt',
  );
  return result;
}
