/**
 * Optional online geocoder (Nominatim-compatible, GEOCODER_URL; off by default). Used only after the gazetteer
 * fails. Polite by construction: a User-Agent that names us, at most one request per second (queued), a timeout,
 * and a cache of answers (including "not found") so the same words are asked once.
 *
 * It runs inside a webhook turn, so it never holds one long: each lookup has a deadline (default 5 s, well under
 * Twilio's 15 s webhook timeout) that covers its wait in the queue and the request, a lookup that cannot start
 * before its deadline is never sent, and at most `maxQueue` lookups wait or run at once (default 5: at one request
 * per second more could not finish in time); past that the answer is "not found" at once.
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
  /** Whole lookup, queue wait included (default 5000 ms). */
  deadlineMs?: number;
  /** Lookups waiting or running at once; more are answered "not found" at once (default 5). */
  maxQueue?: number;
  minIntervalMs?: number;
  cacheSize?: number;
  fetchImpl?: typeof fetch;
}

export class NominatimGeocoder implements Geocoder {
  private readonly cache = new Map<string, GeocodeResult | null>();
  private queue: Promise<unknown> = Promise.resolve();
  private lastRequestAt = 0;
  private pending = 0;
  static readonly DEFAULT_DEADLINE_MS = 5_000;
  /** A request is not started with less time than this before its deadline. */
  static readonly MIN_REQUEST_MS = 50;

  constructor(private readonly o: NominatimOptions) {}

  async geocode(query: string): Promise<GeocodeResult | undefined> {
    const key = query.trim().toLowerCase();
    if (!key) return undefined;
    if (this.cache.has(key)) return this.cache.get(key) ?? undefined;
    if (this.pending >= (this.o.maxQueue ?? 5)) return undefined; // bounded: a burst is not queued for minutes
    const deadline = Date.now() + (this.o.deadlineMs ?? NominatimGeocoder.DEFAULT_DEADLINE_MS);
    this.pending++;
    // Every request ends by its own deadline and the queue is in call order, so ours starts before our deadline.
    const run = this.queue.then(() => this.request(key, deadline));
    // The queue only orders lookups; each caller gets its own result or error from `run`.
    this.queue = run.catch(() => undefined);
    try {
      return (await run) ?? undefined;
    } finally {
      this.pending--;
    }
  }

  private async request(key: string, deadline: number): Promise<GeocodeResult | null> {
    if (this.cache.has(key)) return this.cache.get(key)!;
    const wait = Math.max(0, this.lastRequestAt + (this.o.minIntervalMs ?? 1000) - Date.now());
    // Could not start in time, or with too little time left for an answer (the lookup before it may have been cut
    // at this same deadline, give or take a timer's millisecond): never sent, not cached.
    if (Date.now() + wait >= deadline - NominatimGeocoder.MIN_REQUEST_MS) return null;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    this.lastRequestAt = Date.now();
    const u = new URL(`${this.o.url.replace(/\/$/, '')}/search`);
    u.searchParams.set('format', 'jsonv2');
    u.searchParams.set('limit', '1');
    u.searchParams.set('countrycodes', 'pl');
    u.searchParams.set('q', this.o.city ? `${key}, ${this.o.city}` : key);
    let result: GeocodeResult | null = null;
    try {
      const res = await (this.o.fetchImpl ?? fetch)(u, {
        headers: { 'user-agent': this.o.userAgent, accept: 'application/json' },
        signal: AbortSignal.timeout(Math.max(1, Math.min(this.o.timeoutMs ?? 3000, deadline - Date.now()))),
      });
      if (!res.ok) return null; // not cached: a server error may pass
      const body = (await res.json()) as Array<{ lat: string; lon: string; display_name?: string }>;
      const first = body[0];
      if (first && Number.isFinite(Number(first.lat)) && Number.isFinite(Number(first.lon))) {
        result = {
          point: { lat: Number(first.lat), lng: Number(first.lon) },
          label: first.display_name?.split(',').slice(0, 2).join(',') ?? key,
        };
      }
    } catch {
      return null; // timeout or network: not cached
    }
    this.cache.set(key, result);
    if (this.cache.size > (this.o.cacheSize ?? 1000)) this.cache.delete(this.cache.keys().next().value!);
    return result;
  }
}
