/** The workbench's public pages, no sign-in (Art. 5, 16 (3)): the published rectification, the public-report form and its receipt, the receipt lookup. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ComponentChildren } from 'preact';
import { Type } from '@sinclair/typebox';
import { FilingSchema } from '../routes/public-reports';
import type { FilingReceipt, ReceiptStatus } from '../routes/public-reports';
import type { BulletinEntry } from '../../lib/store/case-store';
import type { FieldErrors, FormBody } from './forms';
import { formFields, readForm, refusalPlacement } from './forms';
import { Bulletin, PlainForm, Receipt, ReportStatus, Layout, page } from './pages';
import type { Workbench, ApiError } from './context';
import { base } from './context';

export function publicRoutes(app: FastifyInstance, ctx: Workbench): void {
  const { checkCsrf, noLimit, units, api, html } = ctx;
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

  const reportForm = (csrf: string, retry: { values?: FormBody; errors?: FieldErrors; refusal?: string } = {}) => (
    <PlainForm
      action={`${base}/public/report`}
      formId="report"
      fields={filingFields}
      csrf={csrf}
      units={units()}
      submit="提交举报"
      intro={reportIntro}
      {...retry}
    />
  );

  app.get(`${base}/public/report`, { config: noLimit, schema: { hide: true } }, (_request, reply) =>
    publicPage(reply, { title: '我要举报', current: `${base}/public/report` }, (csrf) => reportForm(csrf)),
  );

  app.post<{ Body: FormBody }>(
    `${base}/public/report`,
    { config: noLimit, schema: { hide: true }, preHandler: checkCsrf },
    async (request, reply) => {
      const body = request.body ?? {};
      const answer = await api<Partial<FilingReceipt> & ApiError>(
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
      return publicPage(reply, { title: '我要举报', current: `${base}/public/report`, status: answer.status }, (csrf) =>
        reportForm(csrf, {
          values: body,
          ...(placed.field ? { errors: { [placed.field]: placed.message } } : { refusal: placed.message }),
        }),
      );
    },
  );

  const receiptFields = formFields(Type.Object({ receipt: Type.String({ minLength: 1, maxLength: 80 }) }), [], {
    receipt: '受理编号',
  });
  const receiptForm = (csrf: string, o: { values?: FormBody; refusal?: string } = {}) => (
    <PlainForm
      action={`${base}/public/receipt`}
      formId="receipt"
      fields={receiptFields}
      csrf={csrf}
      units={[]}
      submit="查询"
      {...o}
    />
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
        ? await api<ReceiptStatus & ApiError>(
            request,
            'GET',
            `/public-reports/${encodeURIComponent(code)}`,
            undefined,
            undefined,
            false,
          )
        : {
            status: 404,
            body: {} as ReceiptStatus & ApiError,
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
}
