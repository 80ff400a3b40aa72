/**
 * The case store (lib/store) as an API service: the archive the API reads closed cases, lists, tasks, the bulletin,
 * the reports and the statistics from. The workflows write it (activities); the API never writes a case.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { CaseStore } from '../../../lib/store/case-store';

declare module 'fastify' {
  interface FastifyInstance {
    store: CaseStore;
  }
}

export interface StorePluginOptions {
  /** An open store (shared with the worker of the same process, or a test's); not closed with the app. */
  store?: CaseStore;
  /** Where to open one otherwise (`storeLocation` of the store's settings, lib/config). */
  location?: string;
}

export default fp(
  async function store(app: FastifyInstance, opts: StorePluginOptions) {
    if (opts.store) {
      app.decorate('store', opts.store);
      return;
    }
    if (!opts.location) throw new Error('the case store plugin needs a store or its location');
    const opened = await CaseStore.open(opts.location);
    app.decorate('store', opened);
    app.addHook('onClose', async () => opened.close());
  },
  { name: 'store' },
);
