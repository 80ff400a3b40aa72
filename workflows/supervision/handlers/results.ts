/**
 * Art. 11: commendation of a unit that did well, the results and rectification requirements, the unit's rectification
 * reviewed requirement by requirement, and a special supervision's report the leading group signs.
 */
import { patched } from '@temporalio/workflow';
import { RectificationReviewer } from '../../common-steps/rectification';
import { ledgerTexts, startProblems } from '../../common-steps/problem-ledger';
import { problemTerms, termsProblem } from '../../common-steps/problem-terms';
import { commendationProblem, resultsProblem } from '../rules';
import { supervisionTexts as t } from '../texts';
import type { SupervisionCase, SupervisionHandlers } from '../workflow';

export function resultsHandlers(
  s: SupervisionCase,
): SupervisionHandlers<
  'commendUnit' | 'notifyResults' | 'submitRectificationReport' | 'reviewRectification' | 'signReport'
> {
  const { keeper, notifier, deadlines, c, unit } = s;
  // Every requirement accepted (or the rectification ended): the supervision closes (settle).
  const rectifier = s.reviewer(
    () => c.results?.rectificationRequirements ?? [],
    () => keeper.moveTo('rectification', []),
  );
  return {
    // Art. 11 (1): public commendation of a unit that did well, when the results are out or after (stages: contract).
    commendUnit: {
      conflict: () => (c.commendation ? `${unit.name}已获通报表扬` : undefined),
      check: commendationProblem,
      apply: async (d, by) => {
        // Published first: a bulletin that does not answer refuses nothing yet recorded (the activity retries).
        const published = d.publish
          ? await s.publish(`公开通报表扬：${unit.name}`, { title: t.commendationTitle(unit), text: d.citation })
          : undefined;
        c.commendation = {
          citation: d.citation,
          ...(d.circulate ? { circulated: true } : {}),
          ...(published ? { publication: { at: published.publishedAt, url: published.url } } : {}),
          at: s.now(),
          by,
        };
        s.revealToUnit(by);
        keeper.note('commendation', 'unit-commended', t.commended(unit), { by, note: d.citation });
        keeper.sync();
        notifier.send('commendation', { to: s.unitParty(), ...t.commendationNotice(unit, d.citation) });
        // Art. 11 (1): a circular to every city, county and provincial department of the registry (通报全省): one
        // notice, its plan reads the registry and routes each unit (the workflow sends the same command as before).
        if (d.circulate) {
          notifier.send('commendation-circular', {
            to: { role: 'unit' },
            audience: 'every-unit',
            ...t.commendationCircular(unit, d.citation),
          });
        }
      },
    },

    // Art. 11 (2): results and rectification requirements; the unit reports in time (deadline engine).
    notifyResults: {
      check: (d) => resultsProblem(d) ?? termsProblem(d.terms, d.rectificationRequirements.length),
      apply: async (d, by) => {
        const requirements = d.rectificationRequirements;
        const due = requirements.length
          ? await deadlines.compute('supervision-rectification', t.rectification)
          : undefined;
        c.results = { summary: d.summary, rectificationRequirements: requirements, at: s.now(), by };
        // Art. 11 (2): the rectification is reviewed per requirement (cases whose results went out before this
        // change replay as they ran: the report closes the supervision).
        if (due && patched('rectification-review'))
          c.rectificationReview = RectificationReviewer.open(requirements.length);
        s.revealToUnit(by);
        keeper.note('results', 'results-notified', t.resultsNotified(unit, requirements.length), { by });
        notifier.send('results', { to: s.unitParty(), ...t.resultsNotice(unit, d.summary, requirements) });
        keeper.moveTo(due ? 'rectification' : 'results', []);
        if (due) {
          deadlines.start(
            {
              key: 'rectification',
              kind: 'supervision-rectification',
              label: t.rectification,
              party: s.unitParty(),
              section: 'rectification',
              step: 'submitRectificationReport',
            },
            due,
          );
          // Issue 35: each requirement becomes a problem of the ledger, with its term (a follow-up visit's own new
          // requirements too). Supervisions whose results went out before replay as they ran.
          if (patched('problem-ledger')) {
            const terms = problemTerms(d.terms, requirements.length, due.deadline.dueDate);
            c.results.problems = await startProblems(
              {
                kind: c.followUp ? 'follow-up' : 'supervision',
                caseId: keeper.caseId,
                year: c.year,
                unit,
                requirements,
                terms,
                by,
              },
              s,
            );
            keeper.note('results', 'problems-listed', ledgerTexts.listed(terms.length, '整改要求'), { by });
          }
        }
      },
    },

    submitRectificationReport: rectifier.reportHandler({
      current: () => c.rectification,
      record: (r) => (c.rectification = r),
    }),

    // Art. 11 (2): the leading group (or the office for it) accepts or sends back each requirement's rectification.
    reviewRectification: rectifier.handler(),

    // A special supervision's report goes to the committee once the leading group has signed it.
    signReport: s.signOff.handler(),
  };
}
