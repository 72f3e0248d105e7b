/** When a repeating broadcast runs next, in Europe/Warsaw wall-clock time (correct across DST changes). */
import { fromWarsaw, warsawParts } from '../../dialogs/events/when.js';

export interface Repeat {
  recurrence: 'NONE' | 'DAILY' | 'WEEKLY' | 'MONTHLY';
  /** ISO weekdays for WEEKLY. */
  days: number[];
  /** "HH:MM" local time. */
  time: string;
  /** Day of month for MONTHLY (from the first run). */
  dayOfMonth?: number;
}

/** The first run strictly after `after`. */
export function nextOccurrence(r: Repeat, after: Date): Date | undefined {
  if (r.recurrence === 'NONE') return undefined;
  const [hh, mm] = r.time.split(':').map(Number) as [number, number];
  const p = warsawParts(after);
  for (let i = 0; i < 400; i++) {
    const day = new Date(Date.UTC(p.year, p.month - 1, p.day + i));
    const y = day.getUTCFullYear();
    const m = day.getUTCMonth() + 1;
    const d = day.getUTCDate();
    const wd = ((day.getUTCDay() + 6) % 7) + 1;
    if (r.recurrence === 'WEEKLY' && !r.days.includes(wd)) continue;
    if (r.recurrence === 'MONTHLY' && d !== Math.min(r.dayOfMonth ?? 1, new Date(Date.UTC(y, m, 0)).getUTCDate())) continue;
    const at = fromWarsaw(y, m, d, hh, mm);
    if (at.getTime() > after.getTime()) return at;
  }
  return undefined;
}

/** Is this instant inside the quiet hours [start, end) in Warsaw? Returns when they end, or undefined. */
export function quietUntil(now: Date, quiet: { start: string; end: string }): Date | undefined {
  const p = warsawParts(now);
  const minutes = p.hour * 60 + p.minute;
  const [sh, sm] = quiet.start.split(':').map(Number) as [number, number];
  const [eh, em] = quiet.end.split(':').map(Number) as [number, number];
  const start = sh * 60 + sm;
  const end = eh * 60 + em;
  const inside = start <= end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
  if (!inside) return undefined;
  const endsTomorrow = start > end && minutes >= start;
  const day = new Date(Date.UTC(p.year, p.month - 1, p.day + (endsTomorrow ? 1 : 0)));
  return fromWarsaw(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), eh, em);
}
