/**
 * k=5 nearest organisations: the kdbush/geokdbush index against a brute-force Turf scan, in the same run, at
 * 400, 10,000 and 150,000 organisations (random points over Poland; queries at random points over Poland).
 * Also checks on every query that both give the same answer.
 *
 *   npm run bench:nearest
 */
import { performance } from 'node:perf_hooks';
import { NearestIndex } from '../bot/geo/nearest.js';
import { randomOrganizations, rng } from '../test/support/random-orgs.js';

function time(fn: () => void, iterations: number): number {
  for (let i = 0; i < Math.min(50, iterations); i++) fn(); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  return (performance.now() - t0) / iterations;
}

const rows: string[] = [];
for (const n of [400, 10_000, 150_000]) {
  const orgs = randomOrganizations(n, n);
  const t0 = performance.now();
  const index = new NearestIndex(orgs);
  const buildMs = performance.now() - t0;
  const r = rng(7);
  const points = Array.from({ length: 200 }, () => ({ lat: 49 + r() * 5.8, lng: 14.2 + r() * 9.9 }));
  for (const p of points) {
    const a = index
      .nearest(p, { limit: 5 })
      .map((x) => x.organization.id)
      .join();
    const b = index
      .bruteForce(p, { limit: 5 })
      .map((x) => x.organization.id)
      .join();
    if (a !== b) throw new Error(`index and brute force disagree at ${JSON.stringify(p)}`);
  }
  let i = 0;
  const indexMs = time(() => index.nearest(points[i++ % points.length]!, { limit: 5 }), n >= 150_000 ? 2000 : 5000);
  i = 0;
  const bruteMs = time(() => index.bruteForce(points[i++ % points.length]!, { limit: 5 }), n >= 150_000 ? 20 : n >= 10_000 ? 200 : 2000);
  i = 0;
  const catMs = time(() => index.nearest(points[i++ % points.length]!, { limit: 5, category: 'seniorzy' }), 2000);
  rows.push(
    `| ${n.toLocaleString('en')} | ${buildMs.toFixed(1)} | ${(indexMs * 1000).toFixed(1)} | ${(catMs * 1000).toFixed(1)} | ${(bruteMs * 1000).toFixed(0)} | ${(bruteMs / indexMs).toFixed(0)}× |`,
  );
}
console.log(`node ${process.version}, ${new Date().toISOString()}`);
console.log('| organisations | index build (ms) | index k=5 (µs) | index k=5, one category (µs) | brute-force Turf k=5 (µs) | speed-up |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
