import type { FastifyInstance } from 'fastify';
import type { TObject, TSchema, Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import type { UpdateDefinition } from '@temporalio/common';
import type { Role } from '../workflows/domain';
import type { StepInput } from '../workflows/steps';
import { sendStep } from './cases-access';
import { IdempotencyHeaders, errorResponses } from './schemas';

export interface StepRoute<B extends TObject, P extends TObject, I extends StepInput> {
  method?: 'POST';
  url: string;
  roles: Role[];
  tags: string[];
  summary: string;
  description?: string;
  params: P;
  body: B;
  /** The record schema this step answers with (a `$ref` name). */
  response: string;
  update: UpdateDefinition<unknown, [I]>;
  /** Build the update's input from the body and the path (the API adds `by`). */
  input: (body: Static<B>, params: Static<P>) => Omit<I, 'by'>;
}

/**
 * One human step of the measures as one endpoint: role check (401/403), body schema (400), then a Temporal
 * Update whose validator refuses out-of-order (409) or invalid (422) steps; `Idempotency-Key` makes a retry
 * take effect once.
 */
export function stepRoute<
  B extends TObject,
  P extends TObject & { properties: { caseId: TSchema } },
  I extends StepInput,
>(app: FastifyInstance, route: StepRoute<B, P, I>): void {
  app.post(
    route.url,
    {
      preHandler: app.requireRole(...route.roles),
      schema: {
        tags: route.tags,
        summary: route.summary,
        description: `${route.description ?? ''}\n\nAllowed roles: ${route.roles.join(', ')}. A Temporal Update with a validator: 200 with the case record, or a refusal that changes nothing (403 not your step, 409 out of order or already done, 422 breaks a rule).`,
        params: route.params,
        headers: IdempotencyHeaders,
        body: route.body,
        response: { 200: Type.Ref(route.response), ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const params = request.params as Static<P> & { caseId: string };
      const key = (request.headers as { 'idempotency-key'?: string })['idempotency-key'];
      const input = { ...route.input(request.body as Static<B>, params), by: request.actor } as I;
      const handle = app.temporal.client.workflow.getHandle(params.caseId);
      return sendStep(app, params.caseId, () =>
        handle.executeUpdate(route.update, { args: [input], ...(key ? { updateId: key } : {}) }),
      );
    },
  );
}
