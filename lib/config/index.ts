/**
 * The one configuration: one schema in sections (common, API, worker, Temporal, the embedded dev server, store,
 * channels), read from the environment once, at an entry point (api/server.ts, worker/main.ts, scripts/start.ts, the
 * store scripts), and handed down; nothing below the entry points reads `process.env`. Validated as @fastify/env
 * validated the API's settings (ajv, defaults filled in, text coerced to numbers and flags): a bad value stops the
 * start naming the variable. Every secret may come from a file (`NAME_FILE`, lib/infra/secret-files.ts).
 */
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import type { TObject, TProperties } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { withSecretFiles } from '../infra/secret-files';
import type { ApiConfig } from './api';
import { apiSection } from './api';
import type {
  ChannelsConfig,
  CommonConfig,
  EmbeddedConfig,
  StoreConfig,
  TemporalConfig,
  WorkerConfig,
} from './sections';
import {
  channelsSection,
  commonSection,
  embeddedSection,
  storeSection,
  temporalPatterns,
  temporalSection,
  workerSection,
} from './sections';

export type { ApiConfig } from './api';
export type * from './sections';

/** The sections, in the order docs/configuration.md lists them. */
export const configSections = {
  common: commonSection,
  api: apiSection,
  worker: workerSection,
  temporal: temporalSection,
  embedded: embeddedSection,
  store: storeSection,
  channels: channelsSection,
} as const;

export type Section = keyof typeof configSections;

export interface Config {
  common: CommonConfig;
  api: ApiConfig;
  worker: WorkerConfig;
  temporal: TemporalConfig;
  embedded: EmbeddedConfig;
  store: StoreConfig;
  channels: ChannelsConfig;
}

/** Where settings come from: the process's environment, or a test's settings over it. */
export type Environment = Readonly<Record<string, string | number | undefined>>;

const allSections = Object.keys(configSections) as Section[];

/** The settings of `sections`, each once (a setting several sections read has one definition). */
const propertiesOf = (sections: readonly Section[]): TProperties =>
  sections.reduce<TProperties>((all, s) => ({ ...all, ...configSections[s].properties }), {});

/** Every setting once: the one schema (docs/configuration.md lists it). */
export const settingsSchema: TObject = Type.Object(propertiesOf(allSections), { patternProperties: temporalPatterns });

export class ConfigError extends Error {
  override name = 'ConfigError';
}

// The options env-schema (under @fastify/env) gives ajv, so the API's settings read as they always have.
const ajv = new Ajv({
  allErrors: true,
  removeAdditional: true,
  useDefaults: true,
  coerceTypes: true,
  allowUnionTypes: true,
  addUsedSchema: false,
});
const validators = new Map<string, ValidateFunction>();

function validator(sections: readonly Section[]): ValidateFunction {
  const key = sections.join(',');
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile({
      type: 'object',
      properties: propertiesOf(sections),
      additionalProperties: false,
      ...(sections.includes('temporal') ? { patternProperties: temporalPatterns } : {}),
    });
    validators.set(key, validate);
  }
  return validate;
}

/**
 * The API's settings are read as given (an empty `PORT` is a bad value, as it always was); for the other sections an
 * empty variable counts as unset, as compose's `${SMTP_URL:-}` leaves it.
 */
const apiNames = new Set(Object.keys(apiSection.properties));

/** A section's settings out of the validated whole (with the `TEMPORAL_GRPC_META_*` of the Temporal section). */
function sectionOf(name: Section, values: Record<string, unknown>): Record<string, unknown> {
  const section = configSections[name];
  const patterns = name === 'temporal' ? Object.keys(temporalPatterns).map((p) => new RegExp(p)) : [];
  return Object.fromEntries(
    Object.entries(values).filter(([name]) => name in section.properties || patterns.some((p) => p.test(name))),
  );
}

/**
 * Read and check the settings of `sections` (default all) from `env`, each secret's `NAME_FILE` read into `NAME`
 * first. Throws `ConfigError` naming every bad variable (`env/PORT must be <= 65535`), or `SecretFileError`.
 *
 * @example
 * const config = loadConfig(process.env, ['common', 'worker', 'temporal', 'store', 'channels']);
 * const logger = createLogger('worker', config.common);
 */
export function loadConfig<S extends Section = Section>(
  env: Environment,
  sections: readonly S[] = allSections as S[],
): Pick<Config, S> {
  const given = withSecretFiles({ ...env });
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(given)) {
    if (value === undefined || (value === '' && !apiNames.has(name))) continue;
    values[name] = value;
  }
  const validate = validator(sections);
  if (!validate(values)) throw new ConfigError(ajv.errorsText(validate.errors, { dataVar: 'env' }));
  const config: Record<string, unknown> = {};
  for (const s of sections) {
    const settings = sectionOf(s, values);
    config[s] = s === 'channels' ? { ...settings, credentials: env } : settings;
  }
  return config as unknown as Pick<Config, S>;
}
