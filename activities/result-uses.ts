/**
 * What a use of results reads of the units registry (issue 36 item 2): the units a circular (通报批评) goes to, all of
 * them or those the leading group chose, as the registry stands when it is issued (the registry is data that changes).
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { RegistryUnit } from '../lib/registry/units';
import type { TargetUnit } from '../workflows/domain';

export interface ResultUseDeps {
  units: Map<string, RegistryUnit>;
}

export function createResultUseActivities({ units }: ResultUseDeps) {
  return {
    /** Every unit of the registry (no `codes`), or those named; an unknown code fails for good (`UnknownUnit`). */
    // eslint-disable-next-line @typescript-eslint/require-await
    async circulationUnits(input: { codes?: string[] }): Promise<{ units: TargetUnit[] }> {
      const unknown = (input.codes ?? []).filter((c) => !units.has(c));
      if (unknown.length) {
        throw ApplicationFailure.create({
          type: 'UnknownUnit',
          message: `单位名录中没有：${unknown.join('、')}`,
          nonRetryable: true,
        });
      }
      const chosen = input.codes ? input.codes.map((c) => units.get(c)!) : [...units.values()];
      return { units: chosen.map(({ code, name, kind }) => ({ code, name, kind })) };
    },
  };
}
