/**
 * What every page of the workbench shares: the settings, the API called as the signed-in person, the session, the
 * layout. The pages' routes are in session.tsx, cases.tsx, statistics.tsx and public.tsx; index.tsx registers them.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { patrolStageLabels, supervisionStageLabels, transferRecipients } from '../../workflows/domain';
import type { StepSpec, Step } from '../../workflows/shared/contract';
import type { ApiConfig } from '../config';
import type { ErrorBody } from '../plugins/app/errors';
import { codecRoles } from '../routes/codec';
import { recordContracts } from '../plugins/app/cases';
import type { UnitOptions } from './forms';
import type { Section, Session } from './pages';
import { Layout, page, unitOptionLabel } from './pages';
import { OidcSignIn, oidcSettingsProblem } from './oidc';
import { validationBundle } from './validation-bundle';
import { Type } from '@sinclair/typebox';
import { workbenchBase } from '../../lib/links';

export const sessionCookie = 'workbench_session';
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

/** The kind of a record by its id (`patrol-2026-…`), as the contracts name them. */
export const contractOf = (caseId: string) => {
  const kind = (Object.keys(recordContracts) as Array<keyof typeof recordContracts>).find((k) =>
    caseId.startsWith(`${k}-`),
  );
  return kind ? { kind, contract: recordContracts[kind] } : undefined;
};

export const anchorOf = (path: string) => `step-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;

export const stageOptions: Array<[string, string]> = [
  ...new Map<string, string>([
    ...Object.entries(patrolStageLabels),
    ...Object.entries(supervisionStageLabels).map(([k, v]) => [k, v] as [string, string]),
  ]),
].map(([k, v]) => [k, v]);

export const kindOptions: Array<[string, string]> = [
  ['patrol', '巡查'],
  ['supervision', '督查'],
  ['public-report', '群众举报'],
  ['nomination', '全国脱贫攻坚奖推荐对象'],
  ['award-round', '全国脱贫攻坚奖推荐工作'],
];

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

  /** Every POST of the workbench carries the CSRF token of the page it came from. */
  const checkCsrf = (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) =>
    app.csrfProtection(request, reply, done);

  // The browser checks each form with the schema the API checks its request with: every step of the contracts here,
  // the forms on pages of their own where they are built.
  const validation = validationBundle();
  for (const [kind, contract] of Object.entries(recordContracts)) {
    for (const step of Object.values(contract.steps as Record<string, AnyStep>)) {
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
    method: 'GET' | 'POST',
    url: string,
    o: { body?: unknown; form?: FormData; key?: string | undefined; asPerson: boolean },
  ): Promise<ApiAnswer<T>> {
    const token = o.asPerson ? request.cookies[sessionCookie] : undefined;
    const encoded = o.form ? new Response(o.form) : undefined;
    const payload = encoded
      ? { type: encoded.headers.get('content-type')!, bytes: Buffer.from(await encoded.arrayBuffer()) }
      : o.body !== undefined
        ? { type: 'application/json', bytes: JSON.stringify(o.body) }
        : undefined;
    const res = await app.inject({
      method,
      url,
      remoteAddress: request.ip,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(payload ? { 'content-type': payload.type } : {}),
        ...(o.key ? { 'idempotency-key': o.key } : {}),
      },
      ...(payload ? { payload: payload.bytes } : {}),
    });
    let parsed: unknown;
    try {
      parsed = res.json();
    } catch {
      parsed = {};
    }
    return { status: res.statusCode, body: parsed as T };
  }

  /** One call of the API with a JSON body (or none). Public pages call it as nobody, whoever is signed in. */
  const api = <T,>(
    request: FastifyRequest,
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
    key?: string,
    asPerson = true,
  ): Promise<ApiAnswer<T>> => call<T>(request, method, url, { body, key, asPerson });

  /** A multipart body (files) to the API as the signed-in person. */
  const apiMultipart = <T,>(request: FastifyRequest, url: string, form: FormData, key?: string) =>
    call<T>(request, 'POST', url, { form, key, asPerson: true });

  const signInUrl = (request: FastifyRequest, why?: string) =>
    `${base}/signin?next=${encodeURIComponent(safeNext(request.url))}${why ? `&why=${why}` : ''}`;

  /** onRequest of every page that needs a person: the cookie's token, verified as the API verifies it. */
  async function signedIn(request: FastifyRequest, reply: FastifyReply) {
    const token = request.cookies[sessionCookie];
    if (!token) return reply.redirect(signInUrl(request), 303);
    request.headers.authorization = `Bearer ${token}`;
    try {
      await app.requireRole().call(app, request, reply);
    } catch {
      return reply.clearCookie(sessionCookie, { path: base }).redirect(signInUrl(request, 'expired'), 303);
    }
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

  /** The session cookie of a verified token, until the token's `exp`. */
  const startSession = (request: FastifyRequest, reply: FastifyReply, token: string) => {
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number };
    return reply.setCookie(sessionCookie, token, {
      path: base,
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      expires: new Date(exp * 1000),
    });
  };
  return {
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
    signInUrl,
    signedIn,
    sessionOf,
    html,
    layout,
    startSession,
  };
}

export type Workbench = ReturnType<typeof createContext>;
