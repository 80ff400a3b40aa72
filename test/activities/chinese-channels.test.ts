/**
 * Issue 19: notices reach the group robots and the phones officials read, on a real Temporal server, against local
 * receivers that speak and enforce the services' documented protocols (test/helpers/channels.ts): DingTalk's
 * signature, timestamp window and 20 messages a minute; WeCom's key and 2,048-byte text; Alibaba Cloud SMS's signed
 * request and approved template. A wrong secret is a permanent failure recorded on the case, tried once; a burst to
 * an SMS outage is retried until it delivers. Each delivery records when it settled and how many attempts it took; a
notice that failed on every channel (tried for the routes file's `giveUpAfter`) is the office's task, 催办未送达,
until it sends it again or reaches the addressee another way. (A burst beyond a robot's 20 a minute, from two
workers: test/cluster.)
 */
import { Writable } from 'node:stream';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';
import { AliyunSmsReceiver, RobotReceiver } from '../helpers/channels';
import { proposePatrol, record, walkPatrol } from '../helpers/patrol';
import { browserOf } from '../helpers/workbench';

const committeeSecret = 'SECcommittee0123456789abcdef';
const committeeToken = 'committee-access-token-0123';
const jinzhongToken = 'jinzhong-access-token-4567';
const weComKey = 'wecom-key-taiyuan-89ab';
const yunchengKey = 'wecom-key-yuncheng-cdef';
const smsKeyId = 'LTAI-test-key-id';
const smsKeySecret = 'sms-key-secret-cdef0123';

describe('Issue 19: DingTalk and WeCom group robots and SMS, on their documented protocols', () => {
  let sys: TestSystem;
  const committeeRobot = new RobotReceiver('dingtalk', committeeToken, committeeSecret);
  // 晋中市's robot expects another secret than the routes file is given: every message to it is refused.
  const jinzhongRobot = new RobotReceiver('dingtalk', jinzhongToken, 'SECtheRightOneIsNotOurs');
  const taiyuanRobot = new RobotReceiver('wecom', weComKey);
  // 运城市's robot is down until a test brings it up: its only channel.
  const yunchengRobot = new RobotReceiver('wecom', yunchengKey);
  const sms = new AliyunSmsReceiver(smsKeyId, smsKeySecret, '山西扶贫督查', 'SMS_900001');
  let logs = '';

  beforeAll(async () => {
    for (const r of [committeeRobot, jinzhongRobot, taiyuanRobot]) await r.start();
    // The SMS gateway starts in an outage: its port is reserved, nothing answers on it.
    await sms.start();
    await sms.stop();
    await yunchengRobot.start();
    await yunchengRobot.stop();
    const routes = path.join(mkdtempSync(path.join(tmpdir(), 'routes-')), 'routes.json');
    writeFileSync(
      routes,
      JSON.stringify({
        // Long enough for the SMS outage below to end within it; short enough to see 运城市's robot given up.
        giveUpAfter: '25 seconds',
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
          'yuncheng-wecom': { kind: 'wecom', url: yunchengRobot.url, keyEnv: 'T_YUNCHENG_KEY' },
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
          { role: 'unit', unit: 'yuncheng', robots: ['yuncheng-wecom'] },
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
        T_YUNCHENG_KEY: yunchengKey,
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
    for (const r of [committeeRobot, jinzhongRobot, taiyuanRobot, yunchengRobot, sms]) await r.close();
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
    // The delivery record: channel, target, outcome, when, and how many attempts.
    expect(delivered).toEqual([
      {
        channel: 'dingtalk',
        target: 'committee-ding',
        status: 'delivered',
        settledAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as string,
        attempts: 1,
      },
    ]);
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
    expect(failed.every((d) => d.attempts === 1)).toBe(true);

    // Failed on every channel: the office has a task per notice (催办未送达); the unit sees neither task nor event.
    const r = await record(sys, id);
    const stranded = r.notifications.flatMap((n, i) => (n.undelivered ? [i + 1] : []));
    expect(stranded.length).toBe(failed.length);
    const tasks = (await sys.call(people.office, { method: 'GET', url: '/my/tasks' })).json<{
      tasks: Array<{ step: string; url: string; label: string }>;
    }>().tasks;
    const task = tasks.find((t) => t.url === `/patrols/${id}/notices/${stranded[0]}/undelivered`);
    expect(task?.step).toBe('handleUndelivered');
    expect(task?.label).toMatch(/^催办未送达：致晋中市的通知「/);
    expect(r.events.some((e) => e.action === 'notice-undelivered' && e.summary.includes('钉钉'))).toBe(true);
    const unit = { sub: 'unit-jz', role: 'unit', unit: 'jinzhong', name: '晋中市 王芳' } as const;
    const theirs = (await sys.call(unit, { method: 'GET', url: `/cases/${id}` })).json<typeof r>();
    expect(theirs.events.some((e) => e.action.startsWith('notice-'))).toBe(false);
    expect(theirs.awaiting.some((a) => a.step === 'handleUndelivered')).toBe(false);
    // The workbench: the office's case page shows the delivery record and the task; the inbox lists it.
    const office = browserOf(sys, people.office);
    const page = (await office.get(`/workbench/cases/${id}`)).body;
    expect(page).toContain('通知送达情况');
    expect(page).toMatch(/钉钉 jinzhong-ding：未送达（\d{4}年\d+月\d+日 \d\d:\d\d，第1次尝试）/);
    expect(page).toContain('催办未送达，待办公室处理');
    expect((await office.get('/workbench/')).body).toContain('催办未送达：致晋中市的通知');

    // Reached another way: a note is required; the unit may not take the office's step; then the task is gone.
    const url = `/patrols/${id}/notices/${stranded[0]}/undelivered`;
    const bare = await sys.call(people.office, { method: 'POST', url, payload: { how: 'reached' } });
    expect([bare.statusCode, bare.json<{ message: string }>().message]).toEqual([
      422,
      expect.stringContaining('处理情况'),
    ]);
    expect((await sys.call(unit, { method: 'POST', url, payload: { how: 'resend' } })).statusCode).toBe(403);
    const done = await sys.call(people.office, {
      method: 'POST',
      url,
      payload: { how: 'reached', note: '已电话通知晋中市扶贫办，对方已知悉' },
    });
    expect(done.statusCode).toBe(200);
    const after = await record(sys, id);
    expect(after.notifications[stranded[0]! - 1]!.undelivered?.handled).toMatchObject({
      how: 'reached',
      note: '已电话通知晋中市扶贫办，对方已知悉',
      by: { role: 'office' },
    });
    expect(after.awaiting.some((a) => a.params?.no === stranded[0])).toBe(false);
    expect(after.events.some((e) => e.action === 'notice-reached')).toBe(true);
    // Handled once: the same again is a conflict, and changes nothing.
    const again = await sys.call(people.office, { method: 'POST', url, payload: { how: 'resend' } });
    expect(again.statusCode).toBe(409);
  });

  test('given up after the routes file’s giveUpAfter: the office’s task; sent again when the robot is back, it is delivered', async () => {
    const id = await walkPatrol(sys, 'yuncheng', 4, 'field-work');
    const stranded = await eventually(async () => {
      const r = await record(sys, id);
      const i = r.notifications.findIndex((n) => n.to.role === 'unit' && n.undelivered);
      return i >= 0 ? { no: i + 1, notice: r.notifications[i]! } : undefined;
    }, 90_000);
    const [given] = stranded.notice.deliveries;
    expect(given).toMatchObject({ channel: 'wecom', target: 'yuncheng-wecom', status: 'failed' });
    expect(given!.error).toMatch(/^gave up after retrying: robot yuncheng-wecom: no answer/);
    expect(given!.attempts).toBeGreaterThanOrEqual(2);
    // Within the time set, not sooner.
    expect(Date.parse(given!.settledAt!) - Date.parse(stranded.notice.at)).toBeLessThanOrEqual(30_000);

    await yunchengRobot.start();
    const url = `/patrols/${id}/notices/${stranded.no}/undelivered`;
    expect((await sys.call(people.office, { method: 'POST', url, payload: { how: 'resend' } })).statusCode).toBe(200);
    const delivered = await eventually(async () => {
      const d = (await record(sys, id)).notifications[stranded.no - 1]!.deliveries[0]!;
      return d.status === 'delivered' ? d : undefined;
    }, 30_000);
    expect(delivered).toMatchObject({ channel: 'wecom', status: 'delivered', attempts: 1 });
    expect(yunchengRobot.received.some((m) => m.body.text?.content.includes(stranded.notice.subject))).toBe(true);
    const r = await record(sys, id);
    expect(r.events.some((e) => e.action === 'notice-resent')).toBe(true);
    expect(r.awaiting.some((a) => a.step === 'handleUndelivered' && a.params?.no === stranded.no)).toBe(false);
  }, 150_000);

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
    expect(delivered).toMatchObject({ channel: 'sms', target: 'aliyun', status: 'delivered' });
    expect(delivered.attempts).toBeGreaterThanOrEqual(2);
    expect(sms.received).toHaveLength(1);
    expect(sms.received[0]).toEqual({
      mobiles: ['13700000004'],
      params: { subject: expect.any(String) as string, link: `https://fpb.example.gov.cn/c/${id}` },
      signName: '山西扶贫督查',
      template: 'SMS_900001',
    });
    expect([...sms.received[0]!.params.subject!].length).toBeLessThanOrEqual(30);
    // The short link leads to the case's page in the workbench; a malformed one is refused, not redirected.
    const short = await sys.call(people.leadingGroup, { method: 'GET', url: `/c/${id}` });
    expect([short.statusCode, short.headers.location]).toEqual([302, `/workbench/cases/${id}`]);
    expect((await sys.call(people.leadingGroup, { method: 'GET', url: '/c/..%2Fadmin' })).statusCode).toBe(400);
    expect(sms.refusals).toEqual([]);
  }, 90_000);

  test('no credential is ever written to a log line', () => {
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [
      committeeToken,
      committeeSecret,
      jinzhongToken,
      weComKey,
      yunchengKey,
      'SECwhatTheFileSays',
      smsKeySecret,
    ])
      expect([secret, logs.includes(secret)]).toEqual([secret, false]);
  });
});
