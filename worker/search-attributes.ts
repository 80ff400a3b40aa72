import { Connection } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import type { Logger } from 'pino';
import type { TemporalSettings } from '../lib/infra/temporal-config';
import { caseSearchAttributes } from '../workflows/search-attributes';

/**
 * Make sure the project's search attributes exist in the namespace (an existing cluster may not have
 * them). Adds the missing ones; on a cluster that does not allow that (Temporal Cloud), says which to add.
 */
export async function ensureSearchAttributes(settings: TemporalSettings, logger: Logger): Promise<void> {
  const connection = await Connection.connect(settings.connection);
  try {
    await addMissingSearchAttributes(connection, settings.namespace, logger);
  } finally {
    await connection.close();
  }
}

/** Register search attributes (the time-skipping test server takes them this way, though it cannot list them). */
export async function addSearchAttributes(
  connection: Connection,
  namespace: string,
  keys: typeof caseSearchAttributes = caseSearchAttributes,
): Promise<void> {
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(keys.map((k) => [k.name, encodeSearchAttributeIndexedValueType(k.type)!])),
  });
}

async function addMissingSearchAttributes(connection: Connection, namespace: string, logger: Logger): Promise<void> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = caseSearchAttributes.filter((key) => !(key.name in (customAttributes ?? {})));
  if (!missing.length) return;
  try {
    await addSearchAttributes(connection, namespace, missing);
    logger.info({ added: missing.map((k) => k.name) }, 'registered search attributes');
  } catch (err) {
    throw new Error(
      `Search attributes missing in namespace ${namespace} and could not be added (${(err as Error).message}). Add them: ${missing.map((k) => `${k.name}=${k.type}`).join(', ')}`,
    );
  }
}
