/**
 * How alike two accounts of public reports are, for suggesting duplicates (never merging them): the Sørensen–Dice
 * coefficient of their character bigrams, which suits Chinese (no word boundaries) as well as other text.
 */
function bigrams(text: string): Map<string, number> {
  const plain = text.replace(/[\s\p{P}]/gu, '');
  const counts = new Map<string, number>();
  for (let i = 0; i < plain.length - 1; i++) {
    const pair = plain.slice(i, i + 2);
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  return counts;
}

/** 1 for the same text, 0 for nothing in common. */
export function similarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  let total = 0;
  let shared = 0;
  for (const n of x.values()) total += n;
  for (const n of y.values()) total += n;
  for (const [pair, n] of x) shared += Math.min(n, y.get(pair) ?? 0);
  return total === 0 ? (a.trim() === b.trim() ? 1 : 0) : (2 * shared) / total;
}
