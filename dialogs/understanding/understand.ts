/**
 * The understanding step: every typed message (SMS or Telegram, first or later) is read once, before any dialog
 * step, into an {@link Understanding}: its language, what the person wants, the category, the place (found by the
 * geography's PlaceLookup.findPlaceInText) and, for events, the dates. Dialogs then act on it; nothing here
 * talks to a channel or a database, so it is tested with plain inputs (test/understanding-*.test.ts) and
 * measured against the labelled corpus (`npm run eval:understanding`).
 *
 *   const understanding = createUnderstanding({ places: geo.resolver });
 *   const u = await understanding.understand({ text: 'шукаю допомогу для дітей біля вокзалу', from: '+380…', channel: 'sms', now });
 *   // u.lang === 'uk', u.intent === 'nearest', u.category === 'dzieci-mlodziez', u.place?.label === 'Dworzec PKP'
 */
import type { ChannelKind } from '../activity.js';
import { localeFromLanguageCode, type Locale } from '../i18n/index.js';
import type { PlaceInText, PlaceLookup } from '../nearest/ports.js';
import { guessCategory } from './categories.js';
import { dateRangeIn, type DateRange } from './dates.js';
import { combineIntents, loadIntentModel, type IntentModel } from './intent-model.js';
import { INTENT_MODEL } from './intent-model.data.js';
import { INTENT_PHRASES, type Intent } from './intents.js';
import { detectLanguage, loadLanguageDetector, localeFromPhone, type MessageLanguage } from './language.js';
import type { CategorySlug } from './lexicon.js';
import { anyPhrase, compilePhrase, tokens } from './match.js';

export type { Intent, CategorySlug, DateRange, MessageLanguage };

export interface UnderstandingInput {
  text: string;
  channel: ChannelKind;
  /** The sender: a phone number (its country code is a prior) or a Telegram user id. */
  from: string;
  /** Telegram's language_code of the sender. */
  languageCode?: string;
  /** The language stored for the contact, and whether the person chose it explicitly (JĘZYK / LANGUAGE / МОВА). */
  storedLocale?: Locale;
  chosenLocale?: Locale;
  /** This message is the person's first. */
  first?: boolean;
  now: Date;
}

export interface Understanding {
  /** The language the message is written in (undefined: it does not say, e.g. "1", "ok", "Rokosowo"). */
  lang: MessageLanguage | undefined;
  /** Whether `lang` is clear enough to become the person's stored language. */
  langClear: boolean;
  /** The language to answer in: an explicit choice, else a clear language of the message, else the priors. */
  replyLocale: Locale;
  intent: Intent;
  category?: CategorySlug;
  /** The place named in the message, as findPlaceInText found it (with its span); absent when none is named. */
  place?: PlaceInText;
  /** For events: the days asked about. */
  dates?: DateRange;
  /** For a language request: the language asked for. */
  languageAsked?: Locale;
  /** An event number in the message ("zapisz mnie na 12"); only when the phrase rules read a sign-up or cancellation. */
  number?: number;
  /**
   * The intent is the learned model's reading, not the phrase rules' (see intent-model.ts). Dialogs route on it but do
   * not act on it at once: no sign-up or cancellation without a confirming step.
   */
  guessed?: boolean;
}

/** The port dialogs and the engine use. */
export interface UnderstandingPort {
  understand(input: UnderstandingInput): Promise<Understanding>;
}

/**
 * All phrases of one intent as one expression: a dozen tests per message instead of hundreds. Compiled on first use,
 * not when the module loads (~70 ms of every start, before the server could answer: bench/RESULTS.md, "Footprint").
 */
const compileAll = (xs: readonly string[]) => [compilePhrase(xs)];
const lazyAll = (xs: readonly string[]): (() => RegExp[]) => {
  let compiled: RegExp[] | undefined;
  return () => (compiled ??= compileAll(xs));
};
const P = {
  delete_data: lazyAll(INTENT_PHRASES.delete_data),
  stop: lazyAll(INTENT_PHRASES.stop),
  unsubscribe: lazyAll(INTENT_PHRASES.unsubscribe),
  subscribe: lazyAll(INTENT_PHRASES.subscribe),
  leave: lazyAll(INTENT_PHRASES.leave),
  leaveEvent: lazyAll(INTENT_PHRASES.leaveEvent),
  signup: lazyAll(INTENT_PHRASES.signup),
  help: lazyAll(INTENT_PHRASES.help),
  events: lazyAll(INTENT_PHRASES.events),
  nearest: lazyAll(INTENT_PHRASES.nearest),
  organisation: lazyAll(INTENT_PHRASES.organisationWords),
  languageAny: lazyAll(INTENT_PHRASES.language.any),
  language: (['pl', 'en', 'uk'] as const).map((l) => [l, lazyAll(INTENT_PHRASES.language[l])] as const),
};
const GREETING = new Set(INTENT_PHRASES.greeting.flatMap((g) => tokens(g)));
const THANKS = lazyAll(INTENT_PHRASES.thanks);
const FILLER = new Set([
  ...['there', 'all', 'everyone', 'wszystkim', 'panstwu', 'pani', 'panie', 'bot', 'again', 'ще', 'раз'],
  // "cześć, jestem nowa w Koszalinie", "hi, I'm new here", "привіт, я тут новенька"
  ...[
    'z',
    'dla',
    'calej',
    'ekipy',
    'wam',
    'panu',
    'pani',
    'panstwu',
    'ja',
    'jestem',
    'nowa',
    'nowy',
    'tu',
    'tutaj',
    'w',
    'koszalinie',
    'i',
    'im',
    'am',
    'new',
    'here',
    'in',
    'koszalin',
  ],
  ...['я', 'тут', 'новенька', 'новенький', 'нова', 'новий', 'у', 'в', 'кошаліні'],
]);
/** "dzień dobry, ja Olena", "hi, I'm Tom", "привіт, я Олена": a greeting with one's name. */
const NAME_AFTER = /(?:^| )(?:ja|jestem|tu|mam na imie|im|i am|my name is|я|мене звати|from the|from|od|від) ([^ ]+)$/u;
const KEYWORD_FORMS =
  /^(?:(?:info|org|organizacja|організація|інфо) \d+|(?:zapamietaj|zapomnij) osiedle.*|(?:remember|forget) district.*|(?:моє|мій|забудь) (?:osiedle|район).*)$/u;

/** A need for an organisation or help, which a time in the message does not turn into a question about events. */
const NEED = lazyAll([
  'czynn*',
  'dyzur*',
  'do kogo',
  'kto (moze|pomoze|pomaga)',
  'charity',
  'nowhere',
  'kicked me out',
  'poleci*',
  'recommend*',
  'where',
  'need',
  'needs',
  'looking for',
  'get help',
  'gdzie',
  'potrzeb*',
  'szukam*',
  'де',
  'потріб*',
  'шукаю',
  'где',
  'нужн*',
]);
/** A question about what would happen ("co jeśli…", "what if…"): never a sign-up or a cancellation. */
const HYPOTHETICAL = lazyAll([
  'co (jesli|jezeli|gdyby|gdy)',
  'a (jesli|jezeli|gdyby)',
  'what if',
  'what happens if',
  '(а|що) якщо',
  'що буде якщо',
]);
/** Asking where one can sign up for something: a search, not a sign-up for one of the events listed. */
const WHERE_TO_SIGN_UP = lazyAll([
  'gdzie (moge|mozna|mam|da sie) _ (zapisac|zapisywac|zapisac sie)',
  'gdzie _ zapisac',
  'jak sie (zapisac|zapisuje|zapisywac)',
  'how (do|can) (i|we) (sign up|register)',
  'як (записатися|записати*)',
  'where (can|do|could) (i|we) (sign up|register|enrol|enroll)',
  'де (можна )?(записати*|записатися)',
]);
/** Asking when the next one is ("zbiórka – kiedy następna?"): about an event even when volunteering is mentioned. */
const WHEN_NEXT = lazyAll([
  'kiedy _ (nastepn*|najblizsz*|kolejn*)',
  '(nastepn*|najblizsz*|kolejn*) _ kiedy',
  'when (is|s) the next',
  'next one',
  'w najblizszym czasie',
  'коли _ (наступн*|найближч*)',
]);
/** Words that make a request out of a message ("where…?", "any…?", "coś dla…"). */
const QUESTION = lazyAll([
  'gdzie',
  'kto',
  'czy',
  'jak',
  'jaki*',
  'co',
  'where',
  'who',
  'any',
  'anything',
  'is there',
  'are there',
  'what',
  'де',
  'хто',
  'чи',
  'що',
  'які',
  'где',
  'кто',
]);

/**
 * Words that, in a sign-up or a cancellation, say why or with whom, not what the event is: "chory jestem, skreślcie
 * mnie", "zapiszcie nas: ja, Kuba i Figa (pies)", "dziadek zapłaci". They do not make the event's category.
 */
const INCIDENTAL =
  /^(chor\p{L}*|rozchorow\p{L}*|zachorow\p{L}*|sick|ill|lekarz\p{L}*|skurcz\p{L}*|goraczk\p{L}*|osp[aey]|kontuzj\p{L}*|хвор\p{L}*|захвор\p{L}*|dzieci|dzieciom|dziecmi|dzieciach|dzieciaki|dzieciakow|dzieciakami|dziecko|dziecka|dziecku|cork\p{L}*|syn\p{L}*|wnu\p{L}*|uczni\p{L}*|dziad\p{L}*|babci\p{L}*|babcia|mama|mamy|kids?|child\p{L}*|son|daughter|дитин\p{L}*|діт\p{L}*|онук\p{L}*|дон\p{L}*|син\p{L}*|pies|psem|psa|dog)$/u;
const FOR_WORDS = new Set(['dla', 'for', 'для']);
/** Names of languages and their people ("in Ukrainian?", "ukr proszę"): a language request, not a category. */
const LANGUAGE_NAME =
  /^(ukr|ukrain\p{L}*|polish|polsk\p{L}*|english|angielsk\p{L}*|україн\p{L}*|українськ\p{L}*|польськ\p{L}*|англійськ\p{L}*)$/u;

const PLACE_LEADS = new Set(['near', 'by', 'around', 'at', 'in', 'przy', 'kolo', 'koło', 'obok', 'blisko', 'okolice', 'na', 'w', 'we']);

/** Cuts the place's words out of the text, so "Park Książąt Pomorskich" does not read as a category or a word of intent. */
export function withoutSpan(text: string, place: PlaceInText | undefined): string {
  const s = place?.span;
  return s ? `${text.slice(0, s.start)} ${text.slice(s.end)}` : text;
}

/** Is a place named back (a point, a choice of points, or one known only roughly)? */
export function placeNamed(p: PlaceInText | undefined): boolean {
  return (
    p !== undefined &&
    (p.kind === 'point' || p.kind === 'vague' || p.kind === 'ambiguous' || p.kind === 'postcode_unknown' || p.kind === 'postcode_elsewhere')
  );
}

function classify(
  words: string[],
  joined: string,
  raw: string,
  hasCategory: boolean,
  hasPlace: boolean,
  /**
   * A category from a concept word, not only a weak hint ("ukraińsku" hints at migrants) nor the names of languages
   * (education words: "польську", "angielski"), which language requests are made of.
   */
  strongCategory: boolean,
  dates: DateRange | undefined,
): Intent {
  if (!words.length) return hasPlace ? 'nearest' : 'unknown';
  // Keyword forms another recogniser owns exactly: INFO 12, ZAPAMIĘTAJ OSIEDLE Rokosowo, ZAPOMNIJ OSIEDLE.
  if (KEYWORD_FORMS.test(tokens(raw).join(' '))) return 'unknown';
  // Each phrase family is tested at most once per message, however many rules ask about it.
  const seen = new Map<() => RegExp[], boolean>();
  const is = (ps: () => RegExp[]): boolean => {
    let hit = seen.get(ps);
    if (hit === undefined) seen.set(ps, (hit = anyPhrase(joined, ps())));
    return hit;
  };
  // A language request ("po polsku prosze", "Can you reply in Ukrainian?") — short messages only, a need is not.
  // A need that also asks for a language ("potrzebny psycholog, po ukraińsku") stays a need.
  if (
    !hasPlace &&
    !(hasCategory && is(NEED)) &&
    words.length <= 20 &&
    (is(P.languageAny) || (words.length <= 8 && !strongCategory && P.language.some(([, ps]) => is(ps))))
  )
    return 'language';
  if (is(P.delete_data)) return 'delete_data';
  // "everything" / "wszystko" / "całkowicie" means all messages, unless the rest is kept ("everything else is fine", "reszta może zostać").
  const everythingSaid =
    /(^| )(wszystk\p{L}*|calkowicie|calkiem|o niczym|jakichkolwiek|wszelkich|completely|everything|all|completely|entirely|усього|всього|всіх|усіх|всего|повністю)( |$)/u.test(
      joined,
    ) && !/(everything else|all the rest|the rest|reszta|pozostal\p{L}*|resztę|resztę|інше|решта)/u.test(joined);
  // "żadnych wiadomości" without a topic ("na żaden temat", no "o …") is everything too.
  const noneSaid = /(^| )(zadnych|zadnej|zadnego|zaden|жодних|ніяких)( |$)/u.test(joined) && !/(^| )(o|about|про|on) /u.test(joined);
  // "co jeśli nie będę mogła przyjść?", "what if I can't come?": a question about the event, not a cancellation.
  if (is(HYPOTHETICAL)) return 'events';
  if (!everythingSaid && is(P.leaveEvent)) return 'leave';
  const stopLike = is(P.stop);
  const unsubLike = is(P.unsubscribe);
  if (stopLike || unsubLike) {
    if (everythingSaid || noneSaid) return 'stop';
    const topic =
      hasCategory ||
      hasPlace ||
      /(^| )(o|about|про|від|z powiadomien|from) /.test(joined.replace(/(^| )prosze o /, ' ')) ||
      /(fundacj|subskryp|news|новин|sport)/.test(joined);
    if (unsubLike && (topic || !stopLike)) return words.length === 1 && words[0] === 'unsubscribe' ? 'stop' : 'unsubscribe';
    if (topic && words.length >= 2) return 'unsubscribe';
    return 'stop';
  }
  if (is(P.subscribe)) return 'subscribe';
  // "bez sportu proszę", "without the sports news": a topic dropped.
  if (/^(bez|without|без) /.test(joined) && hasCategory && words.length <= 4) return 'unsubscribe';
  if (is(P.leave)) return 'leave';
  // "gdzie mogę zapisać dziecko na basen" asks where, it does not sign up for one of our events.
  if (is(P.signup) && !is(P.organisation) && !is(WHERE_TO_SIGN_UP)) return 'signup';
  const named = NAME_AFTER.exec(joined);
  const unnamed = named && words.length <= 6 ? words.slice(0, -1) : words;
  if (unnamed.every((w) => GREETING.has(w) || FILLER.has(w)) && unnamed.some((w) => GREETING.has(w))) return 'greeting';
  if (words.length === 1 && words[0] === 'ty') return 'thanks'; // "ty" alone; in a sentence it is the Polish "you"
  if (joined === 'wypisz' || joined === 'wypisz mnie') return 'stop'; // nothing named: everything

  if (
    is(THANKS) &&
    !hasPlace &&
    (words.length <= 6 || (!is(QUESTION) && (words.length <= 12 || /(podziek|dziekuj|thank|дякую|вдячн)/.test(joined)))) &&
    !(hasCategory && is(QUESTION))
  )
    return 'thanks';
  if (
    is(P.help) &&
    !hasCategory &&
    !hasPlace &&
    (words.length <= 8 ||
      /(sluzy|korzystac|korzystani|instrukcj|opcj|uzyskac|potrafi|czyta|numer|o co chodzi|funkcj|robicie|zrobic|wpisac|how does|what can you|бот|bot|вмієте|вмієш|користуватися)/.test(
        joined,
      ))
  ) {
    // "pomoc" alone is help; "potrzebuję pomocy" is a need.
    // …and "info about volunteering" asks about something, not about the bot.
    if (
      !/(potrzeb|need|потріб|szukam|шукаю|looking|volunteer|wolontari|волонтер)/.test(joined) &&
      !/(^| )info (about|o|on|про) /.test(joined)
    )
      return 'help';
  }
  // What is on: event words ("koncert", "co się dzieje"), or only a time ("w sobotę", "this month") when the
  // message is not a need ("…this month. Where can we get help?").
  const orgLike = is(P.organisation) || /(^| )(szukam|looking for|шукаю|wolontari\p{L}*|volunteer\p{L}*|волонтер\p{L}*)( |$)/u.test(joined);
  if (is(P.events) && (!orgLike || is(WHEN_NEXT))) return 'events';
  if (dates !== undefined && !is(NEED) && !orgLike) return 'events';
  if (hasCategory || hasPlace || is(P.nearest)) return 'nearest';
  return 'unknown';
}

let shippedModel: IntentModel | undefined;
/** The intent model trained on the development corpora (intent-model.data.ts), loaded once per process. */
export function shippedIntentModel(): IntentModel {
  shippedModel ??= loadIntentModel(INTENT_MODEL);
  return shippedModel;
}

/**
 * `intentModel`: the learned second opinion on intents (default: the shipped one; `null`: the phrase rules alone,
 * as the training script measures them).
 */
export function createUnderstanding(deps: { places?: PlaceLookup; intentModel?: IntentModel | null }): UnderstandingPort {
  const model = deps.intentModel === undefined ? shippedIntentModel() : (deps.intentModel ?? undefined);
  return {
    async understand(input: UnderstandingInput): Promise<Understanding> {
      await loadLanguageDetector();
      const text = input.text;
      const place = deps.places ? await deps.places.findPlaceInText(text) : undefined;
      const named = place?.span ? place : undefined;
      const rest = withoutSpan(text, named);
      const words = tokens(rest);
      const joined = words.join(' ');
      // The word that led to the place ("near", "przy", "koło") is the sender's language too; the name is not.
      const lead = named?.span ? /^(\p{L}+)\s/u.exec(named.span.text)?.[1] : undefined;
      const lg = detectLanguage(lead && PLACE_LEADS.has(lead.toLowerCase()) ? `${rest} ${lead}` : rest);
      const dates = dateRangeIn(joined, input.now);
      const cat = guessCategory(words, rest);
      const ruled = classify(
        words,
        joined,
        text,
        Boolean(cat),
        placeNamed(named),
        (cat?.score ?? 0) >= 2 && cat?.slug !== 'edukacja' && !cat?.used.every((i) => LANGUAGE_NAME.test(words[i]!)),
        dates,
      );
      const intent = model
        ? combineIntents(ruled, model.predict(words, placeNamed(named)), KEYWORD_FORMS.test(tokens(text).join(' ')))
        : ruled;
      const u: Understanding = { lang: lg.lang, langClear: lg.clear, replyLocale: 'pl', intent };
      if (intent !== ruled) u.guessed = true;
      // Thanks may name what it thanks for ("dzięki, pies już w nowym domu"): the category is kept for the record.
      const incidental =
        (intent === 'signup' || intent === 'leave') &&
        cat !== undefined &&
        cat.used.length > 0 &&
        cat.used.every((i) => INCIDENTAL.test(words[i]!) && !FOR_WORDS.has(words[i - 1] ?? ''));
      if (cat && !incidental && !['stop', 'help', 'greeting', 'language', 'delete_data'].includes(intent)) u.category = cat.slug;
      // A greeting or a cancellation may name a place too ("pozdrawiam z Łabusza", "rezygnuję z wycieczki do Jamna").
      if (named && ['nearest', 'events', 'subscribe', 'unsubscribe', 'signup', 'leave', 'greeting'].includes(intent)) u.place = named;
      if (dates && (intent === 'events' || intent === 'signup')) u.dates = dates;
      if (intent === 'language') u.languageAsked = P.language.find(([, ps]) => anyPhrase(joined, ps()))?.[0];
      const num = /(?:^| )(?:nr |no |numer |number |№ )?(\d{1,6})$/.exec(joined);
      if (num && !u.guessed && (intent === 'signup' || intent === 'leave')) u.number = Number(num[1]);
      u.replyLocale = replyLocale(input, lg.lang, lg.clear);
      return u;
    },
  };
}

/** The language to answer in: an explicit choice sticks; else a clear message language; else stored, Telegram, phone. */
export function replyLocale(
  input: Pick<UnderstandingInput, 'chosenLocale' | 'storedLocale' | 'languageCode' | 'from' | 'channel' | 'first'>,
  lang: MessageLanguage | undefined,
  clear: boolean,
): Locale {
  if (input.chosenLocale) return input.chosenLocale;
  const asLocale = (l: MessageLanguage | undefined): Locale | undefined => (l === 'ru' ? 'uk' : l);
  const prior =
    input.first || !input.storedLocale
      ? (localeFromLanguageCode(input.languageCode) ??
        (input.channel === 'sms' ? localeFromPhone(input.from) : undefined) ??
        input.storedLocale)
      : input.storedLocale;
  if (lang && (clear || !prior)) return asLocale(lang)!;
  // A word that only says the language weakly ("help" from a Polish number) leans to the message for a newcomer.
  if (lang && input.first && !prior) return asLocale(lang)!;
  return prior ?? asLocale(lang) ?? 'pl';
}
