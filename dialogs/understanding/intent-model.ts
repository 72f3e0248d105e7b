/**
 * A learned second opinion on what a message asks for: a linear model (multinomial logistic regression) over the
 * message's words, word pairs and letter n-grams, trained on the labelled development corpora
 * (test/fixtures/understanding/corpus.dev*.jsonl) by `npm run understanding:train`, which writes the weights to
 * intent-model.data.ts. The phrase rules (intents.ts) decide first; the model overrides them only when it is
 * confident (see {@link combineIntents}), which is where new writers' wording escapes the rules: measured by
 * leaving one corpus out of training, the rules alone got 88–93% of the intents of a set they were not tuned on,
 * the rules with the model 94–99% (bench/RESULTS.md, "A learned second opinion").
 *
 * Scoring is a few hundred table lookups per message (no allocation beyond the feature strings).
 */
import type { Intent } from './intents.js';

/** The model as shipped: class names, feature names and int8 weights (scaled), with what it was trained on. */
export interface IntentModelData {
  /** The corpora it was trained on, with each file's SHA-256 (a test checks they are still the committed ones). */
  corpora: Record<string, string>;
  classes: string[];
  /** Weights are `int8 / scale`. */
  scale: number;
  /** Feature names, one per line, in weight order. */
  features: string;
  /** Base64 of `features × classes` int8 weights, row by feature. */
  weights: string;
}

/** Training parameters (recorded here so the training script and the tests agree). */
export const TRAINING = { epochs: 30, rate: 0.1, l2: 1e-4, prune: 0.1, scale: 32 } as const;

/** The features of a message: its words (the place's words cut out), word pairs, letter 3–5-grams, length, a place. */
export function intentFeatures(words: readonly string[], hasPlace: boolean): string[] {
  const f: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    f.push(`w:${w}`);
    if (i + 1 < words.length) f.push(`b:${w}_${words[i + 1]}`);
    const t = ` ${w} `;
    for (let n = 3; n <= 5; n++) for (let k = 0; k + n <= t.length; k++) f.push(`c${n}:${t.slice(k, k + n)}`);
  }
  f.push(words.length <= 2 ? 'len:short' : words.length <= 6 ? 'len:mid' : 'len:long');
  if (hasPlace) f.push('place');
  return f;
}

export interface IntentGuess {
  intent: Intent;
  /** The model's probability of that intent (0..1). */
  p: number;
  /** How many different words of the message the model knows (as whole words). */
  knownWords: number;
}

export interface IntentModel {
  predict(words: readonly string[], hasPlace: boolean): IntentGuess | undefined;
}

export function loadIntentModel(data: IntentModelData): IntentModel {
  const names = data.features.split('\n');
  const k = data.classes.length;
  const raw = Buffer.from(data.weights, 'base64');
  const weights = new Int8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  if (weights.length !== names.length * k)
    throw new Error(`intent model: ${weights.length} weights for ${names.length} features × ${k} classes`);
  const index = new Map<string, number>();
  for (let i = 0; i < names.length; i++) index.set(names[i]!, i * k);
  const scores = new Float64Array(k);
  return {
    predict(words, hasPlace) {
      if (!words.length) return undefined;
      scores.fill(0);
      let known = 0;
      const knownWords = new Set<string>();
      for (const f of intentFeatures(words, hasPlace)) {
        const at = index.get(f);
        if (at === undefined) continue;
        if (f !== 'place' && !f.startsWith('len:')) known++; // a word, pair or n-gram, not the length or the place flag
        if (f.startsWith('w:')) knownWords.add(f);

        for (let c = 0; c < k; c++) scores[c]! += weights[at + c]!;
      }
      if (known === 0) return undefined;
      let best = 0;
      for (let c = 1; c < k; c++) if (scores[c]! > scores[best]!) best = c;
      let z = 0;
      for (let c = 0; c < k; c++) z += Math.exp((scores[c]! - scores[best]!) / data.scale);
      return { intent: data.classes[best] as Intent, p: 1 / z, knownWords: knownWords.size };
    },
  };
}

/** Intents that run at once wherever they are said (engine.ts naturalCommand): only the rules may read them. */
const GLOBAL: ReadonlySet<Intent> = new Set(['stop', 'delete_data', 'language']);
const OVERRIDE_AT = 0.8;
/** How sure the model must be to overrule a global command the rules read: a STOP read as "unsubscribe from a
 * topic" would keep messaging a person who asked to stop. */
const KEEP_AT: Partial<Record<Intent, number>> = { stop: 0.95, delete_data: 0.95 };

/**
 * The rules' intent, unless the model is confident of another one. The model never brings in a global command
 * (STOP, delete my data, a language: "nie, to już wszystko" must not opt a person out), overrules one the rules read
 * only when very sure, never overrides a keyword form the rules left to a feature (`ruledExact`), and gives a meaning
 * to a message the rules did not read ("unknown") only when it knows at least two different words of it: a lone
 * "anuluj", "dalej" or "/start" inside a conversation stays the dialog's.
 */
export function combineIntents(ruled: Intent, guess: IntentGuess | undefined, ruledExact: boolean): Intent {
  if (!guess || ruledExact || guess.intent === ruled || GLOBAL.has(guess.intent)) return ruled;
  if (ruled === 'unknown' && guess.knownWords < 2) return ruled;
  return guess.p < Math.max(OVERRIDE_AT, KEEP_AT[ruled] ?? 0) ? ruled : guess.intent;
}
