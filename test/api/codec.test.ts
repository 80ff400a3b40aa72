import { defaultPayloadConverter } from '@temporalio/common';
import { SealingCodec } from '../../lib/infra/codec';
import type { TestSystem } from '../helpers/system';
import { people, startSystem, testCodecKeys } from '../helpers/system';

/**
 * The codec server for Temporal UI (`/codec`): it opens sealed payloads for the office, which sees everything, from
 * the UI's origin only; it never seals, so nothing can enter a case around the API.
 */
describe('Codec server for Temporal UI: opens sealed payloads for the office only, never seals', () => {
  let sys: TestSystem;
  const ui = 'http://localhost:8233';
  const tipOff = '群众李四反映扶贫车间补贴被冒领';
  let sealed: Array<{ metadata: Record<string, string>; data: string }>;

  beforeAll(async () => {
    sys = await startSystem();
    // What Temporal UI would hold: the sealed input of a case, taken from its history.
    expect(
      (
        await sys.call(people.leadingGroup, {
          method: 'POST',
          url: '/patrols',
          payload: {
            year: 2026,
            serial: 1,
            targetUnit: 'jinzhong',
            grounds: { sources: ['public-report'], summary: tipOff },
          },
        })
      ).statusCode,
    ).toBe(201);
    const history = await sys.env.client.workflow.getHandle('patrol-2026-jinzhong-0001').fetchHistory();
    const input = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads!;
    sealed = input.map((p) => ({
      metadata: Object.fromEntries(Object.entries(p.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
      data: Buffer.from(p.data!).toString('base64'),
    }));
  });
  afterAll(async () => sys?.close());

  const decode = (headers: Record<string, string>, payloads = sealed) =>
    sys.app.inject({ method: 'POST', url: '/codec/decode', headers, payload: { payloads } });
  const bearer = (who: (typeof people)[keyof typeof people]) => ({ authorization: `Bearer ${sys.token(who)}` });

  test('the office opens a sealed payload: the tip-off is there, for the one role that sees everything', async () => {
    const res = await decode({ ...bearer(people.office), 'x-namespace': 'default' });
    expect(res.statusCode).toBe(200);
    const [payload] = res.json<{ payloads: Array<{ metadata: Record<string, string>; data: string }> }>().payloads;
    const opened = defaultPayloadConverter.fromPayload<{ grounds: { summary: string } }>({
      metadata: Object.fromEntries(Object.entries(payload!.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
      data: Buffer.from(payload!.data, 'base64'),
    });
    expect(opened.grounds.summary).toBe(tipOff);
    expect(JSON.stringify(sealed)).not.toContain(Buffer.from(tipOff).toString('base64').slice(0, 16));
  });

  test('no token: 401; any other role, even the leading group and the committee: 403', async () => {
    expect((await decode({})).statusCode).toBe(401);
    for (const who of [people.leadingGroup, people.committee, people.groupLeader, people.taiyuan, people.discipline]) {
      const res = await decode(bearer(who));
      expect([who.role, res.statusCode]).toEqual([who.role, 403]);
    }
  });

  test('it never seals: there is no /codec/encode, so no payload can be forged through it', async () => {
    const res = await sys.app.inject({
      method: 'POST',
      url: '/codec/encode',
      headers: bearer(people.office),
      payload: { payloads: [] },
    });
    expect(res.statusCode).toBe(404);
  });

  test('payloads not sealed by this system are shown as they are, not opened', async () => {
    const clear = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: 'IngiCg==' };
    const res = await decode(bearer(people.office), [clear]);
    expect(res.json()).toEqual({ payloads: [clear] });
  });

  test("CORS: the UI's origin may call it with credentials; another origin may not", async () => {
    const preflight = (origin: string) =>
      sys.app.inject({
        method: 'OPTIONS',
        url: '/codec/decode',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-namespace',
        },
      });
    const fromUi = await preflight(ui);
    expect(fromUi.headers['access-control-allow-origin']).toBe(ui);
    expect(fromUi.headers['access-control-allow-credentials']).toBe('true');
    expect(String(fromUi.headers['access-control-allow-headers'])).toContain('x-namespace');
    const elsewhere = await preflight('http://evil.example');
    expect(elsewhere.headers['access-control-allow-origin']).not.toBe('http://evil.example');
    // CORS is only on /codec: the rest of the API is not callable from the UI's origin.
    const api = await sys.app.inject({ method: 'GET', url: '/health', headers: { origin: ui } });
    expect(api.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('a session for the embedded UI: an office token kept server side, its signed id in a cookie only /codec receives', async () => {
    const page = await sys.app.inject({ method: 'GET', url: '/codec/session' });
    expect([page.statusCode, page.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
    const refused = await sys.app.inject({
      method: 'POST',
      url: '/codec/session',
      payload: { token: sys.token(people.committee) },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['set-cookie']).toBeUndefined();

    const started = await sys.app.inject({
      method: 'POST',
      url: '/codec/session',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `token=${encodeURIComponent(sys.token(people.office))}`,
    });
    expect(started.statusCode).toBe(200);
    const cookie = String(started.headers['set-cookie']);
    expect(cookie).toMatch(/^codec_session=/);
    expect(cookie).toContain('Path=/codec');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const withCookie = await decode({ cookie: cookie.split(';')[0]! });
    expect(withCookie.statusCode).toBe(200);
    // The cookie is no token for the rest of the API.
    const elsewhere = await sys.app.inject({
      method: 'GET',
      url: '/units',
      headers: { cookie: cookie.split(';')[0]! },
    });
    expect(elsewhere.statusCode).toBe(401);

    // Issue 30 item 6: the cookie holds a signed session id, not the token, and the session ends like any other of its
    // person's: after sign-out everywhere, the copied cookie opens nothing.
    const officeToken = sys.token(people.office);
    expect(cookie).not.toContain(officeToken.split('.')[1]!);
    const { sub } = JSON.parse(Buffer.from(officeToken.split('.')[1]!, 'base64url').toString()) as { sub: string };
    expect(await sys.store.endSessions({ person: sub }, 'signed-out-everywhere', new Date())).toBeGreaterThanOrEqual(1);
    expect((await decode({ cookie: cookie.split(';')[0]! })).statusCode).toBe(401);
  });

  test('the test keys open what the system sealed (the same codec the worker and the clients use)', async () => {
    const payloads = await new SealingCodec(testCodecKeys).encode([defaultPayloadConverter.toPayload('x')]);
    expect(payloads[0]!.metadata!.encoding).toEqual(Buffer.from('binary/encrypted'));
  });
});
