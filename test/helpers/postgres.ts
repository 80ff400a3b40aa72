/**
 * A throwaway PostgreSQL server from the machine's binaries (lib/infra/postgres-server.ts): its own temporary folder, a free
 * port, trust authentication on 127.0.0.1 only, no fsync. Each test system gets its own database on it, so test files
 * never see each other's cases.
 */
export { startPostgres } from '../../lib/infra/postgres-server';
export type { PostgresServer } from '../../lib/infra/postgres-server';
