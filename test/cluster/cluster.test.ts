import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { CaseClaims } from '../../lib/tokens';
import { signToken } from '../../lib/tokens';
import type { Cluster } from '../../scripts/cluster';
import { freePortRange, startCluster } from '../../scripts/cluster';
import { patrolMainPath, proposal, walkPeople } from '../../scripts/patrol-walk';

/**
 * The production topology (npm run cluster): the Temporal server built from the Go module proxy, configured as compose
 * configures its image, on PostgreSQL; the case store in the same PostgreSQL; two workers and two API processes. Every
 * step goes over real HTTP with an Idempotency-Key, and is retried with the same key while a part is down, as a client
 * should: each must take effect exactly once.
 */
describe('The cluster: Temporal on PostgreSQL, two workers, two APIs (npm run cluster)', () => {
  let cluster: Cluster;
  let dataDir: string;
  let db: Client;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'cluster-'));
    cluster = await startCluster({
      dataDir,
      basePort: await freePortRange(),
      appEnv: { LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '100000' },
      say: () => undefined,
    });
    db = new Client({ connectionString: cluster.appEnv.DATABASE_URL });
    await db.connect();
  }, 600_000);
  afterAll(async () => {
    await db?.end();
    await cluster?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);

  const bearer = (claims: CaseClaims) => `Bearer ${signToken(cluster.appEnv.AUTH_JWT_SECRET!, claims)}`;

  /** One request to one API process; the answer, or the network error's name. */
  async function call(api: number, claims: CaseClaims, method: string, url: string, body?: object, key?: string) {
    try {
      const res = await fetch(`${cluster.apiUrls[api]}${url}`, {
        method,
        headers: {
          authorization: bearer(claims),
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(key ? { 'idempotency-key': key } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(90_000),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    } catch (err) {
      return { status: 0, body: { error: (err as Error).name } };
    }
  }

  /** A step as a careful client sends it: the same key again until an answer that is not "try later". */
  async function step(api: number, claims: CaseClaims, url: string, body: object, key: string) {
    const deadline = Date.now() + 180_000;
    for (;;) {
      const res = await call(api, claims, 'POST', url, body, key);
      if (![0, 500, 502, 503, 504].includes(res.status) || Date.now() > deadline) return res;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }

  /** Walk a patrol's main path from step `from` to `to` (exclusive), each step on an API chosen by `apiOf`. */
  async function walk(
    caseId: string,
    group: string,
    unit: string,
    from: number,
    to: number,
    apiOf = (i: number) => i % 2,
  ) {
    const people = walkPeople(unit, group);
    const steps = patrolMainPath(group).slice(from, to);
    for (const [i, [who, url, body]] of steps.entries()) {
      const res = await step(apiOf(from + i), people[who], `/patrols/${caseId}/${url}`, body, `${caseId}-${url}`);
      expect([url, res.status, res.body]).toEqual([url, 200, expect.anything()]);
    }
  }

  async function propose(api: number, unit: string, serial: number) {
    const people = walkPeople(unit, 'unused');
    const res = await step(api, people.office, '/patrols', proposal(2026, serial, unit), `propose-${unit}-${serial}`);
    expect(res.status).toBe(201);
    return res.body.caseId as string;
  }

  /** Each event of the case exactly once, in order (the store's copy, written by the workflow). */
  async function storedEvents(caseId: string) {
    const { rows } = await db.query<{ seq: number; action: string }>(
      'select seq, action from case_events where case_id = $1 order by seq',
      [caseId],
    );
    return rows;
  }

  async function closedEverywhere(caseId: string, unit: string, group: string) {
    const office = walkPeople(unit, group).office;
    for (const api of [0, 1]) {
      const read = await call(api, office, 'GET', `/cases/${caseId}`);
      expect([api, read.status, read.body.stage, read.body.closed]).toEqual([api, 200, 'closed', true]);
    }
    const record = (await call(0, office, 'GET', `/cases/${caseId}`)).body as { events: Array<{ action: string }> };
    const actions = record.events.map((e) => e.action);
    // Nothing doubled: every step of the main path appears once.
    const counts = new Map<string, number>();
    for (const a of actions) counts.set(a, (counts.get(a) ?? 0) + 1);
    const stepActions = actions.filter((a) => a !== 'notified' && a !== 'reminded');
    expect(new Set(stepActions).size).toBe(stepActions.length);
    const stored = await storedEvents(caseId);
    expect(stored.map((e) => e.seq)).toEqual(stored.map((_, i) => i + 1));
    expect(stored.map((e) => e.action)).toEqual(actions);
  }

  test('Art. 12–16: a whole patrol through both API processes while each worker in turn is killed (the other takes over; nothing lost, nothing doubled)', async () => {
    const [unit, group] = ['xinzhou-wuzhai', 'g-cluster-1'];
    const caseId = await propose(0, unit, 1);
    await walk(caseId, group, unit, 0, 4);
    await cluster.workers[0]!.kill('SIGKILL');
    await walk(caseId, group, unit, 4, 8);
    await cluster.workers[0]!.start();
    await cluster.workers[1]!.kill('SIGKILL');
    await walk(caseId, group, unit, 8, 14);
    await cluster.workers[1]!.start();
    await closedEverywhere(caseId, unit, group);
  });

  test('one API process killed: the other serves reads, lists and steps', async () => {
    const [unit, group] = ['datong', 'g-cluster-2'];
    const caseId = await propose(0, unit, 2);
    await cluster.apis[0]!.kill('SIGKILL');
    const office = walkPeople(unit, group).office;
    expect((await call(0, office, 'GET', `/cases/${caseId}`)).status).toBe(0);
    const read = await call(1, office, 'GET', `/cases/${caseId}`);
    expect([read.status, read.body.caseId]).toEqual([200, caseId]);
    await walk(caseId, group, unit, 0, 3, () => 1);
    await cluster.apis[0]!.start();
    await walk(caseId, group, unit, 3, 5, () => 0);
  });

  test('the Temporal server restarted mid-walk: the walk goes on, nothing lost, nothing doubled', async () => {
    const [unit, group] = ['yangquan', 'g-cluster-3'];
    const caseId = await propose(1, unit, 3);
    await walk(caseId, group, unit, 0, 6);
    await cluster.temporal.kill('SIGKILL');
    // While it is down, a careful client keeps its key and tries again; the server comes back in a few seconds.
    const during = walk(caseId, group, unit, 6, 8);
    await new Promise((r) => setTimeout(r, 5_000));
    await cluster.temporal.start();
    await during;
    await walk(caseId, group, unit, 8, 14);
    await closedEverywhere(caseId, unit, group);
  });
});
