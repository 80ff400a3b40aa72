import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { configSchema } from '../../api/config';
import { caseSearchAttributes } from '../../workflows/search-attributes';

/**
 * docker-compose.yml cannot run here (no Docker engine). What can be checked without Docker is checked:
 * the services and images, the settings the services read, the scripts they run and the build steps.
 */
const root = path.join(__dirname, '../..');
interface Service {
  image?: string;
  build?: string;
  command?: string[] | string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
}
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const services = compose.services;

/** Every variable the worker and the API read: the API's config schema, envconfig's, and the logger's. */
const knownSettings = new Set([
  ...Object.keys(configSchema.properties),
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'TEMPORAL_API_KEY',
  'TEMPORAL_TLS',
  'TEMPORAL_PROFILE',
  'TEMPORAL_TASK_QUEUE',
  'LOG_LEVEL',
  'LOG_PRETTY',
  // Worker settings (activities/index.ts loadActivityDeps).
  'SMTP_URL',
  'MAIL_FROM',
  'HOLIDAYS_DIR',
  'DEADLINE_POLICY_FILE',
  'NOTIFICATION_ROUTES_FILE',
  'REPORTS_DIR',
]);

describe('docker-compose.yml: PostgreSQL, Temporal server, Temporal UI, and our worker and API', () => {
  test('Temporal runs from temporalio/server with a schema-setup job from temporalio/admin-tools (auto-setup is deprecated)', () => {
    expect(services.temporal?.image).toMatch(/^temporalio\/server:/);
    expect(Object.values(services).some((s) => s.image?.startsWith('temporalio/auto-setup'))).toBe(false);
    expect(services['temporal-schema-setup']?.image).toMatch(/^temporalio\/admin-tools:/);
    expect(services.temporal?.depends_on?.['temporal-schema-setup']?.condition).toBe('service_completed_successfully');
    expect(services['temporal-ui']?.image).toMatch(/^temporalio\/ui:/);
    expect(services.postgresql?.image).toMatch(/^postgres:/);
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

  test('the namespace job registers exactly the search attributes the workflows use', () => {
    const script = readFileSync(path.join(root, 'deploy/temporal/create-namespace.sh'), 'utf8');
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

  test('the Dockerfile build steps produce the files the services run', () => {
    const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/RUN npm ci/);
    expect(dockerfile).toMatch(/npm run build/);
    const outDir = mkdtempSync(path.join(tmpdir(), 'build-'));
    execFileSync(
      path.join(root, 'node_modules/.bin/tsc'),
      ['-p', 'tsconfig.build.json', '--outDir', outDir, '--incremental', 'false'],
      { cwd: root },
    );
    for (const name of ['worker', 'api']) {
      const command = services[name]!.command as string[];
      expect(command[0]).toBe('node');
      const entry = command[1]!.replace(/^dist\//, '');
      expect([entry, existsSync(path.join(outDir, entry))]).toEqual([entry, true]);
    }
    // Every folder the build compiles is copied into the image.
    const build = JSON.parse(readFileSync(path.join(root, 'tsconfig.build.json'), 'utf8')) as { include: string[] };
    for (const dir of build.include) {
      expect(dockerfile).toContain(`COPY ${dir} ${dir}`);
    }
  }, 120_000);
});
