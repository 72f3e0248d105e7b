/**
 * Real geography (issue 15): the shipped gazetteer is exactly what `npm run gazetteer:build` makes from the
 * committed sources; postcodes have their own points; the detailed boundary with its margin; street names in
 * the forms people use (short, inflected, Cyrillic); the place inside a whole sentence, with its span; what a
 * resident reads about precision.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGazetteer, readBuildSources, serializeGazetteer } from '../bot/geo/gazetteer-build.js';
import { createGeo, DEFAULT_GAZETTEER, GEO_DATA_DIR } from '../bot/geo/index.js';
import { placeWithPrecision } from '../dialogs/nearest/format.js';
import { streetAliases } from '../bot/geo/street-names.js';

const geo = createGeo({} as never, { publicUrl: 'https://bot.example.org' });
const r = geo.resolver;

describe('the gazetteer build', () => {
  it('reproduces the shipped file byte for byte from the committed sources (nothing outside the repository at run or test time)', () => {
    const dir = join(GEO_DATA_DIR, 'sources');
    expect(serializeGazetteer(buildGazetteer(readBuildSources(dir)))).toBe(readFileSync(DEFAULT_GAZETTEER, 'utf8'));
    for (const f of readdirSync(join(GEO_DATA_DIR, '..'))) {
      if (f.endsWith('.ts')) expect(readFileSync(join(GEO_DATA_DIR, '..', f), 'utf8'), f).not.toMatch(/\.\.\/shared|shared\/data/);
    }
  });

  it('a real point always wins; hand-placed points remain only where no real source places the thing, marked so', () => {
    const doc = geo.gazetteer.doc;
    const byName = (n: string) => doc.entries.filter((e) => e.name === n);
    expect(byName('Dworzec PKP')).toMatchObject([{ source: 'plrailmap', lat: 54.190395 }]);
    expect(byName('Raduszka')).toMatchObject([{ source: 'geonames-places', lat: 54.15492 }]);
    expect(byName('Lubiatowo')).toMatchObject([{ source: 'geonames-places', lat: 54.16174 }]);
    expect(byName('Orląt Lwowskich')).toMatchObject([{ source: 'rspo', lat: 54.19804 }]);
    expect(byName('Tytusa Chałubińskiego')[0]!.aliases).toContain('chalubinskiego');
    expect(byName('Chałubińskiego')).toEqual([]);
    expect(byName('Politechnika Koszalińska')).toMatchObject([{ source: 'address-derived', lat: 54.20593, lng: 16.19662 }]);
    for (const e of doc.entries) {
      if (e.source === 'approx-hand') expect(e.handPlaced, e.name).toBe(true);
      else expect(e.handPlaced, e.name).toBeUndefined();
    }
  });

  it('each of the 479 Koszalin 75-xxx postcodes resolves to its own point', async () => {
    const codes = Object.keys(geo.gazetteer.doc.postcodes!).filter((c) => c.startsWith('75-'));
    expect(codes).toHaveLength(479);
    for (const code of codes) {
      const p = geo.gazetteer.doc.postcodes![code]!;
      expect(await r.resolveText(code)).toMatchObject({
        kind: 'point',
        via: 'postcode',
        evidence: 'postcode',
        point: { lat: p.lat, lng: p.lng },
      });
    }
  });

  it('a postcode shared with villages next to the city says so', async () => {
    expect(await r.resolveText('75-900')).toMatchObject({ kind: 'point', villages: ['Bonin', 'Kretomino'] });
    expect(await r.resolveText('75-640')).toMatchObject({ kind: 'point', villages: ['Maszkowo'] });
    expect(await r.resolveText('75-011')).not.toHaveProperty('villages', expect.anything());
  });
});

describe('the city boundary (WOF/GUGiK, with a margin for the 2021 enlargement)', () => {
  it('the detailed polygon, plus 1.2 km', () => {
    expect(r.inside({ lat: 54.1943, lng: 16.1722 })).toBe(true);
    // Lubiatowo (GeoNames) lies inside; the seaside Mielno station does not.
    expect(r.inside({ lat: 54.16174, lng: 16.28927 })).toBe(true);
    expect(r.inside({ lat: 54.254182, lng: 16.054191 })).toBe(false);
    // A point just outside the polygon counts (margin); 3 km out does not.
    const edge = { lat: 54.173736, lng: 16.13673 - 0.01 };
    expect(geo.boundary.insidePolygon(edge)).toBe(false);
    expect(geo.boundary.distanceToEdge(edge)).toBeLessThan(1200);
    expect(r.inside(edge)).toBe(true);
    expect(r.inside({ lat: 54.173736, lng: 16.13673 - 0.05 })).toBe(false);
  });
});

describe('street names in the forms people use', () => {
  it('short forms without first names and ranks, acronyms', () => {
    expect(streetAliases('Władysława Andersa')).toEqual(['andersa']);
    expect(streetAliases('Marszałka Józefa Piłsudskiego')).toEqual(['marszalka pilsudskiego', 'pilsudskiego']);
    expect(streetAliases('Bogusława II')).toEqual([]);
    expect(streetAliases('Armii Krajowej')).toEqual(['ak']);
  });

  it.each([
    ['Andersa', 'ul. Władysława Andersa'],
    ['ul. Andersa 10', 'ul. Władysława Andersa 10'],
    ['Piłsudskiego', 'ul. Marszałka Józefa Piłsudskiego'],
    ['gen. Bema 9', 'ul. Generała Józefa Bema 9'],
    ['al. Jana Pawła II', 'ul. Jana Pawła II'],
    ['ulicy Morskiej', 'ul. Morska'],
    ['przy Morskiej', 'ul. Morska'],
    ['Chalubinskiego', 'ul. Tytusa Chałubińskiego'],
    ['Chałubińskigo', 'ul. Tytusa Chałubińskiego'],
    ['вулиця Морська', 'ul. Morska'],
    ['Рокосово', 'Rokosowo'],
    ['біля ратуші', 'Ratusz'],
    ['os. Morskie', 'Morskie'],
    ['na Lechitów', 'Lechitów'],
  ])('%s → %s', async (text, label) => {
    expect(await r.resolveText(text)).toMatchObject({ kind: 'point', label });
  });

  it('"AK" and "Armii Krajowej" are the street, known only by a hand-placed point: asked, not answered', async () => {
    expect(await r.resolveText('AK')).toMatchObject({ kind: 'vague', label: 'ul. Armii Krajowej' });
    expect(await r.resolveText('Armii Krajowej 5')).toMatchObject({ kind: 'vague' });
    // With a postcode, the postcode's own point answers.
    expect(await r.resolveText('Armii Krajowej 5, 75-600')).toMatchObject({
      kind: 'point',
      evidence: 'postcode',
      label: 'ul. Armii Krajowej 5',
    });
  });
});

describe('the place inside a whole sentence (findPlaceInText)', () => {
  it.each([
    ['gdzie jest najbliższa organizacja dla dzieci? jestem przy dworcu', 'Dworzec PKP', 'przy dworcu'],
    ['Szukam pomocy dla seniora na Rokosowie', 'Rokosowo', 'na Rokosowie'],
    ['organizacje dla osób niepełnosprawnych blisko ulicy Morskiej', 'ul. Morska', 'blisko ulicy Morskiej'],
    ['klub seniora os. tysiąclecia', 'Tysiąclecia', 'os. tysiąclecia'],
    ['шукаю допомогу для дітей біля вокзалу', 'Dworzec PKP', 'біля вокзалу'],
    ['near the bus station', 'Dworzec autobusowy', 'near the bus station'],
    ['na Starym Mieście', 'Śródmieście', 'na Starym Mieście'],
    ['sport dla dzieci, Zwycięstwa 117', 'ul. Zwycięstwa 117', 'Zwycięstwa 117'],
    ['pomoc dla rodzin 75-011', '75-011', '75-011'],
  ])('%s → %s [%s]', async (text, label, span) => {
    const hit = await r.findPlaceInText(text);
    expect(hit).toMatchObject({ kind: 'point', label });
    expect(hit.span?.text).toBe(span);
    expect(text.slice(hit.span!.start, hit.span!.end)).toBe(span);
  });

  it('a place known only roughly is found, and says it is vague', async () => {
    const hit = await r.findPlaceInText('w okolicach Kościuszki 12');
    expect(hit).toMatchObject({ kind: 'vague', label: 'ul. Kościuszki 12', span: { text: 'w okolicach Kościuszki 12' } });
  });

  it.each([
    ['gdzie na starówce jest fundacja?', 'Śródmieście', 'na starówce'],
    ['starowka', 'Śródmieście', 'starowka'],
    ['живу на Армії Крайової, що є поруч?', 'ul. Armii Krajowej', 'на Армії Крайової'],
    ['волейбол на Тисячолітті', 'Tysiąclecia', 'на Тисячолітті'],
    ['dzienny dom seniora gniezninska', 'ul. Gnieźnieńska', 'gniezninska'],
    ['mieszkam na gniezninskiej, co jest blisko', 'ul. Gnieźnieńska', 'na gniezninskiej'],
    ['babcia mieszka na Przylesiu', 'Przylesie', 'na Przylesiu'],
    ['Uniwersytet trzeciego wieku - czy jest filia na Lubiatowie?', 'Lubiatowo', 'na Lubiatowie'],
  ])('%s → %s [%s] (forms that were missed or mistaken)', async (text, label, span) => {
    const hit = await r.findPlaceInText(text);
    expect(hit).toMatchObject({ label });
    expect(hit.span?.text).toBe(span);
  });

  it('Kotlina is recognised but has no point of its own: vague, so the bot names it and asks where exactly', async () => {
    for (const text of ['Czy na Kotlinie jest grupa wsparcia?', 'ми живемо на Котліні']) {
      const hit = await r.findPlaceInText(text);
      expect(hit).toMatchObject({ kind: 'vague', label: 'Kotlina' });
      expect(hit.kind === 'vague' && hit.radiusMeters).toBeGreaterThan(2000);
    }
    expect(r.districts().map((d) => d.name)).not.toContain('Kotlina');
  });

  it.each([
    'czy w sobotę jest parkrun?',
    'co w sobote?',
    'my mum is lonely, is there a day centre for elderly people?',
    'Uniwersytet trzeciego wieku',
    'mieszka sama, potrzebuje pomocy',
  ])('"%s" names no place (a day, an institution, a verb)', async (text) => {
    expect(await r.findPlaceInText(text)).toEqual({ kind: 'unknown' });
  });

  it('a place the data does not know is still marked, so the caller can ask ("koło kręgielni")', async () => {
    expect(await r.findPlaceInText('koło kręgielni')).toEqual({ kind: 'unknown', span: { start: 0, end: 14, text: 'koło kręgielni' } });
  });

  it('the philharmonic is a hand-placed landmark, answered as approximate (1 km), in Polish and Ukrainian', async () => {
    for (const text of ['koło filharmonii', 'біля філармонії']) {
      const p = await r.findPlaceInText(text);
      expect(p).toMatchObject({ kind: 'point', label: 'Filharmonia', approximate: true, radiusMeters: 1000 });
    }
  });

  it('Polish "rz" written as "sz" (a Ukrainian spelling, a typo) still finds the place: "на Пшилесю", "na pszylesiu"', async () => {
    for (const text of ['живемо на Пшилесю', 'mieszkam na pszylesiu'])
      expect(await r.findPlaceInText(text)).toMatchObject({ label: 'Przylesie' });
  });

  it('"nie stać mnie" (I cannot afford) is not the railway station', async () => {
    expect(await r.findPlaceInText('potrzebuje pieluch, nie stac mnie w tym miesiacu')).toEqual({ kind: 'unknown' });
  });

  it.each([
    'pomoc',
    'dzieci',
    'sport',
    'klub',
    'organizacja',
    'weekend',
    'help',
    'różne zajęcia w weekend',
    'szukam pomocy dla dzieci',
    'klub sportowy dla seniorów',
    'I need help please',
    'przy okazji zapytam o wolontariat',
  ])('"%s" names no place', async (text) => {
    expect(await r.findPlaceInText(text)).toEqual({ kind: 'unknown' });
  });
});

describe('precision in words a resident understands', () => {
  it.each([
    [30, 'pl', 'ul. Zwycięstwa 117'],
    [200, 'pl', 'ul. Zwycięstwa 120 (ok. 200 m)'],
    [200, 'en', 'ul. Zwycięstwa 120 (about 200 m)'],
    [200, 'uk', 'ul. Zwycięstwa 120 (близько 200 м)'],
    [1200, 'pl', 'okolica ul. Zwycięstwa 120 (ok. 1,2 km)'],
    [1200, 'en', 'around ul. Zwycięstwa 120 (about 1.2 km)'],
    [1200, 'uk', 'околиці ul. Zwycięstwa 120 (близько 1,2 км)'],
  ] as const)('%d m in %s', (m, locale, text) => {
    const label = m === 30 ? 'ul. Zwycięstwa 117' : 'ul. Zwycięstwa 120';
    expect(placeWithPrecision(label, m, true, locale)).toBe(text);
  });
});
