/** The workbench's pages of cases: 我的待办, 我的已办, 督查巡查, a case with its steps as forms, its documents, 提请巡查. */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../workflows/domain';
import { patrolStageLabels, supervisionStageLabels } from '../../workflows/domain';
import { stepPath } from '../../workflows/shared/contract';
import type { CaseRecord } from '../../workflows/shared/record';
import type { CaseFile } from '../../workflows/shared/files';
import { fileSectionLabels } from '../../workflows/shared/files';
import { Type } from '@sinclair/typebox';
import { codecRoles } from '../routes/codec';
import { CommentInput } from '../routes/comments';
import type { CommentsList } from '../routes/comments';
import { HttpRefusal } from '../refusal';
import { allowedTypes, readMultipart } from '../uploads';
import { ProposePatrolBody } from '../routes/patrols';
import { resourceOf } from '../plugins/app/cases';
import type { CaseSummary, Task } from '../plugins/app/cases';
import type { PersonEvent } from '../../lib/store/case-store';
import type { Field, FieldErrors, FormBody } from './forms';
import { formFields, formFieldsOf, readForm, refusalPlacement } from './forms';
import { dueStatus, todayIn } from './format';
import { stepCitation, stepLabel } from './labels';
import type { CaseRow, CommentsBlock, DoneItem, Filters, InboxItem, Session, StepForm, UploadForm } from './pages';
import { CaseList, CasePage, Documents, Done, ErrorPage, FilterForm, Inbox, PlainForm, kindLabel } from './pages';
import { deadlineItems, eventItems, noticeItems, partyLabel, personLabel, recordSections } from './record';
import type { Workbench, ApiError, AnyStep } from './context';
import { base, contractOf, anchorOf, stageOptions, kindOptions, yearOf } from './context';

/** A case one may not see reads exactly like one that does not exist. */
const notFoundText = '没有找到这个事项。它可能不存在，或者您无权查看。';

export function caseRoutes(app: FastifyInstance, ctx: Workbench): void {
  const {
    yellowDays,
    now,
    checkCsrf,
    noLimit,
    units,
    unitName,
    api,
    apiMultipart,
    signInUrl,
    signedIn,
    personToken,
    layout,
    config,
    validation,
  } = ctx;
  /** The browser's validator of a form's request, when there is one. */
  const validatorOf = (key: string) => {
    const name = validation.nameOf(key);
    return name ? { validator: name } : {};
  };
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
      fields = formFieldsOf(spec);
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
      ...validatorOf(`${contractOf(caseId)?.kind}.${spec.name}`),
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

  // ---- internal comments and uploads on the case page ----

  const commentText = formFields(Type.Object({ text: CommentInput.properties.text }), [], { text: '意见' });
  /** The comment form's fields: the text, and the audiences the person may write to (from the API's answer). */
  const commentFields = (audiences: CommentsList['audiences']): Field[] => [
    ...commentText,
    {
      name: 'audience',
      path: 'audience',
      label: '范围（谁能看到）',
      kind: 'choice',
      required: true,
      options: audiences.map((a): [string, string] => [a.audience, a.label]),
    },
  ];

  const commentValidator = validation.register('form.comment', CommentInput);

  async function commentsOf(request: FastifyRequest, caseId: string): Promise<CommentsList | undefined> {
    const answer = await api<CommentsList>(request, 'GET', `/cases/${encodeURIComponent(caseId)}/comments`);
    return answer.status === 200 ? answer.body : undefined;
  }

  function commentsBlock(caseId: string, list: CommentsList, closed: boolean, retry?: Retry): CommentsBlock {
    const again = retry?.anchor === 'comments' ? retry : undefined;
    return {
      items: list.comments.map((c) => ({ at: c.at, by: personLabel(c.by), audience: c.audienceLabel, text: c.text })),
      ...(!closed && list.audiences.length
        ? {
            form: {
              action: `${base}/cases/${encodeURIComponent(caseId)}/comments`,
              idempotencyKey: again?.idempotencyKey ?? `wb-${randomUUID()}`,
              fields: commentFields(list.audiences),
              validator: commentValidator,
              ...(again ? { values: again.values } : {}),
              ...(again?.refusal ? { refusal: again.refusal } : {}),
            },
          }
        : {}),
    };
  }

  const uploadAccept = Object.keys(allowedTypes).join(',');

  /** The upload form, for the group's leader while the group plans and works in the field (Art. 10, 15). */
  function uploadForm(caseId: string, view: CaseRecord & Record<string, unknown>, actor: Actor, retry?: Retry) {
    const attach = (contractOf(caseId)?.contract.steps as Record<string, AnyStep> | undefined)?.attachFiles;
    const group = (view.group as { id?: string } | undefined)?.id;
    if (!attach || !attach.roles.includes(actor.role) || !attach.stages.includes(view.stage)) return undefined;
    if (!group || group !== actor.group || view.closed) return undefined;
    const again = retry?.anchor === 'upload' ? retry : undefined;
    return {
      action: `${base}/cases/${encodeURIComponent(caseId)}/files`,
      idempotencyKey: again?.idempotencyKey ?? `wb-${randomUUID()}`,
      sections: Object.entries(fileSectionLabels),
      accept: uploadAccept,
      maxFiles: config.ATTACHMENTS_PER_UPLOAD,
      maxMegabytes: Math.max(1, Math.floor(config.ATTACHMENT_MAX_BYTES / 1024 / 1024)),
      ...(again?.refusal ? { refusal: again.refusal } : {}),
    } satisfies UploadForm;
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
          ? notFoundText
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
    const comments = steps.addComment ? await commentsOf(request, caseId) : undefined;
    const upload = uploadForm(caseId, view, actor, retry);
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
          notices={noticeItems(view, unitName)}
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
          {...(upload ? { upload } : {})}
          {...(comments ? { comments: commentsBlock(caseId, comments, view.closed, retry) } : {})}
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
    const token = await personToken(request);
    const res = await app.inject({
      method: 'GET',
      url,
      remoteAddress: request.ip,
      headers: { authorization: `Bearer ${token}` },
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
        Array<{
          id: string;
          kind: string;
          title: string;
          number?: string;
          awaitingNumber?: boolean;
          date: string;
          draft?: boolean;
        }>
      >(request, 'GET', `/cases/${encodeURIComponent(caseId)}/documents`);
      if (answer.status !== 200) {
        return layout(request, reply, { title: '没有找到', status: 404 }, <ErrorPage message={notFoundText} />);
      }
      const documents = answer.body.map((d) => ({
        title: d.title,
        kind: d.kind,
        ...(d.number ? { number: d.number } : {}),
        awaitingNumber: d.awaitingNumber === true,
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
      const fields = formFieldsOf(spec);
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

  /** The idempotency key a form carried, when it is one. */
  const keyOf = (value: unknown) =>
    typeof value === 'string' && /^[A-Za-z0-9._:-]{8,128}$/.test(value) ? value : undefined;

  /** After a refused comment or upload: the case page again, the refusal at the form, what was typed kept. */
  const refused = (
    request: FastifyRequest,
    reply: FastifyReply,
    caseId: string,
    anchor: 'comments' | 'upload',
    answer: { status: number; body: ApiError },
    values: FormBody = {},
  ) =>
    answer.status === 401
      ? reply.redirect(signInUrl(request, 'expired'), 303)
      : casePage(request, reply, caseId, {
          anchor,
          values,
          status: answer.status,
          idempotencyKey: `wb-${randomUUID()}`,
          refusal: answer.body.message ?? '提交未成功，请稍后再试',
        });

  app.post<{ Params: { caseId: string }; Body: FormBody }>(
    `${base}/cases/:caseId/comments`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn, preHandler: checkCsrf },
    async (request, reply) => {
      const { caseId } = request.params;
      const body = request.body ?? {};
      const input = readForm(commentFields([]), body);
      const answer = await api<ApiError>(
        request,
        'POST',
        `/cases/${encodeURIComponent(caseId)}/comments`,
        input,
        keyOf(body._key),
      );
      if (answer.status === 200) {
        return reply.redirect(`${base}/cases/${encodeURIComponent(caseId)}?done=addComment#comments`, 303);
      }
      return refused(request, reply, caseId, 'comments', answer, body);
    },
  );

  // A multipart form: its CSRF token is read from the form's fields before anything is passed on.
  app.post<{ Params: { caseId: string } }>(
    `${base}/cases/:caseId/files`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn },
    async (request, reply) => {
      const { caseId } = request.params;
      if (!request.isMultipart()) throw Object.assign(new Error('请用页面上的表单上传文件'), { statusCode: 415 });
      let upload: Awaited<ReturnType<typeof readMultipart>>;
      try {
        upload = await readMultipart(request, {
          maxBytes: config.ATTACHMENT_MAX_BYTES,
          maxFiles: config.ATTACHMENTS_PER_UPLOAD,
        });
      } catch (err) {
        if (!(err instanceof HttpRefusal)) throw err;
        return refused(request, reply, caseId, 'upload', { status: err.statusCode, body: { message: err.message } });
      }
      const { fields, files } = upload;
      (request as { body?: unknown }).body = { _csrf: fields._csrf };
      await new Promise<void>((resolve, reject) => checkCsrf(request, reply, (err) => (err ? reject(err) : resolve())));
      const form = new FormData();
      form.append('section', fields.section ?? '');
      for (const f of files) form.append('files', new Blob([new Uint8Array(f.bytes)], { type: f.contentType }), f.name);
      const answer = await apiMultipart<ApiError>(
        request,
        `/cases/${encodeURIComponent(caseId)}/files`,
        form,
        keyOf(fields._key),
      );
      if (answer.status === 200) {
        return reply.redirect(`${base}/cases/${encodeURIComponent(caseId)}?done=attachFiles#files-h`, 303);
      }
      return refused(request, reply, caseId, 'upload', answer);
    },
  );

  // ---- 提请巡查 (Art. 12) ----

  const proposeFields = formFields(ProposePatrolBody, [], { targetUnit: '被巡查单位' });
  const proposeValidator = validation.register('form.propose', ProposePatrolBody);

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
        <PlainForm
          action={`${base}/patrols`}
          formId="propose"
          submit="提交：提请巡查"
          fields={proposeFields}
          validator={proposeValidator}
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
