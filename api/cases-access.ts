import type { FastifyInstance } from 'fastify';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Actor } from '../workflows/domain';
import type { CaseRecord } from '../workflows/case-record';

/** Roles that oversee every case (DOMAIN.md actors table). */
const overseers = new Set(['office', 'leading-group', 'committee']);

/** What `canSeeCase` reads of a record: every kind of case has these. */
export type VisibleRecord = Pick<CaseRecord, 'targetUnit' | 'deadlines'> & { group?: { id: string } };

/**
 * The overseeing roles see every case; a unit only its own; a group leader the cases of their group; a
 * receiving body (discipline) the cases that transferred something to it; the public none (they read the bulletin).
 */
export function canSeeCase(actor: Actor, record: VisibleRecord): boolean {
  if (overseers.has(actor.role)) return true;
  if (actor.role === 'unit') return record.targetUnit.code === actor.unit;
  if (actor.role === 'group-leader') return record.group?.id === actor.group;
  if (actor.role === 'discipline')
    return record.deadlines.some((t) => t.party.role === 'discipline' && t.party.unit === actor.unit);
  return false;
}

/** The CaseAwaiting tag that names the caller. */
export function awaitingTagOf(actor: Actor): string {
  if (actor.role === 'group-leader') return `group-leader:${actor.group}`;
  if (actor.role === 'unit' || actor.role === 'discipline') return `${actor.role}:${actor.unit}`;
  return actor.role;
}

export function caseLinks(app: FastifyInstance, caseId: string): { self: string; temporalUi: string } {
  const base = app.config.PUBLIC_URL ?? '';
  return {
    self: `${base}/cases/${caseId}`,
    temporalUi: `${app.config.TEMPORAL_UI_URL}/namespaces/${encodeURIComponent(app.temporal.namespace)}/workflows/${encodeURIComponent(caseId)}`,
  };
}

/** A refusal with an HTTP status, raised by routes and passed through by the error handler. */
export class HttpRefusal extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = statusCode === 409 ? 'Conflict' : statusCode === 404 ? 'Not Found' : 'Unprocessable Entity';
  }
}

/**
 * Send a human step to a case. An Update to a workflow that has finished reaches the SDK as "not found";
 * the caller should hear that the case is closed (409), and only a case that never existed is a 404.
 */
export async function sendStep<T>(app: FastifyInstance, caseId: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) {
      const described = await app.temporal.client.workflow
        .getHandle(caseId)
        .describe()
        .catch(() => undefined);
      if (described && described.status.name !== 'RUNNING') {
        throw new HttpRefusal(409, `案件 ${caseId} 已结束（${described.status.name}），不能再办理`, 'CaseClosed');
      }
    }
    throw err;
  }
}
