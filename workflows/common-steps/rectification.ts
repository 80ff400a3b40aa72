/**
 * Rectification that is checked (Art. 11 (2), 16 (2): 督促纠正, 认真进行整改), the same in both kinds of case: the unit
 * reports per requirement (its measures for each); the leading group, or the office for it, accepts or sends back
 * each requirement with a reason; a send-back opens a new deadline on the engine for those requirements only; the
 * rectification is complete when every requirement is accepted, or when the leading group ends it with a reason.
 */
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import type { Actor } from '../domain';
import { rectificationItemStatuses } from '../domain';
import type { StepSpec } from '../engine/contract';
import type { DeadlineBoard } from '../engine/deadlines';
import type { CaseRecordKeeper } from '../engine/record';
import type { Party } from '../engine/schemas';
import { Done, Instant, Text, isOpenTrack, literals } from '../engine/schemas';
import type { StepHandler } from '../engine/steps';
import { article, chineseNumber, required } from '../engine/texts';

export const RectificationReviewSchema = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        requirement: Type.Integer({ description: 'The number of the requirement (整改要求、整改意见), from 1' }),
        status: literals(rectificationItemStatuses),
        measures: Type.Optional(Type.String({ description: "The unit's latest answer: its measures and results" })),
        reportedAt: Type.Optional(Instant),
        reports: Type.Integer({ description: 'How many times the unit reported on it' }),
        reviews: Type.Array(
          Type.Object({
            decision: literals(['accept', 'send-back'] as const),
            reason: Type.Optional(Type.String()),
            ...Done,
          }),
        ),
      }),
    ),
    submissions: Type.Array(
      Type.Object({
        requirements: Type.Array(Type.Integer()),
        summary: Type.Optional(Type.String({ description: 'A later report’s summary (the first is `rectification`)' })),
        late: Type.Boolean(),
        ...Done,
      }),
    ),
    sentBack: Type.Integer({ description: 'Requirements sent back, each time counted' }),
    closed: Type.Optional(Type.Object({ reason: Type.String(), ...Done })),
    complete: Type.Boolean({ description: 'Every requirement accepted, or the rectification ended with a reason' }),
  },
  { description: 'Art. 11 (2), 16 (2): the review of the rectification, requirement by requirement' },
);
export type RectificationReview = Static<typeof RectificationReviewSchema>;

/** The unit's answer per requirement, in the rectification report of a case under review. */
export const RectificationItemsInput = Type.Array(
  Type.Object({
    requirement: Type.Integer({ minimum: 1, maximum: 30, description: 'The number of the requirement, from 1' }),
    measures: Text('该项整改措施及成效', 1000),
  }),
  {
    minItems: 1,
    maxItems: 30,
    description:
      'One answer per requirement still open: every requirement at the first report, then those sent back. Required for cases whose feedback was issued since the review was introduced.',
  },
);

type RectificationItems = Static<typeof RectificationItemsInput>;

/** What the unit submits, in both kinds. */
interface ReportInput {
  summary: string;
  items?: RectificationItems | undefined;
  measures?: string[] | undefined;
}

/** What both kinds keep of the unit's (first) report. */
export interface RectificationRecord {
  summary: string;
  /** A case without a review: the measures as one list (under review they are per requirement). */
  measures?: string[] | undefined;
  publicSummary?: string;
  at: string;
  by: Actor;
  late: boolean;
}

/** A case without a review (requirements issued before it existed): the unit says what it did, as a list of measures. */
export const measuresProblem = (d: ReportInput) =>
  required(d.summary, '整改情况') ??
  (d.measures?.length ? d.measures.map((m, i) => required(m, `整改措施${i + 1}`)).find(Boolean) : '须填写整改措施');

export const reviewRectificationInput = Type.Object({
  decisions: Type.Array(
    Type.Object({
      requirement: Type.Integer({ minimum: 1, maximum: 30 }),
      decision: literals(['accept', 'send-back'] as const, '通过，或退回重新整改'),
      reason: Type.Optional(Text('理由（退回时必填）', 500)),
    }),
    { maxItems: 30, description: 'One decision for every requirement the unit has reported on and not yet reviewed' },
  ),
  closeReason: Type.Optional(Text('结束整改的理由（领导小组决定；未通过的事项不再要求）', 1000)),
});
export type ReviewRectificationInput = Static<typeof reviewRectificationInput>;

/** The review step, open in the stage where the unit rectifies. */
export function reviewRectificationStep<S extends string>(stages: readonly S[], articleNo: 11 | 16) {
  return {
    path: 'rectification-review',
    input: reviewRectificationInput,
    roles: ['leading-group', 'office'],
    stages,
    summary: `Art. ${articleNo} (2): review the rectification per requirement: accept, or send back with a reason (审核整改情况)`,
    description:
      'Sent-back requirements get a new deadline (policy `rectification-resubmission`, default 30 days) and the unit reports on them again. The rectification is complete when every requirement is accepted; the leading group (not the office) may end it with `closeReason`, and the requirements not accepted are then no longer asked for.',
  } as const satisfies StepSpec<S>;
}

const list = (ns: number[]) => ns.map((n) => `第${chineseNumber(n)}项`).join('、');
const dupe = (ns: number[]) => ns.find((n, i) => ns.indexOf(n) !== i);

export interface RectificationHost {
  review(): RectificationReview | undefined;
  /** The requirements the unit was given (feedback opinions, results requirements). */
  requirements(): string[];
  deadlines: DeadlineBoard;
  keeper: CaseRecordKeeper<string>;
  unitParty(): Party;
  now(): string;
  /** Where the case goes when the rectification is complete (the kind decides). */
  completed(): void;
}

/** The rectification of one case under review. */
export class RectificationReviewer {
  constructor(private readonly host: RectificationHost) {}

  /** The review of a case whose requirements were just issued. */
  static open(count: number): RectificationReview {
    const items = Array.from({ length: count }, (_, i) => ({
      requirement: i + 1,
      status: 'awaiting-report' as const,
      reports: 0,
      reviews: [],
    }));
    return { items, submissions: [], sentBack: 0, complete: false };
  }

  /** The deadline the unit reports against now: the first, then one per send-back. */
  private currentKey(r: RectificationReview): string {
    return r.submissions.length === 0 ? 'rectification' : `rectification-${r.submissions.length + 1}`;
  }

  private open(r: RectificationReview) {
    return r.items.filter((i) => i.status === 'awaiting-report' || i.status === 'sent-back').map((i) => i.requirement);
  }

  private reportConflict(r: RectificationReview): string | undefined {
    if (r.complete) return '整改已审核办结';
    return this.open(r).length === 0 ? '整改情况已反馈，正在审核' : undefined;
  }

  /** The unit answers every open requirement, and only those. */
  private reportProblem(r: RectificationReview, items: RectificationItems | undefined): string | undefined {
    const open = this.open(r);
    if (!items?.length) return `须逐项反馈整改情况（items）：${list(open)}整改要求`;
    const asked = items.map((i) => i.requirement);
    const twice = dupe(asked);
    if (twice) return `整改要求第${chineseNumber(twice)}项重复反馈`;
    const unknown = asked.find((n) => n > r.items.length);
    if (unknown) return `没有第${chineseNumber(unknown)}项整改要求（共${r.items.length}项）`;
    const notOpen = asked.find((n) => !open.includes(n));
    if (notOpen) return `整改要求第${chineseNumber(notOpen)}项不需要再次反馈`;
    const missing = open.filter((n) => !asked.includes(n));
    if (missing.length) return `须逐项反馈整改情况：${list(missing)}整改要求尚未反馈`;
    return items
      .map((i) => required(i.measures, `整改要求第${chineseNumber(i.requirement)}项的整改措施`))
      .find(Boolean);
  }

  /** Record the answers; the first report against the first deadline, a later one against its send-back's. */
  private report(
    r: RectificationReview,
    items: RectificationItems,
    summary: string,
    by: Actor,
  ): { late: boolean; first: boolean } {
    const track = this.host.deadlines.submit(this.currentKey(r), by);
    const at = this.host.now();
    for (const answer of items) {
      const item = r.items[answer.requirement - 1]!;
      Object.assign(item, { status: 'reported', measures: answer.measures, reportedAt: at, reports: item.reports + 1 });
    }
    const first = r.submissions.length === 0;
    r.submissions.push({
      requirements: items.map((i) => i.requirement),
      ...(first ? {} : { summary }),
      late: track.late ?? false,
      at,
      by,
    });
    const { keeper } = this.host;
    keeper.moveTo(keeper.stage, [{ role: 'leading-group', step: 'reviewRectification', label: '逐项审核整改情况' }]);
    return { late: track.late ?? false, first };
  }

  /**
   * The unit's report step (Art. 11 (2), 16 (2)): per requirement under review; for a case whose requirements went out
   * before the review existed, one list of measures, as it was then.
   */
  reportHandler<I extends ReportInput>(o: {
    current(): RectificationRecord | undefined;
    record(r: RectificationRecord): void;
    /** What the kind keeps beside the report (a patrol: what may be published), taken from each report. */
    extra?(d: I): Partial<RectificationRecord>;
    /** A case without a review: what follows the report (a patrol waits for the leading group's summary). */
    reported?(): void;
  }): StepHandler<I> {
    const review = () => this.host.review();
    return {
      conflict: () => (review() ? this.reportConflict(review()!) : o.current() ? '整改情况已反馈' : undefined),
      check: (d) =>
        review() ? (required(d.summary, '整改情况') ?? this.reportProblem(review()!, d.items)) : measuresProblem(d),
      apply: (d, by) => {
        const extra = o.extra?.(d) ?? {};
        if (!review()) {
          const track = this.host.deadlines.submit('rectification', by);
          o.record({
            summary: d.summary,
            measures: d.measures,
            at: this.host.now(),
            by,
            late: track.late ?? false,
            ...extra,
          });
          o.reported?.();
          return;
        }
        const { late, first } = this.report(review()!, d.items!, d.summary, by);
        if (first) o.record({ summary: d.summary, at: this.host.now(), by, late, ...extra });
        else Object.assign(o.current()!, extra);
      },
    };
  }

  handler(): StepHandler<ReviewRectificationInput> {
    const review = () => this.host.review();
    return {
      allow: (by, d) =>
        d.closeReason !== undefined && by.role !== 'leading-group'
          ? `结束整改须由领导小组决定（${article(11)}、${article(16)}）`
          : undefined,
      conflict: (d) => {
        const r = review();
        if (!r) return '尚无需要审核的整改情况';
        if (r.complete) return '整改已审核办结';
        if (d.closeReason === undefined && !r.items.some((i) => i.status === 'reported'))
          return '尚无待审核的整改情况，等待被督查（巡查）单位反馈';
        return undefined;
      },
      check: (d) => {
        const r = review()!;
        const decided = d.decisions.map((x) => x.requirement);
        const twice = dupe(decided);
        if (twice) return `整改要求第${chineseNumber(twice)}项重复审核`;
        const unknown = decided.find((n) => n > r.items.length);
        if (unknown) return `没有第${chineseNumber(unknown)}项整改要求（共${r.items.length}项）`;
        const notReported = decided.find((n) => r.items[n - 1]!.status !== 'reported');
        if (notReported) return `整改要求第${chineseNumber(notReported)}项不在待审核状态`;
        const noReason = d.decisions.find((x) => x.decision === 'send-back' && !x.reason?.trim());
        if (noReason) return `退回整改要求第${chineseNumber(noReason.requirement)}项须说明理由`;
        if (d.closeReason !== undefined) return required(d.closeReason, '结束整改的理由');
        const pending = r.items.filter((i) => i.status === 'reported' && !decided.includes(i.requirement));
        return pending.length ? `须逐项审核：${list(pending.map((i) => i.requirement))}整改要求尚未审核` : undefined;
      },
      apply: async (d, by) => {
        const r = review()!;
        const sentBack = d.decisions.filter((x) => x.decision === 'send-back');
        const again = d.closeReason === undefined && sentBack.length > 0;
        // The new deadline is computed before anything is recorded: a date that cannot be computed changes nothing.
        const due = again ? await this.host.deadlines.compute('rectification-resubmission', '退回整改') : undefined;
        const at = this.host.now();
        for (const x of d.decisions) {
          const item = r.items[x.requirement - 1]!;
          item.status = x.decision === 'accept' ? 'accepted' : 'sent-back';
          item.reviews.push({ decision: x.decision, ...(x.reason?.trim() ? { reason: x.reason } : {}), at, by });
        }
        r.sentBack += sentBack.length;
        const { keeper } = this.host;
        const accepted = d.decisions.filter((x) => x.decision === 'accept').map((x) => x.requirement);
        if (accepted.length)
          keeper.note('rectificationReview', 'rectification-accepted', `${list(accepted)}整改要求审核通过`, { by });
        if (d.closeReason !== undefined) {
          const ended = r.items.filter((i) => i.status !== 'accepted');
          for (const item of ended) item.status = 'closed';
          const pending = this.host.deadlines.get(this.currentKey(r));
          if (pending && isOpenTrack(pending)) this.host.deadlines.close(pending.key, d.closeReason, by);
          r.closed = { reason: d.closeReason, at, by };
          r.complete = true;
          keeper.note(
            'rectificationReview',
            'rectification-ended',
            `领导小组决定结束整改${ended.length ? `，${list(ended.map((i) => i.requirement))}整改要求不再要求` : ''}`,
            { by, note: d.closeReason },
          );
          this.host.completed();
          return;
        }
        if (again) {
          const numbers = sentBack.map((x) => x.requirement);
          keeper.note('rectificationReview', 'rectification-sent-back', `${list(numbers)}整改要求退回重新整改`, { by });
          const requirements = this.host.requirements();
          this.host.deadlines.start(
            {
              key: this.currentKey(r),
              kind: 'rectification-resubmission',
              label: '退回事项的整改情况',
              party: this.host.unitParty(),
              section: 'rectificationReview',
              step: 'submitRectificationReport',
              detail: sentBack
                .map(
                  (x) =>
                    `第${chineseNumber(x.requirement)}项“${requirements[x.requirement - 1]}”退回理由：${x.reason}。`,
                )
                .join(''),
            },
            due!,
          );
          keeper.moveTo(keeper.stage, []);
          return;
        }
        r.complete = true;
        keeper.note('rectificationReview', 'rectification-complete', '整改要求全部审核通过', { by });
        this.host.completed();
      },
    };
  }
}
