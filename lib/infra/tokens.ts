import { createSigner } from 'fast-jwt';
import type { Role } from '../../workflows/domain';
import { roles, transferRecipients } from '../../workflows/domain';
import { unitCodePattern } from '../../workflows/ids';
import { groupIdPattern } from '../../workflows/engine/schemas';

/** The claims the API reads from a bearer token. */
export interface CaseClaims {
  /** Stable person id. */
  sub: string;
  role: Role;
  name?: string;
  /** Required for `unit` (a unit of the registry) and `discipline` (a discipline body): the unit code they act for. */
  unit?: string;
  /** Required for `group-leader`: their group id. */
  group?: string;
  /** How the person signed in (RFC 8176 methods): a role of `AUTH_REQUIRE_MFA_ROLES` must show a second factor. */
  amr?: string[];
  /** The identity provider's authentication context class (an `AUTH_MFA_ACR_VALUES` value shows a second factor). */
  acr?: string;
}

/** `AUTH_MAX_TOKEN_LIFETIME` when unset: the longest `exp − iat` the API accepts. */
export const defaultMaxTokenLifetime = '12h';

/** How far a token's `iat` may lie in the future (the issuer's clock may run a little ahead of ours). */
export const clockSkewSeconds = 60;

/** A duration such as `90s`, `30m`, `8h` or `1d`. */
export const durationPattern = '^[1-9][0-9]{0,8}[smhd]$';

const durationUnits = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Milliseconds of a duration such as `8h` (see `durationPattern`); throws on anything else. */
export function parseDuration(text: string): number {
  if (!new RegExp(durationPattern).test(text)) {
    throw new Error(`"${text}" is not a duration: use a whole number and s, m, h or d (e.g. 8h)`);
  }
  return Number(text.slice(0, -1)) * durationUnits[text.slice(-1) as keyof typeof durationUnits];
}

/** Unit codes of the discipline bodies a case can be transferred to: the only units a `discipline` token may name. */
export const disciplineBodies: readonly string[] = Object.values(transferRecipients).map((r) => r.unit);

const unitCode = new RegExp(unitCodePattern);
const groupId = new RegExp(groupIdPattern);

/**
 * Why a token's `unit` and `group` may not be used (a sentence for the caller), or undefined when they may. The
 * values end up in visibility queries (`CaseViewers = 'unit:…'`) and in the case record, so only codes of the
 * registry and group ids of the group id pattern pass: a `unit` role acts for a unit of the registry, `discipline`
 * for one of the discipline bodies, `group-leader` for a group; any other role may carry a `unit` only if it is one
 * of those.
 */
export function claimsProblem(
  claims: { role: Role; unit?: unknown; group?: unknown },
  units: ReadonlyMap<string, unknown>,
): string | undefined {
  const { role, unit, group } = claims;
  if (!roles.includes(role)) return '令牌的 role 无效';
  if ((role === 'unit' || role === 'discipline') && unit === undefined) return `角色 ${role} 的令牌必须包含 unit`;
  if (role === 'group-leader' && group === undefined) return '组长的令牌必须包含 group';
  if (unit !== undefined) {
    if (typeof unit !== 'string' || unit.length > 64 || !unitCode.test(unit)) return '令牌的 unit 不是有效的单位代码';
    if (role === 'discipline') {
      if (!disciplineBodies.includes(unit)) {
        return `纪检监察机关、检察机关的令牌中 unit 必须是 ${disciplineBodies.join('、')} 之一`;
      }
    } else if (role === 'unit') {
      if (!units.has(unit)) return `单位名录中没有代码为 ${unit} 的单位`;
    } else if (!units.has(unit) && !disciplineBodies.includes(unit)) {
      return `单位名录中没有代码为 ${unit} 的单位`;
    }
  }
  if (group !== undefined && (typeof group !== 'string' || !groupId.test(group))) {
    return '令牌的 group 不是有效的督查组编号';
  }
  return undefined;
}

/**
 * Why a verified token's lifetime is not acceptable (a sentence for the caller), or undefined when it is: `exp` is
 * required, `iat` may not lie in the future (beyond `clockSkewSeconds`), and `exp − iat` (without `iat`:
 * `exp − now`) may not exceed `maxLifetime` (a duration such as `12h`).
 */
export function lifetimeProblem(
  payload: { exp?: unknown; iat?: unknown },
  maxLifetime: string,
  nowMs: number = Date.now(),
): string | undefined {
  const now = nowMs / 1000;
  const { exp, iat } = payload;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return '令牌必须包含过期时间（exp）';
  if (iat !== undefined && (typeof iat !== 'number' || !Number.isFinite(iat))) return '令牌的签发时间（iat）无效';
  if (iat !== undefined && iat > now + clockSkewSeconds) return '令牌的签发时间（iat）晚于当前时间';
  const lifetime = iat === undefined ? exp - now - clockSkewSeconds : exp - iat;
  if (lifetime * 1000 > parseDuration(maxLifetime)) return `令牌的有效期超过上限（${maxLifetime}）`;
  return undefined;
}

/**
 * Sign an HS256 token for the embedded default (local use, tests), with `iat` and an `exp` after `expiresIn` (a
 * duration such as `8h`). Production tokens come from the identity provider and are checked against its JWKS.
 *
 * @example
 * const token = signToken(secret, { sub: 'wang.li', role: 'committee', name: '王丽' }, '8h');
 */
export function signToken(
  secret: string,
  claims: CaseClaims,
  expiresIn: string = '8h',
  extra: { iss?: string; aud?: string } = {},
): string {
  const sign = createSigner({ key: secret, algorithm: 'HS256', expiresIn: parseDuration(expiresIn), ...extra });
  return sign({ ...claims });
}

/** What `npm run token` was asked for. */
export interface TokenRequest {
  role?: string;
  name?: string;
  unit?: string;
  group?: string;
  sub?: string;
  /** Lifetime, a duration such as `8h`. */
  expires?: string;
  /** Claim a second factor (`amr: ["mfa"]`), for a role of `AUTH_REQUIRE_MFA_ROLES` on one machine. */
  mfa?: boolean;
}

/**
 * The claims and lifetime of a local token, checked by the rules the API applies (role, unit and group against the
 * registry, lifetime at most `maxLifetime`, a second factor for the roles of `secondFactorRoles`): what
 * `npm run token` signs. Throws an Error saying what is wrong.
 */
export function tokenRequest(
  request: TokenRequest,
  units: ReadonlyMap<string, unknown>,
  maxLifetime: string = defaultMaxTokenLifetime,
  secondFactorRoles: ReadonlySet<Role> = new Set(),
): { claims: CaseClaims; expiresIn: string } {
  const role = request.role as Role | undefined;
  if (!role || !roles.includes(role)) throw new Error(`--role is required, one of: ${roles.join(', ')}`);
  if ((role === 'unit' || role === 'discipline') && !request.unit) {
    throw new Error(
      role === 'unit'
        ? '--unit is required for role unit (a unit code from data/units.json)'
        : `--unit is required for role discipline (one of: ${disciplineBodies.join(', ')})`,
    );
  }
  if (role === 'group-leader' && !request.group) throw new Error('--group is required for role group-leader');
  const claims: CaseClaims = {
    sub: request.sub ?? `${role}-${request.unit ?? request.group ?? 'local'}`,
    role,
    ...(request.name ? { name: request.name } : {}),
    ...(request.unit ? { unit: request.unit } : {}),
    ...(request.group ? { group: request.group } : {}),
    // Whoever holds the local secret can sign anything: --mfa only says so in the token, for the setting's sake.
    ...(request.mfa ? { amr: ['mfa'] } : {}),
  };
  const problem = claimsProblem(claims, units);
  if (problem) throw new Error(`the API would refuse this token: ${problem}`);
  if (secondFactorRoles.has(role) && !request.mfa) {
    throw new Error(
      `the API would refuse this token: AUTH_REQUIRE_MFA_ROLES asks role ${role} for a second factor (add --mfa)`,
    );
  }
  const expiresIn = request.expires ?? '8h';
  const duration = (name: string, text: string) => {
    try {
      return parseDuration(text);
    } catch (err) {
      throw new Error(`${name}: ${(err as Error).message}`);
    }
  };
  if (duration('--expires', expiresIn) > duration('AUTH_MAX_TOKEN_LIFETIME', maxLifetime)) {
    throw new Error(
      `--expires ${expiresIn} is longer than the longest lifetime the API accepts (AUTH_MAX_TOKEN_LIFETIME=${maxLifetime})`,
    );
  }
  return { claims, expiresIn };
}
