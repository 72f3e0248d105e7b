/**
 * The understanding step against the labelled dev corpus (test/fixtures/understanding/corpus.dev.jsonl): the
 * accuracy measured when it was written is held, so a change that makes residents understood less fails here.
 * Pure: the shipped geography in memory, no database, no channel. The held-out corpus is only for
 * `npm run eval:understanding`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { offlinePlaces } from '../bot/geo/offline-places.js';
import { evaluate, parseCorpus, summarise, type RowResult } from '../dialogs/understanding/evaluate.js';
import { createUnderstanding } from '../dialogs/understanding/understand.js';
import { CATEGORY_LEXICON } from '../dialogs/understanding/lexicon.js';
import { CATEGORIES } from '../prisma/seed/categories.js';

const corpus = (name: string) =>
  parseCorpus(readFileSync(join(import.meta.dirname, 'fixtures', 'understanding', `corpus.${name}.jsonl`), 'utf8'));
const rows = corpus('dev');

/** Measured on 2026-12 (see bench/RESULTS.md); a point of slack for ties in the n-gram detector. */
const HELD = { all: 0.98, pl: 0.96, en: 0.99, uk: 0.98, lang: 0.99, intent: 0.99, category: 0.99 };

describe('understanding on the dev corpus', () => {
  let results: RowResult[];
  beforeAll(async () => {
    results = await evaluate(rows, createUnderstanding({ places: offlinePlaces() }));
  });

  it('holds the measured accuracy overall and per language', () => {
    const s = summarise(results);
    expect(rows.length).toBe(250);
    expect(s.all!.all).toBeGreaterThanOrEqual(HELD.all);
    expect(s.pl!.all).toBeGreaterThanOrEqual(HELD.pl);
    expect(s.en!.all).toBeGreaterThanOrEqual(HELD.en);
    expect(s.uk!.all).toBeGreaterThanOrEqual(HELD.uk);
    expect(s.all!.lang).toBeGreaterThanOrEqual(HELD.lang);
    expect(s.all!.intent).toBeGreaterThanOrEqual(HELD.intent);
    expect(s.all!.category).toBeGreaterThanOrEqual(HELD.category);
  });

  it('never takes a request the service can serve for nothing (intent unknown)', () => {
    expect(results.filter((r) => r.u.intent === 'unknown').map((r) => r.row.text)).toEqual([]);
  });
});

/**
 * The other development sets: dev2 (written before the phrase families were broadened), dev3 and dev14 (the first two
 * holdouts, retired after their scores had been reported several times), dev4 (written to widen the small intents),
 * dev5 (Polish only), dev6 (persona by persona), dev7 (short, telegraphic), dev8 (Polish, a year of an SMS inbox),
 * dev9 (borders between intents), dev10 (four kinds of Polish writers), dev11 (English and Ukrainian writers), dev12
 * (representative), dev13 (grammatical forms), dev15 (Ukrainian-heavy), dev16 (indirect, descriptive requests) and dev17
 * (English and Ukrainian). The intent model is trained on all of them, so these figures guard
 * against regressions, not generalisation (`npm run understanding:train -- --leave-out devN` measures that).
 * Measured 2026-11-30 night, with two points or so of slack.
 */
const MORE = [
  { name: 'dev2', n: 122, all: 0.97, pl: 0.96, en: 0.98, uk: 0.97 },
  { name: 'dev3', n: 157, all: 0.97, pl: 0.97, en: 0.92, uk: 0.99 },
  { name: 'dev4', n: 300, all: 0.97, pl: 0.97, en: 0.96, uk: 0.97 },
  { name: 'dev5', n: 260, all: 0.95, pl: 0.95, en: 0, uk: 0 },
  { name: 'dev6', n: 240, all: 0.92, pl: 0.91, en: 0.92, uk: 0.92 },
  { name: 'dev7', n: 200, all: 0.94, pl: 0.94, en: 0.9, uk: 0.95 },
  { name: 'dev8', n: 200, all: 0.96, pl: 0.96, en: 0, uk: 0 },
  { name: 'dev9', n: 200, all: 0.97, pl: 0.97, en: 0.97, uk: 0.95 },
  { name: 'dev10', n: 180, all: 0.95, pl: 0.95, en: 0.9, uk: 0.95 },
  { name: 'dev11', n: 180, all: 0.96, pl: 0.95, en: 0.95, uk: 0.97 },
  { name: 'dev12', n: 240, all: 0.94, pl: 0.96, en: 0.95, uk: 0.89 },
  { name: 'dev13', n: 220, all: 0.97, pl: 0.97, en: 0.97, uk: 0.97 },
  { name: 'dev14', n: 240, all: 0.96, pl: 0.96, en: 0.97, uk: 0.94 },
  { name: 'dev15', n: 220, all: 0.91, pl: 0.93, en: 0.92, uk: 0.9 },
  { name: 'dev16', n: 240, all: 0.88, pl: 0.87, en: 0.85, uk: 0.85 },
  { name: 'dev17', n: 200, all: 0.93, pl: 0.9, en: 0.93, uk: 0.94 },
];

describe.each(MORE)('understanding on the development corpus $name', (held) => {
  const rows2 = corpus(held.name);
  let results: RowResult[];
  beforeAll(async () => {
    results = await evaluate(rows2, createUnderstanding({ places: offlinePlaces() }));
  });

  it('holds the measured accuracy overall and per language, and never answers "unknown" to a request', () => {
    const s = summarise(results);
    expect(rows2.length).toBe(held.n);
    expect(s.all!.all).toBeGreaterThanOrEqual(held.all);
    expect(s.pl!.all).toBeGreaterThanOrEqual(held.pl);
    if (held.en) expect(s.en!.all).toBeGreaterThanOrEqual(held.en);
    if (held.uk) expect(s.uk!.all).toBeGreaterThanOrEqual(held.uk);
    const servable = results.filter((r) => r.u.intent === 'unknown' && ['nearest', 'events'].includes(r.row.intent));
    expect(servable.map((r) => r.row.text)).toEqual([]);
  });
});

describe('the category lexicon', () => {
  it('has concept words in Polish, English and Ukrainian for every category but "inne"', () => {
    const slugs = CATEGORIES.map((c) => c.slug).filter((s) => s !== 'inne');
    expect(CATEGORY_LEXICON.map((c) => c.slug).sort()).toEqual([...slugs].sort());
    for (const c of CATEGORY_LEXICON) {
      for (const lang of ['pl', 'en', 'uk'] as const) expect(c[lang].length, `${c.slug} ${lang}`).toBeGreaterThanOrEqual(5);
      expect(
        c.uk.every((w) => /[\u0400-\u04ff]/.test(w) || /^[!~]?[a-z]+$/.test(w)),
        `${c.slug} uk is Cyrillic`,
      ).toBe(true);
    }
  });
});
