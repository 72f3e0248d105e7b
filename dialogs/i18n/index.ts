/**
 * Message catalogues. Everything a resident or coordinator reads comes from here, in Polish (default), English
 * and Ukrainian. `t('en', 'choice.retry', { max: 3 })` fills `{max}`.
 */
import { pl, type MessageKey } from './pl.js';
import { en } from './en.js';
import { uk } from './uk.js';

export type { MessageKey };
export const LOCALES = ['pl', 'en', 'uk'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'pl';

export const catalogues: Record<Locale, Record<MessageKey, string>> = { pl, en, uk };

export function isLocale(x: unknown): x is Locale {
  return typeof x === 'string' && (LOCALES as readonly string[]).includes(x);
}

/** Maps Telegram's language_code (IETF tag) to one of ours; Russian speakers from Ukraine get Ukrainian. */
export function localeFromLanguageCode(code: string | undefined): Locale | undefined {
  const base = code?.toLowerCase().split(/[-_]/)[0];
  if (base === 'pl') return 'pl';
  if (base === 'uk' || base === 'ru' || base === 'be') return 'uk';
  if (base === 'en') return 'en';
  return undefined;
}

export function t(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = catalogues[locale][key] ?? catalogues.pl[key];
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}
