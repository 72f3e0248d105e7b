/**
 * Builds the shipped gazetteer (data/gazetteer.koszalin.json) from the committed sources in data/sources/: real
 * address points (RSPO via OSM Polska), GeoNames postcode points and places, the PLRailMap station, Wikipedia's
 * Osiedle Morskie, any OpenStreetMap extract or PRG/TERYT address-point CSV put in data/sources/imports/, and the
 * hand-placed points, which stay only where no real source places the same thing. Pure and deterministic: the
 * same sources give the same bytes (no dates, sorted output, rounded coordinates), so a test can rebuild it in
 * memory and compare with the shipped file.
 *
 *   const doc = buildGazetteer(readBuildSources());
 *   writeFileSync(DEFAULT_GAZETTEER, serializeGazetteer(doc));
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { normalizeText } from '../../dialogs/text.js';
import { parseCsv } from '../import/csv.js';
import { placeHouseNumber, houseValue, type AddressPoint } from './address-points.js';
import type { GazetteerDoc, GazetteerEntry, PlaceKind, PostcodePoint, Precision } from './gazetteer.js';
import { streetAliases } from './street-names.js';
import { mergeGazetteer, placesFromAddressCsv, placesFromOsmGeoJson, streetEntry } from './gazetteer-import.js';

export interface BuildSources {
  /** hand-placed.koszalin.json */
  handPlaced: string;
  /** koszalin_address_points_rspo.csv (street, housenumber, postcode, lat, lng, …) */
  addressPoints: string;
  /** koszalin_postcode_points_geonames.csv */
  postcodePoints: string;
  /** koszalin_places.csv */
  places: string;
  /** OpenStreetMap extracts (.geojson) and PRG/TERYT address-point CSVs, by file name. */
  imports: Array<{ name: string; content: string }>;
}

export const SOURCES = {
  rspo: 'Address points of schools and other education institutions from the RSPO register (Ministry of Education), prepared by OSM Polska (openstreetmap-polska/dane-rspo, commit 1e87cd69, 2022-03). A street is the centre of its known addresses; house numbers are placed from them.',
  'geonames-postcodes':
    'GeoNames postal codes (via zauberware/postal-codes-json-xml-csv, commit a6e8df1), CC BY 4.0: one point per postcode, the centre of the few street segments it covers (median 100 m from the real address points of the same code; 82% within 500 m).',
  'geonames-places':
    'GeoNames Poland dump 2024-06-19 (via AntoniZap/metro_city), CC BY 4.0: former villages that are now districts, lakes, hills, the nature reserve. Village points are the old village centres.',
  plrailmap: 'PLRailMap (MKuranowski/PLRailMap, plrailmap.osm, commit 332b1cc), CC0 1.0: railway stations.',
  wikipedia: 'pl.wikipedia "Osiedle Morskie (Koszalin)", infobox coordinates, CC BY-SA 4.0.',
  'address-derived':
    'A place with a published street address (or postcode), placed by resolving that address against the real address and postcode points above; the address itself is hand-entered (hand-placed.koszalin.json, `placeBy`).',
  'approx-hand':
    'APPROXIMATE. Hand-placed from general knowledge of the city, not an official register; kept only where no real source places the same thing. Measured against real address points, such street points were off by 0.3-3 km, so a hand-placed street alone is not trusted to place anyone.',
} as const;

const LICENCE = {
  rspo: 'RSPO (public register) via OSM Polska; no licence stated: credit "RSPO via OSM Polska"',
  geonames: 'CC BY 4.0 (GeoNames)',
  plrailmap: 'CC0 1.0 (PLRailMap)',
  wikipedia: 'CC BY-SA 4.0 (Wikipedia)',
  hand: 'project data (hand-placed)',
};

/** How far a hand-placed point may be from the truth, by kind (see SOURCES['approx-hand']). */
const HAND_RADIUS: Record<PlaceKind, number> = { district: 1200, landmark: 1000, street: 2500 };

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const key = (s: string) => normalizeText(s);

interface HandEntry {
  kind: PlaceKind;
  name: string;
  aliases: string[];
  lat: number;
  lng: number;
  precision: Precision;
  placeBy?: { address?: { street: string; number: string }; postcode?: string; why: string };
  /** A place residents name that no source places: a radius wide enough that the bot asks instead of answering. */
  radiusMeters?: number;
  note?: string;
}

function rows(csv: string): Array<Record<string, string>> {
  const r = parseCsv(csv);
  const header = r[0]?.fields.map((h) => h.trim()) ?? [];
  return r.slice(1).map((x) => Object.fromEntries(header.map((h, i) => [h, x.fields[i]?.trim() ?? ''])));
}

/** Streets from address points: every distinct address (duplicates averaged), the centre and the extent. */
export function streetsFromAddressPoints(csv: string): GazetteerEntry[] {
  const byStreet = new Map<string, { name: string; byNumber: Map<string, Array<{ lat: number; lng: number; postcode: string }>> }>();
  for (const r of rows(csv)) {
    const name = r.street ?? '';
    const lat = Number(r.lat);
    const lng = Number(r.lng);
    if (!name || !r.housenumber || !Number.isFinite(lat) || !Number.isFinite(lng)) continue;
    const s = byStreet.get(key(name)) ?? { name, byNumber: new Map() };
    const n = r.housenumber.toLowerCase();
    const list = s.byNumber.get(n) ?? [];
    list.push({ lat, lng, postcode: r.postcode ?? '' });
    s.byNumber.set(n, list);
    byStreet.set(key(name), s);
  }
  return [...byStreet.values()].map((s) => {
    const addresses: AddressPoint[] = [...s.byNumber.entries()].map(([number, ps]) => ({
      number,
      lat: round6(ps.reduce((a, p) => a + p.lat, 0) / ps.length),
      lng: round6(ps.reduce((a, p) => a + p.lng, 0) / ps.length),
      ...(ps[0]!.postcode ? { postcode: ps[0]!.postcode } : {}),
    }));
    addresses.sort(
      (a, b) => (houseValue(a.number) ?? 0) - (houseValue(b.number) ?? 0) || (a.number < b.number ? -1 : a.number > b.number ? 1 : 0),
    );
    return streetEntry(s.name, addresses, 'rspo', LICENCE.rspo);
  });
}

/** Named places from koszalin_places.csv that people use as "where I am". */
export function placesFromPlacesCsv(csv: string): { entries: GazetteerEntry[]; city?: GazetteerDoc['city'] } {
  const entries: GazetteerEntry[] = [];
  let city: GazetteerDoc['city'] | undefined;
  for (const r of rows(csv)) {
    const lat = round6(Number(r.lat));
    const lng = round6(Number(r.lng));
    const alt =
      /alt names: (.*)$/
        .exec(r.note ?? '')?.[1]
        ?.split(',')
        .map((a) => a.trim())
        .filter(Boolean) ?? [];
    const geonames = { source: 'geonames-places', licence: LICENCE.geonames };
    const add = (kind: PlaceKind, name: string, aliases: string[], radiusMeters: number, precision: Precision, src = geonames) =>
      entries.push({
        kind,
        name,
        aliases: [...new Set(aliases.map(key))].filter((a) => a !== key(name)).sort(),
        lat,
        lng,
        precision,
        ...src,
        radiusMeters,
      });
    if (r.kind === 'city') city = { name: r.name!, lat, lng, precision: 'CITY', source: 'geonames-places' };
    else if (r.kind?.startsWith('district (former village')) add('district', r.name!, alt, 1000, 'DISTRICT');
    else if (r.kind === 'district (osiedle)')
      add('district', r.name!.replace(/^Osiedle\s+/, ''), [r.name!], 600, 'DISTRICT', { source: 'wikipedia', licence: LICENCE.wikipedia });
    else if (r.kind === 'railway:station' && r.name === 'Koszalin')
      add('landmark', 'Dworzec PKP', ['dworzec kolejowy', 'stacja koszalin'], 150, 'ADDRESS', {
        source: 'plrailmap',
        licence: LICENCE.plrailmap,
      });
    else if (r.kind === 'hills' && r.name === 'Gołogóra')
      add('landmark', 'Góra Chełmska', ['gologora', 'gora chelmska', 'chelmska', 'gollenberg'], 1500, 'DISTRICT');
    else if (r.kind === 'nature reserve')
      add('landmark', 'Wąwozy Grabowe', ['wawozy grabowe', 'wawozy', 'rezerwat wawozy grabowe'], 700, 'STREET');
    // A lake's alternative names that are only the village's name ("Lubiatowo") would take the district's name.
    else if (r.kind === 'lake')
      add(
        'landmark',
        r.name!,
        [...alt.filter((a) => /jezioro|see|lake/i.test(a)), r.name === 'Jezioro Jamno' ? 'nad jamnem' : 'jezioro lubiatowskie'],
        r.name === 'Jezioro Jamno' ? 2000 : 1200,
        'DISTRICT',
      );
  }
  return { entries, city };
}

/** Postcode points: each Koszalin code its own point; rows GeoNames files under Koszalin but outside it name villages. */
export function postcodesFromGeoNames(csv: string): Record<string, PostcodePoint> {
  const out: Record<string, PostcodePoint> = {};
  const villages = new Map<string, string[]>();
  for (const r of rows(csv)) {
    const code = r.postcode!;
    if (r.in_city_boundary === 'true')
      out[code] = {
        lat: round6(Number(r.lat)),
        lng: round6(Number(r.lng)),
        radiusMeters: 500,
        source: 'geonames-postcodes',
        licence: LICENCE.geonames,
      };
    else villages.set(code, [...(villages.get(code) ?? []), r.place!]);
  }
  for (const [code, names] of villages) if (out[code]) out[code]!.villages = names.sort();
  return Object.fromEntries(
    Object.keys(out)
      .sort()
      .map((c) => [c, out[c]!]),
  );
}

const allNames = (e: { name: string; aliases: string[] }) => new Set([key(e.name), ...e.aliases.map(key)]);

/** Does this real entry place the same thing as the hand-placed one? Same kind, and one's name is the other's name or alias. */
function samePlace(real: GazetteerEntry, hand: HandEntry): boolean {
  if (real.kind !== hand.kind) return false;
  const r = allNames(real);
  return r.has(key(hand.name)) || allNames(hand).has(key(real.name));
}

export function buildGazetteer(src: BuildSources): GazetteerDoc {
  const hand = (JSON.parse(src.handPlaced) as { entries: HandEntry[] }).entries;
  const places = placesFromPlacesCsv(src.places);
  let doc: GazetteerDoc = {
    about:
      'Places in Koszalin that residents name in messages. Generated by `npm run gazetteer:build` from bot/geo/data/sources/ (see SOURCES.md there): do not edit by hand.',
    sources: { ...SOURCES },
    city: places.city ?? { name: 'Koszalin', lat: 54.19438, lng: 16.17222, precision: 'CITY', source: 'geonames-places' },
    entries: [...streetsFromAddressPoints(src.addressPoints), ...places.entries],
    postcodes: postcodesFromGeoNames(src.postcodePoints),
  };
  // Official or open extracts a city adds (the gazetteer:import formats): an imported place replaces the same kind and name.
  for (const f of [...src.imports].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const imported = ['.json', '.geojson'].includes(extname(f.name).toLowerCase())
      ? placesFromOsmGeoJson(f.content, f.name)
      : placesFromAddressCsv(f.content, f.name);
    imported.sourceNote = imported.sourceNote.replace(/, imported \d{4}-\d{2}-\d{2}$/, '');
    doc = mergeGazetteer(doc, imported, false).doc;
  }
  const real = doc.entries;
  // Hand-placed entries: a real point always wins (its aliases are kept); a published address is resolved; the rest stay, marked.
  for (const h of hand) {
    const twins = real.filter((r) => samePlace(r, h));
    // The real point wins. Its twin of the same name keeps the hand-placed aliases ("Jamno-Łabusz", split in two real villages, gives none).
    for (const twin of twins.filter((r) => allNames(r).has(key(h.name))))
      twin.aliases = [...new Set([...twin.aliases, ...h.aliases.map(key), key(h.name)])].filter((a) => a !== key(twin.name)).sort();
    if (twins.length) continue;
    const base = {
      kind: h.kind,
      name: h.name,
      aliases: [...new Set([...h.aliases.map(key), ...(h.kind === 'street' ? streetAliases(h.name) : [])])]
        .filter((a) => a !== key(h.name))
        .sort(),
    };
    const derived = h.placeBy && placeByAddress(h.placeBy, real, doc.postcodes ?? {});
    if (derived) {
      real.push({ ...base, ...derived, precision: 'ADDRESS', source: 'address-derived', derivedFrom: h.placeBy!.why });
      continue;
    }
    real.push({
      ...base,
      lat: h.lat,
      lng: h.lng,
      precision: h.precision,
      source: 'approx-hand',
      licence: LICENCE.hand,
      radiusMeters: h.radiusMeters ?? HAND_RADIUS[h.kind],
      handPlaced: true,
    });
  }
  const kindOrder: Record<PlaceKind, number> = { district: 0, landmark: 1, street: 2 };
  real.sort((a, b) => kindOrder[a.kind] - kindOrder[b.kind] || (key(a.name) < key(b.name) ? -1 : key(a.name) > key(b.name) ? 1 : 0));
  doc.sources = Object.fromEntries(
    Object.keys(doc.sources)
      .sort()
      .map((k) => [k, doc.sources[k]!]),
  );
  return { ...doc, entries: real };
}

function placeByAddress(
  by: NonNullable<HandEntry['placeBy']>,
  streets: GazetteerEntry[],
  postcodes: Record<string, PostcodePoint>,
): Pick<GazetteerEntry, 'lat' | 'lng' | 'radiusMeters' | 'licence'> | undefined {
  if (by.address) {
    const s = streets.find((e) => e.kind === 'street' && allNames(e).has(key(by.address!.street)));
    if (s?.addresses?.length) {
      const p = placeHouseNumber(s.addresses, by.address.number, {
        point: { lat: s.lat, lng: s.lng },
        radiusMeters: s.radiusMeters ?? 800,
      });
      if (p.evidence !== 'street')
        return {
          lat: round6(p.point.lat),
          lng: round6(p.point.lng),
          radiusMeters: Math.max(150, Math.round(p.radiusMeters / 50) * 50),
          licence: s.licence,
        };
    }
  }
  const pc = by.postcode ? postcodes[by.postcode] : undefined;
  return pc ? { lat: pc.lat, lng: pc.lng, radiusMeters: 300, licence: pc.licence } : undefined;
}

/** The bytes of the shipped file. */
export function serializeGazetteer(doc: GazetteerDoc): string {
  return `${JSON.stringify(doc, null, 1)}\n`;
}

/** Reads the committed sources (and any extracts in imports/) from `dir` (bot/geo/data/sources). */
export function readBuildSources(dir: string): BuildSources {
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  let importFiles: string[] = [];
  try {
    importFiles = readdirSync(join(dir, 'imports'))
      .filter((f) => /\.(geojson|json|csv)$/i.test(f))
      .sort();
  } catch {
    importFiles = [];
  }
  return {
    handPlaced: read('hand-placed.koszalin.json'),
    addressPoints: read('koszalin_address_points_rspo.csv'),
    postcodePoints: read('koszalin_postcode_points_geonames.csv'),
    places: read('koszalin_places.csv'),
    imports: importFiles.map((name) => ({ name, content: readFileSync(join(dir, 'imports', name), 'utf8') })),
  };
}
