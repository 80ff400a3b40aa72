/**
 * How a notice leaves over HTTP (issue 30, item 8): the webhook, the DingTalk and WeCom robots and the SMS gateway all
 * post to an address the routes file names, and each request carries a credential (a robot's token in the query, a
 * signature, an AccessKey). So an address must be https unless it stays on this machine, a redirect is never followed
 * (it would take the request, credential and all, to an address nobody configured), and no request waits for ever.
 */
import { secureOrLoopback } from '../infra/loopback';
import type { ChannelOutcome } from './robots';

/** How long one request to a channel may take before the attempt counts as failed (and is tried again later). */
export const channelTimeoutMs = 10_000;

/**
 * What is wrong with a channel's address, if anything: it must be https, or plain http to a loopback host (a receiver
 * on the same machine, as the tests run them). Plain http elsewhere would carry the credential and the notice in clear.
 */
export function channelUrlProblem(url: URL): string | undefined {
  if (secureOrLoopback(url)) return undefined;
  if (url.protocol === 'http:')
    return `must be https: plain http is allowed only to a loopback address (127.0.0.0/8, ::1, localhost), not ${url.host}`;
  return 'must be an https address';
}

/**
 * One request to a channel: redirects are not followed (`redirect: 'manual'`, so a 3xx comes back as itself) and the
 * request gives up after `channelTimeoutMs`.
 */
export function channelFetch(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(channelTimeoutMs) });
}

/**
 * A 3xx answer is a failure for good, not one to try again: the services and the office's receiver answer at the
 * address configured, so a redirect means the address is wrong (moved, http to https) or something in between
 * intercepts it (a proxy's sign-in page). Retrying cannot mend the routes file; the delivery is recorded as failed
 * with this reason, and a notice failed on every channel becomes the office's task (催办未送达). Only the host the
 * redirect points to is named: its path or query may hold a credential.
 */
export async function redirectOutcome(res: Response, from: string): Promise<ChannelOutcome | undefined> {
  if (res.status < 300 || res.status >= 400) return undefined;
  await res.body?.cancel();
  let to = '';
  try {
    const location = res.headers.get('location');
    if (location) to = `, to ${new URL(location, from).host}`;
  } catch {
    // an unreadable Location: the status says enough
  }
  return {
    ok: false,
    retry: false,
    reason: `HTTP ${res.status}: redirected${to}, not followed (the configured address must be the service's own)`,
  };
}
