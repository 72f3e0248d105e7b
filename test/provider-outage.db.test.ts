/**
 * A provider outage at the HTTP boundary: the Twilio API (fake, reached by the official client) answers 500 to
 * everything for a while. Deliveries wait without using up their attempts (max 2 here, which a per-message retry
 * policy would exhaust within a second), the channel pauses instead of hammering the provider, and every
 * message goes out exactly once when it is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDbKind } from './support/db.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { BroadcastService } from '../bot/delivery/broadcasts.js';
import { DeliveryWorker } from '../bot/delivery/worker.js';
import { createTwilioSender } from '../bot/channels/sms/twilio-sender.js';
import { LocalOutbox } from '../bot/channels/outbound.js';
import { ensureCategories } from '../prisma/seed/index.js';
import type { Database } from '../prisma/database.js';
import { seedTopicAudience } from './support/audience.js';

describe(`provider outage on ${testDbKind}`, () => {
  let db: Database;
  let fake: FakeTwilio;
  beforeAll(async () => {
    db = await openTestDatabase();
    fake = await new FakeTwilio().start();
  });
  afterAll(async () => {
    await fake?.stop();
    await db?.close();
  });

  it('backs off while Twilio answers 500, loses nothing, sends each message once afterwards', async () => {
    await ensureCategories(db.prisma);
    const topic = (await db.prisma.category.findUniqueOrThrow({ where: { slug: 'seniorzy' } })).id;
    const N = 30;
    // N subscribers of the topic, each with a phone, in three statements (one by one they took 2 s on PostgreSQL).
    await seedTopicAudience(db, { count: N, topicId: topic, prefix: '+486001', digits: 5, first: 1 });
    const service = new BroadcastService(db.prisma, { transliterate: true, pricePerSegment: 0.2 });
    await service.create({
      audience: { kind: 'TOPIC', ref: topic },
      policy: 'SMS_ONLY',
      text: 'Awaria wody: punkt poboru przy ratuszu',
      firstRun: new Date(),
      urgent: true,
    });
    await service.claimDue(new Date());
    expect(await db.prisma.delivery.count()).toBe(N);

    const outages: number[] = [];
    const errors: string[] = [];
    fake.failUntil = Date.now() + 3000;
    const sms = createTwilioSender({ accountSid: `AC${'0'.repeat(32)}`, authToken: 't', from: '+48500000000', apiUrl: fake.url });
    const worker = new DeliveryWorker(
      db.prisma,
      { sms, telegram: new LocalOutbox('telegram') },
      {
        rates: { smsPerSecond: 100, telegramPerSecond: 100 },
        quietHours: null,
        transliterate: true,
        maxAttempts: 2,
        maxOutagePauseMs: 1000,
        onOutage: (_c, ms) => outages.push(ms),
        onProviderError: (_c, code) => errors.push(code),
      },
    );
    worker.start(50);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (await db.prisma.delivery.count({ where: { status: { in: ['PENDING', 'SENDING'] } } })) > 0)
      await new Promise((r) => setTimeout(r, 100));
    await worker.stop();

    const byStatus = await db.prisma.delivery.groupBy({ by: ['status'], _count: true });
    expect(byStatus.map((g) => [g.status, g._count])).toEqual([['SENT', N]]);
    const counts = fake.countsByRecipient();
    expect(counts.size).toBe(N);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // It noticed the outage and paused (1 s at most here) instead of trying every message again and again.
    expect(outages.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...outages)).toBe(1000);
    expect(fake.answered500).toBeGreaterThanOrEqual(3);
    expect(fake.answered500).toBeLessThanOrEqual(12);
    expect(errors.every((c) => c === '20500')).toBe(true);
    // The first message went out only after the outage ended.
    expect(Math.min(...fake.received.map((r) => r.at))).toBeGreaterThanOrEqual(fake.failUntil);
  }, 60_000);
});
