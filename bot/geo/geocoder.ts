/**
 * Optional online geocoder (Nominatim-compatible, GEOCODER_URL; off by default). Used only after the gazetteer
 * fails. Polite by construction: a User-Agent that names us, at most one request per second (queued), a timeout,
 * and a cache of answers (including "not found") so the same words are asked once.
 */
import type { GeoPoint } from '../../dialogs/activity.js';

export interface GeocodeResult {
  point: GeoPoint;
  label: string;
}

export interface Geocoder {
  geocode(query: string): Promise<GeocodeResult | undefined>;
}

export interface NominatimOptions {
  url: string;
  userAgent: string;
  /** Added to every query to keep answers in the city ("Koszalin"). */
  city?: string;
  timeoutMs?: number;
  minIntervalMs?: number;
  cacheSize?: number;
  fetchImpl?: typeof fetch;
}

export class NominatimGeocoder implements Geocoder {
  private readonly cache = new Map<string, GeocodeResult | null>();
  private queue: Promise<unknown> = Promise.resolve();
  private lastRequestAt = 0;

  constructor(private readonly o: NominatimOptions) {}

  async geocode(query: string): Promise<GeocodeResult | undefined> {
    const key = query.trim().toLowerCase();
    if (!key) return undefined;
    if (this.cache.has(key)) return this.cache.get(key) ?? undefined;
    const run = this.queue.then(() => this.request(key));
    this.queue = run.catch(() => {});
    const result = await run;
    return result ?? undefined;
  }

  private async request(key: string): Promise<GeocodeResult | null> {
    if (this.cache.has(key)) return this.cache.get(key)!;
    const wait = this.lastRequestAt + (this.o.minIntervalMs ?? 1000) - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    this.lastRequestAt = Date.now();
    const u = new URL(`${this.o.url.replace(/\/$/, '')}/search`);
    u.searchParams.set('format', 'jsonv2');
    u.searchParams.set('limit', '1');
    u.searchParams.set('countrycodes', 'pl');
    u.searchParams.set('q', this.o.city ? `${key}, ${this.o.city}` : key);
    let result: GeocodeResult | null = null;
    try {
      const res = await (this.o.fetchImpl ?? fetch)(u, { headers: { 'user-agent': this.o.userAgent, accept: 'application/json' }, signal: AbortSignal.timeout(this.o.timeoutMs ?? 3000) });
      if (!res.ok) return null; // not cached: a server error may pass
      const body = (await res.json()) as Array<{ lat: string; lon: string; display_name?: string }>;
      const first = body[0];
      if (first && Number.isFinite(Number(first.lat)) && Number.isFinite(Number(first.lon))) {
        result = { point: { lat: Number(first.lat), lng: Number(first.lon) }, label: first.display_name?.split(',').slice(0, 2).join(',') ?? key };
      }
    } catch {
      return null; // timeout or network: not cached
    }
    this.cache.set(key, result);
    if (this.cache.size > (this.o.cacheSize ?? 1000)) this.cache.delete(this.cache.keys().next().value!);
    return result;
  }
}
