/**
 * What a step's form starts with, from the case: Art. 16 (3), the leading group's public text starts from the unit's
 * proposal (`publicSummary`), which it edits, keeps or leaves unpublished; issue 35, a problem's progress report starts
 * with the person who answers for it (责任人) as the last report named them.
 */
import type { FormBody } from '../components/form-data';

export function startingValues(step: string, view: Record<string, unknown>): FormBody | undefined {
  if (step === 'reportProblemProgress') {
    const responsible = view.responsible as { person?: string; post?: string } | undefined;
    if (!responsible?.person) return undefined;
    return {
      responsiblePerson: responsible.person,
      ...(responsible.post ? { responsiblePost: responsible.post } : {}),
    };
  }
  if (step !== 'reportRectificationSummary') return undefined;
  const proposal = (view.rectification as { publicSummary?: string } | undefined)?.publicSummary;
  return proposal ? { publicText: proposal } : undefined;
}
