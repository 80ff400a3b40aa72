import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { apiSections, buildApp } from '../../api/app';
import { startServer } from '../../api/server';
import type { Section } from '../../lib/config';
import { ConfigError, configSections, loadConfig, settingsSchema } from '../../lib/config';
import { temporalPatterns } from '../../lib/config/sections';
import { KEY_ID_METADATA, SEALED_ENCODING } from '../../lib/infra/codec';
import { SecretFileError } from '../../lib/infra/secret-files';
import { signToken } from '../../lib/infra/tokens';
import { temporalSettings } from '../../lib/infra/temporal-config';
import { CaseStore } from '../../lib/store/case-store';
import { startSettings } from '../../scripts/start';
import { runWorker, workerSections } from '../../worker/main';
import { workerTuning } from '../../worker';
import { people, startDevServer, testStoreKeys } from '../helpers/system';

const root = path.join(__dirname, '../..');
const sections = Object.keys(configSections) as Section[];
const namesOf = (s: Section) => Object.keys(configSections[s].properties);
const testKeys = 'test-1:dGVzdC1vbmx5LWtleS0tdGVzdC1vbmx5LWtleS0tISE=';

/** docs/configuration.md: each `## … (`section`)` heading with the variables of its tables' first column. */
function documented(): Map<string, string[]> {
  const doc = readFileSync(path.join(root, 'docs/configuration.md'), 'utf8');
  const found = new Map<string, string[]>();
  let section = '';
  for (const line of doc.split('\n')) {
    const heading = /^## .*\(`(\w+)`\)$/.exec(line) ?? (/^## /.test(line) ? ['', ''] : undefined);
    if (heading) section = heading[1]!;
    const first = /^\| ([^|]+)\|/.exec(line)?.[1];
    if (!section || !first) continue;
    const names = [...first.matchAll(/`([A-Z][A-Z0-9_]*\*?)`/g)].map((m) => m[1]!);
    found.set(section, [...(found.get(section) ?? []), ...names]);
  }
  return found;
}

/** The variable of the environment set for one call, and put back after it. */
async function withEnvironment<T>(env: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await run();
  } finally {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('Issue 31 item 6: one configuration, one schema in sections, read at the entry points', () => {
  test('docs/configuration.md lists every setting of the schema, each under the first section that reads it, and nothing else', () => {
    const docs = documented();
    expect(sections.filter((s) => !docs.has(s))).toEqual([]);
    const home = (name: string) => sections.find((s) => namesOf(s).includes(name));
    for (const name of Object.keys(settingsSchema.properties)) {
      expect([name, docs.get(home(name)!)?.includes(name)]).toEqual([name, true]);
    }
    for (const [section, names] of docs) {
      for (const name of names) {
        const known = name.endsWith('*')
          ? Object.keys(temporalPatterns).some((p) => new RegExp(p).test(name.slice(0, -1)))
          : home(name) === section;
        expect([section, name, known]).toEqual([section, name, true]);
      }
    }
  });

  test('a bad value stops the start naming the variable, for the worker, Temporal and the store as for the API, and never shows a secret', () => {
    const bad = {
      WORKER_CACHED_WORKFLOWS: '1',
      LOG_LEVEL: 'loud',
      METRICS_BIND_ADDRESS: '9464',
      TEMPORAL_CORE_LOG_LEVEL: 'chatty',
      DATABASE_URL: 'mysql://cases:hunter2-secret@db/cases',
      TEMPORAL_PORT: 'seven',
      TEMPORAL_EMBEDDED: 'perhaps',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
      PORT: '99999',
    };
    let message = '';
    try {
      loadConfig(bad);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    for (const name of Object.keys(bad)) expect([name, message.includes(`env/${name} `)]).toEqual([name, true]);
    expect(message).not.toContain('hunter2');
  });

  test('each part reads its own sections: a section holds its settings only, with their defaults', () => {
    const env = {
      PORT: 'not a port',
      SMTP_URL: 'smtp://127.0.0.1:2525',
      SOMETHING_ELSE: 'x',
      TEMPORAL_GRPC_META_X_TENANT: 'shanxi',
      TEMPORAL_ADDRESS: 'temporal:7233',
    };
    // The worker does not read the API's PORT: a bad one does not stop it.
    const config = loadConfig(env, workerSections);
    expect(Object.keys(config).sort()).toEqual([...workerSections].sort());
    expect([config.channels.SMTP_URL, config.channels.MAIL_FROM]).toEqual([
      'smtp://127.0.0.1:2525',
      '山西省脱贫攻坚领导小组办公室 <noreply@fpb.example.gov.cn>',
    ]);
    expect(config.worker).not.toHaveProperty('SMTP_URL');
    expect(config.worker).toMatchObject({ TEMPORAL_CORE_LOG_LEVEL: 'WARN', WORKBENCH_YELLOW_DAYS: 3 });
    expect(config.common).toEqual({ DATA_DIR: '.data', LOG_LEVEL: 'info' });
    expect(config.temporal).toEqual({
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_GRPC_META_X_TENANT: 'shanxi',
      TEMPORAL_TASK_QUEUE: 'supervision-patrol',
      DATA_DIR: '.data',
    });
    expect(temporalSettings(config.temporal).connection).toMatchObject({
      address: 'temporal:7233',
      metadata: { 'x-tenant': 'shanxi' },
    });
    expect(() => loadConfig(env, apiSections)).toThrow(/env\/PORT must be integer/);
  });

  test('issue 37: the worker section’s cache, slots and pollers reach the SDK’s options, only those set', () => {
    const tuned = loadConfig(
      { WORKER_WORKFLOW_TASK_SLOTS: '8', WORKER_LOCAL_ACTIVITY_SLOTS: '20', WORKER_WORKFLOW_POLLERS: '2' },
      workerSections,
    );
    expect(workerTuning(tuned.worker)).toEqual({
      tuning: {
        maxConcurrentWorkflowTaskExecutions: 8,
        maxConcurrentLocalActivityExecutions: 20,
        workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: 2 },
      },
    });
    expect(workerTuning(loadConfig({ WORKER_CACHED_WORKFLOWS: '250' }, workerSections).worker)).toEqual({
      cachedWorkflows: 250,
    });
    expect(() => loadConfig({ WORKER_WORKFLOW_POLLERS: '0' }, workerSections)).toThrow(/WORKER_WORKFLOW_POLLERS/);
  });

  test('an empty variable is unset for the worker (compose’s ${SMTP_URL:-}); the API reads its own as given', () => {
    const config = loadConfig({ WORKER_CACHED_WORKFLOWS: '', SMTP_URL: '', TEMPORAL_ADDRESS: '' }, workerSections);
    expect(config.worker.WORKER_CACHED_WORKFLOWS).toBeUndefined();
    expect(config.channels.SMTP_URL).toBeUndefined();
    expect(config.temporal.TEMPORAL_ADDRESS).toBeUndefined();
    expect(() => loadConfig({ PORT: '' }, apiSections)).toThrow(/env\/PORT/);
  });

  test('secrets keep coming from files (NAME_FILE) in every section; both ways at once stop the start, naming it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'config-secrets-'));
    const file = (name: string, value: string) => {
      writeFileSync(path.join(dir, name), `${value}\n`);
      return path.join(dir, name);
    };
    const config = loadConfig({
      DATABASE_URL_FILE: file('db', 'postgres://cases:pw@db:5432/cases'),
      SMTP_URL_FILE: file('smtp', 'smtps://notices:pw@mail.example.gov.cn'),
      TEMPORAL_API_KEY_FILE: file('key', 'temporal-api-key'),
      SESSION_SECRET_FILE: file('session', 's'.repeat(40)),
    });
    expect(config.store.DATABASE_URL).toBe('postgres://cases:pw@db:5432/cases');
    expect(config.channels.SMTP_URL).toBe('smtps://notices:pw@mail.example.gov.cn');
    expect(config.temporal.TEMPORAL_API_KEY).toBe('temporal-api-key');
    expect(config.api.SESSION_SECRET).toBe('s'.repeat(40));
    expect(() => loadConfig({ SMTP_URL_FILE: path.join(dir, 'smtp'), SMTP_URL: 'smtp://other' })).toThrow(
      new SecretFileError('SMTP_URL and SMTP_URL_FILE are both set: give the setting one way only'),
    );
    expect(() => loadConfig({ DATABASE_URL_FILE: path.join(dir, 'missing') })).toThrow(/DATABASE_URL_FILE=.*ENOENT/);
  });

  test('the worker refuses a bad setting at its start, naming it, before it connects anywhere', async () => {
    await expect(
      withEnvironment({ WORKER_CACHED_WORKFLOWS: '1', TEMPORAL_ADDRESS: '127.0.0.1:1' }, () => runWorker()),
    ).rejects.toThrow(/env\/WORKER_CACHED_WORKFLOWS must be >= 2/);
  });

  test('the API refuses a bad setting at its start, naming it', async () => {
    await expect(withEnvironment({ RATE_LIMIT_PER_MINUTE: '0' }, () => startServer())).rejects.toThrow(
      /env\/RATE_LIMIT_PER_MINUTE must be >= 1/,
    );
  });

  test('no code below the entry points reads the environment', () => {
    // The entry points, and where the tests and the scripts find their tools (docs/configuration.md, "Tests and tools").
    const entryPoints = [
      'api/server.ts',
      'api/app.ts',
      'worker/main.ts',
      'lib/infra/tools.ts',
      'lib/infra/chromium.ts',
    ];
    const readers: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(path.join(root, dir))) {
        const file = path.join(dir, entry);
        if (statSync(path.join(root, file)).isDirectory()) walk(file);
        else if (/\.tsx?$/.test(entry) && !entryPoints.includes(file)) {
          const code = readFileSync(path.join(root, file), 'utf8')
            .split('\n')
            .filter((line) => !/^\s*(\*|\/\/)/.test(line));
          if (code.some((line) => line.includes('process.env'))) readers.push(file);
        }
      }
    };
    for (const dir of ['workflows', 'activities', 'api', 'lib', 'worker']) walk(dir);
    expect(readers).toEqual([]);
  });
});

describe('npm start’s settings (scripts/start.ts): the environment’s, with what keeps the first hour easy', () => {
  test('nothing set: the API’s own secret, local sign-in, no 503-under-pressure, and the embedded Temporal', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'start-settings-'));
    const { config, embedded } = startSettings({ DATA_DIR: dir, TEMPORAL_PORT: '7299', TEMPORAL_UI_PORT: '8299' });
    expect(embedded).toBe(true);
    expect(config.api).toMatchObject({
      AUTH_JWT_SECRET: readFileSync(path.join(dir, 'jwt-secret'), 'utf8').trim(),
      WORKBENCH_LOCAL_SIGNIN: true,
      MAX_EVENT_LOOP_DELAY_MS: 0,
      TEMPORAL_UI_URL: 'http://localhost:8299',
    });
    expect(config.temporal.TEMPORAL_ADDRESS).toBe('127.0.0.1:7299');
  });

  test('what the environment says stays: an existing Temporal, local sign-in off, an identity provider', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'start-settings-'));
    const given = startSettings({
      DATA_DIR: dir,
      TEMPORAL_ADDRESS: 'temporal.prod:7233',
      TEMPORAL_UI_URL: 'https://temporal-ui.example.gov.cn',
      WORKBENCH_LOCAL_SIGNIN: 'false',
      MAX_EVENT_LOOP_DELAY_MS: '500',
    });
    expect(given.embedded).toBe(false);
    expect(given.config.temporal.TEMPORAL_ADDRESS).toBe('temporal.prod:7233');
    expect(given.config.api).toMatchObject({
      WORKBENCH_LOCAL_SIGNIN: false,
      MAX_EVENT_LOOP_DELAY_MS: 500,
      TEMPORAL_UI_URL: 'https://temporal-ui.example.gov.cn',
    });
    const idp = startSettings({
      DATA_DIR: dir,
      AUTH_JWKS_URL: 'https://idp.example.gov.cn/jwks',
      TEMPORAL_EMBEDDED: 'false',
    });
    expect([idp.embedded, idp.config.api.AUTH_JWT_SECRET, idp.config.api.WORKBENCH_LOCAL_SIGNIN]).toEqual([
      false,
      undefined,
      false,
    ]);
  });
});

describe('Issue 31 item 6: the sealed Temporal client is built in one place, from the Temporal section', () => {
  let env: TestWorkflowEnvironment;
  let store: CaseStore;
  beforeAll(async () => {
    env = await startDevServer();
    store = await CaseStore.open('pglite:memory');
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await env?.teardown();
  });

  test('an API given only its configuration connects to that Temporal, starts cases on that task queue and seals them with those keys', async () => {
    const secret = randomBytes(32).toString('hex');
    const config = loadConfig(
      {
        TEMPORAL_ADDRESS: env.address,
        TEMPORAL_TASK_QUEUE: 'configured-queue',
        CODEC_KEYS: testKeys,
        AUTH_JWT_SECRET: secret,
        DATA_DIR: mkdtempSync(path.join(tmpdir(), 'config-app-')),
        MAX_EVENT_LOOP_DELAY_MS: '0',
      },
      apiSections,
    );
    const app = await buildApp({ config, store, storeKeys: testStoreKeys });
    try {
      expect((await app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok', temporal: true });
      const res = await app.inject({
        method: 'POST',
        url: '/patrols',
        headers: { authorization: `Bearer ${signToken(secret, people.office)}` },
        payload: { year: 2026, serial: 1, targetUnit: 'jinzhong', grounds: { sources: ['other'], summary: '配置' } },
      });
      expect(res.statusCode).toBe(201);
      const caseId = res.json<{ caseId: string }>().caseId;
      expect((await env.client.workflow.getHandle(caseId).describe()).taskQueue).toBe('configured-queue');
      // Read without the keys, the start's input is sealed, with the configured key's id.
      const history = await new Client({ connection: env.connection }).workflow.getHandle(caseId).fetchHistory();
      const input = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
      expect(Buffer.from(input.metadata!.encoding!).toString()).toBe(SEALED_ENCODING);
      expect(Buffer.from(input.metadata![KEY_ID_METADATA]!).toString()).toBe('test-1');
    } finally {
      await app.close();
    }
  });
});
