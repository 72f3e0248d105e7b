/**
 * The map's own base layer, drawn by the page under the markers so they are never on a blank field when the tile
 * server is unreachable: the city boundary (the detailed WOF/GUGiK polygon the bot uses, simplified for the
 * browser) and the district names with their gazetteer points. One small GeoJSON document, built once.
 */
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';

export interface BaseLayerDistrict {
  name: string;
  lat: number;
  lng: number;
  source: string;
  handPlaced?: boolean;
}

/** Douglas–Peucker tolerance: 12 m is under a pixel up to zoom 13 and keeps every bend a resident would see. */
export const BOUNDARY_TOLERANCE_METERS = 12;

/** Metres per degree at the city's latitude (local flat projection: fine at city scale). */
function scales(lat: number) {
  return { kx: 111_320 * Math.cos((lat * Math.PI) / 180), ky: 110_574 };
}

function segmentDistance(p: Position, a: Position, b: Position, kx: number, ky: number): number {
  const px = (p[0]! - a[0]!) * kx;
  const py = (p[1]! - a[1]!) * ky;
  const dx = (b[0]! - a[0]!) * kx;
  const dy = (b[1]! - a[1]!) * ky;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / len));
  return Math.hypot(px - t * dx, py - t * dy);
}

/** Douglas–Peucker on one closed ring (iterative, so a long ring cannot overflow the stack); the ring stays closed. */
export function simplifyRing(ring: Position[], toleranceMeters: number): Position[] {
  if (ring.length <= 4) return ring;
  const { kx, ky } = scales(ring[0]![1]!);
  // A closed ring starts and ends on the same point: split it at the point farthest from the start, so that
  // neither half is degenerate.
  let far = 1;
  let farD = -1;
  for (let i = 1; i < ring.length - 1; i++) {
    const d = Math.hypot((ring[i]![0]! - ring[0]![0]!) * kx, (ring[i]![1]! - ring[0]![1]!) * ky);
    if (d > farD) [far, farD] = [i, d];
  }
  const keep = new Uint8Array(ring.length);
  keep[0] = keep[far] = keep[ring.length - 1] = 1;
  const stack: Array<[number, number]> = [
    [0, far],
    [far, ring.length - 1],
  ];
  while (stack.length) {
    const [s, e] = stack.pop()!;
    let best = -1;
    let bestD = toleranceMeters;
    for (let i = s + 1; i < e; i++) {
      const d = segmentDistance(ring[i]!, ring[s]!, ring[e]!, kx, ky);
      if (d > bestD) [best, bestD] = [i, d];
    }
    if (best > 0) {
      keep[best] = 1;
      stack.push([s, best], [best, e]);
    }
  }
  const out = ring.filter((_, i) => keep[i]);
  return out.length >= 4 ? out : ring;
}

const round5 = (p: Position): Position => [Math.round(p[0]! * 1e5) / 1e5, Math.round(p[1]! * 1e5) / 1e5];

/** The boundary as one MultiPolygon, simplified, coordinates to 5 decimals (about a metre). */
export function simplifyBoundary(feature: Feature<Polygon | MultiPolygon>, toleranceMeters = BOUNDARY_TOLERANCE_METERS): MultiPolygon {
  const g = feature.geometry;
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return { type: 'MultiPolygon', coordinates: polygons.map((rings) => rings.map((r) => simplifyRing(r, toleranceMeters).map(round5))) };
}

export interface BaseLayer {
  type: 'FeatureCollection';
  features: Array<
    | {
        type: 'Feature';
        geometry: MultiPolygon;
        properties: { kind: 'boundary'; name: string; source: string; vertices: number; simplifiedFrom: number };
      }
    | {
        type: 'Feature';
        geometry: { type: 'Point'; coordinates: Position };
        properties: { kind: 'district'; name: string; source: string; approximate: boolean };
      }
  >;
}

export function buildBaseLayer(o: {
  cityName: string;
  boundary: Feature<Polygon | MultiPolygon>;
  districts: BaseLayerDistrict[];
}): BaseLayer {
  const geometry = simplifyBoundary(o.boundary);
  const count = (g: Polygon | MultiPolygon) =>
    (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat().reduce((n, r) => n + r.length, 0);
  return {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        geometry,
        properties: {
          kind: 'boundary',
          name: o.cityName,
          source: 'wof-gugik',
          vertices: count(geometry),
          simplifiedFrom: count(o.boundary.geometry),
        },
      },
      ...o.districts
        .slice()
        .sort((a, b) => a.name.localeCompare(b.name, 'pl'))
        .map((d) => ({
          type: 'Feature' as const,
          geometry: { type: 'Point' as const, coordinates: round5([d.lng, d.lat]) },
          properties: { kind: 'district' as const, name: d.name, source: d.source, approximate: Boolean(d.handPlaced) },
        })),
    ],
  };
}
