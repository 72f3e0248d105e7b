import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDbKind } from './support/db.js';
import { FixedClock, makeEngine, productFeatures, runTranscript } from './support/harness.js';
import { grantAdmin, grantCoordinator, AdminError } from '../bot/admin/roles.js';
import type { Database } from '../prisma/database.js';

describe(`coordinators manage events by chat on ${testDbKind}`, () => {
  let db: Database;
  let h: ReturnType<typeof makeEngine>;
  let product: ReturnType<typeof productFeatures>;
  let orgId: number;
  let otherOrgId: number;
  const clock = new FixedClock(new Date('2026-12-01T10:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    orgId = (await db.prisma.organization.create({ data: { dedupeKey: 'k:1', name: 'Klub Seniora' } })).id;
    otherOrgId = (await db.prisma.organization.create({ data: { dedupeKey: 'k:2', name: 'Inna Fundacja' } })).id;
    await grantCoordinator(db.prisma, { telegram: '5001' }, orgId);
    await grantCoordinator(db.prisma, { telegram: '5002' }, otherOrgId);
    await grantCoordinator(db.prisma, { phone: '+48600900001' }, orgId);
    product = productFeatures(db);
    h = makeEngine(db, product.features, clock);
  });
  afterAll(async () => db?.close());

  it('pl: create (guided, with validation), edit seats (promotes the waitlist), attendees CSV, cancel (attendees told)', async () => {
    const coord = h.user('telegram:5001', { languageCode: 'pl' });
    const replies = await runTranscript(coord.says, [
      ['nowe wydarzenie', 'Podaj tytuł wydarzenia.'],
      ['Spotkanie organizacji', /^Kiedy\? Np\. jutro 18:00/],
      ['wczoraj 10:00', /^Nie rozumiem tej daty\. Kiedy\?/],
      ['2026-11-30 10:00', /^Ta data już minęła\. Kiedy\?/],
      ['jutro 18:00', 'Gdzie się odbędzie?'],
      ['Ratusz, sala obrad', 'Ile jest miejsc?'],
      ['dużo', /^Podaj liczbę od 0 do 100000\./],
      ['2', /^Utworzyć wydarzenie\?\nSpotkanie organizacji\n.*2\.12.*18:00\nRatusz, sala obrad\n2\n1\. Tak\n2\. Nie$/],
      ['tak', /^Utworzono wydarzenie nr (\d+)\. Zapisy: ZAPISZ \1 \(SMS\) lub link https:\/\/t\.me\/KoszalinNgoBot\?start=event_\1$/],
    ]);
    const id = Number(/nr (\d+)/.exec(replies.at(-1)!)![1]);
    const event = await db.prisma.event.findUniqueOrThrow({ where: { id } });
    expect(event).toMatchObject({
      organizationId: orgId,
      title: 'Spotkanie organizacji',
      place: 'Ratusz, sala obrad',
      capacity: 2,
      startsAt: new Date('2026-12-02T17:00:00Z'),
    });

    const people = ['+48600910001', '+48600910002', '+48600910003'].map((p) => h.user(`sms:${p}`));
    for (const p of people) await p.says(`ZAPISZ ${id}`);
    expect(await db.prisma.signup.count({ where: { eventId: id, status: 'WAITLISTED' } })).toBe(1);

    const before = product.notifier.sent.length;
    await runTranscript(coord.says, [
      [`zmień ${id}`, /^Co zmienić w Spotkanie organizacji\?\n1\. Termin\n2\. Miejsce\n3\. Limit miejsc$/],
      ['3', 'Ile jest miejsc?'],
      ['1', 'Zapisanych jest już 2 osób: limit nie może być mniejszy.'],
      ['3', 'Zapisano zmianę w Spotkanie organizacji. Powiadomiono osób: 3.'],
    ]);
    const sent = product.notifier.sent.slice(before).map((s) => (s.replies[0] as { text: string }).text);
    expect(sent.filter((t) => t.startsWith('Zmiana w wydarzeniu Spotkanie organizacji'))).toHaveLength(2);
    expect(sent.filter((t) => t.startsWith('Zwolniło się miejsce!'))).toHaveLength(1);
    expect(await db.prisma.signup.count({ where: { eventId: id, status: 'CONFIRMED' } })).toBe(3);

    const list = await coord.send(`uczestnicy ${id}`);
    expect(list[0]).toEqual({ kind: 'text', text: 'Spotkanie organizacji: zapisanych 3/3, lista rezerwowa 0.' });
    expect(list[1]).toMatchObject({
      kind: 'document',
      filename: `event-${id}-attendees.csv`,
      mime: 'text/csv',
      caption: 'Lista uczestników (CSV)',
    });
    const csv = (list[1] as { content: string }).content.trim().split('\r\n');
    expect(csv[0]).toBe('name,channel,address,status,signed_up_at');
    // A leading + would make a spreadsheet read the number as a formula: the cell starts with an apostrophe.
    expect(csv.slice(1).map((l) => l.split(',')[2])).toEqual(["'+48600910001", "'+48600910002", "'+48600910003"]);

    const beforeCancel = product.notifier.sent.length;
    await runTranscript(coord.says, [
      [`odwołaj ${id}`, /^Odwołać Spotkanie organizacji \(.*\)\? Zapisane osoby \(3\) dostaną wiadomość\./],
      ['tak', 'Odwołano Spotkanie organizacji. Powiadomiono osób: 3.'],
    ]);
    expect(
      product.notifier.sent
        .slice(beforeCancel)
        .every((s) => (s.replies[0] as { text: string }).text.startsWith('Wydarzenie odwołane: Spotkanie organizacji')),
    ).toBe(true);
    expect((await db.prisma.event.findUniqueOrThrow({ where: { id } })).status).toBe('CANCELLED');
    await runTranscript(people[0]!.says, [[`ZAPISZ ${id}`, 'Zapisy na Spotkanie organizacji są zamknięte.']]);
  });

  it('refusals: a resident, a coordinator of another organisation, and any coordinator over SMS', async () => {
    const event = await db.prisma.event.create({
      data: { organizationId: orgId, title: 'Nasze', startsAt: new Date('2026-12-10T10:00:00Z') },
    });
    await runTranscript(h.user('telegram:5999', { languageCode: 'pl' }).says, [
      ['nowe wydarzenie', 'Tę operację może wykonać tylko koordynator organizacji albo administrator.'],
    ]);
    await runTranscript(h.user('telegram:5002', { languageCode: 'pl' }).says, [
      [`odwołaj ${event.id}`, 'Tę operację może wykonać tylko koordynator'],
      [`uczestnicy ${event.id}`, 'Tę operację może wykonać tylko koordynator'],
    ]);
    await runTranscript(h.user('sms:+48600900001').says, [
      ['nowe wydarzenie', 'Zarządzanie wydarzeniami działa tylko w Telegramie'],
      [`odwołaj ${event.id}`, 'Zarządzanie wydarzeniami działa tylko w Telegramie'],
    ]);
    expect((await db.prisma.event.findUniqueOrThrow({ where: { id: event.id } })).status).toBe('SCHEDULED');
  });

  it('en: an administrator may manage any organisation; NO keeps everything', async () => {
    await grantAdmin(db.prisma, { telegram: '5003' });
    const admin = h.user('telegram:5003', { languageCode: 'en' });
    await runTranscript(admin.says, [
      ['english', 'Language set: English.'],
      ['new event', /^For which organisation\?\n1\. Inna Fundacja\n2\. Klub Seniora$/],
      ['2', 'What is the title of the event?'],
      ['Open day', /^When\?/],
      ['tomorrow 6pm', 'Where will it take place?'],
      ['Town hall', 'How many seats?'],
      ['0', /^Create this event\?\nOpen day\n.*18:00\nTown hall\n∞/],
      ['no', 'Nothing was changed.'],
    ]);
    expect(await db.prisma.event.count({ where: { title: 'Open day' } })).toBe(0);
    expect(h.errors).toEqual([]);
  });

  it('a single-use invite code makes whoever redeems it a coordinator, once', async () => {
    const { createInvite } = await import('../bot/admin/roles.js');
    const code = await createInvite(db.prisma, otherOrgId, 'COORDINATOR', 7, clock.now());
    expect(code).toMatch(/^KOS-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const u = h.user('telegram:5010', { languageCode: 'pl' });
    await runTranscript(u.says, [
      ['nowe wydarzenie', 'Tę operację może wykonać tylko koordynator'],
      [`KOD ${code.toLowerCase()}`, 'Witamy! Jesteś teraz koordynatorem organizacji Inna Fundacja.'],
      ['nowe wydarzenie', 'Podaj tytuł wydarzenia.'],
      ['anuluj', 'Przerwano.'],
    ]);
    await runTranscript(h.user('telegram:5011', { languageCode: 'en' }).says, [
      [`code ${code}`, 'This code is wrong, expired or already used.'],
    ]);
    const expired = await createInvite(db.prisma, otherOrgId, 'MEMBER', 1, new Date('2026-11-01T00:00:00Z'));
    await runTranscript(h.user('telegram:5012', { languageCode: 'en' }).says, [
      [`CODE ${expired}`, 'This code is wrong, expired or already used.'],
    ]);
  });

  it('the admin command validates what it is given', async () => {
    await expect(grantCoordinator(db.prisma, { telegram: 'abc' }, orgId)).rejects.toBeInstanceOf(AdminError);
    await expect(grantCoordinator(db.prisma, { phone: '600100200' }, orgId)).rejects.toThrow(/E\.164/);
    await expect(grantCoordinator(db.prisma, { telegram: '1' }, 999999)).rejects.toThrow(/no organisation/);
    expect(await db.prisma.auditLog.count({ where: { action: 'role.coordinator.granted' } })).toBe(3);
  });
});
