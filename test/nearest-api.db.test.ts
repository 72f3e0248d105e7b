import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKind } from './support/db.js';
import { startTestServer } from './support/server.js';
import type { RunningServer } from '../bot/server.js';
import { loadDemoData } from '../prisma/seed/index.js';

describe(`GET /api/organizations/nearest on ${testDbKind}`, () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ PUBLIC_URL: 'https://bot.example.org' });
    await loadDemoData(server.db.prisma);
    await server.db.prisma.organization.create({ data: { dedupeKey: 'x:unlocated', name: 'Bez lokalizacji', active: true } });
  });
  afterAll(async () => server?.stop());
  const get = (q: string) => fetch(`${server.url}/api/organizations/nearest?${q}`);

  it('ranks by distance with the same function as the bot, never listing unlocated organisations', async () => {
    const res = await get('lat=54.1765&lng=16.164&limit=50');
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      results: Array<{ name: string; distanceMeters: number; isDemo: boolean }>;
      total: number;
      insideCity: boolean;
    };
    expect(body.insideCity).toBe(true);
    expect(body.total).toBe(12);
    expect(body.results).toHaveLength(12);
    expect(body.results[0]).toMatchObject({ name: 'Zielony Koszalin (demo)', isDemo: true });
    const d = body.results.map((r) => r.distanceMeters);
    expect([...d].sort((a, b) => a - b)).toEqual(d);
    expect(body.results.map((r) => r.name)).not.toContain('Bez lokalizacji');
    const bot = await server.geo.directory.nearest({ lat: 54.1765, lng: 16.164 }, { limit: 3 });
    expect(body.results.slice(0, 3).map((r) => r.name)).toEqual(bot.results.map((r) => r.organization.name));
  });

  it('filters by category and pages with limit and offset', async () => {
    const body = (await (await get('lat=54.19&lng=16.17&category=seniorzy&limit=1&offset=1')).json()) as {
      results: Array<{ categories: string[] }>;
      total: number;
    };
    expect(body.total).toBe(2);
    expect(body.results).toHaveLength(1);
    expect(body.results[0]!.categories).toContain('seniorzy');
  });

  it.each([
    ['lng=16.17', /lat is required/],
    ['lat=abc&lng=16.17', /lat must be a number/],
    ['lat=54.19&lng=16.17&limit=0', /limit must be a whole number from 1 to 50/],
    ['lat=54.19&lng=16.17&limit=2.5', /limit must be a whole number/],
    ['lat=91&lng=16.17', /lat must be a number from -90 to 90/],
    ['lat=54.19&lng=16.17&category=astrology', /unknown category "astrology"/],
  ])('400 for %s', async (q, msg) => {
    const res = await get(q);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(msg);
  });

  it('an import shows up in the ranking without a restart', async () => {
    await server.db.prisma.organization.create({
      data: { dedupeKey: 'x:new', name: 'Nowa Fundacja', lat: 54.1765, lng: 16.1641, active: true },
    });
    server.geo.directory.invalidate();
    const body = (await (await get('lat=54.1765&lng=16.164&limit=1')).json()) as { results: Array<{ name: string }> };
    expect(body.results[0]!.name).toBe('Nowa Fundacja');
  });
});
