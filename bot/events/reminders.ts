/**
 * Event reminders (default 24 h and 2 h before), sent once per person and reminder even with several processes:
 * each is queued in the notice outbox (unique per event, person and kind) and marked sent only after the send
 * (bot/events/notices.ts), so a failed send or a process dying mid-send is retried, never lost. A person who signs
 * up late gets only the reminder whose window they are in (no "24 h" reminder one hour before).
 */
import type { PrismaClient } from '../../prisma/database.js';
import type { ContactNotifier } from '../../dialogs/events/ports.js';
import { EventNotices, queueNotices } from './notices.js';

const label = (minutes: number) => (minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`);

export class EventReminders {
  private readonly notices: EventNotices;
  constructor(
    private readonly prisma: PrismaClient,
    notifier: ContactNotifier,
    private readonly offsetsMinutes: number[],
    notices?: EventNotices,
  ) {
    this.notices = notices ?? new EventNotices(prisma, notifier);
  }

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
      await queueNotices(
        this.prisma,
        e.id,
        e.signups.map((s) => s.contactId),
        kind,
      );
      sent += await this.notices.sendDue(e.id, kind, now);
    }
    return sent;
  }
}
