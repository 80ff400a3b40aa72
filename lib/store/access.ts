/**
 * What the store's parts share: the database, and `run`, which turns an outage (not a bug in the SQL) into
 * `StoreUnavailableError`. `CaseStore` holds it and hands it to the functions of each part (cases, documents, rounds …).
 */
import type { Kysely } from 'kysely';
import type { StoreDatabase } from './schema';

export interface StoreAccess {
  readonly db: Kysely<StoreDatabase>;
  run<T>(work: () => Promise<T>): Promise<T>;
}
