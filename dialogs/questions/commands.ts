/**
 * The words of "ask an organisation", in Polish, English and Ukrainian, any case, with or without diacritics:
 * residents `ZAPYTAJ 2 <question>`, `ZAMKNIJ`, `POKAŻ NUMER`; organisations `ODPOWIEDZ #57 <text>`, `PYTANIA`;
 * administrators `PRZEKAŻ #57 <organisation id>`; and the buttons under a question (`q:<action>:<ref>`).
 */
export type QuestionCommand =
  | { kind: 'ask'; position?: number; text?: string }
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

export function recognizeQuestionCommand(text: string | undefined, choice?: string): QuestionCommand | undefined {
  if (choice !== undefined) {
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
  if (CLOSE.test(s)) return { kind: 'close' };
  if (SHARE.test(s)) return { kind: 'share' };
  if (LIST.test(s)) return { kind: 'list' };
  return undefined;
}

/** The buttons under a question shown to an organisation's person. */
export const questionButtons = (ref: number) =>
  ['reply', 'take', 'city', 'block'].map((a) => ({ action: a as 'reply', value: `q:${a}:${ref}` }));
