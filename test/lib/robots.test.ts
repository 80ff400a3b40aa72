/**
 * Issue 19, the robot channels' rules without a server: the routes file is checked at start with every problem listed
 * (secrets only from the environment); a text is cut to the service's limit with the link kept; the services' answers
 * are sorted into delivered, retry later, and permanent.
 */
import { createHmac } from 'node:crypto';
import { NotificationRoutesError, parseRoutes } from '../../lib/channels/notification-routes';
import type { Robot } from '../../lib/channels/robots';
import { fitText, robotBody, robotOutcome, robotUrl } from '../../lib/channels/robots';
import { channelUrlProblem } from '../../lib/channels/channel-http';
import { isLoopbackHost } from '../../lib/infra/loopback';

const env = { DT_TOKEN: 'dt-token', DT_SECRET: 'SECabc123', WC_KEY: 'wc-key', BAD_SECRET: 'abc' };

test('a routes file with robots: every problem is listed at once, and no secret is in the message', () => {
  const problems = (() => {
    try {
      parseRoutes(
        {
          robots: {
            a: { kind: 'dingtalk', accessTokenEnv: 'DT_TOKEN', secretEnv: 'BAD_SECRET' },
            b: { kind: 'wecom', keyEnv: 'MISSING_KEY' },
            c: { kind: 'feishu' },
            d: { kind: 'wecom', keyEnv: 'WC_KEY', secretEnv: 'DT_SECRET', perMinute: 60 },
          },
          routes: [{ role: 'office', robots: ['a', 'nowhere'], mobiles: ['12345'] }],
        },
        env,
        'routes.json',
      );
    } catch (err) {
      expect(err).toBeInstanceOf(NotificationRoutesError);
      return (err as Error).message.split('\n');
    }
    return [];
  })();
  expect(problems).toEqual([
    'routes.json: robot "a": the signing secret in BAD_SECRET must start with "SEC" (DingTalk\'s 加签 secret)',
    'routes.json: robot "b": environment variable MISSING_KEY is not set',
    'routes.json: robot "c": "kind" must be one of dingtalk, wecom',
    'routes.json: robot "d": a WeCom robot has no signing secret (its key is the credential)',
    'routes.json: robot "d": "perMinute" must be a whole number from 2 to 20',
    'routes.json: routes[0]: robot "nowhere" is not defined under "robots"',
    'routes.json: routes[0]: "12345" is not a mobile number (11 digits)',
  ]);
  expect(problems.join('\n')).not.toMatch(/abc|wc-key|dt-token/);
});

test('issue 30 item 8: a robot’s, webhook’s or gateway’s address is https, or plain http to loopback only; the start names each', () => {
  const refused = (() => {
    try {
      parseRoutes(
        {
          webhooks: { hook: { url: 'http://hook.example.gov.cn/in', secretEnv: 'WC_KEY' } },
          robots: {
            ding: { kind: 'dingtalk', url: 'http://oapi.dingtalk.com/robot/send', accessTokenEnv: 'DT_TOKEN' },
            // Names that only start like loopback are elsewhere.
            wc: { kind: 'wecom', url: 'http://127.0.0.1.example.com/send', keyEnv: 'WC_KEY' },
            wc2: { kind: 'wecom', url: 'http://localhost.example.com/send', keyEnv: 'WC_KEY' },
            wc3: { kind: 'wecom', url: 'ws://127.0.0.1/send', keyEnv: 'WC_KEY' },
          },
          sms: {
            provider: 'aliyun',
            url: 'http://sms.example.cn/',
            accessKeyIdEnv: 'DT_TOKEN',
            accessKeySecretEnv: 'WC_KEY',
            signName: '山西扶贫督查',
            templateCode: 'SMS_1',
          },
          routes: [{ role: 'office', webhooks: ['hook'], robots: ['ding', 'wc', 'wc2', 'wc3'] }],
        },
        env,
        'routes.json',
      );
    } catch (err) {
      return (err as Error).message.split('\n');
    }
    return [];
  })();
  const rule = 'must be https: plain http is allowed only to a loopback address (127.0.0.0/8, ::1, localhost)';
  expect(refused).toEqual([
    `routes.json: sms: "url" ${rule}, not sms.example.cn`,
    `routes.json: robot "ding": "url" ${rule}, not oapi.dingtalk.com`,
    `routes.json: robot "wc": "url" ${rule}, not 127.0.0.1.example.com`,
    `routes.json: robot "wc2": "url" ${rule}, not localhost.example.com`,
    'routes.json: robot "wc3": "url" must be an https address',
    `routes.json: webhook "hook": "url" ${rule}, not hook.example.gov.cn`,
  ]);
  for (const ok of [
    'https://oapi.dingtalk.com/robot/send',
    'http://127.0.0.1:8080/',
    'http://127.255.0.9/',
    'http://localhost/',
    'http://[::1]/',
    'http://LOCALHOST:9/',
    'http://127.1/',
  ])
    expect([ok, channelUrlProblem(new URL(ok))]).toEqual([ok, undefined]);
  for (const host of ['128.0.0.1', '10.0.0.1', '[::2]', '[::ffff:7f00:1]', '0.0.0.0', 'localhost.example.com'])
    expect([host, isLoopbackHost(host)]).toEqual([host, false]);
});

test('a valid file: the robots with their credentials from the environment, the routes naming them', () => {
  const routes = parseRoutes(
    {
      robots: {
        office: { kind: 'dingtalk', accessTokenEnv: 'DT_TOKEN', secretEnv: 'DT_SECRET', keyword: '督查' },
        taiyuan: { kind: 'wecom', keyEnv: 'WC_KEY', perMinute: 10 },
      },
      routes: [{ role: 'unit', unit: 'taiyuan', robots: ['taiyuan'], mobiles: ['13800000001'] }],
    },
    env,
  );
  expect(routes.robots.get('office')).toMatchObject({
    kind: 'dingtalk',
    url: 'https://oapi.dingtalk.com/robot/send',
    token: 'dt-token',
    secret: 'SECabc123',
    perMinute: 20,
    keyword: '督查',
  });
  expect(routes.robots.get('taiyuan')).toMatchObject({
    url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send',
    perMinute: 10,
  });
  expect(routes.routes[0]).toMatchObject({ robots: ['taiyuan'], mobiles: ['13800000001'] });
});

const dingtalk: Robot = {
  name: 'office',
  kind: 'dingtalk',
  url: 'https://oapi.dingtalk.com/robot/send',
  token: 'T',
  secret: 'SECxyz',
  perMinute: 20,
  keyword: '督查',
};
const wecom: Robot = {
  name: 'ty',
  kind: 'wecom',
  url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send',
  token: 'K',
  perMinute: 20,
};

test('DingTalk: the address carries the token, the millisecond timestamp and the URL-encoded signature of the document', () => {
  const url = new URL(robotUrl(dingtalk, 1_700_000_000_000));
  expect(url.searchParams.get('access_token')).toBe('T');
  expect(url.searchParams.get('timestamp')).toBe('1700000000000');
  const expected = createHmac('sha256', 'SECxyz').update('1700000000000\nSECxyz').digest('base64');
  expect(url.searchParams.get('sign')).toBe(expected);
  // URL-encoded in the address itself (Base64's + / = never appear raw).
  expect(robotUrl(dingtalk, 1_700_000_000_000)).toContain(`sign=${encodeURIComponent(expected)}`);
  expect(robotUrl(wecom)).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K');
});

test('a long notice is cut to the service’s limit in whole characters, with the link to the case kept', () => {
  const long = '整改情况'.repeat(1000);
  const link = 'https://fpb.example.gov.cn/workbench/cases/patrol-2026-taiyuan-0001';
  const cut = fitText(long, 2048, link);
  expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(2048);
  expect(cut.endsWith(`…（全文见：${link}）`)).toBe(true);
  expect(cut).not.toContain('\uFFFD');
  const body = robotBody(wecom, { subject: '整改通知', body: long, link, mobiles: ['13800000001'] }) as {
    text: { content: string; mentioned_mobile_list: string[] };
  };
  expect(Buffer.byteLength(body.text.content)).toBeLessThanOrEqual(2048);
  expect(body.text.mentioned_mobile_list).toEqual(['13800000001']);
  const md = robotBody(dingtalk, { subject: '整改通知', body: '请按期整改', mobiles: ['13800000001'] }) as {
    markdown: { title: string; text: string };
    at: { atMobiles: string[] };
  };
  // The keyword security setting: every message carries the word; the @ is in the text and in `at`.
  expect(md.markdown.title).toContain('督查');
  expect(md.markdown.text).toContain('@13800000001');
  expect(md.at.atMobiles).toEqual(['13800000001']);
});

test('the services’ answers: delivered, worth retrying, or permanent', () => {
  expect(robotOutcome('dingtalk', 200, { errcode: 0, errmsg: 'ok' })).toEqual({ ok: true });
  expect(robotOutcome('dingtalk', 200, { errcode: 310000, errmsg: 'sign not match' })).toMatchObject({ retry: false });
  expect(robotOutcome('dingtalk', 200, { errcode: 300001, errmsg: 'token is not exist' })).toMatchObject({
    retry: false,
  });
  expect(robotOutcome('dingtalk', 200, { errcode: 410100, errmsg: 'send too fast' })).toMatchObject({ retry: true });
  expect(robotOutcome('wecom', 200, { errcode: 93000, errmsg: 'invalid webhook url' })).toMatchObject({ retry: false });
  expect(robotOutcome('wecom', 200, { errcode: 45009, errmsg: 'api freq out of limit' })).toMatchObject({
    retry: true,
  });
  expect(robotOutcome('wecom', 503, undefined)).toMatchObject({ retry: true });
  expect(robotOutcome('wecom', 404, undefined)).toMatchObject({ retry: false });
});
