/**
 * The network's periodic jobs (issue 17) on both databases, with an injected clock: the yearly "is your entry
 * current?" reminder to coordinators on Telegram (once per organisation and period, also across a restart; answered
 * with "TAK, aktualne" / "YES, current" / "ТАК, актуально" or the button, which the city's report then counts as
 * confirmed), and the administrators' weekly digest of profile changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDbKind } from './support/db.js';
import { FixedClock, makeEngine } from './support/harness.js';
import { ensureCategories } from '../prisma/seed/index.js';
import { grantCoordinator } from '../bot/admin/roles.js';
import type { Database } from '../prisma/database.js';
import { buildFeatures } from '../bot/server.js';
import { createGeo, mapLinks } from '../bot/geo/index.js';
import { EventRepository } from '../bot/repositories/events.js';
import { CoordinationRepository } from '../bot/repositories/coordination.js';
import { BroadcastService } from '../bot/delivery/broadcasts.js';
import { OutboundNotifier } from '../bot/notify.js';
import { ConfirmationReminders } from '../bot/network/confirmations.js';
import { ProfileDigest, previousWeek } from '../bot/network/digest.js';
import { grantAdmin } from '../bot/admin/roles.js';
import { startTestServer } from './support/server.js';
import type { LocalOutbox } from '../bot/channels/outbound.js';
import { cooperationReport } from '../bot/network/report.js';
import type { Reply } from '../dialogs/activity.js';
import { renderPlain } from '../dialogs/render-plain.js';

const DAY = 86_400_000;

/** Records what would go out on Telegram and SMS (the real notifier picks the channel and the language). */
class Outbox {
  tg: Array<{ chatId: string; replies: Reply[] }> = [];
  sms: Array<{ to: string; body: string }> = [];
  ports = {
    sms: {
      send: async (to: string, body: string) => {
        this.sms.push({ to, body });
        return { providerMessageId: `SM${this.sms.length}` };
      },
    },
    telegram: {
      send: async (chatId: string, replies: Reply[]) => {
        this.tg.push({ chatId, replies });
        return { providerMessageId: `tg:${chatId}:${this.tg.length}` };
      },
    },
  };
  to(chatId: string) {
    return this.tg.filter((m) => m.chatId === chatId);
  }
}

describe(`network jobs on ${testDbKind}`, () => {
  let db: Database;
  let h: ReturnType<typeof makeEngine>;
  let out: Outbox;
  let notifier: OutboundNotifier;
  const clock = new FixedClock(new Date('2026-12-01T10:00:00Z'));
  const ids: Record<string, number> = {};
  const logger = { warn: () => undefined, info: () => undefined, error: () => undefined } as never;

  beforeAll(async () => {
    db = await openTestDatabase();
    const p = db.prisma;
    await ensureCategories(p);
    const now = clock.now().getTime();
    const org = async (key: string, data: { confirmedAt?: Date; createdAt?: Date; isDemo?: boolean; active?: boolean }) =>
      (ids[key] = (
        await p.organization.create({
          data: { dedupeKey: `jobs:${key}`, name: `Org ${key}`, phone: '94 100 00 00', address: `ul. ${key} 1`, ...data },
        })
      ).id);
    await org('X', { createdAt: new Date(now - 700 * DAY) }); // never confirmed, created two years ago
    await org('U', { confirmedAt: new Date(now - 400 * DAY) }); // the same coordinator as X
    await org('Y', { confirmedAt: new Date('2025-11-01T09:00:00Z') }); // confirmed 13 months ago
    await org('Z', { confirmedAt: new Date(now - 180 * DAY) }); // confirmed half a year ago: not due
    await org('N', { createdAt: new Date(now - 100 * DAY) }); // new, never confirmed: not due yet
    await org('W', { confirmedAt: new Date(now - 400 * DAY) }); // its coordinator has only SMS: not reminded
    await org('V', { confirmedAt: new Date(now - 400 * DAY) }); // no coordinator
    await org('D', { confirmedAt: new Date(now - 400 * DAY), isDemo: true });
    await org('G', { confirmedAt: new Date(now - 400 * DAY), active: false });
    const coord = async (key: string, tg: string | { phone: string }, locale: string, orgs: string[]) => {
      for (const o of orgs) ids[key] = await grantCoordinator(p, typeof tg === 'string' ? { telegram: tg } : tg, ids[o]!);
      await p.contact.update({ where: { id: ids[key] }, data: { locale } });
    };
    await coord('cx', '7501', 'pl', ['X', 'U']);
    await coord('cy1', '7502', 'en', ['Y']);
    await coord('cy2', '7503', 'uk', ['Y']);
    await coord('cz', '7504', 'pl', ['Z', 'N']);
    await coord('cw', { phone: '+48600750500' }, 'pl', ['W']);
    out = new Outbox();
    notifier = new OutboundNotifier(p, out.ports, { transliterate: true, logger });
    const geo = createGeo(p, { publicUrl: 'https://bot.example.org' });
    h = makeEngine(
      db,
      buildFeatures(geo, {
        prisma: p,
        events: new EventRepository(p),
        notifier,
        broadcasts: new BroadcastService(p, { transliterate: true, pricePerSegment: 0.2 }),
        coordination: new CoordinationRepository(p),
      }),
      clock,
    );
  });
  afterAll(async () => db?.close());

  const reminders = () =>
    new ConfirmationReminders(db.prisma, notifier, { clock: () => clock.now(), links: mapLinks('https://bot.example.org') });

  it('reminds the coordinators of entries not confirmed for a year, once per period, in their language, with a button', async () => {
    // Never at night (Warsaw): 21:30 sends nothing; 11:00 does.
    expect(await reminders().tick(new Date('2026-11-30T20:30:00Z'))).toEqual([]);
    expect(await reminders().tick()).toEqual([ids.X, ids.U, ids.Y]);
    // Again, and after a restart (a new instance): nothing more.
    expect(await reminders().tick()).toEqual([]);
    clock.advance(3_600_000);
    expect(await reminders().tick()).toEqual([]);
    expect(out.sms).toEqual([]);
    expect(out.to('7504')).toEqual([]);
    expect(await db.prisma.networkNotice.count({ where: { kind: 'confirm-reminder' } })).toBe(3);

    const toX = out.to('7501')[0]!.replies[0]!;
    expect(toX).toMatchObject({ kind: 'choices', choices: [{ value: `profile:confirm:${ids.X}`, label: '✅ TAK, aktualne' }] });
    expect(renderPlain(toX)).toContain(
      [
        '📋 Czy wpis organizacji Org X na mapie jest nadal aktualny? Nie był jeszcze potwierdzany.',
        '',
        'NAZWA: Org X\nTELEFON: 94 100 00 00\nADRES: ul. X 1',
        '',
        `Na mapie: https://bot.example.org/map?org=${ids.X}`,
        '',
        `Jeśli wszystko się zgadza, odpowiedz TAK, aktualne (albo przycisk poniżej). Jeśli coś się zmieniło: PROFIL ${ids.X} pole wartość`,
      ].join('\n'),
    );
    expect(out.to('7501')).toHaveLength(2); // X and U
    expect(renderPlain(out.to('7502')[0]!.replies[0]!)).toMatch(
      /^📋 Is the entry of Org Y on the map still up to date\? Last confirmed: 2025-11-01\.\n\nNAME: Org Y\nPHONE: /,
    );
    expect(renderPlain(out.to('7503')[0]!.replies[0]!)).toMatch(
      /^📋 Чи запис організації Org Y на мапі досі актуальний\? Востаннє підтверджено: 2025-11-01\./,
    );
    expect(out.to('7503')[0]!.replies[0]).toMatchObject({ choices: [{ label: '✅ ТАК, актуально' }] });
  });

  it('the reply confirms: typed (every reminded organisation of the coordinator) or the button; the report counts it', async () => {
    const now = clock.now();
    expect(await h.user('telegram:7501', { languageCode: 'pl' }).says('Tak, aktualne!')).toBe(
      'Dziękujemy, wpis organizacji Org X, Org U potwierdzony jako aktualny na kolejny rok.',
    );
    expect(await h.user('telegram:7503', { languageCode: 'uk' }).send(undefined, { choice: `profile:confirm:${ids.Y}` })).toEqual([
      { kind: 'text', text: 'Дякуємо, запис організації Org Y підтверджено як актуальний ще на рік.' },
    ]);
    for (const k of ['X', 'U', 'Y'])
      expect((await db.prisma.organization.findUniqueOrThrow({ where: { id: ids[k]! } })).confirmedAt).toEqual(now);
    expect(await db.prisma.auditLog.count({ where: { action: 'organization.confirmed', at: now } })).toBe(3);
    // Not by SMS (a sender number can be forged), not for an organisation one does not coordinate.
    expect(await h.user('sms:+48600750500').says('TAK, aktualne')).toBe('Profil organizacji zmienia jej koordynator, w Telegramie.');
    expect(
      await h.user('telegram:7502', { languageCode: 'en' }).says(undefined as unknown as string, { choice: `profile:confirm:${ids.W}` }),
    ).toBe("An organisation's profile is changed by its coordinator, on Telegram.");
    expect((await db.prisma.organization.findUniqueOrThrow({ where: { id: ids.W! } })).confirmedAt).toEqual(
      new Date(now.getTime() - 400 * DAY - 3_600_000),
    );
    // YES, current without a reminder waiting: the coordinator's organisation.
    expect(await h.user('telegram:7502', { languageCode: 'en' }).says('YES, current')).toBe(
      'Thank you, the entry of Org Y is confirmed as up to date for another year.',
    );
    const report = await cooperationReport(db.prisma, new Date('2026-01-01T00:00:00Z'), new Date(now.getTime() + DAY));
    const confirmed = (k: string) => report.find((r) => r.organizationId === ids[k])?.profileConfirmed;
    expect(['X', 'U', 'Y', 'Z', 'N', 'W', 'V'].map(confirmed)).toEqual([true, true, true, true, false, false, false]);
  });

  it('a confirmation starts the next period: a year later the reminder comes again, once', async () => {
    clock.advance(366 * DAY);
    const r = await reminders().tick();
    expect(r).toEqual([ids.X, ids.U, ids.Y, ids.Z, ids.N]);
    expect(await reminders().tick()).toEqual([]);
    expect(renderPlain(out.to('7501').at(-1)!.replies[0]!)).toContain('Ostatnio potwierdzony: 2026-12-01.');
    expect(h.errors).toEqual([]);
  });

  it('the server runs both as a job (at start and hourly), with its clock and the configured public URL', async () => {
    const other = await openTestDatabase();
    const org = await other.prisma.organization.create({
      data: { dedupeKey: 'jobs:server', name: 'Org Serwer', confirmedAt: new Date('2025-01-01T00:00:00Z') },
    });
    await grantCoordinator(other.prisma, { telegram: '7701' }, org.id);
    const server = await startTestServer(
      { PUBLIC_URL: 'https://ngo.example.org' },
      { db: other, clock: new FixedClock(new Date('2026-12-02T10:00:00Z')) },
    );
    try {
      const tg = server.outbound.telegram as LocalOutbox;
      for (let i = 0; i < 100 && !tg.sent.some((m) => m.to === '7701'); i++) await new Promise((r) => setTimeout(r, 100));
      const sent = tg.sent.filter((m) => m.to === '7701');
      expect(sent).toHaveLength(1);
      expect(sent[0]!.body).toContain('Czy wpis organizacji Org Serwer na mapie jest nadal aktualny? Ostatnio potwierdzony: 2025-01-01.');
      expect(sent[0]!.body).toContain(`Na mapie: https://ngo.example.org/map?org=${org.id}`);
    } finally {
      await server.stop();
    }
  });

  it('the weekly digest: last week’s profile changes (who, fields, new values, waiting or rejected) to each administrator, once', async () => {
    const p = db.prisma;
    for (const [tg, locale] of [
      ['7601', 'pl'],
      ['7602', 'en'],
      ['7603', 'uk'],
    ] as const)
      await p.contact.update({ where: { id: await grantAdmin(p, { telegram: tg }) }, data: { locale } });
    await grantAdmin(p, { phone: '+48600760400' }); // no Telegram: not sent by SMS
    await p.contact.update({ where: { id: ids.cz! }, data: { displayName: 'Zofia' } });
    const cz = h.user('telegram:7504', { languageCode: 'pl' });
    const cx = h.user('telegram:7501', { languageCode: 'pl' });
    clock.current = new Date('2027-12-01T10:00:00Z'); // the week before: not in this digest
    expect(await cx.says(`PROFIL ${ids.X} telefon 94 111 11 11`)).toBe('Zapisano (phone). Zmiana jest już na mapie.');
    clock.current = new Date('2027-12-08T10:00:00Z'); // Wednesday of week 49
    expect(await cz.says(`PROFIL ${ids.Z} telefon 94 555 55 55`)).toBe('Zapisano (phone). Zmiana jest już na mapie.');
    expect(await cz.says(`PROFIL ${ids.N} opis Pomagamy sąsiadom w zakupach`)).toBe('Zapisano (description). Zmiana jest już na mapie.');
    expect(await cz.says(`PROFIL ${ids.Z} nazwa Klub Zet`)).toMatch(/^Zmiana \(name\) czeka na zatwierdzenie/);
    clock.current = new Date('2027-12-12T22:30:00Z'); // Sunday 23:30 in Warsaw: still week 49
    expect(await cz.says(`PROFIL ${ids.N} godziny pn-pt 9-17`)).toBe('Zapisano (hours). Zmiana jest już na mapie.');
    clock.current = new Date('2027-12-12T23:30:00Z'); // Monday 00:30 in Warsaw: week 50
    expect(await cz.says(`PROFIL ${ids.N} telefon 94 666 66 66`)).toBe('Zapisano (phone). Zmiana jest już na mapie.');

    expect(previousWeek(new Date('2027-12-13T09:00:00Z'))).toEqual({
      start: new Date('2027-12-05T23:00:00Z'),
      end: new Date('2027-12-12T23:00:00Z'),
      key: '2027-W49',
    });
    const digest = () => new ProfileDigest(p, notifier, { clock: () => clock.now() });
    const sentBefore = out.tg.length;
    expect(await digest().tick(new Date('2027-12-13T06:30:00Z'))).toBeUndefined(); // Monday 07:30 in Warsaw: not yet
    expect(out.tg.length).toBe(sentBefore);
    expect(await digest().tick(new Date('2027-12-13T07:00:00Z'))).toEqual({ week: '2027-W49', admins: 3 });
    expect(await digest().tick(new Date('2027-12-13T08:00:00Z'))).toBeUndefined(); // once, also after a restart
    expect(await digest().tick(new Date('2027-12-16T08:00:00Z'))).toBeUndefined();
    expect(await digest().tick(new Date('2027-12-21T02:00:00Z'))).toBeUndefined(); // 03:00: never at night
    expect(out.tg.slice(sentBefore).map((m) => m.chatId)).toEqual(['7601', '7602', '7603']);
    const [pl, en, uk] = out.tg.slice(sentBefore).map((m) => renderPlain(m.replies[0]!));
    expect(pl).toBe(
      [
        '📝 Zmiany wpisów organizacji w tygodniu 06.12.2027 – 12.12.2027. Zmian: 4, organizacji: 2.',
        `• Org Z (nr ${ids.Z}), 08.12.2027, Zofia: TELEFON → 94 555 55 55`,
        `• Org Z (nr ${ids.Z}), 08.12.2027, Zofia: NAZWA → Klub Zet (czeka na zatwierdzenie)`,
        `• Org N (nr ${ids.N}), 08.12.2027, Zofia: OPIS → Pomagamy sąsiadom w zakupach`,
        `• Org N (nr ${ids.N}), 12.12.2027, Zofia: GODZINY → pn-pt 9-17`,
      ].join('\n'),
    );
    expect(en).toContain('📝 Changes to organisation entries in the week 06.12.2027 – 12.12.2027. Changes: 4, organisations: 2.');
    expect(en).toContain(`• Org Z (no. ${ids.Z}), 08.12.2027, Zofia: NAME → Klub Zet (waiting for approval)`);
    expect(uk).toContain(`• Org N (№ ${ids.N}), 08.12.2027, Zofia: ОПИС → Pomagamy sąsiadom w zakupach`);
    expect(out.sms.filter((m) => m.body.includes('tygodniu'))).toEqual([]);
    // A week without changes sends nothing.
    const sent = out.tg.length;
    expect(await digest().tick(new Date('2027-12-27T09:00:00Z'))).toBeUndefined();
    expect(out.tg.length).toBe(sent);
    expect(await p.networkNotice.count({ where: { kind: 'profile-digest' } })).toBe(2);
  });
});
