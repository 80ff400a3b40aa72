/**
 * Issue 32 item 8: the person's own stock phrases (常用语), edited as one text, one phrase a line, without JavaScript.
 * The page reads and saves them through the API (GET and PUT /my/phrases), which says why a list is refused.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { phraseLimits } from '../../stock-phrases';
import type { ApiError, Workbench } from '../components/context';
import { base } from '../components/context';
import type { Session } from '../components/layout';
import { ErrorPage } from '../components/layout';
import { FormTop } from '../cases/views/case-forms';

interface PhrasesAnswer {
  phrases: string[];
  own: boolean;
}

function PhrasesPage(props: { csrf: string; text: string; own: boolean; refusal?: string | undefined }) {
  return (
    <>
      <p class="summary">
        填写意见、理由、批示、答复、说明等内容时，可在该栏下方选择一条常用语，按“插入常用语”加到该栏末尾，再按需修改。
      </p>
      {props.own ? null : <p class="summary">下面是系统按您的身份提供的常用语，修改并保存后即为您自己的常用语。</p>}
      <form method="post" action={`${base}/phrases`} class="step-form">
        <FormTop refusal={props.refusal} csrf={props.csrf} />
        <div class="field">
          <label for="phrases-text">
            我的常用语
            <span class="hint">
              （每行一条，每条最多{phraseLimits.length}字，最多{phraseLimits.perPerson}条，不能重复）
            </span>
          </label>
          <textarea id="phrases-text" name="text" rows={12}>
            {props.text}
          </textarea>
        </div>
        <p class="hint">全部删去后保存，将恢复系统提供的常用语。</p>
        <button type="submit">保存</button>
      </form>
    </>
  );
}

/** 常用语: the page, and its form (CSRF-protected like every form of the workbench). */
export function phrasesRoutes(app: FastifyInstance, ctx: Workbench): void {
  const { api, checkCsrf, noLimit, signedIn, signInUrl, layout } = ctx;
  const hooks = { config: noLimit, schema: { hide: true }, onRequest: signedIn };

  const show = (
    request: FastifyRequest,
    reply: FastifyReply,
    o: { text: string; own: boolean; notice?: string; refusal?: string; status?: number },
  ) =>
    layout(
      request,
      reply,
      { title: '常用语', ...(o.notice ? { notice: o.notice } : {}), ...(o.status ? { status: o.status } : {}) },
      (session: Session) => <PhrasesPage csrf={session.csrf} text={o.text} own={o.own} refusal={o.refusal} />,
    );

  app.get<{ Querystring: { saved?: string } }>(`${base}/phrases`, hooks, async (request, reply) => {
    const answer = await api<PhrasesAnswer & ApiError>(request, 'GET', '/my/phrases');
    if (answer.status === 401) return reply.redirect(signInUrl(request, 'expired'), 303);
    if (answer.status !== 200) {
      return layout(
        request,
        reply,
        { title: '常用语', status: answer.status },
        <ErrorPage message={answer.body.message ?? '暂时无法读取，请稍后再试。'} />,
      );
    }
    return show(request, reply, {
      text: answer.body.phrases.join('\n'),
      own: answer.body.own,
      ...(request.query.saved === '1' ? { notice: '已保存常用语。' } : {}),
    });
  });

  app.post<{ Body: Record<string, string | string[] | undefined> }>(
    `${base}/phrases`,
    { ...hooks, preHandler: checkCsrf },
    async (request, reply) => {
      const raw = request.body?.text;
      const text = typeof raw === 'string' ? raw : '';
      // One phrase a line; blank lines are only spacing.
      const phrases = text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean);
      const answer = await api<PhrasesAnswer & ApiError>(request, 'PUT', '/my/phrases', { phrases });
      if (answer.status === 200) return reply.redirect(`${base}/phrases?saved=1`, 303);
      if (answer.status === 401) return reply.redirect(signInUrl(request, 'expired'), 303);
      return show(request, reply, {
        text,
        own: true,
        refusal: answer.body.message ?? '保存未成功，请稍后再试。',
        status: answer.status,
      });
    },
  );
}
