import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

/** OpenAPI generated from the route schemas, served with Swagger UI at /docs. */
export default fp(
  async function docs(app: FastifyInstance) {
    await app.register(swagger, {
      // Shared schemas appear under their own names (PatrolCaseRecord, Error), not def-0, def-1.
      refResolver: {
        buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
      },
      openapi: {
        openapi: '3.1.0',
        info: {
          title: '山西省脱贫攻坚督查巡查工作系统 API',
          description:
            '依照《山西省脱贫攻坚督查巡查工作办法》办理督查、巡查的 HTTP 接口。每个请求需携带 Bearer 令牌（角色及可见范围见 docs/need-to-know.md）。本地可用 `npm run token -- --role committee` 生成令牌。',
          version: '0.1.0',
        },
        components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
        security: [{ bearerAuth: [] }],
        tags: [
          { name: 'patrol', description: '巡查（第三章，第十二至十六条）' },
          { name: 'supervision', description: '督查（第二章，第六至十一条）' },
          { name: 'annual plan', description: '年度督查计划、综合督查轮次与报告（第六、八、十一条）' },
          { name: 'cases', description: '督查、巡查查询与待办' },
          { name: 'public report', description: '受理群众举报（第三、五、十二条）：举报无需令牌，凭受理编号查询' },
          { name: 'assessment', description: '第三方评估成果登记（第五条）' },
          { name: 'documents', description: '附件：工作方案、书面报告、举报材料、评估报告' },
          { name: 'registry', description: '单位名录（第二条）' },
          { name: 'public', description: '社会公开（无需令牌）' },
          { name: 'system', description: '运行状态' },
        ],
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  },
  { name: 'docs' },
);
