// The targets of `npm run bench` (issue 37): each figure a phase measures, next to its target, met (✓), missed (✗) or
// not judged on this topology (—, with the reason). One list, printed at the end and saved with the figures.

export interface Verdict {
  /** The phase that measured it (`--only <phase>` runs it alone). */
  phase: string;
  figure: string;
  /** The figure as printed (its unit included). */
  value: string;
  target: string;
  /** undefined: not judged here (`why` says why). */
  met?: boolean;
  why?: string;
}

export class Verdicts {
  readonly all: Verdict[] = [];

  /** Judge `value` against the target and print the line at once. */
  add(v: Verdict): void {
    this.all.push(v);
    process.stdout.write(`  ${line(v)}\n`);
  }

  print(): void {
    if (!this.all.length) return;
    process.stdout.write(`\nTargets (✓ met, ✗ missed, — not judged here)\n\n`);
    for (const v of this.all) process.stdout.write(`  ${v.phase.padEnd(11)} ${line(v)}\n`);
    const missed = this.all.filter((v) => v.met === false).length;
    const met = this.all.filter((v) => v.met === true).length;
    process.stdout.write(`\n  ${met} met, ${missed} missed, ${this.all.length - met - missed} not judged\n`);
  }
}

function line(v: Verdict): string {
  const mark = v.met === undefined ? '—' : v.met ? '✓' : '✗';
  return `${mark} ${v.figure}: ${v.value} (target ${v.target})${v.why ? ` — ${v.why}` : ''}`;
}
