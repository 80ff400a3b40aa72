/**
 * Art. 16 (2)(3): feedback and rectification opinions, the unit's rectification reviewed opinion by opinion, the
 * summary to the committee (and what is published), and the final report the leading group signs.
 */
import { patched } from '@temporalio/workflow';
import { RectificationReviewer } from '../../common-steps/rectification';
import { required } from '../../engine/texts';
import { transferRecipients } from '../../domain';
import { ledgerTexts, startProblems } from '../../common-steps/problem-ledger';
import { caseYear, problemTerms, termsProblem } from '../../common-steps/problem-terms';
import { feedbackProblem, publicationProblem, summaryProblem } from '../rules';
import { patrolTexts as t } from '../texts';
import type { PatrolCase, PatrolHandlers } from '../workflow';

export function rectificationHandlers(
  p: PatrolCase,
): PatrolHandlers<
  'issueFeedback' | 'submitRectificationReport' | 'reportRectificationSummary' | 'reviewRectification' | 'signReport'
> {
  const { keeper, notifier, deadlines, c, unit } = p;
  const awaitSummary = () =>
    keeper.moveTo('rectification', [
      { role: 'leading-group', step: 'reportRectificationSummary', label: t.awaiting.summary },
    ]);
  const rectifier = p.reviewer(() => c.feedback?.rectificationOpinions ?? [], awaitSummary);
  // Art. 16 (3): the leading group decides what is published (its text; the unit's is a proposal). Cases that began
  // before replay as they ran: the unit's text word for word, publishing refused without one.
  const leadingGroupPublishes = patched('leading-group-publishes');
  return {
    // Art. 16 (2): feedback and rectification opinions; the unit reports within 2 calendar months.
    issueFeedback: {
      check: (d) => feedbackProblem(d) ?? termsProblem(d.terms, d.rectificationOpinions.length),
      apply: async (d, by) => {
        const due = await deadlines.compute('patrol-rectification', t.rectification);
        c.feedback = { situation: d.situation, rectificationOpinions: d.rectificationOpinions, at: p.now(), by };
        // Art. 16 (2): the rectification is reviewed per opinion (cases whose feedback went out before this change
        // replay as they ran: the report closes the matter).
        if (patched('rectification-review'))
          c.rectificationReview = RectificationReviewer.open(d.rectificationOpinions.length);
        p.revealToUnit(by);
        keeper.note('feedback', 'feedback-issued', t.feedbackIssued(unit, d.rectificationOpinions.length), { by });
        keeper.moveTo('rectification', []);
        deadlines.start(
          {
            key: 'rectification',
            kind: 'patrol-rectification',
            label: t.rectification,
            party: p.unitParty(),
            section: 'rectification',
            step: 'submitRectificationReport',
            detail: t.feedbackDetail(d.rectificationOpinions),
          },
          due,
        );
        // Issue 35: each opinion becomes a problem of the ledger, with its term (patrols whose feedback went out
        // before replay as they ran; the office projects their problems).
        if (patched('problem-ledger')) {
          const terms = problemTerms(d.terms, d.rectificationOpinions.length, due.deadline.dueDate);
          c.feedback.problems = await startProblems(
            {
              kind: 'patrol',
              caseId: keeper.caseId,
              year: caseYear(keeper.caseId),
              unit,
              requirements: d.rectificationOpinions,
              terms,
              transferredTo: c.transfers.map((x) => transferRecipients[x.to].unit),
              by,
            },
            p,
          );
          keeper.note('feedback', 'problems-listed', ledgerTexts.listed(terms.length, '整改意见'), { by });
        }
      },
    },

    submitRectificationReport: rectifier.reportHandler({
      current: () => c.rectification,
      record: (r) => (c.rectification = r),
      extra: (d) => (d.publicSummary?.trim() ? { publicSummary: d.publicSummary } : {}),
      reported: awaitSummary,
    }),

    // Art. 16 (3): the leading group reports rectification to the committee and publishes what can be public.
    reportRectificationSummary: {
      conflict: () => {
        if (!c.rectification) return '被巡查单位尚未反馈整改情况';
        if (c.rectificationReview?.complete === false) return '整改情况尚未审核通过';
        return c.summaryToCommittee ? '整改情况已报告' : undefined;
      },
      check: (d) =>
        leadingGroupPublishes
          ? (required(d.summary, '整改情况报告') ?? publicationProblem(d, c.rectification?.publicSummary))
          : summaryProblem(d, c.rectification),
      apply: async (d, by) => {
        const proposal = c.rectification!.publicSummary;
        if (d.publish) {
          const text = leadingGroupPublishes ? d.publicText?.trim() || proposal!.trim() : proposal!;
          const published = await p.publish(`公开整改情况：${unit.name}`, {
            title: t.publicationTitle(unit),
            text,
          });
          const edited = text !== proposal?.trim();
          c.publication = leadingGroupPublishes
            ? { text, at: published.publishedAt, url: published.url, by, edited }
            : { text, at: published.publishedAt, url: published.url };
          keeper.note('publication', 'rectification-published', t.published, {
            by,
            ...(leadingGroupPublishes
              ? { note: edited ? '领导小组审定的公开文本' : '采用被巡查单位建议公开的稿' }
              : {}),
          });
        } else if (leadingGroupPublishes) {
          c.publicationDeclined = { reason: d.notPublishedReason!, at: p.now(), by };
          keeper.note('publication', 'publication-declined', '领导小组决定整改情况不予公开', {
            by,
            note: d.notPublishedReason!,
          });
        }
        c.summaryToCommittee = { summary: d.summary, at: p.now(), by };
        keeper.note('summaryToCommittee', 'rectification-reported', t.summaryReported, { by });
        notifier.send('rectification-summary', { to: { role: 'committee' }, ...t.summaryReport(unit) });
        keeper.moveTo('rectification', []);
      },
    },

    // Art. 16 (2): the leading group (or the office for it) accepts or sends back each opinion's rectification.
    reviewRectification: rectifier.handler(),

    // The final report goes to the committee once the leading group has signed it.
    signReport: p.signOff.handler(),
  };
}
