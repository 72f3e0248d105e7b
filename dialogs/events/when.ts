/**
 * Dates as people type them, in Polish and English, always in Europe/Warsaw (correct across daylight-saving
 * changes): "jutro 18:00", "w sobotę o 10", "12.12 17:30", "12 grudnia 17:30", "2026-12-12 17:30",
 * "tomorrow 6pm", "on Saturday at 10", "12 December 17:30", "December 12 5:30 pm".
 * No maintained parser handles Polish, so this is a small one with exhaustive table tests.
 */
import { normalizeText } from '../text.js';

export const ZONE = 'Europe/Warsaw';

export type WhenResult = { ok: true; date: Date } | { ok: false; reason: 'unparsed' | 'past' | 'no_time' };

const MONTHS: Record<string, number> = {};
const monthNames: Array<[number, string[]]> = [
  [1, ['styczen', 'stycznia', 'sty', 'january', 'jan', 'січня', 'січень']],
  [2, ['luty', 'lutego', 'lut', 'february', 'feb', 'лютого', 'лютий']],
  [3, ['marzec', 'marca', 'mar', 'march', 'березня', 'березень']],
  [4, ['kwiecien', 'kwietnia', 'kwi', 'april', 'apr', 'квітня', 'квітень']],
  [5, ['maj', 'maja', 'may', 'травня', 'травень']],
  [6, ['czerwiec', 'czerwca', 'cze', 'june', 'jun', 'червня', 'червень']],
  [7, ['lipiec', 'lipca', 'lip', 'july', 'jul', 'липня', 'липень']],
  [8, ['sierpien', 'sierpnia', 'sie', 'august', 'aug', 'серпня', 'серпень']],
  [9, ['wrzesien', 'wrzesnia', 'wrz', 'september', 'sep', 'sept', 'вересня', 'вересень']],
  [10, ['pazdziernik', 'pazdziernika', 'paz', 'october', 'oct', 'жовтня', 'жовтень']],
  [11, ['listopad', 'listopada', 'lis', 'november', 'nov', 'листопада', 'листопад']],
  [12, ['grudzien', 'grudnia', 'gru', 'december', 'dec', 'грудня', 'грудень']],
];
for (const [m, names] of monthNames) for (const n of names) MONTHS[normalizeText(n)] = m;

/** ISO weekday 1 (Monday) … 7 (Sunday). */
const WEEKDAYS: Record<string, number> = {};
const dayNames: Array<[number, string[]]> = [
  [1, ['poniedzialek', 'pon', 'monday', 'mon', 'понеділок']],
  [2, ['wtorek', 'wt', 'tuesday', 'tue', 'tues', 'вівторок']],
  [3, ['sroda', 'srode', 'sr', 'wednesday', 'wed', 'середа', 'середу']],
  [4, ['czwartek', 'czw', 'thursday', 'thu', 'thurs', 'четвер']],
  [5, ['piatek', 'pt', 'friday', 'fri', 'пятниця', 'пятницю', "п'ятницю", "п'ятниця"]],
  [6, ['sobota', 'sobote', 'sob', 'saturday', 'sat', 'субота', 'суботу']],
  [7, ['niedziela', 'niedziele', 'niedz', 'nd', 'sunday', 'sun', 'неділя', 'неділю']],
];
for (const [d, names] of dayNames) for (const n of names) WEEKDAYS[normalizeText(n)] = d;

/** Wall-clock parts of an instant in Warsaw. */
export function warsawParts(d: Date): { year: number; month: number; day: number; hour: number; minute: number; weekday: number } {
  const f = new Intl.DateTimeFormat('en-GB', {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    weekday: 'short',
  });
  const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));
  const wd = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 }[p.weekday as string]!;
  return { year: Number(p.year), month: Number(p.month), day: Number(p.day), hour: Number(p.hour), minute: Number(p.minute), weekday: wd };
}

/** The instant when Warsaw's clocks show this wall-clock time (the later one in the autumn repeated hour). */
export function fromWarsaw(year: number, month: number, day: number, hour: number, minute: number): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  let t = guess;
  for (let i = 0; i < 3; i++) {
    const p = warsawParts(new Date(t));
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    t += guess - shown;
  }
  return new Date(t);
}

function addDays(y: number, m: number, d: number, n: number) {
  const x = new Date(Date.UTC(y, m - 1, d + n));
  return { year: x.getUTCFullYear(), month: x.getUTCMonth() + 1, day: x.getUTCDate() };
}

function parseTime(s: string): { hour: number; minute: number } | undefined {
  const m = /(?:^|\s)(?:o|at|godz\.?|о|на)?\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?(?=\s|$)/i.exec(s);
  if (!m) return undefined;
  let hour = Number(m[1]);
  const minute = m[2] ? Number(m[2]) : 0;
  const ampm = m[3]?.toLowerCase().replace(/\./g, '');
  if (ampm === 'pm' && hour < 12) hour += 12;
  if (ampm === 'am' && hour === 12) hour = 0;
  if (hour > 23 || minute > 59) return undefined;
  return { hour, minute };
}

/** Parses a date and time; `now` decides "jutro", weekdays and a missing year. */
export function parseWhen(input: string, now: Date): WhenResult {
  let s = normalizeText(input).replace(/,/g, ' ').replace(/\s+/g, ' ').trim();
  const today = warsawParts(now);
  let date: { year: number; month: number; day: number } | undefined;
  let explicitYear = false;

  const iso = /(\d{4})-(\d{1,2})-(\d{1,2})/.exec(s);
  const dotted = /(?:^|\s)(\d{1,2})[./](\d{1,2})(?:[./](\d{2,4}))?(?=\s|$)/.exec(s);
  const named = /(?:^|\s)(\d{1,2})\s+([\p{L}]+)\.?(?:\s+(\d{4}))?(?=\s|$)/u.exec(s);
  const namedFirst = /(?:^|\s)([\p{L}]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:\s+(\d{4}))?(?=\s|$)/u.exec(s);
  if (iso) {
    date = { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
    explicitYear = true;
    s = s.replace(iso[0], ' ');
  } else if (named && MONTHS[named[2]!]) {
    date = { year: named[3] ? Number(named[3]) : today.year, month: MONTHS[named[2]!]!, day: Number(named[1]) };
    explicitYear = Boolean(named[3]);
    s = s.replace(named[0], ' ');
  } else if (namedFirst && MONTHS[namedFirst[1]!]) {
    date = { year: namedFirst[3] ? Number(namedFirst[3]) : today.year, month: MONTHS[namedFirst[1]!]!, day: Number(namedFirst[2]) };
    explicitYear = Boolean(namedFirst[3]);
    s = s.replace(namedFirst[0], ' ');
  } else if (dotted && (/[:.]\d{2}\b|\b(o|at)\b|am|pm/.test(s.replace(dotted[0], ' ')) || dotted[3])) {
    const y = dotted[3] ? Number(dotted[3]) : today.year;
    date = { year: y < 100 ? 2000 + y : y, month: Number(dotted[2]), day: Number(dotted[1]) };
    explicitYear = Boolean(dotted[3]);
    s = s.replace(dotted[0], ' ');
  } else {
    const words = s.split(' ');
    for (const w of words) {
      if (['dzis', 'dzisiaj', 'today', 'сьогодні'].includes(w)) date = { year: today.year, month: today.month, day: today.day };
      else if (['jutro', 'tomorrow', 'завтра'].includes(w)) date = addDays(today.year, today.month, today.day, 1);
      else if (['pojutrze', 'післязавтра'].includes(w)) date = addDays(today.year, today.month, today.day, 2);
      else if (WEEKDAYS[w]) {
        let diff = (WEEKDAYS[w]! - today.weekday + 7) % 7;
        if (diff === 0) diff = 7; // "w sobotę" said on a Saturday means next Saturday
        date = addDays(today.year, today.month, today.day, diff);
      }
      if (date) {
        s = s.replace(w, ' ');
        break;
      }
    }
  }
  if (!date) return { ok: false, reason: 'unparsed' };
  if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > 31) return { ok: false, reason: 'unparsed' };
  const time = parseTime(s.replace(/\b(w|we|on|the|next|in)\b/g, ' ').trim());
  if (!time) return { ok: false, reason: 'no_time' };
  let result = fromWarsaw(date.year, date.month, date.day, time.hour, time.minute);
  const check = warsawParts(result);
  if (check.day !== date.day || check.month !== date.month) return { ok: false, reason: 'unparsed' }; // 31.02
  // "12.01" typed in December means next January.
  if (!explicitYear && result.getTime() < now.getTime() - 24 * 3600_000)
    result = fromWarsaw(date.year + 1, date.month, date.day, time.hour, time.minute);
  if (result.getTime() <= now.getTime()) return { ok: false, reason: 'past' };
  return { ok: true, date: result };
}

/** "pt 28.11, 17:00" / "Fri 28 Nov, 17:00" in Warsaw time. */
export function formatWhen(d: Date, locale: 'pl' | 'en' | 'uk'): string {
  const tag = locale === 'en' ? 'en-GB' : locale === 'uk' ? 'uk-UA' : 'pl-PL';
  return new Intl.DateTimeFormat(tag, {
    timeZone: ZONE,
    weekday: 'short',
    day: 'numeric',
    month: locale === 'en' ? 'short' : '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d);
}
