/**
 * Issue 14 item 13: the online geocoder keeps a bounded queue and gives every lookup a deadline well under a
 * provider's webhook timeout (Twilio waits 15 s): a burst of lookups cannot hold turns for minutes.
 */
import { describe, expect, it } from 'vitest';
import { NominatimGeocoder } from '../bot/geo/geocoder.js';

const answer = (ms: number) =>
  (async (_u: URL | RequestInfo, init?: RequestInit) => {
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(resolve, ms);
      init?.signal?.addEventListener('abort', () => (clearTimeout(t), reject(new Error('aborted'))));
    });
    return new Response(JSON.stringify([{ lat: '54.19', lon: '16.17', display_name: 'X, Koszalin' }]), {
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;

describe('geocoder queue bound and deadline', () => {
  it('a burst of 20 different lookups: each answers within its deadline; those past the queue bound at once, unasked', async () => {
    let calls = 0;
    const slow = answer(50);
    const geocoder = new NominatimGeocoder({
      url: 'http://geocoder.invalid',
      userAgent: 't',
      minIntervalMs: 200,
      deadlineMs: 700,
      maxQueue: 3,
      fetchImpl: ((u, i) => (calls++, slow(u, i))) as typeof fetch,
    });
    const t0 = Date.now();
    const times = await Promise.all(
      Array.from({ length: 20 }, (_, i) => geocoder.geocode(`street ${i}`).then((r) => ({ r, ms: Date.now() - t0 }))),
    );
    expect(Math.max(...times.map((t) => t.ms))).toBeLessThan(1000);
    expect(times.filter((t) => t.r).length).toBeGreaterThanOrEqual(2);
    expect(calls).toBeLessThanOrEqual(4);
    // Past the bound the answer is immediate ("not found" by the geocoder; the gazetteer already said no).
    expect(times.slice(5).every((t) => t.r === undefined && t.ms < 100)).toBe(true);
  });

  it('a lookup whose deadline passes while it waits in the queue is never sent, and a slow answer is cut at the deadline', async () => {
    let calls = 0;
    const slow = answer(2000);
    const geocoder = new NominatimGeocoder({
      url: 'http://geocoder.invalid',
      userAgent: 't',
      minIntervalMs: 0,
      timeoutMs: 10_000,
      deadlineMs: 300,
      fetchImpl: ((u, i) => (calls++, slow(u, i))) as typeof fetch,
    });
    const t0 = Date.now();
    const [a, b] = await Promise.all([geocoder.geocode('first'), geocoder.geocode('second')]);
    expect(a).toBeUndefined();
    expect(b).toBeUndefined();
    expect(Date.now() - t0).toBeLessThan(800);
    await new Promise((r) => setTimeout(r, 100));
    expect(calls).toBe(1);
  });

  it('the defaults: a deadline under 15 s', () => {
    expect(NominatimGeocoder.DEFAULT_DEADLINE_MS).toBeLessThan(15_000);
  });
});
