import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { mergeGazetteer, placesFromAddressCsv, placesFromOsmGeoJson } from '../bot/geo/gazetteer-import.js';
import { Gazetteer, type GazetteerDoc } from '../bot/geo/gazetteer.js';
import { DEFAULT_GAZETTEER } from '../bot/geo/index.js';

const shipped = () => JSON.parse(readFileSync(DEFAULT_GAZETTEER, 'utf8')) as GazetteerDoc;

const OSM = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { name: 'Rokosowo', place: 'suburb' }, geometry: { type: 'Point', coordinates: [16.161, 54.171] } },
    { type: 'Feature', properties: { name: 'Śródmieście', place: 'quarter' }, geometry: { type: 'Point', coordinates: [16.18, 54.19] } },
    {
      type: 'Feature',
      properties: { name: 'Lniana', highway: 'residential' },
      geometry: {
        type: 'LineString',
        coordinates: [
          [16.14, 54.2],
          [16.16, 54.21],
        ],
      },
    },
    {
      type: 'Feature',
      properties: { name: 'Lniana', highway: 'residential' },
      geometry: {
        type: 'LineString',
        coordinates: [
          [16.16, 54.21],
          [16.18, 54.22],
        ],
      },
    },
    {
      type: 'Feature',
      properties: { name: 'Filharmonia', amenity: 'theatre' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [16.18, 54.19],
            [16.182, 54.19],
            [16.182, 54.192],
            [16.18, 54.19],
          ],
        ],
      },
    },
    {
      type: 'Feature',
      properties: { highway: 'service' },
      geometry: {
        type: 'LineString',
        coordinates: [
          [16.1, 54.1],
          [16.2, 54.2],
        ],
      },
    },
    { type: 'Feature', properties: { name: 'Drzewo', natural: 'tree' }, geometry: { type: 'Point', coordinates: [16.1, 54.1] } },
  ],
});

describe('gazetteer import', () => {
  it('reads an OpenStreetMap extract: districts, streets (mean of all segments), landmarks; skips the rest', () => {
    const r = placesFromOsmGeoJson(OSM, 'koszalin.geojson');
    expect(r.skipped).toBe(2);
    // The street's radius reaches its farthest vertex (~1.7 km from the middle of a 3.4 km street).
    expect(r.entries.find((e) => e.name === 'Lniana')).toMatchObject({
      kind: 'street',
      lat: 54.21,
      lng: 16.16,
      precision: 'STREET',
      source: 'osm:koszalin.geojson',
      licence: expect.stringMatching(/ODbL/),
    });
    expect(r.entries.find((e) => e.name === 'Lniana')!.radiusMeters).toBeGreaterThan(1500);
    expect(r.entries.find((e) => e.name === 'Rokosowo')).toMatchObject({ kind: 'district', lat: 54.171 });
    expect(r.entries.find((e) => e.name === 'Filharmonia')?.kind).toBe('landmark');
  });

  it('merges: same kind and name is replaced (aliases kept), new places are added, the source is described', () => {
    const before = shipped();
    const { doc, added, replaced } = mergeGazetteer(before, placesFromOsmGeoJson(OSM, 'koszalin.geojson'), false);
    // Rokosowo, Śródmieście and the Filharmonia (hand-placed in the shipped data) are replaced; Lniana is new.
    expect({ added, replaced }).toEqual({ added: 1, replaced: 3 });
    expect(doc.entries.filter((e) => e.name === 'Filharmonia')).toMatchObject([{ source: 'osm:koszalin.geojson' }]);
    const rok = doc.entries.filter((e) => e.name === 'Rokosowo');
    expect(rok).toHaveLength(1);
    expect(rok[0]).toMatchObject({ source: 'osm:koszalin.geojson', lat: 54.171 });
    expect(doc.entries.find((e) => e.name === 'Śródmieście')!.aliases).toContain('centrum');
    expect(doc.sources['osm:koszalin.geojson']).toMatch(/OpenStreetMap contributors/);
    const g = new Gazetteer(doc, []);
    expect(g.match('na Rokosowie')).toMatchObject({ kind: 'place', entry: { source: 'osm:koszalin.geojson' } });
    expect(g.match('Lniana 4')).toMatchObject({ kind: 'place', houseNumber: '4', entry: { name: 'Lniana' } });
  });

  it('--replace drops older entries of the imported kinds only', () => {
    const { doc } = mergeGazetteer(shipped(), placesFromOsmGeoJson(OSM, 'k.geojson'), true);
    expect(doc.entries.filter((e) => e.kind === 'district').map((e) => e.name)).toEqual(['Rokosowo', 'Śródmieście']);
  });

  it('reads an address-point CSV into one point per street', () => {
    const csv =
      'ulica,numer,szerokosc,dlugosc\nul. Lniana,1,54.2000,16.1500\nul. Lniana,3,54.2020,16.1520\nKrótka,2,54.19,16.17\n,5,54.1,16.1\n';
    const r = placesFromAddressCsv(csv, 'prg.csv');
    expect(r.skipped).toBe(1);
    expect(r.entries.find((e) => e.name === 'Lniana')).toMatchObject({
      lat: 54.201,
      lng: 16.151,
      precision: 'STREET',
      source: 'addresses:prg.csv',
    });
    // House numbers are kept, so a number between them is placed between them.
    expect(r.entries.find((e) => e.name === 'Lniana')!.addresses!.map((a) => a.number)).toEqual(['1', '3']);
    expect(() => placesFromAddressCsv('a,b\n1,2\n', 'x.csv')).toThrow(/needs street/);
  });
});
