/**
 * The one-line broadcast command: `NADAJ odbiorcy | kiedy | treść` (BROADCAST / РОЗСИЛКА).
 * Audience: ORG 12, WYDARZENIE 12 / EVENT 12, TEMAT seniorzy / TOPIC sport, WSZYSCY / EVERYONE; flags SMS,
 * TELEGRAM, PILNE / URGENT. When: TERAZ / NOW, a date ("jutro 18:00"), CODZIENNIE 9:00 / DAILY 9:00,
 * CO TYDZIEŃ pn,śr 9:00 / WEEKLY mon,wed 9:00, CO MIESIĄC 9:00 / MONTHLY 9:00.
 */
import type { MessageKey } from '../i18n/index.js';
import { normalizeText } from '../text.js';
import { parseWhen, fromWarsaw, warsawParts } from '../events/when.js';
import type { Audience, BroadcastDraft, ChannelPolicy, Repeat } from './ports.js';

export const BROADCAST_WORDS = ['nadaj', 'wyslij', 'broadcast', 'розсилка', '/broadcast'].map(normalizeText);

const DAYS: Record<string, number> = {
  pn: 1,
  pon: 1,
  mon: 1,
  wt: 2,
  tue: 2,
  sr: 3,
  wed: 3,
  czw: 4,
  thu: 4,
  pt: 5,
  fri: 5,
  sob: 6,
  sat: 6,
  nd: 7,
  niedz: 7,
  sun: 7,
};

/** A network bulletin as typed: category words still to be resolved to ids, district names. */
export type NetworkWords = { kind: 'NETWORK_WORDS'; categories: string[]; districts: string[] };
export type ParsedBroadcast =
  | { ok: true; draft: Omit<BroadcastDraft, 'audience'> & { audience: Audience | { kind: 'TOPIC_WORD'; word: string } | NetworkWords } }
  | { ok: false; error: MessageKey; text?: string };

const NETWORK_HEAD = ['siec', 'network', 'мережа', 'biuletyn', 'bulletin', 'бюлетень'].map(normalizeText);
const NETWORK_CATEGORIES = ['kategorie', 'kategoria', 'categories', 'category', 'категорії', 'категорія'].map(normalizeText);
const NETWORK_DISTRICTS = ['dzielnice', 'dzielnica', 'osiedla', 'districts', 'district', 'райони', 'район'].map(normalizeText);
const NETWORK_ALL = ['wszystkie', 'all', 'всі', 'усі'].map(normalizeText);

/** `SIEĆ`, `SIEĆ wszystkie`, `SIEĆ kategorie sport, seniorzy`, `SIEĆ dzielnice Rokosowo, Przylesie` (and en/uk). */
function parseNetworkAudience(rest: string[]): NetworkWords | undefined {
  if (!rest[0] || !NETWORK_HEAD.includes(rest[0])) return undefined;
  const sub = rest[1];
  const list = rest
    .slice(2)
    .join(' ')
    .split(/[,;]/)
    .map((x) => x.trim())
    .filter(Boolean);
  if (!sub || (NETWORK_ALL.includes(sub) && rest.length === 2)) return { kind: 'NETWORK_WORDS', categories: [], districts: [] };
  if (NETWORK_CATEGORIES.includes(sub) && list.length) return { kind: 'NETWORK_WORDS', categories: list, districts: [] };
  if (NETWORK_DISTRICTS.includes(sub) && list.length) return { kind: 'NETWORK_WORDS', categories: [], districts: list };
  return undefined;
}

function parseRepeat(s: string, now: Date): { repeat: Repeat; first: Date } | undefined {
  const m = /^(codziennie|daily|щодня|co tydzien|weekly|щотижня|co miesiac|monthly|щомісяця)\s*([a-z,\s]*?)\s*(\d{1,2})[:.](\d{2})$/.exec(
    s,
  );
  if (!m) return undefined;
  const kind = ['codziennie', 'daily', 'щодня'].includes(m[1]!)
    ? 'DAILY'
    : ['co tydzien', 'weekly', 'щотижня'].includes(m[1]!)
      ? 'WEEKLY'
      : 'MONTHLY';
  const days = (m[2] ?? '')
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((d) => DAYS[d]);
  if (days.some((d) => d === undefined) || (kind === 'WEEKLY' && days.length === 0)) return undefined;
  const hh = Number(m[3]);
  const mm = Number(m[4]);
  if (hh > 23 || mm > 59) return undefined;
  const time = `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`;
  const repeat: Repeat = { recurrence: kind, days: days as number[], time };
  // First run: the next matching time from now.
  const p = warsawParts(now);
  for (let i = 0; i < 62; i++) {
    const d = new Date(Date.UTC(p.year, p.month - 1, p.day + i));
    const wd = ((d.getUTCDay() + 6) % 7) + 1;
    if (kind === 'WEEKLY' && !repeat.days.includes(wd)) continue;
    const at = fromWarsaw(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), hh, mm);
    if (at > now) return { repeat, first: at };
  }
  return undefined;
}

export function parseBroadcastCommand(input: string, now: Date): ParsedBroadcast {
  const firstSpace = input.trim().search(/\s/);
  const body = firstSpace < 0 ? '' : input.trim().slice(firstSpace + 1);
  const parts = body.split('|');
  if (parts.length < 3) return { ok: false, error: 'bc.usage' };
  const [audRaw, whenRaw] = [parts[0]!.trim(), parts[1]!.trim()];
  const text = parts.slice(2).join('|').trim();
  if (!text) return { ok: false, error: 'bc.empty_text' };

  const words = normalizeText(audRaw).split(/\s+/).filter(Boolean);
  let policy: ChannelPolicy = 'TELEGRAM_FIRST';
  let urgent = false;
  const rest: string[] = [];
  for (const w of words) {
    if (w === 'sms') policy = 'SMS_ONLY';
    else if (w === 'telegram') policy = 'TELEGRAM_ONLY';
    else if (['pilne', 'urgent', 'терміново'].includes(w)) urgent = true;
    else rest.push(w);
  }
  let audience: Audience | { kind: 'TOPIC_WORD'; word: string } | NetworkWords | undefined = parseNetworkAudience(rest);
  const [head, arg] = [rest[0], rest.slice(1).join(' ')];
  if (audience) {
    // a network bulletin
  } else if (head && ['org', 'organizacja', 'organization', 'організація'].includes(head) && /^\d+$/.test(arg))
    audience = { kind: 'ORGANIZATION', ref: Number(arg) };
  else if (head && ['wydarzenie', 'event', 'подія'].includes(head) && /^\d+$/.test(arg)) audience = { kind: 'EVENT', ref: Number(arg) };
  else if (head && ['temat', 'topic', 'тема'].includes(head) && arg) audience = { kind: 'TOPIC_WORD', word: arg };
  else if (head && ['wszyscy', 'everyone', 'all', 'всі'].includes(head) && !arg) audience = { kind: 'EVERYONE' };
  if (!audience) return { ok: false, error: 'bc.bad_audience', text: audRaw };

  const when = parseWhenSpec(whenRaw, now);
  if (!when) return { ok: false, error: 'bc.bad_when', text: whenRaw };
  return { ok: true, draft: { audience, policy, urgent, firstRun: when.firstRun.toISOString(), repeat: when.repeat, text } };
}

/** TERAZ / NOW, a date and time, or a repeating rule; undefined when not understood. */
export function parseWhenSpec(whenRaw: string, now: Date): { firstRun: Date; repeat?: Repeat } | undefined {
  const w = normalizeText(whenRaw);
  if (['teraz', 'now', 'зараз', 'natychmiast'].includes(w)) return { firstRun: now };
  const r = parseRepeat(w, now);
  if (r) return { firstRun: r.first, repeat: r.repeat };
  const d = parseWhen(whenRaw, now);
  return d.ok ? { firstRun: d.date } : undefined;
}
