/**
 * Delivery engine throughput and rate limiting, on a throwaway PostgreSQL cluster (or PGlite with --pglite):
 *  1. 10,000 SMS deliveries to a zero-latency fake provider with no rate limit (baseline: the same provider
 *     called in a bare loop without the engine, in the same run);
 *  2. 600 deliveries with a 30/s limit against a fake provider that answers 429 above 30/s: achieved rate and
 *     the number of 429s.
 *
 *   npm run bench:delivery
 */
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../prisma/database.js';
import { ensureCategories } from '../prisma/seed/index.js';
import { BroadcastService } from '../bot/delivery/broadcasts.js';
import { DeliveryWorker } from '../bot/delivery/worker.js';
import { createTwilioSender } from '../bot/channels/sms/twilio-sender.js';
import { LocalOutbox } from '../bot/channels/outbound.js';
import { FakeTwilio } from '../test/support/fake-twilio.js';
import { startPgCluster, postgresAvailable } from '../test/support/pg-cluster.js';
import { seedTopicAudience } from '../test/support/audience.js';

const usePglite = process.argv.includes('--pglite') || !postgresAvailable();
const cluster = usePglite ? undefined : await startPgCluster();
const db = await openDatabase(cluster ? { databaseUrl: cluster.url } : { dataDir: 'memory://' });
await ensureCategories(db.prisma);
const topic = (await db.prisma.category.findUniqueOrThrow({ where: { slug: 'seniorzy' } })).id;

async function audience(n: number) {
  await db.withSession((s) => s.exec('DELETE FROM "Contact"; DELETE FROM "Broadcast";'));
  await seedTopicAudience(db, { count: n, topicId: topic, prefix: '+4872', digits: 7, first: 1 });
  const service = new BroadcastService(db.prisma, { transliterate: true, pricePerSegment: 0.2 });
  await service.create({ audience: { kind: 'TOPIC', ref: topic }, policy: 'SMS_ONLY', text: 'Benchmark', firstRun: new Date() });
  await service.claimDue(new Date());
}

function worker(apiUrl: string, smsPerSecond: number) {
  const sms = createTwilioSender({ accountSid: `AC${'0'.repeat(32)}`, authToken: 't', from: '+48500000000', apiUrl });
  return new DeliveryWorker(
    db.prisma,
    { sms, telegram: new LocalOutbox('telegram') },
    { rates: { smsPerSecond, telegramPerSecond: Infinity }, quietHours: null, transliterate: true, batchSize: 100 },
  );
}

// 1. Throughput
const fast = await new FakeTwilio().start();
const sender = createTwilioSender({ accountSid: `AC${'0'.repeat(32)}`, authToken: 't', from: '+48500000000', apiUrl: fast.url });
let t0 = performance.now();
for (let i = 0; i < 2000; i++) await sender.send(`+4873${String(i).padStart(7, '0')}`, 'Benchmark');
const bareRate = 2000 / ((performance.now() - t0) / 1000);
await audience(10_000);
t0 = performance.now();
const handled = await worker(fast.url, Infinity).drain();
const engineSeconds = (performance.now() - t0) / 1000;
await fast.stop();

// 2. Rate limit against a provider that answers 429 above 30/s
const strict = await new FakeTwilio({ maxPerSecond: 30 }).start();
await audience(600);
t0 = performance.now();
await worker(strict.url, 30).drain();
const limitedSeconds = (performance.now() - t0) / 1000;
const first = strict.received[0]!.at;
const last = strict.received[strict.received.length - 1]!.at;
const achieved = (strict.received.length - 1) / ((last - first) / 1000);
await strict.stop();

console.log(`node ${process.version}, ${usePglite ? 'PGlite' : 'PostgreSQL 15'}, ${new Date().toISOString()}`);
console.log('| run | messages | seconds | messages/s | notes |');
console.log('| --- | ---: | ---: | ---: | --- |');
console.log(`| bare twilio client loop (baseline) | 2,000 | ${(2000 / bareRate).toFixed(1)} | ${bareRate.toFixed(0)} | no database |`);
console.log(
  `| delivery engine, no limit | ${handled.toLocaleString('en')} | ${engineSeconds.toFixed(1)} | ${(handled / engineSeconds).toFixed(0)} | ${((handled / engineSeconds / bareRate) * 100).toFixed(0)}% of baseline |`,
);
console.log(
  `| delivery engine, limit 30/s, provider 429s above 30/s | ${strict.received.length} | ${limitedSeconds.toFixed(1)} | ${achieved.toFixed(2)} | ${strict.rejected429} × 429, ${(((achieved - 30) / 30) * 100).toFixed(1)}% from the limit |`,
);
await db.close();
cluster?.destroy();
