/**
 * Issue 14 item 12: event notices (reminders, promotions, changes, cancellations) are written with the change
 * that causes them (an outbox) and marked sent only after the send, so a failed or interrupted send is retried
 * instead of lost; a cancellation locks the event before it reads who to tell; a retried coordinator turn does not
 * send its notices twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDbKind } from './support/db.js';
import { FixedClock, makeEngine, productFeatures, RecordingNotifier } from './support/harness.js';
import { ensureCategories } from '../prisma/seed/index.js';
import { grantCoordinator } from '../bot/admin/roles.js';
import { InboundPipeline } from '../bot/channels/inbound-pipeline.js';
import { InboundRepository } from '../bot/repositories/inbound.js';
import { CoordinationRepository } from '../bot/repositories/coordination.js';
import { EventReminders } from '../bot/events/reminders.js';
import { createLogger } from '../bot/logger.js';
import { renderPlain } from '../dialogs/render-plain.js';
import type { Database } from '../prisma/database.js';

const COORD = '7201';

describe(`event notices on ${testDbKind}`, () => {
  let db: Database;
  let pipeline: InboundPipeline;
  let product: ReturnType<typeof productFeatures>;
  let orgId: number;
  let coordinatorId: number;
  let seq = 0;
  const clock = new FixedClock(new Date('2026-12-01T10:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    await ensureCategories(db.prisma);
    orgId = (await db.prisma.organization.create({ data: { dedupeKey: 'notice:1', name: 'Klub' } })).id;
    coordinatorId = await grantCoordinator(db.prisma, { telegram: COORD }, orgId);
    product = productFeatures(db);
    const { engine } = makeEngine(db, product.features, clock);
    pipeline = new InboundPipeline({ engine, inbound: new InboundRepository(db), clock, logger: createLogger('silent'), quotas: {} });
    await db.prisma.$executeRawUnsafe(`CREATE SEQUENCE fail_state_seq`);
    await db.prisma.$executeRawUnsafe(`CREATE TABLE fail_state_armed (on_key text)`);
    await db.prisma.$executeRawUnsafe(`CREATE FUNCTION fail_state_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM fail_state_armed WHERE on_key = NEW."key") AND nextval('fail_state_seq') = 1 THEN RAISE EXCEPTION 'connection lost'; END IF;
        RETURN NEW;
      END $$`);
    await db.prisma.$executeRawUnsafe(
      `CREATE TRIGGER fail_state_once BEFORE UPDATE ON "DialogState" FOR EACH ROW EXECUTE FUNCTION fail_state_once()`,
    );
  });
  afterAll(async () => db?.close());

  const send = async (text: string, messageId = `tg${++seq}`) => {
    const out = await pipeline.process({ channel: 'telegram', messageId, from: COORD, conversationId: COORD, text, languageCode: 'pl' });
    return out.kind === 'duplicate' ? '(duplicate)' : out.replies.map(renderPlain).join('\n');
  };
  const sendFailingOnce = async (text: string) => {
    await db.prisma.$executeRawUnsafe(`INSERT INTO fail_state_armed VALUES ('telegram/conversations/${COORD}')`);
    await db.prisma.$executeRawUnsafe(`SELECT setval('fail_state_seq', 1, false)`);
    const id = `tg${++seq}`;
    await expect(send(text, id)).rejects.toThrow(/connection lost/);
    await db.prisma.$executeRawUnsafe(`DELETE FROM fail_state_armed`);
    return send(text, id);
  };
  let phone = 0;
  const eventWithAttendees = async (title: string, n: number, capacity: number | null = null) => {
    const e = await db.prisma.event.create({
      data: { organizationId: orgId, title, startsAt: new Date('2026-12-10T17:00:00Z'), place: 'Ratusz', capacity },
    });
    const people: number[] = [];
    for (let i = 0; i < n; i++) {
      const c = await db.prisma.contact.create({
        data: { identities: { create: [{ channel: 'SMS', address: `+486009${String(++phone).padStart(5, '0')}` }] } },
      });
      await db.prisma.signup.create({ data: { eventId: e.id, contactId: c.id, status: 'CONFIRMED' } });
      people.push(c.id);
    }
    return { id: e.id, people };
  };
  const sentSince = (i: number, prefix: string) =>
    product.notifier.sent.slice(i).filter((s) => (s.replies[0] as { text: string }).text.startsWith(prefix));

  it('a retried cancel turn tells each attendee once', async () => {
    const e = await eventWithAttendees('Zebranie', 2);
    expect(await send(`odwołaj ${e.id}`)).toMatch(/^Odwołać Zebranie/);
    const before = product.notifier.sent.length;
    expect(await sendFailingOnce('tak')).toBe('Odwołano Zebranie. Powiadomiono osób: 2.');
    expect(
      sentSince(before, 'Wydarzenie odwołane: Zebranie')
        .map((s) => s.contactId)
        .sort(),
    ).toEqual([...e.people].sort());
  });

  it('a retried edit turn tells each attendee once', async () => {
    const e = await eventWithAttendees('Warsztaty', 2);
    expect(await send(`zmień ${e.id}`)).toMatch(/^Co zmienić/);
    expect(await send('2')).toMatch(/^Gdzie/);
    const before = product.notifier.sent.length;
    expect(await sendFailingOnce('Biblioteka')).toBe('Zapisano zmianę w Warsztaty. Powiadomiono osób: 2.');
    expect(
      sentSince(before, 'Zmiana w wydarzeniu Warsztaty')
        .map((s) => s.contactId)
        .sort(),
    ).toEqual([...e.people].sort());
  });

  it('a cancellation waits for a sign-up in progress and tells that person too', async () => {
    const e = await eventWithAttendees('Piknik', 1);
    const late = await db.prisma.contact.create({ data: { identities: { create: [{ channel: 'SMS', address: '+48600999999' }] } } });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    // A sign-up holding the event row (as EventRepository.signUp does) while the coordinator cancels.
    const signup = db.prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT "id" FROM "Event" WHERE "id" = ${e.id} FOR UPDATE`;
        await tx.signup.create({ data: { eventId: e.id, contactId: late.id, status: 'CONFIRMED' } });
        locked();
        await gate;
      },
      { timeout: 20_000 },
    );
    await isLocked;
    const cancel = new CoordinationRepository(db.prisma).cancel({ contactId: coordinatorId, verifiedChannel: true }, e.id);
    setTimeout(release, 300);
    await signup;
    const r = await cancel;
    expect([...r.notify].sort()).toEqual([...e.people, late.id].sort());
  });

  it('a cancellation notice whose send fails is kept and sent by a later tick, once', async () => {
    const { EventNotices } = await import('../bot/events/notices.js');
    const e = await eventWithAttendees('Koncert', 2);
    let up = false;
    const sent: number[] = [];
    const notices = new EventNotices(
      db.prisma,
      { notify: async (id) => (up ? (sent.push(id), true) : false) },
      { clock: () => clock.now() },
    );
    await new CoordinationRepository(db.prisma).cancel({ contactId: coordinatorId, verifiedChannel: true, message: 'telegram:x1' }, e.id);
    expect(await notices.tick()).toBe(0);
    expect(await db.prisma.eventNotice.count({ where: { eventId: e.id, sentAt: null } })).toBe(2);
    up = true;
    clock.advance(10 * 60_000);
    await notices.tick();
    expect(await notices.tick()).toBe(0);
    expect(sent.filter((id) => e.people.includes(id)).sort()).toEqual([...e.people].sort());
    expect(await db.prisma.eventNotice.count({ where: { eventId: e.id, status: 'SENT' } })).toBe(2);
  });

  it('a reminder is recorded as sent only after the send: a crash between claim and send does not lose it', async () => {
    const { EventNotices } = await import('../bot/events/notices.js');
    const e = await eventWithAttendees('Spacer', 1);
    const notifier = new RecordingNotifier();
    const now = new Date('2026-12-10T16:00:00Z');
    // A process claimed the reminder and died before sending: the row it left behind is stale.
    const r = new EventReminders(db.prisma, notifier, [120]);
    await db.prisma.eventNotice
      .create({
        data: {
          eventId: e.id,
          contactId: e.people[0]!,
          kind: 'reminder:2h',
          status: 'SENDING',
          attempts: 1,
          claimedAt: new Date(now.getTime() - 10 * 60_000),
        } as never,
      })
      .catch(async () => {
        // Before the outbox: the row written before the send is all there is, and it already counts as sent.
        await db.prisma.eventNotice.create({ data: { eventId: e.id, contactId: e.people[0]!, kind: 'reminder:2h' } });
      });
    await r.tick(now);
    await new EventNotices(db.prisma, notifier).tick(now);
    expect(notifier.sent.filter((s) => s.contactId === e.people[0])).toHaveLength(1);
    expect(await db.prisma.eventNotice.findFirstOrThrow({ where: { eventId: e.id } })).toMatchObject({
      status: 'SENT',
      sentAt: expect.any(Date),
    });
  });
});
