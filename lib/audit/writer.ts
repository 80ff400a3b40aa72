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
  /** Where each chain of this segment stands (one a day; an entry deferred from yesterday goes on in yesterday's). */
  private heads = new Map<string, { seq: number; hash: string }>();
  private pending: Pending[] = [];
  private flushing = false;
  /** Entries of answers already given, to write again once the store answers (`defer`). */
  private deferred: AuditFields[] = [];
  private retry: NodeJS.Timeout | undefined;
  /** Deferred entries dropped because too many waited. */
  dropped = 0;

  constructor(
    private readonly sink: AuditSink,
    /** The clock of `at` (tests write entries of the past). */
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** An entry's fields with the time it happens now, by this writer's clock. */
  stamped(fields: Omit<AuditFields, 'at'>): AuditFields {
    return { ...fields, at: this.now().toISOString() };
  }

  /** Append one entry; resolves once it is in the store, rejects if it could not be written. */
  write(fields: Omit<AuditFields, 'at'> & { at?: string }): Promise<void> {
    const stamped = fields.at ? (fields as AuditFields) : this.stamped(fields);
    return new Promise<void>((resolve, reject) => {
      this.pending.push({
        fields: stamped,
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
          this.heads.clear();
          for (const p of batch) p.done(err);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private next(fields: AuditFields): AuditEntry {
    const chain = chainOf(`${this.writer}.${this.segment}`, fields.at);
    const head = this.heads.get(chain) ?? { seq: 0, hash: genesisHash(chain) };
    const seq = head.seq + 1;
    const hash = entryHash(chain, seq, head.hash, fields);
    this.heads.set(chain, { seq, hash });
    // Chains of days long past are not written to again (an entry is deferred for minutes, not days).
    if (this.heads.size > 3) this.heads.delete(this.heads.keys().next().value!);
    return { ...fields, chain, seq, prevHash: head.hash, hash };
  }

  /**
   * Keep an entry whose answer has been given (a step taken: the case's own record says who took it and when) and
   * write it once the store answers again, tried every `retryMs`, with the time it happened. At most `limit` wait.
   */
  defer(fields: AuditFields, retryMs = 5_000, limit = 100_000): void {
    if (this.deferred.length >= limit) {
      this.deferred.shift();
      this.dropped++;
    }
    this.deferred.push(fields);
    this.retry ??= setTimeout(() => {
      this.retry = undefined;
      for (const f of this.deferred.splice(0)) this.write(f).catch(() => this.defer(f, retryMs, limit));
    }, retryMs).unref();
  }

  /** Entries waiting for the store. */
  get waiting(): number {
    return this.deferred.length;
  }
}
