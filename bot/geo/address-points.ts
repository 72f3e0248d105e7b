/**
 * A house number on a street, placed with the best evidence the gazetteer holds: the address point itself;
 * else a point between the nearest known numbers on the same side of the street (odd/even), else between the
 * nearest known numbers on either side; else the street's known extent. Each answer carries how far the true
 * place may be (metres), so the caller never claims more than it knows.
 */
import type { GeoPoint } from '../../dialogs/activity.js';

/** A known address on a street. */
export interface AddressPoint {
  /** As written on the building: "117", "1G", "12a". */
  number: string;
  lat: number;
  lng: number;
  postcode?: string;
}

export type AddressEvidence = 'address' | 'interpolated' | 'street';

export interface PlacedAddress {
  point: GeoPoint;
  radiusMeters: number;
  evidence: AddressEvidence;
}

/** Metres between two points (equirectangular: exact enough inside one city). */
export function metersBetween(a: GeoPoint, b: GeoPoint): number {
  const k = Math.PI / 180;
  const x = (b.lng - a.lng) * k * Math.cos(((a.lat + b.lat) / 2) * k);
  const y = (b.lat - a.lat) * k;
  return Math.hypot(x, y) * 6_371_000;
}

/** The numeric part of a house number ("12a" → 12, "1G" → 1, "12/4" → 12). */
export function houseValue(n: string): number | undefined {
  const m = /^(\d{1,4})/.exec(n.trim());
  return m ? Number(m[1]) : undefined;
}

const same = (a: string, b: string) => a.toLowerCase().replace(/\s+/g, '') === b.toLowerCase().replace(/\s+/g, '');

/** Interpolation between two known numbers: a little uncertainty of its own plus more for a long gap. */
function between(lo: AddressPoint & { v: number }, hi: AddressPoint & { v: number }, v: number): PlacedAddress {
  const f = hi.v === lo.v ? 0.5 : (v - lo.v) / (hi.v - lo.v);
  const point = { lat: lo.lat + (hi.lat - lo.lat) * f, lng: lo.lng + (hi.lng - lo.lng) * f };
  const gap = metersBetween(lo, hi);
  return { point, radiusMeters: Math.round(100 + gap * 0.25), evidence: 'interpolated' };
}

/**
 * Places `number` on a street whose known addresses are `known`, or says only the street's extent
 * (`extent`: its centre and radius) when the numbers cannot place it.
 */
export function placeHouseNumber(
  known: readonly AddressPoint[],
  number: string | undefined,
  extent: { point: GeoPoint; radiusMeters: number },
): PlacedAddress {
  const street: PlacedAddress = { ...extent, evidence: 'street' };
  if (!number || known.length === 0) return street;
  const exact = known.filter((a) => same(a.number, number));
  if (exact.length) {
    const lat = exact.reduce((s, a) => s + a.lat, 0) / exact.length;
    const lng = exact.reduce((s, a) => s + a.lng, 0) / exact.length;
    return { point: { lat, lng }, radiusMeters: 30, evidence: 'address' };
  }
  const v = houseValue(number);
  if (v === undefined) return street;
  const valued = known.flatMap((a) => {
    const av = houseValue(a.number);
    return av === undefined ? [] : [{ ...a, v: av }];
  });
  const bracket = (pool: Array<AddressPoint & { v: number }>) => {
    const lo = pool.filter((a) => a.v <= v).sort((a, b) => b.v - a.v)[0];
    const hi = pool.filter((a) => a.v >= v).sort((a, b) => a.v - b.v)[0];
    return lo && hi ? between(lo, hi, v) : undefined;
  };
  const sameSide = valued.filter((a) => a.v % 2 === v % 2);
  const inside = bracket(sameSide) ?? bracket(valued);
  if (inside) return inside.radiusMeters < street.radiusMeters ? inside : street;
  // Beyond the known numbers: the nearest known number, uncertain by how far the numbers run on.
  const nearest = [...valued].sort((a, b) => Math.abs(a.v - v) - Math.abs(b.v - v) || (a.v % 2 === v % 2 ? -1 : 1))[0];
  if (!nearest) return street;
  // Numbers step by 2 along one side; a building's frontage is 20-40 m: about 20 m of street per number.
  const beyond = 150 + Math.abs(nearest.v - v) * 20;
  return beyond < street.radiusMeters
    ? { point: { lat: nearest.lat, lng: nearest.lng }, radiusMeters: Math.round(beyond), evidence: 'interpolated' }
    : street;
}
