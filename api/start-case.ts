import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from '@sinclair/typebox';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { RegistryUnit } from '../lib/units';
import type { CaseKind, TargetUnit as Unit } from '../workflows/domain';
import { caseWorkflowId } from '../workflows/domain';
import { CaseKind as CaseKindKey, CaseStage, TargetUnit } from '../workflows/search-attributes';
import { HttpRefusal, caseLinks } from './cases-access';
import { CaseLinksSchema } from './schemas';

/** What starting a case answers (201). */
export const StartedCaseSchema = Type.Object({ caseId: Type.String(), stage: Type.String(), links: CaseLinksSchema });

/** The target unit from the registry (Art. 2), or a 422 naming the unknown code. */
export function resolveUnit(app: FastifyInstance, code: string): RegistryUnit {
  const unit = app.units.get(code);
  if (!unit) throw new HttpRefusal(422, `单位名录中没有代码为 ${code} 的单位`, 'UnknownUnit');
  return unit;
}

/** The unit as a case keeps it. */
export const targetOf = (unit: RegistryUnit): Unit => ({ code: unit.code, name: unit.name, kind: unit.kind });

/** The start options every case gets; the route adds its workflow and its typed arguments. */
export interface CaseStartOptions {
  workflowId: string;
  taskQueue: string;
  typedSearchAttributes: TypedSearchAttributes;
  staticSummary: string;
  staticDetails?: string;
}

export interface StartCase {
  kind: CaseKind;
  year: number;
  serial: number;
  unit: RegistryUnit;
  /** One-line Chinese summary shown in Temporal UI. */
  summary: string;
  details?: string;
  /** e.g. `(o) => client.workflow.start(patrolCase, { ...o, args: [input] })` */
  start: (options: CaseStartOptions) => Promise<unknown>;
}

/**
 * Start one case workflow under its business id (`{kind}-{year}-{unit}-{serial}`), with the search attributes
 * operators filter on. Starting the same id again changes nothing: 409, with the existing case in `Location`.
 */
export async function startCase(app: FastifyInstance, reply: FastifyReply, c: StartCase): Promise<FastifyReply> {
  const caseId = caseWorkflowId(c.kind, c.year, c.unit.code, c.serial);
  const links = caseLinks(app, caseId);
  try {
    await c.start({
      workflowId: caseId,
      taskQueue: app.temporal.taskQueue,
      typedSearchAttributes: new TypedSearchAttributes([
        { key: CaseKindKey, value: c.kind },
        { key: TargetUnit, value: c.unit.code },
        { key: CaseStage, value: 'awaiting-approval' },
      ]),
      staticSummary: c.summary,
      ...(c.details ? { staticDetails: c.details } : {}),
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) reply.header('location', links.self);
    throw err;
  }
  reply.log.info({ caseId, unit: c.unit.code }, `${c.kind} case started`);
  return reply.status(201).header('location', links.self).send({ caseId, stage: 'awaiting-approval', links });
}
