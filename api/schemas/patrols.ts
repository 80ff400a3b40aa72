/** What a proposal of a patrol takes: the route validates it, the workbench builds its form from it. */
import { Type } from '@sinclair/typebox';
import { strictInput } from '../../workflows/engine/schemas';
import { unitCodeDoc, unitCodePattern } from '../../workflows/ids';
import { GroundsSchema } from '../../workflows/patrol/contract';
import { YearSchema } from '../../workflows/supervision-plan/contract';
import { ReportIdsSchema } from '../citations';

/** A patrol's serial number (its id's last part), in a proposal and in a set of cross patrols. */
export const PatrolSerial = Type.Integer({
  minimum: 1,
  maximum: 9999,
  description: 'Serial number within the year and unit',
});

/** Art. 12: what a proposal of a patrol takes (the workbench builds its form from it too). */
export const ProposePatrolBody = strictInput(
  Type.Object({
    year: YearSchema,
    serial: PatrolSerial,
    targetUnit: Type.String({ pattern: unitCodePattern, description: unitCodeDoc() }),
    grounds: GroundsSchema,
    reportIds: Type.Optional(ReportIdsSchema),
  }),
);
