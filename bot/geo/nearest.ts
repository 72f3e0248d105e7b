/**
 * k nearest organisations by Turf great-circle distance, optionally in one category.
 *
 * The spatial index (kdbush + geokdbush) only chooses candidates; every distance reported is Turf's, and ties
 * are broken by id, so the indexed answer is exactly the brute-force Turf answer (same organisations, order and
 * distances; a property test checks it). Unlocated organisations are never in the index.
 */
import KDBush from 'kdbush';
import { around, distance as geoDistanceKm } from 'geokdbush';
import turfDistance from '@turf/distance';
import type { GeoPoint } from '../../dialogs/activity.js';

export interface IndexedOrganization {
  id: number;
  name: string;
  lat: number;
  lng: number;
  categories: string[];
  address: string | null;
  phone: string | null;
  website: string | null;
  isDemo: boolean;
}

export interface Ranked<T extends IndexedOrganization = IndexedOrganization> {
  organization: T;
  distanceMeters: number;
}

export interface NearestQuery {
  limit: number;
  offset?: number;
  category?: string;
}

export function turfMeters(a: GeoPoint, b: GeoPoint): number {
  return turfDistance([a.lng, a.lat], [b.lng, b.lat], { units: 'meters' });
}

const byDistanceThenId = (x: Ranked, y: Ranked) => x.distanceMeters - y.distanceMeters || x.organization.id - y.organization.id;

export class NearestIndex<T extends IndexedOrganization = IndexedOrganization> {
  private readonly index: KDBush;
  readonly size: number;

  constructor(readonly organizations: T[]) {
    this.size = organizations.length;
    this.index = new KDBush(Math.max(1, organizations.length));
    for (const o of organizations) this.index.add(o.lng, o.lat);
    if (organizations.length === 0) this.index.add(0, 0); // kdbush needs one point; filtered out below
    this.index.finish();
  }

  /** Number of organisations in a category (or all). */
  count(category?: string): number {
    return category ? this.organizations.filter((o) => o.categories.includes(category)).length : this.size;
  }

  nearest(point: GeoPoint, q: NearestQuery): Ranked<T>[] {
    const want = q.limit + (q.offset ?? 0);
    if (want <= 0 || this.size === 0) return [];
    const filter = (id: number) => id < this.size && (!q.category || this.organizations[id]!.categories.includes(q.category));
    const first = around(this.index, point.lng, point.lat, want, Infinity, filter);
    if (first.length === 0) return [];
    // geokdbush's haversine and Turf's may differ in the last bits: take every candidate within the k-th
    // distance plus a hair, then order by Turf.
    const last = this.organizations[first[first.length - 1]!]!;
    const radiusKm = geoDistanceKm(point.lng, point.lat, last.lng, last.lat) * (1 + 1e-9) + 1e-9;
    const ids = first.length < want ? first : around(this.index, point.lng, point.lat, Infinity, radiusKm, filter);
    return ids
      .map((id) => ({ organization: this.organizations[id]!, distanceMeters: turfMeters(point, this.organizations[id]!) }))
      .sort(byDistanceThenId)
      .slice(q.offset ?? 0, want);
  }

  /** The reference answer: Turf distance to every organisation. Used by tests and benchmarks. */
  bruteForce(point: GeoPoint, q: NearestQuery): Ranked<T>[] {
    const all: Ranked<T>[] = [];
    for (const o of this.organizations)
      if (!q.category || o.categories.includes(q.category)) all.push({ organization: o, distanceMeters: turfMeters(point, o) });
    return all.sort(byDistanceThenId).slice(q.offset ?? 0, q.limit + (q.offset ?? 0));
  }
}
