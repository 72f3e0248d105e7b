/** The understanding step on its own: languages with priors, intents, inflected categories, places, dates. */
import { describe, expect, it } from 'vitest';
import { offlinePlaces } from '../bot/geo/offline-places.js';
import { createUnderstanding, type UnderstandingInput } from '../dialogs/understanding/understand.js';

const port = createUnderstanding({ places: offlinePlaces() });
const now = new Date('2026-12-01T10:00:00Z'); // a Tuesday
const read = (text: string, more: Partial<UnderstandingInput> = {}) =>
  port.understand({ text, channel: 'sms', from: '+48600000000', storedLocale: 'pl', now, ...more });

describe('understanding', () => {
  // Phrase families, written for this test (not corpus lines): question forms, verb stems, negations.
  it.each([
    ['co się dzieje w mieście w piątek?', 'events'],
    ["what's on at the weekend", 'events'],
    ['що відбувається в місті?', 'events'],
    ['gdzie można pójść w niedzielę z dziećmi', 'events'],
    ['куди можна піти ввечері', 'events'],
    ['informuj mnie o koncertach', 'subscribe'],
    ['keep me posted about volunteering', 'subscribe'],
    ['повідомляйте про спортивні події', 'subscribe'],
    ['wysyłajcie mi info o akcjach dla zwierząt', 'subscribe'],
    ['sign me up for sport updates', 'subscribe'],
    ['nie chcę już info o sporcie', 'unsubscribe'],
    ['nie chcę dostawać wiadomości o koncertach', 'unsubscribe'],
    ['nie pisz do mnie', 'stop'],
    ['jednak nie przyjdę, wypiszcie mnie z warsztatów', 'leave'],
    ["sorry, I won't be able to come", 'leave'],
    ['put my name down for the walk', 'signup'],
    ['proszę mnie wpisać', 'signup'],
    ['co ten numer potrafi?', 'help'],
    ['what does this service do', 'help'],
    ['що вміє цей бот?', 'help'],
  ])('%s → %s', async (text, intent) => {
    expect((await read(text)).intent).toBe(intent);
  });

  it('a need that also asks for a language stays a need', async () => {
    expect(await read('потрібен психолог, українською якщо можна', { from: '+380600000000' })).toMatchObject({
      intent: 'nearest',
      category: 'zdrowie',
    });
  });

  it.each([
    ['Szukam pomocy dla seniora na Rokosowie', 'pl', 'nearest', 'seniorzy', 'Rokosowo'],
    ['gdzie jest najbliższa organizacja dla dzieci? jestem przy dworcu', 'pl', 'nearest', 'dzieci-mlodziez', 'Dworzec PKP'],
    ['klub seniora os. tysiąclecia', 'pl', 'nearest', 'seniorzy', 'Tysiąclecia'],
    ['organizacje dla osób niepełnosprawnych blisko ulicy Morskiej', 'pl', 'nearest', 'niepelnosprawnosc', 'ul. Morska'],
    ['шукаю допомогу для дітей біля вокзалу', 'uk', 'nearest', 'dzieci-mlodziez', 'Dworzec PKP'],
  ])('%s', async (text, lang, intent, category, place) => {
    const u = await read(text, { from: lang === 'uk' ? '+380600000000' : '+48600000000', first: true });
    // (The language is told by the words left when the place is cut out; "klub seniora" alone says little.)
    expect(u).toMatchObject({ replyLocale: lang, intent, category });
    expect(u.place && 'label' in u.place ? u.place.label : undefined).toBe(place);
  });

  it.each([
    ['emerytom', 'seniorzy'],
    ['psom', 'zwierzeta'],
    ['zajęcia dla młodzieży', 'dzieci-mlodziez'],
    ['stowarzyszenie niewidomych', 'niepelnosprawnosc'],
    ['пенсіонерам', 'seniorzy'],
    ['гуртки підліткам', 'dzieci-mlodziez'],
    ['корм котам', 'zwierzeta'],
    ['volleyball teams', 'sport'],
    ['siatkówka', 'sport'],
    ['orkiestra dęta', 'kultura'],
    ['kocięta', 'zwierzeta'],
    ['noclegownia', 'pomoc-spoleczna'],
    ['rehabilitacja', 'zdrowie'],
    ['fundacja zespół Downa', 'niepelnosprawnosc'],
    ['cudzoziemcy', 'migranci'],
    ['korepetycje', 'edukacja'],
    ['klub sportowy', 'sport'],
    ['psycholog dla dziecka', 'zdrowie'],
  ])('category of "%s" is %s', async (text, category) => {
    expect((await read(text)).category).toBe(category);
  });

  it('answers in the language written, with priors for what says nothing', async () => {
    expect((await read('help', { from: '+447700900000', storedLocale: undefined, first: true })).replyLocale).toBe('en');
    expect((await read('1', { storedLocale: 'en' })).replyLocale).toBe('en');
    expect(await read('ok', { storedLocale: 'uk' })).toMatchObject({ replyLocale: 'uk', langClear: false });
    expect(await read('Rokosowo', { storedLocale: 'en' })).toMatchObject({ replyLocale: 'en', langClear: false });
    expect(await read('where can I find a food bank?', { storedLocale: 'pl' })).toMatchObject({ replyLocale: 'en', langClear: true });
    // An explicit choice sticks whatever the message is written in.
    expect((await read('gdzie jest schronisko dla psów?', { chosenLocale: 'en' })).replyLocale).toBe('en');
    // Russian is told from Ukrainian, and answered in Ukrainian.
    expect(await read('помогите найти приют для кошек', { from: '+48600000000' })).toMatchObject({
      lang: 'ru',
      replyLocale: 'uk',
      category: 'zwierzeta',
    });
    expect((await read('потрібна допомога для котів')).lang).toBe('uk');
    // Web and e-mail addresses are names, not English: a Polish line with one stays Polish.
    for (const text of ['PROFIL 12 www https://www.example.org', 'nowa strona: www.example.com', 'piszcie na office@example.org'])
      expect((await read(text, { storedLocale: 'pl' })).replyLocale, text).toBe('pl');
  });

  it.each([
    ['nie chcę więcej SMS-ów', 'stop'],
    ['stop sending me messages', 'stop'],
    ['більше не надсилайте', 'stop'],
    ['stop sending me sports news', 'unsubscribe'],
    ['co potrafisz?', 'help'],
    ['dzięki!', 'thanks'],
    ['hej', 'greeting'],
    ['po polsku proszę', 'language'],
    ['usuń mój numer z bazy', 'delete_data'],
    ['zapisz mnie na 12', 'signup'],
    ['informujcie mnie o koncertach', 'subscribe'],
    ['co się dzieje w ten weekend?', 'events'],
    ['INFO 12', 'unknown'],
  ])('"%s" is %s', async (text, intent) => {
    expect((await read(text)).intent).toBe(intent);
  });

  it('reads the days of an event question', async () => {
    const weekend = await read('co się dzieje w ten weekend?');
    expect(weekend.dates).toMatchObject({
      kind: 'weekend',
      from: Date.parse('2026-12-04T23:00:00Z'),
      to: Date.parse('2026-12-06T23:00:00Z'),
    });
    expect((await read('концерти цього тижня')).dates).toMatchObject({ kind: 'week', to: Date.parse('2026-12-06T23:00:00Z') });
    expect((await read('events tomorrow')).dates).toMatchObject({ kind: 'tomorrow', from: Date.parse('2026-12-01T23:00:00Z') });
    expect((await read('zapisz mnie na 12')).number).toBe(12);
  });
});
