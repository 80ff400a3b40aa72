/**
 * Parties: who a step, a deadline or a notice is for, and who may see a case. A party is a role, narrowed to one
 * unit (`unit`, `discipline`) or one group (`group-leader`).
 */
import type { Actor, Role } from '../domain';
import type { Party } from './schemas';

/** The roles that oversee every case and see all of it (docs/need-to-know.md). */
export const overseerRoles = ['office', 'leading-group', 'committee'] as const satisfies readonly Role[];

export const isOverseer = (role: Role): boolean => (overseerRoles as readonly Role[]).includes(role);

/**
 * The tag of a party in the `CaseAwaiting` and `CaseViewers` search attributes: the role alone (`committee`), or
 * the role and its unit or group (`unit:taiyuan`, `discipline:procuratorate`, `group-leader:g-2026-01`).
 */
export function partyTag(p: Party): string {
  if (p.role === 'unit' || p.role === 'discipline') return `${p.role}:${p.unit ?? ''}`;
  if (p.role === 'group-leader') return `${p.role}:${p.group ?? ''}`;
  return p.role;
}

/** The party a person acts as. */
export const partyOf = (actor: Actor): Party => ({
  role: actor.role,
  ...(actor.unit ? { unit: actor.unit } : {}),
  ...(actor.group ? { group: actor.group } : {}),
});

/** Whether `p` is the person's own party (same role, and the same unit or group where the role has one). */
export const isParty = (actor: Actor, p: Party): boolean => partyTag(p) === partyTag(partyOf(actor));
