/**
 * The learned intent model (dialogs/understanding/intent-model.ts): trained on exactly the committed development
 * corpora and never on a held-out set; it overrides the phrase rules only when confident, never a keyword form; it
 * reads sentences the rules do not.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { offlinePlaces } from '../bot/geo/offline-places.js';
import { combineIntents, loadIntentModel } from '../dialogs/understanding/intent-model.js';
import type { Intent } from '../dialogs/understanding/intents.js';
import { INTENT_MODEL } from '../dialogs/understanding/intent-model.data.js';
import { tokens } from '../dialogs/understanding/match.js';
import { createUnderstanding } from '../dialogs/understanding/understand.js';

const dir = join(import.meta.dirname, 'fixtures', 'understanding');
const now = new Date('2026-12-01T10:00:00Z');
const sms = (text: string) => ({ text, channel: 'sms' as const, from: '+48600000001', now });

describe('the intent model', () => {
  it('was trained on exactly the committed development corpora, never on a held-out set', () => {
    const dev = readdirSync(dir).filter((f) => /^corpus\.dev\d*\.jsonl$/.test(f));
    expect(Object.keys(INTENT_MODEL.corpora).sort()).toEqual(dev.sort());
    for (const f of dev) {
      const sha = createHash('sha256')
        .update(readFileSync(join(dir, f)))
        .digest('hex');
      // A corpus changed since training: run `npm run understanding:train` and commit the model.
      expect({ f, sha }).toEqual({ f, sha: INTENT_MODEL.corpora[f] });
    }
    expect(Object.keys(INTENT_MODEL.corpora).some((f) => f.includes('holdout'))).toBe(false);
  });

  it('knows nothing of a message without a known word, and overrides the rules only when confident', () => {
    const model = loadIntentModel(INTENT_MODEL);
    expect(model.predict([], false)).toBeUndefined();
    expect(model.predict(['qqxq'], false)).toBeUndefined();
    const g = (intent: Intent, p: number, knownWords = 3) => ({ intent, p, knownWords });
    expect(combineIntents('events', g('nearest', 0.79), false)).toBe('events');
    expect(combineIntents('events', g('nearest', 0.81), false)).toBe('nearest');
    // The model never brings in a global command: a wrong STOP opts a person out…
    expect(combineIntents('leave', g('stop', 0.99), false)).toBe('leave');
    expect(combineIntents('unknown', g('delete_data', 0.99), false)).toBe('unknown');
    // …and a STOP the rules read is kept unless the model is very sure: "more than a topic" must not keep messaging.
    expect(combineIntents('stop', g('unsubscribe', 0.9), false)).toBe('stop');
    expect(combineIntents('stop', g('unsubscribe', 0.97), false)).toBe('unsubscribe');
    // A keyword form another feature owns is never overridden; a message the rules did not read needs two known words.
    expect(combineIntents('unknown', g('events', 0.99), true)).toBe('unknown');
    expect(combineIntents('unknown', g('events', 0.99, 1), false)).toBe('unknown');
    expect(combineIntents('unknown', g('events', 0.99, 2), false)).toBe('events');
    const p = model.predict(tokens('wypiszcie mnie ze wszystkiego, nie chcę żadnych wiadomości'), false);
    expect(p?.intent).toBe('stop');
    expect(p!.p).toBeGreaterThan(0.5);
  });

  it('reads sentences the phrase rules alone miss (written for this test, in no corpus)', async () => {
    const places = offlinePlaces();
    const rules = createUnderstanding({ places, intentModel: null });
    const both = createUnderstanding({ places });
    const cases: Array<[string, string]> = [
      ['a ten cały czat to właściwie do czego służy, bo nie wiem', 'help'],
      ['heja, tu Marta 👋', 'greeting'],
      ['jakie są najbliższe terminy spotkań klubu szachowego dla emerytów?', 'events'],
    ];
    let missedByRules = 0;
    for (const [text, intent] of cases) {
      if ((await rules.understand(sms(text))).intent !== intent) missedByRules++;
      expect({ text, intent: (await both.understand(sms(text))).intent }).toEqual({ text, intent });
    }
    expect(missedByRules).toBeGreaterThan(0);
  });

  it('leaves keyword forms and plain answers alone', async () => {
    const both = createUnderstanding({ places: offlinePlaces() });
    expect((await both.understand(sms('INFO 12'))).intent).toBe('unknown');
    expect((await both.understand(sms('ZAPAMIĘTAJ OSIEDLE Rokosowo'))).intent).toBe('unknown');
    for (const answer of ['1', 'anuluj', 'dalej', '/unknowncommand', 'ok'])
      expect({ answer, intent: (await both.understand(sms(answer))).intent }).toEqual({ answer, intent: 'unknown' });
    // A STOP the rules read stays a STOP.
    expect((await both.understand(sms('більше не надсилайте'))).intent).toBe('stop');
  });
});
