/**
 * Whether an address stays on this machine: the one test of the project for "loopback", used where plain http or a
 * password-less sign-in is allowed only there (the API's bind address and public URL, an identity provider's keys and
 * sign-in, a notice channel's address).
 */
import { isIP } from 'node:net';

/** 127.0.0.0/8, ::1 (bare or in brackets, as a URL's hostname has it) and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return isIP(h) === 6 && h === '::1';
}

/** An address that may be reached over plain http: https anywhere, http only on this machine. */
export const secureOrLoopback = (url: URL): boolean =>
  url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
