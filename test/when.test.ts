import { describe, expect, it } from 'vitest';
import { parseWhen, fromWarsaw, formatWhen } from '../dialogs/events/when.js';

// Wednesday 25 November 2026, 12:00 in Warsaw (11:00 UTC).
const NOW = new Date('2026-11-25T11:00:00Z');
const iso = (text: string, now = NOW) => {
  const r = parseWhen(text, now);
  return r.ok ? r.date.toISOString() : r.reason;
};

describe('dates as people type them (Europe/Warsaw)', () => {
  it.each([
    ['jutro 18:00', '2026-11-26T17:00:00.000Z'],
    ['Jutro o 18', '2026-11-26T17:00:00.000Z'],
    ['dziś 20:30', '2026-11-25T19:30:00.000Z'],
    ['w sobotę o 10', '2026-11-28T09:00:00.000Z'],
    ['sobota 10:00', '2026-11-28T09:00:00.000Z'],
    ['w środę 9', '2026-12-02T08:00:00.000Z'],
    ['12.12 17:30', '2026-12-12T16:30:00.000Z'],
    ['12.12.2026 17:30', '2026-12-12T16:30:00.000Z'],
    ['12 grudnia 17:30', '2026-12-12T16:30:00.000Z'],
    ['12 grudnia o 17.30', '2026-12-12T16:30:00.000Z'],
    ['2026-12-12 17:30', '2026-12-12T16:30:00.000Z'],
    ['15 stycznia 10:00', '2027-01-15T09:00:00.000Z'],
    ['12.01 10:00', '2027-01-12T09:00:00.000Z'],
    ['tomorrow 6pm', '2026-11-26T17:00:00.000Z'],
    ['tomorrow at 18:00', '2026-11-26T17:00:00.000Z'],
    ['on Saturday at 10', '2026-11-28T09:00:00.000Z'],
    ['12 December 17:30', '2026-12-12T16:30:00.000Z'],
    ['December 12 5:30 pm', '2026-12-12T16:30:00.000Z'],
    ['Dec 12th 5pm', '2026-12-12T16:00:00.000Z'],
    ['завтра 18:00', '2026-11-26T17:00:00.000Z'],
  ])('%s → %s', (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it('summer time: the same wall-clock hour is one hour earlier in UTC', () => {
    expect(iso('2027-07-01 18:00')).toBe('2027-07-01T16:00:00.000Z');
  });

  it('across the March change (clocks jump 02:00 → 03:00 on 2027-03-28)', () => {
    const before = new Date('2027-03-26T12:00:00Z');
    expect(iso('w niedzielę 10:00', before)).toBe('2027-03-28T08:00:00.000Z');
    expect(iso('w sobotę 10:00', before)).toBe('2027-03-27T09:00:00.000Z');
    expect(fromWarsaw(2027, 3, 28, 1, 30).toISOString()).toBe('2027-03-28T00:30:00.000Z');
    expect(fromWarsaw(2027, 3, 28, 3, 30).toISOString()).toBe('2027-03-28T01:30:00.000Z');
  });

  it('across the October change (clocks go back 03:00 → 02:00 on 2026-10-25)', () => {
    const before = new Date('2026-10-23T12:00:00Z');
    expect(iso('w niedzielę 10:00', before)).toBe('2026-10-25T09:00:00.000Z');
    expect(iso('w sobotę 10:00', before)).toBe('2026-10-24T08:00:00.000Z');
  });

  it.each([
    ['wczoraj 18:00', 'unparsed'],
    ['kiedyś', 'unparsed'],
    ['jutro', 'no_time'],
    ['12 grudnia', 'no_time'],
    ['31.02 10:00', 'unparsed'],
    ['2026-11-20 10:00', 'past'],
    ['dziś 08:00', 'past'],
    ['jutro 25:00', 'no_time'],
    ['13.13 10:00', 'unparsed'],
  ])('%s → %s', (text, reason) => {
    expect(iso(text)).toBe(reason);
  });

  it('formats in Warsaw time in each language', () => {
    const d = new Date('2026-11-28T16:00:00Z');
    expect(formatWhen(d, 'pl')).toMatch(/sob.*28\.11.*17:00/);
    expect(formatWhen(d, 'en')).toMatch(/Sat.*28 Nov.*17:00/);
    expect(formatWhen(d, 'uk')).toMatch(/28\.11.*17:00/);
  });
});
