/**
 * Every secret can be read from a file: `NAME_FILE=/run/secrets/name` stands for `NAME` (the convention of Docker and
 * Kubernetes secrets), so a secret need not sit in the process environment, where `docker inspect` and crash dumps
 * show it. The file's content is the value, without its final line break. Setting both `NAME` and `NAME_FILE` (to
 * different values), or a file that cannot be read, stops the start naming the setting.
 *
 * The secrets are the project's own settings below, and the variables a notification routes file names for a channel's
 * credentials (lib/channels/notification-routes.ts reads those through `secretValue`). Other variables of the environment are
 * left alone: a `*_FILE` of another program (`TF_CLI_CONFIG_FILE`, …) is not ours to read.
 */
import { readFileSync } from 'node:fs';

/** The settings that hold a secret (or a URL with a password in it). */
export const secretSettings = [
  'AUTH_JWT_SECRET',
  'METRICS_TOKEN',
  'OIDC_CLIENT_SECRET',
  'SESSION_SECRET',
  'DATABASE_URL',
  'SMTP_URL',
  'TEMPORAL_API_KEY',
] as const;

export class SecretFileError extends Error {
  override name = 'SecretFileError';
}

/** The value of the secret `name`: `env[name]`, or the content of the file `env[name_FILE]`; undefined if neither. */
export function secretValue(env: Record<string, string | number | undefined>, name: string): string | undefined {
  const file = env[`${name}_FILE`];
  const given = env[name] === undefined || env[name] === '' ? undefined : String(env[name]);
  if (file === undefined || file === '') return given;
  let value: string;
  try {
    value = readFileSync(String(file), 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    throw new SecretFileError(
      `${name}_FILE=${String(file)} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    );
  }
  // Read once already (the same value): fine. Another value: which one is meant cannot be told.
  if (given !== undefined && given !== value) {
    throw new SecretFileError(`${name} and ${name}_FILE are both set: give the setting one way only`);
  }
  return value;
}

/**
 * The environment with each secret setting's `NAME_FILE` read into `NAME` (a new object; `env` is not changed).
 *
 * @example
 * // AUTH_JWT_SECRET_FILE=/run/secrets/jwt
 * const env = withSecretFiles(given); // env.AUTH_JWT_SECRET is the file's content (lib/config's loadConfig does this)
 */
export function withSecretFiles<T extends Record<string, string | number | undefined>>(env: T): T {
  const out: Record<string, string | number | undefined> = { ...env };
  for (const name of secretSettings) {
    const value = secretValue(env, name);
    if (value !== undefined) out[name] = value;
  }
  return out as T;
}
