/**
 * Pushes 10,000 random texts through the real engine on PGlite: every turn must answer something, and no turn
 * may fail (the engine's error handler logs every failure, so the error list must stay empty).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from './support/db.js';
import { makeEngine, productFeatures } from './support/harness.js';
import { ensureCategories, loadDemoData } from '../prisma/seed/index.js';
import type { Database } from '../prisma/database.js';

/** mulberry32: a small seeded PRNG so a failure can be replayed. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'pomoc',
  'menu',
  'stop',
  'start',
  'anuluj',
  'język',
  'tak',
  'nie',
  '1',
  '2',
  '3',
  '99',
  '0',
  '-1',
  'usuń moje dane',
  'english',
  'українська',
  'Zwycięstwa 117',
  'seniorzy',
  '54.19, 16.17',
  'geo:54,16',
  'https://maps.google.com/?q=54.19,16.17',
  '75-001',
  '/start',
  '/help',
  'ZAPISZ 12',
  'WYPISZ 12',
  'FOLLOW SPORT',
  'STOP SENIORZY',
  '😀',
  '🇵🇱',
  '\u0000',
  '\u202e',
  'ﷺ',
  '𝕏',
  '\\',
  '<script>',
  '\'; DROP TABLE "Contact"; --',
  '%s%s%n',
  '{}',
  'null',
  'undefined',
  ' ',
];
const ALPHABET = 'aąbcćdeęfghijklłmnńoóprsśtuwyzźżАБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ0123456789 .,;:!?-_/\\@#€$%^&*()[]{}"\'\n\t😀🙂';

function randomText(r: () => number): string {
  const kind = r();
  if (kind < 0.4) return WORDS[Math.floor(r() * WORDS.length)]!;
  if (kind < 0.5) return Array.from({ length: 1 + Math.floor(r() * 3) }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
  if (kind < 0.9) {
    const chars = [...ALPHABET];
    return Array.from({ length: Math.floor(r() * 60) }, () => chars[Math.floor(r() * chars.length)]).join('');
  }
  if (kind < 0.95) return String.fromCodePoint(...Array.from({ length: 1 + Math.floor(r() * 20) }, () => Math.floor(r() * 0xd7ff)));
  return 'x'.repeat(Math.floor(r() * 3000));
}

describe('fuzz: random texts through the dialog engine', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => db?.close());

  // 1,000 turns every run (a new seed reaches new inputs: FUZZ_SEED); FUZZ_TURNS=10000 for a long run.
  const TURNS = Number(process.env.FUZZ_TURNS ?? 1000);
  it(`${TURNS} random texts: every turn answers, none fails`, async () => {
    const seed = Number(process.env.FUZZ_SEED ?? 20261125);
    const r = rng(seed);
    await ensureCategories(db.prisma);
    await loadDemoData(db.prisma);
    const h = makeEngine(db, productFeatures(db).features);
    const users = Array.from({ length: 40 }, (_, i) => h.user(i % 2 ? `sms:+4860030${String(i).padStart(4, '0')}` : `telegram:${900 + i}`));
    let answered = 0;
    for (let i = 0; i < TURNS; i++) {
      const u = users[Math.floor(r() * users.length)]!;
      const press = r() < 0.05 ? { choice: ['yes', 'no', 'language', 'help', 'pl', 'x'.repeat(80)][Math.floor(r() * 6)] } : {};
      const replies = await u.send(randomText(r), press);
      if (replies.length > 0) answered++;
      else throw new Error(`turn ${i} (seed ${seed}) got no reply`);
    }
    expect(answered).toBe(TURNS);
    expect(h.errors).toEqual([]);
  }, 600_000);
});
