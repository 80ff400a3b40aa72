/**
 * Forms answered requirement by requirement (Art. 11 (2), 16 (2)): the unit's rectification report has one row per
 * 整改意见 still open, the review one row per requirement the unit has reported on; each row shows the requirement's
 * text and carries its number, so nobody types a number and no requirement is left without a row.
 */
import type { RectificationReview } from '../../../workflows/common-steps/rectification';
import { rectificationItemStatusLabels } from '../../../workflows/domain';
import { chineseNumber } from '../../../workflows/engine/texts';
import type { Field, FixedRow } from '../components/forms';
import { snippetOf } from '../../../lib/documents/case-identity';

/** What of a case record these forms read. */
interface RequirementsView {
  feedback?: { rectificationOpinions?: string[] };
  results?: { rectificationRequirements?: string[] };
  rectificationReview?: RectificationReview;
}

/**
 * The step's fields with the requirement rows fixed from the case: `items` (the unit's report, requirements awaiting
 * its report or sent back) and `decisions` (the review, requirements reported on). A case whose requirements are not
 * reviewed one by one (issued before the review existed) answers with `measures`, and has no `items`.
 */
export function withRequirementRows(fields: Field[], record: object): Field[] {
  const view = record as RequirementsView;
  const perRequirement = fields.some(
    (f) => f.kind === 'rows' && (f.name === 'items' || f.name === 'decisions') && hasRequirement(f),
  );
  if (!perRequirement) return fields;
  const review = view.rectificationReview;
  const noun = view.feedback ? '整改意见' : '整改要求';
  const texts = view.feedback?.rectificationOpinions ?? view.results?.rectificationRequirements ?? [];
  const rows = (statuses: string[], withAnswer: boolean): FixedRow[] =>
    (review?.items ?? [])
      .filter((item) => statuses.includes(item.status))
      .map((item) => {
        const n = item.requirement;
        const last = item.reviews.at(-1);
        const parts = [
          `第${chineseNumber(n)}项${noun}：${texts[n - 1] ?? ''}`,
          item.status === 'sent-back'
            ? `（${rectificationItemStatusLabels['sent-back']}${last?.reason ? `，理由：${snippetOf(last.reason, 200)}` : ''}）`
            : '',
          withAnswer && item.measures ? `单位报送的整改措施：${snippetOf(item.measures, 300)}` : '',
        ];
        return { set: { requirement: String(n) }, caption: parts.filter(Boolean).join(' ') };
      });
  return fields.flatMap((f): Field[] => {
    if (f.name === 'items' && f.kind === 'rows' && hasRequirement(f)) {
      return review ? [{ ...f, fixedRows: rows(['awaiting-report', 'sent-back'], false) }] : [];
    }
    if (f.name === 'decisions' && f.kind === 'rows' && hasRequirement(f)) {
      return [{ ...f, fixedRows: rows(['reported'], true) }];
    }
    // Under review the measures are per requirement; the one list is for cases without it.
    if (f.name === 'measures' && f.kind === 'lines' && review) return [];
    return [f];
  });
}

const hasRequirement = (f: Field) => f.children?.some((c) => c.name === 'requirement') ?? false;
