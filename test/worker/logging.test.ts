import { Writable } from 'node:stream';
import pino from 'pino';
import { loggerOptions } from '../../lib/infra/logger';
import { PinoTemporalLogger } from '../../worker/logging';

describe('The SDK logs into the same pino stream as the rest of the system', () => {
  test('each SDK level maps to the pino level, with the SDK metadata as fields', () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const logger = new PinoTemporalLogger(pino({ level: 'trace' }, sink));
    logger.trace('t');
    logger.debug('d');
    logger.info('Workflow started', { workflowId: 'patrol-2026-taiyuan-0001', sdkComponent: 'workflow' });
    logger.warn('w');
    logger.error('e', { error: 'boom' });
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [10, 't'],
      [20, 'd'],
      [30, 'Workflow started'],
      [40, 'w'],
      [50, 'e'],
    ]);
    expect(lines[2]).toMatchObject({ workflowId: 'patrol-2026-taiyuan-0001', sdkComponent: 'workflow' });
  });

  test('need to know: notice texts, grounds, request bodies, credentials and task tokens never reach a log line', () => {
    let out = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        out += chunk.toString();
        done();
      },
    });
    const logger = new PinoTemporalLogger(
      pino({ ...loggerOptions('worker', { LOG_PRETTY: 'false' }), level: 'info' }, sink),
    );
    // What planNotification logs, with the SDK's activity context around it.
    logger.info('通知 unit:taiyuan：【巡查进驻通知】', {
      notification: { notificationId: 'n-1', subject: '【巡查进驻通知】', body: '举报人张三反映资金被挪用' },
      taskToken: 'CiQwMWEyMWJjNC0wZDE4LTdlOWYt',
      activityType: 'planNotification',
    });
    pino({ ...loggerOptions('api', { LOG_PRETTY: 'false' }) }, sink).info(
      {
        req: { headers: { authorization: 'Bearer eyJhbGciOi', cookie: 'codec_session=eyJ' } },
        grounds: { summary: '秘密依据' },
      },
      'request',
    );
    for (const secret of ['举报人张三', 'CiQwMWEyMWJjNC0w', 'eyJhbGciOi', 'codec_session=eyJ', '秘密依据']) {
      expect([secret, out.includes(secret)]).toEqual([secret, false]);
    }
    expect(out).toContain('"body":"[redacted: 12 characters]"');
    expect(out).toContain('"notificationId":"n-1"');
    expect(out).toContain('"activityType":"planNotification"');
  });
});
