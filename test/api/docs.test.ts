import { auditAlertContract } from '../../workflows/audit-alert/contract';
import { unitCodePattern } from '../../workflows/ids';
import { patrolContract } from '../../workflows/patrol/contract';
import { problemContract } from '../../workflows/problem/contract';
import { planContract } from '../../workflows/supervision-plan/contract';
import { publicReportContract } from '../../workflows/public-report/contract';
import { awardRoundContract } from '../../workflows/award-round/contract';
import { nominationContract } from '../../workflows/nomination/contract';
import { topicContract } from '../../workflows/special-topic/contract';
import type { KindContract } from '../../workflows/engine/contract';
import { supervisionContract } from '../../workflows/supervision/contract';
import type { TestSystem } from '../helpers/system';
import { startSystem } from '../helpers/system';

interface OpenApi {
  openapi: string;
  info: { title: string };
  paths: Record<
    string,
    Record<string, { requestBody?: unknown; responses: Record<string, unknown>; security?: unknown[] }>
  >;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

const kinds: Array<[KindContract<unknown, unknown>]> = [
  [patrolContract],
  [supervisionContract],
  [planContract],
  [publicReportContract],
  [awardRoundContract],
  [nominationContract],
  [auditAlertContract],
  [topicContract],
  [problemContract],
];

describe('API docs: OpenAPI generated from the route schemas, served with Swagger UI', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem();
  });
  afterAll(async () => sys?.close());

  test('the OpenAPI document describes every route with its bodies, responses and bearer security', async () => {
    const res = await sys.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<OpenApi>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toContain('督查巡查');
    // Every step of every kind's contract is an endpoint, with nothing written for it in the API.
    const stepPaths = kinds.flatMap(([contract]) =>
      Object.values(contract.steps)
        .filter((step) => !step.internal)
        .map((step) => `/${contract.resource}/{${contract.id.param}}/${step.path.replace(/:([A-Za-z]+)/g, '{$1}')}`),
    );
    // Patrol 24 (with issue 32's 退回修改, 修改后重新报送, 撤回提请, 撤回书面报告), supervision 13, plan 1, public report 5, award round 6, nomination 2, and on each of the five case kinds
    // the office's 催办未送达 (notices/{no}/undelivered); the file steps are the API's own (POST /cases/{id}/files), as
    // are those that store texts first (nominations, evidence, objections).
    // Issue 33: the audit alert's 已核查, and its 催办未送达 (a sixth kind with notices).
    // Issue 34: a plan topic's special supervision, approved once and its report signed (2).
    // Issue 34 item 3: the unit's 延期申请 and the leading group's decision, on patrols and supervisions (4).
    // Issue 35: a problem's progress, 申请销号, 销号 or send-back, and reopening (4; its evidence is POST …/files).
    expect(stepPaths).toHaveLength(24 + 13 + 1 + 5 + 6 + 2 + 5 + 1 + 1 + 2 + 4 + 4);
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/bulletin',
        '/bulletin/{caseId}',
        '/cases',
        '/cases/{caseId}',
        '/cases/{caseId}/comments',
        '/codec/decode',
        '/codec/session',
        '/assessments',
        '/assessments/{assessmentId}',
        '/award-conditions',
        '/award-publicity',
        '/award-rounds',
        '/award-rounds/{roundId}',
        '/award-rounds/{roundId}/documents',
        '/award-rounds/{roundId}/documents/{documentId}',
        '/award-rounds/{roundId}/nominations',
        '/award-rounds/{roundId}/objections',
        '/award-rounds/{roundId}/objections/{receipt}',
        '/award-rounds/{roundId}/publicity',
        '/award-rounds/{roundId}/statistics',
        '/nominations/{nominationId}',
        '/nominations/{nominationId}/evidence',
        '/nominations/{nominationId}/files',
        '/assessments/{assessmentId}/files',
        '/audit',
        '/audit-alerts/{caseId}',
        '/audit.csv',
        '/cases/{caseId}/files',
        '/cases/{caseId}/documents',
        '/cases/{caseId}/documents/{documentId}',
        '/cases/{caseId}/follow-up',
        '/cases/{caseId}/follow-ups',
        '/patrol-rectification-reports',
        '/patrol-rectification-reports/{year}',
        '/patrol-rectification-reports/{year}/signature',
        '/patrol-rectification-reports/{year}/text',
        '/national-reports',
        '/national-reports/{year}',
        '/national-reports/{year}/signature',
        '/national-reports/{year}/text',
        '/cross-patrols',
        '/documents/{documentId}',
        '/public-reports',
        '/public-reports/{ref}',
        '/health',
        '/health/live',
        '/health/ready',
        '/my/done',
        '/my/phrases',
        '/my/readings',
        '/my/readings/{id}',
        '/my/tasks',
        '/patrols',
        // Issue 35: the rectification ledger (GET; POST /problems starts a problem).
        '/problems',
        '/problems/export',
        '/problems/projection',
        '/problems/statistics',
        '/problems/{problemId}',
        '/problems/{problemId}/files',
        // Issue 36 item 3: what the discipline bodies report back on a transfer or a forwarded report.
        '/patrols/{caseId}/transfers/{transferId}/outcome',
        '/public-reports/{reportId}/forwarding/outcome',
        '/transfer-outcomes',
        // Issue 36 items 1 and 2: referrals (交办核查) and uses of results (通报批评、约谈、挂牌督办), with their steps.
        '/referrals',
        '/referrals/{referralId}',
        '/referrals/{referralId}/documents',
        '/referrals/{referralId}/documents/{documentId}',
        '/referrals/{referralId}/files',
        '/referrals/{referralId}/reply',
        '/referrals/{referralId}/review',
        '/referrals/{referralId}/sign',
        '/result-uses',
        '/result-uses/statistics',
        '/result-uses/{resultUseId}',
        '/result-uses/{resultUseId}/delist',
        '/result-uses/{resultUseId}/documents',
        '/result-uses/{resultUseId}/documents/{documentId}',
        '/result-uses/{resultUseId}/progress',
        '/result-uses/{resultUseId}/record',
        '/reports/{roundId}/{kind}',
        '/statistics',
        '/statistics/units.csv',
        '/supervision-plans',
        '/supervision-plans/{year}',
        '/supervision-plans/{year}/round',
        '/supervision-plans/{year}/rounds',
        '/supervision-plans/{year}/document',
        '/supervision-plans/{year}/topics/{n}',
        '/special-topics/{topicId}',
        '/supervision-rounds/{round}',
        '/supervision-rounds/{round}/documents',
        '/supervision-rounds/{round}/reports/{kind}/signature',
        '/supervisions',
        '/units',
        '/units/{code}/people',
        ...stepPaths,
      ].sort(),
    );
    // Every step has a request body schema, answers with its own kind's view or a refusal, and says who may take it.
    for (const [contract] of kinds) {
      for (const step of Object.values(contract.steps).filter((s) => !s.internal)) {
        const url = `/${contract.resource}/{${contract.id.param}}/${step.path.replace(/:([A-Za-z]+)/g, '{$1}')}`;
        const op = doc.paths[url]!.post!;
        expect([url, op.requestBody !== undefined]).toEqual([url, true]);
        expect([url, Object.keys(op.responses).sort()]).toEqual([
          url,
          ['200', '202', '400', '401', '403', '404', '409', '413', '415', '422', '429', '503'],
        ]);
        expect([url, JSON.stringify(op.responses['200'])]).toEqual([
          url,
          expect.stringContaining(contract.viewSchema.$id!),
        ]);
      }
    }
    expect(doc.paths['/patrols']?.post?.requestBody).toBeDefined();
    expect(Object.keys(doc.paths['/patrols']?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(['201', '401', '403', '409', '422']),
    );
    expect(Object.keys(doc.paths['/patrols/{caseId}/approval']?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '403', '404', '409', '422']),
    );
    expect(doc.components.securitySchemes).toHaveProperty('bearerAuth');
    for (const schema of ['PatrolCaseView', 'SupervisionCaseView', 'AnnualPlan', 'RoundProgress']) {
      expect(doc.components.schemas).toHaveProperty(schema);
    }
    for (const health of ['/health', '/health/live', '/health/ready'])
      expect(doc.paths[health]?.get?.security).toEqual([]);
    expect(doc.paths['/bulletin']?.get?.security).toEqual([]);
    // Art. 5: anyone files a public report and reads its status by receipt, with no token.
    expect(doc.paths['/public-reports']?.post?.security).toEqual([]);
    expect(doc.paths['/public-reports/{ref}']?.get?.security).toEqual([]);
    // Part 1: anyone reads the published list and lodges an objection, with no token.
    expect(doc.paths['/award-rounds/{roundId}/publicity']?.get?.security).toEqual([]);
    expect(doc.paths['/award-rounds/{roundId}/objections']?.post?.security).toEqual([]);
  });

  test('every field that takes a unit code links to GET /units, which is in the document under that link', async () => {
    const doc = (await sys.app.inject({ method: 'GET', url: '/docs/json' })).json<OpenApi>();
    const unitFields: string[] = [];
    const unlinked: string[] = [];
    const visit = (node: unknown, where: string): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => visit(n, `${where}[${i}]`));
      if (!node || typeof node !== 'object') return;
      // A query parameter carries its description itself (`{ in, name, description, schema }`); a body field in its schema.
      const o = node as { in?: string; pattern?: string; description?: string; schema?: { pattern?: string } };
      const pattern = o.in ? o.schema?.pattern : o.pattern;
      if (pattern === unitCodePattern) {
        unitFields.push(where);
        if (!(o.description ?? '').includes('[GET /units](#/registry/get_units)')) unlinked.push(where);
      }
      for (const [k, v] of Object.entries(node)) if (!(o.in && k === 'schema')) visit(v, `${where}/${k}`);
    };
    visit(doc.paths, '');
    expect(unitFields.length).toBeGreaterThan(10);
    expect(unlinked).toEqual([]);
    expect(doc.paths['/units']!.get).toMatchObject({ tags: ['registry'] });
  });

  test('Swagger UI is served at /docs', async () => {
    const res = await sys.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('swagger');
  });
});
