/** 提请巡查 (Art. 12): the form on a page of its own, and its sending. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ProposePatrolBody } from '../../schemas';
import type { FormBody } from '../components/forms';
import { formFields, readForm, refusalPlacement } from '../components/forms';
import type { Session } from '../components/layout';
import { PlainForm } from './views/case-forms';
import type { Workbench, ApiError } from '../components/context';
import type { Retry } from './page';
import { base } from '../components/context';

export function proposeRoutes(app: FastifyInstance, ctx: Workbench): void {
  const { checkCsrf, noLimit, units, api, signInUrl, signedIn, layout, validation } = ctx;
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
