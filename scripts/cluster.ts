// `npm run cluster`: the production topology on one machine, without Docker. PostgreSQL from the machine's binaries
// (data in .data/cluster/postgres), the Temporal server built from the Go module proxy (scripts/bootstrap.js) and run
// exactly as docker-compose.yml runs its image: `temporal-server start` with the server's embedded configuration
// template, configured by the environment of compose's `temporal` service (read from docker-compose.yml, so the two
// cannot drift; only addresses and ports differ). The same set-up scripts as compose (deploy/temporal, deploy/postgres)
// make the schemas, the case store's database, the namespace with its retention and search attributes. Then two
// workers and two API processes. Every connection to the Temporal frontend is mutual TLS, with the certificates of
// compose's `certs` job made by the same script (scripts/certs.ts) into the data folder. Ctrl-C stops everything.
// `test/cluster/` drives it (npm run test:cluster).
import { portFree, stopLeftover } from '../lib/infra/processes';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { writePrivateFile } from '../lib/infra/local-secret';
import { ensureCertificates } from './certs';
import { startPostgres } from '../lib/infra/postgres-server';
import type { PostgresServer } from '../lib/infra/postgres-server';
import { postgresBinDir, projectRoot, temporalCliPath } from '../lib/infra/tools';

type Env = Record<string, string>;

export interface ClusterOptions {
  /** Where the cluster keeps its data, secrets and logs (default .data/cluster). */
  dataDir?: string;
  /** First of 40 consecutive ports (default 7400; Temporal's frontend listens on it). */
  basePort?: number;
  workers?: number;
  apis?: number;
  /** Extra settings for the workers and the APIs (tests: a compressed deadline policy, log level). */
  appEnv?: Env;
  /** Where progress lines go (default stderr). */
  say?: (line: string) => void;
}

export interface ClusterProcess {
  name: string;
  /** The environment it runs with. */
  env: Env;
  /** Stop it: SIGTERM (graceful) or SIGKILL (a crash). */
  kill(signal?: NodeJS.Signals): Promise<void>;
  start(): Promise<void>;
  running(): boolean;
  pid(): number | undefined;
}

export interface Cluster {
  temporalAddress: string;
  namespace: string;
  apiUrls: string[];
  uiUrl: string;
  /** Prometheus endpoints: Temporal's, each worker's (SDK core), each API's (`/metrics`, bearer METRICS_TOKEN). */
  metricsUrl: string;
  workerMetricsUrls: string[];
  /** Settings of the workers and the APIs (Temporal address, case store, keys, JWT secret). */
  appEnv: Env;
  /**
   * A Temporal client's settings with the admin certificate (TEMPORAL_ADDRESS, TEMPORAL_TLS_*), for the CLI, the SDK
   * (lib/infra/temporal-config.ts temporalSettings) and the tests. The frontend refuses a client without a certificate.
   */
  adminEnv: Env;
  /** The certificates' folder: ca.pem and <name>/cert.pem, key.pem (scripts/certs.ts). */
  certsDir: string;
  postgres: PostgresServer;
  temporal: ClusterProcess;
  ui: ClusterProcess;
  workers: ClusterProcess[];
  apis: ClusterProcess[];
  stop(): Promise<void>;
}

/** The image tag and the environment of a compose service, with `${VAR:-default}` / `${VAR:?msg}` filled. */
export function composeService(
  name: string,
  env: Env,
  /** Only the settings it takes (the others' required variables are not asked for). */
  only: (key: string) => boolean = () => true,
): { version: string; environment: Env } {
  const compose = parse(readFileSync(path.join(projectRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, { image?: string; environment: Record<string, string> }>;
  };
  const service = compose.services[name]!;
  const fill = (value: string) =>
    value.replace(/\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g, (_m, name: string, op?: string, arg?: string) => {
      const v = env[name];
      if (v) return v;
      if (op === '-') return arg ?? '';
      if (op === '?') throw new Error(`${name}: ${arg}`);
      return '';
    });
  const environment = Object.fromEntries(
    Object.entries(service.environment)
      .filter(([k]) => only(k))
      .map(([k, v]) => [k, fill(String(v))]),
  );
  return { version: fill(service.image ?? '').split(':')[1] ?? '', environment };
}

/** Compose's certificate paths (`/certs/…`, its `certs` volume) in the cluster's certificates folder. */
function localCertPaths(environment: Env, certsDir: string): Env {
  return Object.fromEntries(
    Object.entries(environment).map(([k, v]) => [k, v.startsWith('/certs/') ? path.join(certsDir, v.slice(7)) : v]),
  );
}

/** A compose service's TEMPORAL_TLS_* settings, with the cluster's paths. */
function composeTls(name: string, env: Env, certsDir: string): Env {
  const { environment } = composeService(name, env, (key) => key.startsWith('TEMPORAL_TLS_'));
  return localCertPaths(environment, certsDir);
}

/** The built Temporal UI of `scripts/bootstrap.js` (ensureTemporalUi): the binary and the image's config template. */
export function temporalUiDir(version: string): string {
  const dir = path.join(projectRoot, '.tools', 'temporal-ui', `v${version}`);
  if (!existsSync(path.join(dir, 'temporal-ui'))) {
    throw new Error(`Temporal UI ${version} is not built: run "npm run cluster" once (it builds it)`);
  }
  return dir;
}

/** The built server of `scripts/bootstrap.js` (ensureTemporalServer). */
export function temporalServerDir(version: string): string {
  const dir = path.join(projectRoot, '.tools', 'temporal-server', `v${version}`);
  if (!existsSync(path.join(dir, 'temporal-server'))) {
    throw new Error(`the Temporal server ${version} is not built: run "npm run cluster" once (it builds it)`);
  }
  return dir;
}

/**
 * A base port with 40 free ports after it (tests run clusters side by side with other servers), below 32768: Temporal
 * keeps membership ports in a PostgreSQL smallint.
 */
export async function freePortRange(from = 10_000 + Math.floor(Math.random() * 20_000)): Promise<number> {
  for (let base = from; base < 32_700; base += 50) {
    const checks = await Promise.all(Array.from({ length: 40 }, (_, i) => portFree(base + i)));
    if (checks.every(Boolean)) return base;
  }
  throw new Error('no 40 free consecutive ports');
}

function runScript(script: string, env: Env, log: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', [path.join(projectRoot, script)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (d: Buffer) => {
      output = (output + d.toString()).slice(-4000);
      log.write(d);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${script} failed (exit ${code}):\n${output}`)),
    );
  });
}

/** A child process the cluster can stop, crash and start again; its output goes to a log file. */
function managed(
  name: string,
  command: string,
  args: string[],
  env: Env,
  logDir: string,
  /** Resolves once it is up; `since`: how long its log file was before this start. */
  ready: (since: number) => Promise<void>,
): ClusterProcess {
  let child: ChildProcess | undefined;
  const running = () => !!child && child.exitCode === null && child.signalCode === null;
  return {
    name,
    env,
    running,
    pid: () => (running() ? child?.pid : undefined),
    async start() {
      if (running()) return;
      const logFile = path.join(logDir, `${name}.log`);
      const since = existsSync(logFile) ? statSync(logFile).size : 0;
      const log = createWriteStream(logFile, { flags: 'a' });
      child = spawn(command, args, { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout?.pipe(log);
      child.stderr?.pipe(log);
      // Its pid, so that a cluster that was killed before it could stop its parts has them stopped by the next start.
      const pidFile = path.join(logDir, `${name}.pid`);
      writeFileSync(pidFile, `${child.pid}\n${command}\n${args[0] ?? ''}\n`);
      child.once('exit', () => rmSync(pidFile, { force: true }));
      const started = child;
      const exited = new Promise<never>((_, reject) =>
        started.once('exit', (code, signal) =>
          reject(
            new Error(
              `${name} exited during start (${code ?? signal}); the end of ${logFile}:\n` +
                readFileSync(logFile, 'utf8').slice(since).slice(-1500),
            ),
          ),
        ),
      );
      exited.catch(() => undefined);
      await Promise.race([ready(since), exited]);
    },
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      const current = child;
      if (!current || !running()) return;
      const exited = new Promise((r) => current.once('exit', r));
      current.kill(signal);
      const timer = setTimeout(() => current.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Parts left running by a cluster process that was killed (kill -9, a crash) before it could stop them: found by their
 * pid files (and PostgreSQL's own postmaster.pid), checked to be the same program, stopped on purpose (SIGTERM, then
 * SIGKILL after 10 s). The next start then owns its ports and its data folder again.
 */
async function stopLeftovers(dataDir: string, logDir: string, say: (line: string) => void): Promise<void> {
  // Each part's pid file: its pid, its program and first argument (checked against the process before it is stopped).
  const parts = (existsSync(logDir) ? readdirSync(logDir).filter((f) => f.endsWith('.pid')) : []).map((file) => {
    const [pid, ...expected] = readFileSync(path.join(logDir, file), 'utf8').split('\n');
    rmSync(path.join(logDir, file), { force: true });
    return {
      name: path.basename(file, '.pid'),
      pid: Number(pid),
      expected: expected.filter(Boolean),
      signal: 'SIGTERM',
    };
  });
  const postmaster = path.join(dataDir, 'postgres', 'data', 'postmaster.pid');
  if (existsSync(postmaster)) {
    const pid = Number(readFileSync(postmaster, 'utf8').split('\n')[0]);
    parts.push({ name: 'postgres', pid, expected: ['postgres'], signal: 'SIGINT' });
  }
  for (const part of parts) {
    if (await stopLeftover(part.pid, part.expected, part.signal as NodeJS.Signals)) {
      say(`stopped a part of an earlier cluster that had not stopped cleanly (${part.name}, pid ${part.pid})`);
    }
  }
}

async function until(what: string, check: () => Promise<boolean>, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} did not come up in ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** The cluster's secrets, made once and kept 0600 in its data folder (like compose's .env). */
function secrets(dataDir: string): Env {
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as Env;
    const before = JSON.stringify(kept);
    kept.METRICS_TOKEN ??= randomBytes(24).toString('hex');
    kept.STORE_SEALING_KEYS ??= `s1:${randomBytes(32).toString('base64')}`;
    kept.SESSION_SECRET ??= randomBytes(32).toString('hex');
    if (JSON.stringify(kept) !== before) writePrivateFile(file, JSON.stringify(kept, null, 2));
    return kept;
  }
  const made: Env = {
    POSTGRES_PASSWORD: randomBytes(18).toString('hex'),
    CASES_DB_PASSWORD: randomBytes(18).toString('hex'),
    AUTH_JWT_SECRET: randomBytes(32).toString('hex'),
    CODEC_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    STORE_SEALING_KEYS: `s1:${randomBytes(32).toString('base64')}`,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    METRICS_TOKEN: randomBytes(24).toString('hex'),
  };
  writePrivateFile(file, JSON.stringify(made, null, 2));
  return made;
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const say = options.say ?? ((line: string) => process.stderr.write(`[cluster] ${line}\n`));
  const dataDir = path.resolve(projectRoot, options.dataDir ?? '.data/cluster');
  const logDir = path.join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true, mode: 0o700 });
  // PostgreSQL runs as its own user when we are root: it may pass through (not list) the cluster's folder.
  if (process.getuid?.() === 0) chmodSync(dataDir, 0o711);
  const setupLog = createWriteStream(path.join(logDir, 'setup.log'), { flags: 'a' });
  const base = options.basePort ?? 7400;
  const secret = secrets(dataDir);
  await stopLeftovers(dataDir, logDir, say);
  // The certificates, as compose's `certs` job makes them: at the first start, and again when one nears its end.
  const certsDir = path.join(dataDir, 'certs');
  const certs = await ensureCertificates({ dir: certsDir, caDir: path.join(dataDir, 'certs-ca') });
  const issued = certs.leaves.filter((l) => l.action !== 'kept').map((l) => `${l.name} ${l.action}`);
  say(`certificates in ${certsDir}${issued.length > 0 ? ` (${issued.join(', ')})` : ''}`);
  for (const warning of certs.warnings) say(`warning: ${warning}`);
  // What the compose files read, as they read it: the secrets and a stand-in for the API's address.
  const composeEnv: Env = { ...(process.env as Env), ...secret, PUBLIC_URL: 'http://127.0.0.1' };
  const started: Array<{ stop(): Promise<void> }> = [];
  const stopAll = async () => {
    for (const part of started.reverse()) await part.stop().catch(() => undefined);
  };
  try {
    // PostgreSQL: the databases of Temporal and the case store, as compose's `postgresql` service.
    const postgres = await startPostgres({
      folder: path.join(dataDir, 'postgres'),
      superuser: 'temporal',
      password: secret.POSTGRES_PASSWORD!,
      port: base + 30,
    });
    started.push(postgres);
    say(`PostgreSQL on 127.0.0.1:${postgres.port}`);

    const { version, environment } = composeService('temporal', composeEnv);
    const serverDir = temporalServerDir(version);
    const pathWith = (...dirs: string[]) => [...dirs, process.env.PATH ?? ''].join(path.delimiter);
    const pgBin = postgresBinDir()!;
    // The set-up jobs of compose, run with the same scripts: Temporal's schemas, the case store's database.
    await runScript(
      'deploy/temporal/setup-postgres.sh',
      {
        ...(process.env as Env),
        ...environment,
        POSTGRES_SEEDS: '127.0.0.1',
        DB_PORT: String(postgres.port),
        SQL_PASSWORD: secret.POSTGRES_PASSWORD!,
        TEMPORAL_SCHEMA_DIR: path.join(serverDir, 'schema'),
        PATH: pathWith(serverDir),
      },
      setupLog,
    );
    await runScript(
      'deploy/postgres/setup-cases-db.sh',
      {
        ...(process.env as Env),
        PGHOST: '127.0.0.1',
        PGPORT: String(postgres.port),
        POSTGRES_PASSWORD: secret.POSTGRES_PASSWORD!,
        CASES_DB_PASSWORD: secret.CASES_DB_PASSWORD!,
        PATH: pathWith(pgBin),
      },
      setupLog,
    );
    say(`schemas of Temporal ${version} and the case store's database ready`);

    // The server, as compose's `temporal` service runs it: the embedded configuration template and this environment.
    const frontend = base;
    const serverEnv: Env = {
      ...(process.env as Env),
      ...localCertPaths(environment, certsDir),
      POSTGRES_SEEDS: '127.0.0.1',
      DB_PORT: String(postgres.port),
      BIND_ON_IP: '127.0.0.1',
      DYNAMIC_CONFIG_FILE_PATH: path.join(
        projectRoot,
        environment.DYNAMIC_CONFIG_FILE_PATH!.replace(/^config/, 'deploy/temporal'),
      ),
      FRONTEND_GRPC_PORT: String(frontend),
      HISTORY_GRPC_PORT: String(base + 1),
      MATCHING_GRPC_PORT: String(base + 2),
      INTERNAL_FRONTEND_GRPC_PORT: String(base + 3),
      WORKER_GRPC_PORT: String(base + 4),
      FRONTEND_HTTP_PORT: String(base + 5),
      INTERNAL_FRONTEND_HTTP_PORT: String(base + 6),
      FRONTEND_MEMBERSHIP_PORT: String(base + 10),
      HISTORY_MEMBERSHIP_PORT: String(base + 11),
      MATCHING_MEMBERSHIP_PORT: String(base + 12),
      INTERNAL_FRONTEND_MEMBERSHIP_PORT: String(base + 13),
      WORKER_MEMBERSHIP_PORT: String(base + 14),
      PROMETHEUS_ENDPOINT: `127.0.0.1:${base + 20}`,
      PPROF_PORT: '0',
    };
    const temporalAddress = `127.0.0.1:${frontend}`;
    // The set-up jobs and the CLI present the admin certificate, as compose's `temporal-create-namespace` does.
    // Compose's clients reach the frontend by its service name, which its certificate holds; here they reach it by
    // address, and check that same name (TEMPORAL_TLS_SERVER_NAME; no TLS server name may be an IP address).
    const frontendName = composeService(
      'worker',
      composeEnv,
      (k) => k === 'TEMPORAL_ADDRESS',
    ).environment.TEMPORAL_ADDRESS!.split(':')[0]!;
    const adminEnv: Env = {
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_TLS_SERVER_NAME: frontendName,
      ...composeTls('temporal-create-namespace', composeEnv, certsDir),
    };
    const cli = temporalCliPath();
    const healthy = () =>
      new Promise<boolean>((resolve) => {
        const check = spawn(cli, ['operator', 'cluster', 'health', '--address', temporalAddress], {
          stdio: 'ignore',
          env: { ...process.env, ...adminEnv },
        });
        check.once('exit', (code) => resolve(code === 0));
      });
    const temporal = managed('temporal', path.join(serverDir, 'temporal-server'), ['start'], serverEnv, logDir, () =>
      until('the Temporal server', healthy),
    );
    await temporal.start();
    started.push({ stop: () => temporal.kill() });
    await runScript(
      'deploy/temporal/create-namespace.sh',
      {
        ...(process.env as Env),
        ...adminEnv,
        DEFAULT_NAMESPACE: 'default',
        TEMPORAL_RETENTION: process.env.TEMPORAL_RETENTION ?? '30d',
        PATH: pathWith(path.dirname(cli)),
      },
      setupLog,
    );
    say(
      `Temporal ${version} on ${temporalAddress}, mutual TLS (metrics http://127.0.0.1:${base + 20}/metrics), namespace default`,
    );

    const apiUrls = Array.from({ length: options.apis ?? 2 }, (_, i) => `http://127.0.0.1:${base + 21 + i}`);
    // Temporal UI, as compose's `temporal-ui` service runs its image: its config template, this environment. Payloads
    // are sealed: it shows them through the first API's codec server.
    const uiUrl = `http://127.0.0.1:${base + 25}`;
    const uiSettings = composeService('temporal-ui', { ...composeEnv, PUBLIC_URL: apiUrls[0]! });
    const uiDir = temporalUiDir(uiSettings.version);
    const ui = managed(
      'temporal-ui',
      path.join(uiDir, 'temporal-ui'),
      ['--root', uiDir, '--env', 'docker', 'start'],
      {
        ...(process.env as Env),
        ...localCertPaths(uiSettings.environment, certsDir),
        TEMPORAL_ADDRESS: temporalAddress,
        TEMPORAL_UI_PORT: String(base + 25),
        TEMPORAL_CORS_ORIGINS: apiUrls[0]!,
      },
      logDir,
      () => until('Temporal UI', async () => (await fetch(uiUrl)).ok),
    );
    await ui.start();
    started.push({ stop: () => ui.kill() });
    say(`Temporal UI ${uiSettings.version} on ${uiUrl}`);

    // The case worker and the API, twice each, as compose's `worker` and `api` services.
    const appEnv: Env = {
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'supervision-patrol',
      TEMPORAL_TLS_SERVER_NAME: frontendName,
      CODEC_KEYS: secret.CODEC_KEYS!,
      STORE_SEALING_KEYS: secret.STORE_SEALING_KEYS!,
      DATABASE_URL: `postgres://cases:${secret.CASES_DB_PASSWORD}@127.0.0.1:${postgres.port}/cases`,
      AUTH_JWT_SECRET: secret.AUTH_JWT_SECRET!,
      // The APIs' workbench sessions, the same for both (as compose's SESSION_SECRET).
      SESSION_SECRET: secret.SESSION_SECRET!,
      METRICS_TOKEN: secret.METRICS_TOKEN!,
      DATA_DIR: dataDir,
      TEMPORAL_UI_URL: uiUrl,
      // The workers' links in notices (each API is told its own address below).
      PUBLIC_URL: apiUrls[0]!,
      LOG_LEVEL: 'info',
      LOG_PRETTY: 'false',
      ...options.appEnv,
    };
    const node = process.execPath;
    const workers = Array.from({ length: options.workers ?? 2 }, (_, i) =>
      managed(
        `worker-${i + 1}`,
        node,
        [path.join(projectRoot, 'dist/worker/main.js')],
        // At least `info`: the worker is up when its log says so (it has no port).
        {
          ...(process.env as Env),
          ...appEnv,
          ...composeTls('worker', composeEnv, certsDir),
          LOG_LEVEL: appEnv.LOG_LEVEL === 'debug' ? 'debug' : 'info',
          METRICS_BIND_ADDRESS: `127.0.0.1:${base + 26 + i}`,
        },
        logDir,
        (since) =>
          until(`worker-${i + 1}`, () => {
            const log = path.join(logDir, `worker-${i + 1}.log`);
            return Promise.resolve(existsSync(log) && readFileSync(log).subarray(since).includes('worker started'));
          }),
      ),
    );
    const apis = apiUrls.map((url, i) =>
      managed(
        `api-${i + 1}`,
        node,
        [path.join(projectRoot, 'dist/api/server.js')],
        {
          ...(process.env as Env),
          ...appEnv,
          ...composeTls('api', composeEnv, certsDir),
          HOST: '127.0.0.1',
          PORT: new URL(url).port,
          PUBLIC_URL: url,
        },
        logDir,
        () => until(`api-${i + 1}`, async () => (await fetch(`${url}/health`)).ok),
      ),
    );
    for (const w of workers) {
      await w.start();
      started.push({ stop: () => w.kill() });
    }
    for (const a of apis) {
      await a.start();
      started.push({ stop: () => a.kill() });
    }
    say(`${workers.length} workers and ${apis.length} API processes: ${apiUrls.join(', ')} (logs in ${logDir})`);
    return {
      temporalAddress,
      namespace: 'default',
      apiUrls,
      uiUrl,
      workerMetricsUrls: workers.map((_, i) => `http://127.0.0.1:${base + 26 + i}/metrics`),
      metricsUrl: `http://127.0.0.1:${base + 20}/metrics`,
      appEnv,
      adminEnv,
      certsDir,
      postgres,
      temporal,
      ui,
      workers,
      apis,
      async stop() {
        for (const a of apis) await a.kill();
        for (const w of workers) await w.kill();
        await ui.kill();
        await temporal.kill();
        await postgres.stop();
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

if (require.main === module) {
  startCluster()
    .then((cluster) => {
      process.stdout.write(
        `\nThe cluster runs (Ctrl-C stops it):\n` +
          `  API:        ${cluster.apiUrls.join('  ')}  (docs: ${cluster.apiUrls[0]}/docs)\n` +
          `  Temporal:   ${cluster.temporalAddress}, mutual TLS: the CLI needs the admin certificate, e.g.\n` +
          `              temporal workflow list --address ${cluster.temporalAddress} --tls-ca-path ${cluster.adminEnv.TEMPORAL_TLS_SERVER_CA_CERT_PATH} \\\n` +
          `                --tls-cert-path ${cluster.adminEnv.TEMPORAL_TLS_CLIENT_CERT_PATH} --tls-key-path ${cluster.adminEnv.TEMPORAL_TLS_CLIENT_KEY_PATH}\n` +
          `  Temporal UI: ${cluster.uiUrl}  (sealed payloads: start a codec session at ${cluster.apiUrls[0]}/codec/session first)\n` +
          `  Metrics:    ${cluster.metricsUrl} (Temporal), ${cluster.workerMetricsUrls.join(', ')} (workers),\n` +
          `              ${cluster.apiUrls.map((u) => `${u}/metrics`).join(', ')} (APIs: bearer METRICS_TOKEN of secrets.json)\n` +
          `  PostgreSQL: 127.0.0.1:${cluster.postgres.port} (Temporal, visibility, cases)\n` +
          `  Tokens:     AUTH_JWT_SECRET from .data/cluster/secrets.json, e.g.\n` +
          `              AUTH_JWT_SECRET=$(node -p "require('./.data/cluster/secrets.json').AUTH_JWT_SECRET") npm run -s token -- --role office\n\n`,
      );
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        process.stderr.write(`[cluster] ${signal}: stopping the APIs, the workers, Temporal and PostgreSQL…\n`);
        cluster.stop().then(
          () => process.exit(0),
          (err: unknown) => {
            console.error(err);
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    })
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
