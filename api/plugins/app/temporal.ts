import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Client, Connection } from '@temporalio/client';
import { temporalSettings } from '../../../lib/temporal-config';

export interface TemporalService {
  client: Client;
  namespace: string;
  taskQueue: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    temporal: TemporalService;
  }
}

export interface TemporalPluginOptions {
  /** An existing client (tests, or an embedding process); it is not closed with the app. */
  client?: Client;
  taskQueue?: string;
}

/** The Temporal client as an app service: connected at start-up, closed `onClose`. */
export default fp(
  async function temporal(app: FastifyInstance, opts: TemporalPluginOptions) {
    const settings = temporalSettings();
    if (opts.client) {
      app.decorate('temporal', {
        client: opts.client,
        namespace: opts.client.options.namespace,
        taskQueue: opts.taskQueue ?? settings.taskQueue,
      });
      return;
    }
    const connection = await Connection.connect(settings.connection);
    const client = new Client({ connection, namespace: settings.namespace });
    app.decorate('temporal', { client, namespace: settings.namespace, taskQueue: settings.taskQueue });
    app.addHook('onClose', async () => connection.close());
  },
  { name: 'temporal' },
);
