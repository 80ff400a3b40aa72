import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PatrolCaseRecord } from '../../workflows/patrol/contract';
import { eventually, people, startDevServer, startSystem } from '../helpers/system';

/** Nothing a user submitted is lost: not while the worker is down, not across a Temporal server restart. */
describe('Durability: submissions survive a worker outage and a server restart', () => {
  test('a case proposed and a decision sent while no worker runs are both carried out when a worker is back', async () => {
    const sys = await startSystem();
    try {
      sys.worker.shutdown();
      const proposed = await sys.call(people.leadingGroup, {
        method: 'POST',
        url: '/patrols',
        payload: {
          year: 2026,
          serial: 1,
          targetUnit: 'yuncheng',
          grounds: { sources: ['public-report'], summary: '工作者停机期间提交' },
        },
      });
      expect(proposed.statusCode).toBe(201);
      // The committee decides while the worker is still down: the request waits, it is not dropped.
      const decision = sys.call(people.committee, {
        method: 'POST',
        url: '/patrols/patrol-2026-yuncheng-0001/approval',
        payload: { decision: 'approve' },
        headers: { 'idempotency-key': 'decision-during-outage' },
      });
      await new Promise((r) => setTimeout(r, 1000));
      await sys.restartWorker();
      const res = await decision;
      expect(res.statusCode).toBe(200);
      const record = res.json<PatrolCaseRecord>();
      expect(record.stage).toBe('forming-group');
      expect(record.events.map((e) => e.action)).toEqual(['proposed', 'committee-approved']);
    } finally {
      await sys.close();
    }
  });

  test("cases are kept in the server's database: after a restart the case and its history are all there", async () => {
    const dbFilename = path.join(mkdtempSync(path.join(tmpdir(), 'temporal-db-')), 'temporal.sqlite');
    const taskQueue = 'durability-restart';
    const before = await startDevServer({ dbFilename });
    const first = await startSystem({ env: before, taskQueue });
    expect(
      (
        await first.call(people.leadingGroup, {
          method: 'POST',
          url: '/patrols',
          payload: {
            year: 2026,
            serial: 2,
            targetUnit: 'yuncheng',
            grounds: { sources: ['other'], summary: '重启前提交' },
          },
        })
      ).statusCode,
    ).toBe(201);
    await first.call(people.committee, {
      method: 'POST',
      url: '/patrols/patrol-2026-yuncheng-0002/approval',
      payload: { decision: 'approve' },
    });
    await first.close();
    await before.teardown();

    const after = await startDevServer({ dbFilename });
    const second = await startSystem({ env: after, taskQueue });
    try {
      const record = await eventually(async () => {
        const res = await second.call(people.office, { method: 'GET', url: '/cases/patrol-2026-yuncheng-0002' });
        return res.statusCode === 200 ? res.json<PatrolCaseRecord>() : undefined;
      });
      expect(record.stage).toBe('forming-group');
      expect(record.grounds.summary).toBe('重启前提交');
      expect(record.approval?.by.id).toBe(people.committee.sub);
      // And it goes on from there.
      const group = await second.call(people.office, {
        method: 'POST',
        url: '/patrols/patrol-2026-yuncheng-0002/group',
        payload: {
          group: {
            id: 'g-r',
            leader: { name: '组长', rank: 'department', unit: 'dept-finance' },
            members: [{ name: '成员', unit: 'taiyuan' }],
          },
        },
      });
      expect(group.statusCode).toBe(200);
    } finally {
      await second.close();
      await after.teardown();
    }
  });
});
