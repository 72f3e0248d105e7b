/**
 * The public map without tiles, in headless Debian Chromium (playwright-core): with every tile request failing,
 * or never answered, the page fills the city from its own boundary and names the districts, so the markers are
 * never on a blank field; with tiles it draws only a faint outline. The credits the data's licences require are on
 * the page in every language. Screenshots go to test-artifacts/ (gitignored); their paths are printed and
 * attached to the test as annotations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { request } from 'node:http';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { chromiumAvailable, launchChromium } from './support/browser.js';
import { startTestServer } from './support/server.js';
import { ensureCategories, loadDemoData } from '../prisma/seed/index.js';
import type { RunningServer } from '../bot/server.js';
import type { BaseLayer } from '../web-map/base-layer.js';

const TILE_HOST = 'http://tiles.blocked.invalid';
const ARTIFACTS = new URL('../test-artifacts/', import.meta.url).pathname;
const PHONE = { viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
// A 1×1 PNG: what a working tile server answers, as far as these tests care.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==', 'base64');
const runIt = chromiumAvailable() || process.env.CI ? describe : describe.skip;

if (!chromiumAvailable()) console.warn('*** Browser tests SKIPPED: /usr/bin/chromium not found (apt-get install -y chromium). ***');

runIt('public map without tiles, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let base: BaseLayer;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTestServer({ MAP_TILE_URL: `${TILE_HOST}/{z}/{x}/{y}.png` });
    await ensureCategories(server.db.prisma);
    await loadDemoData(server.db.prisma);
    browser = await launchChromium();
    base = (await (await fetch(`${server.url}/map/base.geojson`)).json()) as BaseLayer;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  type Tiles = 'fail' | 'hang' | 'serve';
  /** Tile requests held unanswered in 'hang' mode (a test may answer them later). */
  const held: Route[] = [];
  async function open(
    path: string,
    tiles: Tiles,
    ctxOpts: Parameters<Browser['newContext']>[0] = {},
  ): Promise<{ page: Page; ctx: BrowserContext; tiles: { mode: Tiles } }> {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'pl-PL', ...ctxOpts });
    const mode = { mode: tiles }; // what the tile server does: the test may change it for the next page
    await ctx.route(`${TILE_HOST}/**`, (route) => {
      if (mode.mode === 'fail') return route.abort('internetdisconnected');
      if (mode.mode === 'serve') return route.fulfill({ status: 200, contentType: 'image/png', body: PNG });
      held.push(route); // 'hang': not answered, like a network that drops the packets
      return undefined;
    });
    // With hanging tiles the page's clock is Playwright's (running as usual), so that a test can move it past the
    // page's wait for a first tile instead of waiting that out.
    if (tiles === 'hang') await ctx.clock.install();
    const page = await ctx.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.location().url.startsWith(TILE_HOST)) consoleErrors.push(`${m.text()} @ ${m.location().url}`);
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    await visit(page, path);
    return { page, ctx, tiles: mode };
  }
  async function visit(page: Page, path: string) {
    await page.goto(server.url + path, { waitUntil: 'domcontentloaded' }); // hanging tiles would hold the load event
    await page.waitForSelector('body[data-loaded="true"]');
  }
  /**
   * The phone whose tiles all fail: one page for the tests that use it, loaded anew for each (a new context cost
   * 1.5–2 s: a renderer process, and leaflet fetched and compiled again with an empty cache). Closed with the browser.
   */
  let phone: Page | undefined;
  async function openPhone(path: string): Promise<Page> {
    if (!phone) phone = (await open(path, 'fail', PHONE)).page;
    else await visit(phone, path);
    return phone;
  }
  /** Likewise the desktop of the tests with hanging tiles, then served ones (Playwright's clock from the first). */
  let desktop: Awaited<ReturnType<typeof open>> | undefined;
  async function openDesktop(path: string, tiles: 'hang' | 'serve'): Promise<Page> {
    if (!desktop) desktop = await open(path, tiles);
    else {
      desktop.tiles.mode = tiles;
      await visit(desktop.page, path);
    }
    return desktop.page;
  }

  /** The boundary path as drawn, and the district labels that are shown (not hidden as overlapping) inside the map. */
  const drawn = (page: Page) =>
    page.evaluate(() => {
      const path = document.querySelector<SVGPathElement>('path.city-boundary');
      const map = document.getElementById('map')!.getBoundingClientRect();
      const labels = [...document.querySelectorAll<HTMLElement>('.district-label')];
      const shown = labels
        .filter((l) => {
          const r = l.firstElementChild!.getBoundingClientRect();
          return (
            getComputedStyle(l).visibility !== 'hidden' &&
            r.width > 0 &&
            r.left >= map.left &&
            r.right <= map.right &&
            r.top >= map.top &&
            r.bottom <= map.bottom
          );
        })
        .map((l) => l.textContent!);
      const box = path?.getBoundingClientRect();
      return {
        segments: (path?.getAttribute('d')?.match(/L/g) ?? []).length,
        fill: path?.getAttribute('fill'),
        stroke: path?.getAttribute('stroke'),
        boundaryBox: box ? { width: box.width, height: box.height } : null,
        labels: labels.length,
        shown,
        tilePaneHidden: getComputedStyle(document.querySelector('.leaflet-tile-pane')!).visibility === 'hidden',
      };
    });

  const get = (path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; bytes: number; type?: string; etag?: string; cache?: string }>((resolve, reject) =>
      request(server.url + path, { headers: { 'accept-encoding': 'gzip', ...headers } }, (r) => {
        let bytes = 0;
        r.on('data', (c: Buffer) => (bytes += c.length));
        r.on('end', () =>
          resolve({
            status: r.statusCode!,
            bytes,
            type: r.headers['content-type'],
            etag: r.headers.etag,
            cache: r.headers['cache-control'],
          }),
        );
      })
        .on('error', reject)
        .end(),
    );

  async function screenshot(page: Page, name: string, annotate: (m: string, type?: string) => Promise<unknown>) {
    const path = `${ARTIFACTS}${name}`;
    await page.screenshot({ path });
    console.log(`screenshot: ${path}`);
    await annotate(path, 'screenshot');
  }

  it('serves the boundary and the district names as one small cached GeoJSON document', async () => {
    const boundary = base.features.find((f) => f.properties.kind === 'boundary')! as Extract<
      BaseLayer['features'][number],
      { properties: { kind: 'boundary' } }
    >;
    const districts = base.features.filter((f) => f.properties.kind === 'district');
    expect(boundary.geometry.type).toBe('MultiPolygon');
    expect(boundary.properties.simplifiedFrom).toBe(2072);
    expect(boundary.properties.vertices).toBeGreaterThan(200);
    expect(boundary.properties.vertices).toBeLessThan(600);
    const names = districts.map((d) => d.properties.name);
    expect(names).toEqual(
      server.geo.gazetteer
        .districts()
        .map((d) => d.name)
        .sort((a, b) => a.localeCompare(b, 'pl')),
    );
    expect(names).toEqual(expect.arrayContaining(['Śródmieście', 'Rokosowo', 'Jamno', 'Lubiatowo', 'Morskie']));
    // every district point lies in the city (the polygon with the bot's margin): the labels are where the bot looks
    for (const d of districts)
      expect(
        server.geo.boundary.inside({ lat: d.geometry.coordinates[1] as number, lng: d.geometry.coordinates[0] as number }),
        d.properties.name,
      ).toBe(true);

    const res = await get('/map/base.geojson');
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^application\/geo\+json/);
    expect(res.bytes).toBeLessThan(5 * 1024); // compressed
    expect(res.cache).toContain('max-age=3600');
    expect((await get('/map/base.geojson', { 'if-none-match': res.etag! })).status).toBe(304); // (fetch() would add no-cache)
  });

  it('tiles failing on a phone: the city is filled, its boundary drawn and the districts named under the markers', async ({ annotate }) => {
    const page = await openPhone('/map');
    await page.waitForSelector('body[data-base="offline"]');
    await page.waitForFunction(() => document.getElementById('status')!.textContent!.includes('Podkład mapy nie wczytał się'));
    const d = await drawn(page);
    expect(d.segments).toBeGreaterThan(3); // at the default zoom a phone sees one corner of the city's edge
    expect(d.fill).not.toBe('none');
    expect(d.stroke).toBe('#0b5394');
    expect(d.tilePaneHidden).toBe(true);
    expect(d.labels).toBe(21);
    expect(d.shown).toContain('Śródmieście');
    expect(d.shown.length).toBeGreaterThanOrEqual(4);
    expect(await page.getAttribute('body', 'data-markers')).toBe('12');
    await screenshot(page, 'map-phone-no-tiles.png', annotate);

    // zoomed out, the whole city fits on the phone and the outer districts are named too
    await page.evaluate(() => (document.querySelector('.leaflet-control-zoom-out') as HTMLElement).click());
    await page.waitForTimeout(700); // Leaflet's zoom animation, then the labels are decluttered on zoomend
    const out = await drawn(page);
    expect(out.segments).toBeGreaterThan(100); // the detailed boundary, not a box
    expect(out.boundaryBox!.width).toBeGreaterThan(300);
    expect(out.shown.length).toBeGreaterThanOrEqual(4);
    await screenshot(page, 'map-phone-no-tiles-zoomed-out.png', annotate);
    expect(consoleErrors).toEqual([]);
  });

  it('a tile server that never answers: after a few seconds the page draws its own base the same way', async ({ annotate }) => {
    const page = await openDesktop('/map?lang=en', 'hang');
    expect(await page.getAttribute('body', 'data-base')).not.toBe('offline');
    await page.clock.fastForward(6000); // the page gives the tiles 6 s
    await page.waitForSelector('body[data-base="offline"]', { timeout: 10_000 });
    const d = await drawn(page);
    expect(d.segments).toBeGreaterThan(100);
    expect(d.fill).not.toBe('none');
    expect(d.shown).toEqual(expect.arrayContaining(['Śródmieście']));
    expect(d.shown.length).toBeGreaterThanOrEqual(8); // a desktop map holds most of the city
    expect(await page.textContent('#status')).toContain('The map background did not load');
    await screenshot(page, 'map-desktop-no-tiles.png', annotate);

    // the tiles were only slow: when they come, the normal view and the count come back
    expect(held.length).toBeGreaterThan(0);
    await Promise.all(held.splice(0).map((r) => r.fulfill({ status: 200, contentType: 'image/png', body: PNG }).catch(() => undefined)));
    await page.waitForSelector('body[data-base="outline"]');
    const back = await drawn(page);
    expect(back.fill).toBe('none');
    expect(back.labels).toBe(0);
    expect(back.tilePaneHidden).toBe(false);
    expect(await page.textContent('#status')).toBe('Organisations on the map: 12');
  });

  it('with tiles: only a faint outline of the city, no district labels (the tiles name them)', async () => {
    const page = await openDesktop('/map', 'serve');
    await page.waitForSelector('body[data-base="outline"]');
    await page.waitForTimeout(200);
    const d = await drawn(page);
    expect(d.segments).toBeGreaterThan(100);
    expect(d.fill).toBe('none');
    expect(d.labels).toBe(0);
    expect(d.tilePaneHidden).toBe(false);
  });

  it('credits GeoNames, Who’s On First/GUGiK, PLRailMap, RSPO/OSM Polska, Wikipedia and the tiles, in every language', async ({
    annotate,
  }) => {
    const expected = [
      'GeoNames',
      'CC BY 4.0',
      "Who's On First",
      'GUGiK (PRG)',
      'PLRailMap',
      'CC0 1.0',
      'RSPO',
      'OSM Polska',
      'Wikipedia',
      'CC BY-SA 4.0',
      'OpenStreetMap',
    ];
    // The phone loads the page in each language.
    const page = await openPhone('/map?lang=pl');
    for (const [lang, heading] of [
      ['pl', 'Źródła danych'],
      ['en', 'Data sources'],
      ['uk', 'Джерела даних'],
    ] as const) {
      if (lang !== 'pl') await visit(page, `/map?lang=${lang}`);
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      await page.waitForSelector('body[data-base="offline"]');
      const footer = page.locator('#data-sources');
      expect(await footer.locator('h2').textContent()).toBe(heading);
      const links = await footer.locator('a').allTextContents();
      for (const e of expected) expect(links, `${lang}: ${e}`).toContain(e);
      expect(await footer.locator('a[href="https://creativecommons.org/licenses/by/4.0/"]').count()).toBe(1);
      expect(await footer.locator('a[href="https://creativecommons.org/licenses/by-sa/4.0/"]').count()).toBe(1);
      expect(await footer.locator('a[href="https://whosonfirst.org/docs/licenses/"]').count()).toBe(1);
      expect(await footer.textContent()).not.toMatch(/\{\w+\}/); // every placeholder filled
      // the map's attribution control links to the credits, beside the tiles' own line
      const control = page.locator('.leaflet-control-attribution');
      expect(await control.locator('a[href="#data-sources"]').textContent()).toBe(heading);
      expect(await control.textContent()).toContain('OpenStreetMap');
      if (lang === 'uk') {
        await footer.scrollIntoViewIfNeeded();
        await screenshot(page, 'map-phone-credits-uk.png', annotate);
      }
    }
    expect(consoleErrors).toEqual([]);
  });
});
