import pino from 'pino';
import type { Logger, LoggerOptions } from 'pino';

/**
 * What never reaches a log line in clear (need to know): the text of a notice, whatever a case holds as grounds or
 * reporter, request bodies and credentials, and the SDK's activity task tokens (with one, anyone could complete the
 * activity). The line keeps the field, with the length of what was there.
 */
export const redactedPaths = [
  'notification.body',
  'taskToken',
  '*.taskToken',
  'grounds',
  '*.grounds',
  'reporter',
  '*.reporter',
  'body',
  'req.body',
  'req.headers.authorization',
  'req.headers.cookie',
  'receipt',
  '*.receipt',
] as const;

/**
 * A receipt code in a URL is the key of the one who filed a public report (GET /public-reports/{receipt}) or lodged an
 * objection to an award list (GET /award-rounds/{round}/objections/{receipt}): logs never show it, whether the request
 * came over the network or in-process from the workbench. The ids officials use (`public-report-…`,
 * `award-objection-…`) stay.
 */
export const redactReceipts = (url: string) =>
  url
    .replace(/(\/public-reports\/)(?!public-report-)[^/?#]+/g, '$1[receipt]')
    .replace(/(\/award-rounds\/[^/?#]+\/objections\/)(?!award-objection-)[^/?#]+/g, '$1[receipt]');

/** pino-pretty is a development dependency: a production install (`npm ci --omit=dev`) writes JSON lines only. */
function prettyInstalled(): boolean {
  try {
    require.resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

/** The request of a log line: fastify's fields, with receipts taken out of the URL. */
function requestLine(req: {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}) {
  return {
    method: req.method,
    url: redactReceipts(req.url ?? ''),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/** `[redacted: 42 characters]`: what was there, without what it said. */
export function censorText(value: unknown): string {
  if (typeof value === 'string') return `[redacted: ${value.length} characters]`;
  return '[redacted]';
}

/** `LOG_LEVEL` and `LOG_PRETTY` (the common section of lib/config). */
export interface LogSettings {
  LOG_LEVEL?: string;
  LOG_PRETTY?: boolean | string;
}

/**
 * The one pino configuration of the project: JSON lines by default (what log shippers read),
 * pretty only when a person watches a terminal. `LOG_LEVEL` sets the level everywhere.
 *
 * @example
 * const log = loggerOptions('worker', config.common);
 * const logger = pino(log);
 */
export function loggerOptions(name: string, settings: LogSettings): LoggerOptions {
  const level = settings.LOG_LEVEL ?? 'info';
  const pretty =
    (settings.LOG_PRETTY !== undefined ? String(settings.LOG_PRETTY) === 'true' : Boolean(process.stdout.isTTY)) &&
    prettyInstalled();
  return {
    name,
    level,
    redact: { paths: [...redactedPaths], censor: censorText },
    serializers: { req: requestLine },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:standard', ignore: 'pid,hostname' } } }
      : {}),
  };
}

/** A pino logger named after the process part that writes it (`api`, `worker`, `start`). */
export function createLogger(name: string, settings: LogSettings): Logger {
  return pino(loggerOptions(name, settings));
}
