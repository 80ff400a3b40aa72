import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { RegistryUnit } from '../../../lib/units';
import { loadUnitRegistry } from '../../../lib/units';
import type { ApiConfig } from '../../config';

declare module 'fastify' {
  interface FastifyInstance {
    units: Map<string, RegistryUnit>;
  }
}

/** The units registry (Art. 2), loaded and checked once at start-up: a bad file stops the start. */
export default fp(
  // eslint-disable-next-line @typescript-eslint/require-await
  async function units(app: FastifyInstance, opts: { config: ApiConfig }) {
    app.decorate('units', loadUnitRegistry(opts.config.UNITS_FILE));
  },
  { name: 'units' },
);
