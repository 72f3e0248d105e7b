/** Word matching that tolerates Polish inflection and small typos. */

export function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions), capped for speed. */
export function editDistance(a: string, b: string, cap = 3): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * How well a typed word matches a known word: 1 exact, 0.9 an inflected form ("rokosowie" ~ "rokosowo",
 * "śródmieściu" ~ "śródmieście"), 0.75 a typo, 0 no match. Both must already be normalised.
 */
export function wordScore(typed: string, known: string): number {
  if (typed === known) return 1;
  if (/^\d/.test(known) || /^\d/.test(typed)) return 0;
  if (known.length === 3 && typed.startsWith(known) && typed.length <= 5) return 0.85; // "dom" ~ "domu"
  if (known.length >= 4 && typed.length <= known.length + 4 && commonPrefix(typed, known) >= Math.max(4, known.length - 2)) return 0.9;
  if (known.length >= 5) {
    const allowed = known.length >= 8 ? 2 : 1;
    if (editDistance(typed, known, allowed) <= allowed) return 0.75;
  }
  return 0;
}
