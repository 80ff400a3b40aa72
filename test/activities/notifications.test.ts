import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PatrolCaseRecord } from '../../workflows/patrol/contract';
import { NotificationRoutesError, loadRoutes } from '../../lib/channels/notification-routes';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';
import type { ReceivedMail } from '../helpers/channels';
import { WebhookReceiver, startSmtpServer } from '../helpers/channels';
import { group, record, step } from '../helpers/patrol';

const secret = 'webhook-secret-for-tests-0123456789';

describe('Notifications reach people through real channels: SMTP e-mail, a signed webhook, and the log', () => {
  let sys: TestSystem;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const hook = new WebhookReceiver(secret);
  const caseId = 'patrol-2026-taiyuan-0001';

  beforeAll(async () => {
    smtp = await startSmtpServer();
    // Reserve a port for the webhook receiver, then take it down: the channel starts in an outage.
    await hook.start();
    await hook.stop();
    const dir = mkdtempSync(path.join(tmpdir(), 'routes-'));
    const routes = path.join(dir, 'routes.json');
    writeFileSync(
      routes,
      JSON.stringify({
        webhooks: { 'committee-robot': { url: hook.url, secretEnv: 'TEST_COMMITTEE_WEBHOOK_SECRET' } },
        routes: [
          { role: 'committee', email: ['dubanchu@sxzf.test'], webhooks: ['committee-robot'] },
          { role: 'office', email: ['duchaban@fpb.test'] },
          { role: 'unit', unit: 'taiyuan', email: ['nobody@taiyuan.test'] },
        ],
      }),
    );
    sys = await startSystem({
      workerEnv: {
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        NOTIFICATION_ROUTES_FILE: routes,
        TEST_COMMITTEE_WEBHOOK_SECRET: secret,
      },
    });
  });
  afterAll(async () => {
    await sys?.close();
    await smtp?.close();
    await hook.close();
  });

  test('the committee gets the approval request by e-mail at once, in Chinese, with a stable id', async () => {
    const res = await sys.call(people.leadingGroup, {
      method: 'POST',
      url: '/patrols',
      payload: {
        year: 2026,
        serial: 1,
        targetUnit: 'taiyuan',
        grounds: { sources: ['public-report'], summary: '群众举报扶贫资金被挪用' },
      },
    });
    expect(res.statusCode).toBe(201);
    const mail = await eventually<ReceivedMail>(async () =>
      Promise.resolve(smtp.mails.find((m) => m.to.includes('dubanchu@sxzf.test'))),
    );
    expect(mail.subject).toBe('【请示】关于对太原市开展巡查的请示');
    expect(mail.text).toContain('依据：群众举报');
    // Need to know: the grounds themselves are read in the system, never sent around.
    expect(mail.text).not.toContain('群众举报扶贫资金被挪用');
    // Every notice names the case, the unit and the stage it is at.
    expect(mail.text).toContain('（对太原市的巡查；当前阶段：待省委、省政府批准）');
    expect(mail.notificationId).toBe(`${caseId}:approval-requested`);
    expect(mail.messageId).toContain(encodeURIComponent(`${caseId}:approval-requested`));
  });

  test('a webhook that is down is retried with backoff until it is back; then it arrives once, signed', async () => {
    const pending = await record(sys, caseId);
    const request = pending.notifications.find((n) => n.notificationId === `${caseId}:approval-requested`)!;
    expect(request.deliveries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ channel: 'email', target: 'dubanchu@sxzf.test', status: 'delivered', attempts: 1 }),
        { channel: 'webhook', target: 'committee-robot', status: 'sending' },
      ]),
    );
    expect(hook.hits).toEqual([]);

    await hook.start(); // the channel is back
    const delivered = await eventually(async () => {
      const r = await record(sys, caseId);
      const n = r.notifications.find((x) => x.notificationId === `${caseId}:approval-requested`);
      return n?.deliveries.find((d) => d.channel === 'webhook')?.status === 'delivered' ? r : undefined;
    }, 30_000);
    expect(delivered.stage).toBe('awaiting-approval');
    expect(hook.hits).toEqual([`${caseId}:approval-requested`]);
    // The delivery record (issue 19): tried while down, so more than once; when it went through.
    const webhook = delivered.notifications
      .find((x) => x.notificationId === `${caseId}:approval-requested`)!
      .deliveries.find((d) => d.channel === 'webhook')!;
    expect(webhook.attempts).toBeGreaterThanOrEqual(2);
    expect(Date.parse(webhook.settledAt!)).toBeGreaterThan(Date.parse(delivered.notifications[0]!.at));
    // Each attempt is signed anew over its own timestamp (issue 30, item 8): none was refused as stale or replayed.
    expect(hook.refusals).toEqual([]);
    expect(hook.received[0]).toMatchObject({
      signatureValid: true,
      body: { caseId, to: { role: 'committee' }, subject: '【请示】关于对太原市开展巡查的请示' },
    });
  }, 60_000);

  test('a recipient the mail server rejects for good is recorded as failed, and the case goes on', async () => {
    await step(sys, people.committee, caseId, 'approval', { decision: 'approve' });
    await step(sys, people.office, caseId, 'group', { group });
    const after = await step(sys, people.groupLeader, caseId, 'work-plan', {
      summary: '方案',
      stationedOn: '2026-12-01',
    });
    expect(after.stage).toBe('field-work');
    const failed = await eventually(async () => {
      const r = await record(sys, caseId);
      const n = r.notifications.find((x) => x.notificationId === `${caseId}:stationed`);
      const d = n?.deliveries.find((x) => x.channel === 'email');
      return d?.status === 'failed' ? d : undefined;
    });
    expect(failed).toMatchObject({ target: 'nobody@taiyuan.test', status: 'failed' });
    expect(failed.error).toContain('550');
    const desc = await sys.env.client.workflow.getHandle(caseId).describe();
    expect(desc.status.name).toBe('RUNNING');
    // The office still gets its mails; the committee's webhook got only distinct notifications.
    const r: PatrolCaseRecord = await record(sys, caseId);
    expect(r.stage).toBe('field-work');
    expect(new Set(hook.hits).size).toBe(hook.hits.length);
  });
});

describe('Who gets what on which channel is configuration, checked at start-up', () => {
  test('a routes file with unknown roles, bad addresses, undefined webhooks or missing secrets is refused with every problem', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'routes-'));
    const file = path.join(dir, 'routes.json');
    writeFileSync(
      file,
      JSON.stringify({
        webhooks: { robot: { url: 'ftp://x', secretEnv: 'MISSING_SECRET_VAR' } },
        routes: [
          { role: 'mayor', email: ['not-an-address'] },
          { role: 'office', webhooks: ['nowhere'] },
        ],
      }),
    );
    let message = '';
    try {
      loadRoutes(file, {});
    } catch (err) {
      expect(err).toBeInstanceOf(NotificationRoutesError);
      message = (err as Error).message;
    }
    expect(message).toContain('webhook "robot": "url" must be an https address');
    expect(message).toContain('environment variable MISSING_SECRET_VAR is not set');
    expect(message).toContain('routes[0]: role must be one of');
    expect(message).toContain('"not-an-address" is not an e-mail address');
    expect(message).toContain('webhook "nowhere" is not defined');
  });

  test('the shipped routes file is valid', () => {
    expect(loadRoutes(undefined, {}).routes.length).toBeGreaterThan(0);
  });
});
