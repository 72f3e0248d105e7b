/**
 * The language of one message: Polish, English, Ukrainian, or Russian (answered in Ukrainian), or undefined when
 * the message says nothing about it ("1", "ok", "Rokosowo", "75-620").
 *
 * How (measured in bench/RESULTS.md, "Language detection"): the script first (Cyrillic vs Latin; і ї є ґ are
 * Ukrainian, ы э ъ ё Russian), Polish letters (ą ę ł ś ż …), then the ELD n-gram detector limited to the four
 * languages, and a few very common words for text too short for n-grams. Priors (phone country code,
 * Telegram's language_code, the stored language) decide only what the text leaves open.
 */
import type { Locale } from '../i18n/index.js';

export type MessageLanguage = Locale | 'ru';

export interface LanguageGuess {
  lang: MessageLanguage | undefined;
  /** The text is clearly in this language (enough words; not a number, a place or "ok"). */
  clear: boolean;
}

interface Detector {
  detect(text: string): { language: string; getScores(): Record<string, number> };
}

let detector: Detector | undefined;
let loading: Promise<Detector> | undefined;

/** Loads the ELD n-gram data (about 1 MB) once, on first use. */
export function loadLanguageDetector(): Promise<Detector> {
  loading ??= import('eld/extrasmall').then((m) => {
    const d = m.eld.newInstance() as unknown as Detector & { setLanguageSubset(l: string[]): unknown };
    d.setLanguageSubset(['pl', 'en', 'uk', 'ru']);
    detector = d;
    return d;
  });
  return loading;
}

/** Common words that are Russian and not Ukrainian, and the reverse (for text without ы э ъ ё і ї є). */
const RU_WORDS = new Set([
  'помогите',
  'найти',
  'где',
  'нужна',
  'нужен',
  'нужно',
  'что',
  'как',
  'можно',
  'получить',
  'пожалуйста',
  'спасибо',
  'здравствуйте',
  'привет',
  'кошек',
  'детей',
  'будет',
  'есть',
  'мне',
  'помощь',
  'помощи',
]);
const UK_WORDS = new Set([
  'де',
  'що',
  'як',
  'можна',
  'потрібна',
  'потрібен',
  'знайти',
  'будь',
  'дякую',
  'мені',
  'допомога',
  'допомогу',
  'дітей',
  'буде',
]);

const POLISH_LETTERS = /[ąćęłńóśźż]/i;
const UKRAINIAN_LETTERS = /[іїєґ]/i;
const RUSSIAN_LETTERS = /[ыэъё]/i;

/** Short words that tell the language on their own (a greeting, thanks, a command). */
const WORDS: Record<string, MessageLanguage> = {};
for (const [lang, list] of [
  [
    'pl',
    'pomoc czesc hej hejka siema siemka serwus witam serdecznie dzieki dziekuje dzienki spoko tak nie prosze menu jezyk polski wydarzenia zapisz wypisz odsubskrybuj wszystko skasujcie usuncie jutro dzisiaj dzis gdzie co jak kiedy czy jest sa na dla mnie sie',
  ],
  [
    'en',
    'help hi hiya hello hey thanks thank thx cheers yes no please events join leave opt out unsubscribe tomorrow today where what how when is are the for me my i you any near',
  ],
] as const) {
  for (const w of list.split(' ')) WORDS[w] = lang;
}

/** Greetings and thanks are said in one's own language, however short ("hi", "thx", "hej"). */
const GREETINGS = new Set(['hi', 'hiya', 'hey', 'thx', 'hej', 'hejka', 'siema', 'siemka', 'elo']);

const EN_FUNCTION = new Set(
  'the a an is are was for to of and or in on at with my me i im you your can any anything where what whats how when who there here near please this that it do does have has need looking want would like from about some'.split(
    ' ',
  ),
);
const PL_FUNCTION = new Set(
  'sie jest sa czy na w we z ze do dla co jak gdzie kto mnie mi moj moja moje prosze jakis jakies cos tu tam jestem szukam potrzebuje chce mozna bedzie nie tak albo lub ktory ktora przy kolo obok o od po dzieki czesc'.split(
    ' ',
  ),
);

function latinWords(s: string): string[] {
  return s
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/['’]/g, '')
    .split(/[^a-z]+/)
    .filter(Boolean);
}

/**
 * Guesses the language of `text` (the place the message names already cut out, so "Morska" does not vote).
 * Call loadLanguageDetector() once before; without it only the rules run.
 */
export function detectLanguage(raw: string): LanguageGuess {
  // Tokens with digits (codes like KOS-94NU-JN4Z, house numbers, postcodes) say nothing about the language; their
  // random letters once tipped the guess either way.
  // Web and e-mail addresses ("https://fundacja.org", "biuro@fundacja.pl") are names, not words of a language.
  const text = raw
    .replace(/\b(?:https?:\/\/|www\.)\S+|\S+@\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:pl|org|com|eu|net|ua|info)\b\S*/giu, ' ')
    .replace(/\S*\d\S*/g, ' ');
  const cyr = (text.match(/[\u0400-\u04ff]/g) ?? []).length;
  const lat = (text.match(/[a-zA-Z\u00c0-\u024f]/g) ?? []).length;
  const letters = cyr + lat;
  if (letters < 2) return { lang: undefined, clear: false };
  if (cyr > lat) {
    const words = text.split(/[^\u0400-\u04ff'’ʼ]+/).filter((w) => w.length > 0);
    // Cyrillic is never Polish or English: even one word ("СТОП") says the language.
    const clear = words.length >= 2 || cyr >= 3;
    if (UKRAINIAN_LETTERS.test(text)) return { lang: 'uk', clear };
    if (RUSSIAN_LETTERS.test(text)) return { lang: 'ru', clear };
    const lower = words.map((w) => w.toLowerCase());
    const ru = lower.filter((w) => RU_WORDS.has(w)).length;
    if (ru > 0 && ru > lower.filter((w) => UK_WORDS.has(w)).length) return { lang: 'ru', clear };
    if (detector && cyr >= 8) {
      const scores = detector.detect(text).getScores();
      if ((scores.ru ?? 0) > (scores.uk ?? 0) * 1.1) return { lang: 'ru', clear };
    }
    return { lang: 'uk', clear };
  }
  const words = latinWords(text);
  if (!words.length) return { lang: undefined, clear: false };
  if (POLISH_LETTERS.test(text)) return { lang: 'pl', clear: words.length >= 2 || lat >= 5 };
  if (words.length === 1) {
    const w = words[0]!;
    const known = WORDS[w];
    return {
      lang: known,
      clear: Boolean(known) && (w.length >= 4 || GREETINGS.has(w)) && !['menu', 'tak', 'nie', 'yes', 'no'].includes(w),
    };
  }
  let en = 0;
  let pl = 0;
  for (const w of words) {
    if (EN_FUNCTION.has(w)) en++;
    if (PL_FUNCTION.has(w)) pl++;
  }
  let lang: MessageLanguage | undefined;
  if (detector && lat >= 12) {
    const r = detector.detect(text);
    const scores = r.getScores();
    const e = (scores.en ?? 0) + en * 0.02;
    const p = (scores.pl ?? 0) + pl * 0.02;
    lang = e === p ? undefined : e > p ? 'en' : 'pl';
  }
  if (!lang) lang = en > pl ? 'en' : pl > en ? 'pl' : (WORDS[words[0]!] as MessageLanguage | undefined);
  // Two keywords ("STOP SENIORZY") say little; a sentence with function words says a lot.
  // …and so do two or three words that all belong to one language's commands ("opt out", "jezyk polski").
  const clear =
    lang !== undefined &&
    ((en + pl >= 1 && words.length >= 2) ||
      (words.length >= 3 && lat >= 20) ||
      (words.length <= 3 && words.every((w) => WORDS[w] === lang)));
  return { lang, clear };
}

/** The language a phone number's country suggests: +48 Polish, +380 (and +7, +375) Ukrainian, English-speaking countries English. */
export function localeFromPhone(address: string): Locale | undefined {
  if (!address.startsWith('+')) return undefined;
  if (address.startsWith('+48')) return 'pl';
  if (/^\+(380|375|7)/.test(address)) return 'uk';
  if (/^\+(1|44|353|61|64|27)/.test(address)) return 'en';
  return 'en';
}
