import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from '@temporalio/worker';
import { sealedDataConverter } from '../../lib/infra/codec';
import { startTracing } from '../../lib/infra/tracing';
import type { Tracing } from '../../lib/infra/tracing';
import { proposal, walkPeople } from '../../scripts/patrol-walk';
import type { TestSystem } from '../helpers/system';
import { startSystem, testCodecKeys } from '../helpers/system';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: Array<{ key: string; value: Record<string, unknown> }>;
}

/**
 * Tracing through OpenTelemetry, received by a real OTLP/HTTP endpoint (a collector's, here a server of the test's):
 * an HTTP request, the Temporal calls it makes, the workflow's handling and the activities join one trace; spans carry
 * no text of a case (need to know); and a traced case replays on workers without tracing (no command added).
 */
describe('Tracing: OpenTelemetry spans from the API to the workflow and its activities (OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  let receiver: Server;
  const received: OtlpSpan[] = [];
  let traced: Tracing;
  let sys: TestSystem;
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        if (req.url === '/v1/traces') {
          const doc = JSON.parse(body) as {
            resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }>;
          };
          for (const r of doc.resourceSpans) for (const s of r.scopeSpans) received.push(...s.spans);
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    traced = startTracing('test', { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` })!;
    sys = await startSystem();
  }, 120_000);
  afterAll(async () => {
    await sys?.close();
    await traced?.shutdown();
    receiver?.close();
  });

  test('Art. 12: a proposal and its approval are traced from the HTTP request into the workflow and its activities; no text of the case leaves', async () => {
    const people = walkPeople('shuozhou', 'g-trace');
    const started = await sys.call(people.leadingGroup, {
      method: 'POST',
      url: '/patrols',
      payload: proposal(2026, 1, 'shuozhou'),
    });
    expect(started.statusCode).toBe(201);
    const caseId = started.json<{ caseId: string }>().caseId;
    const approved = await sys.call(people.committee, {
      method: 'POST',
      url: `/patrols/${caseId}/approval`,
      payload: { decision: 'approve', reason: '同意开展巡查' },
    });
    expect(approved.statusCode).toBe(200);

    const named = (prefix: string) => received.filter((s) => s.name.startsWith(prefix));
    // Spans reach the receiver in batches, from the API's and the worker's processors alike: wait for both ends.
    const arrived = () => named('RunActivity:').length > 0 && named('HTTP POST /patrols/:caseId/approval').length > 0;
    for (let waited = 0; waited < 20_000 && !arrived(); waited += 500) {
      await traced.flush();
      await new Promise((r) => setTimeout(r, 500));
    }
    const http = named('HTTP POST /patrols/:caseId/approval')[0];
    expect(http).toBeDefined();
    const sameTrace = received.filter((s) => s.traceId === http!.traceId).map((s) => s.name.split(':')[0]);
    // The request, the client's Update, the workflow's validation and handling: one trace.
    expect(sameTrace).toEqual(expect.arrayContaining(['HTTP POST /patrols/', 'StartWorkflowUpdate', 'HandleUpdate']));
    const start = named('HTTP POST /patrols')[0]!;
    const startTrace = received.filter((s) => s.traceId === start.traceId).map((s) => s.name.split(':')[0]);
    // The start, and the activities the new case runs (its notices), in the request's trace (RunWorkflow ends with the
    // case, months later).
    expect(startTrace).toEqual(expect.arrayContaining(['StartWorkflow', 'StartActivity', 'RunActivity']));
    expect(named('RunActivity:').length).toBeGreaterThan(0);
    // Need to know: ids and kinds only, never the grounds or a decision's reason.
    const everything = JSON.stringify(received);
    expect(everything).not.toContain('群众反映');
    expect(everything).not.toContain('同意开展巡查');

    // The traced case replays on workflow code without the tracing interceptors.
    const history = await sys.env.client.workflow.getHandle(caseId).fetchHistory();
    await expect(
      Worker.runReplayHistory(
        {
          workflowsPath: require.resolve('../../workflows'),
          dataConverter: sealedDataConverter(testCodecKeys, 'mark'),
        },
        history,
        caseId,
      ),
    ).resolves.toBeUndefined();
  });
});
