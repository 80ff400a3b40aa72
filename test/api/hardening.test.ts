import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/app';
import type { PatrolCaseRecord } from '../../workflows/patrol/contract';
import { patrolSteps } from '../../workflows/patrol/contract';
import { group, record, step, walkPatrol } from '../helpers/patrol';
import type { TestSystem } from '../helpers/system';
import { people, startSystem, testCodecKeys } from '../helpers/system';

/**
 * Bad input gets a clear error (in Chinese) and changes nothing; what a request may add is bounded; the API defends
 * itself (headers, rate limits, pressure).
 */
describe('Input hygiene: strict, calendar-valid, clean text, no coercion; refusals in Chinese that change nothing', () => {
  let sys: TestSystem;
  let id: string;
  beforeAll(async () => {
    sys = await startSystem();
    id = await walkPatrol(sys, 'taiyuan', 1, 'group');
  });
  afterAll(async () => sys?.close());

  const post = (path: string, payload: unknown, headers: Record<string, string> = {}) =>
    sys.call(people.groupLeader, {
      method: 'POST',
      url: `/patrols/${id}/${path}`,
      payload: payload as object,
      headers,
    });

  test('an unknown property is refused, not stored: 400 naming it', async () => {
    const before = await record(sys, id);
    const res = await post('work-plan', { summary: '方案', stationedOn: '2026-12-01', secretNote: '夹带' });
    expect([res.statusCode, res.json<{ message: string }>().message]).toEqual([
      400,
      '请求内容：含有接口不认识的字段“secretNote”',
    ]);
    expect(await record(sys, id)).toEqual(before);
  });

  test('dates must exist on the calendar and lie within a sane range of today', async () => {
    for (const stationedOn of ['2026-13-01', '2026-02-30', '0000-00-00', '9999-12-31', '2026-1-1']) {
      const res = await post('work-plan', { summary: '方案', stationedOn });
      expect([stationedOn, res.statusCode, res.json<{ message: string }>().message]).toEqual([
        stationedOn,
        400,
        expect.stringMatching(/stationedOn：(不是有效的日期|格式不对)/),
      ]);
    }
  });

  test('no type coercion: a year sent as text is refused', async () => {
    const res = await sys.call(people.leadingGroup, {
      method: 'POST',
      url: '/patrols',
      payload: { year: '2026', serial: 9, targetUnit: 'taiyuan', grounds: { sources: ['other'], summary: '依据' } },
    });
    expect([res.statusCode, res.json<{ message: string }>().message]).toEqual([
      400,
      '请求内容/year：类型不对（应为 integer）',
    ]);
  });

  test('control characters, ANSI escapes, direction overrides and lone surrogates are refused', async () => {
    for (const summary of ['方案\u0000', '方案\u001b[31m', '方案\u202e反转', '方案\ud800']) {
      const res = await post('work-plan', { summary, stationedOn: '2026-12-01' });
      expect([JSON.stringify(summary), res.statusCode, res.json<{ code: string }>().code]).toEqual([
        JSON.stringify(summary),
        400,
        'InvalidText',
      ]);
    }
    expect((await record(sys, id)).stage).toBe('planning');
  });

  test('texts are kept in Unicode normal form C, whatever form they were typed in', async () => {
    const r = await step(sys, people.groupLeader, id, 'work-plan', {
      summary: 'Cafe\u0301 方案',
      stationedOn: '2026-12-01',
    });
    expect(r.workPlan?.summary).toBe('Café 方案');
  });

  test('413 for a body too large, 415 for another media type, 400 for broken JSON: in Chinese', async () => {
    const big = await post('findings', { keyProblem: 1, methods: ['interview'], summary: 'x'.repeat(1_100_000) });
    expect([big.statusCode, big.json<{ message: string }>().message]).toEqual([413, '请求内容过大（上限 1024 KB）']);
    const text = await sys.call(people.groupLeader, {
      method: 'POST',
      url: `/patrols/${id}/findings`,
      payload: 'keyProblem=1',
      headers: { 'content-type': 'text/plain' },
    });
    expect([text.statusCode, text.json<{ message: string }>().message]).toEqual([
      415,
      '只接受 application/json 格式的请求内容',
    ]);
    const broken = await sys.call(people.groupLeader, {
      method: 'POST',
      url: `/patrols/${id}/findings`,
      payload: '{"keyProblem": 1,',
      headers: { 'content-type': 'application/json' },
    });
    expect([broken.statusCode, broken.json<{ message: string }>().message]).toEqual([400, '请求内容不是有效的 JSON']);
  });

  test('the workflow checks again: a sealed Update around the API with an unknown property or a control character is refused', async () => {
    const handle = sys.env.client.workflow.getHandle(id);
    const by = { id: 'gl-1', role: 'group-leader' as const, group: group.id };
    const before = await record(sys, id);
    for (const input of [
      { keyProblem: 1, methods: ['interview'], summary: '问题', extra: 'x' },
      { keyProblem: 1, methods: ['interview'], summary: '问题\u202e' },
    ]) {
      await expect(
        handle.executeUpdate(patrolSteps.recordFinding.update, { args: [{ by, input: input as never }] }),
      ).rejects.toMatchObject({ cause: { type: 'InvalidStepInput' } });
    }
    expect(await record(sys, id)).toEqual(before);
    expect(testCodecKeys.sealWith).toBe('test-1');
  });
});

describe('HTTP hardening: security headers, rate limits, 503 under pressure', () => {
  let sys: TestSystem;
  let strict: FastifyInstance;
  beforeAll(async () => {
    sys = await startSystem();
    strict = await buildApp({
      temporalClient: sys.env.client,
      store: sys.store,
      codecKeys: testCodecKeys,
      env: {
        AUTH_JWT_SECRET: 'x'.repeat(40),
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: '3',
        RATE_LIMIT_PER_MINUTE: '5',
        MAX_EVENT_LOOP_DELAY_MS: '0',
      },
    });
  });
  afterAll(async () => {
    await strict?.close();
    await sys?.close();
  });

  test('security headers (helmet): no sniffing, no framing, a content security policy that keeps Swagger UI working', async () => {
    const res = await sys.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'self'");
  });

  test('without a valid token: a few requests a minute per address, then 429 in Chinese with Retry-After', async () => {
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await strict.inject({ method: 'GET', url: '/bulletin' })).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    const limited = await strict.inject({ method: 'GET', url: '/bulletin' });
    expect(limited.json()).toMatchObject({ statusCode: 429, code: 'RateLimited' });
    expect(limited.json<{ message: string }>().message).toMatch(/^请求过于频繁，请在\d+秒后再试$/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  test('with a valid token, each person has a budget of their own, even from one address', async () => {
    const { signToken } = await import('../../lib/infra/tokens');
    const token = (sub: string) => `Bearer ${signToken('x'.repeat(40), { sub, role: 'office' })}`;
    const ask = (sub: string) =>
      strict.inject({ method: 'GET', url: '/units', headers: { authorization: token(sub) } });
    const first = [];
    for (let i = 0; i < 6; i++) first.push((await ask('office-a')).statusCode);
    expect(first).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await ask('office-b')).statusCode).toBe(200);
  });

  test('under pressure (the event loop lagging beyond the limit): 503 with Retry-After, in Chinese', async () => {
    const pressed = await buildApp({
      temporalClient: sys.env.client,
      store: sys.store,
      codecKeys: testCodecKeys,
      env: { AUTH_JWT_SECRET: 'x'.repeat(40), MAX_EVENT_LOOP_DELAY_MS: '1' },
    });
    try {
      const until = Date.now() + 1500;
      while (Date.now() < until); // block the loop, as a runaway computation would
      await new Promise((r) => setTimeout(r, 50));
      const res = await pressed.inject({ method: 'GET', url: '/bulletin' });
      expect([res.statusCode, res.headers['retry-after'], res.json<{ message: string }>().message]).toEqual([
        503,
        '10',
        '服务器繁忙，请稍后再试',
      ]);
    } finally {
      await pressed.close();
    }
  });

  test('a refused step is still recorded nowhere: the walk goes on', async () => {
    const idOk = await walkPatrol(sys, 'datong', 2, 'approved');
    const r: PatrolCaseRecord = await record(sys, idOk);
    expect(r.stage).toBe('forming-group');
  });
});
