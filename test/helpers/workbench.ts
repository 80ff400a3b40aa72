/** The workbench through `app.inject` as a browser would use it: cookies kept, CSRF tokens read from the pages. */
import type { LightMyRequestResponse } from 'fastify';
import type { CaseClaims } from '../../lib/tokens';
import type { TestSystem } from './system';
import { multipart } from './patrol';

export const cookiesOf = (res: LightMyRequestResponse): Record<string, string> =>
  Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
export const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
export const keyOf = (html: string): string => /name="_key" value="([^"]+)"/.exec(html)![1]!;
export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
export const cookieHeader = (cookies: Record<string, string>) =>
  Object.entries(cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');

/** A browser: signed in as `who` (their session cookie), or nobody; it keeps the cookies pages set. */
export function browserOf(sys: TestSystem, who?: CaseClaims) {
  const cookies: Record<string, string> = who ? { workbench_session: sys.token(who) } : {};
  const get = async (url: string) => {
    const res = await sys.app.inject({ method: 'GET', url, headers: { cookie: cookieHeader(cookies) } });
    Object.assign(cookies, cookiesOf(res));
    return res;
  };
  const post = async (url: string, fields: Record<string, string>) => {
    const res = await sys.app.inject({
      method: 'POST',
      url,
      headers: { cookie: cookieHeader(cookies), 'content-type': 'application/x-www-form-urlencoded' },
      payload: form(fields),
    });
    Object.assign(cookies, cookiesOf(res));
    return res;
  };
  /** A form with files (multipart/form-data), as a browser sends one. */
  const upload = async (url: string, fields: Record<string, string>, files: Array<{ name: string; bytes: Buffer }>) => {
    const body = multipart(fields, files, 'files');
    const res = await sys.app.inject({
      method: 'POST',
      url,
      headers: { cookie: cookieHeader(cookies), ...body.headers },
      payload: body.payload,
    });
    Object.assign(cookies, cookiesOf(res));
    return res;
  };
  return { cookies, get, post, upload };
}
