/**
 * The gazetteer: places in the city that people name (districts with their aliases, streets with or without a
 * house number, well-known places, postcodes), matched with tolerance for Polish inflection ("na Rokosowie"),
 * missing diacritics ("zwyciestwa"), small typos, short forms ("Andersa", "AK") and Polish names typed in
 * Cyrillic ("Морська"), either as a whole answer (`match`) or inside a sentence (`findInText`, with the span
 * used). The places are data (data/gazetteer.koszalin.json, built by `npm run gazetteer:build`), each with its
 * source, licence and how far the true place may be from its point.
 */
import { readFileSync } from 'node:fs';
import { normalizeText } from '../../dialogs/text.js';
import { parseCsv } from '../import/csv.js';
import { editDistance, wordScore } from './text-match.js';
import type { AddressPoint } from './address-points.js';
import { DISTRICT_HINTS, latinize, nameTokens, STREET_HINTS, tokenizeSpans, type TextToken } from './street-names.js';

export type PlaceKind = 'district' | 'street' | 'landmark';
export type Precision = 'EXACT' | 'ADDRESS' | 'STREET' | 'DISTRICT' | 'POSTCODE' | 'CITY';

export interface GazetteerEntry {
  kind: PlaceKind;
  name: string;
  aliases: string[];
  lat: number;
  lng: number;
  precision: Precision;
  /** A key of `sources` in the gazetteer file. */
  source: string;
  /** The licence of the source the point comes from, as its credit line should say. */
  licence?: string;
  /** How far the true place may be from the point: the extent of a street or district, the error of a hand-placed point. */
  radiusMeters?: number;
  /** Hand-placed from general knowledge: no real source placed it. */
  handPlaced?: boolean;
  /** Streets: the known addresses, so house numbers are placed. */
  addresses?: AddressPoint[];
  /** Places placed from a published address: which one. */
  derivedFrom?: string;
}

/** A postcode's own point (GeoNames), and the villages outside the city that share the code. */
export interface PostcodePoint {
  lat: number;
  lng: number;
  radiusMeters: number;
  source: string;
  licence: string;
  villages?: string[];
}

export interface GazetteerDoc {
  about?: string;
  sources: Record<string, string>;
  city: { name: string; lat: number; lng: number; precision: Precision; source: string };
  entries: GazetteerEntry[];
  postcodes?: Record<string, PostcodePoint>;
}

/** Where in the text a match stands (UTF-16 offsets into the text given). */
export interface TextSpan {
  start: number;
  end: number;
}

export type PostcodeStatus = 'koszalin' | 'unknown' | 'elsewhere';

export type PlaceMatch =
  | {
      kind: 'place';
      entry: GazetteerEntry;
      houseNumber?: string;
      score: number;
      postcode?: { code: string; status: PostcodeStatus };
      span: TextSpan;
    }
  | { kind: 'ambiguous'; candidates: GazetteerEntry[]; span: TextSpan }
  | { kind: 'postcode'; code: string; status: PostcodeStatus; span: TextSpan }
  | { kind: 'none' };

const norm = (w: string) => latinize(normalizeText(w));

/** Words that say nothing about the place: prefixes, prepositions, the city name, filler. */
const NOISE = new Set(
  [
    'ul',
    'ulica',
    'ulicy',
    'ulice',
    'al',
    'aleja',
    'alei',
    'aleje',
    'os',
    'osiedle',
    'osiedlu',
    'osiedla',
    'pl',
    'plac',
    'placu',
    'na',
    'w',
    'we',
    'przy',
    'kolo',
    'obok',
    'okolice',
    'okolicy',
    'okolicach',
    'okolica',
    'niedaleko',
    'blisko',
    'od',
    'do',
    'z',
    'ze',
    'i',
    'koszalin',
    'koszalinie',
    'koszalina',
    'mieszkam',
    'jestem',
    'szukam',
    'gdzie',
    'dla',
    'near',
    'at',
    'in',
    'on',
    'the',
    'by',
    'around',
    'street',
    'st',
    'avenue',
    'district',
    'im',
    'sw',
    'swietego',
    'nr',
    'numer',
    'mieszkanie',
    'gen',
    'ks',
    'kard',
    'bpa',
    'м',
    'вул',
    'вулиця',
    'вулиці',
    'район',
    'районі',
    'біля',
    'поруч',
    'коло',
    'в',
    'у',
    'на',
    "i'm",
    'live',
    'кошалін',
    'кошаліні',
  ].map(norm),
);

/** Prepositions of place in pl/en/uk ("na", "przy", "near", "біля"): both sets below start from these. */
const PLACE_PREPOSITIONS = [
  'na',
  'w',
  'we',
  'przy',
  'kolo',
  'obok',
  'niedaleko',
  'blisko',
  'okolicy',
  'okolicach',
  'near',
  'at',
  'біля',
  'поруч',
  'коло',
  'на',
  'в',
  'у',
];

/** Words before a name that say "a place follows": they belong to the place's span in a sentence. */
const LEAD = new Set(
  [...PLACE_PREPOSITIONS, 'okolice', 'od', 'in', 'on', 'the', 'by', 'around', 'nr', 'numer', 'gen', 'ks', 'sw'].map(norm),
);

/** Ordinary words that must never be read as a place unless typed exactly as a name. */
const ORDINARY = new Set(
  [
    'stac', // "nie stać mnie" (I can't afford), not "stacja"
    'parkrun', // a run, not the park
    'parkrunie',
    'pomoc',
    'pomocy',
    'dzieci',
    'dziecka',
    'dzieckiem',
    'sport',
    'sportu',
    'klub',
    'klubu',
    'organizacja',
    'organizacje',
    'organizacji',
    'weekend',
    'help',
    'seniora',
    'seniorow',
    'seniorzy',
    'osob',
    'osoby',
    'rodzin',
    'rodziny',
    'zwierzat',
    'najblizsza',
    'najblizszy',
    'najblizsze',
    'jest',
    'sa',
    'moge',
    'chce',
    'prosze',
    'dziekuje',
    'mlodziezy',
    'kultura',
    'kultury',
    'ekologia',
    'organisation',
    'organization',
    'children',
    'senior',
    'seniors',
    'people',
    'please',
    'where',
    'nearest',
    'допомога',
    'допомогу',
    'дітей',
    'діти',
    'шукаю',
    'де',
    'niepelnosprawnych',
    'niepelnosprawni',
    'wolontariat',
    'wolontariusz',
    'spotkanie',
    'zajecia',
    'warsztaty',
    'park',
    // Days and times ("w sobotę" is not "собор", the cathedral), and verbs that are also names ("mieszka" is not ul. Mieszka I).
    'poniedzialek',
    'wtorek',
    'sroda',
    'srode',
    'czwartek',
    'piatek',
    'sobota',
    'sobote',
    'soboty',
    'ratujecie', // "ratujecie mi życie" is not the town hall
    'ratuje',
    'ratowac',
    'piatkowe',
    'piatkowy',
    'piatkowa',
    'piatkowej',
    'piatkowym',
    'sobotni',
    'sobotnia',
    'sobotnie',
    'sobotniej',
    'sobotnim',
    'sobotniego',
    'rzecz', // "rzeczy" is not ul. Rzeczna
    'rzeczy',
    'rzeczami',
    'niedziela',
    'niedziele',
    'niedzieli',
    'jutro',
    'dzis',
    'dzisiaj',
    'wieczorem',
    'rano',
    'monday',
    'tuesday',
    'wednesday',
    'thursday',
    'friday',
    'saturday',
    'sunday',
    'tomorrow',
    'tonight',
    'today',
    'понеділок',
    'вівторок',
    'середу',
    'четвер',
    'пятницю',
    "п'ятницю",
    'суботу',
    'субота',
    'неділю',
    'неділя',
    'завтра',
    'сьогодні',
    'ввечері',
    'mieszka',
    'mieszkam',
    'mieszkamy',
    'mieszkaja',
  ].map(norm),
);

/** Typo-level matches in a sentence only right after one of these (they announce a place). */
/**
 * Names of institutions that contain a place word but are not that place: "Uniwersytet Trzeciego Wieku" is not the
 * Politechnika, a "day centre" is not the city centre. Their words are left out of place finding.
 */
const NOT_PLACES: string[][] = [
  'uniwersytet trzeciego wieku',
  'uniwersytetu trzeciego wieku',
  'uniwersytecie trzeciego wieku',
  'uniwersytet dzieciecy',
  'uniwersytetu dzieciecego',
  'university of the third age',
  'третього віку',
  'day centre',
  'day center',
  'community centre',
  'community center',
  'cultural centre',
  'cultural center',
  'shopping centre',
  'shopping center',
  'centrum kultury',
  'centrum handlowe',
  'centrum handlowym',
  'youth centre',
  'youth center',
  'centrum pomocy',
  'centrum integracji',
  'centrum wolontariatu',
  'dzienny dom',
  'dziennym domu',
].map((p) => p.split(' ').map(norm));

/** Words after which a name is announced as a place (a preposition, or "ulicy" / "os."). */
const LOCATIVE = new Set([...PLACE_PREPOSITIONS, 'ul', 'ulicy', 'ulica', 'os', 'osiedle', 'osiedlu'].map(norm));

interface Form {
  entry: GazetteerEntry;
  tokens: string[];
}

interface Candidate {
  entry: GazetteerEntry;
  /** Mean word score of the run, with the hint bonus. */
  score: number;
  /** Run of meaningful tokens [start, end). */
  start: number;
  end: number;
}

const WORD_CACHE_SIZE = 5000;

const HOUSE = /^\d{1,4}[a-z]?(?:\/\d{1,4}[a-z]?)?$/;

export class Gazetteer {
  private readonly forms: Form[] = [];
  /** Every distinct word of every form, and the forms by their first word: a typed word is scored once per known word. */
  private readonly vocabulary: string[];
  private readonly formsByFirstWord = new Map<string, Form[]>();
  /** The last text matched and its result (a turn asks "is it a place?", then "which place?", about the same text). */
  private last?: { text: string; result: PlaceMatch };
  private readonly wordCache = new Map<string, Map<string, number>>();
  readonly postcodes: Set<string>;

  constructor(
    readonly doc: GazetteerDoc,
    postcodes: Iterable<string>,
  ) {
    this.postcodes = new Set([...postcodes, ...Object.keys(doc.postcodes ?? {})]);
    for (const entry of doc.entries) {
      for (const name of new Set([entry.name, ...entry.aliases])) {
        const tokens = nameTokens(name).filter((t) => !NOISE.has(t));
        if (!tokens.length) continue;
        const form = { entry, tokens };
        this.forms.push(form);
        this.formsByFirstWord.set(tokens[0]!, [...(this.formsByFirstWord.get(tokens[0]!) ?? []), form]);
      }
    }
    this.vocabulary = [...new Set(this.forms.flatMap((f) => f.tokens))];
  }

  static load(gazetteerPath: string, postcodeCsvPath: string): Gazetteer {
    const doc = JSON.parse(readFileSync(gazetteerPath, 'utf8')) as GazetteerDoc;
    const rows = parseCsv(readFileSync(postcodeCsvPath, 'utf8'));
    const header = rows[0]?.fields.map((f) => normalizeText(f)) ?? [];
    const col = header.findIndex((h) => h.startsWith('kod'));
    const codes = rows
      .slice(1)
      .map((r) => r.fields[col]?.trim() ?? '')
      .filter((c) => /^\d{2}-\d{3}$/.test(c));
    return new Gazetteer(doc, codes);
  }

  get city() {
    return this.doc.city;
  }

  districts(): GazetteerEntry[] {
    // A district no source places (precision CITY, e.g. Kotlina) is recognised in text but not offered as a choice.
    return this.doc.entries.filter((e) => e.kind === 'district' && e.precision !== 'CITY');
  }

  /** The postcode's own point, if the gazetteer has one. */
  postcodePoint(code: string): PostcodePoint | undefined {
    return this.doc.postcodes?.[code];
  }

  sourceNote(entry: { source: string }): string {
    return this.doc.sources[entry.source] ?? entry.source;
  }

  /** Matches a text that names a place. Words already used for other meanings (a category) should be removed first. */
  match(text: string): PlaceMatch {
    if (this.last?.text !== text) this.last = { text, result: this.matchText(text, 'whole') };
    return this.last.result;
  }

  /**
   * Finds a place named anywhere in a sentence ("szukam pomocy dla seniora na Rokosowie"): stricter than
   * `match` (ordinary words never match by a typo, short names need a hint), and the span covers the place with
   * the words that introduce it ("na Rokosowie", "przy ulicy Morskiej 5").
   */
  findInText(text: string): PlaceMatch {
    return this.matchText(text, 'sentence');
  }

  /** "75-011" anywhere in the text; "75011" or "75 011" only when that is all the text says. */
  private postcodeIn(text: string): { code: string; status: PostcodeStatus; span: TextSpan } | undefined {
    const m = /(?<!\d)(\d{2})([-– ]?)(\d{3})(?!\d)/.exec(text);
    if (!m || (m[2] !== '-' && m[2] !== '–' && text.trim() !== m[0])) return undefined;
    const code = `${m[1]}-${m[3]}`;
    const status: PostcodeStatus = this.postcodes.has(code) ? 'koszalin' : code.startsWith('75-') ? 'unknown' : 'elsewhere';
    return { code, status, span: { start: m.index, end: m.index + m[0].length } };
  }

  private matchText(text: string, mode: 'whole' | 'sentence'): PlaceMatch {
    const postcode = this.postcodeIn(text);
    const all = tokenizeSpans(text).filter((t) => !postcode || t.end <= postcode.span.start || t.start >= postcode.span.end);
    const keep: number[] = [];
    const excluded = new Set<number>();
    for (let i = 0; i < all.length; i++)
      for (const p of NOT_PLACES) if (p.every((w, k) => all[i + k]?.norm === w)) for (let k = 0; k < p.length; k++) excluded.add(i + k);
    all.forEach((t, i) => {
      if (!NOISE.has(t.norm) && !excluded.has(i)) keep.push(i);
    });
    const tokens = keep.map((i) => all[i]!.norm);
    const place = tokens.length ? this.bestPlace(all, keep, tokens, mode) : undefined;
    if (!place) return postcode ? { kind: 'postcode', ...postcode } : { kind: 'none' };
    if (place.kind !== 'place' || !postcode) return place;
    return {
      ...place,
      postcode: { code: postcode.code, status: postcode.status },
      span: { start: Math.min(place.span.start, postcode.span.start), end: Math.max(place.span.end, postcode.span.end) },
    };
  }

  private bestPlace(all: TextToken[], keep: number[], tokens: string[], mode: 'whole' | 'sentence'): PlaceMatch | undefined {
    // Each typed word against each known word once; only forms whose first word matches a typed word can match.
    const wordScores = tokens.map((t) => this.knownWordsLike(t));
    const forms = new Set<Form>();
    for (const m of wordScores) for (const w of m.keys()) for (const f of this.formsByFirstWord.get(w) ?? []) forms.add(f);

    const before = (i: number) => (keep[i]! > 0 ? all[keep[i]! - 1]!.norm : undefined);
    const scored: Candidate[] = [];
    for (const f of forms) {
      for (const run of this.runs(wordScores, f.tokens)) {
        const prev = before(run.start);
        let score = run.score;
        // "ulicy Morskiej" is the street Morska, "os. Morskie" the district; "przy Morskiej" (-ej: a feminine street name).
        if (prev && STREET_HINTS.has(prev)) score += f.entry.kind === 'street' ? 0.08 : -0.08;
        if (prev && DISTRICT_HINTS.has(prev)) score += f.entry.kind === 'district' ? 0.08 : -0.08;
        const last = tokens[run.end - 1]!;
        if (/ej$/.test(last) && f.entry.kind === 'street' && /a$/.test(f.tokens[f.tokens.length - 1]!)) score += 0.08;
        const announced = prev !== undefined && (LOCATIVE.has(prev) || STREET_HINTS.has(prev) || DISTRICT_HINTS.has(prev));
        if (f.tokens.length === 1 && f.tokens[0]!.length <= 4 && run.score < 1 && !announced) continue; // "róż" in "różne"
        if (mode === 'sentence') {
          const single = f.tokens.length === 1;
          const typed = tokens.slice(run.start, run.end);
          if (typed.some((t, j) => ORDINARY.has(t) && t !== f.tokens[j])) continue;
          // A typo only where a place is announced, or in one long word ("gniezninska": no ordinary word is that close to a name).
          const longWord =
            typed.length === 1 && typed[0]!.length >= 9 && f.tokens[0]!.length >= 9 && editDistance(typed[0]!, f.tokens[0]!, 1) <= 1;
          if (run.score < 0.85 && !announced && !longWord) continue;
          if (single && ORDINARY.has(f.tokens[0]!) && !announced) continue; // "park" alone is a word, "w parku" a place
        }
        scored.push({ entry: f.entry, score, start: run.start, end: run.end });
      }
    }
    if (scored.length === 0) return undefined;
    // One score per entry (its best form). Whole text: how much of it the place explains counts. Sentence: longer names first.
    const rank = (c: Candidate) => {
      if (mode === 'sentence') return c.score + 0.1 * (c.end - c.start);
      const explained = c.end - c.start + (HOUSE.test(tokens[c.end] ?? '') ? 1 : 0);
      return c.score * (0.6 + (0.4 * explained) / tokens.length);
    };
    const byEntry = new Map<GazetteerEntry, Candidate & { rank: number }>();
    for (const c of scored) {
      const r = rank(c);
      if ((byEntry.get(c.entry)?.rank ?? -1) < r) byEntry.set(c.entry, { ...c, rank: r });
    }
    const sorted = [...byEntry.values()].sort((a, b) => b.rank - a.rank);
    const top = sorted[0]!;
    // A shorter name inside the best one's words is part of it ("station" in "bus station"), not a rival.
    const ranked = sorted.filter((c) => c === top || !(c.start >= top.start && c.end <= top.end && c.end - c.start < top.end - top.start));
    if (mode === 'whole' && top.rank < 0.6) return undefined;
    const house = tokens[top.end];
    const houseNumber = house && HOUSE.test(house) ? house : undefined;
    const spanOf = (c: Candidate, withHouse: boolean): TextSpan => {
      let first = keep[c.start]!;
      while (
        first > 0 &&
        (LEAD.has(all[first - 1]!.norm) || STREET_HINTS.has(all[first - 1]!.norm) || DISTRICT_HINTS.has(all[first - 1]!.norm))
      )
        first--;
      const lastIdx = keep[withHouse ? c.end : c.end - 1]!;
      return { start: all[first]!.start, end: all[lastIdx]!.end };
    };
    // Candidates as good as the best, one per distinct point (aliases of one place are not a choice).
    const seen = new Set<string>();
    const close = ranked.filter((c) => {
      const k = `${c.entry.lat},${c.entry.lng}`;
      if (c.rank < top.rank - 0.05 || seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    if (close.length > 1) {
      // A house number belongs to a street: that settles "Władysława IV 12".
      if (houseNumber) {
        const streets = close.filter((c) => c.entry.kind === 'street');
        if (streets.length === 1)
          return { kind: 'place', entry: streets[0]!.entry, houseNumber, score: streets[0]!.score, span: spanOf(streets[0]!, true) };
      }
      return { kind: 'ambiguous', candidates: close.slice(0, 6).map((c) => c.entry), span: spanOf(top, false) };
    }
    const withHouse = top.entry.kind === 'street' && houseNumber !== undefined;
    return {
      kind: 'place',
      entry: top.entry,
      houseNumber: withHouse ? houseNumber : undefined,
      score: top.score,
      span: spanOf(top, withHouse),
    };
  }

  /**
   * The known words a typed word matches, with their scores. People type the same few names again and again, so
   * the answers for the last WORD_CACHE_SIZE typed words are kept (the vocabulary never changes after loading).
   */
  private knownWordsLike(typed: string): Map<string, number> {
    let m = this.wordCache.get(typed);
    if (m) return m;
    m = new Map<string, number>();
    for (const w of this.vocabulary) {
      const s = wordScore(typed, w);
      if (s > 0) m.set(w, s);
    }
    if (this.wordCache.size >= WORD_CACHE_SIZE) this.wordCache.delete(this.wordCache.keys().next().value!);
    this.wordCache.set(typed, m);
    return m;
  }

  /** Every consecutive run of typed tokens matching a name's tokens, with its mean word score. */
  private runs(typed: Array<Map<string, number>>, name: string[]): Array<{ score: number; start: number; end: number }> {
    const out: Array<{ score: number; start: number; end: number }> = [];
    for (let i = 0; i + name.length <= typed.length; i++) {
      let sum = 0;
      let ok = true;
      for (let j = 0; j < name.length; j++) {
        const s = typed[i + j]!.get(name[j]!) ?? 0;
        if (s === 0) {
          ok = false;
          break;
        }
        sum += s;
      }
      if (ok) out.push({ score: sum / name.length, start: i, end: i + name.length });
    }
    return out;
  }
}
