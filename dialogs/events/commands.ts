/** Event keywords in three languages: list, details, sign up, leave, my events. */
import { normalizeText } from '../text.js';

export type EventCommand =
  /** `category` (a slug) and the days (`from`/`to` epoch ms) come from the understanding step. */
  | { kind: 'list'; rest: string; category?: string; from?: number; to?: number }
  | { kind: 'details'; id: number }
  | { kind: 'join'; id: number }
  | { kind: 'leave'; id: number }
  | { kind: 'mine' };

const LIST = ['wydarzenia', 'wydarzenie', 'imprezy', 'events', 'event', 'події', 'подія', 'заходи', '/events'];
const JOIN = ['zapisz', 'zapisz mnie', 'zapis', 'join', 'sign up', 'signup', 'записати', 'запиши', 'записатися', 'зареєструвати'];
const LEAVE = ['wypisz', 'wypisz mnie', 'rezygnuje', 'leave', 'виписати', 'випиши'];
const DETAILS = ['wydarzenie', 'event', 'подія', 'info wydarzenie'];
const MINE = ['moje wydarzenia', 'moje zapisy', 'my events', 'мої події'];

const n = (xs: string[]) => xs.map((x) => normalizeText(x));
const [LIST_N, JOIN_N, LEAVE_N, DETAILS_N, MINE_N] = [n(LIST), n(JOIN), n(LEAVE), n(DETAILS), n(MINE)];

export function recognizeEventCommand(text: string | undefined): EventCommand | undefined {
  if (!text) return undefined;
  const t = normalizeText(text)
    .replace(/[.!?]+$/, '')
    .replace(/\s*#\s*/, ' ');
  if (MINE_N.includes(t)) return { kind: 'mine' };
  const withId = /^(.+?)\s*(?:nr\.?|no\.?|№)?\s*(\d{1,9})$/.exec(t);
  if (withId) {
    const [, word, id] = withId;
    const w = word!.trim();
    if (JOIN_N.includes(w)) return { kind: 'join', id: Number(id) };
    if (LEAVE_N.includes(w)) return { kind: 'leave', id: Number(id) };
    if (DETAILS_N.includes(w) || LIST_N.includes(w)) return { kind: 'details', id: Number(id) };
  }
  const first = t.split(' ')[0]!;
  if (LIST_N.includes(first)) return { kind: 'list', rest: t.slice(first.length).trim() };
  return undefined;
}
