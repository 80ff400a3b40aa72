import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Client } from '@temporalio/client';
import { tracedClientOptions, tracing } from '../../lib/infra/tracing';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Writable } from 'node:stream';
import pino from 'pino';
import { loggerOptions } from '../../lib/infra/logger';
import { buildApp } from '../../api/app';
import type { CaseClaims } from '../../lib/infra/tokens';
import { signToken } from '../../lib/infra/tokens';
import { parseCodecKeys, sealedDataConverter } from '../../lib/infra/codec';
import { temporalCliPath, temporalTestServerPath } from '../../lib/infra/tools';
import { onePartitionPerQueue } from '../../lib/infra/temporal-config';
import { addSearchAttributes } from '../../worker/search-attributes';
import { loadActivityDeps } from '../../activities';
import { loadConfig } from '../../lib/config';
import { CaseStore } from '../../lib/store/case-store';
import { parseStoreKeys } from '../../lib/store/sealing';
import { createCaseWorker, createRobotWorkers, runAlongside } from '../../worker';
import type { CaseWorkerOptions } from '../../worker';
import { caseSearchAttributes } from '../../workflows/search-attributes';
import type { KindRegistry } from '../../workflows/engine/kind';

/** The whole system on real parts: a Temporal dev server, our worker, and the API on it. */
export interface TestSystem {
  env: TestWorkflowEnvironment;
  worker: Worker;
  /** Start another worker on the same task queue (after `worker` was stopped: a worker restart). */
  /** Stop the worker (letting it finish its tasks) and start a new one, optionally on other workflow code. */
  restartWorker(workflows?: CaseWorkerOptions['workflows']): Promise<Worker>;
  app: FastifyInstance;
  /** The case store the worker writes and the API reads. */
  store: CaseStore;
  taskQueue: string;
  /** Sign a token with the API's HS256 secret. */
  token(claims: CaseClaims): string;
  /** Time-skipping server only: move the clock to `at` (ms since epoch); every timer on the way fires. */
  advanceTo(at: number): Promise<void>;
  /** `app.inject` with a bearer token for `claims` (or none). */
  call(claims: CaseClaims | undefined, options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * The payload key of the tests (a test key, nothing else uses it): the recorded histories in test/histories/ are
 * sealed with it, and the replay test opens them with it.
 */
export const testCodecKeys = parseCodecKeys('test-1:dGVzdC1vbmx5LWtleS0tdGVzdC1vbmx5LWtleS0tISE=');

/** The case store's sealing key of the tests (lib/store/sealing.ts): its own, not the payload key. */
export const testStoreKeys = parseStoreKeys('store-test-1:dGVzdC1zdG9yZS1rZXktLXRlc3Qtc3RvcmUta2V5ISE=');

/**
 * The SDK gives an ephemeral server 5 s to answer. On a busy machine (two test files starting servers and bundling at
 * once) or a cold disk that can pass, and the whole file fails before any test ran: try once more, on a new port.
 */
async function serverStarted(start: () => Promise<TestWorkflowEnvironment>): Promise<TestWorkflowEnvironment> {
  try {
    return await start();
  } catch (err) {
    if (!/did not start within/.test((err as Error).message)) throw err;
    return start();
  }
}

/** Start a Temporal dev server (the CLI binary); its client seals payloads like every client of the system. */
export async function startDevServer(
  options: { dbFilename?: string; port?: number } = {},
): Promise<TestWorkflowEnvironment> {
  return serverStarted(() =>
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: temporalCliPath() },
        searchAttributes: caseSearchAttributes,
        // As `npm start` runs it: a robot queue's rate limit is the whole queue's (lib/infra/temporal-config.ts).
        extraArgs: onePartitionPerQueue,
        ...options,
      },
      client: { dataConverter: sealedDataConverter(testCodecKeys) },
    }),
  );
}

/** Start the time-skipping test server with the project's search attributes registered. */
export async function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  const env = await serverStarted(() =>
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
      client: { dataConverter: sealedDataConverter(testCodecKeys) },
    }),
  );
  await addSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

export interface SystemOptions {
  /** A server to share (several systems on one server); by default a new dev server. */
  env?: TestWorkflowEnvironment;
  /** Extra API settings. */
  apiEnv?: Record<string, string>;
  /** Extra worker settings (SMTP_URL, NOTIFICATION_ROUTES_FILE, DEADLINE_POLICY_FILE, webhook secrets …). */
  workerEnv?: Record<string, string>;
  /** Run on the time-skipping test server instead of a dev server. */
  timeSkipping?: boolean;
  /** A fixed task queue (to pick up cases of an earlier system after a server restart). */
  taskQueue?: string;
  /** A case store to share (not closed with the system); by default a new one at `testStoreLocation()`. */
  store?: CaseStore;
  /** Where the worker's and the API's log lines go, as in production (JSON, redacted, level info); default nowhere. */
  logSink?: Writable;
  /** The workflow code the worker runs (upgrade tests); default workflows/. */
  workflows?: CaseWorkerOptions['workflows'];
  /** The kinds the API serves (default workflows/kinds.ts; the toy kind's test adds one). */
  kinds?: KindRegistry;
}

/**
 * Where the tests' case stores are: `TEST_DATABASE_URL` (a PostgreSQL server; the store suite starts a throwaway one),
 * else PGlite in memory, a new store per system: a copy of the migrated one global-setup.ts dumped.
 */
export const testStoreLocation = () =>
  process.env.TEST_DATABASE_URL ??
  // 3.8 s a file to start PGlite and migrate again; a copy of the dump, ~0.5 s.
  (process.env.TEST_STORE_TEMPLATE ? `pglite:memory:${process.env.TEST_STORE_TEMPLATE}` : 'pglite:memory');

export async function startSystem(options: SystemOptions = {}): Promise<TestSystem> {
  const env = options.env ?? (options.timeSkipping ? await startTimeSkippingServer() : await startDevServer());
  const taskQueue = options.taskQueue ?? `test-${randomUUID()}`;
  const secret = randomBytes(32).toString('hex');
  const logger = options.logSink
    ? pino({ ...loggerOptions('test', { LOG_PRETTY: 'false' }), level: 'info' }, options.logSink)
    : pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const store = options.store ?? (await CaseStore.open(testStoreLocation()));
  // The bundle `npm test` made once (global-setup.ts), unless the test brings its own code or traces it.
  const shared = process.env.TEST_WORKFLOW_BUNDLE;
  let workflows =
    options.workflows ??
    (shared && existsSync(shared) && !tracing() ? { workflowBundle: { codePath: shared } } : undefined);
  const workerOptions = () => ({
    ...(workflows ? { workflows } : {}),
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    codecKeys: testCodecKeys,
    deps: loadActivityDeps(
      logger,
      store,
      loadConfig({ ...process.env, ...options.workerEnv }, ['worker', 'channels']),
      { client: env.client, taskQueue },
    ),
  });
  const firstOptions = workerOptions();
  const worker = await createCaseWorker(firstOptions);
  let running = runAlongside(worker.run(), await createRobotWorkers(firstOptions));
  let current = worker;
  // With tracing on (lib/infra/tracing.ts), the API's client carries the trace into Temporal, as in production.
  const apiClient = tracing()
    ? new Client({
        connection: env.connection,
        namespace: env.namespace ?? 'default',
        dataConverter: sealedDataConverter(testCodecKeys),
        ...tracedClientOptions(),
      })
    : env.client;
  const app = await buildApp({
    temporalClient: apiClient,
    codecKeys: testCodecKeys,
    storeKeys: testStoreKeys,
    taskQueue,
    store,
    ...(options.kinds ? { kinds: options.kinds } : {}),
    ...(options.logSink ? { logger } : {}),
    // On the time-skipping server, workflow time runs ahead of ours: a step's `notAfter` is on its clock.
    ...(options.timeSkipping ? { clock: () => env.currentTimeMs() } : {}),
    env: {
      // Local sign-in is off unless asked for (issue 30); the workbench's tests sign in locally on loopback.
      ...(options.apiEnv?.AUTH_JWKS_URL ? {} : { AUTH_JWT_SECRET: secret, WORKBENCH_LOCAL_SIGNIN: 'true' }),
      TEMPORAL_UI_URL: 'http://localhost:8233',
      // Tests run the worker (bundling, replaying) in the API's process on a loaded machine: no 503 for a lagging loop.
      MAX_EVENT_LOOP_DELAY_MS: '0',
      ...options.apiEnv,
    },
  });
  const token = (claims: CaseClaims) => signToken(secret, claims);
  return {
    env,
    worker,
    app,
    store,
    taskQueue,
    token,
    async restartWorker(next) {
      if (next) workflows = next;
      if (current.getState() === 'RUNNING') current.shutdown();
      await running;
      const options = workerOptions();
      current = await createCaseWorker(options);
      running = runAlongside(current.run(), await createRobotWorkers(options));
      return current;
    },
    async advanceTo(at) {
      const now = await env.currentTimeMs();
      if (at > now) await env.sleep(at - now);
    },
    call: (claims, opts) =>
      app.inject({
        ...opts,
        headers: { ...(claims ? { authorization: `Bearer ${token(claims)}` } : {}), ...(opts.headers ?? {}) },
      }),
    async close() {
      await app.close();
      if (current.getState() === 'RUNNING') current.shutdown();
      await running;
      if (!options.store) await store.close();
      if (!options.env) await env.teardown();
    },
  };
}

/** People of the DOMAIN.md actors table, as tokens carry them. */
export const people = {
  office: { sub: 'office-1', role: 'office', name: '办公室 李明' },
  leadingGroup: { sub: 'lg-1', role: 'leading-group', name: '领导小组 赵强' },
  committee: { sub: 'committee-1', role: 'committee', name: '省委 王丽' },
  taiyuan: { sub: 'unit-ty', role: 'unit', unit: 'taiyuan', name: '太原市 张伟' },
  datong: { sub: 'unit-dt', role: 'unit', unit: 'datong', name: '大同市 刘洋' },
  groupLeader: { sub: 'gl-1', role: 'group-leader', group: 'g-2026-01', name: '组长 陈刚' },
  discipline: { sub: 'disc-1', role: 'discipline', unit: 'discipline-commission', name: '纪委 孙敏' },
  public: { sub: 'anon', role: 'public' },
} satisfies Record<string, CaseClaims>;

/** Poll until `check` returns a value (visibility is eventually consistent). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** One person of each role, as the authorization tests try every step with each. */
export const everyone: CaseClaims[] = Object.values(people).filter((p) => p !== people.datong);

/** A human step, who may take it, and a body that would be valid. */
export interface StepCase {
  path: string;
  allowed: Array<CaseClaims['role']>;
  body: object;
}

/** Every step refuses a missing token (401) and every role it does not name (403). */
export async function expectOnlyAllowedRoles(sys: TestSystem, base: string, steps: StepCase[]): Promise<void> {
  for (const s of steps) {
    const url = `${base}/${s.path}`;
    expect([s.path, (await sys.call(undefined, { method: 'POST', url, payload: s.body })).statusCode]).toEqual([
      s.path,
      401,
    ]);
    for (const who of everyone.filter((p) => !s.allowed.includes(p.role))) {
      const res = await sys.call(who, { method: 'POST', url, payload: s.body });
      expect([s.path, who.role, res.statusCode]).toEqual([s.path, who.role, 403]);
    }
  }
}
