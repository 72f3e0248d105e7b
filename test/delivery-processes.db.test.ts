/**
 * Real processes against one PostgreSQL: kill -9 in the middle of a broadcast, and three processes sharing its
 * deliveries. PostgreSQL only: PGlite serves one process by design. Sizes are bounded for the everyday suite:
 * 1,200 recipients claimed 20 at a time and 600 claimed 10 at a time, i.e. 60 claims each, as many as 3,000 by 50
 * and 1,500 by 25 before (what can go wrong happens per claim: a row taken twice, a claim lost at the crash), so the
 * crash and the sharing still happen mid-stream, over several lease periods, with a third of the sends (the sends
 * were nearly all of these tests' time: about 9 ms each, one after the other). CRASH_RECIPIENTS=10000
 * SHARE_RECIPIENTS=5000 runs the full-size version.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { openTestDatabase, testDbKind } from './support/db.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { BroadcastService } from '../bot/delivery/broadcasts.js';
import { ensureCategories } from '../prisma/seed/index.js';
import type { Database } from '../prisma/database.js';
import { seedTopicAudience } from './support/audience.js';

const CHILD = new URL('./support/delivery-process.mjs', import.meta.url).pathname;

const children = new Set<ChildProcess>();
const CRASH_N = Number(process.env.CRASH_RECIPIENTS ?? 1200);
const SHARE_N = Number(process.env.SHARE_RECIPIENTS ?? 600);
const CRASH_BATCH = 20;
const SHARE_BATCH = 10;

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    // node itself, no wrapper: a SIGKILL must reach the worker, not a wrapper that would leave it running.
    const p = spawn(process.execPath, [CHILD], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.add(p);
    p.once('exit', () => children.delete(p));
    p.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve(p));
    p.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

async function until(pred: () => Promise<boolean> | boolean, ms: number) {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

// PGlite is embedded: one process owns the data. These tests need a server, so they run in the postgres project.
describe.skipIf(testDbKind !== 'postgres')('delivery across real processes (PostgreSQL)', () => {
  let db: Database;
  let url: string;
  let topicId: number;
  beforeAll(async () => {
    db = await openTestDatabase();
    url = await db.withSession(async (s) => {
      const r = await s.query<{ db: string; port: string }>("SELECT current_database() AS db, current_setting('port') AS port");
      return `postgresql://postgres@127.0.0.1:${r[0]!.port}/${r[0]!.db}`;
    });
    await ensureCategories(db.prisma);
    topicId = (await db.prisma.category.findUniqueOrThrow({ where: { slug: 'seniorzy' } })).id;
  });
  afterEach(() => {
    for (const c of children) c.kill('SIGKILL'); // never leave a worker behind, even when a test fails
  });
  afterAll(async () => db?.close());

  async function audience(n: number, prefix: string) {
    await db.withSession((s) => s.exec(`DELETE FROM "Contact"; DELETE FROM "Broadcast";`));
    await seedTopicAudience(db, { count: n, topicId, prefix, digits: 7, first: 1 });
    const service = new BroadcastService(db.prisma, { transliterate: true, pricePerSegment: 0.2 });
    await service.create({ audience: { kind: 'TOPIC', ref: topicId }, policy: 'SMS_ONLY', text: 'Alert', firstRun: new Date() });
    await service.claimDue(new Date());
    expect(await db.prisma.delivery.count()).toBe(n);
  }

  it(`kill -9 mid-broadcast of ${CRASH_N}: nobody is lost; only messages in flight at the crash can come twice`, async () => {
    const twilio = await new FakeTwilio({ latencyMs: 2 }).start();
    try {
      await audience(CRASH_N, '+4870');
      const env = { DATABASE_URL: url, TWILIO_API_URL: twilio.url, LEASE_MS: '1500', BATCH: String(CRASH_BATCH) };
      const first = await startWorker(env);
      await until(() => twilio.received.length >= Math.floor(CRASH_N * 0.3), 120_000);
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      const inFlight = await db.prisma.delivery.count({ where: { status: 'SENDING' } });
      const sentBeforeCrash = await db.prisma.delivery.count({ where: { status: 'SENT' } });
      expect(sentBeforeCrash).toBeGreaterThan(0);
      expect(inFlight).toBeLessThanOrEqual(2 * CRASH_BATCH); // at most one batch per channel claimed at a time
      const second = await startWorker(env);
      await until(async () => (await db.prisma.delivery.count({ where: { status: 'SENT' } })) === CRASH_N, 180_000);
      second.kill('SIGTERM');
      await new Promise((r) => second.once('exit', r));
      const counts = twilio.countsByRecipient();
      expect(counts.size).toBe(CRASH_N); // nobody lost
      const twice = [...counts.values()].filter((c) => c > 1).length;
      expect([...counts.values()].every((c) => c <= 2)).toBe(true);
      expect(twice).toBeLessThanOrEqual(inFlight); // only those in flight at the crash
    } finally {
      await twilio.stop();
    }
  }, 400_000);

  it(`three processes share ${SHARE_N} deliveries: each recipient exactly once`, async () => {
    const twilio = await new FakeTwilio().start();
    try {
      await audience(SHARE_N, '+4871');
      const workers = await Promise.all(
        [1, 2, 3].map(() => startWorker({ DATABASE_URL: url, TWILIO_API_URL: twilio.url, BATCH: String(SHARE_BATCH) })),
      );
      await until(async () => {
        const by = await db.prisma.delivery.groupBy({ by: ['status'], _count: { _all: true } });
        if (process.env.DEBUG_DELIVERY) console.log(JSON.stringify(by.map((b) => [b.status, b._count._all])), twilio.received.length);
        return (await db.prisma.delivery.count({ where: { status: 'SENT' } })) === SHARE_N;
      }, 180_000);
      for (const w of workers) w.kill('SIGTERM');
      await Promise.all(workers.map((w) => new Promise((r) => w.once('exit', r))));
      const counts = twilio.countsByRecipient();
      expect(counts.size).toBe(SHARE_N);
      expect([...counts.values()].every((c) => c === 1)).toBe(true);
      const byWorker = await db.prisma.delivery.groupBy({ by: ['claimedBy'], _count: { _all: true } });
      expect(byWorker.length).toBeGreaterThanOrEqual(2); // the work really was shared
    } finally {
      await twilio.stop();
    }
  }, 400_000);
});
