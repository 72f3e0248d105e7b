/** Random organisations for property tests and benchmarks (seeded, reproducible). */
import type { IndexedOrganization } from '../../bot/geo/nearest.js';

export function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const CATS = ['seniorzy', 'sport', 'zwierzeta', 'ekologia', 'dzieci-mlodziez', 'pomoc-spoleczna', 'zdrowie', 'kultura'];

export function randomOrganizations(
  n: number,
  seed: number,
  bbox = { minLat: 49.0, maxLat: 54.8, minLng: 14.2, maxLng: 24.1 },
): IndexedOrganization[] {
  const r = rng(seed);
  const orgs: IndexedOrganization[] = [];
  for (let i = 0; i < n; i++) {
    // Some exact duplicates of location, to exercise ties (several NGOs in one building).
    const twin = i > 0 && r() < 0.05 ? orgs[Math.floor(r() * orgs.length)]! : undefined;
    orgs.push({
      id: i + 1,
      name: `Org ${i + 1}`,
      lat: twin?.lat ?? bbox.minLat + r() * (bbox.maxLat - bbox.minLat),
      lng: twin?.lng ?? bbox.minLng + r() * (bbox.maxLng - bbox.minLng),
      categories: CATS.filter(() => r() < 0.2),
      address: null,
      phone: null,
      website: null,
      isDemo: false,
    });
  }
  return orgs;
}
