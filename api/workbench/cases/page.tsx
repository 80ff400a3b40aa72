/** A case's page with its steps as forms, and the forms posted from it: a step, a comment, an upload. */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../../workflows/domain';
import { stepPath } from '../../../workflows/engine/contract';
import type { CaseRecord } from '../../../workflows/engine/record';
import { codecRoles } from '../../routes/codec';
import { HttpRefusal } from '../../refusal';
import { readMultipart } from '../../uploads';
import type { FieldErrors, FormBody } from '../components/forms';
import { applyRowAction, formFieldsOf, readForm, refusalPlacement } from '../components/forms';
import { first } from '../components/form-data';
import { applyPhrase, hasPhraseField } from '../components/phrases';
import { dueStatus, lightDay } from '../components/format';
import { stepCitation, stepLabel } from '../components/labels';
import type { StepForm } from './views/case-forms';
import type { Session } from '../components/layout';
import { CasePage } from './views/case-page';
import { ErrorPage } from '../components/layout';
import { deadlineItems, eventItems, noticeItems, partyLabel, recordSections } from './record';
import type { Workbench, ApiError, AnyStep } from '../components/context';
import { base, anchorOf } from '../components/context';
import { attachmentForms, filesOf } from './attachments';
import { caseProblemLinks } from './problem-view';
import { startLinks } from './start-links';
import { withRequirementRows } from './requirement-rows';
import type { UnitPerson } from './sign-for';
import { assignmentFields, assignmentInput, signForFirst } from './sign-for';
import { confirmations, guideFieldWork, withFindingChoices } from './guided';
import { documentsForStep } from './step-documents';
import { flowOf } from '../components/flow';
import { caseIdentity } from '../../../lib/documents/case-identity';
import { startingValues } from './starting-values';

/** A case one may not see reads exactly like one that does not exist. */
export const notFoundText = '没有找到这个事项。它可能不存在，或者您无权查看。';

/** A form sent again after a refusal: where it was, what was typed, why it was refused. */
export interface Retry {
  anchor: string;
  values: FormBody;
  errors?: FieldErrors;
  refusal?: string;
  status: number;
  idempotencyKey: string;
}

/** The most a form on its way back to its page may weigh; beyond it, the page is answered to the POST itself. */
const flashLimit = 256 * 1024;

/** What the browser sent that the page does not draw again (the CSRF token, the button pressed, a phrase picked). */
const sentOnly = (values: FormBody): FormBody =>
  Object.fromEntries(
    Object.entries(values).filter(
      ([k]) => k !== '_csrf' && k !== '_rows' && k !== '_key' && k !== '_phrase' && !k.startsWith('_phrase.'),
    ),
  );

/** The idempotency key a form carried, when it is one. */
const keyOf = (value: unknown) =>
  typeof value === 'string' && /^[A-Za-z0-9._:-]{8,128}$/.test(value) ? value : undefined;

export function casePageRoutes(app: FastifyInstance, ctx: Workbench): void {
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
    layout,
    config,
    validation,
  } = ctx;
  /** The browser's validator of a form's request, when there is one. */
  const validatorOf = (key: string) => {
    const name = validation.nameOf(key);
    return name ? { validator: name } : {};
  };
  // ---- one case, and its steps as forms ----

  const awaitedBy = (a: { role: string; unit?: string; group?: string }, actor: Actor) =>
    a.role === actor.role && (!a.unit || a.unit === actor.unit) && (!a.group || a.group === actor.group);

  function stepForm(
    caseId: string,
    spec: AnyStep,
    params: Record<string, string | number>,
    awaited: boolean,
    view: CaseRecord & Record<string, unknown>,
  ): StepForm | undefined {
    let fields;
    try {
      fields = withFindingChoices(withRequirementRows(formFieldsOf(spec), view), view);
    } catch {
      return undefined; // a step the labels do not cover (the forms test fails on it) is not offered
    }
    const path = stepPath(spec, params);
    const start = startingValues(spec.name, view);
    return {
      ...(start ? { values: start } : {}),
      step: spec.name,
      anchor: anchorOf(path),
      title: stepLabel(spec) ?? spec.name,
      ...(stepCitation(spec.summary) ? { citation: stepCitation(spec.summary)! } : {}),
      awaited,
      action: `${base}/cases/${encodeURIComponent(caseId)}/steps/${spec.name}`,
      params: Object.fromEntries(spec.pathParams.map((p) => [p, String(params[p] ?? '')])),
      fields,
      idempotencyKey: `wb-${randomUUID()}`,
      ...validatorOf(`${ctx.kindOf(caseId)?.kind}.${spec.name}`),
      ...(confirmations[spec.name] ? { confirm: confirmations[spec.name] } : {}),
    };
  }

  /** The people of the person's unit who have signed in (none when the API cannot say). */
  async function unitPeople(request: FastifyRequest, unit: string | undefined): Promise<UnitPerson[]> {
    if (!unit) return [];
    const answer = await api<{ people?: UnitPerson[] }>(request, 'GET', `/units/${encodeURIComponent(unit)}/people`);
    return answer.status === 200 ? (answer.body.people ?? []) : [];
  }

  // The internal comments and uploads on the case page.
  const { commentFields, commentsOf, commentsBlock, uploadForm, uploadTarget } = attachmentForms(ctx);

  async function casePage(request: FastifyRequest, reply: FastifyReply, caseId: string, retry?: Retry) {
    const found = ctx.kindOf(caseId);
    const answer = found
      ? await api<CaseRecord & Record<string, unknown> & ApiError>(
          request,
          'GET',
          `/${found.module.record?.listed ? 'cases' : found.contract.resource}/${encodeURIComponent(caseId)}`,
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
    let forms: StepForm[] = [];
    const awaitedAnchors = new Map<number, string>();
    // A unit's people (签收、转派 pick the handler from them; with more than one, an item is signed for first).
    const people = actor.role === 'unit' && steps.assignItem ? await unitPeople(request, actor.unit) : [];
    const waits: string[] = [];
    /** Steps waiting for 签收: offered neither as awaited nor among the others. */
    const blocked = new Set<string>();
    view.awaiting.forEach((a, i) => {
      const spec = steps[a.step];
      if (!spec || spec.internal || !awaitedBy(a, actor)) return;
      const track = a.deadlineKey ? view.deadlines.find((t) => t.key === a.deadlineKey) : undefined;
      const signFirst = actor.role === 'unit' && track && !track.handler && people.length > 1;
      const form = signFirst ? undefined : stepForm(caseId, spec, a.params ?? {}, true, view);
      if (signFirst) {
        waits.push(signForFirst(a.label));
        blocked.add(a.step);
      }
      if (form) {
        awaitedAnchors.set(i, form.anchor);
        if (!forms.some((f) => f.anchor === form.anchor)) forms.push(form);
      }
      // Art. 11, 16 (2): on a term the measures fix, the unit may ask the leading group for more time (延期申请), one
      // request at a time.
      const request = steps.requestExtension;
      if (
        request &&
        track?.fixedByMeasures &&
        actor.role === 'unit' &&
        !track.extensionRequests?.some((r) => !r.decision)
      ) {
        const requestForm = stepForm(caseId, request, { key: track.key }, false, view);
        if (requestForm && !forms.some((f) => f.anchor === requestForm.anchor))
          forms.push({ ...requestForm, title: `延期申请：${a.label}` });
      }
      // Within the unit: sign for the item and name its handler, or hand it on (签收、转派).
      const assign = steps.assignItem;
      if (assign && a.deadlineKey && actor.role === 'unit') {
        const assignForm = stepForm(caseId, assign, { key: a.deadlineKey }, true, view);
        if (assignForm && !forms.some((f) => f.anchor === assignForm.anchor)) {
          const { validator: _checkedByTheApi, ...rest } = assignForm;
          forms.push({
            ...rest,
            fields: assignmentFields(assignForm.fields, people),
            title: `${track?.handler ? '转派' : '签收'}：${a.label}`,
          });
          if (signFirst) awaitedAnchors.set(i, assignForm.anchor);
        }
      }
    });
    if (!view.closed) {
      for (const spec of Object.values(steps)) {
        if (spec.internal || spec.pathParams.length || !spec.roles.includes(actor.role)) continue;
        if (blocked.has(spec.name)) continue;
        if (!spec.stages.includes(view.stage)) continue;
        if (spec.scope === 'own-unit' && view.targetUnit.code !== actor.unit) continue;
        if (spec.scope === 'own-group' && (view.group as { id?: string } | undefined)?.id !== actor.group) continue;
        const form = stepForm(caseId, spec, {}, false, view);
        if (form && !forms.some((f) => f.anchor === form.anchor)) forms.push(form);
      }
    }
    for (const f of forms) {
      const documents = documentsForStep(found.module, f.step, view, f.params);
      if (documents.length) f.documents = documents;
    }
    const guided = guideFieldWork(forms, view, found.module.record?.reportRestsOnFinding === true);
    // Nothing reported to review yet: the office has nothing to do; the leading group may still end the rectification.
    const nothingToReview = (f: StepForm) =>
      f.fields.some((x) => x.name === 'decisions' && x.fixedRows?.length === 0) && actor.role !== 'leading-group';
    forms = guided.forms.filter((f) => !nothingToReview(f));
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
    // The person's stock phrases (issue 32 item 8), read once, only for a page with an opinion field.
    if (forms.some((f) => hasPhraseField(f.fields))) {
      const mine = await api<{ phrases?: string[] }>(request, 'GET', '/my/phrases');
      const phrases = mine.status === 200 ? mine.body.phrases : undefined;
      if (phrases?.length) for (const f of forms) if (hasPhraseField(f.fields)) f.phrases = phrases;
    }
    const comments = steps.addComment ? await commentsOf(request, caseId) : undefined;
    const upload = uploadForm(caseId, view, actor, retry);
    const today = lightDay(await now());
    const dueOf = (key?: string) => view.deadlines.find((d) => d.key === key)?.deadline.dueDate;
    const temporalUi = codecRoles.includes(actor.role)
      ? `${config.TEMPORAL_UI_URL}/namespaces/${encodeURIComponent(app.cases.namespace)}/workflows/${encodeURIComponent(caseId)}`
      : undefined;
    const identity = caseIdentity(caseId, view.targetUnit.name);
    const flow = flowOf(found.module, view.stage, view.closed, {
      outside: actor.role === 'unit' || actor.role === 'discipline',
    });
    const done = (request.query as { done?: string }).done;
    const doneStep = done ? steps[done] : undefined;
    return layout(
      request,
      reply,
      {
        title: identity.title,
        ...(doneStep ? { notice: `已提交：${stepLabel(doneStep) ?? ''}。` } : {}),
        ...(retry ? { status: retry.status } : {}),
      },
      (session: Session) => (
        <CasePage
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
          {...(guided.waiting || waits.length ? { guidance: [guided.waiting, ...waits].filter(Boolean).join('') } : {})}
          {...(flow ? { flow } : {})}
          {...(identity.reference ? { reference: identity.reference } : {})}
          deadlines={deadlineItems(view, today, yellowDays, unitName)}
          events={eventItems(view)}
          notices={noticeItems(view, unitName)}
          sections={recordSections(view, unitName)}
          {...(temporalUi ? { temporalUi } : {})}
          {...(found.module.documents
            ? { documentsHref: `${base}/cases/${encodeURIComponent(caseId)}/documents` }
            : {})}
          files={filesOf(view)}
          problems={caseProblemLinks(view)}
          starts={startLinks(view, actor)}
          {...(upload ? { upload } : {})}
          {...(comments ? { comments: commentsBlock(caseId, comments, view.closed, retry) } : {})}
          csrf={session.csrf}
          units={units()}
        />
      ),
    );
  }

  /**
   * A form sent back to its page (refused, or a row added or removed): kept in the session, and the browser sent to the
   * case page (303), so that a reload shows the page again and never sends the form a second time.
   */
  function sendBack(request: FastifyRequest, reply: FastifyReply, caseId: string, retry: Retry) {
    const flash = JSON.stringify({ caseId, ...retry, values: sentOnly(retry.values) });
    if (Buffer.byteLength(flash) > flashLimit || !request.session?.person) {
      return casePage(request, reply, caseId, retry);
    }
    request.session.flash = flash;
    return reply.redirect(`${base}/cases/${encodeURIComponent(caseId)}#${retry.anchor}`, 303);
  }

  /** The form the last POST sent back to this case's page, once. */
  function takeFlash(request: FastifyRequest, caseId: string): Retry | undefined {
    const flash = request.session?.flash;
    if (!flash) return undefined;
    delete request.session.flash;
    try {
      const { caseId: of, ...retry } = JSON.parse(flash) as Retry & { caseId: string };
      return of === caseId ? { ...retry, status: 200 } : undefined;
    } catch {
      return undefined;
    }
  }

  app.get<{ Params: { caseId: string } }>(
    `${base}/cases/:caseId`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn },
    async (request, reply) =>
      casePage(request, reply, request.params.caseId, takeFlash(request, request.params.caseId)),
  );

  app.post<{ Params: { caseId: string; step: string }; Body: FormBody }>(
    `${base}/cases/:caseId/steps/:step`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn, preHandler: checkCsrf },
    async (request, reply) => {
      const { caseId, step } = request.params;
      const found = ctx.kindOf(caseId);
      const spec = found ? (found.contract.steps as Record<string, AnyStep>)[step] : undefined;
      if (!found || !spec || spec.internal) return casePage(request, reply, caseId);
      const body = request.body ?? {};
      const fields = formFieldsOf(spec);
      const properties = (spec.input as unknown as { properties: Record<string, { type?: string }> }).properties;
      const params = Object.fromEntries(
        spec.pathParams.map((p) => {
          const raw = String(body[`_param.${p}`] ?? '');
          return [p, properties[p]?.type === 'integer' && /^[0-9]+$/.test(raw) ? Number(raw) : raw];
        }),
      );
      const key = keyOf(body._key);
      const anchor = anchorOf(stepPath(spec, params));
      // 插入常用语: the same form again, the phrase added to its field, nothing sent to the case (issue 32 item 8).
      const phraseTarget = first(body._phrase);
      if (phraseTarget !== undefined) {
        const placed = applyPhrase(fields, body, phraseTarget);
        return sendBack(request, reply, caseId, {
          anchor,
          values: placed.values,
          status: placed.error ? 422 : 200,
          idempotencyKey: key ?? `wb-${randomUUID()}`,
          ...(placed.error ? { errors: { [phraseTarget]: placed.error } } : {}),
        });
      }
      // 添加一项 / 删除第N项: the same form again, a row more or less, nothing sent to the case.
      const rowAction = first(body._rows);
      if (rowAction !== undefined) {
        const values = applyRowAction(fields, body, rowAction) ?? body;
        return sendBack(request, reply, caseId, {
          anchor,
          values,
          status: 200,
          idempotencyKey: key ?? `wb-${randomUUID()}`,
        });
      }
      if (confirmations[step] && first(body._confirm) !== 'yes') {
        return sendBack(request, reply, caseId, {
          anchor,
          values: body,
          status: 422,
          idempotencyKey: key ?? `wb-${randomUUID()}`,
          refusal: `请先勾选确认：${confirmations[step]}`,
        });
      }
      const read = readForm(fields, body);
      const input =
        step === 'assignItem' ? assignmentInput(read, body, await unitPeople(request, request.actor.unit)) : read;
      if (!input) {
        return sendBack(request, reply, caseId, {
          anchor,
          values: body,
          status: 422,
          idempotencyKey: `wb-${randomUUID()}`,
          refusal: '所选的承办人不是本单位的工作人员，请重新选择',
        });
      }
      const url = `/${found.contract.resource}/${encodeURIComponent(caseId)}/${stepPath(spec, params)}`;
      const answer = await api<ApiError>(request, 'POST', url, input, key);
      if (answer.status === 200 || answer.status === 202) {
        return reply.redirect(`${base}/cases/${encodeURIComponent(caseId)}?done=${encodeURIComponent(step)}`, 303);
      }
      if (answer.status === 401) return reply.redirect(signInUrl(request, 'expired'), 303);
      const placed = refusalPlacement(answer.body.message ?? '提交未成功，请稍后再试', fields);
      return sendBack(request, reply, caseId, {
        anchor,
        values: body,
        status: answer.status,
        // A refusal is final for this key: a corrected form is a new request.
        idempotencyKey: `wb-${randomUUID()}`,
        ...(placed.field ? { errors: { [placed.field]: placed.message } } : { refusal: placed.message }),
      });
    },
  );

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
      : sendBack(request, reply, caseId, {
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
      // A group's files go to /cases/{id}/files with their section; a problem's 佐证材料 to /problems/{id}/files.
      const target = uploadTarget(caseId) ?? {
        url: `/cases/${encodeURIComponent(caseId)}/files`,
        step: '',
        sections: true,
      };
      const form = new FormData();
      if (target.sections) form.append('section', fields.section ?? '');
      for (const f of files) form.append('files', new Blob([new Uint8Array(f.bytes)], { type: f.contentType }), f.name);
      const answer = await apiMultipart<ApiError>(request, target.url, form, keyOf(fields._key));
      if (answer.status === 200) {
        return reply.redirect(`${base}/cases/${encodeURIComponent(caseId)}?done=${target.step}#files-h`, 303);
      }
      return refused(request, reply, caseId, 'upload', answer);
    },
  );
}
