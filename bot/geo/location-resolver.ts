/**
 * Turns "where" into a point: coordinates and map links first, then the gazetteer (districts, streets with house
 * numbers, landmarks, postcodes), then the optional online geocoder. Every point says how far the true place may
 * be (radiusMeters) and what placed it (evidence), from the best evidence the data holds: the address point;
 * else between known numbers of the street; else the street's extent; else the postcode's own point; else the
 * district. What cannot be placed within 2 km is not answered with a point (`vague`: the dialog asks).
 * Also finds the place inside a whole sentence (`findPlaceInText`).
 */
import type { Feature, Polygon, MultiPolygon } from 'geojson';
import type { GeoPoint } from '../../dialogs/activity.js';
import { parseCoordinates } from './coordinates.js';
import type { Gazetteer, GazetteerEntry, PlaceMatch } from './gazetteer.js';
import type { Resolution, PlaceLookup, PlaceInText, PlaceEvidence } from '../../dialogs/nearest/ports.js';
import type { Geocoder } from './geocoder.js';
import { CityBoundary, loadBoundaryFeature } from './boundary.js';
import { metersBetween, placeHouseNumber } from './address-points.js';
import { latinize, tokenizeSpans } from './street-names.js';
import { normalizeText } from '../../dialogs/text.js';

export type { Resolution, PlaceInText };

/** Beyond this the data cannot place someone usefully: ask instead of answering. */
export const MAX_ANSWER_RADIUS_METERS = 2000;

const label = (e: GazetteerEntry, house?: string) => (e.kind === 'street' ? `ul. ${e.name}${house ? ` ${house}` : ''}` : e.name);
const choiceLabel = (e: GazetteerEntry) => (e.kind === 'street' ? `ul. ${e.name}` : e.kind === 'district' ? `os. ${e.name}` : e.name);

/** Words that, right before an unknown word, say a place is being named ("koło filharmonii"). */
const PLACE_ANNOUNCED = new Set(
  [
    'koło',
    'obok',
    'przy',
    'niedaleko',
    'blisko',
    'okolicy',
    'okolicach',
    'near',
    'біля',
    'поруч',
    'коло',
    'ulicy',
    'ul',
    'ulica',
    'вулиці',
  ].map((w) => latinize(normalizeText(w))),
);
/** …unless the word after is one of these ("przy okazji", "blisko mnie"). */
const NOT_A_PLACE = new Set(
  ['okazji', 'mnie', 'nas', 'tym', 'tego', 'domu', 'pracy', 'siebie', 'me', 'us', 'here', 'tu', 'tutaj', 'мене', 'нас', 'дому'].map((w) =>
    latinize(normalizeText(w)),
  ),
);

export class LocationResolver implements PlaceLookup {
  readonly boundary: CityBoundary;

  constructor(
    private readonly gazetteer: Gazetteer,
    boundary: Feature<Polygon | MultiPolygon> | CityBoundary,
    private readonly geocoder?: Geocoder,
  ) {
    this.boundary = boundary instanceof CityBoundary ? boundary : new CityBoundary(boundary);
  }

  static loadBoundary(path: string): Feature<Polygon | MultiPolygon> {
    return loadBoundaryFeature(path);
  }

  /** In Koszalin: the detailed boundary with its margin for the 2021 enlargement. */
  inside(p: GeoPoint): boolean {
    return this.boundary.inside(p);
  }

  resolvePoint(point: GeoPoint, label?: string): Resolution & { kind: 'point' } {
    return {
      kind: 'point',
      point,
      label: label ?? `${point.lat.toFixed(4)}, ${point.lng.toFixed(4)}`,
      precision: 'EXACT',
      approximate: false,
      insideCity: this.inside(point),
      via: 'pin',
      radiusMeters: 0,
      evidence: 'pin',
    };
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
    if (c?.kind === 'point') return { ...this.resolvePoint(c.point), via: c.source === 'map_link' ? 'map_link' : 'coordinates' };
    const r = this.fromMatch(this.gazetteer.match(text));
    if (r.kind !== 'unknown') return r;
    if (this.geocoder && text.trim().length >= 3) {
      const g = await this.geocoder.geocode(text);
      if (g)
        return {
          kind: 'point',
          point: g.point,
          label: g.label,
          precision: 'ADDRESS',
          approximate: false,
          insideCity: this.inside(g.point),
          via: 'geocoder',
          evidence: 'geocoder',
        };
    }
    return { kind: 'unknown' };
  }

  /**
   * The place named anywhere in a sentence, offline, with the span of text it used. See PlaceLookup.findPlaceInText.
   * Coordinates and map links count too (span: the link or the number pair).
   */
  async findPlaceInText(text: string): Promise<PlaceInText> {
    const c = parseCoordinates(text);
    if (c) {
      const span = coordinateSpan(text);
      if (c.kind === 'short_link') return { kind: 'short_link', span };
      return { ...this.resolvePoint(c.point), via: c.source === 'map_link' ? 'map_link' : 'coordinates', span };
    }
    const m = this.gazetteer.findInText(text);
    if (m.kind !== 'none') {
      const r = this.fromMatch(m);
      return { ...r, span: { start: m.span.start, end: m.span.end, text: text.slice(m.span.start, m.span.end) } };
    }
    // "koło filharmonii": a place is named, but not one the data knows. Say so, with the span, so the caller asks.
    const tokens = tokenizeSpans(text);
    for (let i = 0; i + 1 < tokens.length; i++) {
      const next = tokens[i + 1]!;
      if (PLACE_ANNOUNCED.has(tokens[i]!.norm) && !NOT_A_PLACE.has(next.norm) && next.norm.length >= 4 && !/^\d/.test(next.norm)) {
        return { kind: 'unknown', span: { start: tokens[i]!.start, end: next.end, text: text.slice(tokens[i]!.start, next.end) } };
      }
    }
    return { kind: 'unknown' };
  }

  /** A gazetteer match as a resolution, with the best evidence available. */
  private fromMatch(m: PlaceMatch): Resolution {
    switch (m.kind) {
      case 'postcode': {
        if (m.status === 'elsewhere' && !this.gazetteer.postcodePoint(m.code)) return { kind: 'postcode_elsewhere', code: m.code };
        return this.postcodeOnly(m.code) ?? { kind: 'postcode_unknown', code: m.code };
      }
      case 'place':
        return this.placeEntry(m.entry, m.houseNumber, m.postcode?.code);
      case 'ambiguous':
        return {
          kind: 'ambiguous',
          options: m.candidates.map((e) => ({ label: choiceLabel(e), point: { lat: e.lat, lng: e.lng }, precision: e.precision })),
        };
      case 'none':
        return { kind: 'unknown' };
    }
  }

  /** A postcode alone: its own point; a Koszalin code without one counts from the centre, said to be rough. */
  private postcodeOnly(code: string): Resolution | undefined {
    const pc = this.gazetteer.postcodePoint(code);
    if (pc) {
      const point = { lat: pc.lat, lng: pc.lng };
      return {
        kind: 'point',
        point,
        label: code,
        precision: 'POSTCODE',
        approximate: true,
        insideCity: this.inside(point),
        via: 'postcode',
        radiusMeters: pc.radiusMeters,
        evidence: 'postcode',
        villages: pc.villages,
      };
    }
    if (!this.gazetteer.postcodes.has(code)) return undefined;
    const city = this.gazetteer.city;
    return {
      kind: 'point',
      point: { lat: city.lat, lng: city.lng },
      label: code,
      precision: 'CITY',
      approximate: true,
      insideCity: true,
      via: 'postcode',
      radiusMeters: 2000,
      evidence: 'city',
    };
  }

  /** A named place, with its house number and postcode if given: the smallest honest radius wins. */
  private placeEntry(e: GazetteerEntry, house: string | undefined, postcode: string | undefined): Resolution {
    const extent = { point: { lat: e.lat, lng: e.lng }, radiusMeters: e.radiusMeters ?? (e.kind === 'district' ? 1200 : 1000) };
    let best: { point: GeoPoint; radiusMeters: number; evidence: PlaceEvidence };
    if (e.kind === 'street') best = placeHouseNumber(e.addresses ?? [], house, extent);
    else best = { ...extent, evidence: e.kind === 'district' ? 'district' : 'landmark' };
    const pc = postcode ? this.gazetteer.postcodePoint(postcode) : undefined;
    if (pc && pc.radiusMeters < best.radiusMeters)
      best = { point: { lat: pc.lat, lng: pc.lng }, radiusMeters: pc.radiusMeters, evidence: 'postcode' };
    const text = label(e, house);
    if (best.radiusMeters > MAX_ANSWER_RADIUS_METERS)
      return { kind: 'vague', label: text, point: best.point, radiusMeters: best.radiusMeters };
    const precision =
      best.evidence === 'address' || best.evidence === 'interpolated' ? 'ADDRESS' : best.evidence === 'postcode' ? 'POSTCODE' : e.precision;
    return {
      kind: 'point',
      point: best.point,
      label: text,
      precision,
      approximate: best.radiusMeters > 50,
      insideCity: this.inside(best.point),
      via: best.evidence === 'postcode' ? 'postcode' : 'gazetteer',
      radiusMeters: best.radiusMeters,
      evidence: best.evidence,
      villages: best.evidence === 'postcode' ? pc?.villages : undefined,
    };
  }

  /** Metres from a resolution's point to a known true point (tests and benchmarks). */
  static errorMeters(r: Resolution, truth: GeoPoint): number | undefined {
    return r.kind === 'point' ? metersBetween(r.point, truth) : undefined;
  }
}

/** Where a link or a coordinate pair stands in a text (best effort). */
function coordinateSpan(text: string): { start: number; end: number; text: string } | undefined {
  const m =
    /\b(?:https?:\/\/|geo:)\S+/i.exec(text) ??
    /[-+]?\d{1,3}[.,]\d{2,}[\s,;]+[-+]?\d{1,3}[.,]\d{2,}/.exec(text) ??
    /\d{1,3}\s*°[^A-Za-z]*[NSEW][\s,;]*\d{1,3}\s*°[^A-Za-z]*[NSEW]/i.exec(text);
  return m ? { start: m.index, end: m.index + m[0].length, text: m[0] } : undefined;
}
