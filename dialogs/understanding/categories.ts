/**
 * Reads the category of a message from the concept lexicon (lexicon.ts): every matching entry adds its weight to
 * its category; combinations weigh more than single words; on equal weight the lexicon's order decides.
 */
import { CATEGORY_LEXICON, type CategorySlug } from './lexicon.js';
import { compileWords, matchAt, type WordPattern } from './match.js';

interface CompiledEntry {
  slug: CategorySlug;
  /** A specific need or condition (`!entry`). */
  strong: boolean;
  rank: number;
  weight: number;
  pattern: WordPattern;
}

function compile(): CompiledEntry[] {
  // One entry per category and pattern: the same entry in two languages ("sport*" in pl and en), or two spellings that
  // compile alike ("в'язан*" and "вязан*"), counts once, or it would outweigh a specific need. The strongest is kept.
  const byPattern = new Map<string, CompiledEntry>();
  CATEGORY_LEXICON.forEach((c, rank) => {
    for (const raw of [...c.pl, ...c.en, ...c.uk, ...(c.ru ?? [])]) {
      const strong = raw.startsWith('!');
      const weak = raw.startsWith('~');
      const pattern = compileWords(strong || weak ? raw.slice(1) : raw);
      if (!pattern.words.length) continue;
      const combo = pattern.words.length > 1;
      const weight = weak ? 1 : (strong ? 3 : 2) + (combo ? 2 : 0);
      const key = `${c.slug} ${pattern.words.map((w) => w.w + (w.prefix ? '*' : '')).join(' ')}`;
      const seen = byPattern.get(key);
      if (!seen || seen.weight < weight) byPattern.set(key, { slug: c.slug, rank, weight, pattern, strong });
    }
  });
  return [...byPattern.values()];
}

const ENTRIES = compile();
/** Entries by the first letter of their first word, so a word is compared only with entries that can match it. */
const BY_FIRST = new Map<string, CompiledEntry[]>();
for (const e of ENTRIES) {
  const k = e.pattern.words[0]!.w[0]!;
  let list = BY_FIRST.get(k);
  if (!list) BY_FIRST.set(k, (list = []));
  list.push(e);
}

export interface CategoryGuess {
  slug: CategorySlug;
  score: number;
  /** Indexes of the words that named it. */
  used: number[];
}

/** "Seniors" by age: "mam 84 lata", "I'm 70", "(78)". A weak hint. */
const OLD_AGE =
  /\((?:6[5-9]|[7-9]\d)\)|(?:^|[^\d-])(?:6[5-9]|[7-9]\d) ?(?:lat|lata|years|year|y\/o|років|роки)(?![\p{L}])|(?:i'?m|mam|ma) (?:6[5-9]|[7-9]\d)(?![\d-])/iu;

/** A child's age ("dla 7latki", "8-letni syn", "10 lat"): a weak hint. */
const CHILD_AGE = /(?:^|[^\d])(?:[1-9]|1[0-7])(?:-1[0-7])? ?-? ?(?:latk\p{L}*|latek|letni\p{L}*|lat\b|year[- ]olds?|річн\p{L}*)/iu;
/** Lessons of a language are education, whoever takes them ("kurs polskiego dla cudzoziemców", "Polish classes for refugees"). */
const LANGUAGE_LESSONS =
  /(uczyc sie|nauk\p{L}*|kurs\p{L}*|lekcj\p{L}*|ucza|classes|lessons|course\p{L}*|teach\p{L}*|tutor\p{L}*|курс\p{L}*|урок\p{L}*|вивча\p{L}*).{0,30}(polsk\p{L}*|angielsk\p{L}*|niemieck\p{L}*|polish|english|german|польськ\p{L}*|англійськ\p{L}*)|(polsk\p{L}*|polish|польськ\p{L}*) (jezyk\p{L}*|language|мов\p{L}*)/u;
const GROUPS: CategorySlug[] = ['seniorzy', 'dzieci-mlodziez'];
const SIXTY_PLUS = /(?:^|[^\d])(?:5[05]|6[05]|70) ?\+/u;
const ACTIVITIES = new Set<CategorySlug>(['sport', 'kultura', 'ekologia']);
/** Words that say only that something is learnt ("lessons", "kurs", "nauka"): the thing learnt names the category. */
const LEARNING =
  /^(nauk\p{L}*|naucz\p{L}*|szkolen\p{L}*|kurs\p{L}*|lekcj\p{L}*|zajec\p{L}*|class|classes|lessons?|courses?|learn\p{L}*|навчан\p{L}*|курс\p{L}*|урок\p{L}*|вчит\p{L}*)$/u;
const FOR = new Set(['dla', 'for', 'для']);
const CONDITIONS: CategorySlug[] = ['niepelnosprawnosc', 'zdrowie'];
/** Who treats or where ("lekarz kazał chodzić", "я медсестра"): not a condition of the person asking. */
const ROLE =
  /^(lekarz\p{L}*|pielegniar\p{L}*|szpital\p{L}*|przychodni\p{L}*|doctor\p{L}*|nurse\p{L}*|hospital\p{L}*|лікар\p{L}*|медсестр\p{L}*|лікарн\p{L}*)$/u;
const COMPANION = new Set(['z', 'ze', 'with', 'з', 'із', 'зі']);
/** …unless one works with them ("wolontariat z dziećmi", "volunteering with kids"). */
const WORK_WITH = /^(wolontari\p{L}*|prac\p{L}*|pomag\p{L}*|volunteer\p{L}*|work\p{L}*|волонтер\p{L}*|працю\p{L}*|робот\p{L}*)$/u;

/** A group word's weight by the word before it: "z dziećmi" (with them) a hint, "od dziecka" (since childhood) none. */
function groupWeight(weight: number, before: string, twoBefore: string): number {
  if (before === 'od') return 0;
  if (COMPANION.has(before) && !WORK_WITH.test(twoBefore)) return Math.min(weight, 1);
  return weight;
}

/** The best category of the words, or undefined when no concept word is there. */
export function guessCategory(words: string[], raw = ''): CategoryGuess | undefined {
  const score = new Map<CategorySlug, { score: number; rank: number; used: number[] }>();
  const conditions = new Set<CategorySlug>();
  for (let i = 0; i < words.length; i++) {
    const list = BY_FIRST.get(words[i]![0]!);
    if (!list) continue;
    for (const e of list) {
      if (!matchAt(words, e.pattern, i)) continue;
      const s = score.get(e.slug) ?? { score: 0, rank: e.rank, used: [] };
      // A group one goes with ("z dziećmi", "with the kids") is only a hint; "od dziecka" (since childhood) is none.
      const before = words[i - 1] ?? '';
      s.score += GROUPS.includes(e.slug) ? groupWeight(e.weight, before, words[i - 2] ?? '') : e.weight;
      for (let k = 0; k < e.pattern.words.length; k++) if (!s.used.includes(i + k)) s.used.push(i + k);
      score.set(e.slug, s);
      if (e.strong && CONDITIONS.includes(e.slug) && !ROLE.test(words[i]!)) conditions.add(e.slug);
    }
  }
  if (!score.size) {
    if (OLD_AGE.test(raw) || SIXTY_PLUS.test(raw)) return { slug: 'seniorzy', score: 1, used: [] };
    if (CHILD_AGE.test(raw)) return { slug: 'dzieci-mlodziez', score: 1, used: [] };
    return undefined;
  }
  // "kursy komputerowe 60+", "zajęcia 65+": aimed at older people, whatever the activity.
  if (SIXTY_PLUS.test(raw)) {
    const top = Math.max(...[...score.values()].map((v) => v.score));
    const s = score.get('seniorzy') ?? { score: 0, rank: 2, used: [] };
    s.score = Math.max(s.score, top + 1);
    score.set('seniorzy', s);
  }
  const lessons = score.get('edukacja');
  const languageLessons = lessons !== undefined && LANGUAGE_LESSONS.test(words.join(' '));
  if (languageLessons) lessons.score += 10;
  // "nauka pływania", "yoga class", "szkolenie z posłuszeństwa dla psa": what is learnt decides, not the learning.
  if (lessons && !languageLessons && lessons.used.every((i) => LEARNING.test(words[i]!))) {
    const other = [...score.entries()].filter(([slug]) => slug !== 'edukacja' && !GROUPS.includes(slug));
    if (other.length) lessons.score = Math.min(lessons.score, Math.max(...other.map(([, v]) => v.score)) - 1);
  }
  // An activity for a group ("nordic walking dla emerytów", "basketball for teenagers") is the group's.
  for (const group of GROUPS) {
    if (group === 'dzieci-mlodziez' && !score.has(group) && CHILD_AGE.test(raw) && /(?:^| )(?:dla|for|для) /u.test(words.join(' ')))
      score.set(group, { score: 1, rank: 3, used: [] });
    const g = score.get(group);
    // "dla 10-latki", "for my 8 year old": a child's age after "for" names the group too.
    const forAge =
      group === 'dzieci-mlodziez' && /(?:^| )(?:dla|for|для) (?:my |mojego |mojej )?\d{1,2} ?-? ?(?:lat|year|річн)/u.test(words.join(' '));
    if (!g || (!forAge && !g.used.some((i) => FOR.has(words[i - 1] ?? '')))) continue;
    const best = [...score.entries()].reduce((a, b) => (b[1].score > a[1].score ? b : a));
    // A course for seniors ("kurs komputera dla seniorów") is the seniors' too; a tutor for one's son stays education.
    if (ACTIVITIES.has(best[0]) || (group === 'seniorzy' && best[0] === 'edukacja')) g.score = Math.max(g.score, best[1].score + 1);
  }
  // A condition beats who has it, however often the person is named ("syn ma autyzm… inne dzieci… takich dzieciach",
  // "Моїй дитині 7, у неї ДЦП. Ми нещодавно переїхали з України").
  const top = Math.max(...[...score.values()].map((v) => v.score));
  const leader = [...score.entries()].find(([, v]) => v.score === top)?.[0];
  if (
    conditions.size &&
    leader &&
    !conditions.has(leader) &&
    (GROUPS.includes(leader) || leader === 'migranci' || ACTIVITIES.has(leader))
  ) {
    const c = [...conditions].map((slug) => [slug, score.get(slug)!] as const).reduce((a, b) => (b[1].score > a[1].score ? b : a));
    c[1].score = top + 1;
  }
  let best: CategoryGuess | undefined;
  let bestRank = Infinity;
  for (const [slug, s] of score) {
    if (!best || s.score > best.score || (s.score === best.score && s.rank < bestRank)) {
      best = { slug, score: s.score, used: s.used.sort((a, b) => a - b) };
      bestRank = s.rank;
    }
  }
  return best;
}
