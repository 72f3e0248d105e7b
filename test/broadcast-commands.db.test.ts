import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDbKind } from './support/db.js';
import { FixedClock, makeEngine, productFeatures, runTranscript } from './support/harness.js';
import { ensureCategories } from '../prisma/seed/index.js';
import { grantAdmin, grantCoordinator } from '../bot/admin/roles.js';
import type { Database } from '../prisma/database.js';

describe(`broadcasts by chat command on ${testDbKind}`, () => {
  let db: Database;
  let h: ReturnType<typeof makeEngine>;
  let orgId: number;
  let eventId: number;
  const clock = new FixedClock(new Date('2026-12-01T10:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    await ensureCategories(db.prisma);
    orgId = (await db.prisma.organization.create({ data: { dedupeKey: 'b:1', name: 'Klub' } })).id;
    const other = (await db.prisma.organization.create({ data: { dedupeKey: 'b:2', name: 'Inna' } })).id;
    eventId = (
      await db.prisma.event.create({ data: { organizationId: other, title: 'Cudze', startsAt: new Date('2026-12-20T10:00:00Z') } })
    ).id;
    await grantCoordinator(db.prisma, { telegram: '6001' }, orgId);
    await grantAdmin(db.prisma, { telegram: '6002' });
    for (let i = 0; i < 3; i++)
      await db.prisma.contact.create({
        data: {
          identities: { create: [{ channel: 'SMS', address: `+4860096000${i}` }] },
          subscriptions: { create: [{ target: `organization:${orgId}`, organizationId: orgId, channel: 'SMS' }] },
        },
      });
    await db.prisma.contact.create({
      data: {
        identities: { create: [{ channel: 'TELEGRAM', address: '6100', chatId: '6100' }] },
        subscriptions: { create: [{ target: `organization:${orgId}`, organizationId: orgId, channel: 'TELEGRAM' }] },
      },
    });
    h = makeEngine(db, productFeatures(db).features, clock);
  });
  afterAll(async () => db?.close());

  it('pl: a coordinator schedules to their organisation with a preview, lists and cancels it', async () => {
    const u = h.user('telegram:6001', { languageCode: 'pl' });
    const replies = await runTranscript(u.says, [
      [
        'NADAJ org ' + orgId + ' | jutro 18:00 | Zapraszamy na spotkanie w Ratuszu!',
        /^Podgląd: Telegram 2, SMS 3 \(1 segm\. na SMS, GSM-7\), razem 3 segm\., ok\. 0\.60 zł\. Bez kontaktu: 0\. Wysyłka: .*2\.12.*18:00\. Wysłać\?\n1\. Tak\n2\. Nie$/,
      ],
      ['tak', /^Zaplanowano wysyłkę nr (\d+)\. Anulowanie: ANULUJ WYSYŁKĘ \1\.$/],
      ['moje wysyłki', /^Twoje wysyłki:\n\d+\. SCHEDULED, .*: Zapraszamy na spotkanie w Ratuszu!$/],
    ]);
    const id = Number(/nr (\d+)/.exec(replies[1]!)![1]);
    const b = await db.prisma.broadcast.findUniqueOrThrow({ where: { id } });
    expect(b).toMatchObject({
      audience: 'ORGANIZATION',
      audienceRef: orgId,
      channelPolicy: 'TELEGRAM_FIRST',
      nextRunAt: new Date('2026-12-02T17:00:00Z'),
      status: 'SCHEDULED',
    });
    await runTranscript(u.says, [[`anuluj wysyłkę ${id}`, `Anulowano wysyłkę nr ${id}.`]]);
    expect((await db.prisma.broadcast.findUniqueOrThrow({ where: { id } })).status).toBe('CANCELLED');
  });

  it('refusals: another organisation, a topic, everyone, urgent, over SMS, and bad input', async () => {
    const coord = h.user('telegram:6001', { languageCode: 'pl' });
    await runTranscript(coord.says, [
      [`NADAJ wydarzenie ${eventId} | teraz | x`, 'Nie możesz wysyłać do tych odbiorców'],
      ['NADAJ temat seniorzy | teraz | x', 'Nie możesz wysyłać do tych odbiorców'],
      ['NADAJ wszyscy | teraz | x', 'Nie możesz wysyłać do tych odbiorców'],
      [`NADAJ org ${orgId} pilne | teraz | x`, 'Nie możesz wysyłać do tych odbiorców'],
      ['NADAJ cokolwiek | teraz | x', 'Nie rozumiem odbiorców „cokolwiek”.'],
      [`NADAJ org ${orgId} | kiedyś | x`, 'Nie rozumiem terminu „kiedyś”.'],
      [`NADAJ org ${orgId} | teraz |   `, 'Treść wiadomości jest pusta.'],
      ['NADAJ', /^Format: NADAJ odbiorcy \| kiedy \| treść/],
    ]);
    await runTranscript(h.user('sms:+48600960000').says, [[`NADAJ org ${orgId} | teraz | x`, 'działa tylko w Telegramie']]);
    expect(await db.prisma.broadcast.count({ where: { status: 'SCHEDULED' } })).toBe(0);
  });

  it('pl: guided scheduling (who, when, what, preview) and editing before it starts', async () => {
    const u = h.user('telegram:6001', { languageCode: 'pl' });
    await u.says('polski');
    const r = await runTranscript(u.says, [
      ['nowa wysyłka', /^Do kogo\?\n1\. Obserwujący i członkowie: Klub$/],
      ['1', /^Kiedy wysłać\?/],
      ['kiedyś', /^Nie rozumiem terminu „kiedyś”\. Kiedy wysłać\?/],
      ['co tydzień pn,śr 9:00', 'Napisz treść wiadomości.'],
      ['Trening w parku', /^Podgląd: Telegram 2, SMS 3 .* Wysyłka: śr\., 2\.12, 09:00, co tydzień\. Wysłać\?/],
      ['tak', /^Zaplanowano wysyłkę nr (\d+)\./],
    ]);
    const id = Number(/nr (\d+)/.exec(r.at(-1)!)![1]);
    await runTranscript(u.says, [
      [`zmień wysyłkę ${id} | - | Trening w parku (zmiana godziny!)`, /^Podgląd: .* Wysyłka: śr\., 2\.12, 09:00, co tydzień\./],
      ['tak', `Zmieniono wysyłkę nr ${id}.`],
      [`zmień wysyłkę ${id} | jutro 18:00 | -`, /^Podgląd: .* Wysyłka: śr\., 2\.12, 18:00\. Wysłać\?/],
      ['tak', `Zmieniono wysyłkę nr ${id}.`],
    ]);
    expect(await db.prisma.broadcast.findUniqueOrThrow({ where: { id } })).toMatchObject({
      text: 'Trening w parku (zmiana godziny!)',
      recurrence: 'NONE',
      nextRunAt: new Date('2026-12-02T17:00:00Z'),
    });
    await db.prisma.broadcast.update({ where: { id }, data: { lastRunAt: new Date('2026-12-01T09:00:00Z') } });
    await runTranscript(u.says, [[`zmień wysyłkę ${id} | - | x`, `Wysyłki nr ${id} nie można zmienić`]]);
    await runTranscript(h.user('telegram:6002', { languageCode: 'pl' }).says, [
      [`zmień wysyłkę ${id} | - | x`, `Wysyłki nr ${id} nie można zmienić`],
    ]);
    await runTranscript(h.user('telegram:6999', { languageCode: 'pl' }).says, [['nowa wysyłka', 'Nie możesz wysyłać do tych odbiorców']]);
  });

  it('en: an administrator sends a weekly urgent SMS-only broadcast to a topic; NO drops it', async () => {
    const admin = h.user('telegram:6002', { languageCode: 'en' });
    await admin.says('english');
    await runTranscript(admin.says, [
      [
        'BROADCAST topic seniors sms urgent | weekly mon,wed 9:00 | Flu vaccination this week',
        /^Preview: Telegram 0, SMS 0 .* Sending: Wed 2 Dec, 09:00, weekly\. Send it\?/,
      ],
      ['yes', /^Broadcast no\. \d+ is scheduled\./],
      ['BROADCAST everyone | now | Test', /^Preview: /],
      ['no', 'Nothing was changed.'],
    ]);
    const b = await db.prisma.broadcast.findFirstOrThrow({ where: { text: 'Flu vaccination this week' } });
    expect(b).toMatchObject({
      audience: 'TOPIC',
      channelPolicy: 'SMS_ONLY',
      urgent: true,
      recurrence: 'WEEKLY',
      recurrenceDays: [1, 3],
      recurrenceTime: '09:00',
    });
    expect(await db.prisma.broadcast.count({ where: { text: 'Test' } })).toBe(0);
    expect(h.errors).toEqual([]);
  });
});
