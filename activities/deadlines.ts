import { ApplicationFailure } from '@temporalio/activity';
import type { ChineseCalendar } from '../lib/calendar/calendar';
import { CalendarYearNotCoveredError } from '../lib/calendar/calendar';
import type { DeadlinePolicy } from '../lib/calendar/deadline-policy';
import type { Deadline, DeadlineRule } from '../lib/calendar/deadlines';
import { computeDeadline, deadlineOnDate } from '../lib/calendar/deadlines';
import type { NoticeTimes } from '../lib/calendar/notice-times';
import { noticeTimes } from '../lib/calendar/notice-times';
import { permanentFailureTypes } from '../workflows/engine/failures';

export interface DeadlineDeps {
  calendar: ChineseCalendar;
  policy: DeadlinePolicy;
}

function asFailure(err: unknown): unknown {
  if (err instanceof CalendarYearNotCoveredError) {
    return ApplicationFailure.create({
      type: permanentFailureTypes.calendarYearNotCovered,
      message: err.message,
      nonRetryable: true,
    });
  }
  if (err instanceof RangeError) {
    return ApplicationFailure.create({
      type: permanentFailureTypes.invalidDeadline,
      message: err.message,
      nonRetryable: true,
    });
  }
  return err;
}

/**
 * Deadlines are computed here, never in workflow code: the holiday schedule and the policy can change, and a
 * running case must keep the dates it was given (the result stays in its history).
 */
export function createDeadlineActivities({ calendar, policy }: DeadlineDeps) {
  return {
    /** The deadline policy in force when a case asks (durations in ms). */
    // eslint-disable-next-line @typescript-eslint/require-await
    async loadDeadlinePolicy(): Promise<DeadlinePolicy> {
      return policy;
    },

    // eslint-disable-next-line @typescript-eslint/require-await
    async computeDeadline(input: { from: string; rule: DeadlineRule; toWorkingDay?: boolean }): Promise<Deadline> {
      try {
        return computeDeadline(input.from, input.rule, calendar, { toWorkingDay: input.toWorkingDay });
      } catch (err) {
        throw asFailure(err);
      }
    },

    /** When a deadline's reminders, red light and escalations go: at the start of working days (lib/calendar/notice-times). */
    // eslint-disable-next-line @typescript-eslint/require-await
    async noticeTimes(input: {
      deadline: Pick<Deadline, 'dueAt' | 'dueDate' | 'rule'>;
      remindersBeforeMs: number[];
      escalationsAfterMs: number[];
    }): Promise<NoticeTimes> {
      return noticeTimes(input.deadline, input, calendar, policy.workdayStart);
    },

    // eslint-disable-next-line @typescript-eslint/require-await
    async deadlineOnDate(input: { from: string; dueDate: string }): Promise<Deadline> {
      try {
        return deadlineOnDate(input.from, input.dueDate);
      } catch (err) {
        throw asFailure(err);
      }
    },
  };
}
