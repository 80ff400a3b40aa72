import { Connection } from '@temporalio/client';
import type { TemporalSettings } from '../lib/temporal-config';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { caseSearchAttributes } from '../workflows/search-attributes';
import type { Logger } from 'pino';

/**
 * Make sure the project's search attributes exist in the namespace (an existing cluster may not have
 * them). Adds the missing ones; on a cluster that does not allow that (Temporal Cloud), says which to add.
 */
export async function ensureSearchAttributes(settings: TemporalSettings, logger: Logger): Promise<void> {
  const connection = await Connection.connect(settings.connection);
  try {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({
      namespace: settings.namespace,
    });
    const missing = caseSearchAttributes.filter((key) => !(key.name in (customAttributes ?? {})));
    if (!missing.length) return;
    try {
      await connection.operatorService.addSearchAttributes({
        namespace: settings.namespace,
        searchAttributes: Object.fromEntries(
          missing.map((k) => [k.name, encodeSearchAttributeIndexedValueType(k.type)!]),
        ),
      });
      logger.info({ added: missing.map((k) => k.name) }, 'registered search attributes');
    } catch (err) {
      throw new Error(
        `Search attributes missing in namespace ${settings.namespace} and could not be added (${(err as Error).message}). Add them: ${missing.map((k) => `${k.name}=${k.type}`).join(', ')}`,
      );
    }
  } finally {
    await connection.close();
  }
}
