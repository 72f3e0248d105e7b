/**
 * Event reminders (default 24 h and 2 h before), sent once per person and reminder even with several processes:
 * the EventNotice row is written before sending (unique per event, person and kind) and removed again if the
 * send fails, so the next tick retries. A person who signs up late gets only the reminder whose window they
 * are in (no "24 h" reminder one hour before).
 */
import type { PrismaClient } from '../../prisma/database.js';
import type { ContactNotifier } from '../../dialogs/events/ports.js';
import { reminderText } from '../../dialogs/events/events-dialog.js';

/** "24h,2h,30m" → minutes, largest first. */
export function parseOffsets(spec: string): number[] {
  const out = spec.split(',').map((s) => {
    const m = /^\s*(\d+)\s*(h|m|d)\s*$/i.exec(s);
    if (!m) throw new Error(`bad reminder offset "${s}" (use e.g. 24h, 2h, 30m)`);
    return Number(m[1]) * ({ m: 1, h: 60, d: 1440 }[m[2]!.toLowerCase() as 'm' | 'h' | 'd']);
  });
  return [...new Set(out)].sort((a, b) => b - a);
}

const label = (minutes: number) => (minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`);

export class EventReminders {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly notifier: ContactNotifier,
    private readonly offsetsMinutes: number[],
  ) {}

  /** Sends what is due at `now`; returns how many reminders went out. */
  async tick(now: Date): Promise<number> {
    if (this.offsetsMinutes.length === 0) return 0;
    const horizon = new Date(now.getTime() + this.offsetsMinutes[0]! * 60_000);
    const events = await this.prisma.event.findMany({
      where: { status: 'SCHEDULED', startsAt: { gt: now, lte: horizon } },
      include: { signups: { where: { status: 'CONFIRMED' }, select: { contactId: true } } },
    });
    const ascending = [...this.offsetsMinutes].sort((a, b) => a - b);
    let sent = 0;
    for (const e of events) {
      const minutesLeft = (e.startsAt.getTime() - now.getTime()) / 60_000;
      const window = ascending.find((o) => minutesLeft <= o)!;
      const kind = `reminder:${label(window)}`;
      for (const s of e.signups) {
        const claimed = await this.prisma.eventNotice.createMany({ data: [{ eventId: e.id, contactId: s.contactId, kind }], skipDuplicates: true });
        if (claimed.count === 0) continue;
        const ok = await this.notifier.notify(s.contactId, (locale) => [{ kind: 'text', text: reminderText(e, locale) }]);
        if (ok) sent++;
        else await this.prisma.eventNotice.deleteMany({ where: { eventId: e.id, contactId: s.contactId, kind } });
      }
    }
    return sent;
  }
}
