import { Client, Connection } from '@temporalio/client';
import type { CodecKeys } from './codec';
import { sealedDataConverter } from './codec';
import type { TemporalSettings } from './temporal-config';
import { tracedClientOptions } from './tracing';

/**
 * The one way a process gets a Temporal client: connected per the Temporal section (lib/infra/temporal-config.ts),
 * sealing every payload with the payload keys and refusing what is not sealed (lib/infra/codec.ts), and traced when
 * this process traces (lib/infra/tracing.ts; start tracing before). The worker, the API's case service and the store
 * scripts use it. The caller closes it: `await client.connection.close()`.
 *
 * @example
 * const client = await connectClient(temporalSettings(config.temporal), loadCodecKeys(config.temporal));
 */
export async function connectClient(
  settings: Pick<TemporalSettings, 'connection' | 'namespace'>,
  codecKeys: CodecKeys,
): Promise<Client> {
  const connection = await Connection.connect(settings.connection);
  return new Client({
    connection,
    namespace: settings.namespace,
    dataConverter: sealedDataConverter(codecKeys),
    ...tracedClientOptions(),
  });
}
