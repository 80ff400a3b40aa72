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
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/bulletin',
        '/bulletin/{caseId}',
        '/cases',
        '/cases/{caseId}',
        '/cases/{caseId}/deadlines/{key}/extension',
        '/health',
        '/my/tasks',
        '/patrols',
        '/patrols/{caseId}/approval',
        '/patrols/{caseId}/feedback',
        '/patrols/{caseId}/findings',
        '/patrols/{caseId}/group',
        '/patrols/{caseId}/handling-suggestions',
        '/patrols/{caseId}/handling-suggestions/{suggestionId}/answer',
        '/patrols/{caseId}/instructions',
        '/patrols/{caseId}/rectification-report',
        '/patrols/{caseId}/rectification-summary',
        '/patrols/{caseId}/report',
        '/patrols/{caseId}/request-for-instructions',
        '/patrols/{caseId}/transfers',
        '/patrols/{caseId}/transfers/{transferId}/acknowledgement',
        '/patrols/{caseId}/work-plan',
        '/reports/{roundId}/{kind}',
        '/supervision-plans',
        '/supervision-plans/{year}',
        '/supervision-plans/{year}/approval',
        '/supervision-plans/{year}/round',
        '/supervision-rounds/{year}',
        '/supervisions',
        '/supervisions/{caseId}/approval',
        '/supervisions/{caseId}/commendation',
        '/supervisions/{caseId}/findings',
        '/supervisions/{caseId}/group',
        '/supervisions/{caseId}/rectification-report',
        '/supervisions/{caseId}/report',
        '/supervisions/{caseId}/results',
        '/supervisions/{caseId}/work-plan',
        '/units',
      ].sort(),
    );
    // Every step has a request body schema and answers with the case record or a refusal.
    for (const [url, ops] of Object.entries(doc.paths)) {
      if (
        !ops.post ||
        ['/patrols', '/supervisions', '/supervision-plans', '/supervision-plans/{year}/round'].includes(url)
      )
        continue;
      expect([url, ops.post.requestBody !== undefined]).toEqual([url, true]);
      expect([url, Object.keys(ops.post.responses).sort()]).toEqual([
        url,
        ['200', '400', '401', '403', '404', '409', '422'],
      ]);
    }
    expect(doc.paths['/patrols']?.post?.requestBody).toBeDefined();
    expect(Object.keys(doc.paths['/patrols']?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(['201', '401', '403', '409', '422']),
    );
    expect(Object.keys(doc.paths['/patrols/{caseId}/approval']?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '403', '404', '409', '422']),
    );
    expect(doc.components.securitySchemes).toHaveProperty('bearerAuth');
    expect(doc.components.schemas).toHaveProperty('PatrolCaseRecord');
    expect(doc.paths['/health']?.get?.security).toEqual([]);
    expect(doc.paths['/bulletin']?.get?.security).toEqual([]);
  });

  test('Swagger UI is served at /docs', async () => {
    const res = await sys.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('swagger');
  });
});
