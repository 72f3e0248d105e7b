/**
 * A turn whose state write fails after its effect committed (the database went away in between) is processed again
 * when the provider retries the same message: the effect must not happen twice. Here the state write fails once
 * through a trigger (a real database error), for the confirmation of a broadcast and of a new event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDbKind } from './support/db.js';
import { FixedClock, makeEngine, productFeatures } from './support/harness.js';
import { ensureCategories } from '../prisma/seed/index.js';
import { grantCoordinator } from '../bot/admin/roles.js';
import { InboundPipeline } from '../bot/channels/inbound-pipeline.js';
import { InboundRepository } from '../bot/repositories/inbound.js';
import { createLogger } from '../bot/logger.js';
import { renderPlain } from '../dialogs/render-plain.js';
import type { Database } from '../prisma/database.js';

describe(`a retried turn repeats no side effect on ${testDbKind}`, () => {
  let db: Database;
  let pipeline: InboundPipeline;
  let orgId: number;
  let seq = 0;
  const clock = new FixedClock(new Date('2026-12-01T10:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    await ensureCategories(db.prisma);
    orgId = (await db.prisma.organization.create({ data: { dedupeKey: 'retry:1', name: 'Klub' } })).id;
    await grantCoordinator(db.prisma, { telegram: '7101' }, orgId);
    await db.prisma.contact.create({
      data: {
        identities: { create: [{ channel: 'SMS', address: '+48600970000' }] },
        subscriptions: { create: [{ target: `organization:${orgId}`, organizationId: orgId, channel: 'SMS' }] },
      },
    });
    const { engine } = makeEngine(db, productFeatures(db).features, clock);
    pipeline = new InboundPipeline({ engine, inbound: new InboundRepository(db), clock, logger: createLogger('silent'), quotas: {} });
    await db.prisma.$executeRawUnsafe(`CREATE SEQUENCE fail_state_seq`);
    await db.prisma.$executeRawUnsafe(`CREATE TABLE fail_state_armed (on_key text)`);
    // Fails the next state write of the armed conversation once (a sequence is not rolled back with the error).
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
    const out = await pipeline.process({ channel: 'telegram', messageId, from: '7101', conversationId: '7101', text, languageCode: 'pl' });
    return out.kind === 'duplicate' ? '(duplicate)' : out.replies.map(renderPlain).join('\n');
  };
  /** Sends `text`; its state write fails; the provider delivers the same message again. */
  const sendFailingOnce = async (text: string) => {
    await db.prisma.$executeRawUnsafe(`INSERT INTO fail_state_armed VALUES ('telegram/conversations/7101')`);
    await db.prisma.$executeRawUnsafe(`SELECT setval('fail_state_seq', 1, false)`);
    const id = `tg${++seq}`;
    await expect(send(text, id)).rejects.toThrow(/connection lost/);
    await db.prisma.$executeRawUnsafe(`DELETE FROM fail_state_armed`);
    return send(text, id);
  };

  it('a confirmed broadcast is created once', async () => {
    expect(await send(`NADAJ org ${orgId} | jutro 18:00 | Zebranie w piątek`)).toMatch(/^Podgląd/);
    expect(await sendFailingOnce('tak')).toMatch(/^Zaplanowano wysyłkę nr \d+/);
    expect(await db.prisma.broadcast.count({ where: { text: 'Zebranie w piątek' } })).toBe(1);
  });

  it('a confirmed new event is created once', async () => {
    for (const text of ['nowe wydarzenie', 'Sprzątanie parku', 'jutro 10:00', 'Park Książąt Pomorskich', '20']) await send(text);
    expect(await sendFailingOnce('tak')).toMatch(/\d/);
    expect(await db.prisma.event.count({ where: { title: 'Sprzątanie parku' } })).toBe(1);
  });
});
