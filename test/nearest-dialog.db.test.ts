import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDbKind } from './support/db.js';
import { makeEngine, productFeatures, runTranscript } from './support/harness.js';
import type { createGeo } from '../bot/geo/index.js';
import { ensureCategories, loadDemoData } from '../prisma/seed/index.js';
import type { Database } from '../prisma/database.js';

describe(`nearest organisations, transcripts on ${testDbKind}`, () => {
  let db: Database;
  let h: ReturnType<typeof makeEngine>;
  let geo: ReturnType<typeof createGeo>;
  let n = 0;
  const sms = () => h.user(`sms:+4860050${String(++n).padStart(4, '0')}`);
  const smsEn = async () => {
    const u = sms();
    await u.says('english');
    return u;
  };
  const tg = (lang = 'en') => h.user(`telegram:${800000 + ++n}`, { languageCode: lang });

  beforeAll(async () => {
    db = await openTestDatabase();
    await ensureCategories(db.prisma);
    await loadDemoData(db.prisma);
    const product = productFeatures(db);
    geo = product.geo;
    h = makeEngine(db, product.features);
  });
  afterAll(async () => db?.close());

  it('pl: a place and an interest as a first message', async () => {
    await runTranscript(sms().says, [
      [
        'Zwycięstwa 117 seniorzy',
        /^Najbliższe organizacje \(seniorzy\) od: ul\. Zwycięstwa 117\n1\. Klub Seniora „Jesień” \(demo\) \(1,3 km\), okolice Rynku Staromiejskiego \(demo\), tel\. \+48500000101\n2\. Stowarzyszenie Aktywny Senior \(demo\) \(1,8 km\)/,
      ],
    ]);
  });

  it('pl: a district with Polish inflection, then MORE pages, then details of one', async () => {
    const replies = await runTranscript(sms().says, [
      [
        'na Rokosowie',
        /^Najbliższe organizacje od: okolica Rokosowo \(ok\. 1,2 km\)\n1\. Zielony Koszalin \(demo\) \(380 m\)[\s\S]*WIĘCEJ: kolejne\nMapa: https:\/\/bot\.example\.org\/map\?lat=54\.1765&lng=16\.164$/,
      ],
      ['więcej', /^Najbliższe organizacje od: okolica Rokosowo \(ok\. 1,2 km\)[\s\S]*\n1\. /],
      ['2', /, os\. /],
    ]);
    expect(replies[0]).not.toEqual(replies[1]);
    expect(replies[2]).toMatch(/https:\/\/bot\.example\.org\/map\?org=\d+$/);
  });

  it('pl: from the menu, asks where, understands "w Śródmieściu"', async () => {
    await runTranscript(sms().says, [
      ['menu', /1\. Najbliższe organizacje/],
      ['1', 'Gdzie jesteś? Napisz adres, osiedle lub kod pocztowy.'],
      ['w Śródmieściu', /^Najbliższe organizacje od: okolica Śródmieście \(ok\. 1,2 km\)/],
    ]);
  });

  it.each([
    ['54,1943 16,1722', 'od: 54.1943, 16.1722\n'],
    ['54.1943, 16.1722', 'od: 54.1943, 16.1722\n'],
    [`54°11'39"N 16°10'20"E`, 'od: 54.1942, 16.1722\n'],
    ['geo:54.1943,16.1722', 'od: 54.1943, 16.1722\n'],
    ['https://maps.google.com/?q=54.1943,16.1722', 'od: 54.1943, 16.1722\n'],
    ['https://www.google.com/maps/place/Ratusz/@54.1898,16.1814,17z', 'od: 54.1898, 16.1814\n'],
    ['https://maps.apple.com/?ll=54.1943,16.1722', 'od: 54.1943, 16.1722\n'],
    ['https://www.openstreetmap.org/#map=17/54.1943/16.1722', 'od: 54.1943, 16.1722\n'],
    ['zwyciestwa', 'od: okolica ul. Zwycięstwa (ok. 1,1 km)'],
    ['Lubjatowo', 'od: okolica Lubiatowo (ok. 1,0 km)'],
    ['dworzec', 'od: Dworzec PKP (ok. 150 m)'],
    ['szpital', 'od: Szpital Wojewódzki'],
    [
      '75-011',
      'Kod 75-011: liczę od środka jego obszaru (ok. 500 m). Podaj ulicę i numer, będzie dokładniej. Najbliższe organizacje od: okolica 75-011 (ok. 500 m)',
    ],
    ['75-900', 'Kod 75-900 obejmuje też miejscowości poza Koszalinem: Bonin, Kretomino.'],
  ])('pl: first message %s', async (text, expected) => {
    await runTranscript(sms().says, [[text, expected]]);
  });

  it('pl: failures never dead-end: unknown postcode, postcode elsewhere, short link → districts; a number picks one', async () => {
    await runTranscript(sms().says, [
      [
        '75-999',
        /^Kodu 75-999 nie ma na oficjalnej liście kodów Koszalina\. Wybierz osiedle albo napisz ulicę:\n1\. Bukowe\n2\. Dzierżęcino/,
      ],
      ['15', /^Najbliższe organizacje od: os\. Rokosowo/],
    ]);
    await runTranscript(sms().says, [['00-950', 'Kod 00-950 nie jest z Koszalina.']]);
    await runTranscript(sms().says, [
      ['https://maps.app.goo.gl/AbC123', /^Skrócony link do mapy wymaga internetu/],
      ['na Skarpie', /^Najbliższe organizacje od: os\. Na Skarpie/],
    ]);
  });

  it('pl: an unknown place inside the dialog gets the district list; a typed street works there too', async () => {
    await runTranscript(sms().says, [
      ['menu', 'Co chcesz zrobić?'],
      ['1', 'Gdzie jesteś?'],
      ['Marszałkowska', /^Nie znam miejsca „Marszałkowska”\. Wybierz osiedle albo napisz ulicę:/],
      ['Monte Cassino 5', /^Wiem tylko w przybliżeniu, gdzie jest ul\. Monte Cassino 5 .*Wybierz osiedle albo napisz ulicę:/],
      ['Piaskowa 5', /^Najbliższe organizacje od: ul\. Piaskowa 5 \(ok\. \d+ m\)/],
    ]);
  });

  it('pl: an ambiguous name is a numbered choice', async () => {
    await runTranscript(sms().says, [
      ['Władysława IV', /^Które miejsce masz na myśli\?\n1\. (ul|os)\. Władysława IV\n2\. (ul|os)\. Władysława IV$/],
      ['2', /^Najbliższe organizacje od: (ul|os)\. Władysława IV/],
    ]);
  });

  it('pl: outside Koszalin is said, and results still come with distances', async () => {
    await runTranscript(sms().says, [
      ['54.3000, 16.0000', /^To miejsce jest poza Koszalinem\. Najbliższe organizacje od: 54\.3000, 16\.0000\n1\. .* \(\d+(,\d)? km\)/],
    ]);
  });

  it('pl: a category nobody has falls back to all, and says so', async () => {
    await db.prisma.category.upsert({
      where: { slug: 'inne' },
      create: { slug: 'inne', namePl: 'Inne', nameEn: 'Other', nameUk: 'Інше', synonyms: ['inne'] },
      update: {},
    });
    await runTranscript(sms().says, [
      [
        'inne na Rokosowie',
        /^Brak organizacji w kategorii Inne\. Oto najbliższe z wszystkich\. Najbliższe organizacje od: okolica Rokosowo \(ok\. 1,2 km\)/,
      ],
    ]);
  });

  it('pl: after a list, a new address starts a new search', async () => {
    await runTranscript(sms().says, [
      ['na Rokosowie', 'od: okolica Rokosowo (ok. 1,2 km)'],
      ['Bukowe', 'od: okolica Bukowe (ok. 1,2 km)'],
    ]);
  });

  it('en: the same over SMS in English, with MORE', async () => {
    const u = await smsEn();
    await runTranscript(u.says, [
      [
        'animals near the station',
        /^Nearest organisations \(animals\) to: Dworzec PKP \(about 150 m\)\n1\. Fundacja Przyjaciele Zwierząt \(demo\) \(\d\.\d km\)/,
      ],
      ['na Rokosowie', /^Nearest organisations to: around Rokosowo \(about 1\.2 km\)[\s\S]*MORE: next ones\nMap: /],
      ['more', /^Nearest organisations to: around Rokosowo \(about 1\.2 km\)\n1\. Świetlica Promyk/],
      ['75-999', /^The postcode 75-999 is not on the official list of Koszalin postcodes\. Choose a district or send a street:/],
      ['Rokosowo', /^Nearest organisations to: os\. Rokosowo/],
    ]);
  });

  it('en: Telegram pin and venue; unknown place asks for a pin with a location button', async () => {
    const u = tg();
    const pin = await u.send(undefined, { location: { lat: 54.1943, lng: 16.1722 } });
    expect(pin[0]).toMatchObject({ kind: 'places', text: 'Nearest organisations to: 54.1943, 16.1722' });
    const venue = await u.send(undefined, { location: { lat: 54.1932, lng: 16.177, title: 'Dworzec PKP', address: 'ul. Dworcowa' } });
    expect(venue[0]).toMatchObject({ kind: 'places', text: 'Nearest organisations to: Dworzec PKP, ul. Dworcowa' });
    await u.says('menu');
    expect(await u.send(undefined, { choice: 'nearest' })).toEqual([
      {
        kind: 'location_request',
        text: 'Share your location with the button below, or send an address, district or postcode.',
        button: 'Share my location',
      },
    ]);
    const unknown = await u.send('Nowhere Street');
    expect(unknown).toEqual([
      { kind: 'text', text: 'I do not know the place "Nowhere Street".' },
      {
        kind: 'location_request',
        text: 'Share your location with the button below, or send an address, district or postcode.',
        button: 'Share my location',
      },
    ]);
    const after = await u.send(undefined, { location: { lat: 54.1765, lng: 16.164 } });
    expect(after[0]).toMatchObject({ kind: 'places' });
  });

  it('en: Telegram buttons: one per organisation sends its venue; MORE pages', async () => {
    const u = tg();
    const list = await u.send('na Rokosowie');
    const places = list[0] as Extract<(typeof list)[number], { kind: 'places' }>;
    expect(places.items).toHaveLength(3);
    expect(places.more).toEqual({ value: 'more', label: 'More' });
    const page2 = await u.send(undefined, { choice: 'more' });
    const p2 = page2[0] as typeof places;
    expect(p2.items.map((i) => i.value)).not.toEqual(places.items.map((i) => i.value));
    const details = await u.send(undefined, { choice: p2.items[0]!.value });
    expect(details[0]).toMatchObject({ kind: 'venue', title: p2.items[0]!.title });
    expect(details[1]).toMatchObject({ kind: 'link', label: 'Map' });
  });

  it('deep link org_<id> and SMS "INFO <id>" show one organisation; an unknown id says so', async () => {
    const org = await db.prisma.organization.findFirstOrThrow({ where: { name: 'Zielony Koszalin (demo)' } });
    const t = await tg().send(undefined, { startPayload: `org_${org.id}` });
    expect(t[0]).toMatchObject({ kind: 'venue', title: 'Zielony Koszalin (demo)', address: 'os. Rokosowo (demo)' });
    expect(t[1]).toMatchObject({ kind: 'link', text: 'https://example.org/zielony', url: `https://bot.example.org/map?org=${org.id}` });
    await runTranscript(sms().says, [
      [
        `INFO ${org.id}`,
        /^Zielony Koszalin \(demo\), os\. Rokosowo \(demo\)\nhttps:\/\/example\.org\/zielony https:\/\/bot\.example\.org\/map\?org=/,
      ],
      ['info 999999', 'Nie znam organizacji nr 999999.'],
    ]);
  });

  it('a home district is an explicit opt-in and stores the district name only', async () => {
    const u = sms();
    await runTranscript(u.says, [
      ['ZAPAMIĘTAJ OSIEDLE na Rokosowie', /^Nie znam osiedla|^Zapamiętano/],
      ['zapamiętaj osiedle Rokosowo', 'Zapamiętano Twoje osiedle: Rokosowo. Zapisujemy tylko nazwę osiedla'],
    ]);
    const address = `+4860050${String(n).padStart(4, '0')}`;
    const contact = async () =>
      (
        await db.prisma.contactIdentity.findUniqueOrThrow({
          where: { channel_address: { channel: 'SMS', address } },
          include: { contact: true },
        })
      ).contact;
    expect((await contact()).homeDistrict).toBe('Rokosowo');
    await runTranscript(u.says, [
      [
        'zapamiętaj osiedle Marsowe Pole',
        /^Nie znam osiedla „Marsowe Pole”\. Osiedla: Bukowe, Dzierżęcino, Jamno, [^.]*Rokosowo, Śródmieście, /,
      ],
      ['ZAPOMNIJ OSIEDLE', 'Usunięto zapamiętane osiedle.'],
    ]);
    expect((await contact()).homeDistrict).toBeNull();
  });

  it('uk: Ukrainian replies', async () => {
    const u = tg('uk');
    await runTranscript(u.says, [['Rokosowo', /^Найближчі організації від: околиці Rokosowo \(близько 1,2 км\)/]]);
  });

  it('SMS answers fit in 2 GSM-7 segments, even with long official names and addresses', async () => {
    for (const [i, name] of [
      'STOWARZYSZENIE KOSZALIŃSKI KLUB "AMAZONKA" PRZY SZPITALU WOJEWÓDZKIM',
      'HOSPICJUM IM.ŚW.MAKSYMILIANA KOLBEGO W KOSZALINIE',
      'KOSZALIŃSKIE TOWARZYSTWO EDUKACYJNE IM. KS. PROF. JÓZEFA TISCHNERA',
    ].entries()) {
      await db.prisma.organization.create({
        data: {
          dedupeKey: `long:${i}`,
          name,
          address: 'ul. Bohaterów Warszawy 123/45, 75-011 Koszalin',
          phone: '+48 94 123 45 67',
          lat: 54.25 + i * 0.0001,
          lng: 16.158,
        },
      });
    }
    geo.directory.invalidate();
    const { renderSms } = await import('../bot/channels/sms/render.js');
    for (const q of ['Jamno', 'na Rokosowie', 'seniorzy w Śródmieściu', '75-011', '54.3000, 16.0000']) {
      const u = sms();
      const sms1 = renderSms(await u.send(q), { transliterate: true });
      expect(sms1.info, `${q}: ${sms1.body}`).toMatchObject({ encoding: 'GSM-7' });
      expect(sms1.info.segments, `${q}: ${sms1.body}`).toBeLessThanOrEqual(2);
      expect(sms1.body).toMatch(/^1\. /m);
      if (q === 'Jamno') expect(sms1.body).toMatch(/HOSPICJUM|AMAZONKA|TOWARZYSTWO/);
      expect(sms1.body).toMatch(/Mapa: https:\/\/bot\.example\.org\/map\?lat=/);
    }
  });

  it('never stores the point outside the conversation', async () => {
    const u = sms();
    await u.says('54.1943, 16.1722');
    const during = await db.prisma.dialogState.findMany({ where: { key: `sms/conversations/+4860050${String(n).padStart(4, '0')}` } });
    expect(JSON.stringify(during.map((s) => s.data))).toContain('16.1722');
    await u.says('anuluj');
    const states = await db.prisma.dialogState.findMany({ where: { key: `sms/conversations/+4860050${String(n).padStart(4, '0')}` } });
    expect(states).toHaveLength(1);
    expect(JSON.stringify(states.map((s) => s.data))).not.toContain('16.1722');
    expect(h.errors).toEqual([]);
  });
});
