/**
 * The gazetteer: places in the city that people name (districts with their aliases, streets with or without a
 * house number, well-known places, postcodes), matched with tolerance for Polish inflection ("na Rokosowie"),
 * missing diacritics ("zwyciestwa") and small typos. The places are data (data/gazetteer.koszalin.json), each
 * with its source and precision.
 */
import { readFileSync } from 'node:fs';
import { normalizeText } from '../../dialogs/text.js';
import { parseCsv } from '../import/csv.js';
import { wordScore } from './text-match.js';

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
}

export interface GazetteerDoc {
  about?: string;
  sources: Record<string, string>;
  city: { name: string; lat: number; lng: number; precision: Precision; source: string };
  entries: GazetteerEntry[];
}

export type PlaceMatch =
  | { kind: 'place'; entry: GazetteerEntry; houseNumber?: string; score: number }
  | { kind: 'ambiguous'; candidates: GazetteerEntry[] }
  | { kind: 'postcode'; code: string; status: 'koszalin' | 'unknown' | 'elsewhere' }
  | { kind: 'none' };

/** Words that say nothing about the place: prefixes, prepositions, the city name, filler. */
const NOISE = new Set(
  [
    'ul', 'ulica', 'ulicy', 'ulicе', 'al', 'aleja', 'alei', 'aleje', 'os', 'osiedle', 'osiedlu', 'osiedla', 'pl', 'plac', 'placu', 'na', 'w', 'we', 'przy', 'kolo', 'obok',
    'okolice', 'okolicy', 'niedaleko', 'blisko', 'od', 'do', 'z', 'ze', 'i', 'koszalin', 'koszalinie', 'koszalina', 'mieszkam', 'jestem', 'szukam', 'gdzie', 'dla',
    'near', 'at', 'in', 'on', 'the', 'street', 'st', 'avenue', 'district', 'im', 'sw', 'swietego', 'nr', 'numer', 'mieszkanie', 'м', 'вул', 'вулиця', 'район', 'біля', 'в', 'на', 'i\'m', 'im', 'live',
  ].map((w) => normalizeText(w)),
);

interface Form {
  entry: GazetteerEntry;
  tokens: string[];
}

function tokenize(s: string): string[] {
  return normalizeText(s)
    .replace(/[^\p{L}\p{N}\s/-]/gu, ' ')
    .split(/[\s-]+/)
    .filter(Boolean);
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
    this.postcodes = new Set(postcodes);
    for (const entry of doc.entries) {
      for (const name of new Set([entry.name, ...entry.aliases])) {
        const tokens = tokenize(name).filter((t) => !NOISE.has(t));
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
    const codes = rows.slice(1).map((r) => r.fields[col]?.trim() ?? '').filter((c) => /^\d{2}-\d{3}$/.test(c));
    return new Gazetteer(doc, codes);
  }

  get city() {
    return this.doc.city;
  }

  districts(): GazetteerEntry[] {
    return this.doc.entries.filter((e) => e.kind === 'district');
  }

  sourceNote(entry: { source: string }): string {
    return this.doc.sources[entry.source] ?? entry.source;
  }

  /** Matches a text that names a place. Words already used for other meanings (a category) should be removed first. */
  match(text: string): PlaceMatch {
    if (this.last?.text !== text) this.last = { text, result: this.matchText(text) };
    return this.last.result;
  }

  private matchText(text: string): PlaceMatch {
    const pc = /(?:^|\D)(\d{2})-(\d{3})(?!\d)/.exec(text) ?? /^\s*(\d{2})\s?(\d{3})\s*$/.exec(text);
    if (pc) {
      const code = `${pc[1]}-${pc[2]}`;
      return { kind: 'postcode', code, status: this.postcodes.has(code) ? 'koszalin' : code.startsWith('75-') ? 'unknown' : 'elsewhere' };
    }
    const all = tokenize(text);
    const tokens = all.filter((t) => !NOISE.has(t));
    if (tokens.length === 0) return { kind: 'none' };

    // Each typed word against each known word once; only forms whose first word matches a typed word can match.
    const wordScores = tokens.map((t) => this.knownWordsLike(t));
    const candidates = new Set<Form>();
    for (const m of wordScores) for (const w of m.keys()) for (const f of this.formsByFirstWord.get(w) ?? []) candidates.add(f);

    const scored: Array<{ entry: GazetteerEntry; score: number; end: number }> = [];
    for (const f of candidates) {
      const best = this.bestRun(wordScores, f.tokens);
      if (!best) continue;
      // Coverage: how much of what was typed this place explains (a house number counts as explained).
      const explained = best.length + (HOUSE.test(tokens[best.end] ?? '') ? 1 : 0);
      const coverage = explained / tokens.length;
      const score = best.score * (0.6 + 0.4 * coverage);
      scored.push({ entry: f.entry, score, end: best.end });
    }
    if (scored.length === 0) return { kind: 'none' };
    // One score per entry (its best form).
    const byEntry = new Map<GazetteerEntry, { score: number; end: number }>();
    for (const s of scored) if ((byEntry.get(s.entry)?.score ?? -1) < s.score) byEntry.set(s.entry, s);
    const ranked = [...byEntry.entries()].sort((a, b) => b[1].score - a[1].score);
    const [top, topScore] = [ranked[0]![0], ranked[0]![1]];
    if (topScore.score < 0.6) return { kind: 'none' };
    const house = tokens[topScore.end];
    const houseNumber = house && HOUSE.test(house) ? house : undefined;
    // Candidates as good as the best, one per distinct point (aliases of one place are not a choice).
    const seen = new Set<string>();
    const close = ranked.filter(([e, s]) => {
      const key = `${e.lat},${e.lng}`;
      if (s.score < topScore.score - 0.05 || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (close.length > 1) {
      // A house number belongs to a street: that settles "Władysława IV 12".
      if (houseNumber) {
        const streets = close.filter(([e]) => e.kind === 'street');
        if (streets.length === 1) return { kind: 'place', entry: streets[0]![0], houseNumber, score: streets[0]![1].score };
      }
      return { kind: 'ambiguous', candidates: close.slice(0, 6).map(([e]) => e) };
    }
    return { kind: 'place', entry: top, houseNumber: top.kind === 'street' ? houseNumber : undefined, score: topScore.score };
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

  /** The best consecutive run of typed tokens matching a name's tokens, with its mean word score. */
  private bestRun(typed: Array<Map<string, number>>, name: string[]): { score: number; length: number; end: number } | undefined {
    let best: { score: number; length: number; end: number } | undefined;
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
      if (!ok) continue;
      const score = sum / name.length;
      if (!best || score > best.score) best = { score, length: name.length, end: i + name.length };
    }
    return best;
  }
}
