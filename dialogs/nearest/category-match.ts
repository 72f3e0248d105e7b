/**
 * Understands category words in Polish, English and Ukrainian and tells which words of a text they used, so that
 * the rest can be read as a place. The concept lexicon (dialogs/understanding/lexicon.ts: inflected forms,
 * concept words such as "siatkówka" or "noclegownia", combinations such as "klub seniora" beating "klub") is asked
 * first; a category it does not know (imported ones, "inne") is found through its names and synonyms.
 */
import { normalizeText } from '../text.js';
import { guessCategory } from '../understanding/categories.js';
import { tokens } from '../understanding/match.js';

export interface CategoryInfo {
  id: number;
  slug: string;
  namePl: string;
  nameEn: string;
  nameUk: string;
  synonyms: string[];
}

export interface CategoryHit {
  category: CategoryInfo;
  /** The text without the category words. */
  rest: string;
}

export function categoryName(c: Pick<CategoryInfo, 'namePl' | 'nameEn' | 'nameUk'>, locale: 'pl' | 'en' | 'uk'): string {
  return locale === 'en' ? c.nameEn : locale === 'uk' ? c.nameUk : c.namePl;
}

const stemCache = new WeakMap<CategoryInfo, string[]>();

function stems(c: CategoryInfo): string[] {
  let cached = stemCache.get(c);
  if (!cached) {
    // Multi-word names ("People with disabilities") would make "people" a category word: only one-word names count.
    const names = [c.slug, c.namePl, c.nameEn, c.nameUk].filter((n) => !/\s/.test(n.trim()));
    cached = [...names, ...c.synonyms].map((s) => normalizeText(s)).filter((s) => s.length >= 3);
    stemCache.set(c, cached); // category objects are replaced, not edited, when categories reload
  }
  return cached;
}

const LINKING = new Set(['dla', 'for', 'для', 'od', 'z', 'with', 'з']);

/** Finds the category named in the text: the lexicon first, then names and synonyms (stems of 4+ letters match word prefixes). */
export function findCategory(text: string, categories: CategoryInfo[]): CategoryHit | undefined {
  const ws = tokens(text);
  const guess = guessCategory(ws, text);
  const known = guess && categories.find((c) => c.slug === guess.slug);
  if (known && guess.used.length) {
    // Drop the words that named the category (and a "dla"/"for" before them), keeping the others as typed
    // ("54.1943, 16.1722 seniorzy" keeps its coordinates).
    const used = new Set(guess.used);
    const parts = normalizeText(text)
      .split(/\s+/)
      .map((raw) => ({ raw, n: tokens(raw).length }));
    let k = 0;
    const drop = parts.map((p) => {
      const idx = Array.from({ length: p.n }, (_, i) => k + i);
      k += p.n;
      return p.n > 0 && idx.every((i) => used.has(i));
    });
    const rest = parts.filter((p, j) => !drop[j] && !(drop[j + 1] && LINKING.has(p.raw)));
    return { category: known, rest: rest.map((p) => p.raw).join(' ') };
  }
  const words = normalizeText(text).split(/\s+/);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!.replace(/[^\p{L}\p{N}]/gu, '');
    if (!w) continue;
    for (const c of categories) {
      if (stems(c).some((s) => (s.length >= 4 ? w.startsWith(s) : w === s))) {
        const rest = words.filter((_, j) => j !== i && !(j === i - 1 && ['dla', 'for', 'для'].includes(words[j]!)));
        return { category: c, rest: rest.join(' ') };
      }
    }
  }
  return undefined;
}
