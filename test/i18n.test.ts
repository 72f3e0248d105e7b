import { describe, expect, it } from 'vitest';
import { catalogues, LOCALES, t, localeFromLanguageCode } from '../dialogs/i18n/index.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  const keys = Object.keys(catalogues.pl);
  it.each(LOCALES)('%s has every key, no extra key, no empty text, the same placeholders as Polish', (locale) => {
    const cat = catalogues[locale] as Record<string, string>;
    expect(Object.keys(cat).sort()).toEqual([...keys].sort());
    for (const k of keys) {
      expect(cat[k]!.trim(), `${locale}.${k}`).not.toBe('');
      expect(placeholders(cat[k]!), `${locale}.${k}`).toEqual(placeholders((catalogues.pl as Record<string, string>)[k]!));
    }
  });

  it('fills placeholders', () => {
    expect(t('en', 'choice.retry', { max: 4 })).toBe('Choose a number from 1 to 4.');
    expect(t('uk', 'choice.retry', { max: 2 })).toBe('Оберіть номер від 1 до 2.');
  });

  it('maps Telegram language codes', () => {
    expect(localeFromLanguageCode('pl')).toBe('pl');
    expect(localeFromLanguageCode('en-US')).toBe('en');
    expect(localeFromLanguageCode('uk')).toBe('uk');
    expect(localeFromLanguageCode('ru')).toBe('uk');
    expect(localeFromLanguageCode('de')).toBeUndefined();
    expect(localeFromLanguageCode(undefined)).toBeUndefined();
  });
});
