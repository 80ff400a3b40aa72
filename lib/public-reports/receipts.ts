/**
 * Receipt codes of public reports (Art. 5): what a reporter without an account keeps to follow their report. 140
 * random bits in Crockford's base-32 (no I, L, O, U: nothing to misread), shown in seven groups of four. The store and
 * Temporal never hold a receipt: the report's id is derived from its SHA-256, so a receipt finds its report and a report
 * id gives no receipt away.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ids } from '../../workflows/ids';
import type { PublicReportRecord, PublicStatus } from '../../workflows/public-report/contract';
import type { CaseStore } from '../store/case-store';

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

/** What the receipt reads of a case: whether it rests on the report, and whether it was approved. */
interface CitingCase {
  citedReports?: Array<{ reportId: string }>;
  approval?: { decision?: string; withPlan?: string };
}

const approved = (c: CitingCase | undefined) => c?.approval?.decision === 'approve' || !!c?.approval?.withPlan;

/**
 * The status the reporter reads (issue 34): "已受理，作为督查巡查工作的依据" only once a patrol or supervision resting on
 * the report has been approved (Art. 6, 12); until then "已受理，正在研究处理". A report linked to a case looks at that
 * case; a report the office proposed a patrol or supervision on looks for the unit's cases that cite it.
 */
export async function reporterStatus(
  store: Pick<CaseStore, 'readCase' | 'listCases'>,
  record: PublicReportRecord,
): Promise<PublicStatus> {
  const status = record.reply.status;
  if (status !== 'accepted' && status !== 'proposed') return status;
  const linked = record.decision?.caseId;
  const cases: Array<CitingCase | undefined> = linked
    ? [(await store.readCase(linked))?.record as CitingCase | undefined]
    : (
        await store.listCases({
          kinds: ['patrol', 'supervision'],
          unit: record.targetUnit.code,
          withRecord: true,
          limit: 500,
        })
      )
        .map((row) => row.record as CitingCase | undefined)
        .filter((c) => c?.citedReports?.some((r) => r.reportId === record.caseId));
  return cases.some(approved) ? 'accepted' : 'proposed';
}
