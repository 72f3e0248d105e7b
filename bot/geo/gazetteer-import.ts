/**
 * Extends or replaces the gazetteer from official or open data:
 *  - an OpenStreetMap extract as GeoJSON (osmtogeojson / ogr2ogr output): `place=suburb|quarter|neighbourhood`
 *    → districts, named `highway=*` ways → streets (one point: the mean of all their vertices), named amenities,
 *    stations, offices and tourism features → well-known places;
 *  - a TERYT/PRG address-point CSV with street and WGS84 coordinates (`ulica`/`street`, `lat`/`lng` or
 *    `szerokosc`/`dlugosc`) → one point per street (the mean of its address points).
 * Imported entries get a source note saying where they came from, a licence, and how far the true place may be
 * from the point (radiusMeters); an address CSV with house numbers keeps every address, so numbers are placed.
 */
import type { GazetteerDoc, GazetteerEntry, PlaceKind, Precision } from './gazetteer.js';
import { parseCsv } from '../import/csv.js';
import { normalizeText } from '../../dialogs/text.js';
import { houseValue, metersBetween, type AddressPoint } from './address-points.js';
import { streetAliases } from './street-names.js';

/**
 * A street from its known addresses. Radius: the farthest known address plus 250 m (the street runs on past
 * it), at least 400 m; one known address says little about where the street runs: 800 m.
 */
export function streetEntry(name: string, addresses: AddressPoint[], source: string, licence: string): GazetteerEntry {
  const lat = addresses.reduce((a, p) => a + p.lat, 0) / addresses.length;
  const lng = addresses.reduce((a, p) => a + p.lng, 0) / addresses.length;
  const far = Math.max(...addresses.map((p) => metersBetween({ lat, lng }, p)));
  const radiusMeters = addresses.length === 1 ? 800 : Math.max(400, Math.round((far + 250) / 50) * 50);
  const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
  return {
    kind: 'street',
    name,
    aliases: streetAliases(name),
    lat: r6(lat),
    lng: r6(lng),
    precision: 'STREET',
    source,
    licence,
    radiusMeters,
    addresses,
  };
}

const OSM_LICENCE = 'ODbL 1.0 (© OpenStreetMap contributors)';
const PRG_LICENCE = 'public data of the national registers (PRG/TERYT, GUGiK); credit the publisher';

type Position = number[];
interface GeoFeature {
  geometry: { type: string; coordinates: unknown } | null;
  properties: Record<string, unknown> | null;
}

function positions(geometry: GeoFeature['geometry']): Position[] {
  if (!geometry) return [];
  const out: Position[] = [];
  const walk = (c: unknown) => {
    if (Array.isArray(c) && typeof c[0] === 'number') out.push(c as Position);
    else if (Array.isArray(c)) c.forEach(walk);
  };
  walk(geometry.coordinates);
  return out;
}

function mean(ps: Position[]): { lat: number; lng: number } | undefined {
  if (ps.length === 0) return undefined;
  const lng = ps.reduce((a, p) => a + p[0]!, 0) / ps.length;
  const lat = ps.reduce((a, p) => a + p[1]!, 0) / ps.length;
  return { lat: Math.round(lat * 1e6) / 1e6, lng: Math.round(lng * 1e6) / 1e6 };
}

const LANDMARK_KEYS = ['amenity', 'railway', 'public_transport', 'office', 'tourism', 'historic', 'leisure', 'building'];

export interface ImportedPlaces {
  entries: GazetteerEntry[];
  sourceKey: string;
  sourceNote: string;
  skipped: number;
}

export function placesFromOsmGeoJson(content: string, fileName: string): ImportedPlaces {
  const doc = JSON.parse(content) as { type?: string; features?: GeoFeature[] };
  if (doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) throw new Error('expected a GeoJSON FeatureCollection');
  const groups = new Map<string, { kind: PlaceKind; name: string; points: Position[] }>();
  let skipped = 0;
  for (const f of doc.features) {
    const p = f.properties ?? {};
    const name = typeof p.name === 'string' ? p.name.trim() : '';
    const pts = positions(f.geometry);
    if (!name || pts.length === 0) {
      skipped++;
      continue;
    }
    let kind: PlaceKind | undefined;
    if (['suburb', 'quarter', 'neighbourhood'].includes(String(p.place))) kind = 'district';
    else if (p.highway !== undefined) kind = 'street';
    else if (LANDMARK_KEYS.some((k) => p[k] !== undefined)) kind = 'landmark';
    if (!kind) {
      skipped++;
      continue;
    }
    const cleanName = kind === 'street' ? name.replace(/^(ulica|ul\.|aleja|al\.)\s+/i, '') : name;
    const key = `${kind}|${normalizeText(cleanName)}`;
    const g = groups.get(key) ?? { kind, name: cleanName, points: [] };
    g.points.push(...pts);
    groups.set(key, g);
  }
  const sourceKey = `osm:${fileName}`;
  const precision: Record<PlaceKind, Precision> = { district: 'DISTRICT', street: 'STREET', landmark: 'ADDRESS' };
  const entries = [...groups.values()].map((g): GazetteerEntry => {
    const c = mean(g.points)!;
    // A street's or district's extent is as far as its vertices reach; a landmark is one building or site.
    const far = Math.max(...g.points.map((p) => metersBetween(c, { lat: p[1]!, lng: p[0]! })));
    const radiusMeters = g.kind === 'landmark' ? 100 : Math.max(g.kind === 'district' ? 600 : 150, Math.round((far + 50) / 50) * 50);
    return {
      kind: g.kind,
      name: g.name,
      aliases: g.kind === 'street' ? streetAliases(g.name) : [],
      ...c,
      precision: precision[g.kind],
      source: sourceKey,
      licence: OSM_LICENCE,
      radiusMeters,
    };
  });
  return {
    entries,
    sourceKey,
    sourceNote: `OpenStreetMap extract ${fileName} (© OpenStreetMap contributors, ODbL), imported ${new Date().toISOString().slice(0, 10)}`,
    skipped,
  };
}

export function placesFromAddressCsv(content: string, fileName: string): ImportedPlaces {
  const rows = parseCsv(content);
  const header = (rows[0]?.fields ?? []).map((h) => normalizeText(h));
  const col = (...names: string[]) => header.findIndex((h) => names.includes(h));
  const street = col('ulica', 'street', 'ulic_nazwa', 'nazwa_ulicy');
  const lat = col('lat', 'latitude', 'szerokosc', 'y_wgs84');
  const lng = col('lng', 'lon', 'longitude', 'dlugosc', 'x_wgs84');
  const num = col('numer', 'housenumber', 'number', 'numer_porzadkowy', 'nr');
  if (street < 0 || lat < 0 || lng < 0)
    throw new Error('the address CSV needs street (ulica) and WGS84 lat/lng (szerokosc/dlugosc) columns');
  const groups = new Map<string, { name: string; points: Position[]; numbers: AddressPoint[] }>();
  let skipped = 0;
  for (const r of rows.slice(1)) {
    const name = r.fields[street]?.trim() ?? '';
    const la = Number(r.fields[lat]?.replace(',', '.'));
    const ln = Number(r.fields[lng]?.replace(',', '.'));
    if (!name || !Number.isFinite(la) || !Number.isFinite(ln)) {
      skipped++;
      continue;
    }
    const key = normalizeText(name);
    const g = groups.get(key) ?? { name: name.replace(/^(ul\.|ulica)\s+/i, ''), points: [], numbers: [] };
    g.points.push([ln, la]);
    const n = num >= 0 ? r.fields[num]?.trim().toLowerCase() : '';
    if (n) g.numbers.push({ number: n, lat: la, lng: ln });
    groups.set(key, g);
  }
  const sourceKey = `addresses:${fileName}`;
  const entries = [...groups.values()].map((g): GazetteerEntry => {
    if (g.numbers.length)
      return streetEntry(
        g.name,
        g.numbers.sort((a, b) => (houseValue(a.number) ?? 0) - (houseValue(b.number) ?? 0)),
        sourceKey,
        PRG_LICENCE,
      );
    return {
      kind: 'street',
      name: g.name,
      aliases: streetAliases(g.name),
      ...mean(g.points)!,
      precision: 'STREET' as Precision,
      source: sourceKey,
      licence: PRG_LICENCE,
      radiusMeters: 800,
    };
  });
  return {
    entries,
    sourceKey,
    sourceNote: `Address points ${fileName} (mean of each street's addresses), imported ${new Date().toISOString().slice(0, 10)}`,
    skipped,
  };
}

/** Merges imported places: an entry of the same kind and name is replaced; `replace` drops all older entries of the imported kinds. */
export function mergeGazetteer(
  doc: GazetteerDoc,
  imported: ImportedPlaces,
  replace: boolean,
): { doc: GazetteerDoc; added: number; replaced: number } {
  const kinds = new Set(imported.entries.map((e) => e.kind));
  const key = (e: GazetteerEntry) => `${e.kind}|${normalizeText(e.name)}`;
  const incoming = new Map(imported.entries.map((e) => [key(e), e]));
  let replaced = 0;
  const kept = doc.entries.filter((e) => {
    if (replace && kinds.has(e.kind)) return false;
    const newer = incoming.get(key(e));
    if (newer) {
      newer.aliases = [...new Set([...e.aliases, ...newer.aliases])];
      replaced++;
      return false;
    }
    return true;
  });
  return {
    doc: { ...doc, sources: { ...doc.sources, [imported.sourceKey]: imported.sourceNote }, entries: [...kept, ...imported.entries] },
    added: imported.entries.length - replaced,
    replaced,
  };
}
