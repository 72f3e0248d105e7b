/**
 * Ask an organisation end to end, through the real server: a resident's SMS comes in signed to /sms (Twilio's
 * webhook), the coordinator talks to the bot through the Telegram Bot API (FakeTelegram, long polling), and the
 * answer leaves through the official Twilio client to its HTTP boundary (FakeTwilio). The clock is injected, so the
 * 48-hour escalation to an administrator is tested without waiting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDbKind } from './support/db.js';
import { FakeTelegram } from './support/fake-telegram.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { LOCAL_TOKEN, postSignedSms, startTestServer } from './support/server.js';
import { FixedClock } from './support/harness.js';
import { ensureCategories, loadDemoData } from '../prisma/seed/index.js';
import { runAdminCommand } from '../bot/admin/commands.js';
import type { RunningServer } from '../bot/server.js';
import { transliterateToGsm } from '../bot/channels/sms/gsm.js';

const PUBLIC = 'https://bot.example.org';
const RESIDENT = '+48600123456';
const COORD = 4_200_001;
const ADMIN = 4_200_002;

describe(`questions end to end on ${testDbKind}`, () => {
  let tg: FakeTelegram;
  let twilio: FakeTwilio;
  let server: RunningServer;
  const clock = new FixedClock(new Date('2026-12-01T10:00:00Z'));
  let updateId = 0;

  beforeAll(async () => {
    tg = await new FakeTelegram().start();
    twilio = await new FakeTwilio().start();
    const db = await openTestDatabase();
    await ensureCategories(db.prisma);
    await loadDemoData(db.prisma);
    server = await startTestServer(
      {
        PUBLIC_URL: PUBLIC,
        TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000000',
        TWILIO_AUTH_TOKEN: LOCAL_TOKEN,
        TWILIO_FROM: '+48947000000',
        TWILIO_API_URL: twilio.url,
        TELEGRAM_BOT_TOKEN: tg.token,
        TELEGRAM_API_ROOT: tg.url,
        SMS_QUIET_HOURS: '22:00-08:00',
      },
      { db, clock },
    );
  });
  afterAll(async () => {
    await server?.stop();
    await tg?.stop();
    await twilio?.stop();
  });

  const sms = async (body: string) => {
    const res = await postSignedSms(server.url, PUBLIC, RESIDENT, body);
    expect(res.status).toBe(200);
    return res.text();
  };
  /** One Telegram message from a person; resolves with what the bot sent to that chat after it. */
  const telegram = async (from: number, text: string, extra: Record<string, unknown> = {}) => {
    const before = tg.sent(from).length;
    tg.push({
      update_id: ++updateId,
      message: {
        message_id: 10_000 + updateId,
        from: { id: from, is_bot: false, first_name: 'Ewa', language_code: 'pl' },
        chat: { id: from, type: 'private' },
        date: 1,
        text,
        ...extra,
      },
    });
    await tg.waitFor(() => tg.sent(from).length > before);
    return tg
      .sent(from)
      .slice(before)
      .map((c) => String(c.payload.text))
      .join('\n');
  };

  it('SMS question to the 2nd organisation of a nearest list → coordinator on Telegram → answers by SMS; escalation after 48 h', async () => {
    const prisma = server.db.prisma;
    expect(await sms('na Rokosowie')).toMatch(/1\. .*\n.*2\. /s);
    const list = await prisma.recentOrganizationList.findFirstOrThrow();
    const org = await prisma.organization.findUniqueOrThrow({ where: { id: list.organizationIds[1]! } });
    // The coordinator is granted with the admin command (what `npm run admin -- grant-coordinator` runs).
    expect(await runAdminCommand(prisma, ['grant-coordinator', '--org', String(org.id), '--telegram', String(COORD)])).toMatch(
      /coordinator/,
    );

    // Quiet hours are on and it is 23:00 in Warsaw: answers to a question are not delayed by them (SMS text is
    // transliterated to GSM-7 by default, as every SMS we send).
    clock.current = new Date('2026-12-01T22:00:00Z');
    const confirmation = await sms('ZAPYTAJ 2 Czy mogę przynieść ubrania w sobotę?');
    const ref = Number(/Pytanie #(\d+) wys/.exec(confirmation)![1]);
    await tg.waitFor(() => tg.sent(COORD).length > 0);
    const question = tg.sent(COORD)[0]!;
    expect(String(question.payload.text)).toContain(`#${ref}`);
    expect(String(question.payload.text)).toContain('Czy mogę przynieść ubrania w sobotę?');
    expect(JSON.stringify((question.payload.reply_markup as { inline_keyboard: unknown[][] }).inline_keyboard)).toContain(`q:take:${ref}`);

    // ODPOWIEDZ #n … → SMS through the Twilio API, with the organisation's name and the reference.
    expect(await telegram(COORD, `ODPOWIEDZ #${ref} Tak, w sobotę 10-14.`)).toContain(`Odpowiedź na #${ref}`);
    await new Promise((r) => setTimeout(r, 50));
    expect(twilio.received.filter((m) => m.to === RESIDENT).map((m) => m.body)).toEqual([
      expect.stringContaining(transliterateToGsm(`${org.name} (#${ref}): Tak, w sobotę 10-14.`)),
    ]);

    // The resident's follow-up goes to the thread; the coordinator answers it by Telegram reply-to.
    expect(await sms('Do której godziny?')).toContain(`#${ref}`);
    await tg.waitFor(() => tg.sent(COORD).some((c) => String(c.payload.text).includes('Do której godziny?')));
    expect(
      await telegram(COORD, 'Do 14.', {
        reply_to_message: {
          message_id: Number((await prisma.questionNotice.findFirstOrThrow({ where: { threadId: ref, kind: 'question' } })).messageId),
          date: 1,
          chat: { id: COORD, type: 'private' },
        },
      }),
    ).toContain(`#${ref}`);
    await tg.waitFor(() => twilio.received.filter((m) => m.to === RESIDENT).length === 2);
    expect(twilio.received.filter((m) => m.to === RESIDENT)[1]!.body).toContain(`(#${ref}): Do 14.`);

    // The resident's number appears nowhere in what the organisation's people received.
    const toCoordinator = JSON.stringify(tg.calls.filter((c) => String(c.payload.chat_id) === String(COORD)));
    expect(toCoordinator).not.toContain(RESIDENT);
    expect(toCoordinator).not.toContain(RESIDENT.slice(3));
    await sms('ZAMKNIJ');

    // A second question nobody answers: after 48 hours an administrator gets it and the resident is told.
    expect(await runAdminCommand(prisma, ['grant-admin', '--telegram', String(ADMIN)])).toMatch(/administrator/);
    await sms('na Rokosowie');
    const second = Number(/Pytanie #(\d+) wys/.exec(await sms('ZAPYTAJ 2 Czy jesteście otwarci w święta?'))![1]);
    clock.advance(49 * 3_600_000);
    expect((await server.questions.tick(clock.now())).escalated).toEqual([second]);
    await tg.waitFor(() => tg.sent(ADMIN).length > 0);
    expect(String(tg.sent(ADMIN).at(-1)!.payload.text)).toMatch(new RegExp(`#${second}.*48 h`, 's'));
    expect(JSON.stringify(tg.calls.filter((c) => String(c.payload.chat_id) === String(ADMIN)))).not.toContain(RESIDENT.slice(3));
    expect(twilio.received.filter((m) => m.to === RESIDENT).at(-1)!.body).toMatch(new RegExp(`#${second}.*(Centrum|centrum)`, 's'));
    // The administrator answers in the city's name.
    expect(await telegram(ADMIN, `ODPOWIEDZ #${second} Tak, 24 i 26 grudnia nieczynne.`)).toContain(`#${second}`);
    await tg.waitFor(() => twilio.received.at(-1)!.body.includes('nieczynne'));
    expect(twilio.received.at(-1)!.body).toMatch(/Centrum Organizacji Pozarz/);
  });
});
