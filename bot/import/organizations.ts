/**
 * Reads organisation files in three formats into validated rows, reporting bad rows with their reasons:
 *  - our documented CSV (README, "Importing organisations"),
 *  - a GeoJSON FeatureCollection of Points,
 *  - the official OPP (1.5% PIT) list: LP,KRS,NIP,Name,Voivodeship,County,Municipality,City.
 */
import { extname } from 'node:path';
import { parseCsv } from './csv.js';

export interface OrganizationRow {
  /** Where the row came from in the file: a CSV line number or a feature index. */
  ref: string;
  name: string;
  krs?: string;
  nip?: string;
  description?: string;
  categories: string[];
  address?: string;
  postcode?: string;
  city?: string;
  lat?: number;
  lng?: number;
  phone?: string;
  email?: string;
  website?: string;
}

export interface RowProblem {
  ref: string;
  reason: string;
}

export interface ParsedFile {
  format: 'csv' | 'geojson' | 'opp';
  rows: OrganizationRow[];
  problems: RowProblem[];
}

export interface CategoryLookup {
  /** Returns the category slug for a word in any language, or undefined. */
  resolve(word: string): string | undefined;
}

/** Poland's bounding box, a little generous at the edges. */
export const POLAND_BBOX = { minLat: 48.9, maxLat: 55.0, minLng: 14.0, maxLng: 24.3 };

export const CSV_COLUMNS = [
  'name',
  'category',
  'description',
  'address',
  'postcode',
  'city',
  'lat',
  'lng',
  'phone',
  'email',
  'website',
  'krs',
  'nip',
] as const;

const OPP_HEADER = ['lp', 'krs', 'nip', 'name', 'voivodeship', 'county', 'municipality', 'city'];

export function parseOrganizationFile(fileName: string, content: string, categories: CategoryLookup): ParsedFile {
  const ext = extname(fileName).toLowerCase();
  if (ext === '.geojson' || ext === '.json' || content.trimStart().startsWith('{')) return parseGeoJson(content, categories);
  const records = parseCsv(content);
  if (records.length === 0) return { format: 'csv', rows: [], problems: [{ ref: 'file', reason: 'the file is empty' }] };
  const header = records[0]!.fields.map((h) => h.trim().toLowerCase());
  if (OPP_HEADER.every((h, i) => header[i] === h)) return parseOpp(records.slice(1));
  return parseOurCsv(header, records.slice(1), categories);
}

function clean(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  const s = String(v)
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return s === '' ? undefined : s;
}

function parseNumber(v: string | number | undefined): number | undefined | 'bad' {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return Number.isFinite(v) ? v : 'bad';
  const s = v.trim().replace(',', '.');
  if (s === '') return undefined;
  if (!/^[+-]?\d+(\.\d+)?$/.test(s)) return 'bad';
  return Number(s);
}

/** Validates and normalises a raw row; returns the row or the reasons it is bad. */
export function validateRow(ref: string, raw: Record<string, unknown>, categories: CategoryLookup | null): OrganizationRow | RowProblem[] {
  const problems: string[] = [];
  const name = clean(raw.name);
  if (!name) problems.push('no name');
  const lat = parseNumber(clean(raw.lat) ?? (typeof raw.lat === 'number' ? raw.lat : undefined));
  const lng = parseNumber(clean(raw.lng) ?? (typeof raw.lng === 'number' ? raw.lng : undefined));
  if (lat === 'bad' || lng === 'bad')
    problems.push(`coordinates are not numbers (lat "${clean(raw.lat) ?? ''}", lng "${clean(raw.lng) ?? ''}")`);
  else if ((lat === undefined) !== (lng === undefined)) problems.push('only one of lat and lng is given');
  else if (lat !== undefined && lng !== undefined) {
    const b = POLAND_BBOX;
    if (lat < b.minLat || lat > b.maxLat || lng < b.minLng || lng > b.maxLng) {
      const swapped = lng >= b.minLat && lng <= b.maxLat && lat >= b.minLng && lat <= b.maxLng;
      problems.push(`coordinates ${lat}, ${lng} are outside Poland${swapped ? ' (lat and lng look swapped)' : ''}`);
    }
  }
  const catWords = (Array.isArray(raw.category) ? raw.category.map(String) : (clean(raw.category) ?? '').split(/[|,;]/))
    .map((c) => c.trim())
    .filter(Boolean);
  const slugs: string[] = [];
  for (const w of catWords) {
    const slug = categories?.resolve(w);
    if (!slug) problems.push(`unknown category "${w}"`);
    else if (!slugs.includes(slug)) slugs.push(slug);
  }
  let krs = clean(raw.krs)?.replace(/\D/g, '');
  if (krs !== undefined) {
    if (krs.length === 0 || krs.length > 10) problems.push(`KRS "${clean(raw.krs)}" is not a KRS number (up to 10 digits)`);
    krs = krs.padStart(10, '0');
  }
  const nip = clean(raw.nip)?.replace(/[\s-]/g, '');
  if (nip !== undefined && !/^\d{10}$/.test(nip)) problems.push(`NIP "${clean(raw.nip)}" must have 10 digits`);
  const email = clean(raw.email);
  if (email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) problems.push(`e-mail "${email}" is not an address`);
  let website = clean(raw.website);
  if (website && !/^https?:\/\//i.test(website)) website = `https://${website}`;
  const phone = clean(raw.phone);
  if (problems.length) return problems.map((reason) => ({ ref, reason }));
  return {
    ref,
    name: name!,
    krs,
    nip,
    description: clean(raw.description),
    categories: slugs,
    address: clean(raw.address),
    postcode: clean(raw.postcode),
    city: clean(raw.city),
    lat: lat as number | undefined,
    lng: lng as number | undefined,
    phone,
    email,
    website,
  };
}

function collect(parsed: Array<OrganizationRow | RowProblem[]>, format: ParsedFile['format']): ParsedFile {
  const rows: OrganizationRow[] = [];
  const problems: RowProblem[] = [];
  for (const p of parsed) Array.isArray(p) ? problems.push(...p) : rows.push(p);
  return { format, rows, problems };
}

function parseOurCsv(header: string[], records: ReturnType<typeof parseCsv>, categories: CategoryLookup): ParsedFile {
  const aliases: Record<string, string> = {
    latitude: 'lat',
    longitude: 'lng',
    lon: 'lng',
    categories: 'category',
    nazwa: 'name',
    kategoria: 'category',
    adres: 'address',
    kod: 'postcode',
    miasto: 'city',
    telefon: 'phone',
    www: 'website',
    opis: 'description',
  };
  const cols = header.map((h) => aliases[h] ?? h);
  if (!cols.includes('name')) {
    return {
      format: 'csv',
      rows: [],
      problems: [{ ref: 'line 1', reason: `the header has no "name" column; expected columns: ${CSV_COLUMNS.join(',')}` }],
    };
  }
  return collect(
    records.map((r) => {
      const raw: Record<string, string> = {};
      for (const [i, c] of cols.entries()) raw[c] = r.fields[i] ?? '';
      return validateRow(`line ${r.line}`, raw, categories);
    }),
    'csv',
  );
}

function parseOpp(records: ReturnType<typeof parseCsv>): ParsedFile {
  return collect(
    records.map((r) => {
      const [, krs, nip, name, , , , city] = r.fields;
      const cityName = clean(city);
      return validateRow(`line ${r.line}`, { name, krs, nip, city: cityName && cityName[0] + cityName.slice(1).toLowerCase() }, null);
    }),
    'opp',
  );
}

function parseGeoJson(content: string, categories: CategoryLookup): ParsedFile {
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch (err) {
    return { format: 'geojson', rows: [], problems: [{ ref: 'file', reason: `not valid JSON: ${(err as Error).message}` }] };
  }
  const fc = doc as { type?: string; features?: unknown[] };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    return { format: 'geojson', rows: [], problems: [{ ref: 'file', reason: 'expected a GeoJSON FeatureCollection' }] };
  }
  return collect(
    fc.features.map((f, i) => {
      const ref = `feature ${i + 1}`;
      const feat = f as { properties?: Record<string, unknown>; geometry?: { type?: string; coordinates?: unknown } | null };
      const props = { ...(feat?.properties ?? {}) };
      if (feat?.geometry) {
        if (feat.geometry.type !== 'Point' || !Array.isArray(feat.geometry.coordinates))
          return [{ ref, reason: `geometry must be a Point, not ${feat.geometry.type}` }];
        const [lng, lat] = feat.geometry.coordinates as unknown[];
        props.lat = typeof lat === 'number' ? lat : String(lat);
        props.lng = typeof lng === 'number' ? lng : String(lng);
      }
      props.category ??= props.categories;
      return validateRow(ref, props, categories);
    }),
    'geojson',
  );
}
