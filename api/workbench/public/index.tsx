/**
 * The workbench's public pages, no sign-in (Art. 5, 16 (3); Part 1): the published rectification, the public-report
 * form and its receipt, the receipt lookup, and the award list in its publicity period (公示) with its objection form.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { awardRoundIdPattern } from '../../../workflows/award-round/contract';
import { FilingSchema, ObjectionInput, ReceiptCode } from '../../schemas';
import type { AwardPublicityList, FilingReceipt, ObjectionStatus, ReceiptStatus } from '../../schemas';
import type { BulletinEntry } from '../../../lib/store/case-store';
import type { Field, FieldErrors, FormBody } from '../components/forms';
import { formFields, readForm, refusalPlacement } from '../components/forms';
import { first } from '../components/form-data';
import { AwardPublicity, Bulletin, Receipt, ReportStatus } from './pages';
import { PlainForm } from '../cases/views/case-forms';
import { ReportForm, checkFormCsrf, filingForm, newReportKey, readReportForm, reportKeyOf } from './report-form';
import { Layout, page } from '../components/layout';
import type { Workbench, ApiError } from '../components/context';
import { base } from '../components/context';

export function publicRoutes(app: FastifyInstance, ctx: Workbench): void {
  const { checkCsrf, noLimit, units, api, apiMultipart, html, validation } = ctx;
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
  const filingValidator = validation.register('form.report', FilingSchema);
  const reportIntro = (
    <p class="local-banner" role="note">
      依据第五条受理群众举报。姓名和联系方式可以不填（匿名举报）；填写的，只有领导小组办公室能看到。提交后请记下受理编号，凭编号查询办理情况。
    </p>
  );

  const reportForm = (csrf: string, retry: { values?: FormBody; errors?: FieldErrors; refusal?: string } = {}) => (
    <ReportForm
      action={`${base}/public/report`}
      fields={filingFields}
      csrf={csrf}
      idempotencyKey={newReportKey()}
      units={units()}
      config={ctx.config}
      intro={reportIntro}
      validator={filingValidator}
      {...retry}
    />
  );

  app.get(`${base}/public/report`, { config: noLimit, schema: { hide: true } }, (_request, reply) =>
    publicPage(reply, { title: '我要举报', current: `${base}/public/report` }, (csrf) => reportForm(csrf)),
  );

  // A multipart form (with its files; a form without files may come url-encoded): the CSRF token is read from its
  // fields before anything is passed on.
  app.post<{ Body: FormBody }>(
    `${base}/public/report`,
    { config: noLimit, schema: { hide: true } },
    async (request, reply) => {
      const sent = request.isMultipart()
        ? await readReportForm(request, ctx.config)
        : { fields: request.body ?? {}, files: [] };
      const body: FormBody = sent.fields;
      await checkFormCsrf(request, reply, first(sent.fields._csrf), checkCsrf);
      const answer = sent.refusal
        ? { status: 413, body: { message: sent.refusal } as Partial<FilingReceipt> & ApiError }
        : await apiMultipart<Partial<FilingReceipt> & ApiError>(
            request,
            '/public-reports',
            filingForm(readForm(filingFields, body), sent.files),
            reportKeyOf(first(sent.fields._key)),
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
      return publicPage(reply, { title: '我要举报', current: `${base}/public/report`, status: answer.status }, (csrf) =>
        reportForm(csrf, {
          values: body,
          ...(placed.field ? { errors: { [placed.field]: placed.message } } : { refusal: placed.message }),
        }),
      );
    },
  );

  const receiptFields = formFields(Type.Object({ receipt: ReceiptCode }), [], {
    receipt: '受理编号',
  });
  /** An objection's receipt is looked up in its round (`?round=`); a public report's without one. */
  const roundOf = (value: unknown): string | undefined =>
    typeof value === 'string' && new RegExp(awardRoundIdPattern).test(value) ? value : undefined;
  const receiptForm = (csrf: string, o: { values?: FormBody; refusal?: string; round?: string } = {}) => (
    <PlainForm
      action={o.round ? `${base}/public/receipt?round=${o.round}` : `${base}/public/receipt`}
      formId="receipt"
      fields={receiptFields}
      csrf={csrf}
      units={[]}
      submit="查询"
      intro={o.round ? <p class="summary">查询对评选推荐名单所提异议的办理情况。</p> : undefined}
      {...(o.values ? { values: o.values } : {})}
      {...(o.refusal ? { refusal: o.refusal } : {})}
    />
  );

  app.get<{ Querystring: { round?: string } }>(
    `${base}/public/receipt`,
    { config: noLimit, schema: { hide: true } },
    (request, reply) => {
      const round = roundOf(request.query.round);
      return publicPage(reply, { title: '查询办理情况', current: `${base}/public/receipt` }, (csrf) =>
        receiptForm(csrf, round ? { round } : {}),
      );
    },
  );

  // A POST, so that the receipt code stays out of URLs.
  app.post<{ Body: FormBody; Querystring: { round?: string } }>(
    `${base}/public/receipt`,
    { config: noLimit, schema: { hide: true }, preHandler: checkCsrf },
    async (request, reply) => {
      const body = request.body ?? {};
      const round = roundOf(request.query.round);
      const entered = readForm(receiptFields, body).receipt;
      const code = typeof entered === 'string' ? entered.trim() : '';
      const url = round
        ? `/award-rounds/${round}/objections/${encodeURIComponent(code)}`
        : `/public-reports/${encodeURIComponent(code)}`;
      const answer = Value.Check(ReceiptCode, code)
        ? await api<(ReceiptStatus | ObjectionStatus) & ApiError>(request, 'GET', url, undefined, undefined, false)
        : { status: 404, body: {} as ReceiptStatus & ApiError };
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
              {...('updatedOn' in answer.body ? { updatedOn: answer.body.updatedOn } : {})}
              {...('reply' in answer.body && answer.body.reply ? { reply: answer.body.reply } : {})}
            />
          ) : (
            receiptForm(csrf, {
              ...(round ? { round } : {}),
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

  // ---- the award list in its publicity period (公示) and objections to it (Part 1) ----

  /** The published lists of the latest rounds, newest first. */
  async function publicizedLists(request: FastifyRequest): Promise<AwardPublicityList[]> {
    const answer = await api<{ lists: AwardPublicityList[] }>(
      request,
      'GET',
      '/award-publicity',
      undefined,
      undefined,
      false,
    );
    if (answer.status !== 200) throw Object.assign(new Error('公示信息暂时无法读取，请稍后再试'), { statusCode: 503 });
    return answer.body.lists;
  }

  const objectionBase = formFields(ObjectionInput, [], { nominationId: '异议对象' });
  const objectionValidator = validation.register('form.objection', ObjectionInput);
  /** The objection form's fields: the nominee is chosen from the list (those not withdrawn). */
  const objectionFields = (list: AwardPublicityList): Field[] =>
    objectionBase.map((f) =>
      f.name === 'nominationId'
        ? {
            ...f,
            kind: 'choice',
            options: list.entries
              .filter((e) => e.status === 'publicized')
              .map((e): [string, string] => [e.nominationId, `${e.name}（${e.workUnit}，${e.awardLabel}）`]),
          }
        : f,
    );
  const objectionIntro = (
    <p class="local-banner" role="note">
      请写明异议的事实和依据。姓名和联系方式可以不填（匿名）；填写的，只有领导小组办公室能看到。提交后请记下受理编号，凭编号查询办理情况。
    </p>
  );
  const objectionForm = (
    roundId: string,
    list: AwardPublicityList,
    csrf: string,
    retry: { values?: FormBody; errors?: FieldErrors; refusal?: string } = {},
  ) => (
    <PlainForm
      action={`${base}/public/awards/${roundId}/objection`}
      formId={`objection-${roundId}`}
      fields={objectionFields(list)}
      csrf={csrf}
      units={[]}
      submit="提出异议"
      intro={objectionIntro}
      validator={objectionValidator}
      {...retry}
    />
  );
  const awardsTitle = '全国脱贫攻坚奖推荐对象公示';

  app.get(`${base}/public/awards`, { config: noLimit, schema: { hide: true } }, async (request, reply) => {
    const lists = await publicizedLists(request);
    return publicPage(reply, { title: awardsTitle, current: `${base}/public/awards` }, (csrf) =>
      lists.length === 0 ? (
        <p class="empty">目前没有公示中的推荐名单。</p>
      ) : (
        lists.map((list) => (
          <AwardPublicity list={list} key={list.roundId}>
            {list.open ? objectionForm(list.roundId, list, csrf) : null}
          </AwardPublicity>
        ))
      ),
    );
  });

  app.post<{ Body: FormBody; Params: { roundId: string } }>(
    `${base}/public/awards/:roundId/objection`,
    { config: noLimit, schema: { hide: true }, preHandler: checkCsrf },
    async (request, reply) => {
      const { roundId } = request.params;
      const list = roundOf(roundId) ? (await publicizedLists(request)).find((l) => l.roundId === roundId) : undefined;
      if (!list) throw Object.assign(new Error('没有找到这份公示名单'), { statusCode: 404 });
      const body = request.body ?? {};
      const fields = objectionFields(list);
      const answer = await api<{ receipt?: string; message?: string; statusLabel?: string } & ApiError>(
        request,
        'POST',
        `/award-rounds/${roundId}/objections`,
        readForm(fields, body),
        undefined,
        false,
      );
      if (answer.status === 201 && answer.body.receipt) {
        // Shown once, on this answer: the receipt is never put in a URL.
        return publicPage(reply, { title: '异议已收到', current: `${base}/public/awards`, status: 201 }, () => (
          <Receipt
            receipt={answer.body.receipt!}
            message={answer.body.message ?? ''}
            statusLabel={answer.body.statusLabel ?? ''}
            lookup={`${base}/public/receipt?round=${roundId}`}
          />
        ));
      }
      const placed = refusalPlacement(answer.body.message ?? '提交未成功，请稍后再试', fields);
      return publicPage(
        reply,
        { title: awardsTitle, current: `${base}/public/awards`, status: answer.status },
        (csrf) => (
          <AwardPublicity list={list}>
            {objectionForm(roundId, list, csrf, {
              values: body,
              ...(placed.field ? { errors: { [placed.field]: placed.message } } : { refusal: placed.message }),
            })}
          </AwardPublicity>
        ),
      );
    },
  );
}
