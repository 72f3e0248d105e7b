/** Word matching that tolerates Polish inflection and small typos. */

export function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions), capped: any distance over `cap` is reported as `cap + 1`. */
export function editDistance(a: string, b: string, cap = 3): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  // Three rolling rows (the transposition looks two rows back); stop as soon as a whole row is over the cap.
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  let row: number[] = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      row[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > cap) return cap + 1;
    [prev2, prev, row] = [prev, row, prev2.length ? prev2 : new Array<number>(b.length + 1)];
  }
  return Math.min(prev[b.length]!, cap + 1);
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * How well a typed word matches a known word: 1 exact, 0.9 an inflected form ("rokosowie" ~ "rokosowo",
 * "śródmieściu" ~ "śródmieście"), 0.75 a typo, 0 no match. Both must already be normalised.
 */
export function wordScore(typed: string, known: string, folded = false): number {
  if (typed === known) return 1;
  if (isDigit(known.charCodeAt(0)) || isDigit(typed.charCodeAt(0))) return 0;
  const kl = known.length;
  const tl = typed.length;
  if (kl === 3) return typed.startsWith(known) && tl <= 5 ? 0.85 : 0; // "dom" ~ "domu"
  if (kl >= 4 && tl <= kl + 4 && commonPrefix(typed, known) >= Math.max(4, kl - 2)) return 0.9;
  if (kl >= 5) {
    const allowed = kl >= 8 ? 2 : 1;
    if (Math.abs(tl - kl) <= allowed && editDistance(typed, known, allowed) <= allowed) return 0.75;
  }
  // A typo and an inflection together ("gniezninskiej" ~ "gnieznienska"): compare the stems without the endings.
  if (kl >= 8) {
    const ts = stem(typed);
    const ks = stem(known);
    if (ks.length >= 7 && Math.abs(ts.length - ks.length) <= 1 && editDistance(ts, ks, 1) <= 1) return 0.75;
  }
  // Sounds spelt two ways: Polish "rz" and "sz" (a Ukrainian writes Przylesie as "Пшилесє", a Pole types "pszylesie"),
  // "ch" and "h" ("hrobrego" for Chrobrego): compare the words with both spellings folded to one, a typo's score.
  if (!folded) {
    const ft = fold(typed);
    const fk = fold(known);
    if (ft !== typed || fk !== known) return Math.min(0.75, wordScore(ft, fk, true));
  }
  return 0;
}

const fold = (w: string) => w.replace(/rz/g, 'sz').replace(/ch/g, 'h');

/** A Polish word without its case ending (for comparing a misspelt inflected form with a name). */
function stem(w: string): string {
  return w.replace(/(?:iej|ej|ego|emu|iem|ie|ach|ami|a|e|i|o|u|y)$/, '');
}
