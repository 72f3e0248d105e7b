/** Builds the geography services from the shipped data files: gazetteer, boundary, resolver, directory. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PrismaClient } from '../../prisma/database.js';
import type { CategoryInfo } from '../../dialogs/nearest/category-match.js';
import type { CategoryCatalog, LinkBuilder, NearestPorts } from '../../dialogs/nearest/ports.js';
import { Gazetteer } from './gazetteer.js';
import { LocationResolver } from './location-resolver.js';
import { CityBoundary, loadBoundaryFeature } from './boundary.js';
import { OrganizationDirectory } from './directory.js';
import { NominatimGeocoder } from './geocoder.js';

export const GEO_DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), 'data');
export const DEFAULT_GAZETTEER = join(GEO_DATA_DIR, 'gazetteer.koszalin.json');
/** The detailed city polygon (national boundary register PRG via Who's On First), used with a margin. */
export const BOUNDARY_FILE = join(GEO_DATA_DIR, 'sources', 'koszalin_boundary_wof_gugik.geojson');

export interface GeoOptions {
  publicUrl: string;
  gazetteerPath?: string;
  geocoderUrl?: string;
}

/** Categories change rarely: cached for a minute. */
export class CachedCategories implements CategoryCatalog {
  private cache?: { at: number; list: CategoryInfo[] };
  constructor(private readonly prisma: PrismaClient) {}
  async list(): Promise<CategoryInfo[]> {
    if (this.cache && Date.now() - this.cache.at < 60_000) return this.cache.list;
    const list = await this.prisma.category.findMany({ orderBy: { id: 'asc' } });
    this.cache = { at: Date.now(), list };
    return list;
  }
}

export function mapLinks(publicUrl: string): LinkBuilder {
  return {
    map(q) {
      const u = new URL(`${publicUrl}/map`);
      if (q.org !== undefined) u.searchParams.set('org', String(q.org));
      if (q.lat !== undefined && q.lng !== undefined) {
        u.searchParams.set('lat', String(q.lat));
        u.searchParams.set('lng', String(q.lng));
      }
      return u.toString();
    },
  };
}

export function createGeo(prisma: PrismaClient, o: GeoOptions) {
  const gazetteer = Gazetteer.load(o.gazetteerPath ?? DEFAULT_GAZETTEER, join(GEO_DATA_DIR, 'koszalin_postcodes_pna2024.csv'));
  const boundary = new CityBoundary(loadBoundaryFeature(BOUNDARY_FILE));
  const geocoder = o.geocoderUrl
    ? new NominatimGeocoder({ url: o.geocoderUrl, userAgent: `koszalin-ngo-messaging/0.1 (+${o.publicUrl})`, city: 'Koszalin' })
    : undefined;
  const resolver = new LocationResolver(gazetteer, boundary, geocoder);
  const directory = new OrganizationDirectory(prisma);
  const categories = new CachedCategories(prisma);
  const links = mapLinks(o.publicUrl);
  const home = {
    set: async (contactId: number, district: string | null) =>
      void (await prisma.contact.update({ where: { id: contactId }, data: { homeDistrict: district } })),
  };
  const ports: NearestPorts = { places: resolver, organizations: directory, categories, links, home };
  return { gazetteer, resolver, boundary, directory, categories, links, ports };
}

export type Geo = ReturnType<typeof createGeo>;
