/**
 * How people write place names: the words of a text with their positions (so a caller can cut a place out of a
 * sentence), Polish names typed in Cyrillic ("Котліна", "вулиця Морська"), and the short forms of official street
 * names (without first names and ranks: "Andersa" for "Władysława Andersa", "AK" for "Armii Krajowej").
 */
import { normalizeText } from '../../dialogs/text.js';

/** Ukrainian/Russian letters as a Pole would spell the same sounds (after normalizeText: й→и, ї→і, ё→е). */
const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'w',
  г: 'g',
  ґ: 'g',
  д: 'd',
  е: 'e',
  є: 'je',
  ж: 'z',
  з: 'z',
  и: 'y',
  і: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'ch',
  ц: 'c',
  ч: 'cz',
  ш: 'sz',
  щ: 'szcz',
  ь: '',
  ъ: '',
  ю: 'ju',
  я: 'ja',
  ы: 'y',
  э: 'e',
  "'": '',
};

const SOFT_VOWEL: Record<string, string> = { є: 'e', ю: 'u', я: 'a' };

/** Cyrillic letters of an already normalised word spelt in Polish Latin letters ("морська" → "morska"). */
export function latinize(word: string): string {
  if (!/[\u0400-\u04ff]/.test(word)) return word;
  // A soft consonant is written in Polish with "i" ("Любятово" → "lubiatowo"; "Гнєзненська" → "gnie…"), except l, soft
  // already ("Пшилєсю" → "pszylesiu"); soft т and д are Polish "ci" and "dzi" ("Костюшки" → "kosciuszki"), сь and зь are
  // Polish ś and ź. After a vowel or at the start є, ю and я are "je", "ju" and "ja"; "Європа" is Europe.
  const w = word
    // й after a vowel (normalizeText made it и): "Європейській" → "…pejsk…", "Гайова" → "gajowa".
    .replace(/(?<=[аеоуяєюіи])и/g, 'j')
    .replace(/л([єюя])/g, (_, v: string) => `l${SOFT_VOWEL[v]}`)
    .replace(/([лкг])и/g, (_, c: string) => `${CYRILLIC[c]}i`) // Polish writes li, ki, gi where Ukrainian has ли, ки, ги: "Єдлини", "Костюшки"
    .replace(/т([єюя])/g, (_, v: string) => `ci${SOFT_VOWEL[v]}`)
    .replace(/д([єюя])/g, (_, v: string) => `dzi${SOFT_VOWEL[v]}`)
    .replace(/(?<=[бвгґзкмнпрсфхцчшщ])([єюя])/g, (_, v: string) => `i${SOFT_VOWEL[v]}`)
    .replace(/^євро/, 'euro')
    .replace(/[\u0400-\u04ff']/g, (c) => CYRILLIC[c] ?? c);
  // й between vowels is the Polish j ("Крайової" → "krajow…"); the Ukrainian feminine genitive -ої is the Polish -ej
  // ("Армії Крайової" → "armii krajowej", "Морської" → "morskiej").
  return w
    .replace(/([aeiouy])i(?=[aeiou])/g, '$1j')
    .replace(/([kg])oi$/, '$1iej')
    .replace(/([sc]k)ij$/, '$1iej') // the locative -ській is the Polish -skiej ("на Гнєзненській")
    .replace(/oi$/, 'ej');
}

/** One word of a text: its comparable form and where it stands in the original text (UTF-16 offsets). */
export interface TextToken {
  norm: string;
  start: number;
  end: number;
}

const TOKEN = /[\p{L}\p{M}\p{N}]+(?:\/\d+[\p{L}]?)?/gu;

/** The words of a text, normalised (lower case, no diacritics, Latin letters), with their spans. */
export function tokenizeSpans(text: string): TextToken[] {
  const out: TextToken[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const norm = latinize(normalizeText(m[0]));
    if (norm) out.push({ norm, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** The comparable words of a name. */
export function nameTokens(name: string): string[] {
  return tokenizeSpans(name).map((t) => t.norm);
}

/** Ranks and titles that street names carry and people drop ("Marszałka Józefa Piłsudskiego" → "Piłsudskiego"). */
const RANKS = new Set(
  [
    'marszałka',
    'generała',
    'gen',
    'kardynała',
    'kard',
    'biskupa',
    'bpa',
    'księdza',
    'ks',
    'świętego',
    'św',
    'króla',
    'rotmistrza',
    'majora',
    'mjr',
    'pułkownika',
    'płk',
    'kapitana',
    'kpt',
    'porucznika',
    'por',
    'profesora',
    'prof',
    'doktora',
    'dr',
    'admirała',
    'hetmana',
    'papieża',
    'prymasa',
  ].map(normalizeText),
);

/** First names in the genitive, as street names spell them. */
const FIRST_NAMES = new Set(
  [
    'tytusa',
    'władysława',
    'stanisława',
    'heleny',
    'jana',
    'juliana',
    'józefa',
    'czesława',
    'melchiora',
    'kornela',
    'stefana',
    'fryderyka',
    'ferdynanda',
    'emilii',
    'bolesława',
    'adama',
    'marii',
    'henryka',
    'ignacego',
    'tadeusza',
    'juliusza',
    'karola',
    'kazimierza',
    'mikołaja',
    'wincentego',
    'zygmunta',
    'elizy',
    'jerzego',
    'witolda',
    'romualda',
    'aleksandra',
    'franciszka',
    'grzegorza',
    'krzysztofa',
    'piotra',
    'pawła',
    'wojciecha',
    'andrzeja',
    'jakuba',
    'ludwika',
    'macieja',
    'marka',
    'michała',
    'janusza',
    'leona',
    'ignacego',
    'wisławy',
    'marii',
    'zofii',
    'anny',
    'emilii',
    'konstantego',
    'cypriana',
    'gabrieli',
    'bogusława',
    'ottona',
    'mieszka',
  ].map(normalizeText),
);

const ROMAN_OR_NUMBER = /^(?:[ivx]+|\d+)$/;

/** Official forms people shorten to letters. */
const ACRONYMS: Record<string, string[]> = {
  'armii krajowej': ['ak'],
  'komisji edukacji narodowej': ['ken'],
  'jana pawla ii': ['jp2', 'jpii', 'jana pawla'],
};

/**
 * The forms people use for an official street name, besides the name itself: without leading ranks and first
 * names ("Władysława Andersa" → "andersa", "Kardynała Stefana Wyszyńskiego" → "wyszynskiego"), rank + surname
 * ("gen bema"), and known acronyms ("ak"). A first name before a number stays ("Bogusława II", "Władysława IV").
 */
export function streetAliases(name: string): string[] {
  const words = normalizeText(name).split(' ');
  const out = new Set<string>();
  let i = 0;
  while (i < words.length - 1 && (RANKS.has(words[i]!) || FIRST_NAMES.has(words[i]!)) && !ROMAN_OR_NUMBER.test(words[i + 1]!)) i++;
  if (i > 0) {
    out.add(words.slice(i).join(' '));
    const rank = words.findIndex((w) => RANKS.has(w));
    if (rank >= 0 && rank < i) out.add(`${words[rank]} ${words.slice(i).join(' ')}`);
  }
  for (const a of ACRONYMS[words.join(' ')] ?? []) out.add(a);
  out.delete(words.join(' '));
  return [...out].sort();
}

/** Words that say the next name is a street, or a district. */
export const STREET_HINTS = new Set(
  [
    'ul',
    'ulica',
    'ulicy',
    'ulice',
    'ulicę',
    'ulic',
    'al',
    'aleja',
    'alei',
    'aleje',
    'alejach',
    'street',
    'st',
    'road',
    'avenue',
    'вул',
    'вулиця',
    'вулиці',
    'вулицю',
    'улица',
    'улице',
  ].map((w) => latinize(normalizeText(w))),
);
export const DISTRICT_HINTS = new Set(
  ['os', 'osiedle', 'osiedlu', 'osiedla', 'dzielnica', 'dzielnicy', 'district', 'estate', 'район', 'районі', 'мікрорайон'].map((w) =>
    latinize(normalizeText(w)),
  ),
);
