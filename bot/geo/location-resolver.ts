/**
 * Turns "where" into a point: coordinates and map links first, then the gazetteer (districts, streets,
 * landmarks, postcodes), then the optional online geocoder. Says whether the point is inside the city
 * boundary and how precise it is.
 */
import { readFileSync } from 'node:fs';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, Polygon, MultiPolygon } from 'geojson';
import type { GeoPoint } from '../../dialogs/activity.js';
import { parseCoordinates } from './coordinates.js';
import { Gazetteer } from './gazetteer.js';
import type { Resolution, PlaceLookup } from '../../dialogs/nearest/ports.js';
import type { Geocoder } from './geocoder.js';

export type { Resolution };

export class LocationResolver implements PlaceLookup {
  constructor(
    private readonly gazetteer: Gazetteer,
    private readonly boundary: Feature<Polygon | MultiPolygon>,
    private readonly geocoder?: Geocoder,
  ) {}

  static loadBoundary(path: string): Feature<Polygon | MultiPolygon> {
    const doc = JSON.parse(readFileSync(path, 'utf8')) as { type: string; features?: Array<Feature<Polygon | MultiPolygon>> };
    return doc.type === 'FeatureCollection' ? doc.features![0]! : (doc as unknown as Feature<Polygon | MultiPolygon>);
  }

  inside(p: GeoPoint): boolean {
    return booleanPointInPolygon([p.lng, p.lat], this.boundary);
  }

  resolvePoint(point: GeoPoint, label?: string): Resolution & { kind: 'point' } {
    return { kind: 'point', point, label: label ?? `${point.lat.toFixed(4)}, ${point.lng.toFixed(4)}`, precision: 'EXACT', approximate: false, insideCity: this.inside(point), via: 'pin' };
  }

  districts() {
    return this.gazetteer.districts().map((d) => ({ name: d.name, point: { lat: d.lat, lng: d.lng } }));
  }

  city() {
    const c = this.gazetteer.city;
    return { name: c.name, point: { lat: c.lat, lng: c.lng } };
  }

  looksLikePlace(text: string): boolean {
    if (parseCoordinates(text)) return true;
    const m = this.gazetteer.match(text);
    return m.kind === 'postcode' || m.kind === 'ambiguous' || (m.kind === 'place' && m.score >= 0.75);
  }

  async resolveText(text: string): Promise<Resolution> {
    const c = parseCoordinates(text);
    if (c?.kind === 'short_link') return { kind: 'short_link' };
    if (c?.kind === 'point') {
      return { ...this.resolvePoint(c.point), via: c.source === 'map_link' ? 'map_link' : 'coordinates' };
    }
    const m = this.gazetteer.match(text);
    switch (m.kind) {
      case 'postcode': {
        if (m.status === 'elsewhere') return { kind: 'postcode_elsewhere', code: m.code };
        if (m.status === 'unknown') return { kind: 'postcode_unknown', code: m.code };
        const city = this.gazetteer.city;
        return { kind: 'point', point: { lat: city.lat, lng: city.lng }, label: m.code, precision: 'CITY', approximate: true, insideCity: true, via: 'postcode' };
      }
      case 'place': {
        const e = m.entry;
        const label = e.kind === 'street' ? `ul. ${e.name}${m.houseNumber ? ` ${m.houseNumber}` : ''}` : e.name;
        return { kind: 'point', point: { lat: e.lat, lng: e.lng }, label, precision: e.precision, approximate: e.source.startsWith('approx'), insideCity: this.inside({ lat: e.lat, lng: e.lng }), via: 'gazetteer' };
      }
      case 'ambiguous':
        return { kind: 'ambiguous', options: m.candidates.map((e) => ({ label: e.kind === 'street' ? `ul. ${e.name}` : e.kind === 'district' ? `os. ${e.name}` : e.name, point: { lat: e.lat, lng: e.lng }, precision: e.precision })) };
      case 'none':
        break;
    }
    if (this.geocoder && text.trim().length >= 3) {
      const g = await this.geocoder.geocode(text);
      if (g) return { kind: 'point', point: g.point, label: g.label, precision: 'ADDRESS', approximate: false, insideCity: this.inside(g.point), via: 'geocoder' };
    }
    return { kind: 'unknown' };
  }
}
