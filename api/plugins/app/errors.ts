import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { StoreUnavailableError } from '../../../lib/store/case-store';
import { refusalTypes } from '../../../workflows/engine/failures';
import { isTemporalUnavailable } from '../../temporal-errors';
import { BODY_LIMIT } from '../../config';
import { HttpRefusal, caseNotFound } from '../../refusal';
import { reasonOf } from '../../validation';

/** HTTP status for each refusal a workflow validator raises. */
const refusalStatus: Record<string, number> = {
  [refusalTypes.outOfOrder]: 409,
  [refusalTypes.invalid]: 422,
  [refusalTypes.notAllowed]: 403,
  [refusalTypes.keyReused]: 422,
  [refusalTypes.expired]: 503,
};

/** A body fastify could not read: the status, and why in Chinese. */
const bodyErrors: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, `请求内容过大（上限 ${BODY_LIMIT / 1024} KB）`],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, '只接受 application/json 格式的请求内容'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, '请求内容为空'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, '请求内容不是有效的 JSON'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, '请求内容的长度与声明的不符'],
};

const parts: Record<string, string> = { body: '请求内容', querystring: '查询参数', params: '路径', headers: '请求头' };

/** The first problem ajv found, in Chinese: where it is and what is wrong. */
function validationMessage(err: FastifyError): string {
  const first = err.validation![0]!;
  const where = `${parts[err.validationContext ?? ''] ?? ''}${first.instancePath || ''}`;
  return `${where}：${reasonOf(first)}`;
}

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
      if (err instanceof StoreUnavailableError) {
        // The archive is down for a while (the cases go on and catch up): try again, not a server fault.
        request.log.warn({ err }, 'case store unavailable');
        return reply
          .status(503)
          .header('retry-after', '30')
          .send(body(503, 'Service Unavailable', '案卷库暂时无法访问，请稍后再试', 'StoreUnavailable'));
      }
      if (isTemporalUnavailable(err)) {
        // Temporal (or every worker) did not answer in time: try again, not a server fault.
        request.log.warn({ err }, 'Temporal did not answer in time');
        return reply
          .status(503)
          .header('retry-after', '10')
          .send(body(503, 'Service Unavailable', '工作流服务暂时无法访问，请稍后再试', 'TemporalUnavailable'));
      }
      if (err instanceof WorkflowNotFoundError) {
        return reply.status(404).send(body(404, 'Not Found', '没有找到', 'NotFound'));
      }
      // A refusal from a validator, or a permanent failure of an activity the step needed (a deadline that
      // cannot be computed): the caller hears the reason; nothing was recorded.
      const cause =
        err instanceof WorkflowUpdateFailedError && err.cause instanceof ActivityFailure ? err.cause.cause : err.cause;
      if (err instanceof WorkflowUpdateFailedError && cause instanceof ApplicationFailure) {
        // A case the caller may not see: the same answer as one that does not exist (routes answer with their kind's
        // own words before this; this is the last guard).
        if (cause.type === refusalTypes.unseen) {
          const missing = caseNotFound();
          return reply.status(404).send(body(404, missing.name, missing.message, missing.code));
        }
        const refusal = new HttpRefusal(refusalStatus[cause.type ?? ''] ?? 422, cause.message, cause.type ?? 'Refused');
        if (refusal.statusCode === 503) reply.header('retry-after', '10');
        return reply
          .status(refusal.statusCode)
          .send(body(refusal.statusCode, refusal.name, refusal.message, refusal.code));
      }
      if (err.validation) {
        return reply.status(400).send(body(400, 'Bad Request', validationMessage(err), 'InvalidRequest'));
      }
      const unreadable = bodyErrors[err.code];
      if (unreadable) {
        const [status, message] = unreadable;
        return reply
          .status(status)
          .send(body(status, status === 413 ? 'Payload Too Large' : 'Bad Request', message, err.code));
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
