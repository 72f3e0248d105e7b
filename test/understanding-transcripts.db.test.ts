/**
 * Issue 13's six first messages, answered right on SMS and on Telegram (pl, en, uk), and what follows them:
 * a category without a place asks where and the next message completes it; a one-word correction; natural
 * opt-outs; thanks; the reply language follows the message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDbKind } from './support/db.js';
import { makeEngine, productFeatures, runTranscript } from './support/harness.js';
import { ensureCategories, loadDemoData } from '../prisma/seed/index.js';
import type { Database } from '../prisma/database.js';

describe(`free text understood from the first message, on ${testDbKind}`, () => {
  let db: Database;
  let h: ReturnType<typeof makeEngine>;
  let n = 0;
  const sms = (prefix = '+48600') => h.user(`sms:${prefix}${String(++n).padStart(6, '0')}`);
  const tg = (lang: string) => h.user(`telegram:${900000 + ++n}`, { languageCode: lang });

  beforeAll(async () => {
    db = await openTestDatabase();
    await ensureCategories(db.prisma);
    await loadDemoData(db.prisma);
    h = makeEngine(db, productFeatures(db).features);
  });
  afterAll(async () => db?.close());

  const SIX: Array<[string, string, string, RegExp]> = [
    [
      'Szukam pomocy dla seniora na Rokosowie',
      '+48600',
      'pl',
      /^Najbliższe organizacje \(seniorzy\) od: okolica Rokosowo[\s\S]*\n1\. [\s\S]*Zła kategoria lub miejsce\? Napisz jedno słowo/,
    ],
    [
      'gdzie jest najbliższa organizacja dla dzieci? jestem przy dworcu',
      '+48600',
      'pl',
      /^Najbliższe organizacje \(dzieci i młodzież\) od: Dworzec PKP[\s\S]*\n1\. /,
    ],
    [
      'klub seniora os. tysiąclecia',
      '+48600',
      'pl',
      /^Najbliższe organizacje \(seniorzy\) od: okolica Tysiąclecia[\s\S]*\n1\. Stowarzyszenie Aktywny Senior/,
    ],
    [
      'organizacje dla osób niepełnosprawnych blisko ulicy Morskiej',
      '+48600',
      'pl',
      /^(?:Brak organizacji w kategorii Osoby z niepełnosprawnością\. Oto najbliższe z wszystkich\. )?Najbliższe organizacje (?:\(osoby z niepełnosprawnością\) )?od: (?:okolica )?ul\. Morska[\s\S]*\n1\. /,
    ],
    ['help', '+44770', 'en', /^Send an address, district or postcode/],
    ['шукаю допомогу для дітей біля вокзалу', '+38050', 'uk', /^Найближчі організації \(діти та молодь\) від: Dworzec PKP[\s\S]*\n1\. /],
  ];

  it.each(SIX)('SMS: %s', async (text, prefix, _lang, expected) => {
    const u = sms(prefix);
    const reply = await u.says(text);
    expect(reply).toMatch(expected);
    expect(reply).not.toMatch(/Nie rozumiem|Co chcesz zrobić\?/);
  });

  it.each(SIX)('Telegram: %s', async (text, _prefix, lang, expected) => {
    const u = tg(lang);
    expect(await u.says(text)).toMatch(expected);
  });

  it('a category without a place keeps the category and asks where; the next message completes it', async () => {
    await runTranscript(sms().says, [
      ['potrzebuję pomocy dla mamy, ma 84 lata', /^Szukam: Seniorzy\. Gdzie jesteś\?/],
      ['na Rokosowie', /^Najbliższe organizacje \(seniorzy\) od: okolica Rokosowo/],
    ]);
    await runTranscript(tg('en').says, [['any volleyball club for adults?', /^Looking for: Sport and recreation\. Share your location/]]);
  });

  it('one word corrects the category and keeps the place', async () => {
    await runTranscript(sms().says, [
      ['klub seniora os. tysiąclecia', /\(seniorzy\) od: okolica Tysiąclecia/],
      ['sport', /^Najbliższe organizacje \(sport i rekreacja\) od: okolica Tysiąclecia/],
    ]);
  });

  it('natural opt-outs are STOP with the usual confirmation, in the language written', async () => {
    const pl = sms();
    expect(await pl.says('nie chcę więcej SMS-ów')).toBe('Wypisano Cię ze wszystkich wiadomości. Aby wrócić, napisz START.');
    const contact = await db.prisma.contactIdentity.findFirstOrThrow({
      where: { address: `+48600${String(n).padStart(6, '0')}` },
      include: { contact: true },
    });
    expect(contact.contact.status).toBe('STOPPED');
    expect(await sms('+44770').says('stop sending me messages')).toMatch(/^You will get no more messages from us/);
    expect(await sms('+38050').says('більше не надсилайте')).toBe(
      'Ви більше не отримуватимете повідомлень. Щоб повернутися, надішліть СТАРТ.',
    );
  });

  it('thanks, help in other words, events by day, and the stored language follows a clear message', async () => {
    const u = sms();
    await runTranscript(u.says, [
      ['dzięki!', 'Proszę bardzo!'],
      ['what can you do?', /^Send an address, district or postcode/],
      ['1', /^Send an address|^What would you like|Choose|\d/],
    ]);
    const c = await db.prisma.contactIdentity.findFirstOrThrow({
      where: { address: `+48600${String(n).padStart(6, '0')}` },
      include: { contact: true },
    });
    expect(c.contact.locale).toBe('en');
    expect(await sms().says('co się dzieje w ten weekend?')).toMatch(
      /^Wydarzenia, 5\.12–6\.12:|^Brak wydarzeń w tym terminie \(5\.12–6\.12\)/,
    );
  });

  it('an explicit language choice belongs to the person: it outlives the conversation state and beats a clear message', async () => {
    const u = sms('+38050');
    expect(await u.says('english')).toBe('Language set: English.');
    const id = await db.prisma.contactIdentity.findFirstOrThrow({ where: { address: `+38050${String(n).padStart(6, '0')}` } });
    expect((await db.prisma.contact.findUniqueOrThrow({ where: { id: id.contactId } })).localeChosen).toBe(true);
    // The conversation's state expires (or is lost); the choice stays with the contact.
    await db.prisma.dialogState.deleteMany({});
    expect(await u.says('шукаю допомогу для дітей біля вокзалу')).toMatch(/^Nearest organisations \(children and youth\) to: Dworzec PKP/);
    expect(await u.says('dzien dobry, szukam klubu seniora')).toMatch(/^(Where are you|Nearest organisations \(seniors\))/);
    const c = await db.prisma.contact.findUniqueOrThrow({ where: { id: id.contactId } });
    expect(c.locale).toBe('en');
    // Changing it is explicit too.
    expect(await u.says('po polsku')).toBe('Ustawiono język: polski.');
    expect(await u.says('I need help for my grandmother')).toMatch(/^(Gdzie jesteś|Najbliższe organizacje \(seniorzy\))/);
  });
});
