import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDbKind } from './support/db.js';
import { FixedClock, makeEngine, productFeatures, runTranscript, RecordingNotifier } from './support/harness.js';
import { ensureCategories } from '../prisma/seed/index.js';
import { EventReminders } from '../bot/events/reminders.js';
import { parseOffsets } from '../bot/events/offsets.js';
import type { Database } from '../prisma/database.js';

describe(`events, transcripts on ${testDbKind}`, () => {
  let db: Database;
  let h: ReturnType<typeof makeEngine>;
  let product: ReturnType<typeof productFeatures>;
  let ids: { cafe: number; small: number; seniors: number };
  let n = 0;
  const clock = new FixedClock(new Date('2026-12-01T10:00:00Z'));
  const sms = () => h.user(`sms:+4860070${String(++n).padStart(4, '0')}`);
  const tg = () => h.user(`telegram:${700000 + ++n}`, { languageCode: 'en' });

  beforeAll(async () => {
    db = await openTestDatabase();
    await ensureCategories(db.prisma);
    const seniors = await db.prisma.category.findUniqueOrThrow({ where: { slug: 'seniorzy' } });
    const org = await db.prisma.organization.create({ data: { dedupeKey: 'e:1', name: 'Klub Seniora', lat: 54.19, lng: 16.18 } });
    const cafe = await db.prisma.event.create({
      data: {
        organizationId: org.id,
        title: 'Kawiarenka obywatelska',
        startsAt: new Date('2026-12-04T16:00:00Z'),
        place: 'Rynek Staromiejski 6',
        capacity: 20,
      },
    });
    const small = await db.prisma.event.create({
      data: {
        organizationId: org.id,
        title: 'Warsztaty',
        startsAt: new Date('2026-12-05T09:00:00Z'),
        place: 'ul. Zwycięstwa 1',
        capacity: 1,
      },
    });
    const sen = await db.prisma.event.create({
      data: {
        organizationId: org.id,
        categoryId: seniors.id,
        title: 'Gimnastyka seniora',
        startsAt: new Date('2026-12-06T09:00:00Z'),
        capacity: null,
      },
    });
    await db.prisma.event.create({ data: { organizationId: org.id, title: 'Przeszłe', startsAt: new Date('2026-11-01T09:00:00Z') } });
    ids = { cafe: cafe.id, small: small.id, seniors: sen.id };
    product = productFeatures(db);
    h = makeEngine(db, product.features, clock);
  });
  afterAll(async () => db?.close());

  it('pl: list, details by number, sign up, twice is once, my events', async () => {
    await runTranscript(sms().says, [
      [
        'wydarzenia',
        new RegExp(
          `^Najbliższe wydarzenia:\\n${ids.cafe}\\. Kawiarenka obywatelska, pt\\.?,? 4\\.12.*17:00, Rynek Staromiejski 6, wolne 20/20\\n${ids.small}\\. Warsztaty.*\\n${ids.seniors}\\. Gimnastyka seniora.*\\nSzczegóły: numer\\. Zapis: ZAPISZ i numer wydarzenia, np\\. ZAPISZ ${ids.cafe}\\.$`,
        ),
      ],
      [
        String(ids.cafe),
        new RegExp(
          `^Kawiarenka obywatelska\\nKiedy: .*17:00\\nGdzie: Rynek Staromiejski 6\\nOrganizator: Klub Seniora\\nwolne 20/20\\nZapis: ZAPISZ ${ids.cafe}, rezygnacja: WYPISZ ${ids.cafe}\\.$`,
        ),
      ],
      [
        `ZAPISZ ${ids.cafe}`,
        new RegExp(`^Zapisano: Kawiarenka obywatelska, .*17:00, Rynek Staromiejski 6\\. Rezygnacja: WYPISZ ${ids.cafe}\\.$`),
      ],
      [`zapisz ${ids.cafe}`, 'Już jesteś zapisany/a na Kawiarenka obywatelska'],
      ['moje wydarzenia', new RegExp(`^Twoje wydarzenia:\\n${ids.cafe}\\. Kawiarenka obywatelska`)],
      [`WYPISZ ${ids.cafe}`, 'Wypisano Cię z: Kawiarenka obywatelska.'],
      [`wypisz ${ids.cafe}`, `Nie było Cię na liście wydarzenia nr ${ids.cafe}.`],
      ['moje wydarzenia', 'Nie jesteś zapisany/a na żadne wydarzenie.'],
      ['ZAPISZ 99999', 'Nie znam wydarzenia nr 99999.'],
    ]);
  });

  it('a sign-up without the number: "zapisz mnie na to" after details, "ten trzeci" or "the Sunday one" after a list (pl, en, uk)', async () => {
    await runTranscript(sms().says, [
      ['wydarzenia', /^Najbliższe wydarzenia:/],
      [String(ids.cafe), /^Kawiarenka obywatelska\n/],
      ['super, zapisz mnie na to', /^Zapisano: Kawiarenka obywatelska/],
    ]);
    await runTranscript(sms().says, [
      ['wydarzenia', /^Najbliższe wydarzenia:/],
      ['ten trzeci biorę, zapiszcie mnie', /^Zapisano: Gimnastyka seniora/],
    ]);
    await runTranscript(tg().says, [
      ['events', /^Upcoming events:/],
      ['sign me up for the one on sunday please', /^You are signed up: Gimnastyka seniora/],
    ]);
    await runTranscript(h.user(`telegram:${700000 + ++n}`, { languageCode: 'uk' }).says, [
      ['події', /^Найближчі події:/],
      [String(ids.seniors), /^Gimnastyka seniora\n/],
      ['запишіть мене, будь ласка', /^Ви зареєстровані: Gimnastyka seniora/],
    ]);
    // Not clear which one: the list again, nobody signed up by guess.
    const u = sms();
    await runTranscript(u.says, [
      ['wydarzenia', /^Najbliższe wydarzenia:/],
      ['zapisz mnie', /^Najbliższe wydarzenia:/],
    ]);
  });

  it('pl: a full event puts the next person on the waitlist; a cancellation promotes them and tells them', async () => {
    const a = sms();
    const b = sms();
    await runTranscript(a.says, [[`ZAPISZ ${ids.small}`, 'Zapisano: Warsztaty']]);
    await runTranscript(b.says, [[`ZAPISZ ${ids.small}`, 'Brak miejsc na Warsztaty. Jesteś na liście rezerwowej, pozycja 1.']]);
    await runTranscript(b.says, [['wydarzenia', 'brak miejsc (lista rezerwowa)']]);
    const before = product.notifier.sent.length;
    await runTranscript(a.says, [[`WYPISZ ${ids.small}`, 'Wypisano Cię z: Warsztaty.']]);
    const promoted = product.notifier.sent.slice(before);
    expect(promoted).toHaveLength(1);
    expect(promoted[0]!.replies[0]).toMatchObject({
      kind: 'text',
      text: expect.stringMatching(/^Zwolniło się miejsce! Jesteś zapisany\/a na Warsztaty/),
    });
    const bContact = await db.prisma.contactIdentity.findUniqueOrThrow({
      where: { channel_address: { channel: 'SMS', address: `+4860070${String(n).padStart(4, '0')}` } },
    });
    expect(promoted[0]!.contactId).toBe(bContact.contactId);
  });

  it('pl: by category', async () => {
    await runTranscript(sms().says, [
      ['wydarzenia seniorzy', new RegExp(`^Najbliższe wydarzenia \\(seniorzy\\):\\n${ids.seniors}\\. Gimnastyka seniora`)],
    ]);
  });

  it('en: list, JOIN and LEAVE', async () => {
    const u = sms();
    await u.says('english');
    await runTranscript(u.says, [
      ['events', /^Upcoming events:\n\d+\. Kawiarenka obywatelska, Fri/],
      [`JOIN ${ids.seniors}`, 'You are signed up: Gimnastyka seniora'],
      [`leave ${ids.seniors}`, 'You are no longer signed up for: Gimnastyka seniora.'],
      ['join 99999', 'I do not know event no. 99999.'],
    ]);
  });

  it('en: Telegram deep link event_<id> shows details with buttons; a press signs up', async () => {
    const u = tg();
    const details = await u.send(undefined, { startPayload: `event_${ids.cafe}` });
    expect(details[0]).toMatchObject({
      kind: 'choices',
      text: expect.stringMatching(/^Kawiarenka obywatelska\nWhen: /),
      choices: [
        { value: `join:${ids.cafe}`, label: 'Sign up' },
        { value: `leave:${ids.cafe}`, label: 'Cancel my place' },
      ],
    });
    const joined = await u.send(undefined, { choice: `join:${ids.cafe}` });
    expect(joined[0]).toMatchObject({ kind: 'text', text: expect.stringMatching(/^You are signed up: Kawiarenka obywatelska/) });
  });

  it('a past or unknown deep link is answered clearly', async () => {
    const u = tg();
    expect(await u.send(undefined, { startPayload: 'event_424242' })).toEqual([
      { kind: 'text', text: 'I do not know event no. 424242. Send EVENTS for the list.' },
    ]);
    expect(h.errors).toEqual([]);
  });
});

describe(`event reminders with an injected clock on ${testDbKind}`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => db?.close());

  it('24 h and 2 h before, once each; a late sign-up gets only the reminder of its window', async () => {
    const prisma = db.prisma;
    const org = await prisma.organization.create({ data: { dedupeKey: 'r:1', name: 'Org' } });
    const startsAt = new Date('2026-12-10T17:00:00Z');
    const event = await prisma.event.create({ data: { organizationId: org.id, title: 'Spotkanie', startsAt, place: 'Ratusz' } });
    const early = await prisma.contact.create({ data: { identities: { create: [{ channel: 'SMS', address: '+48600800001' }] } } });
    await prisma.signup.create({ data: { eventId: event.id, contactId: early.id, status: 'CONFIRMED' } });
    const notifier = new RecordingNotifier();
    const r = new EventReminders(prisma, notifier, parseOffsets('24h,2h'));
    const at = (hoursBefore: number) => new Date(startsAt.getTime() - hoursBefore * 3600_000);
    expect(await r.tick(at(25))).toBe(0);
    expect(await r.tick(at(23.9))).toBe(1);
    expect(await r.tick(at(23))).toBe(0);
    expect(await r.tick(at(3))).toBe(0);
    const late = await prisma.contact.create({ data: {} });
    await prisma.signup.create({ data: { eventId: event.id, contactId: late.id, status: 'CONFIRMED' } });
    expect(await r.tick(at(1.5))).toBe(2);
    expect(await r.tick(at(1))).toBe(0);
    expect(notifier.sent.map((s) => s.contactId)).toEqual([early.id, early.id, late.id]);
    expect(notifier.sent[0]!.replies[0]).toMatchObject({
      text: expect.stringMatching(/^Przypomnienie: Spotkanie, .*18:00, Ratusz\. Nie możesz przyjść\? WYPISZ \d+\.$/),
    });
    const kinds = await prisma.eventNotice.findMany({ orderBy: { id: 'asc' } });
    expect(kinds.map((k) => k.kind)).toEqual(['reminder:24h', 'reminder:2h', 'reminder:2h']);
    expect(await r.tick(new Date(startsAt.getTime() + 60_000))).toBe(0);
  });

  it('a failed send is retried on the next tick', async () => {
    const prisma = db.prisma;
    const org = await prisma.organization.create({ data: { dedupeKey: 'r:2', name: 'Org2' } });
    const event = await prisma.event.create({ data: { organizationId: org.id, title: 'X', startsAt: new Date('2026-12-20T10:00:00Z') } });
    const c = await prisma.contact.create({ data: {} });
    await prisma.signup.create({ data: { eventId: event.id, contactId: c.id, status: 'CONFIRMED' } });
    let fail = true;
    const sent: number[] = [];
    const r = new EventReminders(prisma, { notify: async (id) => (fail ? false : (sent.push(id), true)) }, [120]);
    expect(await r.tick(new Date('2026-12-20T09:00:00Z'))).toBe(0);
    fail = false;
    expect(await r.tick(new Date('2026-12-20T09:01:00Z'))).toBe(1);
    expect(sent).toEqual([c.id]);
  });

  it('parses offsets and rejects bad ones', () => {
    expect(parseOffsets('2h, 24h,30m')).toEqual([1440, 120, 30]);
    expect(() => parseOffsets('soon')).toThrow(/bad reminder offset/);
  });
});
