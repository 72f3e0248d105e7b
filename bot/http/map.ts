/**
 * The public map: GET /map (the page), its assets (Leaflet from our own server, not a CDN), and the data it reads:
 * GET /api/organizations (GeoJSON, filters category and bbox), GET /api/events, and GET /map/base.geojson (the
 * city boundary and district names, drawn under the markers so the map is never blank without tiles).
 */
import express, { type Express, type Request } from 'express';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PrismaClient } from '../../prisma/database.js';
import { mapStrings, pickMapLocale, type MapLocale } from '../../web-map/i18n.js';
import { renderMapPage } from '../../web-map/page.js';
import { buildBaseLayer } from '../../web-map/base-layer.js';
import type { Geo } from '../geo/index.js';
import { BadRequest } from './api.js';

const require = createRequire(import.meta.url);
const WEB_MAP = join(dirname(fileURLToPath(import.meta.url)), '../../web-map/public');
const LEAFLET = dirname(require.resolve('leaflet/dist/leaflet.js'));
const CLUSTER = dirname(require.resolve('leaflet.markercluster/dist/leaflet.markercluster.js'));

export interface MapOptions {
  prisma: PrismaClient;
  geo: Geo;
  tileUrl: string;
  tileAttribution: string;
  /** The Telegram bot's username, for t.me deep links (known after the bot started). */
  botUsername: () => string | undefined;
  smsNumber?: string;
}

function catName(c: { namePl: string; nameEn: string; nameUk: string }, l: MapLocale) {
  return l === 'en' ? c.nameEn : l === 'uk' ? c.nameUk : c.namePl;
}

function parseBbox(raw: unknown): { minLng: number; minLat: number; maxLng: number; maxLat: number } | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = String(raw).split(',').map(Number);
  if (n.length !== 4 || n.some((x) => !Number.isFinite(x)) || n[0]! > n[2]! || n[1]! > n[3]!)
    throw new BadRequest('bbox must be minLng,minLat,maxLng,maxLat');
  return { minLng: n[0]!, minLat: n[1]!, maxLng: n[2]!, maxLat: n[3]! };
}

export function mountMap(app: Express, o: MapOptions): void {
  const assets = { maxAge: '1h', etag: true, index: false as const };
  app.use('/vendor/leaflet', express.static(LEAFLET, { ...assets, maxAge: '7d' }));
  app.use('/vendor/markercluster', express.static(CLUSTER, { ...assets, maxAge: '7d' }));
  app.use('/map-assets', express.static(WEB_MAP, assets));
  app.get('/', (_req, res) => res.redirect('/map'));

  // Built once from the data the bot answers with (the same boundary and gazetteer), ~12 KB (3 KB compressed).
  let base: string | undefined;
  app.get('/map/base.geojson', (_req, res) => {
    base ??= JSON.stringify(
      buildBaseLayer({ cityName: o.geo.gazetteer.city.name, boundary: o.geo.boundary.feature, districts: o.geo.gazetteer.districts() }),
    );
    res.set('Cache-Control', 'public, max-age=3600');
    res.type('application/geo+json').send(base);
  });

  app.get('/map', async (req: Request, res, next) => {
    try {
      const lang = pickMapLocale(req.query.lang, req.header('accept-language'));
      const categories = (await o.geo.categories.list()).map((c) => ({ slug: c.slug, name: catName(c, lang) }));
      res.set('Vary', 'Accept-Language');
      res.type('html').send(
        renderMapPage({
          lang,
          t: mapStrings[lang],
          tileUrl: o.tileUrl,
          tileAttribution: o.tileAttribution,
          categories,
          botUsername: o.botUsername(),
          smsNumber: o.smsNumber,
          embed: req.query.embed === '1',
          center: { lat: 54.1898, lng: 16.1814 },
        }),
      );
    } catch (err) {
      next(err);
    }
  });

  app.get('/api/organizations', async (req, res, next) => {
    try {
      const lang = pickMapLocale(req.query.lang, req.header('accept-language'));
      const category = typeof req.query.category === 'string' && req.query.category ? req.query.category : undefined;
      const cats = await o.geo.categories.list();
      if (category && !cats.some((c) => c.slug === category)) throw new BadRequest(`unknown category "${category}"`);
      const bbox = parseBbox(req.query.bbox);
      const now = new Date();
      const rows = await o.prisma.organization.findMany({
        where: {
          active: true,
          lat: bbox ? { gte: bbox.minLat, lte: bbox.maxLat } : { not: null },
          lng: bbox ? { gte: bbox.minLng, lte: bbox.maxLng } : { not: null },
          ...(category ? { categories: { some: { category: { slug: category } } } } : {}),
        },
        include: {
          categories: { include: { category: true } },
          events: {
            where: { startsAt: { gte: now }, status: 'SCHEDULED' },
            orderBy: { startsAt: 'asc' },
            take: 3,
            select: { id: true, title: true, startsAt: true },
          },
        },
        orderBy: { id: 'asc' },
      });
      res.json({
        type: 'FeatureCollection',
        features: rows.map((r) => ({
          type: 'Feature',
          id: r.id,
          geometry: { type: 'Point', coordinates: [r.lng, r.lat] },
          properties: {
            id: r.id,
            name: r.name,
            categories: r.categories.map((c) => c.category.slug),
            categoryNames: r.categories.map((c) => catName(c.category, lang)),
            address: r.address,
            phone: r.phone,
            email: r.email,
            website: r.website,
            hours: r.hours,
            description: r.description,
            isDemo: r.isDemo,
            coordPrecision: r.coordPrecision,
            events: r.events,
          },
        })),
      });
    } catch (err) {
      next(err);
    }
  });

  app.get('/api/events', async (req, res, next) => {
    try {
      const org = req.query.organization ?? req.query.org;
      const orgId = org === undefined ? undefined : Number(org);
      if (orgId !== undefined && !Number.isInteger(orgId)) throw new BadRequest('organization must be an id');
      const events = await o.prisma.event.findMany({
        where: { startsAt: { gte: new Date() }, status: 'SCHEDULED', ...(orgId !== undefined ? { organizationId: orgId } : {}) },
        include: {
          organization: { select: { id: true, name: true } },
          _count: { select: { signups: { where: { status: 'CONFIRMED' } } } },
        },
        orderBy: { startsAt: 'asc' },
        take: 100,
      });
      const bot = o.botUsername();
      res.json(
        events.map((e) => ({
          id: e.id,
          title: e.title,
          startsAt: e.startsAt,
          endsAt: e.endsAt,
          place: e.place,
          lat: e.lat,
          lng: e.lng,
          organization: e.organization,
          capacity: e.capacity,
          seatsLeft: e.capacity === null ? null : Math.max(0, e.capacity - e._count.signups),
          isDemo: e.isDemo,
          signup: { sms: `ZAPISZ ${e.id}`, telegram: bot ? `https://t.me/${bot}?start=event_${e.id}` : null },
        })),
      );
    } catch (err) {
      next(err);
    }
  });
}
