/**
 * The second factor (等保2.0 身份鉴别: two or more kinds of authentication combined): which roles must show one
 * (`AUTH_REQUIRE_MFA_ROLES`), and when a token shows one. The identity provider says how the person signed in in the
 * token's `amr` (authentication methods, RFC 8176) or `acr` (the context class it names itself).
 *
 * A token shows a second factor when
 * - its `amr` holds `mfa` (the provider says several factors were used), or
 * - its `amr` holds methods of at least two kinds of factor: something known (`pwd`, `pin`, `kba`), something held
 *   (`hwk`, `swk`, `sc`, `otp`, `sms`, `tel`, `pop`), something one is (`fpt`, `face`, `iris`, `retina`, `vbm`).
 *   `pwd` with `otp` counts, so does `hwk` with `pin`; `otp` or `hwk` alone does not (one factor, and a passwordless
 *   login looks the same), nor do two of one kind (`pwd` and `kba`, `otp` and `sms`). `geo`, `rba`, `mca`, `user`,
 *   `wia` and names RFC 8176 does not list count as no factor; or
 * - its `acr` is one of `AUTH_MFA_ACR_VALUES` (default none: only `amr` decides).
 */
import type { Role } from '../../workflows/domain';
import { roleLabels, roles } from '../../workflows/domain';

/** RFC 8176 methods by the kind of factor each is (a Map: a method named `constructor` is no kind). */
const factorKinds = new Map<string, 'knowledge' | 'possession' | 'inherence'>([
  ...(['pwd', 'pin', 'kba'] as const).map((m) => [m, 'knowledge'] as const),
  ...(['hwk', 'swk', 'sc', 'otp', 'sms', 'tel', 'pop'] as const).map((m) => [m, 'possession'] as const),
  ...(['fpt', 'face', 'iris', 'retina', 'vbm'] as const).map((m) => [m, 'inherence'] as const),
]);

/** What the settings ask: the roles that must show a second factor, and the `acr` values that show one. */
export interface SecondFactorPolicy {
  roles: ReadonlySet<Role>;
  acrValues: readonly string[];
}

const list = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The policy of `AUTH_REQUIRE_MFA_ROLES` and `AUTH_MFA_ACR_VALUES` (both comma-separated; unset or empty: no role is
 * asked). Throws an Error naming the setting when a role is not one of `roles` (workflows/domain.ts), or when
 * `AUTH_MFA_ACR_VALUES` is set without any role to ask: the API does not start with either.
 *
 * @example
 * const policy = secondFactorPolicy({ AUTH_REQUIRE_MFA_ROLES: 'office,committee' });
 * policy.roles.has('office'); // true
 */
export function secondFactorPolicy(settings: {
  AUTH_REQUIRE_MFA_ROLES?: string | undefined;
  AUTH_MFA_ACR_VALUES?: string | undefined;
}): SecondFactorPolicy {
  const named = list(settings.AUTH_REQUIRE_MFA_ROLES);
  const unknown = named.filter((r) => !(roles as readonly string[]).includes(r));
  if (unknown.length) {
    throw new Error(
      `AUTH_REQUIRE_MFA_ROLES names ${unknown.join(', ')}, which is not a role (roles: ${roles.join(', ')})`,
    );
  }
  const acrValues = list(settings.AUTH_MFA_ACR_VALUES);
  if (acrValues.length && !named.length) {
    throw new Error(
      'AUTH_MFA_ACR_VALUES is set but AUTH_REQUIRE_MFA_ROLES is not, so no role is asked for a second factor: ' +
        'set AUTH_REQUIRE_MFA_ROLES (e.g. office,leading-group,committee,auditor) or unset AUTH_MFA_ACR_VALUES',
    );
  }
  return { roles: new Set(named as Role[]), acrValues };
}

/** Whether the token's `amr` or `acr` shows a second factor (the rule at the top of this file). */
export function showsSecondFactor(claims: { amr?: unknown; acr?: unknown }, acrValues: readonly string[]): boolean {
  const { amr, acr } = claims;
  if (typeof acr === 'string' && acrValues.includes(acr)) return true;
  if (!Array.isArray(amr)) return false;
  const methods = amr.filter((m): m is string => typeof m === 'string');
  if (methods.includes('mfa')) return true;
  return new Set(methods.map((m) => factorKinds.get(m)).filter(Boolean)).size >= 2;
}

/** Why a token of `role` is refused (for the caller, in Chinese). */
export function secondFactorRefusal(role: Role): string {
  return `${roleLabels[role]}须经双因素认证登录（令牌未表明使用了第二因素）`;
}
