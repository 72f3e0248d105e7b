import type { PrismaClient } from '../../prisma/database.js';
import { normalizeText } from '../../dialogs/text.js';
import type { CategoryLookup } from './organizations.js';

/** Resolves a category word (slug, name in pl/en/uk, or an exact synonym) to its slug. */
export async function loadCategoryLookup(prisma: PrismaClient): Promise<CategoryLookup> {
  const map = new Map<string, string>();
  for (const c of await prisma.category.findMany()) {
    for (const w of [c.slug, c.namePl, c.nameEn, c.nameUk, ...c.synonyms]) map.set(normalizeText(w), c.slug);
  }
  return { resolve: (word) => map.get(normalizeText(word)) };
}
