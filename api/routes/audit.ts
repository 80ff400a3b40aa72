/**
 * The audit trail for the auditor (审计员, issue 33 item 3): the entries, filtered by person, case, kind of access and
 * time, newest first, a page at a time; and the same as CSV with Chinese headers. The auditor reads this and nothing
 * else (every other route refuses the role), and these reads are themselves entries of the trail.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { stringify } from 'csv-stringify/sync';
import type { AuditEntry } from '../../lib/audit/chain';
import { accessKinds, accessLabels, outcomeLabels } from '../../lib/audit/kinds';
import type { AuditFilter } from '../../lib/store/case-store';
import { roleLabels } from '../../workflows/domain';
import type { Role } from '../../workflows/domain';
import { errorResponses } from '../schemas';

const tags = ['audit'];

/** At most this many entries in one CSV export (narrow the filter for more). */
export const auditCsvLimit = 50_000;

export const AuditQuery = Type.Object({
  person: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Whose entries (the token’s sub)' })),
  case: Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: 'What was touched: a case, report, document … by id' }),
  ),
  access: Type.Optional(Type.Union(accessKinds.map((k) => Type.Literal(k)))),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'From this time (inclusive)' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Until this time (exclusive)' })),
  after: Type.Optional(
    Type.String({ maxLength: 200, pattern: '^[^|]+\\|[^|]+\\|[0-9]+$', description: 'The `next` of the page before' }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});
export type AuditQuery = Static<typeof AuditQuery>;

const EntrySchema = Type.Object({
  at: Type.String({ format: 'date-time' }),
  person: Type.String({ description: 'The token’s sub; `-` when no token was accepted' }),
  role: Type.String(),
  unit: Type.Union([Type.String(), Type.Null()]),
  group: Type.Union([Type.String(), Type.Null()]),
  access: Type.String({ description: 'The kind of access (lib/audit/kinds.ts)' }),
  resource: Type.Union([Type.String(), Type.Null()], { description: 'What was touched, by id' }),
  section: Type.Union([Type.String(), Type.Null()], { description: 'The route or part touched' }),
  outcome: Type.String({ description: 'allowed, refused or failed' }),
  status: Type.Union([Type.Integer(), Type.Null()]),
  clientAddress: Type.String(),
  requestId: Type.String(),
  chain: Type.String(),
  seq: Type.Integer(),
  hash: Type.String(),
});

const PageSchema = Type.Object({
  entries: Type.Array(EntrySchema),
  next: Type.Optional(Type.String({ description: 'Pass as `after` for the next page' })),
});

/** The store's filter of a query. */
export function filterOf(q: AuditQuery, limit: number): AuditFilter {
  const after = q.after?.split('|');
  return {
    ...(q.person ? { person: q.person } : {}),
    ...(q.case ? { resource: q.case } : {}),
    ...(q.access ? { access: q.access } : {}),
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
    ...(after ? { after: { at: after[0]!, chain: after[1]!, seq: Number(after[2]) } } : {}),
    limit,
  };
}

const shown = ({ prevHash: _prev, ...e }: AuditEntry) => e;

/** The CSV's lines, with Chinese headers. */
export function auditCsv(entries: readonly AuditEntry[]): string {
  const header = [
    '时间',
    '人员',
    '角色',
    '单位',
    '组',
    '访问类型',
    '对象',
    '部分',
    '结果',
    '状态码',
    '客户端地址',
    '请求编号',
    '链',
    '序号',
    '哈希',
  ];
  const lines = entries.map((e) => [
    e.at,
    e.person,
    roleLabels[e.role as Role] ?? e.role,
    e.unit ?? '',
    e.group ?? '',
    accessLabels[e.access as keyof typeof accessLabels] ?? e.access,
    e.resource ?? '',
    e.section ?? '',
    outcomeLabels[e.outcome as keyof typeof outcomeLabels] ?? e.outcome,
    e.status ?? '',
    e.clientAddress,
    e.requestId,
    e.chain,
    e.seq,
    e.hash,
  ]);
  return stringify([header, ...lines], { bom: true, escape_formulas: true });
}

// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const audit: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/audit',
    {
      onRequest: app.requireRole('auditor'),
      config: { audit: 'audit' },
      schema: {
        tags,
        summary: 'The audit trail (auditor only): who read and did what, newest first',
        description:
          'Every request to a route that needs a role (reads, files, documents, exports, codec decodes, steps; refused ones too), every sign-in, sign-out and ended session. Entries name people by id and what they touched by id; never an identity or a text of a case.',
        querystring: AuditQuery,
        response: { 200: PageSchema, ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 100;
      const entries = await app.store.auditEntries(filterOf(request.query, limit));
      const last = entries.length === limit ? entries[entries.length - 1] : undefined;
      return { entries: entries.map(shown), ...(last ? { next: `${last.at}|${last.chain}|${last.seq}` } : {}) };
    },
  );

  app.get(
    '/audit.csv',
    {
      onRequest: app.requireRole('auditor'),
      config: { audit: 'audit' },
      schema: {
        tags,
        summary: `The audit trail as CSV with Chinese headers (auditor only; at most ${auditCsvLimit} entries)`,
        querystring: Type.Omit(AuditQuery, ['after', 'limit']),
        response: { 200: Type.String({ description: 'text/csv' }), ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request, reply) => {
      const entries = await app.store.auditEntries(filterOf(request.query, auditCsvLimit));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="audit-trail.csv"')
        .send(auditCsv(entries));
    },
  );
};

export default audit;
