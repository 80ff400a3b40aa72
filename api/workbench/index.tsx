/**
 * The officials' workbench (工作台): web pages under /workbench, served by the API process, in Chinese. A page is a
 * client of the API: it calls the API's own routes in-process (`app.inject`) with the signed-in person's token, and
 * shows what the API answered, so need to know is the API's and nothing is hidden only in the browser. Steps are forms
 * generated from the kinds' contracts (forms.tsx); a submitted form becomes the step's JSON body, sent with an
 * `Idempotency-Key` issued with the form (a form sent twice takes effect once).
 *
 * Sessions: a cookie (HttpOnly, SameSite=Lax, path /workbench) holds the bearer token; every POST carries a CSRF token
 * (@fastify/csrf-protection). Local sign-in (pick a role, unit or group) signs a token with `AUTH_JWT_SECRET`, and only
 * exists where the API runs with that secret and `WORKBENCH_LOCAL_SIGNIN` is on.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import csrf from '@fastify/csrf-protection';
import { Type } from '@sinclair/typebox';
import type { Actor } from '../../workflows/domain';
import {
  patrolStageLabels,
  roles as allRoles,
  supervisionStageLabels,
  transferRecipients,
} from '../../workflows/domain';
import type { StepSpec, Step } from '../../workflows/shared/contract';
import { stepPath } from '../../workflows/shared/contract';
import type { CaseRecord } from '../../workflows/shared/record';
import type { CaseFile } from '../../workflows/shared/files';
import { fileSectionLabels } from '../../workflows/shared/files';
import { signToken, tokenRequest } from '../../lib/tokens';
import type { ApiConfig } from '../config';
import { codecRoles } from '../routes/codec';
import { ProposePatrolBody } from '../routes/patrols';
import { FilingSchema } from '../routes/public-reports';
import type { BulletinEntry, ChartSpec } from './pages';
import { chartsScript } from './charts';
import { recordContracts, resourceOf } from '../plugins/app/cases';
import type { CaseSummary, Task } from '../plugins/app/cases';
import type { PersonEvent } from '../../lib/store/case-store';
import type { FieldErrors, FormBody, UnitOptions } from './forms';
import { formFields, readForm, refusalPlacement } from './forms';
import { dueStatus, todayIn } from './format';
import { stepCitation, stepLabel } from './labels';
import type { CaseRow, DoneItem, Filters, InboxItem, Section, Session, StepForm } from './pages';
import {
  Bulletin,
  CaseList,
  CasePage,
  Documents,
  PublicForm,
  Receipt,
  ReportStatus,
  Statistics,
  Done,
  ErrorPage,
  FilterForm,
  Inbox,
  Layout,
  ProposeForm,
  SignIn,
  kindLabel,
  page,
  unitOptionLabel,
} from './pages';
import { deadlineItems, eventItems, partyLabel, recordSections } from './record';
import { workbenchCss } from './styles';
import type { OidcTransaction } from './oidc';
import { OidcSignIn, oidcSettingsProblem } from './oidc';

export const sessionCookie = 'workbench_session';
const base = '/workbench';

/** Where local sign-in may send a person after signing in: a page of the workbench, nothing else. */
const safeNext = (next: unknown): string =>
  typeof next === 'string' && /^\/workbench(\/[^\\]*)?$/.test(next) && !next.startsWith('//') ? next : `${base}/`;

interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
}

interface ApiError {
  message?: string;
  code?: string;
}

type AnyStep = Step<string, StepSpec>;

/** The kind of a record by its id (`patrol-2026-…`), as the contracts name them. */
const contractOf = (caseId: string) => {
  const kind = (Object.keys(recordContracts) as Array<keyof typeof recordContracts>).find((k) =>
    caseId.startsWith(`${k}-`),
  );
  return kind ? { kind, contract: recordContracts[kind] } : undefined;
};

const anchorOf = (path: string) => `step-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;

const stageOptions: Array<[string, string]> = [
  ...new Map<string, string>([
    ...Object.entries(patrolStageLabels),
    ...Object.entries(supervisionStageLabels).map(([k, v]) => [k, v] as [string, string]),
  ]),
].map(([k, v]) => [k, v]);

const kindOptions: Array<[string, string]> = [
  ['patrol', '巡查'],
  ['supervision', '督查'],
  ['public-report', '群众举报'],
  ['nomination', '全国脱贫攻坚奖推荐对象'],
  ['award-round', '全国脱贫攻坚奖推荐工作'],
];

const yearOf = (caseId: string) => /-([0-9]{4})(-|$)/.exec(caseId)?.[1];

export interface WorkbenchOptions {
  config: ApiConfig;
  /** Today's clock (tests on the time-skipping server); default `Date.now`. */
  clock?: () => number | Promise<number>;
}

export default async function workbench(app: FastifyInstance, opts: WorkbenchOptions) {
  const { config } = opts;
  const yellowDays = config.WORKBENCH_YELLOW_DAYS;
  const localSignIn = Boolean(config.AUTH_JWT_SECRET && !config.AUTH_JWKS_URL && config.WORKBENCH_LOCAL_SIGNIN);
  const now = async () => (opts.clock ? await opts.clock() : Date.now());
  const oidcProblem = oidcSettingsProblem(config);
  if (oidcProblem) throw new Error(oidcProblem);
  const oidc = config.OIDC_ISSUER ? new OidcSignIn(config) : undefined;

  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 256 * 1024 });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'workbench_csrf',
    cookieOpts: { path: base, sameSite: 'strict', httpOnly: true },
  });

  /** Every POST of the workbench carries the CSRF token of the page it came from. */
  const checkCsrf = (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) =>
    app.csrfProtection(request, reply, done);

  // Each page's calls to the API are counted per person by the API's own limit; the pages themselves are not.
  const noLimit = { rateLimit: false as const };

  const units = (): UnitOptions => [...app.units.values()].map((u) => [u.code, unitOptionLabel(u)] as [string, string]);
  const unitName = (code: string): string | undefined =>
    app.units.get(code)?.name ?? Object.values(transferRecipients).find((r) => r.unit === code)?.name ?? undefined;

  /** One call of the API as the signed-in person (the page's token), in-process. */
  async function api<T>(
    request: FastifyRequest,
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
    key?: string,
    /** Public pages call the API as nobody, whoever is signed in. */
    asPerson = true,
  ): Promise<ApiAnswer<T>> {
    const token = asPerson ? request.cookies[sessionCookie] : undefined;
    const res = await app.inject({
      method,
      url,
      remoteAddress: request.ip,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(key ? { 'idempotency-key': key } : {}),
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    let parsed: unknown;
    try {
      parsed = res.json();
    } catch {
      parsed = {};
    }
    return { status: res.statusCode, body: parsed as T };
  }

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

  // An error on a page is a page, in Chinese, never a stack or a JSON body.
  app.setErrorHandler((err: Error & { statusCode?: number }, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status >= 500) request.log.error({ err }, 'workbench page failed');
    const message =
      status === 403 && /csrf/i.test(err.message)
        ? '页面已过期（安全校验未通过），请返回上一页刷新后重新提交。'
        : status >= 500
          ? '系统暂时无法完成此操作，请稍后再试。'
          : err.message && /[\p{Script=Han}]/u.test(err.message)
            ? err.message
            : '请求无法处理。';
    return html(reply, page(<Layout title="无法完成">{<ErrorPage message={message} />}</Layout>), status);
  });

  app.get(`${base}/assets/workbench.css`, { config: noLimit, schema: { hide: true } }, (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(workbenchCss),
  );

  const echartsFile = require.resolve('echarts/dist/echarts.min.js');
  app.get(`${base}/assets/echarts.min.js`, { config: noLimit, schema: { hide: true } }, (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=86400')
      .send(createReadStream(echartsFile)),
  );
  app.get(`${base}/assets/charts.js`, { config: noLimit, schema: { hide: true } }, (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(chartsScript),
  );

  app.get('/', { config: noLimit, schema: { hide: true } }, (_request, reply) => reply.redirect(`${base}/`, 302));
  app.get(base, { config: noLimit, schema: { hide: true } }, (_request, reply) => reply.redirect(`${base}/`, 302));

  // ---- sign-in and sign-out ----

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

  const signInRoles = allRoles.filter((r) => r !== 'public');
  const signInUnits: Array<[string, string]> = [
    ...units(),
    ...Object.values(transferRecipients).map((r) => [r.unit, r.name] as [string, string]),
  ];

  const signInPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    next: string,
    o: { error?: string; values?: Record<string, string>; status?: number; notice?: string } = {},
  ) =>
    html(
      reply,
      page(
        <Layout title="登录" {...(o.notice ? { notice: o.notice } : {})}>
          {oidc ? (
            <p>
              <a class="button" href={`${base}/signin/oidc?next=${encodeURIComponent(next)}`}>
                使用统一身份认证登录
              </a>
            </p>
          ) : null}
          {o.error && !localSignIn ? <ErrorPage message={o.error} /> : null}
          {localSignIn ? (
            <SignIn
              next={next}
              csrf={reply.generateCsrf()}
              units={signInUnits}
              roles={signInRoles}
              {...(o.error ? { error: o.error } : {})}
              {...(o.values ? { values: o.values } : {})}
            />
          ) : oidc ? null : (
            <ErrorPage message="本系统没有可用的登录方式：本地登录已关闭，也没有配置统一身份认证（OIDC_ISSUER）。" />
          )}
        </Layout>,
      ),
      o.status,
    );

  app.get<{ Querystring: { next?: string; why?: string } }>(
    `${base}/signin`,
    { config: noLimit, schema: { hide: true } },
    async (request, reply) =>
      signInPage(request, reply, safeNext(request.query.next), {
        ...(request.query.why === 'expired' ? { notice: '登录已过期或已失效，请重新登录。' } : {}),
        ...(request.query.why === 'signed-out' ? { notice: '已退出登录。' } : {}),
      }),
  );

  app.post<{ Body: Record<string, string> }>(
    `${base}/signin`,
    { config: noLimit, schema: { hide: true }, preHandler: checkCsrf },
    async (request, reply) => {
      const body = request.body ?? {};
      const next = safeNext(body.next);
      if (!localSignIn) return signInPage(request, reply, next, { status: 404 });
      const values = { name: body.name ?? '', role: body.role ?? '', unit: body.unit ?? '', group: body.group ?? '' };
      const name = values.name.trim();
      if (!name) return signInPage(request, reply, next, { error: '请填写姓名', values, status: 422 });
      let signed: string;
      try {
        const { claims, expiresIn } = tokenRequest(
          {
            role: values.role,
            name,
            ...(values.unit ? { unit: values.unit } : {}),
            ...(values.group.trim() ? { group: values.group.trim() } : {}),
            sub: `local:${values.role}:${values.unit || values.group.trim() || 'province'}:${name}`,
            expires: config.AUTH_MAX_TOKEN_LIFETIME,
          },
          app.units,
          config.AUTH_MAX_TOKEN_LIFETIME,
        );
        const token = signToken(config.AUTH_JWT_SECRET!, claims, expiresIn, {
          ...(config.AUTH_ISSUER ? { iss: config.AUTH_ISSUER } : {}),
          ...(config.AUTH_AUDIENCE ? { aud: config.AUTH_AUDIENCE } : {}),
        });
        signed = token;
      } catch (err) {
        const message = (err as Error).message;
        const error = /--role/.test(message)
          ? '请选择身份'
          : /--unit/.test(message)
            ? '此身份须选择所在单位'
            : /--group/.test(message)
              ? '组长须填写组号'
              : '身份、单位或组号不符合要求，请检查后重新登录';
        return signInPage(request, reply, next, { error, values, status: 422 });
      }
      request.log.info({ role: values.role }, 'workbench: local sign-in');
      return startSession(request, reply, signed).redirect(next, 303);
    },
  );

  // ---- sign-in through the identity provider (OpenID Connect, code flow with PKCE) ----

  const oidcCookie = 'workbench_oidc';
  const callbackPath = `${base}/signin/callback`;
  const publicBase = (request: FastifyRequest) =>
    config.PUBLIC_URL?.replace(/\/$/, '') ?? `${request.protocol}://${request.host}`;

  app.get<{ Querystring: { next?: string } }>(
    `${base}/signin/oidc`,
    { config: noLimit, schema: { hide: true } },
    async (request, reply) => {
      const next = safeNext(request.query.next);
      if (!oidc) return signInPage(request, reply, next, { status: 404 });
      let started;
      try {
        started = await oidc.start(`${publicBase(request)}${callbackPath}`, next);
      } catch (err) {
        request.log.warn({ err }, 'workbench: the identity provider did not answer');
        return signInPage(request, reply, next, { error: '统一身份认证服务暂时无法连接，请稍后再试。', status: 503 });
      }
      return reply
        .setCookie(oidcCookie, Buffer.from(JSON.stringify(started.transaction)).toString('base64url'), {
          path: callbackPath,
          httpOnly: true,
          sameSite: 'lax',
          secure: request.protocol === 'https',
          maxAge: 600,
        })
        .redirect(started.url, 303);
    },
  );

  app.get(callbackPath, { config: noLimit, schema: { hide: true } }, async (request, reply) => {
    if (!oidc) return signInPage(request, reply, `${base}/`, { status: 404 });
    let transaction: OidcTransaction | undefined;
    try {
      transaction = JSON.parse(
        Buffer.from(request.cookies[oidcCookie] ?? '', 'base64url').toString(),
      ) as OidcTransaction;
    } catch {
      transaction = undefined;
    }
    reply.clearCookie(oidcCookie, { path: callbackPath });
    if (!transaction?.state || !transaction.verifier) {
      return signInPage(request, reply, `${base}/`, { error: '登录已超时或已使用过，请重新登录。', status: 400 });
    }
    const next = safeNext(transaction.next);
    let token: string;
    try {
      token = await oidc.finish(
        new URL(`${publicBase(request)}${request.url}`),
        `${publicBase(request)}${callbackPath}`,
        transaction,
      );
    } catch (err) {
      request.log.warn(
        { err: { name: (err as Error).name, message: (err as Error).message } },
        'workbench: OIDC sign-in failed',
      );
      return signInPage(request, reply, next, { error: '统一身份认证登录未成功，请重新登录。', status: 400 });
    }
    // The token must be one the API accepts, with a role, unit and group it knows: checked as the API checks it.
    request.headers.authorization = `Bearer ${token}`;
    try {
      await app.requireRole().call(app, request, reply);
    } catch (err) {
      const why = (err as Error).message;
      return signInPage(request, reply, next, {
        error: `统一身份认证的令牌不被本系统接受：${/\p{Script=Han}/u.test(why) ? why : '身份信息不完整'}。请联系管理员。`,
        status: 403,
      });
    }
    request.log.info({ role: request.actor.role }, 'workbench: OIDC sign-in');
    return startSession(request, reply, token).redirect(next, 303);
  });

  app.post(`${base}/signout`, { config: noLimit, schema: { hide: true }, preHandler: checkCsrf }, (_request, reply) =>
    reply.clearCookie(sessionCookie, { path: base }).redirect(`${base}/signin?why=signed-out`, 303),
  );

  // ---- 我的待办 ----

  const filtersOf = (q: Record<string, string | undefined>): Filters => ({
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.unit ? { unit: q.unit } : {}),
    ...(q.stage ? { stage: q.stage } : {}),
    ...(q.year && /^[0-9]{4}$/.test(q.year) ? { year: q.year } : {}),
  });

  const years = (ids: string[]) => [...new Set(ids.map(yearOf).filter((y): y is string => Boolean(y)))].sort();

  app.get<{ Querystring: Record<string, string | undefined> }>(
    `${base}/`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn },
    async (request, reply) => {
      const answer = await api<{ tasks: Task[] }>(request, 'GET', '/my/tasks');
      if (answer.status === 403) {
        return layout(
          request,
          reply,
          { title: '我的待办', active: 'inbox' },
          <p class="empty">您的身份没有待办事项。</p>,
        );
      }
      if (answer.status !== 200)
        throw Object.assign(new Error('待办事项暂时无法读取，请稍后再试'), { statusCode: 503 });
      const tasks = answer.body.tasks;
      const filters = filtersOf(request.query);
      const today = todayIn(await now());
      const items: InboxItem[] = tasks
        .filter(
          (t) =>
            (!filters.kind || t.kind === filters.kind) &&
            (!filters.stage || t.stage === filters.stage) &&
            (!filters.unit || t.unitName === unitName(filters.unit)) &&
            (!filters.year || yearOf(t.caseId) === filters.year),
        )
        .map((t) => {
          const stepUrl = t.url.slice(t.url.indexOf(`/${t.caseId}/`) + t.caseId.length + 2);
          return {
            caseId: t.caseId,
            caseTitle: `对${t.unitName}的${kindLabel(t.kind)}`,
            kindLabel: kindLabel(t.kind),
            unitName: t.unitName,
            stageLabel: t.stageLabel,
            label: t.label,
            ...(t.handler ? { handler: t.handler } : {}),
            step: t.step,
            href: `${base}/cases/${encodeURIComponent(t.caseId)}#${anchorOf(stepUrl)}`,
            ...(t.dueDate ? { dueDate: t.dueDate, due: dueStatus(t.dueDate, today, yellowDays, t.overdue) } : {}),
          };
        });
      const filterForm = (
        <FilterForm
          action={`${base}/`}
          filters={filters}
          kinds={kindOptions}
          units={units()}
          stages={stageOptions}
          years={years(tasks.map((t) => t.caseId))}
        />
      );
      return layout(
        request,
        reply,
        { title: '我的待办', active: 'inbox' },
        <Inbox items={items} total={tasks.length} yellowDays={yellowDays} filterForm={filterForm} />,
      );
    },
  );

  // ---- 我的已办 ----

  app.get(`${base}/done`, { config: noLimit, schema: { hide: true }, onRequest: signedIn }, async (request, reply) => {
    const answer = await api<{ done: PersonEvent[] }>(request, 'GET', '/my/done');
    if (answer.status !== 200) throw Object.assign(new Error('已办事项暂时无法读取，请稍后再试'), { statusCode: 503 });
    const items: DoneItem[] = answer.body.done.map((d) => ({
      caseTitle: `对${d.unitName}的${kindLabel(d.kind)}`,
      href: `${base}/cases/${encodeURIComponent(d.caseId)}`,
      at: d.at,
      summary: d.summary,
      closed: d.closed,
    }));
    return layout(request, reply, { title: '我的已办', active: 'done' }, <Done items={items} />);
  });

  // ---- 督查巡查 ----

  app.get<{ Querystring: Record<string, string | undefined> }>(
    `${base}/cases`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn },
    async (request, reply) => {
      const filters = filtersOf(request.query);
      const query = new URLSearchParams({ limit: '200' });
      if (filters.kind === 'patrol' || filters.kind === 'supervision') query.set('kind', filters.kind);
      if (filters.stage) query.set('stage', filters.stage);
      if (filters.unit) query.set('unit', filters.unit);
      const answer = await api<{ cases: CaseSummary[] } & ApiError>(request, 'GET', `/cases?${query}`);
      if (answer.status === 403) {
        return layout(
          request,
          reply,
          { title: '督查巡查', active: 'cases' },
          <p class="empty">{answer.body.message}</p>,
        );
      }
      if (answer.status !== 200) {
        throw Object.assign(new Error(answer.body.message ?? '列表暂时无法读取，请稍后再试'), {
          statusCode: answer.status === 400 ? 400 : 503,
        });
      }
      const own = request.actor;
      const rows: CaseRow[] = answer.body.cases
        .filter((c) => !filters.year || yearOf(c.caseId) === filters.year)
        .map((c) => ({
          caseId: c.caseId,
          title: `对${unitName(c.targetUnit) ?? c.targetUnit}的${kindLabel(c.kind)}`,
          kindLabel: kindLabel(c.kind),
          stageLabel:
            (c.kind === 'patrol'
              ? (patrolStageLabels as Record<string, string>)[c.stage]
              : (supervisionStageLabels as Record<string, string>)[c.stage]) ?? c.stage,
          href: `${base}/cases/${encodeURIComponent(c.caseId)}`,
          startedAt: c.startedAt,
          closed: c.status !== 'RUNNING',
          awaitingMe: c.awaiting.some((tag) => tag.startsWith(own.role)),
          ...(c.overdue !== undefined ? { overdue: c.overdue } : {}),
          ...(c.dueAt ? { dueAt: c.dueAt } : {}),
        }));
      const filterForm = (
        <FilterForm
          action={`${base}/cases`}
          filters={filters}
          kinds={kindOptions.slice(0, 2)}
          units={units()}
          stages={stageOptions}
          years={years(answer.body.cases.map((c) => c.caseId))}
        />
      );
      return layout(
        request,
        reply,
        { title: '督查巡查', active: 'cases' },
        <CaseList rows={rows} filterForm={filterForm} />,
      );
    },
  );

  // ---- one case, and its steps as forms ----

  const awaitedBy = (a: { role: string; unit?: string; group?: string }, actor: Actor) =>
    a.role === actor.role && (!a.unit || a.unit === actor.unit) && (!a.group || a.group === actor.group);

  function stepForm(
    caseId: string,
    spec: AnyStep,
    params: Record<string, string | number>,
    awaited: boolean,
  ): StepForm | undefined {
    let fields;
    try {
      fields = formFields(spec.input, spec.pathParams);
    } catch {
      return undefined; // a step the labels do not cover (the forms test fails on it) is not offered
    }
    const path = stepPath(spec, params);
    return {
      step: spec.name,
      anchor: anchorOf(path),
      title: stepLabel(spec) ?? spec.name,
      ...(stepCitation(spec.summary) ? { citation: stepCitation(spec.summary)! } : {}),
      awaited,
      action: `${base}/cases/${encodeURIComponent(caseId)}/steps/${spec.name}`,
      params: Object.fromEntries(spec.pathParams.map((p) => [p, String(params[p] ?? '')])),
      fields,
      idempotencyKey: `wb-${randomUUID()}`,
    };
  }

  interface Retry {
    anchor: string;
    values: FormBody;
    errors?: FieldErrors;
    refusal?: string;
    status: number;
    idempotencyKey: string;
  }

  async function casePage(request: FastifyRequest, reply: FastifyReply, caseId: string, retry?: Retry) {
    const found = contractOf(caseId);
    const answer = found
      ? await api<CaseRecord & Record<string, unknown> & ApiError>(
          request,
          'GET',
          `/${resourceOf(caseId)}/${encodeURIComponent(caseId)}`,
        )
      : { status: 404, body: {} as ApiError };
    if (answer.status === 401) return reply.redirect(signInUrl(request, 'expired'), 303);
    if (answer.status !== 200 || !found) {
      const message =
        answer.status === 404 || answer.status === 400
          ? '没有找到这个事项。它可能不存在，或者您无权查看。'
          : (answer.body.message ?? '暂时无法读取，请稍后再试。');
      return layout(
        request,
        reply,
        { title: '没有找到', status: answer.status === 400 ? 404 : answer.status },
        <ErrorPage message={message} />,
      );
    }
    const view = answer.body as CaseRecord & Record<string, unknown>;
    const actor = request.actor;
    const steps = found.contract.steps as Record<string, AnyStep>;
    const forms: StepForm[] = [];
    const awaitedAnchors = new Map<number, string>();
    view.awaiting.forEach((a, i) => {
      const spec = steps[a.step];
      if (!spec || spec.internal || !awaitedBy(a, actor)) return;
      const form = stepForm(caseId, spec, a.params ?? {}, true);
      if (!form) return;
      awaitedAnchors.set(i, form.anchor);
      if (!forms.some((f) => f.anchor === form.anchor)) forms.push(form);
      // Within the unit: sign for the item and name its handler, or hand it on (签收、转派).
      const assign = steps.assignItem;
      if (assign && a.deadlineKey && actor.role === 'unit') {
        const track = view.deadlines.find((t) => t.key === a.deadlineKey);
        const assignForm = stepForm(caseId, assign, { key: a.deadlineKey }, true);
        if (assignForm && !forms.some((f) => f.anchor === assignForm.anchor)) {
          forms.push({ ...assignForm, title: `${track?.handler ? '转派' : '签收'}：${a.label}` });
        }
      }
    });
    if (!view.closed) {
      for (const spec of Object.values(steps)) {
        if (spec.internal || spec.pathParams.length || !spec.roles.includes(actor.role)) continue;
        if (!spec.stages.includes(view.stage)) continue;
        if (spec.scope === 'own-unit' && view.targetUnit.code !== actor.unit) continue;
        if (spec.scope === 'own-group' && (view.group as { id?: string } | undefined)?.id !== actor.group) continue;
        const form = stepForm(caseId, spec, {}, false);
        if (form && !forms.some((f) => f.anchor === form.anchor)) forms.push(form);
      }
    }
    if (retry) {
      const i = forms.findIndex((f) => f.anchor === retry.anchor);
      if (i >= 0) {
        forms[i] = {
          ...forms[i]!,
          values: retry.values,
          idempotencyKey: retry.idempotencyKey,
          ...(retry.errors ? { errors: retry.errors } : {}),
          ...(retry.refusal ? { refusal: retry.refusal } : {}),
        };
      }
    }
    const today = todayIn(await now());
    const dueOf = (key?: string) => view.deadlines.find((d) => d.key === key)?.deadline.dueDate;
    const temporalUi = codecRoles.includes(actor.role)
      ? `${config.TEMPORAL_UI_URL}/namespaces/${encodeURIComponent(app.cases.namespace)}/workflows/${encodeURIComponent(caseId)}`
      : undefined;
    const done = (request.query as { done?: string }).done;
    const doneStep = done ? steps[done] : undefined;
    return layout(
      request,
      reply,
      {
        title: `对${view.targetUnit.name}的${kindLabel(view.kind)}`,
        ...(doneStep ? { notice: `已提交：${stepLabel(doneStep) ?? ''}。` } : {}),
        ...(retry ? { status: retry.status } : {}),
      },
      (session: Session) => (
        <CasePage
          title={view.targetUnit.name}
          caseId={caseId}
          stageLabel={view.stageLabel}
          closed={view.closed}
          awaiting={view.awaiting.map((a, i) => {
            const dueDate = dueOf(a.deadlineKey);
            const anchor = awaitedAnchors.get(i);
            const handler = view.deadlines.find((t) => t.key === a.deadlineKey)?.handler?.name;
            return {
              label: a.label,
              party: `${partyLabel(a, unitName)}${handler ? `，承办人：${handler}` : ''}`,
              mine: awaitedBy(a, actor),
              ...(anchor ? { anchor } : {}),
              ...(dueDate ? { dueDate, due: dueStatus(dueDate, today, yellowDays, a.overdue ?? false) } : {}),
            };
          })}
          forms={forms}
          deadlines={deadlineItems(view, today, yellowDays, unitName)}
          events={eventItems(view)}
          sections={recordSections(view)}
          {...(temporalUi ? { temporalUi } : {})}
          {...(found.kind === 'patrol' || found.kind === 'supervision'
            ? { documentsHref: `${base}/cases/${encodeURIComponent(caseId)}/documents` }
            : {})}
          files={((view.files as CaseFile[] | undefined) ?? []).map((f) => ({
            name: f.name,
            href: `${base}/files/${f.id}`,
            section: fileSectionLabels[f.section] ?? '',
            size: f.size >= 1024 * 1024 ? `${(f.size / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(f.size / 1024)} KB`,
          }))}
          csrf={session.csrf}
          units={units()}
        />
      ),
    );
  }

  app.get<{ Params: { caseId: string } }>(
    `${base}/cases/:caseId`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn },
    async (request, reply) => casePage(request, reply, request.params.caseId),
  );

  /** A file or document answered by the API for the person, passed on as it came (type, name, hash). */
  async function passOn(request: FastifyRequest, reply: FastifyReply, url: string) {
    const token = request.cookies[sessionCookie];
    const res = await app.inject({
      method: 'GET',
      url,
      remoteAddress: request.ip,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    if (res.statusCode !== 200) {
      return layout(
        request,
        reply,
        { title: '没有找到', status: res.statusCode === 401 ? 401 : 404 },
        <ErrorPage message="没有找到这份文件。它可能不存在，或者您无权查看。" />,
      );
    }
    for (const h of ['content-type', 'content-disposition', 'x-content-sha256', 'content-security-policy']) {
      const v = res.headers[h];
      if (v !== undefined) reply.header(h, v);
    }
    return reply.header('cache-control', 'private, no-store').send(res.rawPayload);
  }

  app.get<{ Params: { caseId: string } }>(
    `${base}/cases/:caseId/documents`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn },
    async (request, reply) => {
      const { caseId } = request.params;
      const caseHref = `${base}/cases/${encodeURIComponent(caseId)}`;
      const answer = await api<
        Array<{ id: string; kind: string; title: string; number?: string; date: string; draft?: boolean }>
      >(request, 'GET', `/cases/${encodeURIComponent(caseId)}/documents`);
      if (answer.status !== 200) {
        return layout(
          request,
          reply,
          { title: '没有找到', status: 404 },
          <ErrorPage message="没有找到这个事项。它可能不存在，或者您无权查看。" />,
        );
      }
      const documents = answer.body.map((d) => ({
        title: d.title,
        kind: d.kind,
        ...(d.number ? { number: d.number } : {}),
        date: d.date,
        draft: d.draft === true,
        docx: `${caseHref}/documents/${d.id}`,
        html: `${caseHref}/documents/${d.id}?format=html`,
      }));
      return layout(request, reply, { title: '公文' }, <Documents caseHref={caseHref} documents={documents} />);
    },
  );

  app.get<{ Params: { caseId: string; documentId: string }; Querystring: { format?: string } }>(
    `${base}/cases/:caseId/documents/:documentId`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn },
    async (request, reply) => {
      const { caseId, documentId } = request.params;
      const format = request.query.format === 'html' ? '?format=html' : '';
      return passOn(
        request,
        reply,
        `/cases/${encodeURIComponent(caseId)}/documents/${encodeURIComponent(documentId)}${format}`,
      );
    },
  );

  app.get<{ Params: { documentId: string } }>(
    `${base}/files/:documentId`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn },
    async (request, reply) => passOn(request, reply, `/documents/${encodeURIComponent(request.params.documentId)}`),
  );

  app.post<{ Params: { caseId: string; step: string }; Body: FormBody }>(
    `${base}/cases/:caseId/steps/:step`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn, preHandler: checkCsrf },
    async (request, reply) => {
      const { caseId, step } = request.params;
      const found = contractOf(caseId);
      const spec = found ? (found.contract.steps as Record<string, AnyStep>)[step] : undefined;
      if (!found || !spec || spec.internal) return casePage(request, reply, caseId);
      const body = request.body ?? {};
      const fields = formFields(spec.input, spec.pathParams);
      const input = readForm(fields, body);
      const properties = (spec.input as unknown as { properties: Record<string, { type?: string }> }).properties;
      const params = Object.fromEntries(
        spec.pathParams.map((p) => {
          const raw = String(body[`_param.${p}`] ?? '');
          return [p, properties[p]?.type === 'integer' && /^[0-9]+$/.test(raw) ? Number(raw) : raw];
        }),
      );
      const key = typeof body._key === 'string' && /^[A-Za-z0-9._:-]{8,128}$/.test(body._key) ? body._key : undefined;
      const url = `/${found.contract.resource}/${encodeURIComponent(caseId)}/${stepPath(spec, params)}`;
      const answer = await api<ApiError>(request, 'POST', url, input, key);
      if (answer.status === 200 || answer.status === 202) {
        return reply.redirect(`${base}/cases/${encodeURIComponent(caseId)}?done=${encodeURIComponent(step)}`, 303);
      }
      if (answer.status === 401) return reply.redirect(signInUrl(request, 'expired'), 303);
      const placed = refusalPlacement(answer.body.message ?? '提交未成功，请稍后再试', fields);
      return casePage(request, reply, caseId, {
        anchor: anchorOf(stepPath(spec, params)),
        values: body,
        status: answer.status,
        // A refusal is final for this key: a corrected form is a new request.
        idempotencyKey: `wb-${randomUUID()}`,
        ...(placed.field ? { errors: { [placed.field]: placed.message } } : { refusal: placed.message }),
      });
    },
  );

  // ---- 统计 (Art. 11, 16 (3)) ----

  interface Figures {
    findings?: {
      byKeyItem: Array<{ kind: string; label: string; count: number }>;
      byUnit: Array<{ unit: string; count: number }>;
    };
    submissions?: Array<{ label: string; onTimeRate: number | null }>;
    overdueNow?: Array<{ unitName: string }>;
  }

  /** A county's findings count for its city; a provincial department's for the departments. */
  const cityOf = (code: string): string => {
    const u = app.units.get(code);
    if (!u) return code;
    if (u.kind === 'department') return '省直部门';
    return u.kind === 'county' && u.parent ? (app.units.get(u.parent)?.name ?? u.name) : u.name;
  };
  const tally = (keys: string[], counts?: number[]): [string[], number[]] => {
    const m = new Map<string, number>();
    keys.forEach((k, i) => m.set(k, (m.get(k) ?? 0) + (counts ? counts[i]! : 1)));
    const sorted = [...m.entries()].sort((a, b) => b[1] - a[1]);
    return [sorted.map(([k]) => k), sorted.map(([, v]) => v)];
  };

  app.get<{ Querystring: { year?: string } }>(
    `${base}/statistics`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn },
    async (request, reply) => {
      const year = /^[0-9]{4}$/.test(request.query.year ?? '') ? request.query.year : undefined;
      const answer = await api<Figures & ApiError>(request, 'GET', `/statistics${year ? `?year=${year}` : ''}`);
      if (answer.status === 403 || answer.status === 400) {
        return layout(
          request,
          reply,
          { title: '统计', active: 'statistics', status: answer.status },
          <ErrorPage message={answer.body.message ?? '无法查看统计'} />,
        );
      }
      if (answer.status !== 200) throw Object.assign(new Error('统计暂时无法读取，请稍后再试'), { statusCode: 503 });
      const f = answer.body;
      const charts: Record<string, ChartSpec> = {};
      const rated = (f.submissions ?? []).filter((x) => x.onTimeRate !== null);
      charts.onTime = {
        title: '按期提交率（按事项）',
        labels: rated.map((x) => x.label),
        values: rated.map((x) => Math.round((x.onTimeRate ?? 0) * 100)),
        percent: true,
        columns: ['事项', '按期提交率'],
      };
      if (f.findings) {
        charts.byKeyItem = {
          title: '发现的问题（按类别）',
          labels: f.findings.byKeyItem.map((x) => `${kindLabel(x.kind)}·${x.label}`),
          values: f.findings.byKeyItem.map((x) => x.count),
          columns: ['类别', '问题数'],
        };
        const [labels, values] = tally(
          f.findings.byUnit.map((x) => cityOf(x.unit)),
          f.findings.byUnit.map((x) => x.count),
        );
        charts.byCity = { title: '发现的问题（按市）', labels, values, columns: ['市', '问题数'] };
      }
      if (f.overdueNow) {
        const [labels, values] = tally(f.overdueNow.map((x) => x.unitName));
        charts.overdue = { title: '目前逾期的事项（按单位）', labels, values, columns: ['单位', '逾期事项数'] };
      }
      const thisYear = todayIn(await now()).slice(0, 4);
      const yearForm = (
        <form class="filters" method="get" action={`${base}/statistics`} aria-label="选择年度">
          <div class="filter">
            <label for="stat-year">年度</label>
            <select id="stat-year" name="year">
              <option value="">全部年度</option>
              {[0, 1, 2, 3].map((d) => {
                const y = String(Number(thisYear) - d);
                return (
                  <option value={y} selected={y === year} key={y}>
                    {y}年
                  </option>
                );
              })}
            </select>
          </div>
          <button type="submit">查看</button>
        </form>
      );
      return layout(
        request,
        reply,
        { title: year ? `${year}年统计` : '统计', active: 'statistics' },
        <Statistics charts={charts} yearForm={yearForm} />,
      );
    },
  );

  // ---- public pages: no sign-in (Art. 5, 16 (3)) ----

  const publicPage = (
    reply: FastifyReply,
    o: { title: string; current: string; status?: number },
    content: (csrf: string) => ComponentChildren,
  ) =>
    html(
      reply,
      page(
        <Layout title={o.title} active="public" current={o.current}>
          {content(reply.generateCsrf())}
        </Layout>,
      ),
      o.status,
    );

  app.get(`${base}/public/`, { config: noLimit, schema: { hide: true } }, async (request, reply) => {
    const answer = await api<{ entries: BulletinEntry[] }>(request, 'GET', '/bulletin', undefined, undefined, false);
    if (answer.status !== 200) throw Object.assign(new Error('公开信息暂时无法读取，请稍后再试'), { statusCode: 503 });
    return publicPage(reply, { title: '整改情况公开', current: `${base}/public/` }, () => (
      <Bulletin entries={answer.body.entries} />
    ));
  });

  const filingFields = formFields(FilingSchema, [], { targetUnit: '被反映的单位（知道时选择）' });
  const reportIntro = (
    <p class="local-banner" role="note">
      依据第五条受理群众举报。姓名和联系方式可以不填（匿名举报）；填写的，只有领导小组办公室能看到。提交后请记下受理编号，凭编号查询办理情况。
    </p>
  );

  app.get(`${base}/public/report`, { config: noLimit, schema: { hide: true } }, (_request, reply) =>
    publicPage(reply, { title: '我要举报', current: `${base}/public/report` }, (csrf) => (
      <PublicForm
        action={`${base}/public/report`}
        fields={filingFields}
        csrf={csrf}
        units={units()}
        submit="提交举报"
        intro={reportIntro}
      />
    )),
  );

  app.post<{ Body: FormBody }>(
    `${base}/public/report`,
    { config: noLimit, schema: { hide: true }, preHandler: checkCsrf },
    async (request, reply) => {
      const body = request.body ?? {};
      const answer = await api<{ receipt?: string; message?: string; statusLabel?: string } & ApiError>(
        request,
        'POST',
        '/public-reports',
        readForm(filingFields, body),
        undefined,
        false,
      );
      if (answer.status === 201 && answer.body.receipt) {
        // The receipt is shown once, on this answer: it is never put in a URL (histories, logs).
        return publicPage(reply, { title: '举报已收到', current: `${base}/public/report`, status: 201 }, () => (
          <Receipt
            receipt={answer.body.receipt!}
            message={answer.body.message ?? ''}
            statusLabel={answer.body.statusLabel ?? ''}
          />
        ));
      }
      const placed = refusalPlacement(answer.body.message ?? '提交未成功，请稍后再试', filingFields);
      return publicPage(
        reply,
        { title: '我要举报', current: `${base}/public/report`, status: answer.status },
        (csrf) => (
          <PublicForm
            action={`${base}/public/report`}
            fields={filingFields}
            csrf={csrf}
            units={units()}
            submit="提交举报"
            intro={reportIntro}
            values={body}
            {...(placed.field ? { errors: { [placed.field]: placed.message } } : { refusal: placed.message })}
          />
        ),
      );
    },
  );

  const receiptFields = formFields(Type.Object({ receipt: Type.String({ minLength: 1, maxLength: 80 }) }), [], {
    receipt: '受理编号',
  });
  const receiptForm = (csrf: string, o: { values?: FormBody; refusal?: string } = {}) => (
    <PublicForm action={`${base}/public/receipt`} fields={receiptFields} csrf={csrf} units={[]} submit="查询" {...o} />
  );

  app.get(`${base}/public/receipt`, { config: noLimit, schema: { hide: true } }, (_request, reply) =>
    publicPage(reply, { title: '查询办理情况', current: `${base}/public/receipt` }, (csrf) => receiptForm(csrf)),
  );

  // A POST, so that the receipt code stays out of URLs.
  app.post<{ Body: FormBody }>(
    `${base}/public/receipt`,
    { config: noLimit, schema: { hide: true }, preHandler: checkCsrf },
    async (request, reply) => {
      const body = request.body ?? {};
      const entered = readForm(receiptFields, body).receipt;
      const code = typeof entered === 'string' ? entered.trim() : '';
      const answer = /^[0-9A-Za-z -]{1,80}$/.test(code)
        ? await api<{ receivedOn: string; statusLabel: string; updatedOn: string; reply?: string } & ApiError>(
            request,
            'GET',
            `/public-reports/${encodeURIComponent(code)}`,
            undefined,
            undefined,
            false,
          )
        : {
            status: 404,
            body: {} as ApiError & { receivedOn: string; statusLabel: string; updatedOn: string; reply?: string },
          };
      return publicPage(
        reply,
        {
          title: '查询办理情况',
          current: `${base}/public/receipt`,
          status: answer.status === 200 ? 200 : answer.status,
        },
        (csrf) =>
          answer.status === 200 ? (
            <ReportStatus
              receivedOn={answer.body.receivedOn}
              statusLabel={answer.body.statusLabel}
              updatedOn={answer.body.updatedOn}
              {...(answer.body.reply ? { reply: answer.body.reply } : {})}
            />
          ) : (
            receiptForm(csrf, {
              values: body,
              refusal:
                answer.status === 429
                  ? (answer.body.message ?? '查询过于频繁，请稍后再试')
                  : '没有找到这个受理编号，请核对后再查询。',
            })
          ),
      );
    },
  );

  // ---- 提请巡查 (Art. 12) ----

  const proposeFields = formFields(ProposePatrolBody, [], { targetUnit: '被巡查单位' });

  const proposePage = (
    request: FastifyRequest,
    reply: FastifyReply,
    retry?: Omit<Retry, 'anchor' | 'idempotencyKey'>,
  ) =>
    layout(
      request,
      reply,
      { title: '提请巡查', active: 'new', ...(retry ? { status: retry.status } : {}) },
      (session: Session) => (
        <ProposeForm
          title="提请巡查"
          fields={proposeFields}
          csrf={session.csrf}
          units={units()}
          {...(retry?.values ? { values: retry.values } : {})}
          {...(retry?.errors ? { errors: retry.errors } : {})}
          {...(retry?.refusal ? { refusal: retry.refusal } : {})}
        />
      ),
    );

  app.get(
    `${base}/patrols/new`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn },
    async (request, reply) => proposePage(request, reply),
  );

  app.post<{ Body: FormBody }>(
    `${base}/patrols`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn, preHandler: checkCsrf },
    async (request, reply) => {
      const body = request.body ?? {};
      const input = readForm(proposeFields, body);
      const answer = await api<{ caseId?: string } & ApiError>(request, 'POST', '/patrols', input);
      if (answer.status === 201 && answer.body.caseId) {
        return reply.redirect(`${base}/cases/${encodeURIComponent(answer.body.caseId)}`, 303);
      }
      if (answer.status === 401) return reply.redirect(signInUrl(request, 'expired'), 303);
      const placed = refusalPlacement(answer.body.message ?? '提交未成功，请稍后再试', proposeFields);
      return proposePage(request, reply, {
        values: body,
        status: answer.status,
        ...(placed.field ? { errors: { [placed.field]: placed.message } } : { refusal: placed.message }),
      });
    },
  );
}
