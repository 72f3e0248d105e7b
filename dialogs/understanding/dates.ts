/**
 * When a question about events means, as a range of days in Warsaw: "dziś", "jutro", "w ten weekend", "w tym
 * tygodniu", "w przyszły weekend", "next week", "on Saturday", "w grudniu", "цього тижня", "на вихідних".
 * A range runs from the start of its first day (or now, when that is later) to the start of the day after its last.
 */
const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Warsaw',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
});

/** Minutes Warsaw is ahead of UTC at an instant (60 or 120), with one cached formatter. */
function offsetMinutes(t: number): number {
  const p: Record<string, number> = {};
  for (const x of PARTS.formatToParts(new Date(t))) if (x.type !== 'literal') p[x.type] = Number(x.value);
  return Math.round((Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!) - Math.floor(t / 60_000) * 60_000) / 60_000);
}

/** Warsaw's calendar date now, and midnight in Warsaw of a day counted from it. */
function warsawCalendar(now: Date) {
  const off = offsetMinutes(now.getTime());
  const local = new Date(now.getTime() + off * 60_000);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth() + 1;
  const d = local.getUTCDate();
  const weekday = ((local.getUTCDay() + 6) % 7) + 1;
  const midnight = (year: number, month: number, day: number) => {
    const guess = Date.UTC(year, month - 1, day);
    return guess - offsetMinutes(guess - off * 60_000) * 60_000;
  };
  return { year: y, month: m, day: d, weekday, midnight };
}

/** Any word that can name a time: most messages have none, and skip the rest. */
const ANY_DATE =
  /weekend|tydz|tygod|tyg|week|dzis|today|tonight|wieczor|jutro|tomorrow|завтра|сьогодн|сегодн|вихідн|выходн|тижн|недел|monday|tuesday|wednesday|thursday|friday|saturday|sunday|pon|wtor|srod|czwart|piat|sobot|niedz|понеділ|вівтор|серед|четвер|пятниц|субот|неділ|воскрес|styczn|lut|marc|marzec|march|kwie|april|maj|may|czerw|june|lip|july|sierp|august|wrzes|september|pazdzier|october|listopad|november|grud|december|січн|берез|квітн|травн|червн|липн|серпн|вересн|жовтн|груд|jan|feb|ма[йяе]|июн|июл|август|сентяб|октяб|нояб|декаб|январ|феврал|март|апрел/u;

export interface DateRange {
  /** Epoch milliseconds; `from` inclusive, `to` exclusive. */
  from: number;
  to: number;
  /** What the words meant, for the reply. */
  kind: 'today' | 'tomorrow' | 'weekend' | 'next_weekend' | 'week' | 'next_week' | 'weekday' | 'month';
}

const has = (joined: string, re: RegExp) => re.test(joined);

const MONTHS: Array<[number, RegExp]> = [
  [1, /(^| )(styczni\p{L}*|january|jan|січн\p{L}*|январ\p{L}*)( |$)/u],
  [2, /(^| )(lut\p{L}*|february|feb|лют\p{L}*|феврал\p{L}*)( |$)/u],
  [3, /(^| )(marc\p{L}*|marzec|march|березн\p{L}*|март\p{L}*)( |$)/u],
  [4, /(^| )(kwie\p{L}*|april|квітн\p{L}*|апрел\p{L}*)( |$)/u],
  [5, /(^| )(maj|maju|maja|majowk\p{L}*|may|травн\p{L}*|ма[йяе])( |$)/u],
  [6, /(^| )(czerw\p{L}*|june|червн\p{L}*|июн\p{L}*)( |$)/u],
  [7, /(^| )(lip\p{L}*|july|липн\p{L}*|июл\p{L}*)( |$)/u],
  [8, /(^| )(sierp\p{L}*|august|серпн\p{L}*|август\p{L}*)( |$)/u],
  [9, /(^| )(wrzes\p{L}*|september|вересн\p{L}*|сентябр\p{L}*)( |$)/u],
  [10, /(^| )(pazdzier\p{L}*|october|жовтн\p{L}*|октябр\p{L}*)( |$)/u],
  [11, /(^| )(listopad\p{L}*|november|листопад\p{L}*|ноябр\p{L}*)( |$)/u],
  [12, /(^| )(grud\p{L}*|december|грудн\p{L}*|грудень|декабр\p{L}*)( |$)/u],
];

const WEEKDAYS: Array<[number, RegExp]> = [
  [1, /(^| )(poniedzial\p{L}*|pon|monday|понеділ\p{L}*)( |$)/u],
  [2, /(^| )(wtor(?:ek|ku|kiem|ki|kow)|tuesday|вівтор\p{L}*)( |$)/u],
  [3, /(^| )(srod[aey]|wednesday|серед\p{L}*)( |$)/u],
  [4, /(^| )(czwart(?:ek|ku|kiem|ki|kow)|czw|thursday|четвер\p{L}*)( |$)/u],
  [5, /(^| )(piat(?:ek|ku|kiem)|piatk\p{L}*|pt|friday|fri|пятниц\p{L}*)( |$)/u],
  [6, /(^| )(sobot\p{L}*|sob|saturday|sat|субот\p{L}*)( |$)/u],
  [7, /(^| )(niedziel\p{L}*|niedz|nd|sunday|sun|неділ\p{L}*|воскресен\p{L}*)( |$)/u],
];

/** The range a message's words name, or undefined. `joined` is the message's normalised words joined by spaces. */
export function dateRangeIn(joined: string, now: Date): DateRange | undefined {
  if (!ANY_DATE.test(joined)) return undefined;
  const p = warsawCalendar(now);
  const day = (offset: number) => p.midnight(p.year, p.month, p.day + offset);
  const range = (fromOffset: number, toOffset: number, kind: DateRange['kind']): DateRange => ({
    from: Math.max(now.getTime(), day(fromOffset)),
    to: day(toOffset),
    kind,
  });
  const toSaturday = (6 - p.weekday + 7) % 7;
  const toMonday = 8 - p.weekday; // next Monday (1..7 days ahead)

  if (has(joined, /(przyszl\p{L}* weekend|nastepn\p{L}* weekend|next weekend|наступн\p{L}* вихідн\p{L}*|следующ\p{L}* выходн\p{L}*)/u)) {
    const sat = toSaturday + 7;
    return range(sat, sat + 2, 'next_weekend');
  }
  if (has(joined, /(^| )(weekend\p{L}*|weekendzie|вихідн\p{L}*|выходн\p{L}*)( |$)/u)) {
    if (p.weekday === 7) return range(0, 1, 'weekend');
    if (p.weekday === 6) return range(0, 2, 'weekend');
    return range(toSaturday, toSaturday + 2, 'weekend');
  }
  if (
    has(
      joined,
      /(przyszl\p{L}* tydz\p{L}*|przyszlym tygodniu|nastepn\p{L}* tydz\p{L}*|nastepnym tygodniu|next week|наступн\p{L}* тижн\p{L}*|следующ\p{L}* недел\p{L}*)/u,
    )
  )
    return range(toMonday, toMonday + 7, 'next_week');
  if (has(joined, /(tym tygodniu|ten tydzien|this week|цього тижня|на цьому тижні|этой неделе|(^| )tyg( |$))/u))
    return range(0, toMonday, 'week');
  if (has(joined, /(^| )(dzis|dzisiaj|today|tonight|сьогодні|сегодня|wieczorem)( |$)/u)) return range(0, 1, 'today');
  if (has(joined, /(^| )(pojutrze|післязавтра)( |$)/u)) return range(2, 3, 'tomorrow');
  if (has(joined, /(^| )(jutro|tomorrow|завтра)( |$)/u)) return range(1, 2, 'tomorrow');
  for (const [wd, re] of WEEKDAYS) {
    if (re.test(joined)) {
      const diff = (wd - p.weekday + 7) % 7;
      return range(diff, diff + 1, 'weekday');
    }
  }
  for (const [m, re] of MONTHS) {
    if (re.test(joined)) {
      const year = m < p.month ? p.year + 1 : p.year;
      const from = p.midnight(year, m, 1);
      const to = p.midnight(m === 12 ? year + 1 : year, m === 12 ? 1 : m + 1, 1);
      return { from: Math.max(now.getTime(), from), to, kind: 'month' };
    }
  }
  return undefined;
}

/** "5.12–6.12" (pl, uk) / "5 Dec – 6 Dec" (en), in Warsaw time; one day is one date. */
export function formatRange(r: Pick<DateRange, 'from' | 'to'>, locale: 'pl' | 'en' | 'uk'): string {
  const tag = locale === 'en' ? 'en-GB' : locale === 'uk' ? 'uk-UA' : 'pl-PL';
  const f = new Intl.DateTimeFormat(tag, { timeZone: 'Europe/Warsaw', day: 'numeric', month: locale === 'en' ? 'short' : 'numeric' });
  const first = f.format(new Date(r.from));
  const last = f.format(new Date(r.to - 1));
  return first === last ? first : `${first}–${last}`;
}
