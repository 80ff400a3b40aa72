/**
 * The audit trail of the API (issue 33 item 1; docs/security.md "Audit trail"). Every request to a route that needs a
 * role is recorded, whatever its outcome: who (from the verified token; nobody when the token was refused), when,
 * what (the kind of access the route declares in `config.audit`, else a read for GET and a step otherwise), the
 * resource by id and the route as its section, the outcome and status, the client's address and the request id.
 * Routes that open an identity, a file or a document say so on the request (`request.auditAs`).
 *
 * The entry is written in the request, before the answer leaves: a read whose entry the store did not take is not
 * answered; the caller hears 503 instead. A step is answered (it has happened, or was refused and changed nothing;
 * the case's own record names who took it and when), and its entry waits in the process until the store answers.
 * Sign-in and sign-out, which are not API routes, write through `app.auditTrail.record`.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AuditFields } from '../../../lib/audit/chain';
import type { AccessKind } from '../../../lib/audit/kinds';
import { outcomeOf } from '../../../lib/audit/kinds';
import { AuditWriter } from '../../../lib/audit/writer';

/** Who an entry names (a verified token's claims). */
type Who = { id?: string; role?: string; unit?: string | undefined; group?: string | undefined };

/** What a request's entry will say, as the route (or its handler) declares it. */
export interface AuditNote {
  access: AccessKind;
  resource?: string;
  section?: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    auditTrail: {
      /** Write one entry outside a route's answer (sign-in, sign-out, the end of a session). */
      record(
        request: FastifyRequest,
        o: { actor?: Who | undefined; access: AccessKind; outcome: AuditFields['outcome']; resource?: string },
      ): Promise<void>;
    };
  }
  interface FastifyRequest {
    /** Set once the route has asked for a role: this request is recorded. */
    auditNote: AuditNote | null;
    /** Say what this request opened (an identity, a file, a document), for its entry. */
    auditAs(access: AccessKind, o?: { resource?: string; section?: string }): void;
  }
  interface FastifyContextConfig {
    /** The kind of access this route is, when it is not a read (GET) or a step (otherwise). */
    audit?: AccessKind;
  }
}

/** Path parameters that name what was touched, in order of preference; a receipt is never one. */
const resourceParams = ['caseId', 'documentId', 'reportId', 'ref', 'roundId', 'round', 'nominationId', 'assessmentId'];

function resourceOf(request: FastifyRequest): string | undefined {
  const params = (request.params ?? {}) as Record<string, unknown>;
  for (const name of resourceParams) {
    const value = params[name];
    if (typeof value === 'string' || typeof value === 'number') return String(value).slice(0, 200);
  }
  return undefined;
}

/** The note of a request that has reached a role check: the route's kind of access, or a read or a step. */
export function noteFor(request: FastifyRequest): AuditNote {
  const declared = request.routeOptions.config?.audit;
  return { access: declared ?? (request.method === 'GET' ? 'read' : 'step') };
}

const unavailable = JSON.stringify({
  statusCode: 503,
  error: 'Service Unavailable',
  code: 'AuditUnavailable',
  message: '审计记录暂时无法写入，本次查阅不予答复，请稍后重试',
});

export default fp(
  // eslint-disable-next-line @typescript-eslint/require-await
  async function auditTrail(app: FastifyInstance, opts: { clock?: () => Date }) {
    const writer = new AuditWriter(app.store, opts.clock);

    const fieldsOf = (
      request: FastifyRequest,
      actor: Who | undefined,
      o: Pick<AuditFields, 'access' | 'outcome' | 'status'> & { resource?: string | undefined; section?: string },
    ): Omit<AuditFields, 'at'> => ({
      person: actor?.id ?? '-',
      role: actor?.role ?? '-',
      unit: actor?.unit ?? null,
      group: actor?.group ?? null,
      access: o.access,
      resource: o.resource ?? null,
      section: o.section ?? request.routeOptions.url ?? null,
      outcome: o.outcome,
      status: o.status,
      clientAddress: request.ip,
      requestId: request.id,
    });

    /**
     * Write an entry whose answer carries nothing of a record (a step, a refusal, a failure, a sign-in or sign-out):
     * if the store does not take it now, it waits in the process and is written, with its time, once the store is back.
     */
    const writeOrDefer = async (request: FastifyRequest, fields: AuditFields) => {
      try {
        await writer.write(fields);
      } catch (err) {
        writer.defer(fields);
        request.log.warn({ err, waiting: writer.waiting }, 'audit entry deferred until the store answers');
      }
    };

    app.decorate('auditTrail', {
      record: (request, o) =>
        writeOrDefer(
          request,
          writer.stamped(
            fieldsOf(request, o.actor, { access: o.access, outcome: o.outcome, status: null, resource: o.resource }),
          ),
        ),
    });
    app.decorateRequest('auditNote', null);
    app.decorateRequest('auditAs', function auditAs(this: FastifyRequest, access: AccessKind, o = {}) {
      this.auditNote = { ...this.auditNote, access, ...o };
    });

    app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      const note = request.auditNote;
      if (!note) return payload;
      const fields = writer.stamped(
        fieldsOf(request, request.actor ?? undefined, {
          access: note.access,
          outcome: outcomeOf(reply.statusCode),
          status: reply.statusCode,
          resource: note.resource ?? resourceOf(request),
          ...(note.section ? { section: note.section } : {}),
        }),
      );
      // Only a read's answer carries what was read. A step has happened (or was refused, which changes nothing)
      // whatever its answer, and a refusal or a failure carries nothing: those are answered whatever the store does
      // (the case's own record names who took a step, and when).
      if (request.method !== 'GET' || reply.statusCode >= 400) {
        await writeOrDefer(request, fields);
        return payload;
      }
      try {
        await writer.write(fields);
        return payload;
      } catch (err) {
        request.log.error({ err }, 'audit entry not written: the answer is withheld');
        (payload as { destroy?: () => void } | null)?.destroy?.();
        reply
          .code(503)
          .header('retry-after', '5')
          .removeHeader('content-disposition')
          .removeHeader('content-length')
          .type('application/json; charset=utf-8');
        return unavailable;
      }
    });
  },
  { name: 'audit-trail', dependencies: ['store'] },
);

/** A request id: the workbench's own for its in-process calls (they carry the process's secret), else a new one. */
export function requestIdFor(inProcessSecret: string) {
  return (raw: { headers: Record<string, string | string[] | undefined> }): string => {
    const parent = raw.headers['x-parent-request-id'];
    if (raw.headers['x-in-process'] === inProcessSecret && typeof parent === 'string' && parent.length <= 64) {
      return parent;
    }
    return randomUUID();
  };
}
