/**
 * Global commands, recognised once before any dialog step, in any of the three languages and regardless of case
 * and diacritics ("pomoc", "POMOC", "help", "допомога", "/help"). A command must be the whole message: "stop"
 * is global, "stop seniorzy" is not (that leaves one topic, handled by the subscriptions dialog).
 */
import type { Locale } from './i18n/index.js';
import { normalizeText } from './text.js';

export type GlobalCommand =
  | { kind: 'help' }
  | { kind: 'cancel' }
  | { kind: 'menu' }
  | { kind: 'language'; locale?: Locale }
  | { kind: 'stop' }
  | { kind: 'start' }
  | { kind: 'delete' };

const TABLE: Array<[GlobalCommand, string[]]> = [
  [{ kind: 'help' }, ['pomoc', 'help', 'допомога', 'info', '?', 'помощь', 'pomocy']],
  [{ kind: 'cancel' }, ['anuluj', 'cancel', 'скасувати', 'скасуй', 'przerwij', 'koniec rozmowy']],
  [{ kind: 'menu' }, ['menu', 'меню', 'start menu']],
  [{ kind: 'language' }, ['jezyk', 'język', 'language', 'lang', 'мова', 'язык', 'zmien jezyk']],
  [{ kind: 'language', locale: 'pl' }, ['polski', 'po polsku', 'jezyk polski', 'lang pl', 'jezyk pl', 'language pl', 'polish']],
  [{ kind: 'language', locale: 'en' }, ['english', 'angielski', 'po angielsku', 'lang en', 'jezyk en', 'language en', 'англійська']],
  [
    { kind: 'language', locale: 'uk' },
    ['українська', 'украинский', 'ukrainski', 'po ukrainsku', 'lang uk', 'lang ua', 'jezyk uk', 'language uk', 'ukrainian', 'мова uk'],
  ],
  [{ kind: 'stop' }, ['stop', 'stopall', 'unsubscribe', 'quit', 'стоп', 'zatrzymaj', 'wypisz mnie', 'wypisz mnie ze wszystkiego']],
  [{ kind: 'start' }, ['start', 'unstop', 'старт', 'wznow', 'wznów', 'resume']],
  [
    { kind: 'delete' },
    [
      'usun moje dane',
      'usun dane',
      'usuń moje dane',
      'delete my data',
      'delete my account',
      'delete data',
      'видалити мої дані',
      'видали мої дані',
      'видалити дані',
      'rodo',
    ],
  ],
];

const LOOKUP = new Map<string, GlobalCommand>();
for (const [cmd, phrases] of TABLE) for (const p of phrases) LOOKUP.set(normalizeText(p), cmd);

/** Telegram slash commands (the bot's command list) map to the same commands. */
const SLASH: Record<string, GlobalCommand> = {
  help: { kind: 'help' },
  cancel: { kind: 'cancel' },
  menu: { kind: 'menu' },
  language: { kind: 'language' },
  stop: { kind: 'stop' },
  delete: { kind: 'delete' },
};

export function recognizeGlobalCommand(text: string | undefined): GlobalCommand | undefined {
  if (!text) return undefined;
  const slash = /^\/([a-z_]+)(?:@\w+)?\s*$/i.exec(text.trim());
  if (slash) return SLASH[slash[1]!.toLowerCase()];
  if (text.trim() === '?') return { kind: 'help' };
  const norm = normalizeText(text)
    .replace(/[.!?]+$/, '')
    .trim();
  return LOOKUP.get(norm);
}

const YES = new Set(['tak', 'yes', 'y', 't', 'так', 'ok', 'potwierdzam', 'confirm', 'так, видалити']);
const NO = new Set(['nie', 'no', 'n', 'ні', 'нет', 'ni']);

/** TAK/YES/ТАК → true, NIE/NO/НІ → false, anything else → undefined. */
export function recognizeYesNo(text: string | undefined): boolean | undefined {
  if (!text) return undefined;
  const norm = normalizeText(text).replace(/[.!]+$/, '');
  if (YES.has(norm)) return true;
  if (NO.has(norm)) return false;
  return undefined;
}
