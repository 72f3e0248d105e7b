/**
 * Issue 14 item 13: a per-sender reply quota on Telegram too (TELEGRAM_REPLIES_PER_HOUR), like the SMS one: past
 * it one short notice, then silence for the hour; STOP still works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKind } from './support/db.js';
import { startTestServer } from './support/server.js';
import { FakeTelegram } from './support/fake-telegram.js';
import { loadConfig } from '../bot/config.js';
import type { RunningServer } from '../bot/server.js';

describe(`Telegram per-sender quota on ${testDbKind}`, () => {
  let tg: FakeTelegram;
  let server: RunningServer;
  beforeAll(async () => {
    tg = await new FakeTelegram().start();
    server = await startTestServer({ TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url, TELEGRAM_REPLIES_PER_HOUR: '3' });
  });
  afterAll(async () => {
    await server?.stop();
    await tg?.stop();
  });

  it('TELEGRAM_REPLIES_PER_HOUR: validated, default 120', () => {
    expect(loadConfig({}).telegramRepliesPerHour).toBe(120);
    expect(() => loadConfig({ TELEGRAM_REPLIES_PER_HOUR: '0' })).toThrow(/TELEGRAM_REPLIES_PER_HOUR/);
  });

  it('a flood from one Telegram user gets its quota of answers, one notice, then silence; another user is not affected', async () => {
    const msg = (id: number, from: number, text: string) => ({
      update_id: id,
      message: {
        message_id: id,
        from: { id: from, is_bot: false, first_name: 'F', language_code: 'en' },
        chat: { id: from, type: 'private' },
        date: 1,
        text,
      },
    });
    for (let i = 1; i <= 8; i++) tg.push(msg(i, 61, 'help') as never);
    tg.push(msg(9, 62, 'help') as never);
    await tg.waitFor(() => tg.sent(62).length >= 1, 15_000);
    await new Promise((r) => setTimeout(r, 300));
    const texts = tg.sent(61).map((c) => String(c.payload.text));
    expect(texts).toHaveLength(4);
    expect(texts.slice(0, 3).every((t) => /^Send an address/.test(t))).toBe(true);
    expect(texts[3]).toBe('Too many messages. I will answer again in about an hour.');
    expect(tg.sent(62)).toHaveLength(1);
    // Opting out is never blocked by a quota.
    tg.push(msg(10, 61, 'STOP') as never);
    await tg.waitFor(() => tg.sent(61).length >= 5, 10_000);
    const contact = await server.db.prisma.contactIdentity.findUniqueOrThrow({
      where: { channel_address: { channel: 'TELEGRAM', address: '61' } },
      include: { contact: true },
    });
    expect(contact.contact.status).toBe('STOPPED');
  });
});
