/**
 * A broadcast run never completes without its deliveries: the run row and its deliveries are written in one
 * transaction, so a database error (here: a trigger that refuses Delivery rows, as a lost connection would) in
 * the middle leaves the broadcast due, and the next tick creates the run with every delivery.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDbKind } from './support/db.js';
import { BroadcastService } from '../bot/delivery/broadcasts.js';
import { DeliveryWorker } from '../bot/delivery/worker.js';
import { ensureCategories } from '../prisma/seed/index.js';
import type { Database } from '../prisma/database.js';

describe(`broadcast runs on ${testDbKind}`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
    await ensureCategories(db.prisma);
  });
  afterAll(async () => db?.close());

  it('a failure while planning deliveries leaves no empty run behind; the next tick sends to everyone', async () => {
    const p = db.prisma;
    const topic = (await p.category.findUniqueOrThrow({ where: { slug: 'seniorzy' } })).id;
    for (let i = 0; i < 5; i++) {
      const c = await p.contact.create({ data: { identities: { create: [{ channel: 'SMS', address: `+4860055500${i}` }] } } });
      await p.subscription.create({ data: { contactId: c.id, target: `category:${topic}`, categoryId: topic, channel: 'SMS' } });
    }
    const now = new Date('2026-12-01T10:00:00Z');
    const service = new BroadcastService(p, { transliterate: true, pricePerSegment: 0.1 });
    const b = await service.create({ audience: { kind: 'TOPIC', ref: topic }, policy: 'SMS_ONLY', text: 'Zebranie', firstRun: now });

    await p.$executeRawUnsafe(
      `CREATE FUNCTION refuse_delivery() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'database went away'; END $$`,
    );
    await p.$executeRawUnsafe(`CREATE TRIGGER refuse_delivery BEFORE INSERT ON "Delivery" FOR EACH ROW EXECUTE FUNCTION refuse_delivery()`);
    await expect(service.claimDue(now)).rejects.toThrow(/database went away/);
    await p.$executeRawUnsafe(`DROP TRIGGER refuse_delivery ON "Delivery"`);

    // The worker's pass in between must not complete an empty run.
    const sent: string[] = [];
    const outbound = { send: async (to: string) => (sent.push(to), { providerMessageId: `SM${sent.length}` }) };
    const worker = new DeliveryWorker(
      p,
      { sms: outbound, telegram: outbound },
      { rates: { smsPerSecond: Infinity, telegramPerSecond: Infinity }, quietHours: null, transliterate: true, clock: () => now },
    );
    await worker.drain();
    expect(await p.broadcastRun.count({ where: { broadcastId: b.id, status: 'COMPLETED' } })).toBe(0);

    const again = await service.claimDue(now);
    expect(again.created).toHaveLength(1);
    await worker.drain();
    expect(sent.sort()).toEqual([0, 1, 2, 3, 4].map((i) => `+4860055500${i}`));
    expect((await p.broadcastRun.findMany({ where: { broadcastId: b.id } })).map((r) => r.status)).toEqual(['COMPLETED']);
  });
});

describe(`shutdown during a scheduler tick on ${testDbKind}`, () => {
  it('stop() waits for the tick in flight: the due broadcast is planned, nothing fails on a closed database', async () => {
    const { FakeTelegram } = await import('./support/fake-telegram.js');
    const { startTestServer } = await import('./support/server.js');
    const { createLogger } = await import('../bot/logger.js');
    const db = await openTestDatabase();
    const p = db.prisma;
    // A reminder due now (its Telegram send is slow) and a broadcast due now: one tick does both, in that order.
    const org = await p.organization.create({ data: { name: 'Org', dedupeKey: 'tick-org' } });
    const person = await p.contact.create({
      data: { identities: { create: [{ channel: 'TELEGRAM', address: '5550001', chatId: '5550001' }] } },
    });
    const event = await p.event.create({ data: { organizationId: org.id, title: 'Spacer', startsAt: new Date(Date.now() + 3600_000) } });
    await p.signup.create({ data: { eventId: event.id, contactId: person.id, status: 'CONFIRMED' } });
    await new BroadcastService(p, { transliterate: true, pricePerSegment: 0.1 }).create({
      audience: { kind: 'EVERYONE' },
      policy: 'TELEGRAM_FIRST',
      text: 'Komunikat',
      firstRun: new Date(),
      urgent: true,
    });
    const tg = await new FakeTelegram().start();
    tg.delayNext('sendMessage', 1500);
    const lines: string[] = [];
    const logger = createLogger('info', { write: (s: string) => void lines.push(s) });
    const server = await startTestServer({ TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url }, { db, logger });
    try {
      await server.stop();
    } finally {
      await tg.stop();
    }
    const logged = lines.map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(logged.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([]);
    expect(logged.map((l) => l.msg)).toContain('broadcast runs started');
  });
});
