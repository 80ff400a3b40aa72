/**
 * Issue 33 item 7, the second factor for the overseers (等保2.0 身份鉴别: two or more kinds of authentication
 * combined): with `AUTH_REQUIRE_MFA_ROLES`, a token of those roles must show a second factor in the identity provider's
 * `amr` (RFC 8176: `mfa`, or methods of two kinds such as `pwd` and `otp`) or an `acr` of `AUTH_MFA_ACR_VALUES`, else
 * 401 with the reason in Chinese; other roles are unaffected; a role that does not exist stops the start.
 * On real parts: a Temporal dev server, the worker, the API, with tokens as `npm run token` signs them. The workbench's
 * sign-in through a real identity provider (oidc-provider) is in test/workbench/oidc.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { buildApp } from '../../api/app';
import type { CaseClaims } from '../../lib/infra/tokens';
import { signToken, tokenRequest } from '../../lib/infra/tokens';
import { secondFactorPolicy } from '../../lib/infra/second-factor';
import type { TestSystem } from '../helpers/system';
import { people, startSystem, testCodecKeys } from '../helpers/system';
import { browserOn, browserOf, signInLocally } from '../helpers/workbench';

jest.setTimeout(60_000);

const required = 'office, leading-group,committee,auditor';
const strongAcr = 'urn:dcxc:loa:2';
const proposal = {
  year: 2026,
  serial: 33,
  targetUnit: 'jincheng',
  grounds: { sources: ['public-report'], summary: '举报' },
};
const caseId = 'patrol-2026-jincheng-0033';

/** A token's claims with a given `amr` and `acr`, in whatever form an identity provider might send them. */
const signedIn = (who: CaseClaims, how: { amr?: unknown; acr?: unknown }): CaseClaims =>
  ({ ...who, ...how }) as CaseClaims;

describe('issue 33 item 7: 等保2.0 身份鉴别, a second factor for the overseers (AUTH_REQUIRE_MFA_ROLES)', () => {
  let sys: TestSystem;

  beforeAll(async () => {
    sys = await startSystem({ apiEnv: { AUTH_REQUIRE_MFA_ROLES: required, AUTH_MFA_ACR_VALUES: strongAcr } });
  }, 180_000);
  afterAll(async () => {
    await sys?.close();
  });

  test('issue 33 item 7 (等保2.0 身份鉴别): a listed role without a second factor hears 401 SecondFactorRequired in Chinese, before any 403, and nothing starts', async () => {
    const weak: Array<{ amr?: unknown; acr?: unknown }> = [
      {},
      { amr: ['pwd'] },
      { amr: ['otp'] }, // one factor: a passwordless login looks the same
      { amr: ['hwk'] },
      { amr: ['pwd', 'kba'] }, // two of one kind (known)
      { amr: ['otp', 'sms'] }, // two of one kind (held)
      { amr: ['geo', 'rba', 'mca', 'user', 'wia'] }, // no factor at all
      { amr: ['constructor', 'toString'] },
      { amr: 'mfa' }, // not an array (RFC 8176: an array of strings)
      { amr: [['pwd', 'otp']] },
      { acr: 'urn:dcxc:loa:1' },
      { acr: [strongAcr] },
    ];
    for (const how of weak) {
      const res = await sys.call(signedIn(people.leadingGroup, how), {
        method: 'POST',
        url: '/patrols',
        payload: proposal,
      });
      expect([how, res.statusCode, res.json()]).toMatchObject([
        how,
        401,
        { code: 'SecondFactorRequired', message: '省脱贫攻坚领导小组须经双因素认证登录（令牌未表明使用了第二因素）' },
      ]);
    }
    // Who is signed in is settled before what they may do: the committee on the leading group's route hears 401.
    const committee = await sys.call(people.committee, { method: 'POST', url: '/patrols', payload: proposal });
    expect(committee.statusCode).toBe(401);
    expect(committee.json()).toMatchObject({ code: 'SecondFactorRequired' });
    for (const who of [people.office, { sub: 'auditor-1', role: 'auditor' } as const]) {
      const res = await sys.call(who, { method: 'GET', url: '/cases' });
      expect([who.role, res.statusCode, res.json<{ code: string }>().code]).toEqual([
        who.role,
        401,
        'SecondFactorRequired',
      ]);
    }
    await expect(sys.env.client.workflow.getHandle(caseId).describe()).rejects.toThrow(/not found/i);
  });

  test('issue 33 item 7 (等保2.0 身份鉴别): amr mfa, methods of two kinds, or an acr of AUTH_MFA_ACR_VALUES let the listed roles in', async () => {
    const started = await sys.call(signedIn(people.leadingGroup, { amr: ['pwd', 'otp'] }), {
      method: 'POST',
      url: '/patrols',
      payload: proposal,
    });
    expect(started.statusCode).toBe(201);
    const strong: Array<[CaseClaims, { amr?: unknown; acr?: unknown }]> = [
      [people.office, { amr: ['mfa'] }],
      [people.office, { amr: ['pwd', 'mfa', 'otp'] }],
      [people.office, { amr: ['hwk', 'pin'] }], // a key unlocked with a PIN
      [people.committee, { amr: ['swk', 'fpt'] }], // a software key unlocked with a fingerprint
      [people.committee, { amr: ['face', 'pwd'] }],
      [people.leadingGroup, { acr: strongAcr }],
      [people.leadingGroup, { amr: ['pwd'], acr: strongAcr }],
    ];
    for (const [who, how] of strong) {
      const res = await sys.call(signedIn(who, how), { method: 'GET', url: `/cases/${caseId}` });
      expect([who.role, how, res.statusCode]).toEqual([who.role, how, 200]);
    }
    // The decision records who made it, as from any token.
    const record = await sys.call(signedIn(people.office, { amr: ['mfa'] }), {
      method: 'GET',
      url: `/cases/${caseId}`,
    });
    expect(record.json<{ events: Array<{ by: { id: string } }> }>().events[0]?.by.id).toBe(people.leadingGroup.sub);
  });

  test('issue 33 item 7: roles the setting does not list sign in as before, without any amr', async () => {
    for (const who of [people.taiyuan, people.groupLeader, people.discipline]) {
      const res = await sys.call(who, { method: 'GET', url: '/units' });
      expect([who.role, res.statusCode]).toEqual([who.role, 200]);
    }
    expect((await sys.call(people.taiyuan, { method: 'GET', url: '/cases' })).statusCode).toBe(200);
  });

  test('issue 33 item 7: the workbench — a session with a second factor opens pages; local sign-in (no second factor) refuses the listed roles with the reason', async () => {
    const strong = browserOf(sys, signedIn(people.office, { amr: ['pwd', 'otp'] }));
    const home = await strong.get('/workbench/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('领导小组办公室');

    const refused = await signInLocally(browserOn(sys.app), { name: '李明', role: 'office' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('领导小组办公室须经双因素认证登录，本地登录不经第二因素，不能以此身份登录');
    expect(refused.cookies.find((c) => c.name === 'workbench_session')).toBeUndefined();
    const unit = await signInLocally(browserOn(sys.app), { name: '张伟', role: 'unit', unit: 'taiyuan' });
    expect(unit.statusCode).toBe(303);
  });

  test('issue 33 item 7: npm run token signs a listed role only with --mfa (amr ["mfa"]), and the API takes that token', async () => {
    const { roles } = secondFactorPolicy({ AUTH_REQUIRE_MFA_ROLES: required });
    expect(() => tokenRequest({ role: 'office', name: '李明' }, sys.app.units, '12h', roles)).toThrow(
      'the API would refuse this token: AUTH_REQUIRE_MFA_ROLES asks role office for a second factor (add --mfa)',
    );
    const { claims } = tokenRequest({ role: 'office', name: '李明', mfa: true }, sys.app.units, '12h', roles);
    expect(claims.amr).toEqual(['mfa']);
    expect((await sys.call(claims, { method: 'GET', url: '/cases' })).statusCode).toBe(200);
    // A role the setting does not list needs no --mfa.
    expect(tokenRequest({ role: 'unit', unit: 'taiyuan' }, sys.app.units, '12h', roles).claims.amr).toBeUndefined();
  });

  test('issue 33 item 7: a deployment naming a role that does not exist, or acr values with no role to ask, refuses to start naming the setting; unset, nothing changes', async () => {
    const secret = randomBytes(32).toString('hex');
    const build = (env: Record<string, string>) =>
      buildApp({
        temporalClient: sys.env.client,
        store: sys.store,
        codecKeys: testCodecKeys,
        env: { AUTH_JWT_SECRET: secret, MAX_EVENT_LOOP_DELAY_MS: '0', ...env },
      });
    await expect(build({ AUTH_REQUIRE_MFA_ROLES: 'office,auditer' })).rejects.toThrow(
      /^AUTH_REQUIRE_MFA_ROLES names auditer, which is not a role \(roles: office, /,
    );
    await expect(build({ AUTH_MFA_ACR_VALUES: strongAcr })).rejects.toThrow(
      /^AUTH_MFA_ACR_VALUES is set but AUTH_REQUIRE_MFA_ROLES is not/,
    );
    const plain = await build({});
    try {
      const { claims, expiresIn } = tokenRequest({ role: 'office' }, plain.units);
      const res = await plain.inject({
        method: 'GET',
        url: '/units',
        headers: { authorization: `Bearer ${signToken(secret, claims, expiresIn)}` },
      });
      expect(res.statusCode).toBe(200);
    } finally {
      await plain.close();
    }
  });
});
