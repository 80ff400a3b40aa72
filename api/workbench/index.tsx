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
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import csrf from '@fastify/csrf-protection';
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
import { signToken, tokenRequest } from '../../lib/tokens';
import type { ApiConfig } from '../config';
import { codecRoles } from '../routes/codec';
import { ProposePatrolBody } from '../routes/patrols';
import { recordContracts, resourceOf } from '../plugins/app/cases';
import type { CaseSummary, Task } from '../plugins/app/cases';
import type { FieldErrors, FormBody, UnitOptions } from './forms';
import { formFields, readForm, refusalPlacement } from './forms';
import { dueStatus, todayIn } from './format';
import { stepCitation, stepLabel } from './labels';
import type { CaseRow, Filters, InboxItem, Session, StepForm } from './pages';
import {
  CaseList,
  CasePage,
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
  ): Promise<ApiAnswer<T>> {
    const token = request.cookies[sessionCookie];
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
    o: { title: string; active?: 'inbox' | 'cases' | 'new'; notice?: string; status?: number },
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

  app.get('/', { config: noLimit, schema: { hide: true } }, (_request, reply) => reply.redirect(`${base}/`, 302));
  app.get(base, { config: noLimit, schema: { hide: true } }, (_request, reply) => reply.redirect(`${base}/`, 302));

  // ---- sign-in and sign-out ----

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
          {localSignIn ? (
            <SignIn
              next={next}
              csrf={reply.generateCsrf()}
              units={signInUnits}
              roles={signInRoles}
              {...(o.error ? { error: o.error } : {})}
              {...(o.values ? { values: o.values } : {})}
            />
          ) : (
            <ErrorPage message="本地登录已关闭。请通过本单位的统一身份认证登录。" />
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
      let signed: { token: string; exp: number };
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
        const { exp } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number };
        signed = { token, exp };
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
      return reply
        .setCookie(sessionCookie, signed.token, {
          path: base,
          httpOnly: true,
          sameSite: 'lax',
          secure: request.protocol === 'https',
          expires: new Date(signed.exp * 1000),
        })
        .redirect(next, 303);
    },
  );

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
            return {
              label: a.label,
              party: partyLabel(a, unitName),
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
