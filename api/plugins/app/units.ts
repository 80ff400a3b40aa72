import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { RegistryUnit } from '../../../lib/registry/units';
import { loadUnitRegistry } from '../../../lib/registry/units';
import type { TargetUnit } from '../../../workflows/domain';
import type { ApiConfig } from '../../config';
import { HttpRefusal } from '../../refusal';

declare module 'fastify' {
  interface FastifyInstance {
    units: Map<string, RegistryUnit>;
    /** The target unit of a code from the registry (Art. 2), or a 422 naming the unknown code. */
    unitOf(code: string): TargetUnit;
    /** Codes of the leading group's member units (Art. 7). */
    memberUnits(): string[];
  }
}

/** The units registry (Art. 2), loaded and checked once at start-up: a bad file stops the start. */
export default fp(
  // eslint-disable-next-line @typescript-eslint/require-await
  async function units(app: FastifyInstance, opts: { config: ApiConfig }) {
    const registry = loadUnitRegistry(opts.config.UNITS_FILE);
    app.decorate('units', registry);
    app.decorate('unitOf', (code: string): TargetUnit => {
      const unit = registry.get(code);
      if (!unit) throw new HttpRefusal(422, `单位名录中没有代码为 ${code} 的单位`, 'UnknownUnit');
      return { code: unit.code, name: unit.name, kind: unit.kind };
    });
    app.decorate('memberUnits', () => [...registry.values()].filter((u) => u.member).map((u) => u.code));
  },
  { name: 'units' },
);
