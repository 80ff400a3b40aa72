/** The workbench through `app.inject` as a browser would use it: cookies kept, CSRF tokens read from the pages. */
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { CaseClaims } from '../../lib/infra/tokens';
import { WorkbenchSessions, sessionCookie } from '../../api/workbench/session/sessions';
import type { TestSystem } from './system';
import { multipart } from './patrol';
import { DateTime } from 'luxon';
import { lightDay } from '../../api/workbench/components/format';

/**
 * The date `days` after the lights' day (issue 34: it turns at 09:00 Beijing; before that it is still the day before),
 * so that a date set now shows 剩余`days`天 at any hour.
 */
export const lightDayPlus = (days: number): string =>
  DateTime.fromISO(lightDay(Date.now()), { zone: 'Asia/Shanghai' }).plus({ days }).toISODate()!;

export const cookiesOf = (res: LightMyRequestResponse): Record<string, string> =>
  Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
export const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
export const keyOf = (html: string): string => /name="_key" value="([^"]+)"/.exec(html)![1]!;
export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
export const cookieHeader = (cookies: Record<string, string>) =>
  Object.entries(cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');

/**
 * A session of the workbench for `who`'s token (`sys.token`, their `sub` as the API tests use it), kept in the store
 * exactly as sign-in keeps one; answers its cookie's value. Local sign-in would name the person `local:…` instead.
 */
export async function sessionFor(
  sys: Pick<TestSystem, 'app' | 'store' | 'token'>,
  who: CaseClaims,
  agent = 'jest',
): Promise<string> {
  const sessions = new WorkbenchSessions(sys.app.config, sys.store);
  const id = randomBytes(24).toString('base64url');
  const fields = sessions.fieldsFor(sys.token(who), { address: '127.0.0.1', agent });
  await promisify(sessions.set.bind(sessions))(id, fields);
  return sessions.signer.sign(id);
}

export type Browser = ReturnType<typeof browserOn>;

/**
 * A browser on `app`: it keeps the cookies pages set and sends `headers` (its user agent, a proxy's) with every
 * request; `before` runs before each (to make its session first).
 */
export function browserOn(
  app: FastifyInstance,
  o: { headers?: Record<string, string>; before?: (cookies: Record<string, string>) => Promise<void> } = {},
) {
  const cookies: Record<string, string> = {};
  const send = async (options: InjectOptions) => {
    await o.before?.(cookies);
    const res = await app.inject({
      ...options,
      headers: { ...o.headers, cookie: cookieHeader(cookies), ...options.headers },
    });
    Object.assign(cookies, cookiesOf(res));
    return res;
  };
  const get = (url: string) => send({ method: 'GET', url });
  const post = (url: string, fields: Record<string, string>) =>
    send({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form(fields),
    });
  /** A form with files (multipart/form-data), as a browser sends one. */
  const upload = (url: string, fields: Record<string, string>, files: Array<{ name: string; bytes: Buffer }>) => {
    const body = multipart(fields, files, 'files');
    return send({ method: 'POST', url, headers: body.headers, payload: body.payload });
  };
  return { cookies, get, post, upload, send };
}

/** A browser: signed in as `who` (a session of their own, made at its first request), or nobody. */
export function browserOf(sys: TestSystem, who?: CaseClaims) {
  let started: Promise<void> | undefined;
  return browserOn(sys.app, {
    before: (cookies) =>
      (started ??= who
        ? sessionFor(sys, who).then((value) => {
            cookies[sessionCookie] = value;
          })
        : Promise.resolve()),
  });
}

/** Sign in through the local sign-in page, as a person would; answers the sign-in's response. */
export async function signInLocally(
  browser: Browser,
  person: { name: string; role: string; unit?: string; group?: string },
): Promise<LightMyRequestResponse> {
  const page = await browser.get('/workbench/signin');
  return browser.post('/workbench/signin', { _csrf: csrfOf(page.body), next: '/workbench/', ...person });
}

/** The form of a step on a case page: its own HTML, its action, and its hidden fields' values (its key, set rows). */
export function formOf(html: string, step: string) {
  const forms = [...html.matchAll(/<form method="post" action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)];
  const found = forms.find((m) => m[1]!.endsWith(`/steps/${step}`));
  if (!found) throw new Error(`no form of ${step}`);
  const inner = found[2]!;
  const values: Record<string, string> = {};
  for (const m of inner.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) values[m[1]!] = m[2]!;
  return { html: inner, action: found[1]!, values };
}

/** The titles of a form's rows (`第1项`, `第二项整改意见：…`). */
export const rowTitles = (html: string) => [...html.matchAll(/<p class="row-title">([^<]*)<\/p>/g)].map((m) => m[1]!);

/**
 * Press a button of a step's form on the case page (添加一项, 删除第N项, 插入常用语, or submit), as a browser without
 * JavaScript sends it: the form's hidden fields, the page's CSRF token and `fields`.
 */
export async function press(browser: Browser, caseId: string, step: string, fields: Record<string, string>) {
  const page = await browser.get(`/workbench/cases/${caseId}`);
  const form = formOf(page.body, step);
  return browser.post(form.action, { ...form.values, _csrf: csrfOf(page.body), ...fields });
}
