/**
 * The organisations the ranking sees: every active, located organisation, loaded from the database into a
 * NearestIndex. Rebuilt when the data changed (checked at most every `maxAgeMs`), so an import shows up without
 * a restart. One instance serves the bot and the HTTP API.
 */
import type { PrismaClient } from '../../prisma/database.js';
import type { GeoPoint } from '../../dialogs/activity.js';
import { NearestIndex, type IndexedOrganization, type NearestQuery, type Ranked } from './nearest.js';

export class OrganizationDirectory {
  private index?: NearestIndex;
  private stamp = '';
  private checkedAt = 0;
  private loading?: Promise<NearestIndex>;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly maxAgeMs = 10_000,
  ) {}

  async nearest(point: GeoPoint, q: NearestQuery): Promise<{ results: Ranked[]; total: number }> {
    const index = await this.current();
    return { results: index.nearest(point, q), total: index.count(q.category) };
  }

  async get(id: number): Promise<IndexedOrganization | undefined> {
    return (await this.current()).organizations.find((o) => o.id === id);
  }

  /** Forget the cached index (after an import in this process). */
  invalidate() {
    this.checkedAt = 0;
    this.stamp = '';
  }

  async current(): Promise<NearestIndex> {
    const now = Date.now();
    if (this.index && now - this.checkedAt < this.maxAgeMs) return this.index;
    this.loading ??= this.refresh().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async refresh(): Promise<NearestIndex> {
    const agg = await this.prisma.organization.aggregate({ _count: { _all: true }, _max: { updatedAt: true } });
    const cats = await this.prisma.organizationCategory.count();
    const stamp = `${agg._count._all}|${agg._max.updatedAt?.toISOString() ?? ''}|${cats}`;
    this.checkedAt = Date.now();
    if (this.index && stamp === this.stamp) return this.index;
    const rows = await this.prisma.organization.findMany({
      where: { active: true, lat: { not: null }, lng: { not: null } },
      include: { categories: { include: { category: { select: { slug: true } } } } },
      orderBy: { id: 'asc' },
    });
    this.index = new NearestIndex(
      rows.map((r) => ({
        id: r.id,
        name: r.name,
        lat: r.lat!,
        lng: r.lng!,
        categories: r.categories.map((c) => c.category.slug),
        address: r.address,
        phone: r.phone,
        website: r.website,
        isDemo: r.isDemo,
      })),
    );
    this.stamp = stamp;
    return this.index;
  }
}
