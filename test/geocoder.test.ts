/** The optional online geocoder against a local fake Nominatim: fallback only, cache, User-Agent, 1 request/s, timeout. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { NominatimGeocoder } from '../bot/geo/geocoder.js';
import { LocationResolver } from '../bot/geo/location-resolver.js';
import { Gazetteer } from '../bot/geo/gazetteer.js';
import { DEFAULT_GAZETTEER, GEO_DATA_DIR } from '../bot/geo/index.js';
import { join } from 'node:path';

describe('Nominatim-compatible geocoder (local fake server)', () => {
  let server: Server;
  let url = '';
  const requests: Array<{ q: string; ua: string; at: number }> = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      const u = new URL(req.url!, 'http://x');
      const q = u.searchParams.get('q') ?? '';
      requests.push({ q, ua: String(req.headers['user-agent']), at: Date.now() });
      if (q.startsWith('slow')) return; // never answers: the client must time out
      res.setHeader('content-type', 'application/json');
      if (q.toLowerCase().startsWith('lniana'))
        res.end(JSON.stringify([{ lat: '54.2051', lon: '16.1499', display_name: 'Lniana, Jedliny, Koszalin, Polska' }]));
      else res.end('[]');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const a = server.address();
    url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('is asked only after the gazetteer fails, with our User-Agent and the city, and answers are cached', async () => {
    const geocoder = new NominatimGeocoder({ url, userAgent: 'koszalin-ngo-messaging/test', city: 'Koszalin', minIntervalMs: 300 });
    const resolver = new LocationResolver(
      Gazetteer.load(DEFAULT_GAZETTEER, join(GEO_DATA_DIR, 'koszalin_postcodes_pna2024.csv')),
      LocationResolver.loadBoundary(join(GEO_DATA_DIR, 'koszalin_gmina_boundary_zbychuk.geojson')),
      geocoder,
    );
    expect(await resolver.resolveText('Rokosowo')).toMatchObject({ via: 'gazetteer' });
    expect(requests).toHaveLength(0);
    expect(await resolver.resolveText('Lniana 5')).toMatchObject({
      kind: 'point',
      via: 'geocoder',
      label: 'Lniana, Jedliny',
      insideCity: true,
      point: { lat: 54.2051, lng: 16.1499 },
    });
    expect(requests[0]).toMatchObject({ q: 'lniana 5, Koszalin', ua: 'koszalin-ngo-messaging/test' });
    await resolver.resolveText('Lniana 5');
    await resolver.resolveText('lniana 5 ');
    expect(requests).toHaveLength(1);
    expect((await resolver.resolveText('Nieistniejąca 1')).kind).toBe('unknown');
    expect((await resolver.resolveText('Nieistniejąca 1')).kind).toBe('unknown');
    expect(requests).toHaveLength(2);
  });

  it('keeps to one request per interval, even when asked in parallel', async () => {
    requests.length = 0;
    // When each request leaves the client: what the geocoder controls. (Arrival times at the server would also
    // measure the event loops on both ends: under a loaded run the first request can arrive late and the gap to
    // the second shrink below the interval though the client kept it.)
    const sent: number[] = [];
    const fetchImpl: typeof fetch = (input, init) => {
      sent.push(Date.now());
      return fetch(input, init);
    };
    const geocoder = new NominatimGeocoder({ url, userAgent: 't', minIntervalMs: 1000, fetchImpl });
    await Promise.all(['a1', 'a2', 'a3'].map((q) => geocoder.geocode(q)));
    expect(requests).toHaveLength(3);
    expect(sent).toHaveLength(3);
    for (let i = 1; i < sent.length; i++) expect(sent[i]! - sent[i - 1]!).toBeGreaterThanOrEqual(990);
  });

  it('gives up after the timeout and does not cache the failure', async () => {
    requests.length = 0;
    const geocoder = new NominatimGeocoder({ url, userAgent: 't', timeoutMs: 200, minIntervalMs: 0 });
    const t0 = Date.now();
    expect(await geocoder.geocode('slow street')).toBeUndefined();
    expect(Date.now() - t0).toBeLessThan(2000);
    await geocoder.geocode('slow street');
    expect(requests).toHaveLength(2);
  });
});
