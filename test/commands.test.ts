import { describe, expect, it } from 'vitest';
import { recognizeGlobalCommand, recognizeYesNo } from '../dialogs/commands.js';

describe('global command recognition', () => {
  it.each([
    ['pomoc', 'help'],
    ['POMOC', 'help'],
    ['Pomoc!', 'help'],
    ['help', 'help'],
    ['допомога', 'help'],
    ['ДОПОМОГА', 'help'],
    ['/help', 'help'],
    ['/help@KoszalinBot', 'help'],
    ['?', 'help'],
    ['anuluj', 'cancel'],
    ['CANCEL', 'cancel'],
    ['скасувати', 'cancel'],
    ['menu', 'menu'],
    ['МЕНЮ', 'menu'],
    ['/menu', 'menu'],
    ['język', 'language'],
    ['jezyk', 'language'],
    ['LANGUAGE', 'language'],
    ['мова', 'language'],
    ['STOP', 'stop'],
    ['stop', 'stop'],
    ['Stop.', 'stop'],
    ['стоп', 'stop'],
    ['unsubscribe', 'stop'],
    ['START', 'start'],
    ['старт', 'start'],
    ['unstop', 'start'],
    ['usuń moje dane', 'delete'],
    ['USUN MOJE DANE', 'delete'],
    ['delete my data', 'delete'],
    ['видалити мої дані', 'delete'],
  ])('%s → %s', (text, kind) => {
    expect(recognizeGlobalCommand(text)?.kind).toBe(kind);
  });

  it.each([
    ['polski', 'pl'],
    ['English', 'en'],
    ['українська', 'uk'],
    ['lang en', 'en'],
    ['JEZYK UK', 'uk'],
  ])('%s switches to %s', (text, locale) => {
    expect(recognizeGlobalCommand(text)).toEqual({ kind: 'language', locale });
  });

  it.each(['stop seniorzy', 'pomocy prawnej szukam', 'menu dnia', '', 'Zwycięstwa 117', '/unknown'])(
    '"%s" is not a global command',
    (text) => {
      expect(recognizeGlobalCommand(text)).toBeUndefined();
    },
  );

  it('yes and no in three languages', () => {
    for (const y of ['TAK', 'tak.', 'yes', 'Так']) expect(recognizeYesNo(y)).toBe(true);
    for (const n of ['NIE', 'no', 'ні']) expect(recognizeYesNo(n)).toBe(false);
    expect(recognizeYesNo('może')).toBeUndefined();
  });
});
