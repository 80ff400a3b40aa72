/**
 * A public report sent with an `Idempotency-Key` (issue 32): a double submit on a bad connection files one report.
 *
 * The receipt derives from the key, through the store's sealing key (the store and Temporal never hold a receipt, and
 * nobody without that key can derive one): a retry names the same report and answers the same receipt. What the
 * filing stores (account, files, sealed identity) is named by the key and the body's fingerprint, so a retry stores
 * nothing twice, and the same key with another body names other pieces, finds the report taken, and is refused.
 *
 * A key outlives a rotation of the store keys only as far as the receipt goes: after a new sealing key comes first, the
 * same key names another report (a retry days later across a rotation files again, as a request without a key would).
 */
import { createHmac } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import { newReceipt } from '../../lib/public-reports/receipts';
import type { StoreKeys } from '../../lib/store/sealing';
import type { Actor } from '../../workflows/domain';
import { refusalTypes } from '../../workflows/engine/failures';
import { HttpRefusal } from '../refusal';
import type { Upload } from '../uploads';
import { sha256 } from '../uploads';
import { derivedId, requestKey } from './idempotency';

/** Who files a public report: nobody in particular (the key alone tells one reporter's requests from another's). */
const publicFiler: Actor = { id: 'public', role: 'public' };
/** The "workflow" a filing's key belongs to: the public reports, before the report has an id. */
const filings = 'public-reports';

/** What a filing with a key names: its receipt, and the key its claim names the stored pieces with. */
export interface KeyedFiling {
  receipt: string;
  /** The claim's key (services/claims.ts): the request's key and the body's fingerprint. */
  claimKey: string;
  /** The id the account of this request is stored under: the same for a retry, another for another body. */
  accountId(reportId: string): string;
}

/**
 * The receipt and the stored pieces' names of a filing sent with `key`: `body` as validated and normalized, the files
 * with their SHA-256.
 *
 * @example
 * const keyed = keyedFiling(storeKeys, request.headers['idempotency-key'], request.body, uploads);
 * const reportId = reportIdOf(keyed.receipt);
 */
export function keyedFiling(keys: StoreKeys, key: string, body: object, uploads: Upload[]): KeyedFiling {
  const requestKeyHex = requestKey(publicFiler, filings, key);
  const secret = keys.keys.get(keys.sealWith);
  if (!secret) throw new Error('public reports: the store key that seals is missing');
  const receiptBytes = createHmac('sha256', secret).update(`public-report receipt\n${requestKeyHex}`).digest();
  const fingerprint = sha256(stringify([body, uploads.map((f) => [f.name, f.contentType, f.sha256])]) ?? '');
  const claimKey = sha256(`${requestKeyHex}\n${fingerprint}`);
  return {
    receipt: newReceipt(receiptBytes),
    claimKey,
    accountId: (reportId) => derivedId(claimKey, `${reportId}:account:account`),
  };
}

/** The same key sent with another report: refused, nothing kept (as a step's reused key is). */
export const keyReused = () =>
  new HttpRefusal(422, '这个 Idempotency-Key 已用于另一份举报内容，请为新的举报换一个键', refusalTypes.keyReused);
