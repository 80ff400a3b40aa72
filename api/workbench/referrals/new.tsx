/**
 * 交办核查事项 (issue 36 item 4): the office's form that refers a matter to a unit, on a page of its own, and its
 * sending (POST /referrals as the person). A public report's or a case's page links here with its id filled in.
 */
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ReferralStartBody } from '../../schemas';
import type { FormBody } from '../components/forms';
import { formFields, readForm, refusalPlacement } from '../components/forms';
import type { Session } from '../components/layout';
import { PlainForm } from '../cases/views/case-forms';
import type { Workbench, ApiError } from '../components/context';
import type { Retry } from '../cases/page';
import { base } from '../components/context';
import { caseIdPattern, publicReportIdPattern } from '../../../workflows/ids';
import { caseIdentity, unitCodeOfId } from '../../../lib/documents/case-identity';

type ReferralStart = Static<typeof ReferralStartBody>;

export function newReferralRoutes(app: FastifyInstance, ctx: Workbench): void {
  const { checkCsrf, noLimit, units, api, signInUrl, signedIn, layout, validation, unitName } = ctx;
  const labels = { unit: '承办单位（负责核查的单位）', source: '交办事项的来源' };
  const fields = formFields(ReferralStartBody, [], labels);
  /** From a report's or a case's page the source is given: the form leaves it out and names it in words. */
  const givenFields = formFields(ReferralStartBody, ['source'], labels);
  const validator = validation.register('form.referral', ReferralStartBody);

  /** The source a report's or a case's page gave (in the form's address), or none. */
  function givenSource(q: Record<string, string | undefined>): ReferralStart['source'] | undefined {
    if (q.publicReportId && new RegExp(publicReportIdPattern).test(q.publicReportId)) {
      return { kind: 'public-report', publicReportId: q.publicReportId };
    }
    if (q.caseId && new RegExp(caseIdPattern).test(q.caseId)) return { kind: 'finding', caseId: q.caseId };
    return undefined;
  }
  const sourceWords = (source: ReferralStart['source']) =>
    source.kind === 'public-report'
      ? '来源：已登记的群众举报（举报人信息不随交办事项转出，承办单位看不到来源）。'
      : `来源：${caseIdentity(source.caseId!, unitName(unitCodeOfId(source.caseId!) ?? '')).title}发现的问题（承办单位看不到来源）。`;
  const addressOf = (source: ReferralStart['source'] | undefined) =>
    !source
      ? `${base}/referrals/new`
      : source.kind === 'public-report'
        ? `${base}/referrals/new?publicReportId=${encodeURIComponent(source.publicReportId!)}`
        : `${base}/referrals/new?caseId=${encodeURIComponent(source.caseId!)}`;

  const page = (
    request: FastifyRequest,
    reply: FastifyReply,
    source: ReferralStart['source'] | undefined,
    retry?: Omit<Retry, 'anchor' | 'idempotencyKey'>,
  ) =>
    layout(
      request,
      reply,
      { title: '交办核查事项', active: 'referrals', ...(retry ? { status: retry.status } : {}) },
      (session: Session) => (
        <PlainForm
          action={addressOf(source)}
          formId="referral"
          submit="提交：交办核查"
          intro={
            <p class="summary">
              将群众举报、督查巡查发现的问题或办公室掌握的情况交有关地方或部门核查。核查事项由办公室撰写，不写举报人信息；承办单位看不到事项的来源。
              {source ? sourceWords(source) : ''}
            </p>
          }
          fields={source ? givenFields : fields}
          {...(source ? {} : { validator })}
          csrf={session.csrf}
          units={units()}
          {...(retry?.values ? { values: retry.values } : {})}
          {...(retry?.errors ? { errors: retry.errors } : {})}
          {...(retry?.refusal ? { refusal: retry.refusal } : {})}
        />
      ),
    );

  app.get<{ Querystring: Record<string, string | undefined> }>(
    `${base}/referrals/new`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn },
    async (request, reply) => page(request, reply, givenSource(request.query)),
  );

  app.post<{ Body: FormBody; Querystring: Record<string, string | undefined> }>(
    `${base}/referrals/new`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn, preHandler: checkCsrf },
    async (request, reply) => {
      const body = request.body ?? {};
      const source = givenSource(request.query);
      const input = source ? { ...readForm(givenFields, body), source } : readForm(fields, body);
      const answer = await api<{ referralId?: string } & ApiError>(request, 'POST', '/referrals', input);
      if (answer.status === 201 && answer.body.referralId) {
        return reply.redirect(`${base}/cases/${encodeURIComponent(answer.body.referralId)}`, 303);
      }
      if (answer.status === 401) return reply.redirect(signInUrl(request, 'expired'), 303);
      const placed = refusalPlacement(answer.body.message ?? '提交未成功，请稍后再试', source ? givenFields : fields);
      return page(request, reply, source, {
        values: body,
        status: answer.status,
        ...(placed.field ? { errors: { [placed.field]: placed.message } } : { refusal: placed.message }),
      });
    },
  );
}
