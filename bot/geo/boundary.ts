/**
 * "Is this in Koszalin?": the detailed city polygon of the national boundary register (PRG, via Who's On First),
 * with a margin. The register's polygon predates the 2021 enlargement (723 ha added at the edges), so a point up
 * to `marginMeters` outside it still counts as the city; a point farther out is outside.
 */
import { readFileSync } from 'node:fs';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { GeoPoint } from '../../dialogs/activity.js';

/** 1.2 km: covers the 2021 additions (the widest strip added is under a kilometre) and no neighbouring village centre. */
export const DEFAULT_MARGIN_METERS = 1200;

export function loadBoundaryFeature(path: string): Feature<Polygon | MultiPolygon> {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as { type: string; features?: Array<Feature<Polygon | MultiPolygon>> };
  return doc.type === 'FeatureCollection' ? doc.features![0]! : (doc as unknown as Feature<Polygon | MultiPolygon>);
}

export class CityBoundary {
  private readonly rings: number[][][];

  constructor(
    readonly feature: Feature<Polygon | MultiPolygon>,
    readonly marginMeters = DEFAULT_MARGIN_METERS,
  ) {
    const g = feature.geometry;
    this.rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
  }

  /** Strictly inside the polygon (no margin). */
  insidePolygon(p: GeoPoint): boolean {
    return booleanPointInPolygon([p.lng, p.lat], this.feature);
  }

  /** Inside the city: in the polygon, or within the margin of its edge. */
  inside(p: GeoPoint): boolean {
    return this.insidePolygon(p) || this.distanceToEdge(p) <= this.marginMeters;
  }

  /** Metres from a point to the nearest edge of the polygon (local flat projection: fine at city scale). */
  distanceToEdge(p: GeoPoint): number {
    const kx = 111_320 * Math.cos((p.lat * Math.PI) / 180);
    const ky = 110_574;
    let best = Infinity;
    for (const ring of this.rings) {
      for (let i = 1; i < ring.length; i++) {
        const ax = (ring[i - 1]![0]! - p.lng) * kx;
        const ay = (ring[i - 1]![1]! - p.lat) * ky;
        const bx = (ring[i]![0]! - p.lng) * kx;
        const by = (ring[i]![1]! - p.lat) * ky;
        const dx = bx - ax;
        const dy = by - ay;
        const len = dx * dx + dy * dy;
        const t = len === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len));
        const d = Math.hypot(ax + t * dx, ay + t * dy);
        if (d < best) best = d;
      }
    }
    return best;
  }
}
