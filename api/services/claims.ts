/**
 * A step's prepare phase (claim check, issue 31): what a step carries that is too big or too confidential for Temporal
 * (a statement, a file, a comment's text, a sealed identity) goes to the case store first, the step takes its
 * reference and hash, and a refused step takes back what this request stored (never what an earlier request with the
 * same `Idempotency-Key` stored: that belongs to the step the earlier request took). Routes never write the store: they
 * hand the pieces to a claim and the claim to `CaseService.stepWithClaim`.
 */
import { randomUUID } from 'node:crypto';
import type { CaseStore } from '../../lib/store/case-store';
import type { StoreKeys } from '../../lib/store/sealing';
import { reporterRow, sealRow } from '../../lib/store/sealing';
import type { DocumentRef } from '../../workflows/engine/schemas';
import { sha256 } from '../uploads';
import { derivedId } from './idempotency';

/** One piece of text or one file for the store. */
export interface ClaimedFile {
  name: string;
  contentType: string;
  bytes: Buffer;
}

/**
 * What one request stores for its step, and how to take it back. Ids derive from the request's key when it has one
 * (`what` names the piece within the request), so a retry names the same pieces.
 */
export class Claim {
  private readonly documents: string[] = [];
  private readonly identities: string[] = [];

  constructor(
    private readonly store: CaseStore,
    /** The request's key (services/idempotency.ts `requestKey`), or undefined for a request without one. */
    private readonly requestKeyHex: string | undefined,
    private readonly createdBy: string,
  ) {}

  /** Store one piece under `owner`'s `section`; its reference for the step's input. */
  async file(owner: string, section: string, what: string, f: ClaimedFile, id?: string): Promise<DocumentRef> {
    const ref: DocumentRef = {
      id: id ?? (this.requestKeyHex ? derivedId(this.requestKeyHex, `${owner}:${section}:${what}`) : randomUUID()),
      name: f.name,
      contentType: f.contentType,
      size: f.bytes.length,
      sha256: sha256(f.bytes),
    };
    const saved = await this.store.saveDocument({
      ...ref,
      owner,
      section,
      bytes: f.bytes,
      createdAt: new Date().toISOString(),
      createdBy: this.createdBy,
    });
    // Stored by this request (an earlier request with the same key stored it otherwise, and keeps it).
    if (saved) this.documents.push(ref.id);
    return ref;
  }

  /** A text as a file (`statement.txt`, `comment.txt`). */
  text(owner: string, section: string, what: string, name: string, text: string): Promise<DocumentRef> {
    return this.file(owner, section, what, {
      name,
      contentType: 'text/plain; charset=utf-8',
      bytes: Buffer.from(text, 'utf8'),
    });
  }

  /** Seal an identity (a contact, an objector's name) under `owner`, unless one is on file already. */
  async identity(owner: string, keys: StoreKeys, fields: Record<string, string | undefined>): Promise<void> {
    if ((await this.store.reporter(owner)) !== undefined) return;
    await this.store.saveReporter(owner, sealRow(keys, reporterRow(owner), fields));
    this.identities.push(owner);
  }

  /** Take back what this request stored: the step was refused, or never taken. */
  async release(): Promise<void> {
    if (this.documents.length) await this.store.deleteDocuments(this.documents);
    for (const owner of this.identities) await this.store.deleteReporter(owner);
  }
}
