/** Start-up data: categories are always ensured; the demo set only fills an empty database. */
import type { PrismaClient } from '../generated/client.js';
import { CATEGORIES } from './categories.js';
import { loadDemoData } from './demo.js';

export { CATEGORIES } from './categories.js';
export { loadDemoData, removeDemoData, DEMO_ORGANIZATIONS } from './demo.js';

export async function ensureCategories(prisma: PrismaClient): Promise<void> {
  // Every start reads them once and writes only what differs (on an up-to-date database: one query, no transaction).
  const have = new Map((await prisma.category.findMany()).map((c) => [c.slug, c]));
  for (const c of CATEGORIES) {
    const h = have.get(c.slug);
    if (h && h.namePl === c.namePl && h.nameEn === c.nameEn && h.nameUk === c.nameUk && h.synonyms.join('\n') === c.synonyms.join('\n'))
      continue;
    await prisma.category.upsert({
      where: { slug: c.slug },
      create: c,
      update: { namePl: c.namePl, nameEn: c.nameEn, nameUk: c.nameUk, synonyms: c.synonyms },
    });
  }
}

/** Loads the demo dataset when there are no organisations at all. Returns what it loaded, or null. */
export async function seedIfEmpty(prisma: PrismaClient, demo: boolean): Promise<{ organizations: number; events: number } | null> {
  await ensureCategories(prisma);
  if (!demo) return null;
  if ((await prisma.organization.count()) > 0) return null;
  return loadDemoData(prisma);
}
