/**
 * `npm run audit:verify` (issue 33 item 2): walk every chain of the audit trail in order and name the first entry that
 * does not fit: changed after it was written, removed (a gap in its chain), or put in. A chain removed whole by the
 * retention is named in `audit.prunes`, with its last hash; the removal of a chain's last entries is not detectable
 * from the chain alone (docs/security.md).
 */
import type { CaseStore } from '../store/case-store';
import type { ChainBreak } from './chain';
import { verifyChain } from './chain';

export interface VerifyResult {
  chains: number;
  entries: number;
  /** The first broken entry of each broken chain. */
  broken: ChainBreak[];
  /** Chains the retention removed, by its records. */
  pruned: number;
}

export async function verifyTrail(store: CaseStore, pageSize = 5_000): Promise<VerifyResult> {
  const result: VerifyResult = { chains: 0, entries: 0, broken: [], pruned: 0 };
  for (const chain of await store.auditChains()) {
    result.chains++;
    let start: { seq: number; hash: string } | undefined;
    for (;;) {
      const page = await store.chainEntries(chain, start?.seq ?? 0, pageSize);
      if (page.length === 0) break;
      result.entries += page.length;
      const broken = verifyChain(chain, page, start);
      if (broken) {
        result.broken.push(broken);
        break;
      }
      const last = page[page.length - 1]!;
      start = { seq: last.seq, hash: last.hash };
    }
  }
  result.pruned = (await store.auditPrunes()).reduce((n, p) => n + p.chains.length, 0);
  return result;
}
