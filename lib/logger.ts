import pino from 'pino';
import type { Logger, LoggerOptions } from 'pino';

/**
 * The one pino configuration of the project: JSON lines by default (what log shippers read),
 * pretty only when a person watches a terminal. `LOG_LEVEL` sets the level everywhere.
 *
 * @example
 * const log = loggerOptions('worker');
 * const logger = pino(log);
 */
export function loggerOptions(name: string, env: NodeJS.ProcessEnv = process.env): LoggerOptions {
  const level = env.LOG_LEVEL ?? 'info';
  const pretty = env.LOG_PRETTY !== undefined ? env.LOG_PRETTY === 'true' : Boolean(process.stdout.isTTY);
  return {
    name,
    level,
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:standard', ignore: 'pid,hostname' } } }
      : {}),
  };
}

/** A pino logger named after the process part that writes it (`api`, `worker`, `start`). */
export function createLogger(name: string, env: NodeJS.ProcessEnv = process.env): Logger {
  return pino(loggerOptions(name, env));
}
