/**
 * Understands category words in Polish, English and Ukrainian ("seniorzy", "dla seniorów", "starsi", "sport",
 * "zwierzęta", "ekologia", "dzieci", "pomoc") and tells which words of a text they used, so that the rest can be
 * read as a place.
 */
import { normalizeText } from '../text.js';

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

/** Finds the first category named in the text. Stems of 4+ letters match word prefixes; shorter ones whole words. */
export function findCategory(text: string, categories: CategoryInfo[]): CategoryHit | undefined {
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
