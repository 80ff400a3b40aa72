/** The workbench's pages of cases: 我的待办, 我的已办, 督查巡查, a case with its steps as forms, its documents, 提请巡查. */
import type { FastifyInstance } from 'fastify';
import type { Workbench } from '../components/context';
import { listRoutes } from './lists';
import { casePageRoutes } from './page';
import { caseDocumentRoutes } from './documents';
import { proposeRoutes } from './propose';

/** The case pages' route groups, registered by index.tsx as one (a page's validators are registered in this order). */
export function caseRoutes(app: FastifyInstance, ctx: Workbench): void {
  listRoutes(app, ctx);
  casePageRoutes(app, ctx);
  caseDocumentRoutes(app, ctx);
  proposeRoutes(app, ctx);
}
