import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../../workflows/domain';
import { Type } from '@sinclair/typebox';
import { ids } from '../../workflows/ids';
import { YearSchema } from '../../workflows/supervision-plan/contract';
import { literals, strictInput } from '../../workflows/engine/schemas';
import type { YearlyReport } from '../../workflows/patrol-rectification-report/contract';
import { HttpRefusal } from '../refusal';
import type { Subject } from '../services/yearly-reports';
import { yearlyReportPath } from '../services/yearly-reports';
import { errorResponses } from '../schemas';
import { DocumentResponse, ReportFormat, numbered, sendDocument } from '../document-files';
import { yearlyReport } from '../../lib/documents/numbers';
import { reportModel } from '../../lib/documents/reports';
import { nationalReportId } from '../../workflows/supervision-round/national';

const tags = ['patrol'];
const YearParam = Type.Object({ year: YearSchema });
const notDrafted = (year: number) => new HttpRefusal(404, `${year}年度巡查整改情况报告尚未起草`, 'ReportNotReady');
const nationalNotDrafted = (year: number) =>
  new HttpRefusal(404, `${year}年度督查工作情况报告尚未起草`, 'ReportNotReady');

/**
 * Art. 16 (3): the year's rectification across all patrols, reported to the committee once the leading group has
 * signed it, and the aggregate of what it made public published on the bulletin when it so decides.
 */
// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const yearlyReports: FastifyPluginAsyncTypebox = async (app) => {
  /** The state as the store has it; the committee sees nothing of it before the leading group has signed. */
  const stateFor = async (year: number, role: string): Promise<YearlyReport> => {
    const state = (await app.store.yearlyReport(ids.patrolRectificationReport(year))) as YearlyReport | undefined;
    if (!state || (role === 'committee' && !state.signed)) throw notDrafted(year);
    return state;
  };

  /** Draft the year's report, or draft it again while it waits for the signature: 201 the first time, then 200. */
  const draft = async (reply: FastifyReply, year: number, actor: Actor, subject?: Subject) => {
    const { redrafted, ...state } = await app.yearlyReports.start(year, actor, subject);
    return reply
      .status(redrafted ? 200 : 201)
      .header('location', yearlyReportPath(year, subject))
      .send(state);
  };

  app.post(
    '/patrol-rectification-reports',
    {
      onRequest: app.requireRole('office', 'leading-group'),
      schema: {
        tags,
        summary: "Art. 16 (3): draft the year's rectification report across all patrols (巡查整改情况汇总报告)",
        description:
          'The system drafts it from the case store: every patrol of the year whose feedback was issued, each rectification opinion and how its review ended, late reports and send-backs, what was made public. The leading group signs it (`…/signature`), then it goes to the committee. One per year: posted again while it waits for the signature, it is drafted again from the store as it stands (200); once signed, 409 with `Location`.',
        body: strictInput(Type.Object({ year: YearSchema })),
        response: {
          200: Type.Ref('YearlyRectificationReport'),
          201: Type.Ref('YearlyRectificationReport'),
          ...errorResponses(400, 401, 403, 409, 503),
        },
      },
    },
    async (request, reply) => draft(reply, request.body.year, request.actor),
  );

  app.get(
    '/patrol-rectification-reports/:year',
    {
      onRequest: app.requireRole('office', 'leading-group', 'committee'),
      schema: {
        tags,
        summary: "Art. 16 (3): the year's patrol rectification report: drafted, signed, sent, published",
        params: YearParam,
        response: { 200: Type.Ref('YearlyRectificationReport'), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => stateFor(request.params.year, request.actor.role),
  );

  app.get(
    '/patrol-rectification-reports/:year/text',
    {
      config: { audit: 'document' },
      onRequest: app.requireRole('office', 'leading-group', 'committee'),
      schema: {
        tags,
        summary: 'Art. 16 (3): the text as signed (Markdown, or `?format=docx|html`); the draft with `?version=draft`',
        description:
          'The committee reads it once the leading group has signed it; the office and the leading group also read the draft.',
        params: YearParam,
        querystring: Type.Object({
          version: Type.Optional(literals(['draft', 'signed'] as const)),
          format: Type.Optional(ReportFormat),
        }),
        response: { 200: DocumentResponse, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { year } = request.params;
      const state = await stateFor(year, request.actor.role);
      const draft = request.query.version === 'draft';
      if (draft && request.actor.role === 'committee') throw notDrafted(year);
      if (!draft && !state.signed)
        throw new HttpRefusal(404, '报告尚未签发（起草稿：?version=draft）', 'ReportNotSigned');
      const version = draft ? 'report' : state.signed!.version;
      const text = await app.store.report(state.reportId, version);
      if (text === undefined) throw notDrafted(year);
      reply.header('x-report-status', state.signed ? 'signed' : 'awaiting-signature');
      const format = request.query.format;
      if (format === 'docx' || format === 'html') {
        // The document from the model as drafted, or read from the text the leading group edited.
        const model = await reportModel(app.store, state.reportId, version, text);
        // Read only: the number was given when the signed report was stored (activities/store.ts).
        const { doc, sha256, awaitingNumber } = await numbered(
          app,
          yearlyReport(state, { text, model }, !draft && state.signed !== undefined),
        );
        return sendDocument(reply, doc, format, state.reportId, sha256, awaitingNumber);
      }
      return reply.type('text/markdown; charset=utf-8').send(text);
    },
  );

  app.post(
    '/patrol-rectification-reports/:year/signature',
    {
      onRequest: app.requireRole('leading-group'),
      schema: {
        tags,
        summary: 'Art. 16 (3) (ours): the leading group signs the report; it goes to the committee (审签、报送、公开)',
        description:
          'Nothing goes to the committee unsigned. `text`: the report as edited (the draft stays stored; both hashes are kept); `publish`: publish on the bulletin the aggregate of the rectification the leading group made public patrol by patrol (GET /bulletin/patrol-rectification-report-{year}).',
        params: YearParam,
        body: strictInput(
          Type.Object({
            publish: Type.Boolean({ description: '公开已决定公开的整改情况（汇总）' }),
            text: Type.Optional(Type.String({ minLength: 1, maxLength: 100_000, description: '修改后的报告全文' })),
            note: Type.Optional(Type.String({ maxLength: 500, description: '审签意见' })),
          }),
        ),
        response: { 200: Type.Ref('YearlyRectificationReport'), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => app.yearlyReports.sign(request.params.year, request.body, request.actor),
  );

  // Issue 34: the year's report to the national leading group (开展督查工作情况), once a year over every round and
  // special supervision of the year. The office and the leading group see it; the office files it once signed.
  const nationalTags = ['annual plan'];
  const nationalState = async (year: number): Promise<YearlyReport> => {
    const state = (await app.store.yearlyReport(nationalReportId(year))) as YearlyReport | undefined;
    if (!state) throw nationalNotDrafted(year);
    return state;
  };

  app.post(
    '/national-reports',
    {
      onRequest: app.requireRole('office', 'leading-group'),
      schema: {
        tags: nationalTags,
        summary: "Issue 34: draft the year's report to the national leading group (开展督查工作情况)",
        description:
          'One a year, over every comprehensive round that started in the year and every special supervision, drafted from the case store as it stands. Posted again while it waits for the signature, it is drafted again (200); once signed, 409 with `Location`. Signed, the office files it with the national leading group.',
        body: strictInput(Type.Object({ year: YearSchema })),
        response: {
          200: Type.Ref('YearlyRectificationReport'),
          201: Type.Ref('YearlyRectificationReport'),
          ...errorResponses(400, 401, 403, 409, 503),
        },
      },
    },
    async (request, reply) => draft(reply, request.body.year, request.actor, 'national'),
  );

  app.get(
    '/national-reports/:year',
    {
      onRequest: app.requireRole('office', 'leading-group'),
      schema: {
        tags: nationalTags,
        summary: "Issue 34: the year's report to the national leading group: drafted, what it covers, signed",
        params: YearParam,
        response: { 200: Type.Ref('YearlyRectificationReport'), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => nationalState(request.params.year),
  );

  app.get(
    '/national-reports/:year/text',
    {
      config: { audit: 'document' },
      onRequest: app.requireRole('office', 'leading-group'),
      schema: {
        tags: nationalTags,
        summary: 'Issue 34: the text as signed (Markdown); the draft with `?version=draft`',
        params: YearParam,
        querystring: Type.Object({ version: Type.Optional(literals(['draft', 'signed'] as const)) }),
        response: { 200: Type.String(), ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { year } = request.params;
      const state = await nationalState(year);
      const draft = request.query.version === 'draft';
      if (!draft && !state.signed)
        throw new HttpRefusal(404, '报告尚未签发（起草稿：?version=draft）', 'ReportNotSigned');
      const text = await app.store.report(state.reportId, draft ? 'report' : state.signed!.version);
      if (text === undefined) throw nationalNotDrafted(year);
      reply.header('x-report-status', state.signed ? 'signed' : 'awaiting-signature');
      return reply.type('text/markdown; charset=utf-8').send(text);
    },
  );

  app.post(
    '/national-reports/:year/signature',
    {
      onRequest: app.requireRole('leading-group'),
      schema: {
        tags: nationalTags,
        summary:
          'Issue 34 (ours): the leading group signs the report, as drafted or edited; the office files it (审签)',
        params: YearParam,
        body: strictInput(
          Type.Object({
            text: Type.Optional(Type.String({ minLength: 1, maxLength: 100_000, description: '修改后的报告全文' })),
            note: Type.Optional(Type.String({ maxLength: 500, description: '审签意见' })),
          }),
        ),
        response: { 200: Type.Ref('YearlyRectificationReport'), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      app.yearlyReports.sign(request.params.year, { ...request.body, publish: false }, request.actor, 'national'),
  );
};

export default yearlyReports;
