import { createSigner } from 'fast-jwt';
import type { Role } from '../workflows/domain';

/** The claims the API reads from a bearer token. */
export interface CaseClaims {
  /** Stable person id. */
  sub: string;
  role: Role;
  name?: string;
  /** Required for `unit` and `discipline`: the unit code they act for. */
  unit?: string;
  /** Required for `group-leader`: their group id. */
  group?: string;
}

/**
 * Sign an HS256 token for the embedded default (local use, tests). Production tokens come from the
 * identity provider and are checked against its JWKS.
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
  const sign = createSigner({ key: secret, algorithm: 'HS256', expiresIn, ...extra });
  return sign({ ...claims });
}
