/** The pure rules of a problem of the ledger (issue 35): the dates of its periods and the sums of its figures. */
import type { ProblemFigures } from './contract';

/** `date` (YYYY-MM-DD) `months` later, on the same day or the month's last: 2026-01-31 + 1 → 2026-02-28. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Add one report's figures to the problem's sums (amounts to the fen). */
export function addFigures(sum: ProblemFigures, f: ProblemFigures | undefined): void {
  if (!f) return;
  const add = (a: number | undefined, b: number) => Math.round(((a ?? 0) + b) * 100) / 100;
  if (f.recoveredYuan !== undefined) sum.recoveredYuan = add(sum.recoveredYuan, f.recoveredYuan);
  if (f.heldAccountable !== undefined) sum.heldAccountable = add(sum.heldAccountable, f.heldAccountable);
  if (f.rulesMade !== undefined) sum.rulesMade = add(sum.rulesMade, f.rulesMade);
  for (const o of f.other ?? []) {
    const same = sum.other?.find((x) => x.label === o.label && x.unit === o.unit);
    if (same) same.value = add(same.value, o.value);
    else (sum.other ??= []).push({ ...o });
  }
}
