/**
 * The case store's migrations, in order: one file each, named by the date it shipped and its place that day. They run
 * at every start, each once, in name order, recorded in `kysely_migration`. Add a migration as a new file whose name
 * sorts after the last, and a line here; never edit one that has shipped (test/store/migrations.test.ts checks the
 * folder against this list).
 */
import type { Kysely, Migration } from 'kysely';
import { Migrator } from 'kysely';
import { StoreMigrationError } from '../errors';
import type { StoreDatabase } from '../schema';
import * as cases from './2026-11-27-001-cases';
import * as documents from './2026-11-27-002-documents';
import * as yearlyReports from './2026-11-27-003-yearly-reports';
import * as documentNumbers from './2026-11-27-004-document-numbers';
import * as documentHashes from './2026-11-27-005-document-hashes';
import * as eventsByPerson from './2026-11-28-001-events-by-person';
import * as workbenchSessions from './2026-12-06-001-workbench-sessions';
import * as stockPhrases from './2026-12-06-002-stock-phrases';
import * as readings from './2026-12-06-003-readings';
import * as people from './2026-12-06-004-people';
import * as auditTrail from './2026-12-07-001-audit-trail';
import * as problems from './2026-12-07-002-problems';
import * as transferOutcomes from './2026-12-07-003-transfer-outcomes';

/** The migrations, in order. */
export const migrations: Record<string, Migration> = {
  '2026-11-27-001-cases': cases,
  '2026-11-27-002-documents': documents,
  '2026-11-27-003-yearly-reports': yearlyReports,
  '2026-11-27-004-document-numbers': documentNumbers,
  '2026-11-27-005-document-hashes': documentHashes,
  '2026-11-28-001-events-by-person': eventsByPerson,
  '2026-12-06-001-workbench-sessions': workbenchSessions,
  '2026-12-06-002-stock-phrases': stockPhrases,
  '2026-12-06-003-readings': readings,
  '2026-12-06-004-people': people,
  '2026-12-07-001-audit-trail': auditTrail,
  '2026-12-07-002-problems': problems,
  '2026-12-07-003-transfer-outcomes': transferOutcomes,
};

/** Bring the schema up to date; a migration that fails stops here, naming itself. */
export async function migrateToLatest(db: Kysely<StoreDatabase>): Promise<void> {
  const migrator = new Migrator({
    db,
    // eslint-disable-next-line @typescript-eslint/require-await
    provider: { getMigrations: async () => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new StoreMigrationError(
      `the case store's migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
    );
  }
}
