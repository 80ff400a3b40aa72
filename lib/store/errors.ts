/** The store's errors, which the API maps to answers (503 for an outage) and a start stops on, naming the cause. */

/** The store does not answer (down, unreachable): the caller may try again later. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/** A migration that failed: the start stops, naming it. */
export class StoreMigrationError extends Error {
  override name = 'StoreMigrationError';
}

/** A PGlite folder another live process has open (PGlite is one process's database). */
export class StoreLockedError extends Error {
  override name = 'StoreLockedError';
}
