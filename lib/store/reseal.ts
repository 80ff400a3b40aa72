/**
 * Re-seal every sealed row of the case store with the current store key (`npm run store:reseal`, after a new key was
 * put first in `STORE_SEALING_KEYS`, or once after the upgrade that gave the store its own key).
 *
 * Idempotent and resumable: rows are read in batches after a cursor (their id), a row already sealed with the current
 * key is skipped without being touched, and each row is replaced only if it still holds the bytes that were read. A run
 * that stops midway leaves every row either old or new, both readable with the keys given; the next run finishes.
 */
import type { CaseStore } from './case-store';
import type { StoreKeys } from './sealing';
import { openRow, reporterRow, sealRow, sealedWith } from './sealing';

export interface ResealResult {
  /** Rows read. */
  examined: number;
  /** Rows sealed again with the current key. */
  resealed: number;
  /** Rows already sealed with the current key (left as they are). */
  current: number;
  /** Rows deleted or re-sealed by someone else between the read and the write (left as they are). */
  changedMeanwhile: number;
  /** Rows that did not open, by id, with why. */
  failed: Array<{ id: string; error: string }>;
}

export interface ResealOptions {
  /** Rows per batch (default 200). */
  batchSize?: number;
  /**
   * Opens a row sealed in the format of before issue 30 (a Temporal payload sealed with the payload keys). Only
   * scripts/store-reseal.ts passes one; without it such rows count as failed.
   */
  openOld?: (blob: Buffer) => Promise<unknown>;
  /** Called after each batch with the counts so far and the cursor (the last id read). */
  onBatch?: (progress: ResealResult & { cursor: string }) => void | Promise<void>;
}

/**
 * @example
 * const result = await resealStore(store, loadStoreKeys(), { openOld });
 * if (result.failed.length) process.exitCode = 1;
 */
export async function resealStore(
  store: CaseStore,
  keys: StoreKeys,
  options: ResealOptions = {},
): Promise<ResealResult> {
  const result: ResealResult = { examined: 0, resealed: 0, current: 0, changedMeanwhile: 0, failed: [] };
  const batchSize = options.batchSize ?? 200;
  let cursor = '';
  for (;;) {
    const rows = await store.sealedRows(cursor, batchSize);
    if (!rows.length) break;
    for (const { id, sealed } of rows) {
      result.examined++;
      if (sealedWith(sealed) === keys.sealWith) {
        result.current++;
        continue;
      }
      let value: unknown;
      try {
        value =
          sealedWith(sealed) === undefined && options.openOld
            ? await options.openOld(sealed)
            : openRow(keys, reporterRow(id), sealed);
      } catch (err) {
        result.failed.push({ id, error: (err as Error).message });
        continue;
      }
      if (await store.resealRow(id, sealed, sealRow(keys, reporterRow(id), value))) result.resealed++;
      else result.changedMeanwhile++;
    }
    cursor = rows[rows.length - 1]!.id;
    await options.onBatch?.({ ...result, failed: [...result.failed], cursor });
  }
  return result;
}
