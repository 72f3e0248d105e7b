/**
 * Reminder offsets as the configuration gives them (EVENT_REMINDERS). Its own module: bot/config.ts needs only this,
 * and every command that reads the configuration (npm run backup, admin, restore…) would otherwise load the events'
 * notices and through them the dialog SDK (about half a second of a command's start).
 */

/** "24h,2h,30m" → minutes, largest first. */
export function parseOffsets(spec: string): number[] {
  const out = spec.split(',').map((s) => {
    const m = /^\s*(\d+)\s*(h|m|d)\s*$/i.exec(s);
    if (!m) throw new Error(`bad reminder offset "${s}" (use e.g. 24h, 2h, 30m)`);
    return Number(m[1]) * { m: 1, h: 60, d: 1440 }[m[2]!.toLowerCase() as 'm' | 'h' | 'd'];
  });
  return [...new Set(out)].sort((a, b) => b - a);
}
