/**
 * The hash chain of the audit trail (issue 33): each entry carries the hash of the one before in its chain, and its own
 * hash over that and every field it records, so an entry changed, removed or inserted afterwards breaks the chain
 * from there on (`npm run audit:verify` names the first entry that does not fit). A chain is one writer's entries of
 * one day (UTC): the writers of several API processes never wait for each other, and retention prunes whole days.
 */
import { createHash } from 'node:crypto';

/** What one entry records: who, when, what, the outcome, from where. Never an identity or a text of a case. */
export interface AuditFields {
  at: string;
  person: string;
  role: string;
  unit: string | null;
  group: string | null;
  /** The kind of access (lib/audit/kinds.ts). */
  access: string;
  /** The case, report, round, document or session touched, by id. */
  resource: string | null;
  /** The part of it: the route, the record section, the document. */
  section: string | null;
  /** `allowed`, `refused` or `failed`. */
  outcome: string;
  /** The HTTP status answered, where there was one. */
  status: number | null;
  clientAddress: string;
  requestId: string;
}

export interface AuditEntry extends AuditFields {
  chain: string;
  seq: number;
  prevHash: string;
  hash: string;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The hash a chain starts from: its name's. */
export const genesisHash = (chain: string): string => sha256(`audit-chain:${chain}`);

/** The fields in a fixed order (a change of order would change every hash). */
function canonical(chain: string, seq: number, f: AuditFields): string {
  return JSON.stringify([
    chain,
    seq,
    new Date(f.at).toISOString(),
    f.person,
    f.role,
    f.unit,
    f.group,
    f.access,
    f.resource,
    f.section,
    f.outcome,
    f.status,
    f.clientAddress,
    f.requestId,
  ]);
}

/** An entry's hash: of the one before and of everything it records. */
export const entryHash = (chain: string, seq: number, prevHash: string, f: AuditFields): string =>
  sha256(`${prevHash}\n${canonical(chain, seq, f)}`);

/** The chain an entry of `writer` at `at` belongs to: `2026-12-07/<writer>`. */
export const chainOf = (writer: string, at: string): string => `${at.slice(0, 10)}/${writer}`;

/** Where a chain first breaks. */
export interface ChainBreak {
  chain: string;
  seq: number;
  problem: string;
}

/**
 * Check one chain's entries in order of `seq`, from `start` (after a prune: the seq and hash it kept; otherwise the
 * genesis). Undefined when every entry fits.
 */
export function verifyChain(
  chain: string,
  entries: readonly AuditEntry[],
  start: { seq: number; hash: string } = { seq: 0, hash: genesisHash(chain) },
): ChainBreak | undefined {
  let { seq, hash } = start;
  for (const e of entries) {
    if (e.seq !== seq + 1) {
      return { chain, seq: seq + 1, problem: `entry ${seq + 1} is missing (the next one kept is ${e.seq})` };
    }
    if (e.prevHash !== hash) return { chain, seq: e.seq, problem: 'it does not carry the hash of the entry before' };
    if (entryHash(chain, e.seq, e.prevHash, e) !== e.hash) {
      return { chain, seq: e.seq, problem: 'its fields do not match its hash (changed after it was written)' };
    }
    if (!chain.startsWith(new Date(e.at).toISOString().slice(0, 10))) {
      return { chain, seq: e.seq, problem: 'its time is not of its chain’s day' };
    }
    ({ seq, hash } = e);
  }
  return undefined;
}
