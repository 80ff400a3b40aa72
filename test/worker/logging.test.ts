import { Writable } from 'node:stream';
import pino from 'pino';
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
});
