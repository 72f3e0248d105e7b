import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { openTestDatabase, testDbKind } from './support/db.js';
import type { Database } from '../prisma/database.js';
import { CATEGORIES, ensureCategories, loadDemoData } from '../prisma/seed/index.js';
import { parseOrganizationFile } from '../bot/import/organizations.js';
import { importOrganizations } from '../bot/import/import-organizations.js';
import { loadCategoryLookup } from '../bot/import/category-lookup.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const OPP_PATH = new URL('../bot/import/data/koszalin_opp_whitelist.csv', import.meta.url);

describe(`import on ${testDbKind}`, () => {
  let db: Database;
  const load = async (name: string, content = fixture(name)) => {
    const parsed = parseOrganizationFile(name, content, await loadCategoryLookup(db.prisma));
    return importOrganizations(db.prisma, parsed, name);
  };
  beforeAll(async () => {
    db = await openTestDatabase();
    await ensureCategories(db.prisma);
  });
  beforeEach(async () => {
    await db.prisma.organization.deleteMany();
  });
  afterAll(async () => db?.close());

  it('categories are ensured at every start: a changed name is put back, an up-to-date set is left untouched', async () => {
    const before = await db.prisma.category.findUniqueOrThrow({ where: { slug: 'sport' } });
    await db.prisma.category.update({ where: { slug: 'sport' }, data: { nameEn: 'Sportz', synonyms: ['x'] } });
    await ensureCategories(db.prisma);
    const after = await db.prisma.category.findUniqueOrThrow({ where: { slug: 'sport' } });
    expect(after).toEqual(before);
    expect(await db.prisma.category.count()).toBe(CATEGORIES.length);
  });

  it('loads the good CSV rows and reports each bad one with its reason', async () => {
    const r = await load('organizations.csv');
    expect(r).toMatchObject({ format: 'csv', created: 3, updated: 0, unchanged: 0, unlocated: 1 });
    expect(r.problems).toEqual([
      { ref: 'line 5', reason: 'no name' },
      { ref: 'line 6', reason: 'coordinates are not numbers (lat "abc", lng "16.17")' },
      { ref: 'line 7', reason: 'coordinates 52.52, 13.4 are outside Poland' },
      { ref: 'line 8', reason: 'coordinates 16.17, 54.19 are outside Poland (lat and lng look swapped)' },
      { ref: 'line 9', reason: 'unknown category "astrologia"' },
    ]);
    const fund = await db.prisma.organization.findFirstOrThrow({
      where: { krs: '0000123456' },
      include: { categories: { include: { category: true } } },
    });
    expect(fund).toMatchObject({
      name: 'Fundacja "Cztery Łapy"',
      lat: 54.201,
      lng: 16.15,
      description: 'Adopcje, wolontariat',
      coordSource: 'import:organizations.csv',
    });
    expect(fund.categories.map((c) => c.category.slug).sort()).toEqual(['ekologia', 'zwierzeta']);
    const klub = await db.prisma.organization.findFirstOrThrow({ where: { name: 'Klub Testowy Seniorów' } });
    expect(klub.website).toBe('https://example.org/klub');
    const unlocated = await db.prisma.organization.findFirstOrThrow({ where: { name: 'Bez Współrzędnych' } });
    expect(unlocated.lat).toBeNull();
  });

  it('changes nothing when the same file is imported again', async () => {
    await load('organizations.csv');
    const before = await db.prisma.organization.findMany({ orderBy: { id: 'asc' }, include: { categories: true } });
    const r = await load('organizations.csv');
    expect(r).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await db.prisma.organization.findMany({ orderBy: { id: 'asc' }, include: { categories: true } })).toEqual(before);
  });

  it('updates a changed row in place (upsert by name and address, or KRS)', async () => {
    await load('organizations.csv');
    const changed = fixture('organizations.csv')
      .replace('+48500000001', '+48500000002')
      .replace('Fundacja ""Cztery Łapy""', 'Fundacja Cztery Łapy');
    const r = await load('organizations.csv', changed);
    expect(r).toMatchObject({ created: 0, updated: 2, unchanged: 1 });
    expect(await db.prisma.organization.count()).toBe(3);
    expect((await db.prisma.organization.findFirstOrThrow({ where: { krs: '0000123456' } })).name).toBe('Fundacja Cztery Łapy');
  });

  it('loads GeoJSON points, keeps features without geometry as unlocated, rejects other shapes', async () => {
    const r = await load('organizations.geojson');
    expect(r).toMatchObject({ format: 'geojson', created: 2, unlocated: 1 });
    expect(r.problems).toEqual([
      { ref: 'feature 3', reason: 'geometry must be a Point, not LineString' },
      { ref: 'feature 4', reason: 'coordinates 54.1, 200 are outside Poland' },
    ]);
    const geo = await db.prisma.organization.findFirstOrThrow({
      where: { name: 'Stowarzyszenie Geo' },
      include: { categories: { include: { category: true } } },
    });
    expect(geo).toMatchObject({ lat: 54.1721, lng: 16.1802 });
    expect(geo.categories[0]?.category.slug).toBe('pomoc-spoleczna');
  });

  it('loads the official OPP list: 40 organisations by KRS, unlocated, idempotent', async () => {
    const content = readFileSync(OPP_PATH, 'utf8');
    const r = await load('koszalin_opp_whitelist.csv', content);
    expect(r).toMatchObject({ format: 'opp', created: 40, unlocated: 40, problems: [] });
    const hospice = await db.prisma.organization.findUniqueOrThrow({ where: { krs: '0000017241' } });
    expect(hospice).toMatchObject({
      name: 'HOSPICJUM IM.ŚW.MAKSYMILIANA KOLBEGO W KOSZALINIE',
      nip: '6692159233',
      city: 'Koszalin',
      lat: null,
      isDemo: false,
    });
    expect(await load('koszalin_opp_whitelist.csv', content)).toMatchObject({ created: 0, updated: 0, unchanged: 40 });
  });

  it('does not erase coordinates when the OPP list (no addresses) is imported after a file that had them', async () => {
    const content = readFileSync(OPP_PATH, 'utf8');
    await load('located.csv', 'name,krs,lat,lng,address\nHospicjum,17241,54.2,16.2,ul. Zdrowa 1\n');
    const r = await load('koszalin_opp_whitelist.csv', content);
    expect(r).toMatchObject({ created: 39, updated: 1, unlocated: 39 });
    expect(await db.prisma.organization.findUniqueOrThrow({ where: { krs: '0000017241' } })).toMatchObject({
      lat: 54.2,
      address: 'ul. Zdrowa 1',
      name: 'HOSPICJUM IM.ŚW.MAKSYMILIANA KOLBEGO W KOSZALINIE',
    });
  });

  it('replaces the demo dataset with real data', async () => {
    await loadDemoData(db.prisma);
    expect(await db.prisma.organization.count({ where: { isDemo: true } })).toBeGreaterThan(0);
    const r = await load('organizations.csv');
    expect(r.demoRemoved).toBeGreaterThan(0);
    expect(await db.prisma.organization.count({ where: { isDemo: true } })).toBe(0);
    expect(await db.prisma.event.count({ where: { isDemo: true } })).toBe(0);
  });

  it('writes nothing when the transaction fails half-way', async () => {
    await loadDemoData(db.prisma);
    const demoCount = await db.prisma.organization.count();
    // The second row violates NOT NULL inside the database: the first row and the demo removal must roll back.
    const parsed = parseOrganizationFile('x.csv', 'name,krs\nA,1\nB,2\n', await loadCategoryLookup(db.prisma));
    (parsed.rows[1] as { name: unknown }).name = null;
    await expect(importOrganizations(db.prisma, parsed, 'x.csv')).rejects.toThrow();
    expect(await db.prisma.organization.count()).toBe(demoCount);
    expect(await db.prisma.organization.count({ where: { name: 'A' } })).toBe(0);
  });

  it('reports a file that is not what it claims', async () => {
    expect((await load('broken.geojson', '{"type": "Feature"')).problems[0]?.reason).toMatch(/not valid JSON/);
    expect((await load('x.csv', 'foo,bar\n1,2\n')).problems[0]?.reason).toMatch(/no "name" column/);
    expect((await load('empty.csv', '')).problems[0]?.reason).toBe('the file is empty');
    expect(await db.prisma.organization.count()).toBe(0);
  });
});
