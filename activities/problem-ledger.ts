/**
 * What a case reads when it issues its requirements as problems of the ledger (问题整改台账, issue 35): the city of its
 * unit, from the worker's registry (a city's office sees its counties' problems).
 */
import type { RegistryUnit } from '../lib/registry/units';
import { cityOf } from '../lib/registry/units';

export interface ProblemLedgerDeps {
  units: Map<string, RegistryUnit>;
}

export function createProblemLedgerActivities({ units }: ProblemLedgerDeps) {
  return {
    /** The city of a county, or the city itself; none for a provincial department or a unit not in the registry. */
    // eslint-disable-next-line @typescript-eslint/require-await
    async problemCity(input: { unit: string }): Promise<{ city?: string }> {
      const city = cityOf(units, input.unit);
      return city ? { city } : {};
    },
  };
}
