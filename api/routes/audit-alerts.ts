/**
 * Issue 33 item 4: one audit alert (审计预警), for the office only (its step, 已核查, is built from the contract in
 * routes/steps.ts). The workbench's page of the alert reads it here; no other role learns that an alert exists.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { auditAlertContract, auditAlertIdPattern } from '../../workflows/audit-alert/contract';
import { errorResponses } from '../schemas';

// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const auditAlerts: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/audit-alerts/:caseId',
    {
      onRequest: app.requireRole('office'),
      schema: {
        tags: ['audit'],
        summary: 'Issue 33 item 4: an audit alert: who read how many identities and files in which hour',
        description:
          'The office only (403 for anyone else). The person is named by the id and role the audit trail has for them; the alert links to their entries (`/workbench/audit?person=…`).',
        params: Type.Object({ caseId: Type.String({ pattern: auditAlertIdPattern }) }),
        response: { 200: Type.Ref(auditAlertContract.viewSchema.$id!), ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => app.cases.read(auditAlertContract, request.params.caseId, request.actor),
  );
};

export default auditAlerts;
