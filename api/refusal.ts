/** Refusals the API raises itself; the one error handler (plugins/app/errors.ts) answers them as they are. */

const statusNames: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  503: 'Service Unavailable',
};

/** A refusal with an HTTP status, a Chinese message, a machine-readable code, and headers (a `Location`). */
export class HttpRefusal extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly code: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = statusNames[statusCode] ?? 'Error';
  }
}

/**
 * The answer for a case that does not exist and for a case the caller may not see: the same, so that nobody learns
 * from it whether a case exists.
 */
export const caseNotFound = (message = '没有找到这项督查或巡查') => new HttpRefusal(404, message, 'NotFound');
