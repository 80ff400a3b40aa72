import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Client } from '@temporalio/client';
import type { ApiConfig } from './config';
import { BODY_LIMIT } from './config';
import type { Config } from '../lib/config';
import { loadConfig } from '../lib/config';
import { connectClient } from '../lib/infra/temporal-client';
import { temporalSettings } from '../lib/infra/temporal-config';
import { UnsafeConfigurationError, trustProxyOption, unsafeConfiguration } from './safe-start';
import docs from './plugins/external/docs';
import hardening from './plugins/external/hardening';
import { HttpRefusal } from './refusal';
import { normalizeTexts, textsProblem } from '../workflows/engine/texts';
import { requestAjv } from './request-ajv';
import { cachedSerializers } from './serializers';
import auth from './plugins/app/auth';
import errors from './plugins/app/errors';
import caseService from './plugins/app/cases';
import type { KindRegistry } from '../workflows/engine/kind';
import { kinds as registeredKinds } from '../workflows/kinds';
import caseStore from './plugins/app/store';
import metrics from './plugins/app/metrics';
import httpTracing from './plugins/app/tracing';
import type { CaseStore } from '../lib/store/case-store';
import { storeLocation } from '../lib/store/case-store';
import codecServer from './routes/codec';
import type { CodecKeys } from '../lib/infra/codec';
import { SealingCodec, loadCodecKeys } from '../lib/infra/codec';
import type { StoreKeys } from '../lib/store/sealing';
import { loadStoreKeys } from '../lib/store/sealing';
import units from './plugins/app/units';
import auditTrail, { requestIdFor } from './plugins/app/audit';
import { RoundProgressSchema } from '../workflows/supervision-round/contract';
import { ErrorSchema } from './schemas';
import cases from './routes/cases';
import steps from './routes/steps';
import patrols from './routes/patrols';
import system from './routes/system';
import bulletin from './routes/bulletin';
import supervisions from './routes/supervisions';
import plans from './routes/plans';
import statistics from './routes/statistics';
import publicReports from './routes/public-reports';
import comments from './routes/comments';
import documents from './routes/documents';
import assessments from './routes/assessments';
import yearlyReports from './routes/yearly-reports';
import officialDocuments from './routes/official-documents';
import awards from './routes/awards';
import awardPublicity from './routes/award-publicity';
import phrases from './routes/phrases';
import readings from './routes/readings';
import audit from './routes/audit';
import auditAlerts from './routes/audit-alerts';
import ledger from './routes/ledger';
import problemProjection from './routes/problem-projection';
import problemStarts from './routes/problem-starts';
import resultUses from './routes/result-uses';
import transferOutcomes from './routes/transfer-outcomes';
import referralLists from './routes/referral-lists';
import referrals from './routes/referrals';
import workbench from './workbench';
import { YearlyReportSchema } from '../workflows/patrol-rectification-report/contract';
import multipart from '@fastify/multipart';

declare module 'fastify' {
  interface FastifyInstance {
    config: ApiConfig;
    /** What the workbench's in-process calls carry (`x-in-process`) so that their request id is the page's. */
    inProcessSecret: string;
  }
}

/** The sections of the configuration the API reads (lib/config). */
export const apiSections = ['common', 'api', 'temporal', 'store'] as const;
export type AppConfig = Pick<Config, (typeof apiSections)[number]>;

export interface AppOptions {
  /** The settings, parsed by the entry point (api/server.ts, scripts/start.ts); otherwise read from the environment. */
  config?: AppConfig;
  /** Settings over the process's environment (tests), when no `config` is handed in. */
  env?: Record<string, string | number | undefined>;
  /** The payload keys (lib/infra/codec.ts); otherwise loaded per the Temporal section (`CODEC_KEYS`, …, the data folder). */
  codecKeys?: CodecKeys;
  /** The case store's sealing keys (lib/store/sealing.ts); otherwise loaded per `STORE_SEALING_KEYS` for the store. */
  storeKeys?: StoreKeys;
  /** An existing Temporal client (tests; it must seal with the same keys); otherwise the app connects (`connectClient`). */
  temporalClient?: Client;
  taskQueue?: string;
  /** An open case store (the worker's of the same process, or a test's); otherwise opened per `DATABASE_URL`. */
  store?: CaseStore;
  /** The kinds of case (default workflows/kinds.ts; a test adds a kind of its own). */
  kinds?: KindRegistry;
  /** The audit trail's clock (tests of its retention write entries of the past); default the system's. */
  auditClock?: () => Date;
  /** Temporal's clock (tests on the time-skipping server); default `Date.now`. */
  clock?: () => number | Promise<number>;
  logger?: FastifyServerOptions['loggerInstance'] | FastifyServerOptions['logger'];
}

/**
 * Build the API: config, docs, services (the case service, units registry, auth), routes.
 * server.ts only listens; tests call `buildApp` and use `app.inject` or a real port.
 *
 * @example
 * const app = await buildApp({ temporalClient: env.client, env: { AUTH_JWT_SECRET: secret } });
 * const app = await buildApp({ config: loadConfig(process.env, apiSections) }); // as api/server.ts
 * const res = await app.inject({ method: 'GET', url: '/health' });
 */
export async function buildApp(options: AppOptions = {}): Promise<FastifyInstance> {
  const loggerOption =
    options.logger && typeof options.logger === 'object' && 'child' in options.logger
      ? { loggerInstance: options.logger }
      : { logger: options.logger ?? false };
  // Every setting, checked once (a bad value stops the start naming it); each may come from a file (NAME_FILE).
  const settings =
    options.config ?? loadConfig(options.env ? { ...process.env, ...options.env } : process.env, apiSections);
  const inProcessSecret = randomBytes(24).toString('hex');
  const app = Fastify({
    ...loggerOption,
    // Behind a reverse proxy (TRUST_PROXY): the client's address and scheme from X-Forwarded-For/-Proto, only when the
    // peer is one of the named proxies; rate limits and logs then see the real client.
    trustProxy: trustProxyOption(settings.api.TRUST_PROXY),
    // A request takes at most a minute; an idle connection is closed after 5 s (keep-alive) or 60 s (socket).
    requestTimeout: 60_000,
    keepAliveTimeout: 5_000,
    connectionTimeout: 60_000,
    bodyLimit: BODY_LIMIT,
    // Every request's id is new (the audit trail and the logs name it), except the workbench's in-process calls,
    // which carry the id of the page's request with this process's secret.
    genReqId: requestIdFor(inProcessSecret),
    // One response serializer per distinct schema, not per route (api/serializers.ts): the start in 1 s, not 7.
    schemaController: { compilersFactory: { buildSerializer: cachedSerializers } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  // Bodies are taken as sent (no type coercion, no unknown properties: the schemas say so); the path and the query
  // string are text and are coerced to the numbers and flags their schemas name.
  // JSON only: a body of another media type is refused (415), not read as text.
  app.removeContentTypeParser('text/plain');
  const strictAjv = requestAjv(false);
  const urlAjv = requestAjv('array');
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strictAjv : urlAjv).compile(schema));
  // Every text anyone submits: no control characters, no direction overrides, no lone surrogates; stored as NFC.
  app.addHook('preValidation', (request, _reply, done) => {
    if (request.body && typeof request.body === 'object') {
      const problem = textsProblem(request.body);
      if (problem) return done(new HttpRefusal(400, `请求内容不符合要求（${problem}）`, 'InvalidText'));
      request.body = normalizeTexts(request.body);
    }
    done();
  });

  app.decorate('config', settings.api);
  app.decorate('inProcessSecret', inProcessSecret);
  const config = app.config;
  const unsafe = unsafeConfiguration(config);
  if (unsafe) throw new UnsafeConfigurationError(unsafe);

  // The answers' shared schemas, and the view of every registered kind (its steps answer with it).
  const kinds = options.kinds ?? registeredKinds;
  for (const schema of new Set([
    ErrorSchema,
    ...kinds.all.map((k) => k.contract.viewSchema),
    RoundProgressSchema,
    YearlyReportSchema,
  ])) {
    app.addSchema(schema);
  }
  await app.register(errors);
  await app.register(docs);
  const codecKeys = options.codecKeys ?? loadCodecKeys(settings.temporal);
  await app.register(caseStore, options.store ? { store: options.store } : { location: storeLocation(settings.store) });
  const storeKeys = options.storeKeys ?? loadStoreKeys(settings.store, app.store.location);
  await app.register(metrics);
  await app.register(httpTracing);
  // The case service's Temporal client: handed in, or connected here and closed with the app.
  const temporal = temporalSettings(settings.temporal);
  const client = options.temporalClient ?? (await connectClient(temporal, codecKeys));
  if (!options.temporalClient) app.addHook('onClose', async () => client.connection.close());
  await app.register(caseService, {
    store: app.store,
    client,
    taskQueue: options.taskQueue ?? temporal.taskQueue,
    kinds,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  await app.register(auditTrail, options.auditClock ? { clock: options.auditClock } : {});
  await app.register(units, { config });
  await app.register(auth, { config });
  await app.register(hardening, { config });

  // Files arrive as multipart (public reports, assessments, work plans, reports); routes read them within their limits.
  await app.register(multipart, { limits: { fileSize: config.ATTACHMENT_MAX_BYTES } });
  await app.register(system);
  await app.register(cases);
  await app.register(patrols);
  await app.register(supervisions);
  await app.register(plans);
  await app.register(steps);
  await app.register(bulletin);
  await app.register(statistics);
  await app.register(publicReports, { storeKeys });
  await app.register(documents);
  await app.register(comments);
  await app.register(assessments);
  await app.register(yearlyReports);
  await app.register(officialDocuments);
  await app.register(awards, { storeKeys });
  await app.register(awardPublicity, { storeKeys });
  await app.register(phrases);
  await app.register(readings);
  await app.register(audit);
  await app.register(auditAlerts);
  await app.register(ledger);
  await app.register(problemProjection);
  await app.register(problemStarts);
  await app.register(resultUses);
  await app.register(transferOutcomes);
  await app.register(referralLists);
  await app.register(referrals);
  // The officials' workbench: web pages that call the routes above in-process, as the signed-in person.
  await app.register(workbench, { config, ...(options.clock ? { clock: options.clock } : {}) });
  await app.register(codecServer, {
    prefix: '/codec',
    codec: new SealingCodec(codecKeys, 'pass'),
    uiOrigin: new URL(config.TEMPORAL_UI_URL).origin,
  });
  await app.ready();
  return app;
}
