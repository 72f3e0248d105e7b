/**
 * The small matching language of the lexicons: texts become normalised words (lower case, no diacritics, no
 * punctuation), entries become word patterns (`stem*`, whole words, combinations). Shared by the category
 * lexicon and the intent phrases so both read the text the same way.
 */
import { normalizeText } from '../text.js';

/** Normalised words of a text: "Klub Seniora, os. Tysiąclecia!" → ["klub", "seniora", "os", "tysiaclecia"]. */
export function tokens(text: string): string[] {
  return normalizeText(text)
    .replace(/\b(i|you|we|they|he|she|it|that)['’]ll\b/g, '$1 will') // "i'll" is not "ill"
    .replace(/['’ʼ`]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

export interface WordPattern {
  /** Each word: the word itself, or a stem when `prefix`. */
  words: Array<{ w: string; prefix: boolean }>;
}

/** "klub* senior*" → two prefix words. */
export function compileWords(entry: string): WordPattern {
  return {
    words: entry
      .split(/\s+/)
      .filter(Boolean)
      .flatMap((raw) => {
        const prefix = raw.endsWith('*');
        const ts = tokens(prefix ? raw.slice(0, -1) : raw);
        // "after-school" is two words; only the last of them can be a stem.
        return ts.map((w, i) => ({ w, prefix: prefix && i === ts.length - 1 }));
      }),
  };
}

/** Start positions where the pattern matches the words in a row. */
export function matchAt(words: string[], p: WordPattern, i: number): boolean {
  if (i + p.words.length > words.length || p.words.length === 0) return false;
  for (let k = 0; k < p.words.length; k++) {
    const { w, prefix } = p.words[k]!;
    const t = words[i + k]!;
    if (prefix ? !t.startsWith(w) : t !== w) return false;
  }
  return true;
}

/**
 * A phrase pattern over the joined words of a message, written as a regular expression in plain lower-case
 * words: `*` continues a word ("zapis*"), ` _ ` skips up to three words ("nie _ wiecej"), `|` and `( )` as usual.
 * Matches whole words only.
 */
export function compilePhrase(pattern: string | readonly string[]): RegExp {
  const body = (typeof pattern === 'string' ? [pattern] : pattern)
    .map((p) =>
      normalizeText(p)
        .replace(/['’ʼ`]/g, '')
        .replace(/\*/g, '[\\p{L}\\p{N}]*')
        .replace(/ _ /g, ' (?:[^ ]+ ){0,3}'),
    )
    .join('|');
  return new RegExp(`(?:^| )(?:${body})(?= |$)`, 'u');
}

/** True when any of the phrases matches the words. */
export function anyPhrase(joined: string, phrases: RegExp[]): boolean {
  for (const p of phrases) if (p.test(joined)) return true;
  return false;
}
