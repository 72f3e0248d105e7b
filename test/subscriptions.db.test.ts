import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDbKind } from './support/db.js';
import { makeEngine, productFeatures, runTranscript } from './support/harness.js';
import { ensureCategories } from '../prisma/seed/index.js';
import type { Database } from '../prisma/database.js';

describe(`subscriptions on ${testDbKind}`, () => {
  let db: Database;
  let h: ReturnType<typeof makeEngine>;
  let orgId: number;
  beforeAll(async () => {
    db = await openTestDatabase();
    await ensureCategories(db.prisma);
    orgId = (await db.prisma.organization.create({ data: { dedupeKey: 's:1', name: 'Klub Sportowy Bałtyk' } })).id;
    h = makeEngine(db, productFeatures(db).features);
  });
  afterAll(async () => db?.close());

  it('pl: follow a topic and an organisation, list, leave one topic; a bare STOP stays global', async () => {
    const u = h.user('sms:+48600950001');
    await runTranscript(u.says, [
      ['SUBSKRYBUJ SENIORZY', 'Obserwujesz temat: Seniorzy. Wiadomości przyjdą tym kanałem. Aby przestać: STOP SENIORZY.'],
      ['subskrybuj seniorzy', 'Już obserwujesz: Seniorzy.'],
      [`OBSERWUJ ${orgId}`, `Obserwujesz organizację: Klub Sportowy Bałtyk. Aby przestać: STOP ORG ${orgId}.`],
      ['moje subskrypcje', 'Obserwujesz: Seniorzy, Klub Sportowy Bałtyk.'],
      ['STOP SENIORZY', 'Nie obserwujesz już: Seniorzy. Inne subskrypcje zostają.'],
      ['moje subskrypcje', 'Obserwujesz: Klub Sportowy Bałtyk.'],
      ['STOP', 'Wypisano Cię ze wszystkich wiadomości.'],
      ['subskrybuj sport', 'Uwaga: masz włączone STOP'],
      ['subskrybuj astrologia', /^Nie znam tematu „astrologia”\. Tematy: SENIORZY, DZIECI, SPORT/],
      ['OBSERWUJ 999999', 'Nie znam organizacji nr 999999.'],
    ]);
    const c = await db.prisma.contactIdentity.findUniqueOrThrow({
      where: { channel_address: { channel: 'SMS', address: '+48600950001' } },
      include: { contact: { include: { subscriptions: true } } },
    });
    expect(c.contact.status).toBe('STOPPED');
    expect(c.contact.subscriptions.map((s) => [s.target, s.consentText, s.channel])).toEqual([
      [`organization:${orgId}`, `OBSERWUJ ${orgId}`, 'SMS'],
      [expect.stringMatching(/^category:/), 'subskrybuj sport', 'SMS'],
    ]);
  });

  it('en and uk keywords; the menu entry lists subscriptions', async () => {
    const u = h.user('telegram:950002', { languageCode: 'en' });
    await runTranscript(u.says, [
      ['FOLLOW SPORT', 'You follow the topic: Sport and recreation.'],
      ['unfollow sport', 'You no longer follow: Sport and recreation.'],
      ['menu', /3\. Subscriptions/],
      ['3', /^You follow nothing yet\. Send e\.g\. FOLLOW SPORT\./],
    ]);
    await runTranscript(h.user('telegram:950003', { languageCode: 'uk' }).says, [['ПІДПИСАТИСЯ тварини', 'Ви стежите за темою: Тварини.']]);
    expect(h.errors).toEqual([]);
  });
});

describe(`one person on two channels on ${testDbKind}`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
    await ensureCategories(db.prisma);
  });
  afterAll(async () => db?.close());

  it('sharing a phone number from Telegram merges the SMS contact: one contact, each broadcast once', async () => {
    const h = makeEngine(db, productFeatures(db).features);
    await runTranscript(h.user('sms:+48600970001').says, [['SUBSKRYBUJ SENIORZY', 'Obserwujesz temat: Seniorzy']]);
    const tg = h.user('telegram:970001', { languageCode: 'pl' });
    await runTranscript(tg.says, [['FOLLOW SPORT', 'Obserwujesz temat: Sport']]);
    expect(await tg.send(undefined, { sharedPhone: '+48600970001' })).toEqual([
      { kind: 'text', text: 'Połączono numer +48600970001 z tym kontem Telegram: każdą wiadomość dostaniesz raz, w Telegramie.' },
    ]);
    const ids = await db.prisma.contactIdentity.findMany({ where: { address: { in: ['+48600970001', '970001'] } } });
    expect(new Set(ids.map((i) => i.contactId)).size).toBe(1);
    const subs = await db.prisma.subscription.findMany({ where: { contactId: ids[0]!.contactId } });
    expect(subs).toHaveLength(2);
    const { BroadcastService } = await import('../bot/delivery/broadcasts.js');
    const seniors = await db.prisma.category.findUniqueOrThrow({ where: { slug: 'seniorzy' } });
    const r = await new BroadcastService(db.prisma, { transliterate: true, pricePerSegment: 0.2 }).recipients(
      { kind: 'TOPIC', ref: seniors.id },
      'TELEGRAM_FIRST',
    );
    expect(r.list).toEqual([{ contactId: ids[0]!.contactId, channel: 'TELEGRAM' }]);
    await runTranscript(h.user('sms:+48600970001').says, [['moje subskrypcje', /Seniorzy.*Sport|Sport.*Seniorzy/]]);
  });
});
