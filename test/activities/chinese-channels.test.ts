/**
 * Issue 19: notices reach the group robots and the phones officials read, on a real Temporal server, against local
 * receivers that speak and enforce the services' documented protocols (test/helpers/channels.ts): DingTalk's
 * signature, timestamp window and 20 messages a minute; WeCom's key and 2,048-byte text; Alibaba Cloud SMS's signed
 * request and approved template. A wrong secret is a permanent failure recorded on the case, tried once; a burst to
 * an SMS outage is retried until it delivers. (A burst beyond a robot's 20 a minute, from two workers: test/cluster.)
 */
import { Writable } from 'node:stream';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';
import { AliyunSmsReceiver, RobotReceiver } from '../helpers/channels';
import { proposePatrol, record, walkPatrol } from '../helpers/patrol';

const committeeSecret = 'SECcommittee0123456789abcdef';
const committeeToken = 'committee-access-token-0123';
const jinzhongToken = 'jinzhong-access-token-4567';
const weComKey = 'wecom-key-taiyuan-89ab';
const smsKeyId = 'LTAI-test-key-id';
const smsKeySecret = 'sms-key-secret-cdef0123';

describe('Issue 19: DingTalk and WeCom group robots and SMS, on their documented protocols', () => {
  let sys: TestSystem;
  const committeeRobot = new RobotReceiver('dingtalk', committeeToken, committeeSecret);
  // 晋中市's robot expects another secret than the routes file is given: every message to it is refused.
  const jinzhongRobot = new RobotReceiver('dingtalk', jinzhongToken, 'SECtheRightOneIsNotOurs');
  const taiyuanRobot = new RobotReceiver('wecom', weComKey);
  const sms = new AliyunSmsReceiver(smsKeyId, smsKeySecret, '山西扶贫督查', 'SMS_900001');
  let logs = '';

  beforeAll(async () => {
    for (const r of [committeeRobot, jinzhongRobot, taiyuanRobot]) await r.start();
    // The SMS gateway starts in an outage: its port is reserved, nothing answers on it.
    await sms.start();
    await sms.stop();
    const routes = path.join(mkdtempSync(path.join(tmpdir(), 'routes-')), 'routes.json');
    writeFileSync(
      routes,
      JSON.stringify({
        robots: {
          'committee-ding': {
            kind: 'dingtalk',
            url: committeeRobot.url,
            accessTokenEnv: 'T_COMMITTEE_TOKEN',
            secretEnv: 'T_COMMITTEE_SECRET',
          },
          'jinzhong-ding': {
            kind: 'dingtalk',
            url: jinzhongRobot.url,
            accessTokenEnv: 'T_JINZHONG_TOKEN',
            secretEnv: 'T_JINZHONG_SECRET',
          },
          'taiyuan-wecom': { kind: 'wecom', url: taiyuanRobot.url, keyEnv: 'T_TAIYUAN_KEY' },
        },
        sms: {
          provider: 'aliyun',
          url: sms.url,
          accessKeyIdEnv: 'T_SMS_KEY_ID',
          accessKeySecretEnv: 'T_SMS_KEY_SECRET',
          signName: '山西扶贫督查',
          templateCode: 'SMS_900001',
        },
        routes: [
          { role: 'committee', robots: ['committee-ding'], mobiles: ['13800000001'] },
          { role: 'unit', unit: 'jinzhong', robots: ['jinzhong-ding'] },
          { role: 'leading-group', mobiles: ['13700000004'], sms: true },
          { role: 'unit', unit: 'taiyuan', robots: ['taiyuan-wecom'], mobiles: ['13900000002', '13900000003'] },
        ],
      }),
    );
    sys = await startSystem({
      workerEnv: {
        NOTIFICATION_ROUTES_FILE: routes,
        PUBLIC_URL: 'https://fpb.example.gov.cn',
        T_COMMITTEE_TOKEN: committeeToken,
        T_COMMITTEE_SECRET: committeeSecret,
        T_JINZHONG_TOKEN: jinzhongToken,
        T_JINZHONG_SECRET: 'SECwhatTheFileSays',
        T_TAIYUAN_KEY: weComKey,
        T_SMS_KEY_ID: smsKeyId,
        T_SMS_KEY_SECRET: smsKeySecret,
      },
      logSink: new Writable({
        write(chunk: Buffer, _encoding, done) {
          logs += chunk.toString('utf8');
          done();
        },
      }),
    });
  });
  afterAll(async () => {
    await sys?.close();
    for (const r of [committeeRobot, jinzhongRobot, taiyuanRobot, sms]) await r.stop();
  });

  test('DingTalk: the committee’s robot takes the signed request as markdown, @ the committee’s mobile, with the case’s link', async () => {
    const id = await proposePatrol(sys, 'taiyuan', 1);
    const message = await eventually(async () => Promise.resolve(committeeRobot.received[0]));
    expect(message.body.msgtype).toBe('markdown');
    expect(message.body.markdown?.title).toBe('【请示】关于对太原市开展巡查的请示');
    expect(message.body.markdown?.text).toContain('@13800000001');
    expect(message.body.markdown?.text).toContain(`(https://fpb.example.gov.cn/workbench/cases/${id})`);
    expect(message.body.at?.atMobiles).toEqual(['13800000001']);
    expect(committeeRobot.refusals).toEqual([]);
    const delivered = await eventually(async () => {
      const r = await record(sys, id);
      const d = r.notifications.find((n) => n.notificationId === `${id}:approval-requested`)?.deliveries ?? [];
      return d.length && d.every((x) => x.status !== 'sending') ? d : undefined;
    });
    expect(delivered).toEqual([{ channel: 'dingtalk', target: 'committee-ding', status: 'delivered' }]);
  });

  test('WeCom: the unit’s robot takes the stationing notice as text of at most 2,048 bytes, @ the unit’s mobiles', async () => {
    await walkPatrol(sys, 'taiyuan', 2, 'field-work');
    const message = await eventually(async () => Promise.resolve(taiyuanRobot.received[0]));
    expect(message.body.msgtype).toBe('text');
    expect(Buffer.byteLength(message.body.text!.content)).toBeLessThanOrEqual(2048);
    expect(message.body.text!.content).toContain('太原市');
    expect(message.body.text!.mentioned_mobile_list).toEqual(['13900000002', '13900000003']);
    expect(taiyuanRobot.refusals).toEqual([]);
  });

  test('a wrong secret is a permanent failure: tried once, recorded on the case with the service’s answer', async () => {
    const id = await walkPatrol(sys, 'jinzhong', 3, 'field-work');
    const failed = await eventually(async () => {
      const r = await record(sys, id);
      const toUnit = r.notifications.filter((n) => n.to.role === 'unit').flatMap((n) => n.deliveries);
      return toUnit.length && toUnit.every((d) => d.status === 'failed') ? toUnit : undefined;
    });
    expect(failed[0]).toMatchObject({ channel: 'dingtalk', target: 'jinzhong-ding', status: 'failed' });
    expect(failed[0]!.error).toContain('errcode 310000');
    // Not retried: one refusal per notice.
    expect(jinzhongRobot.refusals.filter((r) => r.errcode === 310000)).toHaveLength(failed.length);
    expect(jinzhongRobot.received).toEqual([]);
  });

  test('SMS: while the gateway is down the notice is retried; when it is back, it is delivered once, on the approved template', async () => {
    // The office drafts a proposal: the leading group is told by SMS to submit it (Art. 12).
    const drafted = await sys.call(people.office, {
      method: 'POST',
      url: '/patrols',
      payload: { year: 2026, serial: 90, targetUnit: 'jinzhong', grounds: { sources: ['other'], summary: '年度计划' } },
    });
    expect(drafted.statusCode).toBe(201);
    const id = drafted.json<{ caseId: string }>().caseId;
    const sending = await eventually(async () => {
      const r = await record(sys, id);
      return r.notifications.find((n) => n.to.role === 'leading-group')?.deliveries[0];
    });
    expect(sending).toEqual({ channel: 'sms', target: 'aliyun', status: 'sending' });
    // Tried again while down (Temporal UI shows the pending activity's attempts), never given up.
    await eventually(async () => {
      const described = await sys.env.client.workflow.getHandle(id).describe();
      const pending = described.raw.pendingActivities ?? [];
      return pending.some((a) => a.activityType?.name === 'deliverSms' && (a.attempt ?? 0) >= 2) ? true : undefined;
    }, 30_000);
    await sms.start();
    const delivered = await eventually(async () => {
      const r = await record(sys, id);
      const d = r.notifications.find((n) => n.to.role === 'leading-group')?.deliveries[0];
      return d?.status === 'delivered' ? d : undefined;
    }, 60_000);
    expect(delivered).toEqual({ channel: 'sms', target: 'aliyun', status: 'delivered' });
    expect(sms.received).toHaveLength(1);
    expect(sms.received[0]).toEqual({
      mobiles: ['13700000004'],
      params: { subject: expect.any(String) as string, link: `https://fpb.example.gov.cn/workbench/cases/${id}` },
      signName: '山西扶贫督查',
      template: 'SMS_900001',
    });
    expect([...sms.received[0]!.params.subject!].length).toBeLessThanOrEqual(30);
    expect(sms.refusals).toEqual([]);
  }, 90_000);

  test('no credential is ever written to a log line', () => {
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [committeeToken, committeeSecret, jinzhongToken, weComKey, 'SECwhatTheFileSays', smsKeySecret])
      expect([secret, logs.includes(secret)]).toEqual([secret, false]);
  });
});
