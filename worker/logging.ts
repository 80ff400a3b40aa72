import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import { Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import type { Logger } from 'pino';

const pinoLevel: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** Routes the SDK's logger (worker, workflow `log`, activity `log`, forwarded core logs) into pino. */
export class PinoTemporalLogger implements TemporalLogger {
  constructor(private readonly pino: Logger) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    this.pino[pinoLevel[level]](meta ?? {}, message);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

/**
 * Install the SDK runtime once per process with pino as its logger and the Rust core's logs forwarded
 * into the same stream (core at WARN unless `TEMPORAL_CORE_LOG_LEVEL` says otherwise; the worker section of lib/config).
 */
export function installPinoRuntime(
  pino: Logger,
  settings: { TEMPORAL_CORE_LOG_LEVEL?: string; METRICS_BIND_ADDRESS?: string },
  options: { shutdownSignals?: NodeJS.Signals[] } = {},
): void {
  const coreLevel = (settings.TEMPORAL_CORE_LOG_LEVEL ?? 'WARN').toUpperCase() as LogLevel;
  Runtime.install({
    logger: new PinoTemporalLogger(pino),
    ...options,
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: coreLevel }), forward: {} },
      // The SDK core's own metrics for Prometheus (workflow task latency, schedule-to-start, slots, sticky cache,
      // activity outcomes), on their own address: `METRICS_BIND_ADDRESS=0.0.0.0:9464`.
      ...(settings.METRICS_BIND_ADDRESS
        ? {
            metrics: {
              prometheus: { bindAddress: settings.METRICS_BIND_ADDRESS },
              globalTags: { service: 'supervision-patrol-worker' },
            },
          }
        : {}),
    },
  });
}
