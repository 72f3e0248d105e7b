/**
 * Rules of the understanding step that each stand for a family of messages (written for these tests; in no corpus):
 * the learned model never opts a person out or deletes data on its own, dialog answers stay the dialog's, category
 * rules (conditions, companions, what is learnt, reasons in a cancellation), Ukrainian phrases that look like a
 * sign-up or a cancellation but are not, and Polish place names spelt in Ukrainian by ear.
 */
import { describe, expect, it } from 'vitest';
import { offlinePlaces } from '../bot/geo/offline-places.js';
import { latinize } from '../bot/geo/street-names.js';
import { normalizeText } from '../dialogs/text.js';
import { createUnderstanding } from '../dialogs/understanding/understand.js';

const places = offlinePlaces();
const understanding = createUnderstanding({ places });
const now = new Date('2026-12-01T10:00:00Z');
const read = (text: string) => understanding.understand({ text, channel: 'sms', from: '+48600000001', now });

describe('what the learned model may not do', () => {
  it('never turns a short dialog answer into STOP, delete-my-data or a language request', async () => {
    for (const text of [
      'tak, wypisz Kasię',
      'nie, to już wszystko',
      'nie, nic więcej',
      'nie chcę więcej',
      'ni, більше нічого',
      'usuń moje zgłoszenie',
      'usuń mój wpis',
      'koniec koniec',
      'usuń usuń',
      'niemiecki i angielski',
      'ukraiński',
    ]) {
      const u = await read(text);
      expect({ text, intent: u.intent }).not.toEqual({ text, intent: 'stop' });
      expect({ text, intent: u.intent }).not.toEqual({ text, intent: 'delete_data' });
      expect({ text, intent: u.intent }).not.toEqual({ text, intent: 'language' });
    }
  });

  it('a guessed sign-up or cancellation carries no event number and says it is a guess', async () => {
    const u = await read('co jeśli nie będę mogła przyjść na 12?');
    expect(u.number).toBeUndefined();
    expect(['events', 'leave']).toContain(u.intent);
    if (u.intent !== 'events') expect(u.guessed).toBe(true);
    expect((await read('wypisz mnie z 12')).number).toBe(12);
  });
});

describe('phrases that look like an action but are not', () => {
  it('a waiting-list question or polite thanks is no cancellation or sign-up', async () => {
    expect((await read('якщо звільниться місце, напишіть')).intent).not.toBe('leave');
    expect((await read('чи звільнилось місце?')).intent).not.toBe('leave');
    expect((await read('ми будемо вдячні за інформацію')).intent).not.toBe('signup');
    // A question about what would happen: no sign-up, and no cancellation the dialogs would act on.
    for (const text of ['what if I cannot come?', 'co jeśli nie będę mogła przyjść?']) {
      const u = await read(text);
      expect({ text, acts: u.intent === 'signup' || (u.intent === 'leave' && !u.guessed) }).toEqual({ text, acts: false });
    }
    // …while the real ones are.
    expect((await read('звільніть моє місце на екскурсії')).intent).toBe('leave');
    expect((await read('так, хочемо піти. Нас буде троє')).intent).toBe('signup');
  });

  it('"no messages at all" without a topic is STOP; with a topic it is unsubscribing from it', async () => {
    expect((await read('nie chcę już od was dostawać żadnych wiadomości, na żaden temat')).intent).toBe('stop');
    expect((await read('TAKE ME OFF EVERYTHING')).intent).toBe('stop');
    expect((await read('nie chcę żadnych wiadomości o sporcie')).intent).toBe('unsubscribe');
  });

  it('a language name alone asks for that language, not for help for migrants', async () => {
    expect(await read('in ukrainian?')).toMatchObject({ intent: 'language', languageAsked: 'uk' });
    expect(await read('ukr prosze')).toMatchObject({ intent: 'language', languageAsked: 'uk' });
    expect(await read('could you answer me in Polish? I am trying to learn')).toMatchObject({ intent: 'language', languageAsked: 'pl' });
  });
});

describe('category rules', () => {
  const category = async (text: string) => (await read(text)).category;

  it('a condition beats who has it and the activity', async () => {
    expect(await category('nasz syn ma autyzm, po lekcjach nie ma z kim spędzać czasu, inne dzieci go nie rozumieją')).toBe(
      'niepelnosprawnosc',
    );
    expect(await category('warsztaty teatralne dla dorosłych z niepełnosprawnością ruchową?')).toBe('niepelnosprawnosc');
    // A doctor's advice is no condition of the person: nordic walking for seniors stays the seniors'.
    expect(await category('kiedy jest nordic walking dla seniorów? lekarz kazał chodzić')).toBe('seniorzy');
  });

  it('a group one goes with is only a hint; one works with is the topic', async () => {
    expect(await category('Цього року буде прибирання берегів у Ямні? хочемо з дітьми піти')).toBe('ekologia');
    expect(await category('szukam nauki pływania dla dorosłych, od dziecka boję się wody')).toBe('sport');
    expect(await category('szukam wolontariatu z dziećmi, może świetlica')).toBe('dzieci-mlodziez');
  });

  it('what is learnt decides over "lessons", and a course for seniors is the seniors\'', async () => {
    expect(await category('swimming lessons for adults who never learned?')).toBe('sport');
    expect(await category('z psem na szkolenie z posłuszeństwa - gdzie?')).toBe('zwierzeta');
    expect(await category('kurs obsługi komputera dla seniorów na Nowobramskim')).toBe('seniorzy');
    expect(await category('korepetycje z matmy dla syna')).toBe('edukacja');
  });

  it("reasons and companions do not make a cancellation's or a sign-up's category; the event's topic does", async () => {
    expect(await category('NIE POJADĘ JEDNAK, CHORY JESTEM, SKREŚLCIE MNIE')).toBeUndefined();
    expect(await category('super, dopiszcie nas na niedzielę: ja, Kuba i Figa (pies)')).toBeUndefined();
    expect(await category('wypisz mnie z biegu, skręciłem kostkę')).toBe('sport');
    expect(await category('zapisz mnie na bal dziecięcy')).toBe('dzieci-mlodziez');
  });

  it('everyday words are not concept words', async () => {
    expect(await category('dostałem wymówienie z pracy, gdzie szukać pomocy przy pisaniu odwołania?')).not.toBe('zdrowie');
    expect(await category('wielka operacja sprzątania lasu w sobotę')).toBe('ekologia');
    expect(await category('заняття з йоги після обіду')).toBe('sport');
    expect(await category('автобус відходить о 10, де збір на екскурсію?')).not.toBe('ekologia');
    expect(await category('гурток для старших дітей')).toBe('dzieci-mlodziez');
  });
});

describe('Polish places spelt in Ukrainian by ear', () => {
  const latin = (w: string) => latinize(normalizeText(w));

  it('spells soft consonants, й and the locative as Polish does', () => {
    expect(latin('Любятово')).toBe('lubiatowo');
    expect(latin('Костюшки')).toBe('kosciuszki');
    expect(latin('Гнєзненській')).toBe('gnieznenskiej');
    expect(latin('Європейській')).toBe('europejskiej');
    expect(latin('Крайової')).toBe('krajowej');
    expect(latin('Єдлини')).toBe('jedliny');
  });

  it('finds the place in a sentence', async () => {
    for (const [text, label] of [
      ['ми з Любятова', 'Lubiatowo'],
      ['живу на Костюшки', 'ul. Kościuszki'],
      ['живемо на Єдлинах', 'Jedliny'],
      ['в квартирі на Пшилєсю', 'Przylesie'],
      ['на басейні коло Тисьонцлєця', 'Tysiąclecia'],
      ['ми на Унії Європейскєй', 'Unii Europejskiej'],
      ['на Гнєзненській', 'ul. Gnieźnieńska'],
    ] as const) {
      const p = await places.findPlaceInText(text);
      expect({ text, label: p && 'label' in p ? p.label : p?.kind }).toEqual({ text, label });
    }
  });
});
