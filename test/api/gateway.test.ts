/**
 * Issue 31 item 2: the gateway to Temporal is a class whose methods are tested one by one, on a real dev server with
 * the worker running (a patrol proposed through the API), and the one derivation of an `Idempotency-Key`.
 */
import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import { HttpRefusal } from '../../api/refusal';
import { TemporalGateway } from '../../api/services/gateway';
import { derivedId, requestKey, stepRequest } from '../../api/services/idempotency';
import { patrolContract } from '../../workflows/patrol/contract';
import { kinds } from '../../workflows/kinds';
import type { Actor } from '../../workflows/domain';
import type { TestSystem } from '../helpers/system';
import { people, startSystem } from '../helpers/system';
import { proposePatrol } from '../helpers/patrol';

const office: Actor = { id: people.office.sub, role: 'office' };
const datong: Actor = { id: people.datong.sub, role: 'unit', unit: 'datong' };
const committee: Actor = { id: people.committee.sub, role: 'committee' };

describe('the one Idempotency-Key derivation', () => {
  const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

  test('a retry names the same Update; the same key with another body, or another caller, does not', () => {
    const first = stepRequest(office, 'patrol-2026-taiyuan-0001', 'submitProposal', { note: 'a' }, 'k1');
    expect(stepRequest(office, 'patrol-2026-taiyuan-0001', 'submitProposal', { note: 'a' }, 'k1')).toEqual(first);
    const otherBody = stepRequest(office, 'patrol-2026-taiyuan-0001', 'submitProposal', { note: 'b' }, 'k1');
    expect(otherBody.request.key).toBe(first.request.key);
    expect(otherBody.updateId).not.toBe(first.updateId);
    expect(stepRequest(datong, 'patrol-2026-taiyuan-0001', 'submitProposal', { note: 'a' }, 'k1').request.key).not.toBe(
      first.request.key,
    );
  });

  test('Update ids are those the API gave before issue 31 (a step in flight across an upgrade is the same Update)', () => {
    const key = sha256(stringify([office.id, office.role, '', '', 'patrol-2026-taiyuan-0001', 'k1']));
    const fingerprint = sha256(stringify(['submitProposal', { note: 'a' }]));
    expect(stepRequest(office, 'patrol-2026-taiyuan-0001', 'submitProposal', { note: 'a' }, 'k1')).toEqual({
      request: { key, fingerprint },
      updateId: `submitProposal-${sha256(key + fingerprint).slice(0, 32)}`,
    });
  });

  test('ids derived from a request are stable and UUID-shaped', () => {
    const k = requestKey(office, 'patrol-2026-taiyuan-0001', 'k1');
    expect(derivedId(k, 'comments:text')).toBe(derivedId(k, 'comments:text'));
    expect(derivedId(k, 'comments:text')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(derivedId(k, 'a')).not.toBe(derivedId(k, 'b'));
  });
});

describe('TemporalGateway on a real server', () => {
  let sys: TestSystem;
  let gateway: TemporalGateway;
  let caseId: string;

  beforeAll(async () => {
    sys = await startSystem();
    gateway = new TemporalGateway({
      client: sys.env.client,
      store: sys.store,
      kinds,
      taskQueue: sys.taskQueue,
      baseUrl: () => 'https://api.example.cn',
      temporalUiUrl: () => 'https://ui.example.cn',
      readWaitMs: () => 5_000,
      stepWaitMs: () => 10_000,
    });
    caseId = await proposePatrol(sys, 'taiyuan', 1);
  }, 120_000);
  afterAll(() => sys?.close());

  test('links: a case under /cases, a public report under its own resource', () => {
    expect(gateway.links(caseId).self).toBe(`https://api.example.cn/cases/${caseId}`);
    expect(gateway.links('public-report-3f9a0c1d2e4b5a697887').self).toBe(
      'https://api.example.cn/public-reports/public-report-3f9a0c1d2e4b5a697887',
    );
    expect(gateway.links(caseId).temporalUi).toContain(`/workflows/${caseId}`);
  });

  test('liveAccess (need to know): the overseers see a running case, a unit it does not name does not, none is absent', async () => {
    const contract = patrolContract as never;
    await expect(gateway.liveAccess(contract, caseId, office)).resolves.toEqual({ access: 'visible', running: true });
    await expect(gateway.liveAccess(contract, caseId, datong)).resolves.toMatchObject({ access: 'hidden' });
    await expect(gateway.liveAccess(contract, 'patrol-2026-taiyuan-0999', office)).resolves.toEqual({
      access: 'absent',
      running: false,
    });
  });

  test('read: a case one may not see answers exactly as one that does not exist', async () => {
    const hidden = await gateway.read(patrolContract, caseId, datong).catch((e: unknown) => e);
    const absent = await gateway.read(patrolContract, 'patrol-2026-taiyuan-0999', datong).catch((e: unknown) => e);
    expect(hidden).toBeInstanceOf(HttpRefusal);
    expect(absent).toBeInstanceOf(HttpRefusal);
    expect({ ...(hidden as HttpRefusal), message: (hidden as Error).message }).toEqual({
      ...(absent as HttpRefusal),
      message: (absent as Error).message,
    });
    await expect(gateway.read(patrolContract, caseId, office)).resolves.toMatchObject({
      caseId,
      stage: 'awaiting-approval',
    });
  });

  test('step with a key: the retry is the same step, taken once (Art. 12, the committee approves)', async () => {
    const approve = patrolContract.steps.decideApproval;
    const input = { decision: 'approve' };
    const once = (await gateway.step(patrolContract, approve, caseId, input, committee, 'gw-1')) as {
      revision: number;
      stage: string;
      events: unknown[];
    };
    const again = (await gateway.step(patrolContract, approve, caseId, input, committee, 'gw-1')) as {
      revision: number;
      events: unknown[];
    };
    expect(once.stage).toBe('forming-group');
    expect(again.revision).toBe(once.revision);
    expect(again.events).toHaveLength(once.events.length);
  });

  test('settleLateStep: an Update no worker took up answers 503 and says the step did not happen', async () => {
    const handle = sys.env.client.workflow.getHandle(caseId);
    const refusal = await gateway.settleLateStep(handle, 'never-sent-update', caseId).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(HttpRefusal);
    expect(refusal).toMatchObject({ statusCode: 503, code: 'StepNotTaken' });
  });
});
