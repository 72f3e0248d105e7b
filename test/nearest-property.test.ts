/**
 * Property: the indexed k-nearest answer is exactly the brute-force Turf answer — same organisations, same
 * order, same distances — over thousands of random points, every category, several k and offsets.
 */
import { describe, expect, it } from 'vitest';
import { NearestIndex } from '../bot/geo/nearest.js';
import { randomOrganizations, rng, CATS } from './support/random-orgs.js';

describe('nearest: index equals brute-force Turf', () => {
  it.each([
    ['Poland-wide, 3,000 organisations', randomOrganizations(3000, 1), { minLat: 48.5, maxLat: 55.5, minLng: 13.5, maxLng: 24.5 }],
    [
      'dense Koszalin, 400 organisations',
      randomOrganizations(400, 2, { minLat: 54.14, maxLat: 54.27, minLng: 16.11, maxLng: 16.32 }),
      { minLat: 54.1, maxLat: 54.3, minLng: 16.0, maxLng: 16.4 },
    ],
  ])('%s: 2,000 random points × all categories', (_name, orgs, box) => {
    const index = new NearestIndex(orgs);
    const r = rng(42);
    let compared = 0;
    for (let i = 0; i < 2000; i++) {
      const point = { lat: box.minLat + r() * (box.maxLat - box.minLat), lng: box.minLng + r() * (box.maxLng - box.minLng) };
      const category = i % (CATS.length + 1) === CATS.length ? undefined : CATS[i % (CATS.length + 1)];
      const limit = 1 + Math.floor(r() * 10);
      const offset = r() < 0.3 ? Math.floor(r() * 6) : 0;
      const fast = index.nearest(point, { limit, offset, category });
      const slow = index.bruteForce(point, { limit, offset, category });
      expect(fast.map((x) => [x.organization.id, x.distanceMeters])).toEqual(slow.map((x) => [x.organization.id, x.distanceMeters]));
      compared++;
    }
    expect(compared).toBe(2000);
  });

  it('ties at one location are ordered by id, and paging never repeats or skips', () => {
    const orgs = Array.from({ length: 7 }, (_, i) => ({
      id: 10 - i,
      name: `T${i}`,
      lat: 54.19,
      lng: 16.17,
      categories: [],
      address: null,
      phone: null,
      website: null,
      isDemo: false,
    }));
    const index = new NearestIndex(orgs);
    const p = { lat: 54.2, lng: 16.2 };
    const pages = [0, 3, 6].flatMap((offset) => index.nearest(p, { limit: 3, offset }).map((x) => x.organization.id));
    expect(pages).toEqual([4, 5, 6, 7, 8, 9, 10]);
  });

  it('an empty index and a category nobody has answer with nothing', () => {
    expect(new NearestIndex([]).nearest({ lat: 54, lng: 16 }, { limit: 5 })).toEqual([]);
    expect(new NearestIndex(randomOrganizations(50, 3)).nearest({ lat: 54, lng: 16 }, { limit: 5, category: 'nope' })).toEqual([]);
  });
});
