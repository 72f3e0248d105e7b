/**
 * Organisation profiles kept by the organisations (issue 17) on both databases, through the real server: a
 * coordinator's change is validated, visible at once in /api/organizations, with its audit row; a move beyond the
 * limit (and a new name) waits for an administrator, applied only when a second person approves it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKind } from './support/db.js';
import { startTestServer } from './support/server.js';
import type { RunningServer } from '../bot/server.js';
import { ensureCategories } from '../prisma/seed/index.js';
import { grantAdmin, grantCoordinator } from '../bot/admin/roles.js';
import { renderPlain } from '../dialogs/render-plain.js';
import { parseOrganizationFile } from '../bot/import/organizations.js';
import { dedupeKeyFor, importOrganizations } from '../bot/import/import-organizations.js';
import { loadCategoryLookup } from '../bot/import/category-lookup.js';

describe(`organisation profiles on ${testDbKind}`, () => {
  let server: RunningServer;
  let orgId: number;
  let coord: number;
  let seq = 0;
  const say = async (from: string, text: string) =>
    (
      await server.engine.handle({
        channel: from.startsWith('+') ? 'sms' : 'telegram',
        messageId: `p${++seq}`,
        from,
        conversationId: from,
        text,
      })
    )
      .map(renderPlain)
      .join('\n');
  const apiOrg = async () =>
    (
      (await (await fetch(`${server.url}/api/organizations`)).json()) as {
        features: Array<{ id: number; geometry: { coordinates: number[] }; properties: Record<string, unknown> }>;
      }
    ).features.find((f) => f.id === orgId)!;

  beforeAll(async () => {
    // The distance limit comes from the validated configuration (default 500 m).
    server = await startTestServer({ PROFILE_APPROVAL_METERS: '300' });
    const p = server.db.prisma;
    await ensureCategories(p);
    orgId = (
      await p.organization.create({
        data: { dedupeKey: 'prof:1', name: 'Stowarzyszenie Przykład', lat: 54.19, lng: 16.18, address: 'ul. Zwycięstwa 1' },
      })
    ).id;
    coord = await grantCoordinator(p, { telegram: '7301' }, orgId);
    await grantAdmin(p, { telegram: '7302' });
  });
  afterAll(async () => server?.stop());

  it('a coordinator changes the phone, hours and categories: validated, on the map at once, with audit rows', async () => {
    await say('7301', 'polski');
    await say('7302', 'polski');
    expect(await say('7301', 'PROFIL')).toMatch(/^Wpis organizacji Stowarzyszenie Przykład:\nNAZWA: Stowarzyszenie Przykład\n/);
    expect(await say('7301', 'PROFIL email nie-adres')).toBe('Nie zapisano: e-mail "nie-adres" is not an address.');
    expect(await say('7301', 'PROFIL telefon 94 123 45 67')).toBe('Zapisano (phone). Zmiana jest już na mapie.');
    expect(await say('7301', 'PROFIL telefon 94 123 45 67')).toBe('Bez zmian: wpis już ma tę wartość.');
    expect(await say('7301', 'PROFILE hours Mon-Fri 9-17')).toBe('Zapisano (hours). Zmiana jest już na mapie.');
    expect(await say('7301', 'ПРОФІЛЬ категорії sport, seniorzy')).toBe('Zapisano (categories). Zmiana jest już na mapie.');
    // A new location is shown back on our map: the organisation, centred on its new point.
    expect(await say('7301', 'PROFIL lokalizacja 54.1905, 16.1805')).toBe(
      `Zapisano (location). Zmiana jest już na mapie.\nSprawdź na mapie: http://localhost:0/map?org=${orgId}&lat=54.1905&lng=16.1805`,
    );
    const f = await apiOrg();
    expect(f.properties).toMatchObject({ phone: '94 123 45 67', hours: 'Mon-Fri 9-17', categories: ['seniorzy', 'sport'] });
    expect(f.geometry.coordinates).toEqual([16.1805, 54.1905]);
    const changes = await server.db.prisma.profileChange.findMany({ where: { organizationId: orgId }, orderBy: { id: 'asc' } });
    expect(changes.map((c) => [c.status, c.contactId, c.before, c.after])).toEqual([
      ['APPLIED', coord, { phone: null }, { phone: '94 123 45 67' }],
      ['APPLIED', coord, { hours: null }, { hours: 'Mon-Fri 9-17' }],
      ['APPLIED', coord, { categories: [] }, { categories: ['seniorzy', 'sport'] }],
      ['APPLIED', coord, { location: { lat: 54.19, lng: 16.18 } }, { location: { lat: 54.1905, lng: 16.1805 } }],
    ]);
    expect(await server.db.prisma.auditLog.count({ where: { action: 'organization.profile', subject: `organization:${orgId}` } })).toBe(4);
    const o = await server.db.prisma.organization.findUniqueOrThrow({ where: { id: orgId } });
    expect(Object.keys(o.fieldsSetAt as object).sort()).toEqual(['categories', 'hours', 'location', 'phone']);
    expect(o.confirmedAt).not.toBeNull();
    // Not over SMS, not by someone who does not coordinate it.
    expect(await say('+48600730100', 'PROFIL telefon 1')).toBe('Profil organizacji zmienia jej koordynator, w Telegramie.');
    expect(await say('7399', 'PROFIL telefon 1')).toBe('Profil organizacji zmienia jej koordynator, w Telegramie.');
  });

  it('a move beyond the limit waits for an administrator; the map keeps the old point until it is approved', async () => {
    // 400 m: under the default limit, over PROFILE_APPROVAL_METERS=300 of this server.
    const near = await say('7301', 'PROFIL lokalizacja 54.1941, 16.1805');
    expect(near).toMatch(/^Zmiana \(location\) czeka na zatwierdzenie/);
    const nearApproval = Number(/wniosek nr (\d+)/.exec(near)?.[1]);
    expect(await say('7302', `ODRZUĆ ${nearApproval} za daleko`)).toBe(
      `Odrzucono wniosek nr ${nearApproval}. Nadawca dostał informację z powodem.`,
    );
    expect((await apiOrg()).geometry.coordinates).toEqual([16.1805, 54.1905]);
    const reply = await say('7301', 'PROFIL lokalizacja 54.2000, 16.2000');
    const approval = Number(/wniosek nr (\d+)/.exec(reply)?.[1]);
    expect(reply).toMatch(
      /^Zmiana \(location\) czeka na zatwierdzenie przez administratora \(wniosek nr \d+\)\.\nProponowane położenie na mapie: http:\/\/localhost:0\/map\?lat=54\.2&lng=16\.2$/,
    );
    expect((await apiOrg()).geometry.coordinates).toEqual([16.1805, 54.1905]);
    const change = await server.db.prisma.profileChange.findFirstOrThrow({ where: { organizationId: orgId, status: 'PENDING' } });
    expect(await server.db.prisma.approval.findUniqueOrThrow({ where: { id: approval } })).toMatchObject({
      kind: 'profile',
      subjectId: change.id,
      reasons: ['location'],
      status: 'PENDING',
    });
    expect(await say('7301', `ZATWIERDŹ ${approval}`)).toBe('Wnioski zatwierdza administrator, w Telegramie.');
    expect(await say('7302', `ZATWIERDŹ ${approval}`)).toBe(`Zatwierdzono wniosek nr ${approval}. Nadawca dostał informację.`);
    expect((await apiOrg()).geometry.coordinates).toEqual([16.2, 54.2]);
    expect(await server.db.prisma.profileChange.findUniqueOrThrow({ where: { id: change.id } })).toMatchObject({ status: 'APPLIED' });
    // A new name waits too; rejected, it never reaches the map.
    const r2 = await say('7301', 'PROFIL nazwa Zupełnie Inna Nazwa');
    const a2 = Number(/wniosek nr (\d+)/.exec(r2)?.[1]);
    expect(await say('7302', `ODRZUĆ ${a2} nie zgadza się z KRS`)).toBe(`Odrzucono wniosek nr ${a2}. Nadawca dostał informację z powodem.`);
    expect((await apiOrg()).properties.name).toBe('Stowarzyszenie Przykład');
    // The location as a Telegram pin.
    expect(await say('7301', 'PROFIL lokalizacja')).toBe(
      'Wyślij pinezkę z położeniem siedziby (przycisk poniżej albo spinacz → Lokalizacja).',
    );
    const pinned = await server.engine.handle({
      channel: 'telegram',
      messageId: `p${++seq}`,
      from: '7301',
      conversationId: '7301',
      location: { lat: 54.2004, lng: 16.2004 },
    });
    expect(pinned.map(renderPlain).join('\n')).toBe(
      `Zapisano (location). Zmiana jest już na mapie.\nSprawdź na mapie: http://localhost:0/map?org=${orgId}&lat=54.2004&lng=16.2004`,
    );
    expect((await apiOrg()).geometry.coordinates).toEqual([16.2004, 54.2004]);
    // The next message is handled as usual.
    expect(await say('7301', 'PROFIL TAK')).toBe('Dziękujemy, wpis potwierdzony jako aktualny.');
  });

  it('the location as an address: looked up like residents’ places, shown on the map, saved only after TAK', async () => {
    const p = server.db.prisma;
    await p.organization.update({ where: { id: orgId }, data: { lat: 54.1905, lng: 16.1915 } }); // ~40 m from Zwycięstwa 117
    const found = await server.engine.handle({
      channel: 'telegram',
      messageId: `p${++seq}`,
      from: '7301',
      conversationId: '7301',
      text: 'PROFIL lokalizacja Zwycięstwa 117',
    });
    expect(found[0]).toMatchObject({
      kind: 'choices',
      text: 'Znalazłem: ul. Zwycięstwa 117. Na mapie: http://localhost:0/map?lat=54.19056&lng=16.19177\nZapisać to miejsce jako położenie organizacji Stowarzyszenie Przykład? TAK albo NIE.',
      choices: [{ value: 'yes' }, { value: 'no' }],
    });
    // Nothing is saved before TAK.
    expect((await apiOrg()).geometry.coordinates).toEqual([16.1915, 54.1905]);
    expect(await say('7301', 'tak')).toBe(
      `Zapisano (location). Zmiana jest już na mapie.\nSprawdź na mapie: http://localhost:0/map?org=${orgId}&lat=54.19056&lng=16.19177`,
    );
    expect((await apiOrg()).geometry.coordinates).toEqual([16.19177, 54.19056]);
    // NIE keeps it; a far one waits for an administrator and shows the proposed point.
    expect(await say('7301', 'PROFIL lokalizacja dworzec')).toContain('Znalazłem: Dworzec PKP.');
    expect(await say('7301', 'nie')).toBe('Położenie bez zmian.');
    expect(await say('7301', 'PROFIL lokalizacja dworzec')).toContain('Znalazłem: Dworzec PKP.');
    expect(await say('7301', 'TAK')).toMatch(
      /^Zmiana \(location\) czeka na zatwierdzenie przez administratora \(wniosek nr \d+\)\.\nProponowane położenie na mapie: http:\/\/localhost:0\/map\?lat=54\.190395&lng=16\.169606$/,
    );
    expect((await apiOrg()).geometry.coordinates).toEqual([16.19177, 54.19056]);
    // Too vague for a seat (a district), or not found: a pin or a house number is asked for.
    expect(await say('7301', 'PROFIL lokalizacja Rokosowo')).toBe(
      '„Rokosowo” wskazuje tylko okolicę (Rokosowo). Napisz ulicę z numerem domu albo wyślij pinezkę: PROFIL lokalizacja.',
    );
    expect(await say('7301', 'PROFIL lokalizacja qwertyuiop')).toMatch(/^Nie znalazłem adresu „qwertyuiop”/);
    const en = await grantCoordinator(p, { telegram: '7303' }, orgId);
    await p.contact.update({ where: { id: en }, data: { locale: 'en' } });
    await say('7303', 'english');
    expect(await say('7303', 'PROFILE LOCATION qwertyuiop')).toMatch(/^I could not find the address "qwertyuiop"/);
    await say('7303', 'українська');
    expect(await say('7303', 'ПРОФІЛЬ розташування Rokosowo')).toBe(
      '«Rokosowo» вказує лише на район (Rokosowo). Напишіть вулицю з номером будинку або надішліть пін: ПРОФІЛЬ РОЗТАШУВАННЯ.',
    );
  });

  it('an import keeps the fields an organisation set after the file’s date (and says so), unless forced', async () => {
    const p = server.db.prisma;
    const row = { name: 'Fundacja Import', address: 'ul. Morska 5' };
    const id = (
      await p.organization.create({
        data: {
          ...row,
          dedupeKey: dedupeKeyFor(row),
          phone: '94 000 00 01',
          email: 'old@example.org',
          fieldsSetAt: { phone: '2026-11-01T00:00:00.000Z' },
        },
      })
    ).id;
    const csv = 'name,address,phone,email\nFundacja Import,ul. Morska 5,94 999 99 99,new@example.org\n';
    const run = async (o: { fileDate?: Date; force?: boolean }) =>
      importOrganizations(p, parseOrganizationFile('orgs.csv', csv, await loadCategoryLookup(p)), 'orgs.csv', o);
    const r = await run({ fileDate: new Date('2026-10-01') });
    expect(r.kept).toEqual([{ ref: 'line 2', organizationId: id, fields: ['phone'] }]);
    expect(await p.organization.findUniqueOrThrow({ where: { id } })).toMatchObject({ phone: '94 000 00 01', email: 'new@example.org' });
    expect((await run({ fileDate: new Date('2026-10-01'), force: true })).kept).toEqual([]);
    expect((await p.organization.findUniqueOrThrow({ where: { id } })).phone).toBe('94 999 99 99');
  });

  it('a coordinator who erases their data leaves the history anonymous', async () => {
    const p = server.db.prisma;
    const changes = await p.profileChange.count({ where: { organizationId: orgId } });
    await p.contact.delete({ where: { id: coord } });
    expect(await p.profileChange.count({ where: { organizationId: orgId, contactId: null } })).toBe(changes);
    expect(await p.approval.count({ where: { kind: 'profile', requestedById: { not: null } } })).toBe(0);
  });
});
