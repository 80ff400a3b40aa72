/**
 * Issue 33 item 5: how long the system keeps what it must not keep for ever. The audit trail is kept
 * `AUDIT_RETENTION_DAYS` (the worker section of lib/config; at least 180: 等保 level 3 asks for six months); a
 * reporter's or an objector's name and contact are removed a time after their case closes, which the office sets in
 * `RETENTION_POLICY_FILE` (JSON, over the default below). The daily retention schedule applies both
 * (workflows/retention/, activities/retention.ts).
 */
import { readFileSync } from 'node:fs';
import { DateTime, Duration } from 'luxon';
import { caseTimeZone } from './calendar';

/**
 * As written in the policy file: an ISO-8601 duration (`P3Y`, `P18M`, `PT30S`), counted on the calendar of Beijing,
 * or a number of days (fractions allowed: `0.0005` is 43.2 seconds, for a test).
 */
export interface RetentionPolicyFile {
  identityAfterClosing?: string | number;
}

export interface RetentionPolicy {
  /** Audit entries older than this many days are pruned (whole days; the database never prunes younger than 180). */
  auditDays: number;
  /** How long after its case closes a reporter's or objector's identity is removed. */
  identityAfterClosing: { written: string | number; duration: Duration; label: string };
}

/**
 * The office's default: 3 years after the case closes. Long enough for the reporter to ask again about the same matter,
 * for a patrol or supervision the report fed to finish its rectification and its follow-up visit (回头看), for the
 * year's assessments, and for a complaint about how the report was handled; after that the office has no need to reach
 * the reporter, and what is not needed is not kept (PIPL Art. 19). Only who reported goes: what was reported stays
 * with the record.
 */
export const defaultIdentityAfterClosing = 'P3Y';

export const auditRetentionSetting = { default: 180, minimum: 180, maximum: 36_500 } as const;

export class RetentionPolicyError extends Error {
  override name = 'RetentionPolicyError';
}

const words: Array<[keyof ReturnType<Duration['toObject']>, string]> = [
  ['years', '年'],
  ['months', '个月'],
  ['weeks', '周'],
  ['days', '天'],
  ['hours', '小时'],
  ['minutes', '分钟'],
  ['seconds', '秒'],
];

/** `3年`, `1年6个月`, `30秒`, `0.5天`: the period as the record says it. */
function labelOf(written: string | number, d: Duration): string {
  if (typeof written === 'number') return `${written}天`;
  const parts = d.toObject();
  return words.map(([unit, word]) => (parts[unit] ? `${parts[unit]}${word}` : '')).join('');
}

/** A period of the policy file, checked: undefined and a problem when it is not one. */
function periodOf(value: unknown): { duration: Duration; written: string | number } | undefined {
  if (typeof value === 'number')
    return Number.isFinite(value) && value > 0
      ? { duration: Duration.fromMillis(Math.round(value * 86_400_000)), written: value }
      : undefined;
  if (typeof value !== 'string') return undefined;
  const d = Duration.fromISO(value);
  if (!d.isValid || Object.values(d.toObject()).some((n) => n < 0)) return undefined;
  return d.toMillis() > 0 ? { duration: d, written: value } : undefined;
}

/** Check a policy (the default overlaid with `overrides`); throws one error listing every problem. */
export function resolveRetentionPolicy(
  overrides: unknown = {},
  settings: { AUDIT_RETENTION_DAYS?: number | string } = {},
  source = 'retention policy',
): RetentionPolicy {
  const problems: string[] = [];
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides))
    throw new RetentionPolicyError(`${source}: expected an object such as {"identityAfterClosing": "P3Y"}`);
  for (const key of Object.keys(overrides))
    if (key !== 'identityAfterClosing') problems.push(`${source}: unknown item "${key}" (known: identityAfterClosing)`);
  const written = (overrides as RetentionPolicyFile).identityAfterClosing ?? defaultIdentityAfterClosing;
  const period = periodOf(written);
  if (!period)
    problems.push(
      `${source}: identityAfterClosing "${String(written)}" is not a positive ISO-8601 duration such as "P3Y" or "PT30S", nor a number of days`,
    );
  // lib/config checks the setting first; here again for a caller that hands in its own settings.
  const auditDays = Number(settings.AUDIT_RETENTION_DAYS ?? auditRetentionSetting.default);
  if (!Number.isInteger(auditDays) || auditDays < auditRetentionSetting.minimum)
    problems.push(`AUDIT_RETENTION_DAYS must be a whole number of days, at least ${auditRetentionSetting.minimum}`);
  if (problems.length || !period) throw new RetentionPolicyError(problems.join('\n'));
  return {
    auditDays,
    identityAfterClosing: { ...period, label: labelOf(period.written, period.duration) },
  };
}

/** The policy in force: the default, overlaid with `RETENTION_POLICY_FILE` when set (the worker section). */
export function loadRetentionPolicy(settings: {
  RETENTION_POLICY_FILE?: string;
  AUDIT_RETENTION_DAYS?: number | string;
}): RetentionPolicy {
  const file = settings.RETENTION_POLICY_FILE;
  if (!file) return resolveRetentionPolicy({}, settings);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new RetentionPolicyError(`cannot read retention policy ${file}: ${(err as Error).message}`);
  }
  return resolveRetentionPolicy(raw, settings, file);
}

/** Audit entries before this instant are past their retention. */
export function auditCutoff(policy: RetentionPolicy, now: Date): Date {
  return DateTime.fromJSDate(now).minus({ days: policy.auditDays }).toJSDate();
}

/** A case closed before this instant has kept its reporters' identities long enough (calendar of Beijing). */
export function identityCutoff(policy: RetentionPolicy, now: Date): Date {
  return DateTime.fromJSDate(now).setZone(caseTimeZone).minus(policy.identityAfterClosing.duration).toJSDate();
}
