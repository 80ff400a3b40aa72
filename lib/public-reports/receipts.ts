/**
 * Receipt codes of public reports (Art. 5): what a reporter without an account keeps to follow their report. 140
 * random bits in Crockford's base-32 (no I, L, O, U: nothing to misread), shown in seven groups of four. The store and
 * Temporal never hold a receipt: the report's id is derived from its SHA-256, so a receipt finds its report and a report
 * id gives no receipt away.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ids } from '../../workflows/ids';

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const length = 28;

/**
 * A new receipt code, e.g. `7K3Q-9XWD-M2PA-…` (28 characters, 140 bits); from `bytes` (at least 28, uniform) when
 * given: a report filed with an `Idempotency-Key` takes them from its key (api/services/public-report-keys.ts).
 */
export function newReceipt(bytes: Buffer = randomBytes(length)): string {
  if (bytes.length < length) throw new Error(`receipts: ${length} bytes needed`);
  // 256 is a multiple of 32: every character is uniform.
  const chars = [...bytes.subarray(0, length)].map((b) => alphabet[b & 31]!);
  return chars.join('').replace(/(.{4})(?!$)/g, '$1-');
}

/**
 * The canonical form of a receipt as someone typed it (any case, spaces or dashes anywhere, O for 0 and I or L for 1),
 * or undefined if it cannot be one.
 */
export function normalizeReceipt(typed: string): string | undefined {
  const plain = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (plain.length !== length || [...plain].some((c) => !alphabet.includes(c))) return undefined;
  return plain.replace(/(.{4})(?!$)/g, '$1-');
}

/** The report a receipt belongs to. */
export function reportIdOf(receipt: string): string {
  const canonical = normalizeReceipt(receipt) ?? receipt;
  return ids.publicReport(createHash('sha256').update(canonical).digest('hex'));
}
