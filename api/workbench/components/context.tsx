/**
 * What every page of the workbench shares: the settings, the API called as the signed-in person, the session, the
 * layout. The pages' routes are in session.tsx, cases.tsx, statistics.tsx and public.tsx; index.tsx registers them.
 * The sessions themselves (kept in the case store) are in sessions.ts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { roles as allRoles, transferRecipients } from '../../../workflows/domain';
import type { KindRegistry } from '../../../workflows/engine/kind';
import type { StepSpec, Step } from '../../../workflows/engine/contract';
import type { ApiConfig } from '../../config';
import type { ErrorBody } from '../../plugins/app/errors';
import { codecRoles } from '../../routes/codec';
import type { UnitOptions } from './forms';
import type { Section, Session } from './layout';
import { Layout, page, unitOptionLabel } from './layout';
import { OidcSignIn, oidcSettingsProblem } from '../session/oidc';
import { validationBundle } from '../validation-bundle';
import { SessionEndedError, WorkbenchSessions, sessionCookie } from '../session/sessions';
import { Type } from '@sinclair/typebox';
import { workbenchBase } from '../../../lib/channels/links';

export { sessionCookie };
export const base = workbenchBase;

/** Where local sign-in may send a person after signing in: a page of the workbench, nothing else. */
export const safeNext = (next: unknown): string =>
  typeof next === 'string' && /^\/workbench(\/[^\\]*)?$/.test(next) && !next.startsWith('//') ? next : `${base}/`;

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
}

/** A refusal as the API answers it (api/plugins/app/errors.ts), read where the answer may be one. */
export type ApiError = Partial<ErrorBody>;

export type AnyStep = Step<string, StepSpec>;

export const anchorOf = (path: string) => `step-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;

/** What the pages offer of the registered kinds (workflows/kinds.ts): none of them is named here. */
export function kindChoices(kinds: KindRegistry) {
  return {
    /** The kind of a record by its id (`patrol-2026-…`), if it keeps one. */
    kindOf(caseId: string) {
      const found = kinds.ofId(caseId);
      return found?.record ? { kind: found.kind, contract: found.contract, module: found } : undefined;
    },
    /** What officials call a kind (巡查, 督查, 群众举报 …). */
    kindLabel: (kind: string): string => kinds.get(kind)?.label ?? kind,
    /** Every kind with a record that `role` sees something of (the to-do list's filter). */
    kindOptions: (role: string): Array<[string, string]> =>
      kinds.withRecords
        .filter((k) => {
          const grant = (k.record.view.sections as Record<string, 'all' | readonly string[] | undefined>)[role];
          return grant === 'all' || (grant?.length ?? 0) > 0;
        })
        .map((k): [string, string] => [k.kind, k.label]),
    /** The supervisions and patrols (the case list's filter). */
    caseKindOptions: kinds.listed.map((k): [string, string] => [k.kind, k.label]),
    /** The stages of the listed kinds, each name once. */
    stageOptions: [...new Map<string, string>(kinds.listed.flatMap((k) => Object.entries(k.record.stageLabels)))],
  };
}

export const yearOf = (caseId: string) => /-([0-9]{4})(-|$)/.exec(caseId)?.[1];

export interface WorkbenchOptions {
  config: ApiConfig;
  /** Today's clock (tests on the time-skipping server); default `Date.now`. */
  clock?: () => number | Promise<number>;
}

export function createContext(app: FastifyInstance, opts: WorkbenchOptions) {
  const { config } = opts;
  const yellowDays = config.WORKBENCH_YELLOW_DAYS;
  const localSignIn = Boolean(config.AUTH_JWT_SECRET && !config.AUTH_JWKS_URL && config.WORKBENCH_LOCAL_SIGNIN);
  const now = async () => (opts.clock ? await opts.clock() : Date.now());
  const oidcProblem = oidcSettingsProblem(config);
  if (oidcProblem) throw new Error(oidcProblem);
  const oidc = config.OIDC_ISSUER ? new OidcSignIn(config) : undefined;
  const sessions = new WorkbenchSessions(config, app.store);

  /**
   * Every POST of the workbench carries the CSRF token of the page it came from: its secret is in the session once
   * signed in, in a signed cookie before (index.tsx registers the protection once for each).
   */
  const checkCsrf = (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) =>
    request.server.csrfProtection(request, reply, done);

  // The browser checks each form with the schema the API checks its request with: every step of the contracts here,
  // the forms on pages of their own where they are built.
  const validation = validationBundle();
  for (const { kind, contract } of app.kinds.withRecords) {
    for (const step of Object.values(contract.steps)) {
      if (!step.internal) validation.register(`${kind}.${step.name}`, Type.Omit(step.input, step.pathParams));
    }
  }

  // Each page's calls to the API are counted per person by the API's own limit; the pages themselves are not.
  const noLimit = { rateLimit: false as const };

  // The registry is read once at start: its options are built once.
  const unitOptions: UnitOptions = [...app.units.values()].map((u) => [u.code, unitOptionLabel(u)]);
  const units = (): UnitOptions => unitOptions;
  const unitName = (code: string): string | undefined =>
    app.units.get(code)?.name ?? Object.values(transferRecipients).find((r) => r.unit === code)?.name ?? undefined;

  /**
   * One call of the API in-process, as the signed-in person (the page's token) or, for public pages, as nobody; the
   * body JSON (`body`) or a multipart form with files (`form`).
   */
  async function call<T>(
    request: FastifyRequest,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    o: { body?: unknown; form?: FormData; key?: string | undefined; asPerson: boolean },
  ): Promise<ApiAnswer<T>> {
    const token = o.asPerson ? await personToken(request) : undefined;
    const encoded = o.form ? new Response(o.form) : undefined;
    const payload = encoded
      ? { type: encoded.headers.get('content-type')!, bytes: Buffer.from(await encoded.arrayBuffer()) }
      : o.body !== undefined
        ? { type: 'application/json', bytes: JSON.stringify(o.body) }
        : undefined;
    const res = await inProcess(
      request,
      method,
      url,
      token,
      {
        ...(payload ? { 'content-type': payload.type } : {}),
        ...(o.key ? { 'idempotency-key': o.key } : {}),
      },
      payload?.bytes,
    );
    let parsed: unknown;
    try {
      parsed = res.json();
    } catch {
      parsed = {};
    }
    return { status: res.statusCode, body: parsed as T };
  }

  /**
   * The API in-process, from this page's client address, with the page's request id and the process's secret (so the
   * API's entry in the audit trail names the page's request), as `token`'s person or as nobody.
   */
  const inProcess = (
    request: FastifyRequest,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    token: string | undefined,
    headers: Record<string, string> = {},
    payload?: string | Buffer,
  ) =>
    app.inject({
      method,
      url,
      remoteAddress: request.ip,
      headers: {
        'x-in-process': app.inProcessSecret,
        'x-parent-request-id': request.id,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      ...(payload !== undefined ? { payload } : {}),
    });

  /** A GET of the API as the signed-in person, answered as it came (a file, a document, a CSV: bytes and headers). */
  const callRaw = async (request: FastifyRequest, method: 'GET', url: string) =>
    inProcess(request, method, url, await personToken(request));

  /** One call of the API with a JSON body (or none). Public pages call it as nobody, whoever is signed in. */
  const api = <T,>(
    request: FastifyRequest,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    body?: unknown,
    key?: string,
    asPerson = true,
  ): Promise<ApiAnswer<T>> => call<T>(request, method, url, { body, key, asPerson });

  /** A multipart body (files) to the API as the signed-in person (public pages: as nobody). */
  const apiMultipart = <T,>(request: FastifyRequest, url: string, form: FormData, key?: string, asPerson = true) =>
    call<T>(request, 'POST', url, { form, key, asPerson });

  /** The sign-in page, then back to this page (a form's page: the workbench's first page). */
  const signInUrl = (request: FastifyRequest, why?: string) =>
    `${base}/signin?next=${encodeURIComponent(safeNext(request.method === 'GET' ? request.url : base))}${why ? `&why=${why}` : ''}`;

  /** To sign in again, the session's cookie forgotten: an ended session, or a token the API no longer accepts. */
  const sessionEnded = (request: FastifyRequest, reply: FastifyReply) =>
    reply.clearCookie(sessionCookie, sessions.cookie).redirect(signInUrl(request, 'expired'), 303);

  /**
   * onRequest of every page that needs a person: a live session (@fastify/session found it in the store, not ended,
   * not idle too long, not past its end), and its token verified as the API verifies it.
   */
  async function signedIn(request: FastifyRequest, reply: FastifyReply) {
    const { token } = request.session;
    if (!token) {
      return request.cookies[sessionCookie] ? sessionEnded(request, reply) : reply.redirect(signInUrl(request), 303);
    }
    request.headers.authorization = `Bearer ${token}`;
    try {
      await app.requireRole(...allRoles).call(app, request, reply);
      // The page is not an entry of the audit trail; each call it makes to the API is.
      request.auditNote = null;
    } catch {
      request.auditNote = null;
      await sessions.refused(request.session.sessionId);
      return sessionEnded(request, reply);
    }
  }

  /**
   * The signed-in person's token for a call of the API, once the store says the session is still live: a page that
   * began before its session ended (signed out in another tab, ended from the person's list) makes no call after.
   */
  async function personToken(request: FastifyRequest): Promise<string> {
    const { token, sessionId } = request.session;
    if (token && sessionId && (await sessions.live(sessionId))) return token;
    throw new SessionEndedError('登录已过期或已失效，请重新登录。');
  }

  const sessionOf = async (request: FastifyRequest, reply: FastifyReply): Promise<Session> => ({
    actor: request.actor,
    csrf: reply.generateCsrf(),
    operator: codecRoles.includes(request.actor.role),
  });

  const html = (reply: FastifyReply, body: string, status = 200) =>
    reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);

  const layout = async (
    request: FastifyRequest,
    reply: FastifyReply,
    o: { title: string; active?: Section; notice?: string; status?: number },
    content: ComponentChildren | ((session: Session) => ComponentChildren),
  ) => {
    const session = await sessionOf(request, reply);
    const unit = request.actor.unit ? unitName(request.actor.unit) : undefined;
    return html(
      reply,
      page(
        <Layout
          title={o.title}
          session={session}
          {...(unit ? { unitName: unit } : {})}
          {...(o.active ? { active: o.active } : {})}
          {...(o.notice ? { notice: o.notice } : {})}
        >
          {typeof content === 'function' ? content(session) : content}
        </Layout>,
      ),
      o.status,
    );
  };

  /**
   * A new session for a verified token, under a new id (any session the browser had ends); @fastify/session keeps it
   * in the store and sets its cookie with the answer. False where its Secure cookie could not be set: PUBLIC_URL is
   * https and this request came over plain http (a proxy not named in TRUST_PROXY, or the API's port reached directly).
   */
  async function startSession(request: FastifyRequest, token: string): Promise<boolean> {
    if (sessions.secure && request.protocol !== 'https') {
      request.log.warn('workbench: sign-in over plain http while PUBLIC_URL is https (is the proxy in TRUST_PROXY?)');
      return false;
    }
    await request.session.regenerate();
    Object.assign(
      request.session,
      sessions.fieldsFor(token, { address: request.ip, agent: request.headers['user-agent'] ?? '' }),
    );
    await sessions.purge();
    await sessions.remember(token);
    await app.auditTrail.record(request, { actor: sessions.actorOf(token), access: 'sign-in', outcome: 'allowed' });
    return true;
  }
  return {
    ...kindChoices(app.kinds),
    config,
    yellowDays,
    localSignIn,
    now,
    oidc,
    checkCsrf,
    apiMultipart,
    validation,
    noLimit,
    units,
    unitName,
    api,
    callRaw,
    signInUrl,
    signedIn,
    sessionEnded,
    personToken,
    sessions,
    sessionOf,
    html,
    layout,
    startSession,
  };
}

export type Workbench = ReturnType<typeof createContext>;
