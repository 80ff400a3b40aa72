/**
 * One endpoint per human step of every kind, built from the kinds' contracts: `POST /{kind}/{id}/{step path}`. The
 * body and path schemas, the roles, the OpenAPI text and the answer all come from the contract, so adding a step to
 * a kind touches nothing here.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { TObject, TSchema } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { roleLabels } from '../../workflows/domain';
import { IdempotencyHeaders, errorResponses } from '../schemas';
import type { StepTiming } from '../services/gateway';

/** `Server-Timing` of a step (W3C Server Timing): the Update as the API waited for it, then the record's read. */
const serverTiming = (t: StepTiming) =>
  [
    `update;dur=${(t.updateMs ?? 0).toFixed(1)};desc="Temporal Update"`,
    `record;dur=${(t.recordMs ?? 0).toFixed(1)};desc="the record after the step"`,
  ].join(', ');

const pick = (object: TObject, keys: string[]) =>
  Object.fromEntries(keys.map((k) => [k, object.properties[k]!])) as Record<string, TSchema>;

// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const steps: FastifyPluginAsyncTypebox = async (app) => {
  // Every registered kind people act on (workflows/kinds.ts), with its OpenAPI tag.
  for (const { contract, tag } of app.kinds.withSteps) {
    for (const step of Object.values(contract.steps).filter((s) => !s.internal)) {
      const idParam = contract.id.param;
      app.post(
        `/${contract.resource}/:${idParam}/${step.path}`,
        {
          onRequest: app.requireRole(...step.roles),
          schema: {
            tags: [tag],
            summary: step.summary,
            description: [
              step.description ?? '',
              `Who: ${step.roles.map((r) => `${r} (${roleLabels[r]})`).join(', ')}${step.scope === 'own-group' ? ", only the leader of this case's group" : step.scope === 'own-unit' ? ', only the target unit' : ''}.`,
              'A Temporal Update with a validator. 200 with the record as it stands after the step, as the caller may see it; or a refusal that changes nothing: 404 not found or not yours to see, 403 not your step, 409 out of order or already done, 422 breaks a rule or reuses an `Idempotency-Key`.',
              'A 200 carries `Server-Timing` (W3C): `update` (the Update, as the API waited for it) and `record` (the read of the record it answers with), in ms.',
              'When no worker takes the step up within `STEP_WAIT_SECONDS` (default 10 s): 503 with `Retry-After`, and the step will not happen later (send it again, with the same `Idempotency-Key`); in the rare case that the case has accepted it but not finished it by then, 202 with `Location` (the case, whose events will show it).',
            ]
              .filter(Boolean)
              .join('\n\n'),
            params: Type.Object({ [idParam]: contract.id.schema, ...pick(step.input, step.pathParams) }),
            headers: IdempotencyHeaders,
            body: Type.Omit(step.input, step.pathParams),
            response: {
              200: Type.Ref(contract.viewSchema.$id!),
              ...errorResponses(202, 400, 401, 403, 404, 409, 413, 415, 422, 429, 503),
            },
          },
        },
        async (request, reply) => {
          const params = request.params as Record<string, string | number>;
          const fromPath = Object.fromEntries(step.pathParams.map((p) => [p, params[p]]));
          const key = (request.headers as { 'idempotency-key'?: string })['idempotency-key'];
          const input = { ...(request.body as object), ...fromPath };
          const timing: StepTiming = {};
          const answer = await app.cases.step(contract, step, params[idParam]!, input, request.actor, key, timing);
          // Where the step's time went, for an operator's browser tools and `npm run bench` (durations only: nothing
          // of the case; without Timing-Allow-Origin no other site's script reads it).
          reply.header('server-timing', serverTiming(timing));
          return answer;
        },
      );
    }
  }
};

export default steps;
