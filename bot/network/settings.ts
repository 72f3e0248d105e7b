/** The members' choice of network bulletins (SIEĆ / NETWORK), stored as consent: words, channel, time, audit row. */
import type { PrismaClient } from '../../prisma/database.js';
import type { CategoryCatalog } from '../../dialogs/nearest/ports.js';
import { findCategory } from '../../dialogs/nearest/category-match.js';
import type { NetworkMode, NetworkSettingsPort } from '../../dialogs/network/ports.js';

export class NetworkSettings implements NetworkSettingsPort {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly categories: CategoryCatalog,
  ) {}

  async isMember(contactId: number) {
    return (await this.prisma.organizationMember.count({ where: { contactId } })) > 0;
  }

  async current(contactId: number) {
    const p = await this.prisma.networkPreference.findUnique({ where: { contactId } });
    if (!p) return { mode: 'ALL' as NetworkMode, categories: [] };
    const cats = await this.prisma.category.findMany({ where: { id: { in: p.categoryIds } }, orderBy: { id: 'asc' } });
    return { mode: p.mode as NetworkMode, categories: cats.map((c) => c.namePl) };
  }

  async categoryIds(words: string[]) {
    const list = await this.categories.list();
    const ids: number[] = [];
    const names: string[] = [];
    const unknown: string[] = [];
    for (const w of words) {
      const c = findCategory(w, list)?.category;
      if (!c) unknown.push(w);
      else if (!ids.includes(c.id)) {
        ids.push(c.id);
        names.push(c.namePl);
      }
    }
    return { ids, names, unknown };
  }

  async set(contactId: number, choice: { mode: NetworkMode; categoryIds: number[] }, channel: 'SMS' | 'TELEGRAM', words: string) {
    const data = {
      mode: choice.mode,
      categoryIds: choice.mode === 'CATEGORIES' ? choice.categoryIds : [],
      channel,
      consentText: words.slice(0, 500),
    };
    await this.prisma.networkPreference.upsert({ where: { contactId }, create: { contactId, ...data }, update: data });
    await this.prisma.auditLog.create({
      data: {
        actor: `contact:${contactId}`,
        action: 'network.preference',
        subject: `contact:${contactId}`,
        details: { mode: choice.mode, categoryIds: data.categoryIds, channel },
      },
    });
  }
}
