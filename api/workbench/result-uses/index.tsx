/**
 * 结果运用 (issue 36 items 2 and 4; docs/result-uses.md): the overseers' list of the leading group's 通报批评, 约谈 and
 * 挂牌督办, with a listing's light until 摘牌, filtered by type, unit and year (GET /result-uses as the person), and the
 * leading group's form that decides one on a case or a problem (POST /result-uses). Each decision opens on its case
 * page (/workbench/cases/{resultUseId}), where the office records a talk and the unit reports a listing's progress.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ResultUseType, Role } from '../../../workflows/domain';
import { resultUseTypes } from '../../../workflows/domain';
import { resultUseStageLabels } from '../../../workflows/result-use/contract';
import type { ResultUseStage } from '../../../workflows/result-use/contract';
import { ResultUseFormBody, resultUseBody } from '../../schemas';
import { caseIdentity, unitCodeOfId } from '../../../lib/documents/case-identity';
import { dueStatus, lightDay, todayIn } from '../components/format';
import type { FormBody } from '../components/forms';
import { formFields, readForm, refusalPlacement } from '../components/forms';
import { ErrorPage } from '../components/layout';
import type { Session } from '../components/layout';
import type { ApiError, Workbench } from '../components/context';
import { base } from '../components/context';
import { PlainForm } from '../cases/views/case-forms';
import type { Retry } from '../cases/page';
import { LedgerFilters } from '../ledger/pages';
import type { ResultUseItem } from './pages';
import { ResultUseList } from './pages';
import { caseIdPattern } from '../../../workflows/ids';
import { problemIdPattern } from '../../../workflows/problem/contract';

const overseers: readonly Role[] = ['office', 'leading-group', 'committee'];
type Query = Record<string, string | undefined>;

interface ResultUseRow {
  resultUseId: string;
  type: ResultUseType;
  year: number;
  unitCode: string;
  unitName: string;
  stage: ResultUseStage;
  closed: boolean;
  overdue: boolean;
  dueAt?: string;
  decidedAt: string;
}

export function resultUseRoutes(app: FastifyInstance, ctx: Workbench): void {
  const { yellowDays, now, noLimit, api, signedIn, layout, checkCsrf, units, signInUrl, validation, unitName } = ctx;
  const labels = { subject: '所涉督查巡查或整改问题' };
  const fields = formFields(ResultUseFormBody, [], labels);
  /** From a case's or a problem's page the subject is given: the form leaves it out and names it in words. */
  const givenFields = formFields(ResultUseFormBody, ['subject'], labels);
  type Subject = { caseId: string } | { problemId: string };
  function givenSubject(q: Query): Subject | undefined {
    if (q.problemId && new RegExp(problemIdPattern).test(q.problemId)) return { problemId: q.problemId };
    if (q.caseId && new RegExp(caseIdPattern).test(q.caseId)) return { caseId: q.caseId };
    return undefined;
  }
  const subjectAddress = (subject: Subject | undefined) =>
    !subject
      ? `${base}/result-uses/new`
      : 'problemId' in subject
        ? `${base}/result-uses/new?problemId=${encodeURIComponent(subject.problemId)}`
        : `${base}/result-uses/new?caseId=${encodeURIComponent(subject.caseId)}`;
  const subjectWords = (subject: Subject) => {
    const id = 'problemId' in subject ? subject.problemId : subject.caseId;
    return `所涉事项：${caseIdentity(id, unitName(unitCodeOfId(id) ?? '')).title}。`;
  };
  const validator = validation.register('form.result-use', ResultUseFormBody);

  const href = (path: string, params: Record<string, string | undefined>) => {
    const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1])));
    return query.size ? `${path}?${query}` : path;
  };

  async function listPage(request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply) {
    const clock = await now();
    const today = lightDay(clock);
    const thisYear = Number(todayIn(clock).slice(0, 4));
    const years = [0, 1, 2, 3].map((d) => String(thisYear - d));
    const q = request.query;
    const codes = units().map(([code]) => code);
    const chosen = Object.fromEntries(
      Object.entries({
        type: q.type && q.type in resultUseTypes ? q.type : undefined,
        unit: q.unit && codes.includes(q.unit) ? q.unit : undefined,
        year: q.year && years.includes(q.year) ? q.year : undefined,
      }).filter((e): e is [string, string] => Boolean(e[1])),
    );
    const answer = await api<ResultUseRow[] & ApiError>(request, 'GET', href('/result-uses', chosen));
    if (answer.status === 403 || answer.status === 400) {
      return layout(
        request,
        reply,
        { title: '结果运用', active: 'result-uses', status: answer.status },
        <ErrorPage message={answer.body.message ?? '无法查看结果运用'} />,
      );
    }
    if (answer.status !== 200) throw Object.assign(new Error('结果运用暂时无法读取，请稍后再试'), { statusCode: 503 });
    const items: ResultUseItem[] = answer.body.map((r) => {
      const dueDate = !r.closed && r.dueAt ? todayIn(Date.parse(r.dueAt)) : undefined;
      return {
        id: r.resultUseId,
        href: `${base}/cases/${encodeURIComponent(r.resultUseId)}`,
        type: resultUseTypes[r.type] ?? r.type,
        title: caseIdentity(r.resultUseId, r.unitName).title,
        unitName: r.unitName,
        stageLabel: resultUseStageLabels[r.stage] ?? r.stage,
        decidedAt: r.decidedAt,
        closed: r.closed,
        ...(dueDate ? { dueDate, due: dueStatus(dueDate, today, yellowDays, r.overdue) } : {}),
      };
    });
    return layout(
      request,
      reply,
      { title: '结果运用', active: 'result-uses' },
      <ResultUseList
        items={items}
        filterForm={
          <LedgerFilters
            action={`${base}/result-uses`}
            filters={[
              { name: 'type', label: '结果运用方式', options: Object.entries(resultUseTypes), value: chosen.type },
              { name: 'unit', label: '所涉单位', options: units(), value: chosen.unit },
              { name: 'year', label: '年度', options: years.map((y) => [y, `${y}年`]), value: chosen.year },
            ]}
          />
        }
        {...(request.actor.role === 'leading-group' ? { newHref: `${base}/result-uses/new` } : {})}
      />,
    );
  }

  app.get<{ Querystring: Query }>(
    `${base}/result-uses`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn },
    async (request, reply) => {
      if (!overseers.includes(request.actor.role)) {
        return layout(
          request,
          reply,
          { title: '结果运用', active: 'result-uses', status: 403 },
          <ErrorPage message="结果运用由领导小组、领导小组办公室和省委、省政府查看；本单位的决定在“我的待办”和相应事项中查看。" />,
        );
      }
      return listPage(request, reply);
    },
  );

  const formPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    subject: Subject | undefined,
    retry?: Omit<Retry, 'anchor' | 'idempotencyKey'>,
  ) =>
    layout(
      request,
      reply,
      {
        title: '结果运用：通报批评、约谈、挂牌督办',
        active: 'result-uses',
        ...(retry ? { status: retry.status } : {}),
      },
      (session: Session) => (
        <PlainForm
          action={subjectAddress(subject)}
          formId="result-use"
          submit="提交：作出决定"
          intro={
            <p class="summary">
              领导小组对督查巡查或整改台账中的问题作出通报批评、约谈或挂牌督办的决定。通报批评填写通报内容，约谈填写被约谈人、时间和地点，挂牌督办填写督办事项、办结时限和责任领导；其他方式的栏目不填。
              {subject ? subjectWords(subject) : ''}
            </p>
          }
          fields={subject ? givenFields : fields}
          {...(subject ? {} : { validator })}
          csrf={session.csrf}
          units={units()}
          {...(retry?.values ? { values: retry.values } : {})}
          {...(retry?.errors ? { errors: retry.errors } : {})}
          {...(retry?.refusal ? { refusal: retry.refusal } : {})}
        />
      ),
    );

  app.get<{ Querystring: Query }>(
    `${base}/result-uses/new`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn },
    async (request, reply) => formPage(request, reply, givenSubject(request.query)),
  );

  app.post<{ Body: FormBody; Querystring: Query }>(
    `${base}/result-uses/new`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn, preHandler: checkCsrf },
    async (request, reply) => {
      const body = request.body ?? {};
      const subject = givenSubject(request.query);
      const input = subject ? { ...readForm(givenFields, body), subject } : readForm(fields, body);
      const answer = await api<{ resultUseId?: string } & ApiError>(
        request,
        'POST',
        '/result-uses',
        resultUseBody(input),
      );
      if (answer.status === 201 && answer.body.resultUseId) {
        return reply.redirect(`${base}/cases/${encodeURIComponent(answer.body.resultUseId)}`, 303);
      }
      if (answer.status === 401) return reply.redirect(signInUrl(request, 'expired'), 303);
      const placed = refusalPlacement(answer.body.message ?? '提交未成功，请稍后再试', subject ? givenFields : fields);
      return formPage(request, reply, subject, {
        values: body,
        status: answer.status,
        ...(placed.field ? { errors: { [placed.field]: placed.message } } : { refusal: placed.message }),
      });
    },
  );
}
