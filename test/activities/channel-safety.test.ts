/**
 * Issue 30, item 8 (the channels): a robot's, webhook's or SMS gateway's address must be https outside loopback (the
 * start refuses one that is not, naming it); a redirect is never followed (it would carry the notice, and a robot's
 * token, to an address nobody configured) and fails the delivery for good, recorded on the case; the webhook's
 * signature covers a timestamp, so the receiver (test/helpers/channels.ts, checking as docs/deadlines.md tells an office's
 * receiver to) takes a genuine notice and refuses the same request replayed, stale, from the future or re-dated.
 * On a real Temporal server, with real HTTP receivers on loopback.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadActivityDeps } from '../../activities';
import { loadConfig } from '../../lib/config';
import { NotificationRoutesError } from '../../lib/channels/notification-routes';
import type { TestSystem } from '../helpers/system';
import { eventually, startSystem } from '../helpers/system';
import type { RawRequest } from '../helpers/channels';
import { CountingServer, RedirectingServer, WebhookReceiver } from '../helpers/channels';
import { proposePatrol, record } from '../helpers/patrol';

const secret = 'office-webhook-secret-0123456789abcdef';

function routesFile(content: object): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'routes-')), 'routes.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('Issue 30 item 8: channels over https, redirects not followed, the webhook signed with a fresh timestamp', () => {
  let sys: TestSystem;
  const hook = new WebhookReceiver(secret);
  // Every channel of a second route points at a server that redirects to another; that one must never be asked.
  const redirecting = new RedirectingServer();
  const elsewhere = new CountingServer();
  let caseId = '';

  beforeAll(async () => {
    for (const s of [hook, redirecting, elsewhere]) await s.start();
    redirecting.to = elsewhere.url;
    const routes = routesFile({
      webhooks: {
        'office-hook': { url: hook.url, secretEnv: 'T_OFFICE_HOOK_SECRET' },
        'moved-hook': { url: `${redirecting.url}hook`, secretEnv: 'T_OFFICE_HOOK_SECRET' },
      },
      robots: {
        'moved-ding': {
          kind: 'dingtalk',
          url: `${redirecting.url}robot/send`,
          accessTokenEnv: 'T_DING_TOKEN',
          secretEnv: 'T_DING_SECRET',
        },
        'moved-wecom': { kind: 'wecom', url: `${redirecting.url}cgi-bin/webhook/send`, keyEnv: 'T_WECOM_KEY' },
      },
      sms: {
        provider: 'aliyun',
        url: redirecting.url,
        accessKeyIdEnv: 'T_SMS_KEY_ID',
        accessKeySecretEnv: 'T_SMS_KEY_SECRET',
        signName: '山西扶贫督查',
        templateCode: 'SMS_900001',
      },
      routes: [
        {
          role: 'committee',
          webhooks: ['office-hook', 'moved-hook'],
          robots: ['moved-ding', 'moved-wecom'],
          mobiles: ['13800000001'],
          sms: true,
        },
      ],
    });
    sys = await startSystem({
      workerEnv: {
        NOTIFICATION_ROUTES_FILE: routes,
        T_OFFICE_HOOK_SECRET: secret,
        T_DING_TOKEN: 'ding-token-0123',
        T_DING_SECRET: 'SECding0123456789',
        T_WECOM_KEY: 'wecom-key-4567',
        T_SMS_KEY_ID: 'LTAI-test',
        T_SMS_KEY_SECRET: 'sms-secret-89ab',
      },
    });
    caseId = await proposePatrol(sys, 'taiyuan', 1);
  });
  afterAll(async () => {
    await sys?.close();
    for (const s of [hook, redirecting, elsewhere]) await s.close();
  });

  test('a channel answered with a redirect does not follow it: the delivery fails for good, recorded, tried once', async () => {
    const moved = await eventually(async () => {
      const r = await record(sys, caseId);
      const d = r.notifications.find((n) => n.notificationId === `${caseId}:approval-requested`)?.deliveries ?? [];
      const toMoved = d.filter((x) => x.target.startsWith('moved-') || x.channel === 'sms');
      return toMoved.length === 4 && toMoved.every((x) => x.status === 'failed') ? toMoved : undefined;
    }, 30_000);
    expect(moved.map((d) => [d.channel, d.target]).sort()).toEqual([
      ['dingtalk', 'moved-ding'],
      ['sms', 'aliyun'],
      ['webhook', 'moved-hook'],
      ['wecom', 'moved-wecom'],
    ]);
    for (const d of moved) {
      expect(d.attempts).toBe(1);
      expect(d.error).toContain(`HTTP 302: redirected, to ${new URL(elsewhere.url).host}, not followed`);
      // The redirect's path and query (a robot's token) are never named.
      expect(d.error).not.toMatch(/token|key|\?/i);
    }
    // Each channel asked the configured address once; the address it was sent to was never asked.
    expect(redirecting.hits).toHaveLength(4);
    expect(elsewhere.hits).toEqual([]);
  });

  test('a genuine notice is taken by the receiver: signed over its timestamp and body, the timestamp fresh', async () => {
    const taken = await eventually(async () => Promise.resolve(hook.requests[0]));
    expect(hook.refusals).toEqual([]);
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0]).toMatchObject({
      notificationId: `${caseId}:approval-requested`,
      body: { caseId, to: { role: 'committee' } },
    });
    const timestamp = Number(taken.headers['x-signature-timestamp']);
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(WebhookReceiver.toleranceSeconds);
    expect(taken.headers['x-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    // The old body-only signature (replayable for ever) is no longer sent.
    expect(taken.headers['x-signature-256']).toBeUndefined();
  });

  test('the same request replayed, after the window or within it, or re-dated, is refused by the receiver', async () => {
    const genuine: RawRequest = hook.requests[0]!;
    const send = async (headers: Record<string, string>, raw = genuine.raw) =>
      (
        await fetch(hook.url, {
          method: 'POST',
          headers: {
            'content-type': headers['content-type']!,
            'x-notification-id': headers['x-notification-id']!,
            'x-signature-timestamp': headers['x-signature-timestamp']!,
            'x-signature': headers['x-signature']!,
          },
          body: raw,
        })
      ).status;
    // At once, as it was: the pair was taken already.
    expect(await send(genuine.headers)).toBe(401);
    // Re-dated (a second later, still fresh), as one would to pass a freshness check: the signature no longer matches.
    const redated = String(Number(genuine.headers['x-signature-timestamp']) + 1);
    expect(await send({ ...genuine.headers, 'x-signature-timestamp': redated })).toBe(401);
    // Its body changed under the same headers.
    expect(await send(genuine.headers, genuine.raw.replace('taiyuan', 'datong'))).toBe(401);
    // Six minutes later, as it was: stale. (The receiver's clock moved on; it forgets the pairs it has seen after
    // the window, so freshness alone refuses it.)
    hook.clockAheadMs = 6 * 60_000;
    expect(await send(genuine.headers)).toBe(401);
    // A receiver six minutes behind the sender: a timestamp that far ahead is refused too.
    hook.clockAheadMs = -6 * 60_000;
    expect(await send(genuine.headers)).toBe(401);
    hook.clockAheadMs = 0;
    expect(hook.refusals.map((r) => r.reason)).toEqual([
      'replayed',
      'bad-signature',
      'bad-signature',
      'stale',
      'future',
    ]);
    expect(hook.received).toHaveLength(1);
    expect(hook.requests).toHaveLength(1);
  });

  test('an address in plain http off this machine is refused at the worker’s start, naming each; loopback may be http', () => {
    const env = { S: 'secret-0123', T: 'token-0123', K: 'key-0123' };
    const logger = pino({ level: 'silent' });
    const start = (routes: object) => () =>
      loadActivityDeps(
        logger,
        sys.store,
        loadConfig({ ...env, NOTIFICATION_ROUTES_FILE: routesFile(routes) }, ['worker', 'channels']),
      );
    const unsafe = start({
      webhooks: {
        'office-hook': { url: 'http://hooks.fpb.example.gov.cn/notices', secretEnv: 'S' },
        'lan-hook': { url: 'http://10.0.0.5:8080/hook', secretEnv: 'S' },
      },
      robots: {
        'committee-ding': { kind: 'dingtalk', url: 'http://oapi.dingtalk.com/robot/send', accessTokenEnv: 'T' },
        'taiyuan-wecom': { kind: 'wecom', url: 'http://[2001:db8::1]/cgi-bin/webhook/send', keyEnv: 'K' },
      },
      sms: {
        provider: 'aliyun',
        url: 'http://dysmsapi.aliyuncs.com/',
        accessKeyIdEnv: 'K',
        accessKeySecretEnv: 'S',
        signName: '山西扶贫督查',
        templateCode: 'SMS_1',
      },
      routes: [{ role: 'office', webhooks: ['office-hook', 'lan-hook'], robots: ['committee-ding', 'taiyuan-wecom'] }],
    });
    expect(unsafe).toThrow(NotificationRoutesError);
    const problems = (() => {
      try {
        unsafe();
      } catch (err) {
        return (err as Error).message;
      }
      return '';
    })();
    const rule = 'must be https: plain http is allowed only to a loopback address (127.0.0.0/8, ::1, localhost)';
    expect(problems).toContain(`sms: "url" ${rule}, not dysmsapi.aliyuncs.com`);
    expect(problems).toContain(`robot "committee-ding": "url" ${rule}, not oapi.dingtalk.com`);
    expect(problems).toContain(`robot "taiyuan-wecom": "url" ${rule}, not [2001:db8::1]`);
    expect(problems).toContain(`webhook "office-hook": "url" ${rule}, not hooks.fpb.example.gov.cn`);
    expect(problems).toContain(`webhook "lan-hook": "url" ${rule}, not 10.0.0.5:8080`);
    // No credential is named.
    expect(problems).not.toMatch(/secret-0123|token-0123|key-0123/);

    // https anywhere, and plain http to this machine, start.
    const deps = start({
      webhooks: {
        a: { url: 'https://hooks.fpb.example.gov.cn/notices', secretEnv: 'S' },
        b: { url: 'http://127.0.0.2:8080/hook', secretEnv: 'S' },
        c: { url: 'http://localhost/hook', secretEnv: 'S' },
        d: { url: 'http://[::1]:9000/hook', secretEnv: 'S' },
      },
      robots: { ding: { kind: 'dingtalk', accessTokenEnv: 'T' } },
      routes: [{ role: 'office', webhooks: ['a', 'b', 'c', 'd'], robots: ['ding'] }],
    })();
    expect([...deps.routes.webhooks.keys()]).toEqual(['a', 'b', 'c', 'd']);
    expect(deps.routes.robots.get('ding')?.url).toBe('https://oapi.dingtalk.com/robot/send');
  });
});
