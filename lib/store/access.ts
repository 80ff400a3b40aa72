/**
 * What the store's parts share: the database, and `run`, which turns an outage (not a bug in the SQL) into
 * `StoreUnavailableError`. `CaseStore` holds it and hands it to the functions of each part (cases, documents, rounds …).
 */
import type { Kysely } from 'kysely';
import { StoreUnavailableError } from './errors';
import type { StoreDatabase } from './schema';

export interface StoreAccess {
  readonly db: Kysely<StoreDatabase>;
  run<T>(work: () => Promise<T>): Promise<T>;
}

/** Errors of the SQL itself (a bug, a constraint) are not outages; anything else is. */
export function unavailable(err: unknown): unknown {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && /^(?:2|4)[0-9A-Z]{4}$/.test(code) && !code.startsWith('08')) return err;
  return new StoreUnavailableError(`the case store does not answer: ${(err as Error).message}`);
}

/** The access to a database: its queries, with an outage told apart from a bug. */
export function storeAccess(db: Kysely<StoreDatabase>): StoreAccess {
  return {
    db,
    async run<T>(work: () => Promise<T>): Promise<T> {
      try {
        return await work();
      } catch (err) {
        throw unavailable(err);
      }
    },
  };
}
