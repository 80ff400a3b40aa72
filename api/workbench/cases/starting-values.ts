/**
 * What a step's form starts with, from the case: Art. 16 (3), the leading group's public text starts from the unit's
 * proposal (`publicSummary`), which it edits, keeps or leaves unpublished.
 */
import type { FormBody } from '../components/form-data';

export function startingValues(step: string, view: Record<string, unknown>): FormBody | undefined {
  if (step !== 'reportRectificationSummary') return undefined;
  const proposal = (view.rectification as { publicSummary?: string } | undefined)?.publicSummary;
  return proposal ? { publicText: proposal } : undefined;
}
