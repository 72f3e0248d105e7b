/**
 * The public map in headless Debian Chromium (playwright-core): markers equal the API, filters, near me with an
 * emulated position, ?org= opens its popup, embed mode, refused geolocation, page weight and ETags, screenshots
 * at phone and desktop size (written to test-artifacts/). Tiles point at a closed local port: the page must stay
 * useful without them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { request } from 'node:http';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from './support/browser.js';
import { startTestServer } from './support/server.js';
import { ensureCategories, loadDemoData } from '../prisma/seed/index.js';
import type { RunningServer } from '../bot/server.js';

const TILE_HOST = 'http://127.0.0.1:9';
const ARTIFACTS = new URL('../test-artifacts/', import.meta.url).pathname;
const runIt = chromiumAvailable() || process.env.CI ? describe : describe.skip; // CI installs chromium; a laptop without it skips, saying so

if (!chromiumAvailable()) console.warn('*** Browser tests SKIPPED: /usr/bin/chromium not found (apt-get install -y chromium). ***');

runIt('public map in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTestServer({ MAP_TILE_URL: `${TILE_HOST}/{z}/{x}/{y}.png`, TELEGRAM_BOT_USERNAME: 'KoszalinNgoBot' });
    await ensureCategories(server.db.prisma);
    await loadDemoData(server.db.prisma);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function open(path: string, ctxOpts: Parameters<Browser['newContext']>[0] = {}): Promise<{ page: Page; ctx: BrowserContext }> {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'pl-PL', ...ctxOpts });
    const page = await ctx.newPage();
    page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error' && !m.location().url.startsWith(TILE_HOST)) consoleErrors.push(`${m.text()} @ ${m.location().url}`);
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    await visit(page, path);
    return { page, ctx };
  }
  async function visit(page: Page, path: string) {
    await page.goto(server.url + path);
    await page.waitForSelector('body[data-loaded="true"]');
  }

  /**
   * The tests that need no more than a viewport size share one page of a context in Polish (the default one: no
   * permissions), loaded anew for each: a new context cost 1.5–2 s each (a renderer process, and leaflet fetched and
   * compiled again with an empty cache). It is closed with the browser.
   */
  let shared: Page | undefined;
  async function openShared(path: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
    if (!shared) shared = (await open(path, { viewport })).page;
    else {
      await shared.setViewportSize(viewport);
      await visit(shared, path);
    }
    return shared;
  }

  const apiCount = async (q = '') =>
    ((await (await fetch(`${server.url}/api/organizations${q}`)).json()) as { features: unknown[] }).features.length;

  it('loads with no console errors except blocked tiles; markers equal the API; says tiles are missing', async () => {
    const page = await openShared('/map');
    const total = await apiCount();
    expect(total).toBe(12);
    expect(await page.getAttribute('body', 'data-markers')).toBe(String(total));
    expect(await page.locator('#org-list li').count()).toBe(total);
    await page.waitForFunction(() => document.getElementById('status')!.textContent!.includes('Podkład mapy nie wczytał się'));
    expect(await page.locator('html').getAttribute('lang')).toBe('pl');
    expect(await page.locator('#demo-note').isVisible()).toBe(true);
    expect(await page.locator('#org-list .badge').first().textContent()).toBe('DEMO');
    expect(consoleErrors).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}map-desktop.png` });
  });

  it('a category filter changes the markers and the URL; search by name narrows the list', async () => {
    const page = await openShared('/map?lang=en');
    await page.selectOption('#category', 'seniorzy');
    expect(await page.getAttribute('body', 'data-markers')).toBe(String(await apiCount('?category=seniorzy')));
    expect(page.url()).toContain('category=seniorzy');
    await page.selectOption('#category', '');
    await page.fill('#search', 'zwierz');
    expect(await page.locator('#org-list li').count()).toBe(1);
    expect(await page.locator('#org-list li button').textContent()).toBe('Fundacja Przyjaciele Zwierząt (demo)');
    await page.fill('#search', 'nothing like this');
    expect(await page.locator('#org-list li').textContent()).toBe('No organisations match these filters.');
  });

  it('"near me" with an emulated position orders the list by distance, like the API', async () => {
    const here = { latitude: 54.1765, longitude: 16.164 };
    const { page, ctx } = await open('/map?lang=en', {
      geolocation: here,
      permissions: ['geolocation'],
      viewport: { width: 360, height: 640 },
      isMobile: true,
      hasTouch: true,
    });
    await page.click('#near-me');
    await page.waitForFunction(() => document.getElementById('list-title')!.textContent === 'Nearest organisations');
    await page.waitForFunction(() => document.querySelectorAll('#org-list li .meta')[0]?.textContent?.includes('away'));
    const names = await page.locator('#org-list li button').allTextContents();
    const api = (await (
      await fetch(`${server.url}/api/organizations/nearest?lat=${here.latitude}&lng=${here.longitude}&limit=50`)
    ).json()) as { results: Array<{ name: string }> };
    expect(names).toEqual(api.results.map((r) => r.name));
    expect(names[0]).toBe('Zielony Koszalin (demo)');
    expect(page.url()).toMatch(/lat=54\.1765.*lng=16\.164/);
    await page.screenshot({ path: `${ARTIFACTS}map-phone-near-me.png`, fullPage: true });
    await ctx.close();
  });

  it('a refused location gets a clear message', async () => {
    const page = await openShared('/map?lang=en');
    await page.context().clearPermissions(); // none granted (as in a new context without `permissions`)
    await page.click('#near-me');
    await page.waitForFunction(() => /Location was not shared|could not be found/.test(document.getElementById('status')!.textContent!));
  });

  it('?org= opens that popup with phone, events and ask-the-bot links', async () => {
    const org = await server.db.prisma.organization.findFirstOrThrow({ where: { name: 'Klub Seniora „Jesień” (demo)' } });
    const page = await openShared(`/map?org=${org.id}&lang=pl`, { width: 360, height: 640 });
    const popup = page.locator('.leaflet-popup-content');
    await popup.waitFor();
    expect(await popup.textContent()).toContain('Klub Seniora „Jesień” (demo)');
    expect(await popup.locator('a[href^="tel:"]').getAttribute('href')).toBe('tel:+48500000101');
    expect(await popup.textContent()).toContain('Kawiarenka obywatelska (demo)');
    const tme = await popup.locator('a[href^="https://t.me/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(tme).toContain(`https://t.me/KoszalinNgoBot?start=org_${org.id}`);
    expect(tme.some((h) => /\?start=event_\d+$/.test(h ?? ''))).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}map-phone-popup.png` });
  });

  it('embed mode hides the page chrome but keeps the map, filters and list', async () => {
    const page = await openShared('/map?embed=1');
    expect(await page.locator('header.top').isVisible()).toBe(false);
    expect(await page.locator('#map').isVisible()).toBe(true);
    expect(await page.locator('#category').isVisible()).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}map-embed.png` });
  });

  it('is keyboard-usable: the skip link and list buttons take focus and open popups', async () => {
    const page = await openShared('/map?lang=en');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip');
    await page.locator('#org-list li button').first().focus();
    await page.keyboard.press('Enter');
    await page.locator('.leaflet-popup-content').waitFor();
  });
});

describe('map data and weight', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({});
    await ensureCategories(server.db.prisma);
    const cat = await server.db.prisma.category.findFirstOrThrow({ where: { slug: 'sport' } });
    // 400 sports clubs on a 20 × 20 grid, in two statements (400 nested creates took seconds).
    const orgs = await server.db.prisma.organization.createManyAndReturn({
      data: Array.from({ length: 400 }, (_, i) => ({
        dedupeKey: `w:${i}`,
        name: `Stowarzyszenie Sportowe Numer ${i}`,
        address: `ul. Zwycięstwa ${i + 1}`,
        phone: '+48 94 000 00 00',
        website: 'https://example.org',
        lat: 54.15 + (i % 20) * 0.005,
        lng: 16.12 + Math.floor(i / 20) * 0.008,
      })),
      select: { id: true },
    });
    await server.db.prisma.organizationCategory.createMany({ data: orgs.map((o) => ({ organizationId: o.id, categoryId: cat.id })) });
  });
  afterAll(async () => server?.stop());

  const get = (path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; bytes: number; etag?: string }>((resolve, reject) => {
      request(server.url + path, { headers: { 'accept-encoding': 'gzip', ...headers } }, (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => resolve({ status: res.statusCode!, bytes, etag: res.headers.etag }));
      })
        .on('error', reject)
        .end();
    });

  it('page, scripts and the data for 400 organisations weigh under 300 KB before tiles', async () => {
    const paths = [
      '/map',
      '/vendor/leaflet/leaflet.js',
      '/vendor/leaflet/leaflet.css',
      '/vendor/markercluster/leaflet.markercluster.js',
      '/vendor/markercluster/MarkerCluster.css',
      '/vendor/markercluster/MarkerCluster.Default.css',
      '/map-assets/map.js',
      '/map-assets/map.css',
      '/map/base.geojson',
      '/api/organizations?lang=pl',
    ];
    let total = 0;
    for (const p of paths) {
      const r = await get(p);
      expect(r.status, p).toBe(200);
      total += r.bytes;
    }
    console.log(`map page, scripts, base layer and 400 organisations: ${(total / 1024).toFixed(1)} KB compressed`);
    expect(total).toBeLessThan(300 * 1024);
  });

  it('answers with ETags, and 304 when nothing changed', async () => {
    for (const p of ['/map-assets/map.js', '/vendor/leaflet/leaflet.js', '/map/base.geojson', '/api/organizations?lang=pl']) {
      const first = await get(p);
      expect(first.etag, p).toBeTruthy();
      expect((await get(p, { 'if-none-match': first.etag! })).status, p).toBe(304);
    }
  });

  it('GeoJSON with category and bbox filters; bad filters are 400', async () => {
    const all = (await (await fetch(`${server.url}/api/organizations`)).json()) as {
      type: string;
      features: Array<{ geometry: { coordinates: number[] } }>;
    };
    expect(all.type).toBe('FeatureCollection');
    expect(all.features).toHaveLength(400);
    const box = (await (await fetch(`${server.url}/api/organizations?bbox=16.11,54.14,16.13,54.25`)).json()) as typeof all;
    expect(box.features.length).toBeGreaterThan(0);
    expect(box.features.length).toBeLessThan(400);
    for (const f of box.features) expect(f.geometry.coordinates[0]).toBeLessThanOrEqual(16.13);
    expect(((await fetch(`${server.url}/api/organizations?category=seniorzy`).then((r) => r.json())) as typeof all).features).toHaveLength(
      0,
    );
    expect((await fetch(`${server.url}/api/organizations?bbox=1,2,3`)).status).toBe(400);
    expect((await fetch(`${server.url}/api/organizations?category=nope`)).status).toBe(400);
  });
});
