import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { defaultTaskQueue } from '../infra/temporal-config';
import { auditRetentionSetting } from '../calendar/retention-policy';
import { DATA_DIR, DOCUMENT_NUMBERS_FILE, PUBLIC_URL, UNITS_FILE, WORKBENCH_YELLOW_DAYS } from './shared';

/** Every process: where its own files are, its logs and its traces. */
export const commonSection = Type.Object({
  DATA_DIR,
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
    { default: 'info', description: 'pino level for the API, the worker and the SDK' },
  ),
  LOG_PRETTY: Type.Optional(
    Type.Boolean({ description: 'true or false: pretty or JSON log lines (default: pretty on a terminal)' }),
  ),
  OTEL_EXPORTER_OTLP_ENDPOINT: Type.Optional(
    Type.String({
      pattern: '^https?://',
      description:
        'OpenTelemetry tracing: the collector’s OTLP/HTTP base URL (spans to <url>/v1/traces); unset, no tracing',
    }),
  ),
  OTEL_SERVICE_NAME: Type.Optional(Type.String({ description: 'The service name of the spans (default per process)' })),
});

/** The worker: its cache, its metrics, and what the activities load at start (lib/calendar, lib/registry). */
export const workerSection = Type.Object({
  WORKER_CACHED_WORKFLOWS: Type.Optional(
    Type.Integer({
      minimum: 2,
      description:
        'Workflows a worker keeps in memory between their tasks (sticky cache); default the SDK’s, which grows with the heap (about 2,300 on a 4 GiB heap)',
    }),
  ),
  WORKER_WORKFLOW_TASK_SLOTS: Type.Optional(
    Type.Integer({
      minimum: 2,
      maximum: 1000,
      description:
        'Workflow tasks a worker runs at once (default 40, the SDK’s; at most the cache). docs/performance.md: how it was measured',
    }),
  ),
  WORKER_ACTIVITY_TASK_SLOTS: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 1000,
      description: 'Activities (deliveries, documents) a worker runs at once (default 100, the SDK’s)',
    }),
  ),
  WORKER_LOCAL_ACTIVITY_SLOTS: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 1000,
      description: 'Local activities (the case store’s writes, notice planning) a worker runs at once (default 100)',
    }),
  ),
  WORKER_WORKFLOW_POLLERS: Type.Optional(
    Type.Integer({
      minimum: 2,
      maximum: 100,
      description: 'Long polls a worker keeps open for workflow tasks (default 10, the SDK’s; at most the slots)',
    }),
  ),
  WORKER_ACTIVITY_POLLERS: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 100,
      description: 'Long polls a worker keeps open for activity tasks (default 10, the SDK’s; at most the slots)',
    }),
  ),
  METRICS_BIND_ADDRESS: Type.Optional(
    Type.String({
      pattern: '^\\S+:[0-9]+$',
      description: 'Where the worker serves the SDK core’s Prometheus metrics, e.g. 0.0.0.0:9464 (unset: off)',
    }),
  ),
  TEMPORAL_CORE_LOG_LEVEL: Type.String({
    default: 'WARN',
    pattern: '^(TRACE|DEBUG|INFO|WARN|ERROR|trace|debug|info|warn|error)$',
    description: 'Level of the SDK core’s logs that are forwarded into pino',
  }),
  HOLIDAYS_DIR: Type.Optional(
    Type.String({ description: 'The office’s holiday files, one JSON per year (default data/holidays)' }),
  ),
  DEADLINE_POLICY_FILE: Type.Optional(
    Type.String({ description: 'The deadline policy over its defaults (JSON; lib/calendar/deadline-policy.ts)' }),
  ),
  // Issue 33 item 5: the daily retention schedule (workflows/retention/).
  AUDIT_RETENTION_DAYS: Type.Integer({
    ...auditRetentionSetting,
    description: 'Days the audit trail is kept before the retention schedule prunes it (at least 180: 等保 level 3)',
  }),
  RETENTION_POLICY_FILE: Type.Optional(
    Type.String({
      description:
        'When identities are removed after their case closes (JSON; lib/calendar/retention-policy.ts; default 3 years)',
    }),
  ),
  PUBLIC_URL,
  UNITS_FILE,
  DOCUMENT_NUMBERS_FILE,
  WORKBENCH_YELLOW_DAYS,
  AUDIT_ALERT_READS_PER_HOUR: Type.Integer({
    default: 30,
    minimum: 1,
    description:
      'Audit alerts (issue 33 item 4): a person who opens more reporters’ or objectors’ identities and files than this in an hour raises an alert (审计预警) for the office',
  }),
  AUDIT_ALERT_CHECK_SECONDS: Type.Integer({
    default: 300,
    minimum: 1,
    maximum: 3600,
    description:
      'How often the alert watcher (workflow audit-watch-<task queue>) counts the last hour’s reads, in seconds',
  }),
});

/** gRPC metadata of every call to Temporal (envconfig: `TEMPORAL_GRPC_META_<NAME>`), passed on as given. */
export const temporalPatterns = { '^TEMPORAL_GRPC_META_': Type.String() };

/**
 * Temporal, for every process that connects to it: the variables of @temporalio/envconfig (lib/infra/temporal-config.ts
 * hands them to it as they are), the task queue, and the payload keys everything sent through Temporal is sealed with.
 */
export const temporalSection = Type.Object(
  {
    TEMPORAL_ADDRESS: Type.Optional(Type.String({ description: 'The Temporal frontend (default localhost:7233)' })),
    TEMPORAL_NAMESPACE: Type.Optional(Type.String({ description: 'Namespace (default `default`)' })),
    TEMPORAL_API_KEY: Type.Optional(Type.String({ description: 'API key (Temporal Cloud); turns TLS on' })),
    TEMPORAL_TLS: Type.Optional(Type.String({ description: 'true (or 1): TLS, also without a client certificate' })),
    TEMPORAL_TLS_CLIENT_CERT_PATH: Type.Optional(
      Type.String({ description: 'Mutual TLS: this process’s certificate (with TEMPORAL_TLS_CLIENT_KEY_PATH)' }),
    ),
    TEMPORAL_TLS_CLIENT_KEY_PATH: Type.Optional(Type.String({ description: 'Mutual TLS: its key' })),
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: Type.Optional(
      Type.String({ description: 'The CA of the frontend’s certificate' }),
    ),
    TEMPORAL_TLS_CLIENT_CERT_DATA: Type.Optional(Type.String({ description: 'The certificate itself (PEM)' })),
    TEMPORAL_TLS_CLIENT_KEY_DATA: Type.Optional(Type.String({ description: 'The key itself (PEM)' })),
    TEMPORAL_TLS_SERVER_CA_CERT_DATA: Type.Optional(Type.String({ description: 'The CA itself (PEM)' })),
    TEMPORAL_TLS_SERVER_NAME: Type.Optional(Type.String({ description: 'The frontend’s name in its certificate' })),
    TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: Type.Optional(
      Type.String({ description: 'true (or 1): do not check the frontend’s name' }),
    ),
    TEMPORAL_PROFILE: Type.Optional(Type.String({ description: 'Profile of the temporal.toml file' })),
    TEMPORAL_CONFIG_FILE: Type.Optional(
      Type.String({ description: 'The temporal.toml file (default $XDG_CONFIG_HOME or ~/.config/temporalio/)' }),
    ),
    // Where envconfig looks for the default temporal.toml when TEMPORAL_CONFIG_FILE is not set.
    HOME: Type.Optional(Type.String({ description: 'The user’s home (for the default temporal.toml)' })),
    XDG_CONFIG_HOME: Type.Optional(Type.String({ description: 'The user’s config folder (the same)' })),
    APPDATA: Type.Optional(Type.String({ description: 'The same, on Windows' })),
    TEMPORAL_TASK_QUEUE: Type.String({ default: defaultTaskQueue, description: 'Task queue of the case worker' }),
    CODEC_KEYS: Type.Optional(
      Type.String({
        description:
          'Payload-encryption keys, keyId:base64 of 32 bytes, comma-separated; the first seals, all open (default: generated into DATA_DIR/codec-keys)',
      }),
    ),
    CODEC_KEYS_FILE: Type.Optional(Type.String({ description: 'A file holding that same line, instead' })),
    DATA_DIR,
  },
  { patternProperties: temporalPatterns },
);

/** `npm start`'s own Temporal dev server (scripts/start.ts), when nothing points at another Temporal. */
export const embeddedSection = Type.Object({
  TEMPORAL_EMBEDDED: Type.Optional(
    Type.Boolean({
      description:
        'false: never start the embedded server; true: start it even with TEMPORAL_ADDRESS, TEMPORAL_PROFILE or TEMPORAL_CONFIG_FILE set',
    }),
  ),
  TEMPORAL_PORT: Type.Integer({ default: 7233, minimum: 1, maximum: 65535, description: 'Its port' }),
  TEMPORAL_UI_PORT: Type.Integer({ default: 8233, minimum: 1, maximum: 65535, description: 'Its UI’s port' }),
  TEMPORAL_RETENTION: Type.String({
    default: '30d',
    description: 'Retention of its namespace, set at every start (a duration such as 30d or 720h)',
  }),
  TEMPORAL_CLI_PATH: Type.Optional(
    Type.String({ description: 'The Temporal CLI to run it with (default the copy in .tools/venv)' }),
  ),
});

/** The case store (lib/store): where it is, and its own sealing keys. */
export const storeSection = Type.Object({
  DATABASE_URL: Type.Optional(
    Type.String({
      pattern: '^(postgres(ql)?://|pglite:)',
      description:
        'postgres://user:password@host:5432/cases, pglite:<folder>, pglite:memory or pglite:memory:<dump file> (default pglite in DATA_DIR)',
    }),
  ),
  STORE_SEALING_KEYS: Type.Optional(
    Type.String({
      description:
        'The case store’s own sealing keys, as CODEC_KEYS (never the same secrets); required with PostgreSQL (default for PGlite: generated into DATA_DIR)',
    }),
  ),
  STORE_SEALING_KEYS_FILE: Type.Optional(Type.String({ description: 'A file holding that same line, instead' })),
  BACKUP_KEY: Type.Optional(
    Type.String({
      description:
        'The key of npm run backup and npm run restore: 32 random bytes, base64 or hex; kept apart from the backups',
    }),
  ),
  BACKUP_KEY_FILE: Type.Optional(Type.String({ description: 'A file holding that key, instead' })),
  DATA_DIR,
});

/** The notification channels of the worker (activities/notifications.ts). */
export const channelsSection = Type.Object({
  SMTP_URL: Type.Optional(Type.String({ description: 'The mail server (smtp:// or smtps://); unset, no e-mail' })),
  MAIL_FROM: Type.String({
    default: '山西省脱贫攻坚领导小组办公室 <noreply@fpb.example.gov.cn>',
    description: 'Sender of the e-mails',
  }),
  NOTIFICATION_ROUTES_FILE: Type.Optional(
    Type.String({ description: 'Who gets what on which channel (default data/notification-routes.json)' }),
  ),
});

export type CommonConfig = Static<typeof commonSection>;
export type WorkerConfig = Static<typeof workerSection>;
export type TemporalConfig = Static<typeof temporalSection>;
export type EmbeddedConfig = Static<typeof embeddedSection>;
export type StoreConfig = Static<typeof storeSection>;
/**
 * The channels' settings, and the environment the routes file's credentials are read from: the file names them
 * (`secretEnv`, `accessTokenEnv`, …), each as `NAME` or `NAME_FILE` (lib/infra/secret-files.ts `secretValue`).
 */
export type ChannelsConfig = Static<typeof channelsSection> & {
  credentials: Readonly<Record<string, string | number | undefined>>;
};
