/**
 * The audit trail's writer (issue 33 item 1): entries are appended in the request that causes them, and the request
 * waits for its entry. Entries of concurrent requests go to the store together, one statement per batch, chained in
 * the order they arrived; a batch the store did not take is refused to its requests, and the chain starts a new
 * segment (the store may have taken it after all: a segment is never written twice).
 */
import { randomBytes } from 'node:crypto';
import type { AuditEntry, AuditFields } from './chain';
import { chainOf, entryHash, genesisHash } from './chain';

export interface AuditSink {
  appendAudit(entries: readonly AuditEntry[]): Promise<void>;
}

interface Pending {
  fields: AuditFields;
  done: (err?: unknown) => void;
}

export class AuditWriter {
  /** This process's writer: a random name, and a segment counted up after a failed batch. */
  private readonly writer = randomBytes(6).toString('hex');
  private segment = 0;
  private chain = '';
  private seq = 0;
  private hash = '';
  private pending: Pending[] = [];
  private flushing = false;

  constructor(
    private readonly sink: AuditSink,
    /** The clock of `at` (tests write entries of the past). */
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Append one entry; resolves once it is in the store, rejects if it could not be written. */
  write(fields: Omit<AuditFields, 'at'> & { at?: string }): Promise<void> {
    const at = fields.at ?? this.now().toISOString();
    return new Promise<void>((resolve, reject) => {
      this.pending.push({
        fields: { ...fields, at },
        done: (err) =>
          err ? reject(err instanceof Error ? err : new Error('the audit entry was not written')) : resolve(),
      });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length) {
        const batch = this.pending.splice(0, 500);
        const entries = batch.map(({ fields }) => this.next(fields));
        try {
          await this.sink.appendAudit(entries);
          for (const p of batch) p.done();
        } catch (err) {
          // Unknown whether the store took it: this segment ends here, the next entry starts a new one.
          this.segment++;
          this.chain = '';
          for (const p of batch) p.done(err);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private next(fields: AuditFields): AuditEntry {
    const chain = chainOf(`${this.writer}.${this.segment}`, fields.at);
    if (chain !== this.chain) {
      this.chain = chain;
      this.seq = 0;
      this.hash = genesisHash(chain);
    }
    const seq = ++this.seq;
    const hash = entryHash(chain, seq, this.hash, fields);
    const entry: AuditEntry = { ...fields, chain, seq, prevHash: this.hash, hash };
    this.hash = hash;
    return entry;
  }
}
