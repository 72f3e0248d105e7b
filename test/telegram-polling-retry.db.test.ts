/**
 * Long polling while the database fails: the update's turn is retried (bounded, with backoff) before grammY moves
 * past it, so the message is answered once the database answers again, and answered once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDbKind } from './support/db.js';
import { startTestServer } from './support/server.js';
import { FakeTelegram, privateText } from './support/fake-telegram.js';
import type { RunningServer } from '../bot/server.js';

describe(`Telegram long polling with the database failing on ${testDbKind}`, () => {
  let tg: FakeTelegram;
  let server: RunningServer;
  beforeAll(async () => {
    tg = await new FakeTelegram().start();
    const db = await openTestDatabase();
    // The first two claims of update 9001 fail as a lost connection would (a sequence is not rolled back).
    await db.prisma.$executeRawUnsafe(`CREATE SEQUENCE fail_claim_seq`);
    await db.prisma.$executeRawUnsafe(`CREATE FUNCTION fail_claim() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW."externalId" = '9001' AND nextval('fail_claim_seq') <= 2 THEN RAISE EXCEPTION 'connection lost'; END IF;
        RETURN NEW;
      END $$`);
    await db.prisma.$executeRawUnsafe(
      `CREATE TRIGGER fail_claim BEFORE INSERT ON "InboundMessage" FOR EACH ROW EXECUTE FUNCTION fail_claim()`,
    );
    server = await startTestServer({ TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url }, { db });
  });
  afterAll(async () => {
    await server?.stop();
    await tg?.stop();
  });

  it('the update is answered once the database is back, exactly once', async () => {
    tg.push(privateText(9001, 1, { id: 4501, first_name: 'Ola', language_code: 'pl' }, 'pomoc'));
    await tg.waitFor(() => tg.sent(4501).length >= 1, 10_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(tg.sent(4501)).toHaveLength(1);
    expect(tg.sent(4501)[0]!.payload.text).toMatch(/^Napisz adres/);
  });
});
