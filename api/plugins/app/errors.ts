import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { refusalTypes } from '../../../workflows/shared/failures';
import { HttpRefusal } from '../../refusal';

/** HTTP status for each refusal a workflow validator raises. */
const refusalStatus: Record<string, number> = {
  [refusalTypes.outOfOrder]: 409,
  [refusalTypes.invalid]: 422,
  [refusalTypes.notAllowed]: 403,
  [refusalTypes.keyReused]: 422,
};

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code?: string;
}

function body(statusCode: number, error: string, message: string, code?: string): ErrorBody {
  return { statusCode, error, message, ...(code ? { code } : {}) };
}

/**
 * One error handler for the whole API: our refusals and Temporal's errors become the HTTP answers STYLE.md names, a
 * validator's refusal keeps its (Chinese) message, and a 5xx never shows internals.
 */
export default fp(
  // eslint-disable-next-line @typescript-eslint/require-await
  async function errors(app: FastifyInstance) {
    app.setErrorHandler((err: FastifyError, request, reply) => {
      if (err instanceof HttpRefusal) {
        return reply
          .status(err.statusCode)
          .headers(err.headers)
          .send(body(err.statusCode, err.name, err.message, err.code));
      }
      if (err instanceof WorkflowNotFoundError) {
        return reply.status(404).send(body(404, 'Not Found', '没有找到', 'NotFound'));
      }
      // A refusal from a validator, or a permanent failure of an activity the step needed (a deadline that
      // cannot be computed): the caller hears the reason; nothing was recorded.
      const cause =
        err instanceof WorkflowUpdateFailedError && err.cause instanceof ActivityFailure ? err.cause.cause : err.cause;
      if (err instanceof WorkflowUpdateFailedError && cause instanceof ApplicationFailure) {
        const refusal = new HttpRefusal(refusalStatus[cause.type ?? ''] ?? 422, cause.message, cause.type ?? 'Refused');
        return reply
          .status(refusal.statusCode)
          .send(body(refusal.statusCode, refusal.name, refusal.message, refusal.code));
      }
      if (err.validation) {
        return reply.status(400).send(body(400, 'Bad Request', err.message, 'InvalidRequest'));
      }
      const status = err.statusCode ?? 500;
      if (status < 500) {
        return reply
          .status(status)
          .send(body(status, err.name === 'FastifyError' ? 'Error' : err.name, err.message, err.code));
      }
      request.log.error({ err }, 'request failed');
      return reply.status(status).send(body(status, 'Internal Server Error', '服务器内部错误，请稍后再试'));
    });
  },
  { name: 'errors' },
);
