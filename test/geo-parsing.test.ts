import { describe, expect, it } from 'vitest';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { parseCoordinates } from '../bot/geo/coordinates.js';
import { createGeo, DEFAULT_GAZETTEER } from '../bot/geo/index.js';
import { wordScore } from '../bot/geo/text-match.js';
import { findCategory } from '../dialogs/nearest/category-match.js';
import { CATEGORIES } from '../prisma/seed/categories.js';
import { formatDistance } from '../dialogs/nearest/format.js';
import { readFileSync } from 'node:fs';

// createGeo needs a Prisma client only for the directory and categories; parsing uses the files alone.
const geo = createGeo({} as never, { publicUrl: 'https://bot.example.org' });

describe('coordinates in text', () => {
  it.each([
    ['54.1943, 16.1722', 54.1943, 16.1722, 'coordinates'],
    ['54.1943 16.1722', 54.1943, 16.1722, 'coordinates'],
    ['jestem tu: 54.1943,16.1722 pomocy', 54.1943, 16.1722, 'coordinates'],
    ['54,1943 16,1722', 54.1943, 16.1722, 'coordinates'],
    ['54,1943; 16,1722', 54.1943, 16.1722, 'coordinates'],
    ['16.1722, 54.1943', 54.1943, 16.1722, 'coordinates'],
    [`54°11'39"N 16°10'20"E`, 54.194167, 16.172222, 'dms'],
    ['54° 11′ 39″ N, 16° 10′ 20″ E', 54.194167, 16.172222, 'dms'],
    ["54°11.65'N 16°10.33'E", 54.194167, 16.172167, 'dms'],
    ['geo:54.1943,16.1722', 54.1943, 16.1722, 'geo_uri'],
    ['geo:54.1943,16.1722;u=35', 54.1943, 16.1722, 'geo_uri'],
    ['https://maps.google.com/?q=54.1943,16.1722', 54.1943, 16.1722, 'map_link'],
    ['Moja lokalizacja: https://www.google.com/maps?q=54.1943,16.1722&z=17', 54.1943, 16.1722, 'map_link'],
    ['https://www.google.com/maps/@54.1943,16.1722,17z', 54.1943, 16.1722, 'map_link'],
    ['https://www.google.com/maps/place/Ratusz/@54.1898,16.1814,17z/data=!3m1!4b1', 54.1898, 16.1814, 'map_link'],
    ['https://www.google.com/maps/place/X/@54.1,16.1,15z/data=!4m6!3m5!1s0x0!8m2!3d54.1898!4d16.1814', 54.1898, 16.1814, 'map_link'],
    ['https://www.google.com/maps/search/?api=1&query=54.1943%2C16.1722', 54.1943, 16.1722, 'map_link'],
    ['https://maps.apple.com/?ll=54.1943,16.1722&q=Dropped%20Pin', 54.1943, 16.1722, 'map_link'],
    ['https://maps.apple.com/?q=54.1943,16.1722', 54.1943, 16.1722, 'map_link'],
    ['https://www.openstreetmap.org/?mlat=54.1943&mlon=16.1722#map=17/54.1943/16.1722', 54.1943, 16.1722, 'map_link'],
    ['https://www.openstreetmap.org/#map=17/54.1943/16.1722', 54.1943, 16.1722, 'map_link'],
  ])('%s', (text, lat, lng, source) => {
    const r = parseCoordinates(text);
    expect(r?.kind).toBe('point');
    if (r?.kind !== 'point') return;
    expect(r.point.lat).toBeCloseTo(lat, 5);
    expect(r.point.lng).toBeCloseTo(lng, 5);
    expect(r.source).toBe(source);
  });

  it.each(['https://maps.app.goo.gl/AbCdEf123', 'https://goo.gl/maps/xyz', 'https://osm.org/go/0OG~Ab'])(
    'short link %s needs the network',
    (text) => {
      expect(parseCoordinates(text)?.kind).toBe('short_link');
    },
  );

  it.each([
    'Zwycięstwa 117',
    'ZAPISZ 12',
    '12.12 17:30',
    '2026-12-12',
    'pomoc',
    '95.0, 200.0',
    '0.00, 0.00',
    'https://example.org/?q=54.1,16.1',
  ])('"%s" has no coordinates', (text) => {
    expect(parseCoordinates(text)).toBeUndefined();
  });
});

describe('places by name (gazetteer)', () => {
  const place = async (text: string) => geo.resolver.resolveText(text);
  it.each([
    ['Rokosowo', 'Rokosowo', 'district'],
    ['na Rokosowie', 'Rokosowo', 'district'],
    ['w Śródmieściu', 'Śródmieście', 'district'],
    ['w srodmiesciu', 'Śródmieście', 'district'],
    ['centrum', 'Śródmieście', 'district'],
    ['osiedle Tysiąclecia', 'Tysiąclecia', 'district'],
    ['na Skarpie', 'Na Skarpie', 'district'],
    ['we Wspólnym Domu', 'Wspólny Dom', 'district'],
    ['Lubjatowo', 'Lubiatowo', 'district'],
    ['zwyciestwa', 'ul. Zwycięstwa', 'street'],
    ['Zwycięstwa 120', 'ul. Zwycięstwa 120', 'interpolated'],
    ['dworzec', 'Dworzec PKP', 'landmark'],
    ['dworzec autobusowy', 'Dworzec autobusowy', 'landmark'],
    ['szpital', 'Szpital Wojewódzki', 'landmark'],
    ['ratusz', 'Ratusz', 'landmark'],
    ['university', 'Politechnika Koszalińska', 'landmark'],
    ['Politechnika', 'Politechnika Koszalińska', 'landmark'],
  ])('%s → %s (%s, approximate, with a radius)', async (text, label, evidence) => {
    const r = await place(text);
    expect(r).toMatchObject({ kind: 'point', label, approximate: true, insideCity: true, via: 'gazetteer', evidence });
    if (r.kind === 'point') expect(r.radiusMeters).toBeGreaterThan(50);
  });

  it.each([
    ['ul. Zwycięstwa 117', 'ul. Zwycięstwa 117'],
    ['Zwyciestwa 117', 'ul. Zwycięstwa 117'],
  ])('a known address point is exact: %s', async (text, label) => {
    expect(await place(text)).toMatchObject({
      kind: 'point',
      label,
      approximate: false,
      evidence: 'address',
      radiusMeters: 30,
      point: { lat: 54.19056, lng: 16.19177 },
    });
  });

  it('a street only hand-placed (no real source) is not answered with a point: the dialog asks', async () => {
    expect(await place('ulica Monte Cassino 12/4')).toMatchObject({ kind: 'vague', label: 'ul. Monte Cassino 12/4', radiusMeters: 2500 });
  });

  it('a name that is both a street and a district is a choice, unless a house number settles it', async () => {
    const r = await place('Władysława IV');
    expect(r.kind).toBe('ambiguous');
    if (r.kind === 'ambiguous') expect(r.options.map((o) => o.label).sort()).toEqual(['os. Władysława IV', 'ul. Władysława IV']);
    expect(await place('Władysława IV 12')).toMatchObject({ kind: 'point', label: 'ul. Władysława IV 12' });
  });

  it.each([
    [
      '75-011',
      {
        kind: 'point',
        via: 'postcode',
        precision: 'POSTCODE',
        label: '75-011',
        evidence: 'postcode',
        point: { lat: 54.1899, lng: 16.1853 },
      },
    ],
    ['75 011', { kind: 'point', via: 'postcode' }],
    ['75-999', { kind: 'postcode_unknown', code: '75-999' }],
    ['00-950', { kind: 'postcode_elsewhere', code: '00-950' }],
  ])('postcode %s', async (text, expected) => {
    expect(await place(text)).toMatchObject(expected);
  });

  it.each(['Marszałkowska', 'xyz', 'kot', 'poproszę o pomoc'])('"%s" is not a known place', async (text) => {
    expect((await place(text)).kind).toBe('unknown');
  });

  it('a pin outside Koszalin is said to be outside', () => {
    expect(geo.resolver.resolvePoint({ lat: 54.1943, lng: 16.1722 }).insideCity).toBe(true);
    expect(geo.resolver.resolvePoint({ lat: 54.3, lng: 16.0 }).insideCity).toBe(false);
  });

  it('word matching: inflection, typos, and not too loose', () => {
    expect(wordScore('rokosowie', 'rokosowo')).toBe(0.9);
    expect(wordScore('lubjatowo', 'lubiatowo')).toBe(0.75);
    expect(wordScore('morze', 'morskie')).toBe(0);
    expect(wordScore('kot', 'kotarbinskiego')).toBe(0);
  });
});

describe('gazetteer data', () => {
  const doc = JSON.parse(readFileSync(DEFAULT_GAZETTEER, 'utf8'));
  const boundary = JSON.parse(readFileSync(new URL('../bot/geo/data/koszalin_gmina_boundary_zbychuk.geojson', import.meta.url), 'utf8'))
    .features[0];
  it('every entry names a described source, a licence, a precision and a radius, and lies inside the city (lakes at its edge within 5 km)', () => {
    for (const e of doc.entries) {
      expect(doc.sources[e.source], e.name).toBeTruthy();
      expect(e.licence, e.name).toBeTruthy();
      expect(e.radiusMeters, e.name).toBeGreaterThan(0);
      expect(['EXACT', 'ADDRESS', 'STREET', 'DISTRICT', 'POSTCODE', 'CITY']).toContain(e.precision);
      if (e.name === 'Jezioro Jamno') expect(geo.boundary.distanceToEdge(e)).toBeLessThan(5000);
      else expect(geo.resolver.inside(e) || booleanPointInPolygon([e.lng, e.lat], boundary), e.name).toBe(true);
    }
  });
  it('knows every code of the official 2024 list (485) and every code GeoNames places in Koszalin (482 points)', () => {
    const official = readFileSync(new URL('../bot/geo/data/koszalin_postcodes_pna2024.csv', import.meta.url), 'utf8')
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[4]?.trim())
      .filter(Boolean);
    expect(new Set(official).size).toBe(485);
    for (const c of official) expect(geo.gazetteer.postcodes.has(c!)).toBe(true);
    expect(Object.keys(doc.postcodes).length).toBe(482);
  });
});

describe('categories in text', () => {
  const cats = CATEGORIES.map((c, i) => ({ ...c, id: i + 1 }));
  it.each([
    ['seniorzy', 'seniorzy', ''],
    ['dla seniorów', 'seniorzy', ''],
    ['starsi', 'seniorzy', ''],
    ['Zwycięstwa 117 seniorzy', 'seniorzy', 'zwyciestwa 117'],
    ['sport na Rokosowie', 'sport', 'na rokosowie'],
    ['zwierzęta', 'zwierzeta', ''],
    ['ekologia', 'ekologia', ''],
    ['dzieci', 'dzieci-mlodziez', ''],
    ['pomoc', 'pomoc-spoleczna', ''],
    ['animals near the station', 'zwierzeta', 'near the station'],
    ['тварини', 'zwierzeta', ''],
  ])('%s → %s', (text, slug, rest) => {
    const hit = findCategory(text, cats);
    expect(hit?.category.slug).toBe(slug);
    expect(hit?.rest).toBe(rest);
  });
  it('"people" and "help me" in English do not pick a category by accident', () => {
    expect(findCategory('people', cats)).toBeUndefined();
  });
});

describe('distance format', () => {
  it.each([
    [4, 'pl', '10 m'],
    [354, 'pl', '350 m'],
    [994, 'pl', '990 m'],
    [1234, 'pl', '1,2 km'],
    [1234, 'en', '1.2 km'],
    [12_345, 'uk', '12 km'],
  ] as const)('%d m (%s) → %s', (m, l, s) => {
    expect(formatDistance(m, l)).toBe(s);
  });
});
