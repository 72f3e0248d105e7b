/**
 * The words of "ask an organisation", in Polish, English and Ukrainian, any case, with or without diacritics:
 * residents `ZAPYTAJ 2 <question>`, `ZAMKNIJ`, `POKAŻ NUMER`; organisations `ODPOWIEDZ #57 <text>`, `PYTANIA`;
 * administrators `PRZEKAŻ #57 <organisation id>`; and the buttons under a question (`q:<action>:<ref>`).
 */
import { words } from '../text.js';

export type QuestionCommand =
  | { kind: 'ask'; position?: number; text?: string }
  /** The "Ask" button under a list or an organisation's details (`q:ask:<organisation id>`). */
  | { kind: 'askOrg'; organizationId: number }
  /** "chcę zapytać Bank Żywności czy …": `org` is the name before czy/whether/чи (then `text` follows), else `rest`. */
  | { kind: 'askNamed'; org?: string; text?: string; rest?: string }
  | { kind: 'close' }
  | { kind: 'share' }
  | { kind: 'answer'; ref: number; text?: string }
  | { kind: 'list' }
  | { kind: 'forward'; ref: number; organizationId: number }
  | { kind: 'button'; action: 'reply' | 'take' | 'city' | 'block'; ref: number };

const ASK = /^(?:zapytaj|ask|запитати|запитай|спитати)(?:\s+(\d{1,2})\b[.):]?)?(?:\s+([\s\S]+))?$/iu;
const ANSWER = /^(?:odpowiedz|odpowiedź|reply|answer|відповісти|відповідь)\s+#?(\d{1,9})\b[.:]?(?:\s+([\s\S]+))?$/iu;
const FORWARD = /^(?:przekaz|przekaż|forward|передати)\s+#?(\d{1,9})\s+(?:org\s*)?(\d{1,9})$/iu;
const CLOSE = /^(?:zamknij|close|закрити|закрий)(?:\s+pytanie|\s+question|\s+питання)?[.!]?$/iu;
const SHARE = /^(?:poka[zż]\s+(?:m[oó]j\s+)?numer|share\s+my\s+number|показати\s+(?:мій\s+)?номер|покажи\s+номер)[.!]?$/iu;
const LIST = /^(?:pytania|questions|питання|\/questions)[.!]?$/iu;
const BUTTON = /^q:(reply|take|city|block):(\d{1,9})$/;
const ASK_BUTTON = /^q:ask:(\d{1,9})$/;
/** "chcę zapytać …", "I want to ask …", "хочу запитати …" (with or without diacritics). */
const ASK_NAMED =
  /^(?:(?:chc[eę]|chcia[lł](?:a|\s*by)m(?:\s+by)?)\s+(?:si[eę]\s+)?(?:za)?pyta[cć]|i\s+(?:want|would\s+like|'d\s+like|need)\s+to\s+ask|(?:я\s+)?хочу\s+(?:за|с)?питати|(?:я\s+)?хотів(?:\s+би)?\s+(?:за|с)?питати|(?:я\s+)?хотіла(?:\s+б)?\s+(?:за|с)?питати)\s+([\s\S]+)$/iu;
const ABOUT = /^([\s\S]+?)[\s,]+(?:czy|whether|if|чи)\s+([\s\S]+)$/iu;

export function recognizeQuestionCommand(text: string | undefined, choice?: string): QuestionCommand | undefined {
  if (choice !== undefined) {
    const q = ASK_BUTTON.exec(choice);
    if (q) return { kind: 'askOrg', organizationId: Number(q[1]) };
    const b = BUTTON.exec(choice);
    return b ? { kind: 'button', action: b[1] as 'reply', ref: Number(b[2]) } : undefined;
  }
  const s = text?.trim();
  if (!s) return undefined;
  const f = FORWARD.exec(s);
  if (f) return { kind: 'forward', ref: Number(f[1]), organizationId: Number(f[2]) };
  const a = ANSWER.exec(s);
  if (a) return { kind: 'answer', ref: Number(a[1]), text: a[2]?.trim() || undefined };
  const q = ASK.exec(s);
  if (q) return { kind: 'ask', position: q[1] ? Number(q[1]) : undefined, text: q[2]?.trim() || undefined };
  const n = ASK_NAMED.exec(s);
  if (n) {
    const rest = n[1]!.trim();
    const about = ABOUT.exec(rest);
    if (about) return { kind: 'askNamed', org: about[1]!.trim(), text: about[2]!.trim() || undefined };
    return { kind: 'askNamed', rest };
  }
  if (CLOSE.test(s)) return { kind: 'close' };
  if (SHARE.test(s)) return { kind: 'share' };
  if (LIST.test(s)) return { kind: 'list' };
  return undefined;
}

/** The buttons under a question shown to an organisation's person. */
export const questionButtons = (ref: number) =>
  ['reply', 'take', 'city', 'block'].map((a) => ({ action: a as 'reply', value: `q:${a}:${ref}` }));

/** The "Ask" button for one organisation. */
export const askButtonValue = (organizationId: number) => `q:ask:${organizationId}`;

export interface AskableOrganization {
  id: number;
  name: string;
  /** On the resident's last list. */
  listed: boolean;
}

/**
 * The organisation a natural phrasing names: with `org` (the words before czy/whether/чи), one whose name equals,
 * contains or is contained in them; with `rest` (no czy), one whose name the sentence starts with, the question being
 * what follows the name. Ignores case and diacritics; organisations of the last list win.
 */
export function matchNamedOrganization(
  candidates: AskableOrganization[],
  c: { org?: string; rest?: string },
): { org: AskableOrganization; text?: string } | undefined {
  const ordered = [...candidates].sort((a, b) => Number(b.listed) - Number(a.listed));
  if (c.org !== undefined) {
    const want = words(c.org).join(' ');
    if (want.length < 3) return undefined;
    const byName = (f: (name: string) => boolean) => ordered.find((o) => f(words(o.name).join(' ')));
    const hit = byName((n) => n === want) ?? byName((n) => n.includes(want)) ?? byName((n) => want.includes(n));
    return hit ? { org: hit } : undefined;
  }
  const restWords = words(c.rest ?? '');
  const raw = (c.rest ?? '').trim().split(/\s+/);
  for (const o of ordered) {
    const name = words(o.name);
    if (name.length && name.every((w, i) => restWords[i] === w)) {
      const text = raw
        .slice(name.length)
        .join(' ')
        .replace(/^[,:;.!?\-–—]+\s*/, '')
        .trim();
      return { org: o, text: text || undefined };
    }
  }
  return undefined;
}
