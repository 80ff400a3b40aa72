import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { DATA_DIR, DOCUMENT_NUMBERS_FILE, PUBLIC_URL, UNITS_FILE, WORKBENCH_YELLOW_DAYS } from './shared';

/**
 * The API's section: every setting the API reads (`app.config`), validated at start-up as @fastify/env validated it
 * (bad values stop the start with the variable's name). Temporal's own settings are the Temporal section (sections.ts).
 */
export const apiSection = Type.Object({
  DATA_DIR,
  HOST: Type.String({ default: '127.0.0.1', description: 'Interface the API listens on' }),
  TRUST_PROXY: Type.Optional(
    Type.String({
      pattern: '^([0-9A-Fa-f:./]+(\\s*,\\s*[0-9A-Fa-f:./]+)*)?$',
      description:
        'Addresses or CIDRs of the reverse proxies in front of the API, comma-separated (e.g. 10.0.0.5,10.1.0.0/16): from these peers `X-Forwarded-For` and `X-Forwarded-Proto` are believed, so rate limits and logs see the real client. Unset or empty: no proxy is trusted',
    }),
  ),
  PORT: Type.Integer({ default: 3000, minimum: 0, maximum: 65535 }),
  PUBLIC_URL,
  TEMPORAL_UI_URL: Type.String({ default: 'http://localhost:8233', description: 'Temporal UI base URL (links)' }),
  AUTH_JWT_SECRET: Type.Optional(Type.String({ minLength: 32, description: 'HS256 secret (embedded default)' })),
  AUTH_JWKS_URL: Type.Optional(
    Type.String({ pattern: '^https?://', description: 'JWKS URL of the identity provider' }),
  ),
  AUTH_ISSUER: Type.Optional(Type.String({ description: 'Required `iss` of tokens' })),
  AUTH_AUDIENCE: Type.Optional(Type.String({ description: 'Required `aud` of tokens' })),
  UNITS_FILE,
  DOCUMENT_NUMBERS_FILE,
  AUTH_MAX_TOKEN_LIFETIME: Type.String({
    default: '12h',
    pattern: '^[1-9][0-9]{0,8}[smhd]$',
    description: 'Longest token lifetime accepted (exp − iat), a duration such as 12h, 30m or 1d',
  }),
  AUTH_REQUIRE_MFA_ROLES: Type.Optional(
    Type.String({
      description:
        'Roles whose tokens must show a second factor, comma-separated (e.g. office,leading-group,committee,auditor): the identity provider’s `amr` (mfa, or two kinds of factor such as pwd and otp) or an `acr` of AUTH_MFA_ACR_VALUES; otherwise 401 SecondFactorRequired. A name that is not a role stops the start. Unset: no role is asked',
    }),
  ),
  AUTH_MFA_ACR_VALUES: Type.Optional(
    Type.String({
      description:
        'The `acr` values of the identity provider that show a second factor, comma-separated. Unset: only `amr` decides. Needs AUTH_REQUIRE_MFA_ROLES',
    }),
  ),
  RATE_LIMIT_PER_MINUTE: Type.Integer({
    default: 600,
    minimum: 1,
    description: 'Requests per minute of one person (a valid token)',
  }),
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: Type.Integer({
    default: 60,
    minimum: 1,
    description: 'Requests per minute of one address without a valid token (the public bulletin, the health check)',
  }),
  MAX_EVENT_LOOP_DELAY_MS: Type.Integer({
    default: 3000,
    minimum: 0,
    description: 'Answer 503 (Retry-After) while the event loop lags more than this; 0 turns the check off',
  }),
  METRICS_TOKEN: Type.Optional(
    Type.String({
      minLength: 16,
      description: 'Turns on GET /metrics (Prometheus); the scraper sends it as a bearer token',
    }),
  ),
  STEP_WAIT_SECONDS: Type.Integer({
    default: 10,
    minimum: 1,
    maximum: 50,
    description:
      'How long a step waits for the case to take it up (no worker: 503 after this, and the case refuses it if a worker takes it up later)',
  }),
  ATTACHMENT_MAX_BYTES: Type.Integer({
    default: 10 * 1024 * 1024,
    minimum: 1024,
    maximum: 100 * 1024 * 1024,
    description: 'Largest file one upload may carry (public reports, assessments, work plans and reports)',
  }),
  ATTACHMENTS_PER_UPLOAD: Type.Integer({ default: 5, minimum: 1, maximum: 20, description: 'Files per upload' }),
  PUBLIC_REPORTS_PER_HOUR: Type.Integer({
    default: 10,
    minimum: 1,
    description: 'Public reports one address may file per hour (POST /public-reports)',
  }),
  RECEIPT_LOOKUPS_PER_MINUTE: Type.Integer({
    default: 20,
    minimum: 1,
    description: 'Receipt look-ups per minute of one address (GET /public-reports/{receipt})',
  }),
  DUPLICATE_WINDOW_DAYS: Type.Integer({
    default: 90,
    minimum: 1,
    description: 'Public reports on the same unit within this many days are compared for likely duplicates',
  }),
  DUPLICATE_SIMILARITY: Type.Number({
    default: 0.6,
    minimum: 0.1,
    maximum: 1,
    description: 'How alike two accounts must be (0–1, character bigrams) to be suggested as duplicates',
  }),
  READ_WAIT_SECONDS: Type.Integer({
    default: 5,
    minimum: 1,
    maximum: 50,
    description: 'How long a read waits for Temporal and a worker before it answers from the case store (or 503)',
  }),
  OIDC_ISSUER: Type.Optional(
    Type.String({
      description:
        'The identity provider people sign in to the workbench with (OpenID Connect, code flow with PKCE); its tokens must be ones the API trusts (AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE)',
    }),
  ),
  OIDC_CLIENT_ID: Type.Optional(Type.String({ description: 'The workbench’s client id at the provider' })),
  OIDC_CLIENT_SECRET: Type.Optional(
    Type.String({ description: 'Its client secret, for a confidential client (absent: a public client, PKCE only)' }),
  ),
  OIDC_SCOPE: Type.String({ default: 'openid profile', description: 'Scopes asked at sign-in' }),
  OIDC_RESOURCE: Type.Optional(
    Type.String({
      description:
        'Resource indicator (RFC 8707) for an access token the API accepts (default AUTH_AUDIENCE); without a JWT access token the ID token is used',
    }),
  ),
  WORKBENCH_YELLOW_DAYS,
  WORKBENCH_LOCAL_SIGNIN: Type.Boolean({
    default: false,
    description:
      'Local sign-in to the workbench without a password (pick a role, unit or group; for trying the system on one machine). Off unless set; `npm start` turns it on. Only where the API signs its own tokens (AUTH_JWT_SECRET, no AUTH_JWKS_URL), and never on a network: the API refuses to start with it on and a HOST, PUBLIC_URL or TRUST_PROXY that is not loopback',
  }),
  UPLOAD_SNIFF_MS: Type.Integer({
    default: 1000,
    minimum: 100,
    maximum: 30_000,
    description:
      'Longest time the type check of one uploaded file may take (in a worker thread, ended when it runs over): the file is refused with 415',
  }),
  // ---- the workbench's sessions (api/workbench/session/sessions.ts) ----
  SESSION_IDLE_MINUTES: Type.Integer({
    default: 30,
    minimum: 1,
    maximum: 24 * 60,
    description: 'A workbench session ends after this many minutes without a request',
  }),
  SESSION_MAX_HOURS: Type.Integer({
    default: 12,
    minimum: 1,
    maximum: 7 * 24,
    description:
      'A workbench session ends this many hours after sign-in at the latest, and never after its token expires',
  }),
  SESSION_SECRET: Type.Optional(
    Type.String({
      minLength: 32,
      description:
        'Secret the workbench signs its cookies and seals the sessions’ tokens with (or SESSION_SECRET_FILE). Required unless HOST is loopback, where one is generated into the data folder (session-secret); every API of a deployment needs the same one',
    }),
  ),
});

export type ApiConfig = Static<typeof apiSection>;
