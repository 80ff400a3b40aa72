/**
 * Safe by default: the settings that would put what `npm start` makes easy (local sign-in without a password) on a
 * network are refused at start-up, naming the setting; and the reverse proxies the API believes are named, never
 * guessed.
 */
import proxyAddr from '@fastify/proxy-addr';
import type { ApiConfig } from './config';
import { isLoopbackHost } from '../lib/infra/loopback';

/**
 * Why this configuration must not start, or undefined. Local sign-in lets anyone who reaches the page act as any role:
 * it is for one machine, so it is refused with a HOST that is not loopback, a PUBLIC_URL people reach from elsewhere,
 * or a TRUST_PROXY (a proxy in front means a network behind it).
 */
export function unsafeConfiguration(
  config: Pick<ApiConfig, 'WORKBENCH_LOCAL_SIGNIN' | 'HOST' | 'PUBLIC_URL' | 'TRUST_PROXY'>,
): string | undefined {
  if (!config.WORKBENCH_LOCAL_SIGNIN) return undefined;
  const why = (setting: string, value: string) =>
    `WORKBENCH_LOCAL_SIGNIN=true lets anyone who reaches the workbench sign in as any role without a password, so it ` +
    `is for one machine only; it cannot be on with ${setting}=${value}. Set WORKBENCH_LOCAL_SIGNIN=false and sign in ` +
    `through the identity provider (OIDC_ISSUER, AUTH_JWKS_URL), or keep the API on loopback.`;
  if (!isLoopbackHost(config.HOST)) return why('HOST', config.HOST);
  if (config.PUBLIC_URL) {
    let host: string;
    try {
      host = new URL(config.PUBLIC_URL).hostname;
    } catch {
      return `PUBLIC_URL=${config.PUBLIC_URL} is not a URL`;
    }
    if (!isLoopbackHost(host)) return why('PUBLIC_URL', config.PUBLIC_URL);
  }
  if (config.TRUST_PROXY) return why('TRUST_PROXY', config.TRUST_PROXY);
  return undefined;
}

/** The refusal of an unsafe start, as an error whose message names the setting (the process prints it and exits). */
export class UnsafeConfigurationError extends Error {
  override name = 'UnsafeConfigurationError';
}

/**
 * Fastify's `trustProxy` from TRUST_PROXY (addresses or CIDRs, comma-separated), checked here so that a typo stops
 * the start naming the setting instead of trusting nobody or everybody. Unset: false (no proxy is believed).
 */
export function trustProxyOption(value: string | number | undefined): string[] | false {
  if (value === undefined || String(value).trim() === '') return false;
  const list = String(value)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  try {
    proxyAddr.compile(list);
  } catch (err) {
    throw new UnsafeConfigurationError(
      `TRUST_PROXY=${String(value)}: ${(err as Error).message} (addresses or CIDRs of the proxies, comma-separated)`,
    );
  }
  return list;
}
