import { readFileSync } from 'node:fs';
import type { Duration } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import type { CaseLimits, EscalationRole, SubmissionKind } from '../../workflows/domain';
import { defaultCaseLimits, escalationRoles, isCourtesy, ruleUnits, submissionKinds } from '../../workflows/domain';
import type { DeadlineRule } from './deadlines';
import { defaultWorkdayStart, workdayStartPattern } from './notice-times';

export { escalationRoles, submissionKinds };
export type { EscalationRole, SubmissionKind };

/** As written in the policy file: durations in words (`7 days`, `12 hours`, `30s`). */
export interface SubmissionPolicyConfig {
  rule: DeadlineRule;
  remindersBefore: string[];
  escalations: Array<{ after: string; to: EscalationRole }>;
  /**
   * When the item turns yellow (黄灯) and its party gets the yellow notice; default `WORKBENCH_YELLOW_DAYS` days (3),
   * the same as the workbench's light. Only items with reminders that the leading group may chase (not courtesy items).
   */
  yellowBefore?: string;
  /**
   * A term the measures fix (Art. 11, 16 (2)): only the leading group extends it, on the unit's request (延期申请); the
   * office extends only its own working deadlines (workflows/common-steps/extension-requests.ts).
   */
  fixedByMeasures?: boolean;
}

/** As the workflow keeps it (in its history): durations in milliseconds. */
export interface SubmissionPolicy {
  kind: SubmissionKind;
  rule: DeadlineRule;
  /** Reminders to the responsible party, this long before the deadline, latest first. */
  remindersBeforeMs: number[];
  /** After the deadline: this long overdue, escalate to this role. */
  escalations: Array<{ afterMs: number; to: EscalationRole }>;
  /** This long before the deadline the item turns yellow: the reminder then is the yellow notice (absent: none). */
  yellowBeforeMs?: number;
  /** A term the measures fix: extended only by the leading group, on the unit's request (absent in older policies). */
  fixedByMeasures?: boolean;
}

/**
 * The policy a case works by: a deadline policy per kind of submission, the limits of a case, and when the working day
 * starts (`HH:MM` Beijing time; absent in older policies): reminders and lights go then, on working days
 * (docs/deadlines.md).
 */
export type DeadlinePolicy = Record<SubmissionKind, SubmissionPolicy> & { limits: CaseLimits; workdayStart?: string };

/**
 * Compiled-in defaults, following the measures (docs/measures.md): Art. 16 two calendar months for a patrol's
 * rectification; Art. 11 "in time" (及时) taken as 30 days for a supervision's; reminders 7, 3 and 1 days
 * before; the office told at the deadline, the leading group after 7 days overdue. The ladder stops at the leading
 * group: routine items never go to the committee unless the policy file says so for that kind. The acknowledgements of
 * bodies outside the leading group's line (`courtesyKinds`) are never escalated at all.
 * The two answers the measures leave open are ours: 15 days for a handling suggestion (Art. 15), 7 days for
 * acknowledging a transfer (Art. 16). Defaults count calendar days so that no default depends on a holiday
 * schedule not yet published; any item can be switched to working days in the policy file.
 */
export const defaultPolicyConfig: Record<SubmissionKind, SubmissionPolicyConfig> = {
  'patrol-rectification': {
    rule: { unit: 'calendar-months', amount: 2 },
    remindersBefore: ['7 days', '3 days', '1 day'],
    escalations: [{ after: '7 days', to: 'leading-group' }],
    fixedByMeasures: true,
  },
  'supervision-rectification': {
    rule: { unit: 'calendar-days', amount: 30 },
    remindersBefore: ['7 days', '3 days', '1 day'],
    escalations: [{ after: '7 days', to: 'leading-group' }],
    fixedByMeasures: true,
  },
  // Requirements the leading group sent back after reviewing a rectification report (Art. 11 (2), 16 (2); ours): the
  // unit reports again on those within 30 days.
  'rectification-resubmission': {
    rule: { unit: 'calendar-days', amount: 30 },
    remindersBefore: ['7 days', '3 days', '1 day'],
    escalations: [{ after: '7 days', to: 'leading-group' }],
    fixedByMeasures: true,
  },
  'handling-suggestion-answer': {
    rule: { unit: 'calendar-days', amount: 15 },
    remindersBefore: ['3 days', '1 day'],
    escalations: [{ after: '3 days', to: 'leading-group' }],
  },
  'transfer-acknowledgement': {
    rule: { unit: 'calendar-days', amount: 7 },
    remindersBefore: ['1 day'],
    escalations: [],
  },
  // Public reports (Art. 5; ours): the office registers a report within 5 working days; overdue, the leading group
  // hears of it after 3 days.
  'public-report-registration': {
    rule: { unit: 'working-days', amount: 5 },
    remindersBefore: ['2 days', '1 day'],
    escalations: [{ after: '3 days', to: 'leading-group' }],
  },
  // A report forwarded to the discipline commission: it is not subordinate to the leading group, so its acknowledgement
  // is chased with a courtesy reminder and, overdue, a follow-up for the office; never escalated (DOMAIN.md, Art. 16).
  'forwarded-report-acknowledgement': {
    rule: { unit: 'calendar-days', amount: 7 },
    remindersBefore: ['1 day'],
    escalations: [],
  },
  // A follow-up visit (回头看; ours, issue 13): the leading group looks again at a closed case's rectification, 6
  // calendar months after it schedules the visit. Not a submission: the date the visit begins, with no reminders.
  'follow-up-visit': {
    rule: { unit: 'calendar-months', amount: 6 },
    remindersBefore: [],
    escalations: [],
  },
  // National poverty-alleviation awards (Part 1; ours, issue 15). The nomination deadline is the date the office opens
  // the round with (the national office's): reminders to each nominating unit that has neither nominated nor said it
  // has nobody to nominate; past it, the office hears of it, never escalated (nominating is not an obligation).
  'award-nomination': {
    rule: { unit: 'calendar-days', amount: 30 },
    remindersBefore: ['7 days', '3 days', '1 day'],
    escalations: [],
  },
  // More evidence the office asks a nominating unit for (condition by condition).
  'award-evidence': {
    rule: { unit: 'calendar-days', amount: 10 },
    remindersBefore: ['3 days', '1 day'],
    escalations: [],
  },
  // Public scrutiny (公示) of the province's list: 5 working days. A period, not a submission: no reminders.
  'award-publicity': {
    rule: { unit: 'working-days', amount: 5 },
    remindersBefore: [],
    escalations: [],
  },
  // An audit alert (审计预警, issue 33 item 4; ours): the office checks what the person read by the end of the next
  // calendar day; past it, the office is told again. Never escalated: who read what stays with the office.
  'audit-alert-check': {
    rule: { unit: 'calendar-days', amount: 1 },
    remindersBefore: [],
    escalations: [],
  },
  // The rectification ledger (问题整改台账, issue 35; ours, docs/ledger.md). 立行立改: fixed, and asked to be struck off,
  // within 15 days of the requirement.
  'problem-immediate': {
    rule: { unit: 'calendar-days', amount: 15 },
    remindersBefore: ['3 days', '1 day'],
    escalations: [{ after: '3 days', to: 'leading-group' }],
  },
  // 限期整改: by the date the requirement sets (the rule is the term when it sets none).
  'problem-dated': {
    rule: { unit: 'calendar-months', amount: 2 },
    remindersBefore: ['7 days', '3 days', '1 day'],
    escalations: [{ after: '7 days', to: 'leading-group' }],
  },
  // 长期坚持: a progress report every 3 months, for as long as the problem is open.
  'problem-progress': {
    rule: { unit: 'calendar-months', amount: 3 },
    remindersBefore: ['7 days', '1 day'],
    escalations: [{ after: '7 days', to: 'leading-group' }],
  },
  // 交办核查 (issue 36; ours, docs/referrals.md): the referred unit verifies and replies within 30 days; a reply sent
  // back is due again under `rectification-resubmission`. Past the grace, the leading group hears of it.
  'referral-reply': {
    rule: { unit: 'calendar-days', amount: 30 },
    remindersBefore: ['7 days', '3 days', '1 day'],
    escalations: [{ after: '7 days', to: 'leading-group' }],
  },
  // 挂牌督办 (issue 36 item 2): by the date the leading group sets (the rule is the term when it sets none), until 摘牌.
  // The leading group's own term, not the measures': a listing has no extension step (it is listed anew instead).
  'listing-term': {
    rule: { unit: 'calendar-months', amount: 3 },
    remindersBefore: ['7 days', '3 days', '1 day'],
    escalations: [{ after: '7 days', to: 'leading-group' }],
  },
};

export class DeadlinePolicyError extends Error {
  override name = 'DeadlinePolicyError';
}

/** A duration in words (`7 days`, `12 hours`, `30s`) in milliseconds; undefined unless it is one and positive. */
export function durationMs(value: unknown): number | undefined {
  try {
    const ms = typeof value === 'string' ? msToNumber(value as Duration) : NaN;
    return Number.isFinite(ms) && ms > 0 ? ms : undefined;
  } catch {
    return undefined;
  }
}

function duration(value: unknown, where: string, problems: string[]): number {
  const ms = durationMs(value);
  if (ms === undefined)
    problems.push(`${where}: "${String(value)}" is not a positive duration such as "7 days" or "12 hours"`);
  return ms ?? 0;
}

/**
 * `WORKBENCH_YELLOW_DAYS`, read by the API for the workbench's yellow light and by the worker for the
 * yellow notice (here), with the same default and bounds.
 */
export const yellowDaysSetting = { default: 3, minimum: 0, maximum: 60 } as const;

/**
 * Check a policy (defaults overlaid with `overrides`, per kind and field) and turn durations into milliseconds.
 * Throws one error listing every problem.
 */
export function resolvePolicy(
  overrides: unknown = {},
  source = 'deadline policy',
  settings: { WORKBENCH_YELLOW_DAYS?: number | string } = {},
): DeadlinePolicy {
  // The workbench's yellow light (the API's section of lib/config; the worker's has the same), so that the notice and
  // the light agree.
  const yellowDays = Number(settings.WORKBENCH_YELLOW_DAYS ?? yellowDaysSetting.default);
  const problems: string[] = [];
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    throw new DeadlinePolicyError(`${source}: expected an object keyed by ${submissionKinds.join(', ')}`);
  }
  for (const key of Object.keys(overrides)) {
    if (key !== 'limits' && key !== 'workdayStart' && !submissionKinds.includes(key as SubmissionKind))
      problems.push(`${source}: unknown item "${key}" (known: ${submissionKinds.join(', ')}, limits, workdayStart)`);
  }
  const workdayStart = (overrides as { workdayStart?: unknown }).workdayStart ?? defaultWorkdayStart;
  if (typeof workdayStart !== 'string' || !workdayStartPattern.test(workdayStart))
    problems.push(`${source}: workdayStart must be a time of day such as "09:00" (Beijing time, 24-hour)`);
  const { minimum, maximum } = yellowDaysSetting;
  if (!Number.isInteger(yellowDays) || yellowDays < minimum || yellowDays > maximum)
    problems.push(
      `WORKBENCH_YELLOW_DAYS must be a whole number of days from ${minimum} to ${maximum} (0: no yellow notice)`,
    );
  const policy = {
    limits: resolveLimits((overrides as { limits?: unknown }).limits, source, problems),
    workdayStart,
  } as DeadlinePolicy;
  for (const kind of submissionKinds) {
    const c = {
      ...defaultPolicyConfig[kind],
      ...((overrides as Record<string, Partial<SubmissionPolicyConfig>>)[kind] ?? {}),
    };
    const where = `${source}: ${kind}`;
    if (!ruleUnits.includes(c.rule?.unit) || !Number.isInteger(c.rule?.amount) || c.rule.amount < 1) {
      problems.push(`${where}.rule must be { "unit": one of ${ruleUnits.join(', ')}, "amount": a whole number ≥ 1 }`);
    }
    if (!Array.isArray(c.remindersBefore)) problems.push(`${where}.remindersBefore must be a list of durations`);
    if (!Array.isArray(c.escalations)) problems.push(`${where}.escalations must be a list of { after, to }`);
    const reminders = (Array.isArray(c.remindersBefore) ? c.remindersBefore : []).map((r, i) =>
      duration(r, `${where}.remindersBefore[${i}]`, problems),
    );
    const escalations = (Array.isArray(c.escalations) ? c.escalations : []).map((e, i) => {
      if (!escalationRoles.includes(e?.to))
        problems.push(`${where}.escalations[${i}].to must be one of ${escalationRoles.join(', ')}`);
      return { afterMs: duration(e?.after, `${where}.escalations[${i}].after`, problems), to: e?.to };
    });
    if (isCourtesy(kind) && escalations.length) {
      problems.push(
        `${where}.escalations must be empty: the receiving body is not subordinate to the leading group; a late acknowledgement becomes a follow-up task of the office`,
      );
    }
    if (c.fixedByMeasures !== undefined && typeof c.fixedByMeasures !== 'boolean')
      problems.push(`${where}.fixedByMeasures must be true or false`);
    for (let i = 1; i < escalations.length; i++) {
      if (escalations[i]!.afterMs <= escalations[i - 1]!.afterMs)
        problems.push(`${where}.escalations must come later and later`);
    }
    const yellowBeforeMs =
      c.yellowBefore !== undefined
        ? duration(c.yellowBefore, `${where}.yellowBefore`, problems)
        : Number.isInteger(yellowDays) && yellowDays > 0
          ? yellowDays * 86_400_000
          : undefined;
    policy[kind] = {
      kind,
      rule: c.rule,
      remindersBeforeMs: [...reminders].sort((a, b) => b - a),
      escalations,
      fixedByMeasures: c.fixedByMeasures === true,
      // A yellow light for what the leading group chases: not a courtesy item, not a period without reminders.
      ...(yellowBeforeMs && reminders.length && !isCourtesy(kind) ? { yellowBeforeMs } : {}),
    };
  }
  if (problems.length) throw new DeadlinePolicyError(problems.join('\n'));
  return policy;
}

/** The limits of a case: defaults, overlaid per name; each a whole number ≥ 1. */
function resolveLimits(overrides: unknown, source: string, problems: string[]): CaseLimits {
  if (overrides === undefined) return { ...defaultCaseLimits };
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    problems.push(`${source}: limits must be an object keyed by ${Object.keys(defaultCaseLimits).join(', ')}`);
    return { ...defaultCaseLimits };
  }
  const limits = { ...defaultCaseLimits };
  for (const [name, value] of Object.entries(overrides)) {
    if (!(name in defaultCaseLimits)) problems.push(`${source}: limits.${name} is not a limit`);
    else if (!Number.isInteger(value) || (value as number) < 1)
      problems.push(`${source}: limits.${name} must be a whole number ≥ 1`);
    else limits[name as keyof CaseLimits] = value as number;
  }
  return limits;
}

/** The policy in force: defaults, overlaid with `DEADLINE_POLICY_FILE` when set (the worker section of lib/config). */
export function loadDeadlinePolicy(
  file: string | undefined,
  settings: { WORKBENCH_YELLOW_DAYS?: number | string } = {},
): DeadlinePolicy {
  if (!file) return resolvePolicy({}, 'deadline policy', settings);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new DeadlinePolicyError(`cannot read deadline policy ${file}: ${(err as Error).message}`);
  }
  return resolvePolicy(raw, file, settings);
}
